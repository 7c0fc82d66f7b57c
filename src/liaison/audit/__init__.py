"""Audit trail: `append` in the caller's transaction, `verify` the chain."""

from liaison.audit.service import SYSTEM, Actor, append, verify

__all__ = ["SYSTEM", "Actor", "append", "verify"]

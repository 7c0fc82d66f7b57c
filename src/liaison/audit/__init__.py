"""Audit trail: `append` (or `append_many`) in the caller's transaction, `verify` the chain."""

from liaison.audit.service import SYSTEM, Actor, append, append_many, verify

__all__ = ["SYSTEM", "Actor", "append", "append_many", "verify"]

"""Liaison: federated platform for cross-border cybercrime cooperation."""

__version__ = "0.1.0"

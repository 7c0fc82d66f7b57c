"""The domain's exception tree; the API and CLI render these, services never speak HTTP.

    LiaisonError
    ├── NotFound        the thing does not exist, or the caller may not know it does
    ├── NotPermitted    the caller may see the thing but not do this to it
    ├── NotAuthenticated no valid credentials
    ├── Invalid         bad input; carries field-level details
    ├── Conflict        the request clashes with current state (duplicate, wrong status)
    └── TooManyAttempts refused for now (login throttling); carries when to try again
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FieldError:
    field: str
    message: str


class LiaisonError(Exception):
    code = "error"

    def __init__(self, message: str, details: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(LiaisonError):
    code = "not_found"


class NotPermitted(LiaisonError):
    code = "not_permitted"


class NotAuthenticated(LiaisonError):
    code = "not_authenticated"


class Invalid(LiaisonError):
    code = "invalid"

    @classmethod
    def field(cls, field: str, message: str) -> Invalid:
        return cls(f"{field}: {message}", [FieldError(field, message)])


class Conflict(LiaisonError):
    code = "conflict"


class TooManyAttempts(LiaisonError):
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # whole seconds until an attempt may succeed

"""Shared Pydantic building blocks and the one translation of validation errors to `Invalid`."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationError,
    field_validator,
)

from liaison.errors import FieldError, Invalid

M = TypeVar("M", bound=BaseModel)


def _country(code: str) -> str:
    code = code.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


CountryCode = Annotated[str, AfterValidator(_country)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class Input(BaseModel):
    """Inputs reject unknown fields so a typo is an error, not silently ignored, and text
    holding NUL characters, which no text column stores (PostgreSQL refuses them)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _without_nul(cls, value: Any) -> Any:
        # (runs for every field of every input: kept to type checks and `in`)
        if type(value) is str:
            if "\x00" in value:
                raise ValueError("must not contain NUL characters")
        elif type(value) is list and any(type(v) is str and "\x00" in v for v in value):
            raise ValueError("must not contain NUL characters")
        return value


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def field_errors(exc: ValidationError) -> list[FieldError]:
    details = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p not in ("body",)) or "body"
        msg = err["msg"].removeprefix("Value error, ")
        details.append(FieldError(loc, msg))
    return details


def parse(model: type[M], data: Any) -> M:
    """Validate plain data (CLI, seed) into an input model, raising `Invalid` with fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = field_errors(exc)
        raise Invalid("; ".join(f"{d.field}: {d.message}" for d in details), details) from None


def _tlp(value: object) -> str:
    from liaison.vocab import TLP

    if isinstance(value, int) and not isinstance(value, bool):
        return TLP(value).slug
    if not isinstance(value, str):
        raise ValueError("TLP must be a string such as 'amber' or 'TLP:AMBER+STRICT'")
    return TLP.parse(value).slug


TLPName = Annotated[str, AfterValidator(_tlp)]
"""A TLP 2.0 marking in its wire form: clear, green, amber, amber+strict, red."""

"""The evaluation request and answer: points travel as one base64 string (n x 32 bytes)."""

from __future__ import annotations

import base64
import binascii

from pydantic import Field, field_validator

from liaison.schemas import Input, Output


class EvaluateIn(Input):
    blinded: str = Field(description="Blinded points r*H(x), 32 bytes each, concatenated, "
                         "base64 (standard alphabet, padded).")

    @field_validator("blinded")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not base64") from None
        return value

    def points(self) -> bytes:
        return base64.b64decode(self.blinded)


class EvaluateOut(Output):
    epoch: int = Field(description="The partner's key epoch; compare with the token set's.")
    count: int
    evaluated: str = Field(description="k*B_i for each blinded point, in order, base64.")
    remaining_today: int = Field(description="Values the partner will still evaluate today.")

"""Who learns what of a deconfliction hit: the owner everything about the match, the seeker
only whom to contact, and nothing at all when the owner marked the record covert."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, and_

from liaison.hits.models import Hit

Side = Literal["holder", "seeker"]


def seeker_is_told(record_disclosable: bool) -> bool:
    """A covert record (not disclosable) tells the seeker nothing; its owner is told anyway."""
    return record_disclosable


def hits_visible(agency_id: str, side: Side) -> ColumnElement[bool]:
    """holder: every hit on the agency's records, covert ones included; seeker: the hits the
    agency was told of."""
    if side == "holder":
        return Hit.holder_id == agency_id
    return and_(Hit.seeker_id == agency_id, Hit.disclosed.is_(True))


def reveals_record(side: Side) -> bool:
    """Only the owner learns which record matched."""
    return side == "holder"

"""When an agreement is in force: active status and inside its validity window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from liaison.agreements.models import Agreement
from liaison.clock import as_utc
from liaison.vocab import AgreementStatus


def in_force(agreement: Agreement, now: datetime) -> bool:
    """Suspended or expired agreements grant nothing, whatever their window says."""
    if agreement.status != AgreementStatus.ACTIVE:
        return False
    if agreement.valid_from is not None and as_utc(agreement.valid_from) > now:
        return False
    return agreement.valid_until is None or now < as_utc(agreement.valid_until)


def in_force_clause(now: datetime | ColumnElement[datetime]) -> ColumnElement[bool]:
    return and_(
        Agreement.status == AgreementStatus.ACTIVE.value,
        or_(Agreement.valid_from.is_(None), Agreement.valid_from <= now),
        or_(Agreement.valid_until.is_(None), Agreement.valid_until > now),
    )

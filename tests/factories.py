"""Small explicit builders for tests: every object goes through its service, as users' would."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from liaison.accounts import service as accounts
from liaison.accounts.principal import Principal
from liaison.accounts.schemas import UserCreate
from liaison.agencies import service as agencies
from liaison.agencies.schemas import AgencyCreate
from liaison.agreements import service as agreements
from liaison.agreements.schemas import AgreementCreate
from liaison.intel import service as intel
from liaison.intel.schemas import RecordCreate
from liaison.models import Agency, Agreement, Record, User

PASSWORD = "correct-horse-battery"


def agency(session: Session, short: str, country: str = "DE", kind: str = "police",
           now: datetime | None = None) -> Agency:
    return agencies.create_agency(session, AgencyCreate(
        name=f"{short} Cyber Unit", short_name=short, country=country, kind=kind,
        timezone="Europe/Berlin"), now or _now())


def user(session: Session, at: Agency, username: str, roles: list[str] | None = None,
         node_admin: bool = False, now: datetime | None = None) -> User:
    return accounts.create_user(session, UserCreate.model_validate({
        "agency_id": at.id, "username": username, "display_name": username.title(),
        "password": PASSWORD, "roles": roles or ["analyst"], "node_admin": node_admin}),
        now or _now())


def agreement(session: Session, members: list[Agency], name: str = "DE-FR MoU",
              now: datetime | None = None, **scope: Any) -> Agreement:
    data = {
        "name": name, "kind": "bilateral" if len(members) == 2 else "multilateral",
        "legal_basis": "Memorandum of understanding on police cooperation",
        "legal_reference": "ETS 185 Art. 26", "member_ids": [m.id for m in members],
        "categories": ["technical_indicators"], "purposes": ["investigation"],
        "max_tlp": "amber", "retention_days": 365,
    }
    data.update(scope)
    return agreements.create_agreement(session, AgreementCreate.model_validate(data),
                                       now or _now())


def record(session: Session, author: User, now: datetime | None = None,
           **fields: Any) -> Record:
    data = {
        "title": "Phishing kit targeting bank customers", "summary": "Kit hosted on bulletproof",
        "offences": ["computer_related_fraud"], "tlp": "amber", "distribution": "partners",
        "categories": ["technical_indicators"], "purpose": "investigation",
        "observables": [{"type": "domain", "value": "login-secure-bank.example.net"}],
    }
    data.update(fields)
    return intel.create_record(session, RecordCreate.model_validate(data), now or _now(),
                               Principal.of(author))


def _now() -> datetime:
    from datetime import UTC

    return datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

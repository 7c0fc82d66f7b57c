"""What console pages show, composed only from service calls (which ask the policy).

Nothing here reads a table or decides visibility; it adds up what the services return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from liaison.accounts import service as accounts
from liaison.accounts.principal import Principal
from liaison.agencies import service as agencies
from liaison.agencies.schemas import AgencyRead
from liaison.agreements import service as agreements
from liaison.agreements.schemas import AgreementRead
from liaison.correlation import service as correlation
from liaison.errors import NotFound
from liaison.intel import service as intel
from liaison.intel.schemas import RecordQuery, RecordSummary
from liaison.vocab import TLP, AgreementStatus

LATEST = 10
_BATCH = 500


@dataclass(frozen=True)
class Dashboard:
    visible: int
    owned: int
    by_tlp: list[tuple[TLP, int]]
    in_force: list[AgreementRead]
    partners: list[AgencyRead]
    latest: list[RecordSummary]


def agreements_in_force(session: Session, by: Principal, now: datetime) -> list[AgreementRead]:
    """The viewer's own agreements that are in force now (also for node administrators)."""
    found: list[AgreementRead] = []
    offset = 0
    while True:
        rows, total = agreements.list_agreements(
            session, by, status=AgreementStatus.ACTIVE.value, member_id=by.agency_id,
            limit=_BATCH, offset=offset)
        found += [a for a in (agreements.read_model(r, now) for r in rows) if a.in_force]
        offset += len(rows)
        if not rows or offset >= total:
            return found


def dashboard(session: Session, by: Principal, now: datetime) -> Dashboard:
    in_force = agreements_in_force(session, by, now)
    partners = {m.id: m for a in in_force for m in a.members if m.id != by.agency_id}
    latest, visible = intel.search_records(session, RecordQuery(), now, by, limit=LATEST)
    return Dashboard(
        visible=visible,
        owned=intel.count_records(session, RecordQuery(own=True), now, by),
        by_tlp=[(level, intel.count_records(session, RecordQuery(tlp=level.slug), now, by))
                for level in TLP],
        in_force=in_force,
        partners=sorted(partners.values(), key=lambda m: (m.country, m.name)),
        latest=[intel.summary_model(r) for r in latest],
    )


def directory(session: Session) -> list[AgencyRead]:
    """Every agency on the node, for the owner filter (the directory is open to all users)."""
    rows, _ = agencies.list_agencies(session, limit=10_000)
    return [AgencyRead.model_validate(a) for a in rows]


def visible_agreement(session: Session, agreement_id: str | None, by: Principal,
                      now: datetime) -> AgreementRead | None:
    """The agreement if the policy lets the viewer see it, else None (no link, no name)."""
    if agreement_id is None:
        return None
    try:
        return agreements.read_model(agreements.get_agreement(session, agreement_id, by), now)
    except NotFound:
        return None


def author_name(session: Session, author_id: str | None, by: Principal) -> str | None:
    """The author's name when the accounts service lets the viewer look them up.

    Users are visible only within their own agency, so a partner's author stays unnamed.
    """
    if author_id is None:
        return None
    try:
        return accounts.get_user(session, author_id, by).display_name
    except NotFound:
        return None


@dataclass(frozen=True)
class Correlation:
    """What the record page says of one observable: who else holds it, or why no one does."""

    records: list[RecordSummary]
    over_correlating: bool
    limit: int
    listed: list[tuple[str, str, str, str]]  # (key value, via, list title, entry)


def correlations(session: Session, record_id: str, by: Principal,
                 now: datetime) -> dict[tuple[str, str], Correlation]:
    out = {}
    for observable, found in correlation.related(session, by.agency_id, now, record_id):
        out[(observable.type, observable.value)] = Correlation(
            records=[intel.summary_model(r) for r in found.records],
            over_correlating=found.over_correlating,
            limit=correlation.DEFAULT_LIMIT,
            listed=[(k.value, k.via, x.title, x.entry)
                    for k, listings in found.warninglisted for x in listings])
    return out

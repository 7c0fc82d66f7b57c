"""Seed the demo federation through the services, so every object is validated and audited.

The seed replays the federation's history against the clock `now`: agencies, users and
agreements are set up about 18 months back, then the records are written oldest first by
their authors (the BR-US agreement is suspended by the Brazilian admin at its point in that
timeline), so creation times and the audit trail read in order.

Idempotency: every seeded object has a stable natural key, and an object whose key exists is
left alone, so a second run creates nothing and changes nothing.

- agencies by short name or name, users by username, agreements by name;
- records by (owner agency, title), read through the policy as each owner lists its own:
  titles come from a fixed random seed and are unique per owner whatever the clock, so a
  record whose title its owner has since edited is seeded afresh;
- a suspension is applied only to an agreement created in the same run.

The caller owns the transaction (`unit_of_work` in the CLI): a failed seed leaves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from liaison.accounts import service as accounts
from liaison.accounts.models import User
from liaison.accounts.principal import Principal
from liaison.accounts.schemas import UserCreate
from liaison.agencies import service as agencies
from liaison.agencies.models import Agency
from liaison.agencies.schemas import AgencyCreate
from liaison.agreements import service as agreements
from liaison.agreements.models import Agreement
from liaison.agreements.schemas import AgreementCreate
from liaison.demo.data import AGENCIES, AGENCY_BY_KEY, DEMO_PASSWORD, AgencySpec, UserSpec
from liaison.demo.data_agreements import AGREEMENTS, AgreementSpec, Suspension
from liaison.demo.records import RecordPlan, plan_records
from liaison.intel import service as intel
from liaison.intel.schemas import RecordCreate, RecordQuery
from liaison.schemas import parse
from liaison.vocab import AgreementStatus

HISTORY = timedelta(days=550)  # set-up happens this long before `now`, before any record
OPERATOR = ("hub", "admin")  # the node administrator who registers agencies and agreements


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    agency: str
    agency_kind: str
    roles: tuple[str, ...]
    node_admin: bool = False


@dataclass
class Tally:
    created: int = 0
    existing: int = 0

    def count(self, created: bool) -> None:
        if created:
            self.created += 1
        else:
            self.existing += 1


@dataclass
class SeedReport:
    agencies: Tally = field(default_factory=Tally)
    users: Tally = field(default_factory=Tally)
    agreements: Tally = field(default_factory=Tally)
    records: Tally = field(default_factory=Tally)
    logins: list[Login] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(t.created for t in (self.agencies, self.users, self.agreements, self.records))


def login(agency: AgencySpec, user: UserSpec) -> Login:
    return Login(agency.username(user.handle), DEMO_PASSWORD, agency.name, agency.kind.value,
                 tuple(r.value for r in user.roles), user.node_admin)


def featured_logins() -> list[Login]:
    """One login per role and per kind of agency: what `liaison demo seed` prints."""
    return [login(a, u) for a in AGENCIES for u in a.users if u.featured]


def all_logins() -> list[Login]:
    return [login(a, u) for a in AGENCIES for u in a.users]


class _Clock:
    """Strictly increasing set-up times, so the audit trail reads in order."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def tick(self) -> datetime:
        self.at += timedelta(seconds=37)
        return self.at


def seed(session: Session, now: datetime) -> SeedReport:
    """Create whatever part of the demo federation is missing (flushes; the caller commits)."""
    report = SeedReport(logins=featured_logins())
    clock = _Clock(now - HISTORY)
    hub = AGENCY_BY_KEY[OPERATOR[0]]
    ids = {hub.key: _agency(session, hub, clock, None, report)}
    operator_user = _user(session, hub, _spec(hub, OPERATOR[1]), ids[hub.key], clock, None,
                          report)
    operator = Principal.of(operator_user) if operator_user.is_node_admin else None
    for spec in AGENCIES:
        if spec.key not in ids:
            ids[spec.key] = _agency(session, spec, clock, operator, report)
    users = {operator_user.username: operator_user}
    for spec in AGENCIES:
        for user_spec in spec.users:
            username = spec.username(user_spec.handle)
            if username not in users:
                users[username] = _user(session, spec, user_spec, ids[spec.key], clock, operator,
                                        report)
    created: dict[str, Agreement] = {}
    agreement_ids: dict[str, str] = {}
    for agreement_spec in AGREEMENTS:
        agreement, is_new = _agreement(session, agreement_spec, ids, now, clock, operator)
        report.agreements.count(is_new)
        agreement_ids[agreement_spec.key] = agreement.id
        if is_new:
            created[agreement_spec.key] = agreement
    _records(session, now, ids, users, agreement_ids, created, report)
    return report


def _spec(agency: AgencySpec, handle: str) -> UserSpec:
    return next(u for u in agency.users if u.handle == handle)


def _agency(session: Session, spec: AgencySpec, clock: _Clock, by: Principal | None,
            report: SeedReport) -> str:
    found = session.scalars(select(Agency).where(
        or_(Agency.short_name == spec.short_name, Agency.name == spec.name))).first()
    report.agencies.count(found is None)
    if found is not None:
        return found.id
    data = parse(AgencyCreate, {"name": spec.name, "short_name": spec.short_name,
                                "country": spec.country, "kind": spec.kind,
                                "timezone": spec.timezone, "contact_point": spec.contact_point})
    return agencies.create_agency(session, data, clock.tick(), by).id


def _user(session: Session, agency: AgencySpec, spec: UserSpec, agency_id: str, clock: _Clock,
          by: Principal | None, report: SeedReport) -> User:
    username = agency.username(spec.handle)
    found = session.scalars(select(User).where(User.username == username)).first()
    report.users.count(found is None)
    if found is not None:
        return found
    data = parse(UserCreate, {
        "agency_id": agency_id, "username": username, "display_name": spec.display_name,
        "email": f"{username}@{agency.domain}", "password": DEMO_PASSWORD,
        "roles": list(spec.roles), "node_admin": spec.node_admin})
    return accounts.create_user(session, data, clock.tick(), by)


def _agreement(session: Session, spec: AgreementSpec, ids: dict[str, str], now: datetime,
               clock: _Clock, by: Principal | None) -> tuple[Agreement, bool]:
    found = session.scalars(select(Agreement).where(Agreement.name == spec.name)).first()
    if found is not None:
        return found, False

    def day(offset: int | None) -> datetime | None:
        if offset is None:
            return None
        return (now + timedelta(days=offset)).replace(hour=0, minute=0, second=0, microsecond=0)

    data = parse(AgreementCreate, {
        "name": spec.name, "kind": spec.kind, "legal_basis": spec.legal_basis,
        "legal_reference": spec.legal_reference, "valid_from": day(spec.valid_from_days),
        "valid_until": day(spec.valid_until_days), "member_ids": [ids[k] for k in spec.members],
        "categories": sorted(spec.categories), "purposes": sorted(spec.purposes),
        "max_tlp": spec.max_tlp.slug, "onward_transfer": spec.onward_transfer,
        "retention_days": spec.retention_days})
    return agreements.create_agreement(session, data, clock.tick(), by), True


def _records(session: Session, now: datetime, ids: dict[str, str], users: dict[str, User],
             agreement_ids: dict[str, str], new_agreements: dict[str, Agreement],
             report: SeedReport) -> None:
    existing = _existing_titles(session, now, ids, users)
    suspensions = sorted(
        ((now - timedelta(days=s.suspension.days_ago), new_agreements[s.key], s.suspension)
         for s in AGREEMENTS if s.suspension and s.key in new_agreements), key=lambda i: i[0])
    principals: dict[str, Principal] = {}
    for plan in plan_records():
        created_at = now - plan.age
        while suspensions and suspensions[0][0] <= created_at:
            _suspend(session, *suspensions.pop(0), users)
        if (ids[plan.owner], plan.title) in existing:
            report.records.count(False)
            continue
        if plan.author not in principals:
            principals[plan.author] = Principal.of(users[plan.author])
        data = parse(RecordCreate, _payload(plan, created_at, ids, agreement_ids))
        intel.create_record(session, data, created_at, principals[plan.author])
        report.records.count(True)
    for item in suspensions:
        _suspend(session, *item, users)


def _existing_titles(session: Session, now: datetime, ids: dict[str, str],
                     users: dict[str, User]) -> set[tuple[str, str]]:
    """(owner id, title) of the records each demo agency holds, read as that agency sees them."""
    found: set[tuple[str, str]] = set()
    for spec in AGENCIES:
        viewer = Principal.of(users[spec.username(spec.users[0].handle)])
        rows, _ = intel.search_records(session, RecordQuery(own=True), now, viewer, limit=100_000)
        found.update((ids[spec.key], r.title) for r in rows)
    return found


def _suspend(session: Session, at: datetime, agreement: Agreement, suspension: Suspension,
             users: dict[str, User]) -> None:
    agreements.set_status(session, agreement, AgreementStatus.SUSPENDED, suspension.reason, at,
                          Principal.of(users[suspension.by]))


def _payload(plan: RecordPlan, created_at: datetime, ids: dict[str, str],
             agreement_ids: dict[str, str]) -> dict[str, object]:
    return {
        "title": plan.title, "summary": plan.summary, "offences": list(plan.offences),
        "tlp": plan.tlp.slug, "handling_codes": list(plan.handling_codes),
        "handling_note": plan.handling_note, "source_reliability": plan.reliability,
        "information_credibility": plan.credibility, "distribution": plan.distribution,
        "recipient_ids": [ids[k] for k in plan.recipients],
        "distribution_agreement_id": agreement_ids[plan.agreement] if plan.agreement else None,
        "categories": list(plan.categories), "purpose": plan.purpose,
        "expires_at": created_at + plan.expires_after if plan.expires_after else None,
        "observables": [{"type": t, "value": v, "comment": c} for t, v, c in plan.observables],
    }

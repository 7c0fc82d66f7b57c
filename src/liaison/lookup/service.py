"""The partner's side of a private lookup: evaluate blinded points, serve the token set.

Both answer an asking agency's user only while an agreement in force binds the two agencies
(`policy.lookups.may_lookup`). Both are audited on both sides with counts alone: the asker's
entry under its user, the partner's under the partner agency (its supervisors read it). What
arrives here is blinded, so nothing written on this side could hold an asked value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from liaison import audit
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.agencies.models import Agency
from liaison.audit.service import Actor
from liaison.db import transaction
from liaison.errors import Invalid, NotFound, NotPermitted
from liaison.lookup import index, keys, oprf, quota
from liaison.lookup.models import LookupBacklog
from liaison.policy import lookups

MAX_POINTS = 20_000
"""Points per evaluation request: 640 KB raw, 853 KB in base64, well inside the body limit."""


@dataclass(frozen=True)
class Evaluation:
    epoch: int
    points: bytes  # k * B_i, in the order asked
    remaining_today: int


@dataclass(frozen=True)
class TokenSet:
    epoch: int
    tokens: bytes  # sorted, concatenated, `token_bytes` each
    token_bytes: int = oprf.TOKEN_BYTES

    @property
    def count(self) -> int:
        return len(self.tokens) // self.token_bytes


def partner_for(session: Session, by: Principal, partner_id: str, now: datetime) -> Agency:
    """The partner agency, if the caller may run a private lookup against it."""
    by.require(Permission.LOOKUP_RUN)
    partner = session.get(Agency, partner_id)
    if partner is None:
        raise NotFound("No such agency.")
    if not lookups.may_lookup(session.connection(), by.agency_id, partner.id, now):
        raise NotPermitted(f"No agreement in force between your agency and {partner.name} "
                           "allows a private lookup.")
    return partner


def evaluate(session: Session, by: Principal, partner_id: str, blinded: bytes, now: datetime,
             *, max_per_day: int) -> Evaluation:
    partner = partner_for(session, by, partner_id, now)
    count, rest = divmod(len(blinded), oprf.POINT_BYTES)
    if rest or not 1 <= count <= MAX_POINTS:
        raise Invalid.field("blinded", f"send 1 to {MAX_POINTS} points of {oprf.POINT_BYTES} "
                            "bytes each")
    conn = session.connection()
    remaining = quota.spend(conn, partner.id, by.agency_id, count, now, max_per_day)
    # no lock: one row read is consistent, and the asker compares epochs with the token set
    key = keys.current(conn, partner.id)
    try:
        points = oprf.evaluate(key.scalar, blinded)
    except oprf.BadPoint:
        raise Invalid.field("blinded", "not a sequence of valid group elements") from None
    audit.append(session, by.actor, "lookup.evaluate", "agency", partner.id, now,
                 values=count, epoch=key.epoch)
    audit.append(session, Actor(agency_id=partner.id), "lookup.answered", "agency",
                 by.agency_id, now, values=count, epoch=key.epoch)
    return Evaluation(key.epoch, points, remaining)


def token_set(session: Session, by: Principal, partner_id: str, now: datetime) -> TokenSet:
    partner = partner_for(session, by, partner_id, now)
    epoch, tokens = index.token_set(session.connection(), partner.id)
    served = TokenSet(epoch, tokens)
    audit.append(session, Actor(agency_id=partner.id), "lookup.tokens_served", "agency",
                 by.agency_id, now, tokens=served.count, epoch=epoch)
    return served


def rotate_key(session: Session, agency: Agency, now: datetime) -> tuple[int, int]:
    """A fresh key and every token re-encoded under it: answers computed under the old key
    stop matching, and tokens an asker kept tell nothing about the store from now on.
    Returns (new epoch, values re-encoded)."""
    conn = session.connection()
    key = keys.replace(conn, agency.id)
    values = index.rebuild(conn, agency.id, key)
    audit.append(session, Actor(agency_id=agency.id), "lookup.key_rotated", "agency",
                 agency.id, now, epoch=key.epoch, values=values)
    return key.epoch, values


def encode_backlog(factory: sessionmaker[Session], *, rows_per_step: int = 20) -> int:
    """Encode every value bulk imports left in the backlog, committing every few backlog
    rows, so a token request never has to (the server runs this in the background)."""
    encoded = 0
    while True:
        with transaction(factory) as session:
            conn = session.connection()
            done = index.catch_up(conn, max_rows=rows_per_step)
            pending = conn.execute(select(LookupBacklog.id).limit(1)).first() is not None
        encoded += done
        if not pending:
            return encoded

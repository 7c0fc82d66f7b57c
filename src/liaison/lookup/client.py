"""The asking side of a private lookup: blind, have the partner evaluate, unblind, compare.

`ask` runs the protocol against any `Partner`: `LocalPartner` calls the partner's service
functions on this node, `RestPartner` the same steps over its REST API (another node, or
this one). The asked values and their tokens never leave this side; the partner receives only
blinded points, and the comparison with its token set happens here.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from liaison import audit, warninglists
from liaison.accounts.permissions import Permission
from liaison.accounts.principal import Principal
from liaison.errors import (
    Conflict,
    FieldError,
    Invalid,
    LiaisonError,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    TooManyAttempts,
)
from liaison.lookup import oprf, service
from liaison.lookup.service import Evaluation, TokenSet
from liaison.observables import normalise_batch

Pair = tuple[str, str]


class Partner(Protocol):
    def evaluate(self, blinded: bytes) -> Evaluation: ...

    def tokens(self) -> TokenSet: ...


@dataclass(frozen=True)
class Outcome:
    """What the asker learns: which of its values the partner holds, and how many it holds."""

    asked: int
    hits: list[Pair]
    partner_values: int
    epoch: int
    bytes_sent: int
    bytes_received: int
    # values not asked because they must not correlate, with the lists holding each
    warninglisted: list[tuple[Pair, tuple[str, ...]]] = field(default_factory=list)


def _not_to_ask(values: Sequence[Pair]) -> list[tuple[Pair, tuple[str, ...]]]:
    """Values on this node's warninglists: a partner holding a public resolver or an empty
    file's hash is no lead, and asking would spend the allowance on noise."""
    listed = warninglists.current()
    return [((type_, value), tuple(found.name for found in listed.check(type_, value)))
            for type_, value in values if listed.is_listed(type_, value)]


def ask(partner: Partner, pairs: Iterable[Pair], batch: int = service.MAX_POINTS) -> Outcome:
    values = list(dict.fromkeys(pairs))  # asking twice would only spend the allowance
    if not values:
        raise Invalid.field("values", "nothing to look up")
    skipped = _not_to_ask(values)
    if skipped:
        left_out = {pair for pair, _ in skipped}
        values = [pair for pair in values if pair not in left_out]
        if not values:
            names = sorted({name for _, lists in skipped for name in lists})
            raise Invalid.field("values", "every value is on a warninglist, so none was "
                                f"asked ({', '.join(names)})")
    mine: list[bytes] = []
    epochs: set[int] = set()
    sent = received = 0
    for start in range(0, len(values), batch):
        blinded = oprf.blind(values[start:start + batch])
        answer = partner.evaluate(blinded.message)
        mine += blinded.unblind(answer.points)
        epochs.add(answer.epoch)
        sent, received = sent + len(blinded.message), received + len(answer.points)
    held = partner.tokens()
    received += len(held.tokens)
    if epochs != {held.epoch}:
        raise Conflict("The partner rotated its key during the lookup; run it again.")
    width = held.token_bytes
    theirs = {held.tokens[i:i + width] for i in range(0, len(held.tokens), width)}
    hits = [pair for pair, token in zip(values, mine, strict=True) if token[:width] in theirs]
    return Outcome(len(values), hits, held.count, held.epoch, sent, received, skipped)


@dataclass
class LocalPartner:
    """A partner agency on this node, asked through its service functions in `session`."""

    session: Session
    by: Principal
    partner_id: str
    now: datetime
    max_per_day: int

    def evaluate(self, blinded: bytes) -> Evaluation:
        return service.evaluate(self.session, self.by, self.partner_id, blinded, self.now,
                                max_per_day=self.max_per_day)

    def tokens(self) -> TokenSet:
        return service.token_set(self.session, self.by, self.partner_id, self.now)


class Response(Protocol):
    status_code: int
    content: bytes
    headers: Mapping[str, str]

    def json(self) -> Any: ...


class Http(Protocol):
    """What `RestPartner` needs of an HTTP client (httpx-style, or the test client)."""

    def post(self, url: str, *, json: Any, headers: Mapping[str, str]) -> Response: ...

    def get(self, url: str, *, headers: Mapping[str, str]) -> Response: ...


ERRORS: dict[str, type[LiaisonError]] = {
    "not_found": NotFound, "not_permitted": NotPermitted, "invalid": Invalid,
    "conflict": Conflict, "not_authenticated": NotAuthenticated,
}


def _raise_for(response: Response) -> None:
    if response.status_code < 400:
        return
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        raise LiaisonError(f"The partner answered HTTP {response.status_code}.") from None
    message = str(error.get("message", ""))
    if error.get("code") == "too_many_requests":
        raise TooManyAttempts(message, int(response.headers.get("retry-after", "60")))
    details = [FieldError(d["field"], d["message"]) for d in error.get("details", [])]
    raise ERRORS.get(error.get("code"), LiaisonError)(message, details)


@dataclass
class RestPartner:
    """A partner agency behind a Liaison REST API, with the asker's API token."""

    http: Http
    partner_id: str
    token: str
    base: str = "/api/v1"

    @property
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def evaluate(self, blinded: bytes) -> Evaluation:
        response = self.http.post(
            f"{self.base}/lookups/{self.partner_id}/evaluate", headers=self._headers,
            json={"blinded": base64.b64encode(blinded).decode()})
        _raise_for(response)
        body = response.json()
        return Evaluation(int(body["epoch"]), base64.b64decode(body["evaluated"]),
                          int(body["remaining_today"]))

    def tokens(self) -> TokenSet:
        response = self.http.get(f"{self.base}/lookups/{self.partner_id}/tokens",
                                 headers=self._headers)
        _raise_for(response)
        return TokenSet(int(response.headers["liaison-key-epoch"]), response.content,
                        int(response.headers["liaison-token-bytes"]))


def parse_values(lines: Iterable[str]) -> list[Pair]:
    """`type value` per line (blank lines and # comments skipped), each normalised; every
    bad line is reported at once and none is looked up."""
    items: list[tuple[str, str]] = []
    numbers: list[int] = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        kind, _, value = text.replace("\t", " ").partition(" ")
        items.append((kind, value.strip()))
        numbers.append(number)
    result = normalise_batch(items)
    if not result.ok:
        details = [FieldError(f"line {numbers[p.index]}", f"{p.type}: {p.reason}")
                   for p in result.problems]
        raise Invalid(f"{len(details)} of {len(items)} values are not valid", details)
    return [(o.type.value, o.value) for o in result.good]


def run_lookup(session: Session, by: Principal, partner_id: str, pairs: Sequence[Pair],
               now: datetime, *, max_per_day: int) -> Outcome:
    """A lookup by a user of one agency against another agency on this node; audited on the
    asker's side with counts (the partner's side audits itself in `service`)."""
    by.require(Permission.LOOKUP_RUN)
    partner = service.partner_for(session, by, partner_id, now)
    outcome = ask(LocalPartner(session, by, partner.id, now, max_per_day), pairs)
    audit.append(session, by.actor, "lookup.run", "agency", partner.id, now,
                 values=outcome.asked, hits=len(outcome.hits), epoch=outcome.epoch,
                 warninglisted=len(outcome.warninglisted))
    return outcome

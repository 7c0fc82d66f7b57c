"""A lookup between two agencies on one node: who may run it, how often, and what each side
writes down (counts, never values)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from liaison.accounts.principal import Principal
from liaison.audit.models import AuditEntry
from liaison.errors import Invalid, NotFound, NotPermitted, TooManyAttempts
from liaison.lookup import client, oprf, service
from liaison.vocab import AgreementStatus
from tests import factories as f

from .conftest import observables
from .helpers import sha256s, traces

HELD = [("ipv4", "91.219.236.7"), ("domain", "c2.bad-actor.org"),
        ("email", "boss@bad-actor.org")] + sha256s(20)
ASKED = [("ipv4", "91.219.236.7"), ("domain", "c2.bad-actor.org"), ("ipv4", "45.142.212.9")] \
    + sha256s(10, start=15)


def run(session, three, now, pairs=ASKED, user=None, max_per_day=1000):
    by = Principal.of(user or three.de_analyst)
    return client.run_lookup(session, by, three.fr.id, pairs, now, max_per_day=max_per_day)


def test_the_asker_learns_which_of_its_values_the_partner_holds(session, three, now):
    f.record(session, three.fr_analyst, observables=observables(HELD[:12]))
    f.record(session, three.fr_analyst, observables=observables(HELD[12:]))
    f.record(session, three.de_analyst, observables=observables(ASKED))  # its own: irrelevant
    outcome = run(session, three, now)
    assert set(outcome.hits) == set(ASKED) & set(HELD)
    assert len(outcome.hits) == 7
    assert outcome.partner_values == len(HELD)
    assert outcome.bytes_sent == len(ASKED) * 32
    assert outcome.bytes_received == len(ASKED) * 32 + len(HELD) * oprf.TOKEN_BYTES


def test_records_the_partner_cannot_share_still_answer(session, three, now):
    """Hit/no-hit says only "we hold it": a record kept to its owner answers too."""
    f.record(session, three.fr_analyst, tlp="amber+strict", distribution="owner",
             observables=observables(HELD[:1]))
    assert run(session, three, now).hits == HELD[:1]


def test_audit_entries_on_both_sides_hold_counts_only(session, three, now):
    f.record(session, three.fr_analyst, observables=observables(HELD))
    before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    run(session, three, now)
    entries = list(session.scalars(select(AuditEntry).where(AuditEntry.seq > before)))
    by_side = {(e.actor_agency_id, e.action) for e in entries}
    assert by_side == {(three.de.id, "lookup.evaluate"), (three.de.id, "lookup.run"),
                       (three.fr.id, "lookup.answered"), (three.fr.id, "lookup.tokens_served")}
    answered = next(e for e in entries if e.action == "lookup.answered")
    assert answered.actor_user_id is None and answered.object_id == three.de.id
    assert '"values":13' in answered.details
    written = " ".join(f"{e.details} {e.object_id} {e.object_type}" for e in entries)
    for _, value in ASKED:
        assert value not in written
        assert hashlib.sha256(value.encode()).hexdigest() not in written
    for trace in traces(ASKED):
        assert trace.hex() not in written


def test_no_agreement_no_lookup(session, three, now):
    with pytest.raises(NotPermitted):
        client.run_lookup(session, Principal.of(three.br_analyst), three.fr.id, ASKED, now,
                          max_per_day=1000)
    with pytest.raises(NotPermitted):
        service.token_set(session, Principal.of(three.br_analyst), three.fr.id, now)
    with pytest.raises(NotPermitted):
        service.evaluate(session, Principal.of(three.fr_analyst), three.br.id, b"\x00" * 32,
                         now, max_per_day=1000)


def test_an_agreement_not_in_force_allows_no_lookup(session, three, now):
    three.pact.status = AgreementStatus.SUSPENDED.value
    session.flush()
    with pytest.raises(NotPermitted):
        run(session, three, now)
    three.pact.status = AgreementStatus.ACTIVE.value
    three.pact.valid_until = now - timedelta(days=1)
    session.flush()
    with pytest.raises(NotPermitted):
        run(session, three, now)


def test_an_agency_does_not_look_itself_up(session, three, now):
    with pytest.raises(NotPermitted):
        client.run_lookup(session, Principal.of(three.de_analyst), three.de.id, ASKED, now,
                          max_per_day=1000)


def test_unknown_partner(session, three, now):
    with pytest.raises(NotFound):
        client.run_lookup(session, Principal.of(three.de_analyst), "nope", ASKED, now,
                          max_per_day=1000)


def test_roles_without_the_permission_are_refused(session, three, now):
    admin = f.user(session, three.de, "de.admin", ["admin"])
    with pytest.raises(NotPermitted):
        run(session, three, now, user=admin)


def test_evaluations_are_limited_per_asker_and_day(session, three, now):
    run(session, three, now, pairs=sha256s(6), max_per_day=10)
    with pytest.raises(TooManyAttempts) as refused:
        run(session, three, now, pairs=sha256s(5, start=100), max_per_day=10)
    assert "4 remain" in refused.value.message
    midnight = now.replace(hour=0, minute=0, second=0) + timedelta(days=1)
    assert refused.value.retry_after == int((midnight - now).total_seconds())
    run(session, three, now, pairs=sha256s(4, start=100), max_per_day=10)  # exactly the rest
    with pytest.raises(TooManyAttempts):
        run(session, three, now, pairs=sha256s(1, start=200), max_per_day=10)
    # another asker has its own allowance; tomorrow starts afresh
    other = f.agency(session, "NL-HTC", "NL")
    f.agreement(session, [other, three.fr], name="NL-FR MoU")
    f.user(session, other, "nl.analyst")
    nl = Principal.of(f.user(session, other, "nl.analyst2"))
    client.run_lookup(session, nl, three.fr.id, sha256s(10), now, max_per_day=10)
    run(session, three, now + timedelta(days=1), pairs=sha256s(10), max_per_day=10)


def test_malformed_evaluation_requests_are_refused(session, three, now):
    by = Principal.of(three.de_analyst)
    for blinded in (b"", b"\x01" * 31, b"\xff" * 32):
        with pytest.raises(Invalid):
            service.evaluate(session, by, three.fr.id, blinded, now, max_per_day=1000)
    with pytest.raises(Invalid):
        service.evaluate(session, by, three.fr.id, b"\x00" * 32 * (service.MAX_POINTS + 1),
                         now, max_per_day=10**9)


def test_after_rotation_lookups_still_work(session, three, now):
    f.record(session, three.fr_analyst, observables=observables(HELD))
    first = run(session, three, now)
    service.rotate_key(session, three.fr, now)
    second = run(session, three, now)
    assert second.epoch == first.epoch + 1 and second.hits == first.hits


def test_values_file_lines_are_normalised_and_every_bad_line_reported():
    pairs = client.parse_values([
        "# suspects", "ipv4 91.219.236[.]7", "", "domain C2.Bad-Actor[.]org",
        "file_name  invoice 2026.pdf.exe", "url\thxxps://bad-actor[.]org/x",
    ])
    assert pairs[:2] == [("ipv4", "91.219.236.7"), ("domain", "c2.bad-actor.org")]
    assert pairs[2] == ("file_name", "invoice 2026.pdf.exe")
    assert pairs[3][0] == "url"
    with pytest.raises(Invalid) as bad:
        client.parse_values(["ipv4 300.1.1.1", "ipv4 91.219.236.7", "colour blue"])
    assert [d.field for d in bad.value.details] == ["line 1", "line 3"]


def test_warninglisted_values_are_not_asked_and_say_why(session, three, now):
    """A public resolver or a documentation address links nothing anywhere in Liaison: the
    partner holding it is no lead, so it is left out before blinding (no allowance spent)."""
    noise = [("ipv4", "8.8.8.8"), ("ipv4", "203.0.113.7"), ("domain", "example.com")]
    f.record(session, three.fr_analyst, observables=observables(HELD + noise))
    outcome = run(session, three, now, pairs=ASKED + noise, max_per_day=len(ASKED))
    assert set(outcome.hits) == set(ASKED) & set(HELD)
    assert outcome.asked == len(ASKED) and outcome.bytes_sent == len(ASKED) * 32
    assert [pair for pair, _ in outcome.warninglisted] == noise
    lists = dict(outcome.warninglisted)
    assert "liaison-public-resolvers" in lists[("ipv4", "8.8.8.8")]
    assert "rfc5735" in lists[("ipv4", "203.0.113.7")]
    asked = session.scalars(select(AuditEntry).where(AuditEntry.action == "lookup.run")).all()
    assert json.loads(asked[-1].details)["warninglisted"] == 3


def test_a_lookup_of_warninglisted_values_only_asks_nothing(session, three, now):
    f.record(session, three.fr_analyst, observables=observables(HELD))
    with pytest.raises(Invalid) as refused:
        run(session, three, now, pairs=[("ipv4", "8.8.8.8"), ("ipv4", "10.0.0.1")])
    assert refused.value.details[0].field == "values"
    assert "warninglist" in refused.value.details[0].message
    evaluated = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "lookup.answered")).all()
    assert evaluated == []

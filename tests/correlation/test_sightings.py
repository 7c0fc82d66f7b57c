"""Sightings: reporting one (validated, normalised, audited), and who sees it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.accounts.principal import Principal
from liaison.audit.models import AuditEntry
from liaison.correlation import sightings
from liaison.correlation.schemas import SightingCreate
from liaison.errors import Invalid, NotPermitted
from liaison.models import User
from tests import factories as f


def _data(now: datetime, **fields: object) -> SightingCreate:
    body: dict[str, object] = {
        "type": "domain", "value": "Login.Bank-Verify[.]top",
        "first_seen": now - timedelta(days=2), "last_seen": now - timedelta(hours=1),
        "count": 17, "country": "fr", "source": "Passive DNS of a national ISP",
    }
    body.update(fields)
    return SightingCreate.model_validate(body)


@pytest.fixture
def people(session: Session) -> dict[str, User]:
    de, fr, br = f.agency(session, "DE-CCU"), f.agency(session, "FR-C3N", "FR"), f.agency(
        session, "BR-CYB", "BR")
    f.agreement(session, [de, fr])
    return {
        "de": f.user(session, de, "de.analyst"), "fr": f.user(session, fr, "fr.analyst"),
        "br": f.user(session, br, "br.analyst"),
        "de_admin": f.user(session, de, "de.admin", ["admin"]),
    }


def test_a_report_is_stored_normalised_and_audited(session, people, now):
    by = Principal.of(people["fr"])
    s = sightings.report_sighting(session, _data(now), now, by)
    assert (s.type, s.value, s.count, s.country) == ("domain", "login.bank-verify.top", 17, "FR")
    assert s.agency_id == people["fr"].agency_id and s.reported_by == people["fr"].id
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sighting.report")).one()
    assert entry.object_id == str(s.id) and entry.actor_user_id == people["fr"].id


@pytest.mark.parametrize(("fields", "field"), [
    ({"value": "not a domain!"}, "value"),
    ({"type": "ipv4", "value": "300.1.2.3"}, "value"),
])
def test_bad_values_name_the_field(session, people, now, fields, field):
    with pytest.raises(Invalid) as caught:
        sightings.report_sighting(session, _data(now, **fields), now, Principal.of(people["fr"]))
    assert [d.field for d in caught.value.details] == [field]


def test_times_must_be_ordered_and_past(session, people, now):
    by = Principal.of(people["fr"])
    with pytest.raises(Invalid) as caught:
        sightings.report_sighting(session, _data(now, first_seen=now - timedelta(hours=1),
                                                 last_seen=now - timedelta(days=1)), now, by)
    assert caught.value.details[0].field == "first_seen"
    with pytest.raises(Invalid) as caught:
        sightings.report_sighting(session, _data(now, last_seen=now + timedelta(days=1)), now, by)
    assert caught.value.details[0].field == "last_seen"


@pytest.mark.parametrize(("fields", "field"), [
    ({"country": "XX"}, "country"),
    ({"count": 0}, "count"),
    ({"count": 10**9 + 1}, "count"),
    ({"first_seen": "2026-11-28T10:00:00"}, "first_seen"),  # no time zone
    ({"source": "x" * 2001}, "source"),
])
def test_the_schema_rejects_bad_fields(now, fields, field):
    from liaison.schemas import parse

    body = _data(now).model_dump(mode="json") | fields
    with pytest.raises(Invalid) as caught:
        parse(SightingCreate, body)
    assert [d.field for d in caught.value.details] == [field]


def test_reporting_needs_a_role_that_creates_records(session, people, now):
    with pytest.raises(NotPermitted):
        sightings.report_sighting(session, _data(now), now, Principal.of(people["de_admin"]))


def test_the_reporter_and_the_holders_owner_see_it_a_third_agency_does_not(session, people,
                                                                            now):
    de, fr, br = (Principal.of(people[k]) for k in ("de", "fr", "br"))
    # DE holds a URL on the host (its link implies the domain); FR and BR hold nothing
    held = f.record(session, people["de"], title="Kit page", observables=[
        {"type": "url", "value": "hxxps://login.bank-verify[.]top/kit/index.php"}])
    f.record(session, people["de"], title="Unrelated", observables=[
        {"type": "domain", "value": "other-bank.top"}])
    s = sightings.report_sighting(session, _data(now), now, fr)

    views, total = sightings.sightings_for_value(session, fr, "domain", "login.bank-verify.top")
    assert total == 1 and [v.sighting.id for v in views] == [s.id] and views[0].held_by == []

    views, total = sightings.sightings_for_value(session, de, "domain",
                                                 "LOGIN.bank-verify[.]top")
    assert total == 1 and [r.id for r in views[0].held_by] == [held.id]
    assert views[0].agency.id == fr.agency_id

    inbox, total = sightings.sightings_of_my_records(session, de, 50, 0)
    assert total == 1 and [v.sighting.id for v in inbox] == [s.id]
    assert sightings.sightings_of_my_records(session, fr, 50, 0)[1] == 0  # FR holds nothing

    assert sightings.sightings_for_value(session, br, "domain", "login.bank-verify.top")[1] == 0
    assert sightings.sightings_of_my_records(session, br, 50, 0)[1] == 0


def test_a_value_held_directly_reaches_its_owner_whatever_the_markings(session, people, now):
    de, br = Principal.of(people["de"]), Principal.of(people["br"])
    red = f.record(session, people["br"], title="BR only", tlp="amber+strict", distribution="owner",
                   observables=[{"type": "ipv4", "value": "185.220.101.23"}])
    s = sightings.report_sighting(session, _data(now, type="ipv4", value="185.220.101[.]23"),
                                  now, de)
    inbox, total = sightings.sightings_of_my_records(session, br, 50, 0)
    assert total == 1 and inbox[0].sighting.id == s.id
    assert [r.id for r in inbox[0].held_by] == [red.id]
    # DE reported it, but learns nothing of BR's record
    views, _ = sightings.sightings_for_value(session, de, "ipv4", "185.220.101.23")
    assert views[0].held_by == []


def test_the_inbox_is_newest_first_and_paged(session, people, now):
    de, fr = Principal.of(people["de"]), Principal.of(people["fr"])
    f.record(session, people["de"], observables=[{"type": "domain", "value": "c2.bad-actor.org"}])
    ids = [sightings.report_sighting(session, _data(now, value="c2.bad-actor.org", count=n),
                                     now + timedelta(minutes=n), fr).id for n in (1, 2, 3)]
    first, total = sightings.sightings_of_my_records(session, de, 2, 0)
    rest, _ = sightings.sightings_of_my_records(session, de, 2, 2)
    assert total == 3 and [v.sighting.id for v in first + rest] == ids[::-1]

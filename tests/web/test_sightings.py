"""The console's sightings page: reporting a sighting through the form (CSRF, field messages,
post-redirect-get), and who sees it: the reporter and the owner of a record holding the value,
never a third agency.

In the console world Alice's agency (NL) holds `login-bank-secure.example` on a record shared
with its partners; Bob (DE) reports seeing it, Carol (FR) holds nothing.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from liaison.correlation.models import Sighting
from tests.web.test_views import csrf_of, login
from tests.web.world import World

VALUE = "login-bank-secure.example"
FORM = {"type": "domain", "value": "LOGIN-bank-secure[.]example",
        "first_seen": "2026-11-28T08:00", "last_seen": "2026-11-29T09:30", "count": "3",
        "country": "de", "source": "Mail gateway of a regional bank"}
INPUTS = {"type": "s-type", "value": "s-value", "first_seen": "s-first", "last_seen": "s-last",
          "count": "s-count", "country": "s-country", "source": "s-source"}


def stored(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(Sighting)) or 0)


def report(client: TestClient, **change: str) -> Any:
    return client.post("/sightings", data=FORM | {"csrf_token": csrf_of(client)} | change)


def sections(html: str) -> tuple[str, str]:
    """The page's inbox section and its reported-by-us section."""
    start = html.index('id="inbox-title"')
    split = html.index('id="reported-title"')
    return html[start:split], html[split:]


def switch(client: TestClient, username: str) -> None:
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}).status_code == 303
    assert login(client, username).status_code == 303


def test_the_page_renders_with_a_labelled_form_and_no_scripts(client: TestClient,
                                                               world: World) -> None:
    login(client, "bob")
    response = client.get("/sightings")
    assert response.status_code == 200
    html = response.text
    assert "Report a sighting" in html
    assert '<a href="/sightings" aria-current="page">Sightings</a>' in html
    for name, input_id in INPUTS.items():
        assert f'<label for="{input_id}">' in html, name
        assert re.search(f'id="{input_id}" name="{name}"', html), name
    assert 'type="datetime-local"' in html
    assert "Sightings of values your agency holds" in html
    assert "Sightings your agency reported" in html
    assert "<script" not in html
    assert "script-src" not in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_logged_out_the_page_and_the_form_send_you_to_log_in(
        client: TestClient, world: World, session_factory: sessionmaker[Session]) -> None:
    response = client.get("/sightings")
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/login" and parse_qs(location.query)["next"] == ["/sightings"]

    posted = client.post("/sightings", data=FORM | {"csrf_token": "x"})
    assert posted.status_code == 303 and posted.headers["location"] == "/login"
    assert stored(session_factory) == 0


def test_a_report_reaches_the_holders_inbox_and_the_reporters_list_only(
        client: TestClient, world: World, session_factory: sessionmaker[Session]) -> None:
    login(client, "bob")
    done = report(client)
    assert done.status_code == 303
    assert done.headers["location"] == "/sightings?reported=1"
    assert stored(session_factory) == 1

    page = client.get(done.headers["location"]).text
    assert "Sighting reported" in page
    inbox, reported = sections(page)
    assert VALUE in reported and VALUE not in inbox  # DE holds nothing
    assert "2026-11-28 08:00 UTC" in reported and "2026-11-29 09:30 UTC" in reported
    assert "Mail gateway of a regional bank" in reported
    assert 'title="Germany">DE<' in reported
    assert "/records/" not in reported

    switch(client, "alice")
    page = client.get("/sightings").text
    assert "Sighting reported" not in page
    inbox, reported = sections(page)
    assert VALUE in inbox and VALUE not in reported
    assert "Hessen Cyber Investigations Office" in inbox
    assert f'<a href="/records/{world.shared}">Phishing kit targeting Dutch and German banks</a>' \
        in inbox
    assert world.private not in page
    assert "2026-11-28 08:00 UTC" in inbox and "Mail gateway of a regional bank" in inbox
    assert '<td class="num">3</td>' in inbox

    switch(client, "carol")
    page = client.get("/sightings").text
    assert VALUE not in page and "Hessen Cyber Investigations Office" not in page
    assert "/records/" not in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"type": "pigeon"}, "type", "Input should be"),
    ({"value": "not a domain!"}, "value", "Value:"),
    ({"type": "ipv4", "value": "300.1.2.3"}, "value", "Value:"),
    ({"first_seen": "2026-11-29T10:00", "last_seen": "2026-11-29T09:00"}, "first_seen",
     "must not be after last_seen"),
    ({"last_seen": "2026-11-30T09:00"}, "last_seen", "must not be in the future"),
    ({"first_seen": "yesterday"}, "first_seen", "First seen:"),
    ({"first_seen": ""}, "first_seen", "Field required"),
    ({"count": "0"}, "count", "greater than or equal to 1"),
    ({"count": "many"}, "count", "Times seen:"),
    ({"country": "XX"}, "country", "is not an ISO 3166-1 alpha-2 country code"),
    ({"source": "x" * 2001}, "source", "Source:"),
])
def test_bad_input_gives_the_form_back_with_the_message_at_the_field(
        client: TestClient, world: World, session_factory: sessionmaker[Session],
        change: dict[str, str], field: str, message: str) -> None:
    login(client, "bob")
    response = report(client, **change)
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    html = response.text
    assert "The sighting was not reported" in html
    assert message in html
    assert re.search(f'id="{INPUTS[field]}" name="{field}"[^>]*aria-invalid="true" '
                     f'aria-describedby="e-{field}"', html), "the field is marked invalid"
    assert f'<p class="field-error" id="e-{field}">' in html
    assert html.count('aria-invalid="true"') == 1, "only the offending field is marked"
    # what was typed is kept
    typed = FORM | change
    if field != "source":
        assert f'value="{typed["value"]}"' in html
        assert f'value="{typed["first_seen"]}"' in html
    assert f'<option value="domain"{" selected" if typed["type"] == "domain" else ""}>' in html
    assert stored(session_factory) == 0


def test_a_report_without_the_sessions_token_is_refused(
        client: TestClient, world: World, session_factory: sessionmaker[Session]) -> None:
    login(client, "bob")
    for token in ({}, {"csrf_token": "forged"}):
        data = FORM | token
        response = client.post("/sightings", data=data)
        assert response.status_code == 403
        assert "security token" in response.text and "nothing was reported" in response.text
        assert 'value="LOGIN-bank-secure[.]example"' in response.text
    assert stored(session_factory) == 0
    assert client.get("/sightings").status_code == 200, "the session is left alone"

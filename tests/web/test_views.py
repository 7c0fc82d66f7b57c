"""The console over HTTP: sign-in, redirects, CSRF, what each agency sees, and bad filters."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.api.context import AppContext
from liaison.app import create_app
from liaison.audit import service as audit
from liaison.audit.models import AuditEntry
from liaison.config import Settings
from liaison.ids import new_id
from tests.web.world import PASSWORD, World

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def login(client: TestClient, username: str, password: str = PASSWORD,
          next: str = "/") -> Any:
    form = client.get("/login", params={"next": next})
    token = CSRF.search(form.text)
    assert token, "the login form carries a CSRF token"
    return client.post("/login", data={"username": username, "password": password,
                                       "next": next, "csrf_token": token.group(1)})


def csrf_of(client: TestClient) -> str:
    found = CSRF.search(client.get("/").text)
    assert found
    return found.group(1)


# --- signing in and out -------------------------------------------------------------------


def test_login_sets_a_strict_httponly_session_cookie_and_goes_home(
        client: TestClient, world: World) -> None:
    response = login(client, "bob")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = next(c for c in response.headers.get_list("set-cookie")
                  if c.startswith("liaison_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Secure" not in cookie

    home = client.get("/")
    assert home.status_code == 200
    assert "Bob Becker" in home.text
    assert "Hessen Cyber Investigations Office" in home.text
    assert "Log out" in home.text


def test_session_cookie_is_secure_when_configured(
        database_url: str, session_factory: sessionmaker[Session], now: datetime,
        world: World) -> None:
    settings = Settings(database_url=database_url, secure_cookies=True)
    app = create_app(AppContext(settings, session_factory, clock=lambda: now))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = login(client, "bob")
    cookie = next(c for c in response.headers.get_list("set-cookie")
                  if c.startswith("liaison_session="))
    assert "Secure" in cookie


@pytest.mark.parametrize("username,password", [("bob", "wrong password!"),
                                               ("nobody", PASSWORD)])
def test_failed_login_rerenders_with_401_the_same_message_and_is_audited(
        client: TestClient, world: World, session_factory: sessionmaker[Session],
        username: str, password: str) -> None:
    response = login(client, username, password)
    assert response.status_code == 401
    assert "Unknown user name or wrong password." in response.text
    assert f'value="{username}"' in response.text  # the name is kept, the password is not
    assert password not in response.text
    assert not any(c.startswith("liaison_session=")
                   for c in response.headers.get_list("set-cookie"))
    assert client.get("/").status_code == 303
    with session_factory() as session:
        failed, _ = audit.entries(session, AuditEntry.action == "login.failed")
    assert len(failed) == 1


def test_login_without_the_form_token_is_refused(client: TestClient, world: World) -> None:
    response = client.post("/login", data={"username": "bob", "password": PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.text
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("path", ["/", "/records", "/records?tlp=amber&q=kit",
                                  "/records/some-id", "/agreements", "/agreements/some-id"])
def test_pages_redirect_to_login_with_next_when_logged_out(client: TestClient,
                                                            path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/login"
    expected = [path] if path != "/" else None
    assert parse_qs(location.query).get("next") == expected


def test_login_returns_to_the_page_asked_for(client: TestClient, world: World) -> None:
    first = client.get("/records?tlp=amber")
    next_path = parse_qs(urlsplit(first.headers["location"]).query)["next"][0]
    response = login(client, "bob", next=next_path)
    assert response.headers["location"] == "/records?tlp=amber"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/",
                                    "/\\evil.example", "javascript:alert(1)", "records"])
def test_login_never_redirects_off_site(client: TestClient, world: World,
                                        target: str) -> None:
    response = login(client, "bob", next=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_logout_needs_the_sessions_csrf_token(client: TestClient, world: World) -> None:
    login(client, "bob")
    token = csrf_of(client)

    for data in ({}, {"csrf_token": "forged"}):
        refused = client.post("/logout", data=data)
        assert refused.status_code == 403
        assert "Logout refused" in refused.text
        assert client.get("/").status_code == 200, "a refused logout leaves the session alone"

    cookie = client.cookies.get("liaison_session")
    done = client.post("/logout", data={"csrf_token": token})
    assert done.status_code == 303
    assert done.headers["location"] == "/login?logged_out=1"
    assert client.get("/").status_code == 303

    # the old cookie is revoked on the server, not merely deleted in the browser
    client.cookies.set("liaison_session", cookie or "")
    assert client.get("/records").status_code == 303


def test_login_page_when_signed_in_goes_home(client: TestClient, world: World) -> None:
    login(client, "bob")
    response = client.get("/login", params={"next": "/agreements"})
    assert response.status_code == 303
    assert response.headers["location"] == "/agreements"


def test_unknown_session_cookie_is_cleared_on_redirect(client: TestClient,
                                                       world: World) -> None:
    client.cookies.set("liaison_session", "made-up")
    response = client.get("/records")
    assert response.status_code == 303
    assert any(c.startswith('liaison_session=""') or "Max-Age=0" in c
               for c in response.headers.get_list("set-cookie"))


def test_logout_when_logged_out_redirects_to_login(client: TestClient) -> None:
    response = client.post("/logout", data={"csrf_token": "x"})
    assert response.status_code == 303
    assert response.headers["location"] == "/login", "a post is not a page to return to"


# --- what each agency sees ---------------------------------------------------------------


def test_dashboard_counts_what_the_agency_may_see(client: TestClient, world: World) -> None:
    login(client, "bob")
    page = client.get("/").text
    assert "Hessen Cyber Investigations Office" in page and "Germany" in page

    def stat(label: str) -> str:
        found = re.search(r'stat-value">(\d+)</span><span class="stat-label">' + label, page)
        assert found, label
        return found.group(1)

    assert stat("records visible") == "1"
    assert stat("records your agency owns") == "0"
    assert stat("agreements in force") == "1"
    assert stat("partner agencies") == "1"
    assert "Phishing kit targeting Dutch and German banks" in page
    assert "Internal lead" not in page


def test_records_list_shows_only_visible_records(client: TestClient, world: World) -> None:
    login(client, "bob")
    page = client.get("/records").text
    assert "Phishing kit targeting Dutch and German banks" in page
    assert "Internal lead" not in page
    assert 'class="tlp tlp-amber">TLP:AMBER<' in page
    assert "Polder Digital Crime Unit" in page
    assert "Computer related fraud" in page


def test_records_filters_narrow_the_list(client: TestClient, world: World) -> None:
    login(client, "alice")
    assert "Internal lead" in client.get("/records").text
    by_ip = client.get("/records", params={"observable_type": "ipv4",
                                           "observable_value": "203.0.113.7"}).text
    assert "Phishing kit" in by_ip and "Internal lead" not in by_ip
    by_offence = client.get("/records", params={"offence": "data_interference"}).text
    assert "Internal lead" in by_offence and "Phishing kit" not in by_offence
    none = client.get("/records", params={"tlp": "red"}).text
    assert "No visible record matches these filters." in none


def test_record_page_shows_markings_and_why_it_is_visible(client: TestClient,
                                                          world: World) -> None:
    login(client, "bob")
    response = client.get(f"/records/{world.shared}")
    assert response.status_code == 200
    page = response.text
    for expected in ("Why you can see this", "Shared under NL-DE Cybercrime Cooperation",
                     f'href="/agreements/{world.agreement}"', "TLP:AMBER",
                     "No onward transfer without the owner", "Usually reliable",
                     "Probably true", "Technical indicators", "Investigation",
                     "All the owner&#39;s partners", "ETS 185 Art. 8", "ETS 185 Art. 2",
                     "login-bank-secure.example", "203.0.113.7", "C2 server", "2027-05-28"):
        assert expected in page, expected
    assert "&lt;b&gt;not&lt;/b&gt; markup" in page, "stored text is escaped"
    assert "<b>not</b>" not in page
    # documentation addresses and names never correlate, and the page says why
    assert "Does not correlate: on the warninglist" in page


def test_reading_a_partners_amber_record_in_the_console_is_audited(
        client: TestClient, world: World, session_factory: sessionmaker[Session]) -> None:
    login(client, "bob")
    assert client.get(f"/records/{world.shared}").status_code == 200
    with session_factory() as session:
        reads, _ = audit.entries(session, AuditEntry.action == "record.read")
    assert [r.object_id for r in reads] == [world.shared]


def test_hidden_record_404_is_identical_to_a_missing_one(client: TestClient,
                                                         world: World) -> None:
    login(client, "bob")
    hidden = client.get(f"/records/{world.private}")
    missing = client.get(f"/records/{new_id()}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text == missing.text
    assert "Internal lead" not in hidden.text


def test_agency_without_agreement_sees_nothing_shared(client: TestClient,
                                                      world: World) -> None:
    login(client, "carol")
    shared = client.get(f"/records/{world.shared}")
    missing = client.get(f"/records/{new_id()}")
    assert shared.status_code == 404
    assert shared.text == missing.text
    assert "Phishing kit" not in client.get("/records").text
    assert client.get(f"/agreements/{world.agreement}").status_code == 404
    assert "NL-DE Cybercrime Cooperation" not in client.get("/agreements").text


def test_agreement_pages(client: TestClient, world: World) -> None:
    login(client, "bob")
    listing = client.get("/agreements").text
    assert "NL-DE Cybercrime Cooperation" in listing and "Bilateral" in listing
    detail = client.get(f"/agreements/{world.agreement}").text
    for expected in ("NL-DE/2024/17", "Treaty between the Kingdom", "In force",
                     "730 days", "Not allowed", "TLP:AMBER+STRICT", "Case information",
                     "Polder Digital Crime Unit", "Netherlands", "(your agency)"):
        assert expected in detail, expected


def test_agreements_not_in_force_say_so_and_why(client: TestClient, world: World) -> None:
    login(client, "alice")
    listing = client.get("/agreements").text
    assert "3 agreements" in listing
    row = listing[listing.index("NL-DE Pilot 2025"):]
    row = row[:row.index("</tr>")]
    assert "Active" in row and "Not in force" in row
    assert "Suspended" in listing

    lapsed = client.get(f"/agreements/{world.lapsed}").text
    assert "its validity ended on 2026-10-25" in lapsed
    suspended = client.get(f"/agreements/{world.suspended}").text
    assert "Data-protection review pending" in suspended
    assert "grants no access" in suspended

    only_suspended = client.get("/agreements", params={"status": "suspended"}).text
    assert "NL-FR Botnet Taskforce" in only_suspended and "NL-DE Pilot" not in only_suspended

    home = client.get("/").text
    assert re.search(r'stat-value">1</span><span class="stat-label">agreements in force', home)


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("query,message", [
    ({"tlp": "purple"}, "unknown TLP"),
    ({"offence": "arson"}, "Offence"),
    ({"observable_type": "ipv4", "observable_value": "not-an-ip"}, "Observable value"),
    ({"observable_type": "pigeon"}, "Observable type"),
    ({"own": "perhaps"}, "Own records only"),
    ({"page": "0"}, "must be a whole number"),
    ({"page": "abc"}, "must be a whole number"),
    ({"q": "x" * 201}, "Search text"),
])
def test_bad_filters_give_a_page_with_a_message(client: TestClient, world: World,
                                                query: dict[str, str], message: str) -> None:
    login(client, "bob")
    response = client.get("/records", params=query)
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    assert "Some filters are not valid" in response.text
    assert message in response.text
    assert 'aria-invalid="true"' in response.text or "page" in query


def test_bad_agreement_status_gives_a_message(client: TestClient, world: World) -> None:
    login(client, "bob")
    response = client.get("/agreements", params={"status": "dormant"})
    assert response.status_code == 422
    assert "must be one of active, suspended, expired" in response.text


def test_pages_are_not_cached_and_forbid_framing_and_scripts(client: TestClient,
                                                             world: World) -> None:
    login(client, "bob")
    response = client.get("/records")
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in response.text


def test_static_assets_are_served_locally(client: TestClient) -> None:
    css = client.get("/static/console.css")
    assert css.status_code == 200
    assert "#FF2B2B".lower() in css.text.lower()
    assert "http" not in css.text  # no external fonts or images


# --- addresses nothing serves ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/no-such-page", "/records/x/y", "/static/missing.css"])
def test_unknown_console_addresses_get_a_console_page(client: TestClient, world: World,
                                                      path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "<title>Not found · Liaison</title>" in response.text
    assert "/static/console.css" in response.text
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "Log out" not in response.text
    login(client, "bob")
    signed_in = client.get(path)
    assert signed_in.status_code == 404
    assert "Bob Becker" in signed_in.text and "Log out" in signed_in.text


def test_a_wrong_method_on_a_console_address_gets_a_page(client: TestClient) -> None:
    response = client.post("/records")
    assert response.status_code == 405
    assert "text/html" in response.headers["content-type"]
    assert response.headers["allow"] == "GET"
    assert "Method Not Allowed" in response.text


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api", "/taxii2/", "/healthz/x"])
def test_unknown_api_addresses_keep_the_json_error_body(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not Found",
                                         "details": []}}

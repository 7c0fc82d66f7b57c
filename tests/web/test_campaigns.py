"""The console's campaign pages: what each agency sees of a campaign, the link graph's data,
and nothing of the records it may not see (titles, ids, markings, values only they hold).

The federation is the campaigns tests' (DE and FR share, BR shares with neither), plus a
TLP:RED BR record in alpha and a DE record whose title tries to end the graph's JSON element.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.campaigns.graph import campaign_id
from tests import factories as f
from tests.api.conftest import World, world  # noqa: F401  (the campaigns tests' agencies)
from tests.campaigns.world import SECRET_MD5, Ids, obs, seed
from tests.web.test_browser import CHROMIUM, base_url, browser  # noqa: F401

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
GRAPH = re.compile(r'<script type="application/json" id="campaign-graph">(.*?)</script>', re.S)
TRICKY = 'DE alpha </script><script>alert("x")</script> & co'
VENDOR = "src/liaison/web/static/vendor/cytoscape.min.js"


def login(client: TestClient, username: str) -> None:
    form = client.get("/login")
    token = CSRF.search(form.text)
    assert token
    done = client.post("/login", data={"username": username, "password": f.PASSWORD,
                                       "next": "/", "csrf_token": token.group(1)})
    assert done.status_code == 303, done.text


def graph_of(html: str) -> dict[str, Any]:
    found = GRAPH.findall(html)
    assert len(found) == 1, "one JSON element for the graph"
    data: dict[str, Any] = json.loads(found[0])
    return data


@pytest.fixture
def ids(session_factory: sessionmaker[Session], world: World) -> dict[str, str]:  # noqa: F811
    seeded: Ids = seed(session_factory, world, noisy=False)
    with session_factory() as s:
        de, br = s.merge(world.de_analyst), s.merge(world.br_analyst)
        extra = {
            "br_red": f.record(s, br, title="BR red-line informant report", tlp="red",
                               distribution="agencies", recipient_ids=[world.de.id],
                               observables=[obs("domain", "alpha-panel.top")]).id,
            "de_tricky": f.record(s, de, title=TRICKY,
                                  observables=[obs("domain", "alpha-panel.top")]).id,
        }
        s.commit()
    found = {**vars(seeded), **extra}
    found["alpha"] = campaign_id(min(found[k] for k in (
        "de_alpha", "fr_alpha", "br_alpha", "br_red", "de_tricky")))
    found["beta"] = campaign_id(min(seeded.de_beta, seeded.fr_beta, seeded.br_beta))
    found["gamma"] = campaign_id(min(seeded.de_lone, seeded.br_covert, seeded.br_only_a,
                                     seeded.br_only_b))
    return found


SECRETS = ("BR secret alpha", "BR red-line", "BR covert op", "BR only", "br-internal.xyz",
           "covert-gamma", SECRET_MD5, "45.155.205.0/24", "TLP:RED", "tlp-red")


def assert_no_secrets(html: str, ids: dict[str, str]) -> None:
    for secret in (*SECRETS, ids["br_alpha"], ids["br_red"], ids["br_beta"], ids["br_covert"],
                   ids["gamma"]):
        assert secret not in html, secret


def test_list_shows_each_campaign_with_counts_and_holders(client: TestClient,
                                                          ids: dict[str, str]) -> None:
    login(client, "de.analyst")
    response = client.get("/campaigns")
    assert response.status_code == 200
    html = response.text
    assert '<a href="/campaigns" aria-current="page">Campaigns</a>' in html
    assert "2 campaigns" in html
    assert html.index(ids["alpha"]) < html.index(ids["beta"])  # largest first
    assert f'href="/campaigns/{ids["alpha"]}"' in html
    assert f'href="/campaigns/{ids["beta"]}"' in html
    rows = re.findall(r'<tr>\s*<td class="nowrap"><a href="/campaigns/[^"]+">.*?</tr>',
                      html, re.S)
    cells = [re.findall(r'<td class="num">(\d+)</td>', row) for row in rows]
    assert cells == [["5", "3", "2", "1"], ["3", "2", "1", "1"]]  # size, seen, hidden, values
    assert html.count("BR-CYB Cyber Unit") == 2
    assert_no_secrets(html, ids)
    assert "<script" not in html
    assert "script-src" not in response.headers["content-security-policy"]


def test_campaign_page_shows_visible_records_values_holders_and_countries(
        client: TestClient, ids: dict[str, str]) -> None:
    login(client, "de.analyst")
    response = client.get(f"/campaigns/{ids['alpha']}")
    assert response.status_code == 200
    html = response.text
    for record in ("de_alpha", "fr_alpha", "de_tricky"):
        assert f'href="/records/{ids[record]}"' in html
    assert "DE alpha panel" in html and "FR alpha kit" in html
    assert "alpha-panel.top" in html
    assert "<strong>BR-CYB Cyber Unit</strong> (BR) holds matching information" in html
    countries = re.search(r'id="countries-title".*?</table>', html, re.S)
    assert countries is not None
    rows = re.findall(r"<td>(\w[\w ]*?) <abbr[^>]*>(\w\w)</abbr></td>\s*"
                      r'<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>',
                      countries.group(0))
    assert [(code, int(seen), int(hidden)) for _, code, seen, hidden in rows] == [
        ("BR", 0, 2), ("DE", 2, 0), ("FR", 1, 0)]
    assert [name for name, *_ in rows] == ["Brazil", "Germany", "France"]
    assert_no_secrets(html, ids)
    # the tables are there without JavaScript; the scripts are ours, served from this node
    assert re.findall(r"<script src=\"([^\"?]+)", html) == [
        "/static/vendor/cytoscape.min.js", "/static/campaign-graph.js"]
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe" not in csp and "default-src 'none'" in csp


def test_graph_data_holds_only_visible_records_and_their_values(
        client: TestClient, ids: dict[str, str]) -> None:
    login(client, "de.analyst")
    html = client.get(f"/campaigns/{ids['alpha']}").text
    graph = graph_of(html)
    records = {n["href"]: n for n in graph["nodes"] if n["kind"] == "record"}
    assert set(records) == {f"/records/{ids[k]}" for k in ("de_alpha", "fr_alpha", "de_tricky")}
    assert {n["tlp"] for n in records.values()} == {"amber"}
    values = [n for n in graph["nodes"] if n["kind"] == "value"]
    assert [(v["type"], v["label"], v["also_hidden"]) for v in values] == [
        ("domain", "alpha-panel.top", True)]
    assert len(graph["edges"]) == 3
    assert all(e["target"] == values[0]["id"] for e in graph["edges"])
    assert graph["hidden"] == 2
    # a title cannot end the JSON element early: it stays data, escaped
    assert TRICKY not in html and '<script>alert("x")' not in html
    assert TRICKY in {n["label"] for n in records.values()}
    assert_no_secrets(json.dumps(graph), ids)


def test_each_agency_sees_its_own_part(client: TestClient, ids: dict[str, str]) -> None:
    login(client, "br.analyst")
    html = client.get(f"/campaigns/{ids['alpha']}").text
    graph = graph_of(html)
    assert {n["href"] for n in graph["nodes"] if n["kind"] == "record"} == {
        f"/records/{ids['br_alpha']}", f"/records/{ids['br_red']}"}
    assert "BR red-line informant report" in html and "TLP:RED" in html
    assert "DE alpha panel" not in html and ids["de_alpha"] not in html
    assert "holds matching information" in html
    assert client.get(f"/campaigns/{ids['gamma']}").status_code == 200


@pytest.mark.parametrize("which", ["gamma", "unknown"])
def test_unknown_or_invisible_campaign_is_the_same_404(client: TestClient, ids: dict[str, str],
                                                       which: str) -> None:
    login(client, "de.analyst")
    wanted = ids.get(which, "cmp-0000000000000000")
    response = client.get(f"/campaigns/{wanted}")
    assert response.status_code == 404
    assert "Not found" in response.text
    assert wanted not in response.text and "campaign-graph" not in response.text
    assert_no_secrets(response.text, ids)
    other = client.get("/campaigns/cmp-ffffffffffffffff")
    assert other.text == response.text.replace(wanted, "cmp-ffffffffffffffff")


def test_pages_need_a_login(client: TestClient, ids: dict[str, str]) -> None:
    for address in ("/campaigns", f"/campaigns/{ids['alpha']}"):
        response = client.get(address)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_no_campaigns_says_so(client: TestClient, world: World) -> None:  # noqa: F811
    login(client, "de.analyst")
    response = client.get("/campaigns")
    assert response.status_code == 200
    assert "0 campaigns" in response.text and "No campaigns" in response.text


def test_graph_script_is_served(client: TestClient) -> None:
    script = client.get("/static/campaign-graph.js")
    assert script.status_code == 200
    assert "campaign-graph" in script.text and "http" not in script.text


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")
def test_graph_draws_in_the_browser(browser: Any, base_url: str,  # noqa: F811
                                    ids: dict[str, str]) -> None:
    from pathlib import Path

    from playwright.sync_api import expect

    if not (Path(__file__).resolve().parents[2] / VENDOR).exists():
        pytest.skip("the graph library is not installed (run `make web-assets`)")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{base_url}/login?next=/campaigns")
    page.get_by_label("User name").fill("de.analyst")
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaigns")
    page.get_by_role("link", name=ids["alpha"]).click()
    canvas = page.locator("#campaign-graph-canvas canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    expect(page.locator(".graph-fallback")).to_be_hidden()
    expect(page.get_by_role("link", name="FR alpha kit").first).to_be_visible()
    from tests.web.test_browser import _shot

    _shot(page, "campaign")
    assert problems == []
    context.close()

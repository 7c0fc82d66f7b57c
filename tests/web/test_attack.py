"""The console's ATT&CK pages."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from liaison.attack import reader, service
from tests.attack.test_attack import ICS
from tests.web.test_views import login
from tests.web.world import World


def test_search_and_a_technique_page(client: TestClient, world: World,
                                     session_factory: sessionmaker[Session], now: datetime):
    with session_factory() as s:
        service.load(s, reader.read(ICS), now, None)
        s.commit()
    login(client, "bob")
    page = client.get("/attack", params={"q": "T0803"})
    assert page.status_code == 200
    assert '<a href="/attack" aria-current="page">ATT&amp;CK</a>' in page.text
    assert '<label for="a-q">' in page.text and '<label for="a-kind">' in page.text
    assert "Block Command Message" in page.text and 'href="/attack/T0803"' in page.text
    technique = client.get("/attack/T0803")
    assert technique.status_code == 200 and "Block Command Message" in technique.text
    assert client.get("/attack/T9999").status_code == 404
    bad = client.get("/attack", params={"kind": "weapon"})
    assert bad.status_code == 422 and "choose one of" in bad.text


def test_without_data_the_page_says_how_to_load_it(client: TestClient, world: World):
    login(client, "bob")
    page = client.get("/attack")
    assert page.status_code == 200 and "liaison attack load" in page.text


def test_a_record_page_links_the_techniques_it_cites(client: TestClient, world: World,
                                                     session_factory: sessionmaker[Session],
                                                     now: datetime):
    from sqlalchemy import select

    from liaison.accounts.models import User
    from tests import factories as f

    with session_factory() as s:
        service.load(s, reader.read(ICS), now, None)
        alice = s.scalars(select(User).where(User.username == "alice")).one()
        record = f.record(s, alice, title="Wiper on an HMI", techniques=["T0803"])
        s.commit()
        record_id = record.id
    login(client, "alice")
    page = client.get(f"/records/{record_id}")
    assert page.status_code == 200
    assert '<a href="/attack/T0803"><code>T0803</code></a>' in page.text

"""Campaigns as connected components, and each viewer's view of them."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from liaison.campaigns import graph, service
from liaison.campaigns.graph import campaign_id, components_of
from liaison.errors import NotFound

from .conftest import World
from .world import LIMIT, NOISY_HASH, seed


def test_union_find_joins_through_shared_values() -> None:
    holders = {("domain", "a"): {"r1", "r2"}, ("domain", "b"): {"r2", "r3"},
               ("ipv4", "c"): {"r4", "r5"}}
    assert sorted(map(sorted, components_of(holders))) == [["r1", "r2", "r3"], ["r4", "r5"]]


def test_components_over_the_world(session_factory: sessionmaker[Session], world: World) -> None:
    ids = seed(session_factory, world)
    with session_factory() as s:
        built = graph.build(s, limit=LIMIT)
        got = sorted(sorted(c.records) for c in built.components)
        holders = {k for c in built.components for k in c.holders}
    assert got == sorted([
        sorted([ids.de_alpha, ids.fr_alpha, ids.br_alpha]),  # joined by the URL's domain
        sorted([ids.de_beta, ids.fr_beta, ids.br_beta]),  # the address, and the network
        sorted([ids.de_lone, ids.br_covert, ids.br_only_a, ids.br_only_b]),
    ])
    # neither the public resolver (warninglisted) nor the hash held by 4 > 3 records links
    assert ("ipv4", "8.8.8.8") not in holders and ("sha256", NOISY_HASH) not in holders
    assert ("cidr", "45.155.205.0/24") in holders and ("domain", "alpha-panel.top") in holders
    # at the default limit the hash is an ordinary shared value, and it joins alpha and beta
    with session_factory() as s:
        merged = graph.build(s)
    assert sorted(len(c.records) for c in merged.components) == [4, 6]


def test_ids_are_stable_and_do_not_name_a_record(session_factory: sessionmaker[Session],
                                                 world: World) -> None:
    ids = seed(session_factory, world)
    with session_factory() as s:
        first = {c.id for c in graph.build(s, limit=LIMIT).components}
        again = {c.id for c in graph.current(s, limit=LIMIT).components}
    assert first == again
    alpha = campaign_id(min(ids.de_alpha, ids.fr_alpha, ids.br_alpha))
    assert alpha in first and all(i.startswith("cmp-") for i in first)
    assert not any(r in alpha for r in (ids.de_alpha, ids.fr_alpha, ids.br_alpha))


def test_viewer_sees_its_records_and_only_counts_the_rest(
        session_factory: sessionmaker[Session], world: World, now: datetime) -> None:
    ids = seed(session_factory, world)
    with session_factory() as s:
        found = service.campaigns_for(s, world.de.id, now, limit=LIMIT)
        assert [(c.visible, c.hidden) for c in found] == [(2, 1), (2, 1)]
        assert all([(h.name, h.country) for h in c.holders] == [("BR-CYB Cyber Unit", "BR")]
                   for c in found)
        alpha = next(c for c in found
                     if c.id == campaign_id(min(ids.de_alpha, ids.fr_alpha, ids.br_alpha)))
        view = service.campaign(s, world.de.id, alpha.id, now, limit=LIMIT)
        assert {r.id for r in view.records} == {ids.de_alpha, ids.fr_alpha}
        assert view.hidden == 1 and view.holders[0].note == "holds matching information"
        shared = {(v.type, v.value): v for v in view.shared}
        # the domain links DE's record, FR's URL (through the host it implies) and BR's
        domain = shared[("domain", "alpha-panel.top")]
        assert set(domain.records) == {ids.de_alpha, ids.fr_alpha} and domain.also_hidden
        assert ("md5",) not in {(t,) for t, _ in shared}  # BR's own value stays BR's
        rows = {r.country: (r.records, r.hidden) for r in view.countries}
        assert rows == {"DE": (1, 0), "FR": (1, 0), "BR": (0, 1)}

        # gamma: the covert record neither counts nor links DE's lone record to anything
        assert not any(ids.de_lone in {r.id for r in service.campaign(
            s, world.de.id, c.id, now, limit=LIMIT).records} for c in found)

        # BR sees its own campaigns, with DE and FR records counted, never shown
        br = service.campaigns_for(s, world.br.id, now, limit=LIMIT)
        assert sorted((c.visible, c.hidden) for c in br) == [(1, 2), (1, 2), (3, 1)]
        gamma = next(c for c in br if c.visible == 3)
        assert [h.country for h in gamma.holders] == ["DE"]


def test_no_visible_record_is_not_found(session_factory: sessionmaker[Session], world: World,
                                        now: datetime) -> None:
    ids = seed(session_factory, world)
    gamma = campaign_id(min(ids.de_lone, ids.br_covert, ids.br_only_a, ids.br_only_b))
    with session_factory() as s:
        assert service.campaign(s, world.br.id, gamma, now, limit=LIMIT).visible == 3
        for wanted in (gamma, "cmp-0000000000000000"):
            with pytest.raises(NotFound):
                service.campaign(s, world.de.id, wanted, now, limit=LIMIT)
        # FR sees gamma's DE record, but DE's lone record links to nothing it may learn of
        with pytest.raises(NotFound):
            service.campaign(s, world.fr.id, gamma, now, limit=LIMIT)


def test_graph_follows_new_observables(session_factory: sessionmaker[Session], world: World,
                                       now: datetime) -> None:
    from tests import factories as f

    seed(session_factory, world)
    with session_factory() as s:
        before = len(service.campaigns_for(s, world.de.id, now, limit=LIMIT))
        f.record(s, s.merge(world.de_analyst), title="new", observables=[
            {"type": "domain", "value": "covert-gamma.xyz"}])
        s.commit()
        after = service.campaigns_for(s, world.de.id, now, limit=LIMIT)
    assert len(after) == before + 1 and after[-1].visible == 2

"""`liaison lookup` end to end, and a database from before the lookup gets its tokens."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests import factories as f

from .conftest import observables


def test_lookup_run_rotate_check(cli, session_factory, tmp_path):
    with session_factory() as s:
        de, fr = f.agency(s, "DE-CCU"), f.agency(s, "FR-C3N", "FR")
        f.user(s, de, "anna")
        f.agreement(s, [de, fr])
        f.record(s, f.user(s, fr, "luc"), observables=observables(
            [("ipv4", "91.219.236.7"), ("domain", "c2.bad-actor.org")]))
        s.commit()
    values = tmp_path / "values.txt"
    values.write_text("# from the seized laptop\nipv4 91.219.236[.]7\ndomain elsewhere.org\n"
                      "ipv4 8.8.8.8\n")
    result = cli("lookup", "run", "--as", "anna", "--partner", "FR-C3N", "--file", str(values),
                 "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["hits"] == [{"type": "ipv4", "value": "91.219.236.7"}]
    assert (out["asked"], out["partner_values"], out["epoch"]) == (2, 2, 1)
    assert out["not_asked_warninglisted"] == [
        {"type": "ipv4", "value": "8.8.8.8", "lists": ["liaison-public-resolvers"]}]

    result = cli("lookup", "run", "--as", "anna", "--partner", "FR-C3N", "--file", str(values))
    assert result.exit_code == 0 and "1 of 2 values held by FR-C3N" in result.output
    assert "1 not asked: on a warninglist" in result.output

    assert cli("lookup", "rotate", "FR-C3N").exit_code == 0
    assert cli("lookup", "check").exit_code == 0
    assert cli("lookup", "refresh").exit_code == 0
    assert json.loads(cli("lookup", "run", "--as", "anna", "--partner", "FR-C3N", "--file",
                          str(values), "--json").output)["epoch"] == 2

    values.write_text("ipv4 91.219.236.300\n")
    result = cli("lookup", "run", "--as", "anna", "--partner", "FR-C3N", "--file", str(values))
    assert result.exit_code == 2 and "line 1" in result.output


def test_upgrading_a_populated_database_backlogs_its_values(tmp_path):
    from liaison import migrate
    from liaison.db import make_engine, make_session_factory
    from liaison.lookup import index, keys, oprf

    url = f"sqlite:///{tmp_path / 'populated.sqlite3'}"
    migrate.upgrade(url, "0004")
    engine = make_engine(url)
    at = "2026-01-01 00:00:00.000000"
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO agencies (id, name, short_name, country, kind, timezone,"
            " is_contact_point, created_at) VALUES ('a', 'a', 'a', 'NL', 'police', 'UTC', 0,"
            " :at)"), {"at": at})
        conn.execute(text(
            "INSERT INTO records (id, owner_id, title, summary, tlp, handling_codes,"
            " source_reliability, information_credibility, distribution, category_mask,"
            " purpose, created_at, updated_at) VALUES ('r', 'a', 'r', '', 1, '[]', 'A', 1,"
            " 'partners', 1, 'investigation', :at, :at)"), {"at": at})
        for value in ("91.219.236.7", "91.219.236.8"):
            conn.execute(text("INSERT INTO observables (record_id, type, value) VALUES"
                              " ('r', 'ipv4', :v)"), {"v": value})
    engine.dispose()

    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            conn = session.connection()
            epoch, blob = index.token_set(conn, "a")
            key = keys.current(conn, "a")
            expected = oprf.prf(key.scalar, [("ipv4", "91.219.236.7"), ("ipv4", "91.219.236.8")])
            assert blob == b"".join(sorted(expected))
            assert index.check(conn) == []
    finally:
        engine.dispose()

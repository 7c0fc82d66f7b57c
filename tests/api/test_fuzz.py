"""No client mistake gets a 500: random bodies and query strings on every writing endpoint."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = [
    "title", "summary", "offences", "tlp", "distribution", "categories", "purpose",
    "recipient_ids", "distribution_agreement_id", "observables", "expires_at", "handling_codes",
    "handling_note", "source_reliability", "information_credibility", "name", "kind",
    "member_ids", "max_tlp", "retention_days", "valid_from", "valid_until", "legal_basis",
    "legal_reference", "purposes", "username", "password", "roles", "agency_id", "days",
    "country", "timezone", "short_name", "reason", "display_name", "email", "active",
]
scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True) | st.text(max_size=40)
           | st.sampled_from(["amber", "red", "clear", "partners", "agencies", "2027-01-01",
                              "2027-01-01T00:00:00Z", "ipv4", "personal_data"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(["type", "value", "comment"]), inner,
                                        max_size=3), max_leaves=8)
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8) | values

WRITES = [("post", "/api/v1/records"), ("patch", "/api/v1/records/{record}"),
          ("post", "/api/v1/agreements"), ("post", "/api/v1/agreements/{pact}/suspend"),
          ("post", "/api/v1/users"), ("post", "/api/v1/agencies"), ("post", "/api/v1/tokens"),
          ("post", "/api/v1/auth/token")]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(target=st.sampled_from(WRITES), body=bodies)
def test_random_bodies_never_500(client, world, target, body):
    method, path = target
    record = client.post("/api/v1/records", json={
        "title": "Fixture record", "offences": ["illegal_access"], "tlp": "green",
        "distribution": "partners", "categories": ["technical_indicators"],
        "purpose": "investigation"}, headers=world.auth("de.analyst")).json()["id"]
    url = path.format(record=record, pact=world.pact.id)
    response = client.request(method, url, content=json.dumps(body, allow_nan=True),
                              headers={**world.auth("hub.admin" if "agenc" in path
                                                    else "de.supervisor"),
                                       "content-type": "application/json"})
    assert response.status_code < 500, (method, url, body, response.text)
    assert "error" in response.json() or response.status_code < 300


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(
    st.sampled_from(["q", "tlp", "offence", "owner_id", "purpose", "observable_type",
                     "observable_value", "created_after", "created_before", "own", "limit",
                     "offset", "country", "kind", "status"]),
    st.text(max_size=30) | st.integers().map(str), max_size=5),
    path=st.sampled_from(["/api/v1/records", "/api/v1/records/count", "/api/v1/records/export",
                          "/api/v1/agencies", "/api/v1/agreements", "/api/v1/audit"]))
def test_random_queries_never_500(client, world, params, path):
    response = client.get(path, params=params, headers=world.auth("de.analyst"))
    assert response.status_code < 500, (path, params, response.text)

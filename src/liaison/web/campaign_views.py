"""The console's campaign pages: records linked through shared values, as the viewer sees
them. Composed from the campaigns service only (it asks the policy what the viewer may see).

A campaign's page draws its link graph with a JavaScript library served from this node
(`/static/vendor/`, built by `make web-assets`); the graph's data is a JSON element the
page's own script reads, and the tables carry everything, so the page works without it.
Records the viewer may not see are never nodes: the graph only counts them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from liaison.api.deps import DB, Now
from liaison.campaigns import service as campaigns
from liaison.intel import service as intel
from liaison.intel.schemas import RecordSummary
from liaison.web.render import page
from liaison.web.route import CSP_WITH_SCRIPTS, ConsoleRoute
from liaison.web.session import SignedIn

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)


def graph_data(records: list[RecordSummary], shared: list[campaigns.SharedValue],
               hidden: int) -> dict[str, Any]:
    """Nodes for the listed records and the values linking them, an edge per record holding
    a value. Values are linked only to listed records (a page lists up to MAX_RECORDS)."""
    listed = {r.id: f"r{n}" for n, r in enumerate(records)}
    nodes: list[dict[str, Any]] = [
        {"id": listed[r.id], "kind": "record", "label": r.title, "tlp": r.tlp,
         "owner": r.owner.country, "href": f"/records/{r.id}"} for r in records]
    edges: list[dict[str, str]] = []
    for n, v in enumerate(shared):
        holders = [listed[r] for r in v.records if r in listed]
        if not holders:
            continue
        node = f"v{n}"
        nodes.append({"id": node, "kind": "value", "label": v.value, "type": v.type,
                      "also_hidden": v.also_hidden})
        edges.extend({"id": f"{holder}-{node}", "source": holder, "target": node}
                     for holder in holders)
    return {"nodes": nodes, "edges": edges, "hidden": hidden}


@router.get("/campaigns")
def campaign_list(request: Request, viewer: SignedIn, session: DB, now: Now) -> Response:
    found = campaigns.campaigns_for(session, viewer.principal.agency_id, now)
    return page(request, "campaigns.html", viewer=viewer, nav="campaigns", campaigns=found)


@router.get("/campaigns/{campaign_id}")
def campaign(campaign_id: str, request: Request, viewer: SignedIn, session: DB,
             now: Now) -> Response:
    """One campaign; one the viewer sees no record of and a missing one both 404."""
    view = campaigns.campaign(session, viewer.principal.agency_id, campaign_id, now)
    records = [intel.summary_model(r) for r in view.records]
    titles = {r.id: r.title for r in records}
    response = page(request, "campaign.html", viewer=viewer, nav="campaigns", campaign=view,
                    records=records, titles=titles,
                    graph=graph_data(records, view.shared, view.hidden))
    response.headers["Content-Security-Policy"] = CSP_WITH_SCRIPTS
    return response

"""The console's hits inbox: matches others made against your records, and the hits your
agency was told of. Composed from the hits service only."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from liaison.api.deps import DB
from liaison.hits import service as hits
from liaison.web.render import page
from liaison.web.route import ConsoleRoute
from liaison.web.session import SignedIn

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
SIDES = {"holder": "Matches against your records", "seeker": "Hits you were told of"}
PAGE = 100


@router.get("/hits")
def hits_inbox(request: Request, viewer: SignedIn, session: DB) -> Response:
    side = request.query_params.get("side", "holder")
    if side not in SIDES:
        return page(request, "hits.html", status=422, viewer=viewer, nav="hits", side="holder",
                    sides=SIDES, rows=[], total=0, names={},
                    error="Choose which hits to show: matches against your records, or hits "
                          "you were told of.")
    rows, total = hits.listed(session, viewer.principal,
                              side="seeker" if side == "seeker" else "holder", limit=PAGE,
                              offset=0)
    names = hits.agencies(session, sorted({r.seeker_id for r in rows}
                                          | {r.holder_id for r in rows}))
    return page(request, "hits.html", viewer=viewer, nav="hits", side=side, sides=SIDES,
                rows=rows, total=total, names=names, error=None)

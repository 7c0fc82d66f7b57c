"""The console's ATT&CK pages: search the node's ATT&CK reference knowledge, read one
technique, piece of software or group. Composed from the attack service only."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from liaison.api.deps import DB
from liaison.attack import service
from liaison.errors import FieldError, NotFound
from liaison.web.forms import Filters
from liaison.web.render import page
from liaison.web.route import ConsoleRoute
from liaison.web.session import SignedIn

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
KINDS = ("technique", "tactic", "software", "group", "campaign", "mitigation")
SHOWN = 100


@router.get("/attack")
def attack_page(request: Request, viewer: SignedIn, session: DB, q: str = "",
                kind: str = "") -> Response:
    form = Filters({"q": q.strip(), "kind": kind.strip()})
    if form.values["kind"] and form.values["kind"] not in KINDS:
        form.errors.append(FieldError("kind", f"choose one of: {', '.join(KINDS)}"))
    if len(form.values["q"]) > 200:
        form.errors.append(FieldError("q", "at most 200 characters"))
    rows, total = ([], 0) if form.errors else service.search(
        session, q=form.values["q"] or None, kind=form.values["kind"] or None, limit=SHOWN)
    return page(request, "attack.html", status=422 if form.errors else 200, viewer=viewer,
                nav="attack", form=form, kinds=KINDS, rows=rows, total=total, shown=SHOWN,
                kind_of=service.KINDS, held=service.count(session))


@router.get("/attack/{attack_id}")
def attack_object_page(request: Request, viewer: SignedIn, session: DB,
                       attack_id: str) -> Response:
    try:
        found = service.get(session, attack_id)
    except NotFound:
        return page(request, "error.html", status=404, viewer=viewer, nav="attack",
                    title="Not found", message=f"No ATT&CK object {attack_id} on this node.",
                    details=[])
    return page(request, "attack_object.html", viewer=viewer, nav="attack", obj=found,
                kind=service.KINDS.get(found.type, found.type))

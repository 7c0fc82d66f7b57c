"""The console's sightings page: report that your agency saw a value, the sightings others
reported of values your records hold, and the ones your agency reported. Composed from the
sightings service (it normalises and validates, and asks the policy who sees what); the one
exception, the "reported" list, is marked as a stopgap below until the service offers it.

The report form posts back to the page: bad input gives the form back (422) with each
message next to its field and what was typed kept; a report redirects (303) to the page with
a confirmation, so reloading it does not report again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from liaison.accounts.permissions import Permission
from liaison.api.deps import DB, Now
from liaison.correlation import sightings as service
from liaison.correlation.schemas import SightingCreate, SightingRead
from liaison.errors import FieldError, Invalid
from liaison.schemas import parse
from liaison.web.forms import Filters
from liaison.web.render import page
from liaison.web.route import ConsoleRoute
from liaison.web.session import SignedIn, Viewer, tokens_match

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
FormText = Annotated[str, Form()]
PAGE = 100  # each list shows the newest this many, as the hits page does
FIELDS = ("type", "value", "first_seen", "last_seen", "count", "country", "source")
LABELS = {
    "type": "Type", "value": "Value", "first_seen": "First seen", "last_seen": "Last seen",
    "count": "Times seen", "country": "Country where seen", "source": "Source",
}


def _reported_by_agency(session: Session, viewer: Viewer) -> tuple[list[SightingRead], int]:
    views, total = service.sightings_reported_by_me(session, viewer.principal, PAGE, 0)
    return [service.read_model(v) for v in views], total


def _aware(raw: str) -> datetime | str:
    """A datetime-local value ('2026-11-28T09:30') read as UTC; anything else goes to the
    schema as typed, so its message is the one shown."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return raw
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _body(values: dict[str, str]) -> dict[str, Any]:
    """The form as the schema's input: empty optional fields take the schema's defaults."""
    body: dict[str, Any] = {"type": values["type"], "value": values["value"]}
    for name in ("first_seen", "last_seen"):
        if values[name]:
            body[name] = _aware(values[name])
    for name in ("count", "country", "source"):
        if values[name]:
            body[name] = values[name]
    return body


def _page(request: Request, session: Session, viewer: Viewer, form: Filters, *,
          status: int = 200, notice: str = "") -> Response:
    inbox, inbox_total = service.sightings_of_my_records(session, viewer.principal, PAGE, 0)
    reported, reported_total = _reported_by_agency(session, viewer)
    return page(request, "sightings.html", status=status, viewer=viewer, nav="sightings",
                form=form, labels=LABELS, notice=notice,
                can_report=viewer.principal.can(Permission.RECORD_CREATE),
                inbox=[service.read_model(v) for v in inbox], inbox_total=inbox_total,
                reported=reported, reported_total=reported_total, cap=PAGE)


def _empty_form() -> Filters:
    return Filters({name: "1" if name == "count" else "" for name in FIELDS})


@router.get("/sightings")
def sightings_page(request: Request, viewer: SignedIn, session: DB,
                   reported: str = "") -> Response:
    notice = ("Sighting reported. The owners of records holding the value see it now; it is "
              "listed under \u201cSightings your agency reported\u201d.") if reported else ""
    return _page(request, session, viewer, _empty_form(), notice=notice)


@router.post("/sightings")
def report(request: Request, viewer: SignedIn, session: DB, now: Now,
           type_: Annotated[str, Form(alias="type")] = "", value: FormText = "",
           first_seen: FormText = "", last_seen: FormText = "", count: FormText = "",
           country: FormText = "", source: FormText = "", csrf_token: FormText = "") -> Response:
    """Report a sighting through the service; bad input gives the form back with messages."""
    raw = {"type": type_, "value": value, "first_seen": first_seen, "last_seen": last_seen,
           "count": count, "country": country, "source": source}
    form = Filters({name: text.strip() for name, text in raw.items()})
    if not tokens_match(viewer.csrf_token, csrf_token):
        form.errors.append(FieldError("", "The form did not carry this session's security "
                                          "token, so nothing was reported. Check the values "
                                          "and submit the form again."))
        return _page(request, session, viewer, form, status=403)
    try:
        data = parse(SightingCreate, _body(form.values))
        service.report_sighting(session, data, now, viewer.principal)
    except Invalid as exc:
        form.fail(exc)
        return _page(request, session, viewer, form, status=422)
    return RedirectResponse("/sightings?reported=1", status_code=303)

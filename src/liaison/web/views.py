"""The web console: server-rendered pages over the same services as the API.

Pages never query tables or decide visibility: they call the services, which ask the policy.
Each request is one transaction (the API's `DB` dependency); errors become pages in
`ConsoleRoute`, after the transaction has rolled back.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from liaison.accounts import service as accounts
from liaison.agreements import service as agreements
from liaison.api.deps import DB, Login, Now
from liaison.errors import Invalid, NotAuthenticated, TooManyAttempts
from liaison.intel import service as intel
from liaison.web import queries
from liaison.web.forms import FIELD_LABELS, PAGE_SIZE, agreement_filters, record_filters
from liaison.web.render import page
from liaison.web.route import ConsoleRoute, error_page
from liaison.web.session import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    SignedIn,
    clear_login_form_cookie,
    clear_session_cookie,
    current_viewer,
    login_form_token,
    safe_next,
    set_login_form_cookie,
    set_session_cookie,
    settings_of,
    tokens_match,
)

router = APIRouter(include_in_schema=False, route_class=ConsoleRoute)
FormText = Annotated[str, Form()]
MAX_PASSWORD = 256  # the longest password accounts accept; longer input cannot match


def _login_page(request: Request, target: str, *, status: int = 200, error: str = "",
                notice: str = "", username: str = "") -> Response:
    token = login_form_token(request)
    response = page(request, "login.html", status=status, next=target, error=error,
                    notice=notice, username=username[:64], csrf_token=token)
    set_login_form_cookie(response, token, settings_of(request))
    return response


@router.get("/login")
def login_form(request: Request, session: DB, now: Now, next: str = "/",
               logged_out: str = "") -> Response:
    target = safe_next(next)
    if current_viewer(request, session, now) is not None:
        return RedirectResponse(target, status_code=303)
    return _login_page(request, target,
                       notice="You have logged out." if logged_out else "")


@router.post("/login")
def login(request: Request, session: DB, now: Now, source: Login, username: FormText = "",
          password: FormText = "", next: FormText = "/", csrf_token: FormText = "") -> Response:
    """Check the credentials, open a login session and set its cookie; failures are audited
    and throttled (a lock-out gives the form back with 429 and Retry-After)."""
    target = safe_next(next)
    if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return _login_page(request, target, status=400, username=username,
                           error="The login form had expired. Please enter your details again.")
    if not username.strip() or not password:
        return _login_page(request, target, status=422, username=username,
                           error="Enter both your user name and your password.")
    try:
        user = accounts.authenticate(session, username, password[:MAX_PASSWORD + 1], now,
                                     client=source.client, limits=source.limits)
    except NotAuthenticated as exc:
        # handled here, not raised, so the service's count and audit entries are committed
        return _login_page(request, target, status=401, username=username, error=exc.message)
    except TooManyAttempts as exc:
        response = _login_page(request, target, status=429, username=username,
                               error=exc.message)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    settings = settings_of(request)
    old = request.cookies.get(COOKIE)
    if old:
        accounts.close_login_session(session, old, now)  # a fresh session id on every login
    secret, _ = accounts.open_login_session(session, user, now, settings.session_hours)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, secret, settings)
    clear_login_form_cookie(response, settings)
    return response


@router.post("/logout")
def logout(request: Request, viewer: SignedIn, session: DB, now: Now,
           csrf_token: FormText = "") -> Response:
    if not tokens_match(viewer.csrf_token, csrf_token):
        return error_page(request, 403, "Logout refused",
                          "The request did not carry this session's security token. "
                          "Use the Log out button at the top of a console page.")
    accounts.close_login_session(session, request.cookies.get(COOKIE, ""), now)
    response = RedirectResponse("/login?logged_out=1", status_code=303)
    clear_session_cookie(response, settings_of(request))
    return response


@router.get("/")
def dashboard(request: Request, viewer: SignedIn, session: DB, now: Now) -> Response:
    board = queries.dashboard(session, viewer.principal, now)
    return page(request, "dashboard.html", viewer=viewer, nav="dashboard", board=board)


@router.get("/records")
def records(request: Request, viewer: SignedIn, session: DB, now: Now) -> Response:
    """Visible records with the API's filters; bad values give the form back with messages."""
    form, query = record_filters(request.query_params)
    rows, total = [], 0
    if query is not None:
        try:
            found, total = intel.search_records(session, query, now, viewer.principal,
                                                limit=PAGE_SIZE, offset=form.offset)
            rows = [intel.summary_model(r) for r in found]
        except Invalid as exc:
            form.fail(exc)
    return page(request, "records.html", status=422 if form.errors else 200, viewer=viewer,
                nav="records", form=form, records=rows, total=total, page_size=PAGE_SIZE,
                agencies=queries.directory(session), labels=FIELD_LABELS)


@router.get("/records/{record_id}")
def record(record_id: str, request: Request, viewer: SignedIn, session: DB,
           now: Now) -> Response:
    """One record in full, with why the viewer may see it; hidden and missing both 404."""
    by = viewer.principal
    found, decision = intel.get_record(session, record_id, now, by)
    data = intel.read_model(found, decision)
    return page(request, "record.html", viewer=viewer, nav="records", record=data,
                author=queries.author_name(session, data.author_id, by),
                via=queries.visible_agreement(session, decision.agreement_id, by, now),
                channel=queries.visible_agreement(session, data.distribution_agreement_id,
                                                  by, now),
                correlations=queries.correlations(session, record_id, by, now))


@router.get("/agreements")
def agreement_list(request: Request, viewer: SignedIn, session: DB, now: Now) -> Response:
    form, status = agreement_filters(request.query_params)
    items, total = [], 0
    if not form.errors:
        rows, total = agreements.list_agreements(
            session, viewer.principal, status=status.value if status else None,
            limit=PAGE_SIZE, offset=form.offset)
        items = [agreements.read_model(a, now) for a in rows]
    return page(request, "agreements.html", status=422 if form.errors else 200, viewer=viewer,
                nav="agreements", form=form, agreements=items, total=total,
                page_size=PAGE_SIZE, labels=FIELD_LABELS, now=now)


@router.get("/agreements/{agreement_id}")
def agreement(agreement_id: str, request: Request, viewer: SignedIn, session: DB,
              now: Now) -> Response:
    found = agreements.get_agreement(session, agreement_id, viewer.principal)
    return page(request, "agreement.html", viewer=viewer, nav="agreements",
                agreement=agreements.read_model(found, now), now=now)

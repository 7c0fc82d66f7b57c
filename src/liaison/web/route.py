"""The console's route class: domain errors become HTML pages, every page gets safe headers.

The app-wide handlers answer in the API's JSON error body; console pages need pages instead,
so console routes catch the domain's exceptions themselves. The transaction dependency has
already rolled back by the time an exception reaches here, so an error changes nothing.
A NotFound page never echoes the address or the service's words, so "hidden" and "missing"
render byte for byte the same.

Routing errors (an address no route serves, a wrong method) happen before any route runs;
the app's handler hands those on console addresses to `http_error_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from http import HTTPStatus
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from liaison.api.deps import context
from liaison.api.errors import validation_details
from liaison.db import transaction
from liaison.errors import FieldError, Invalid, NotFound, NotPermitted
from liaison.web.render import page
from liaison.web.session import (
    COOKIE,
    LoginRequired,
    Viewer,
    clear_session_cookie,
    current_viewer,
    login_url,
    settings_of,
)

# no scripts at all; styles and images only from this node (agencies run air-gapped)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
# the few pages that draw with scripts (a campaign's graph) run only files served from this
# node under /static: never inline code, never another origin
CSP_WITH_SCRIPTS = f"{CSP}; script-src 'self'"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # pages hold marked intelligence: keep them out of caches
}


def error_page(request: Request, status: int, title: str, message: str,
               details: list[FieldError] | None = None) -> Response:
    viewer = getattr(request.state, "viewer", None)
    return page(request, "error.html", status=status, viewer=viewer, title=title,
                message=message, details=details or [])


def not_found(request: Request) -> Response:
    return error_page(request, 404, "Not found",
                      "There is nothing here that you can see. It may not exist, or it may "
                      "not be shared with your agency. Check the address or ask the owner "
                      "agency.")


def _viewer_of(request: Request) -> Viewer | None:
    ctx = context(request)
    try:
        with transaction(ctx.session_factory) as session:
            return current_viewer(request, session, ctx.clock())
    except SQLAlchemyError:  # the page still says "not found" when the database is away
        return None


async def http_error_page(request: Request, exc: StarletteHTTPException) -> Response:
    """A routing error on a console address (no such page, wrong method) as a console page,
    with the signed-in user's header when there is one."""
    if COOKIE in request.cookies:
        request.state.viewer = await run_in_threadpool(_viewer_of, request)
    if exc.status_code == 404:
        response = not_found(request)
    else:
        try:
            title = HTTPStatus(exc.status_code).phrase
        except ValueError:
            title = "Request refused"
        message = exc.detail if isinstance(exc.detail, str) and exc.detail != title else (
            "This address does not accept that request.")
        response = error_page(request, exc.status_code, title, message)
    for name, value in {**(exc.headers or {}), **SECURITY_HEADERS}.items():
        response.headers.setdefault(name, value)
    return response


def _rendered(request: Request, exc: Exception) -> Response | None:
    if isinstance(exc, LoginRequired):
        response: Response = RedirectResponse(login_url(exc.next_path), status_code=303)
        if COOKIE in request.cookies:  # stale or revoked: drop it
            clear_session_cookie(response, settings_of(request))
        return response
    if isinstance(exc, NotFound):
        return not_found(request)
    if isinstance(exc, NotPermitted):
        return error_page(request, 403, "Not allowed", exc.message)
    if isinstance(exc, Invalid):
        return error_page(request, 422, "Please check your input", exc.message, exc.details)
    if isinstance(exc, RequestValidationError):
        return error_page(request, 422, "Please check your input",
                          "Some values in the request are not valid.", validation_details(exc))
    return None


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def console_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except Exception as exc:
                rendered = _rendered(request, exc)
                if rendered is None:
                    raise
                response = rendered
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return console_handler

"""Console sign-in: the session cookie, the signed-in viewer, CSRF checks and safe redirects.

The cookie carries only the random login-session secret (the table keeps its SHA-256); it is
HttpOnly and SameSite=Strict, so scripts cannot read it and other sites cannot send it.
State-changing forms also carry the session's CSRF token, checked in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session

from liaison.accounts import service as accounts
from liaison.accounts.principal import Principal
from liaison.api.deps import DB, Now, context
from liaison.config import Settings
from liaison.errors import NotAuthenticated

COOKIE = "liaison_session"
LOGIN_CSRF_COOKIE = "liaison_login_csrf"


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as pages need them: plain values that outlive the DB session."""

    principal: Principal
    agency_short_name: str
    agency_country: str
    csrf_token: str


class LoginRequired(Exception):
    """Raised by the sign-in dependency; the console route turns it into a redirect."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def current_viewer(request: Request, session: Session, now: Now) -> Viewer | None:
    """The viewer for the request's cookie, or None when there is no live login session."""
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    try:
        user, row = accounts.login_session(session, secret, now)
    except NotAuthenticated:
        return None
    return Viewer(Principal.of(user), user.agency.short_name, user.agency.country,
                  row.csrf_token)


def _signed_in(request: Request, session: DB, now: Now) -> Viewer:
    viewer = current_viewer(request, session, now)
    if viewer is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        # only a page can be returned to; a form post cannot be replayed by a redirect
        raise LoginRequired(target if request.method == "GET" else "/")
    request.state.viewer = viewer  # error pages rendered outside the handler still show who
    return viewer


SignedIn = Annotated[Viewer, Depends(_signed_in)]


def safe_next(value: str | None) -> str:
    """A local path to return to after login; anything that could leave the site becomes '/'."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def login_url(next_path: str) -> str:
    target = safe_next(next_path)
    return "/login" if target == "/" else f"/login?next={quote(target, safe='/')}"


def tokens_match(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def settings_of(request: Request) -> Settings:
    return context(request).settings


def _set(response: Response, name: str, value: str, max_age: int, settings: Settings) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True,
                        samesite="strict", secure=settings.secure_cookies)


def _clear(response: Response, name: str, settings: Settings) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="strict",
                           secure=settings.secure_cookies)


def set_session_cookie(response: Response, secret: str, settings: Settings) -> None:
    _set(response, COOKIE, secret, settings.session_hours * 3600, settings)


def clear_session_cookie(response: Response, settings: Settings) -> None:
    _clear(response, COOKIE, settings)


def login_form_token(request: Request) -> str:
    """The login form's CSRF token: reuse the browser's, so two open tabs both still work."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return token if 16 <= len(token) <= 64 else secrets.token_urlsafe(24)


def set_login_form_cookie(response: Response, token: str, settings: Settings) -> None:
    _set(response, LOGIN_CSRF_COOKIE, token, 3600, settings)


def clear_login_form_cookie(response: Response, settings: Settings) -> None:
    _clear(response, LOGIN_CSRF_COOKIE, settings)

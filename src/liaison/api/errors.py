"""One error body for every failure.

    {"error": {"code": ..., "message": ..., "details": [{"field": ..., "message": ...}]}}
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from liaison.errors import (
    Conflict,
    FieldError,
    Invalid,
    LiaisonError,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    TooManyAttempts,
)

log = logging.getLogger("liaison.api")

STATUS = {NotFound: 404, NotPermitted: 403, NotAuthenticated: 401, Invalid: 422, Conflict: 409,
          TooManyAttempts: 429}
MACHINE_PATHS = ("/api", "/taxii2", "/openapi.json", "/healthz")
Pages = Callable[[Request, StarletteHTTPException], Awaitable[Response]]
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
              401: "not_authenticated", 403: "not_permitted", 413: "too_large",
              415: "unsupported_media_type", 429: "too_many_requests"}


def error_body(code: str, message: str, details: list[FieldError] | None = None) -> dict:
    return {"error": {"code": code, "message": message,
                      "details": [{"field": d.field, "message": d.message}
                                  for d in details or []]}}


def _location(loc: tuple[object, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        head, rest = parts[0], parts[1:]
        return ".".join(rest) if head == "body" and rest else ".".join([head, *rest])
    return ".".join(parts)


def validation_details(exc: RequestValidationError) -> list[FieldError]:
    details = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            details.append(FieldError("body", "malformed JSON: " + str(err.get("ctx", {})
                                                                          .get("error", ""))))
            continue
        field = _location(tuple(err.get("loc", ())))
        # a model-level check names its field in the message ("field: reason")
        if ": " in message and field in {"", "body"}:
            field, message = message.split(": ", 1)
        details.append(FieldError(field or "body", message))
    return details


def is_api_path(path: str) -> bool:
    """Machine addresses answer errors in the JSON body; the rest belong to the console."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in MACHINE_PATHS)


def install(app: FastAPI, pages: Pages | None = None) -> None:
    """The handlers; `pages` renders routing errors (no such page, wrong method) on console
    addresses, so a browser gets a page rather than JSON."""
    @app.exception_handler(LiaisonError)
    async def _domain(_: Request, exc: LiaisonError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, TooManyAttempts):
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse(error_body(exc.code, exc.message, exc.details), status, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = validation_details(exc)
        message = "; ".join(f"{d.field}: {d.message}" for d in details[:5])
        return JSONResponse(error_body("invalid", message or "invalid request", details), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if pages is not None and not is_api_path(request.url.path):
            return await pages(request, exc)
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        return JSONResponse(error_body(code, message), exc.status_code,
                            getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return JSONResponse(error_body("internal", "Something went wrong on our side."), 500)

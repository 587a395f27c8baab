"""Render every failure as ``{"error": {"code", "message", "details"}}`` for programs, and
as a plain HTML page for a person whose browser navigated to a page (see ``wants_page``)."""

from __future__ import annotations

import logging
from html import escape
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY as BODY_LIMIT_KEY
from starlette.responses import Response

from opsdesk.kernel.errors import OpsDeskError
from opsdesk.web.auth import SESSION_CSRF, SESSION_USER
from opsdesk.web.ui.templating import templates

log = logging.getLogger("opsdesk.web")

# Paths only programs call: always JSON, whatever they accept.
JSON_PATHS = ("/api", "/webhooks", "/openapi.json")

# What a person reads for each kind of failure: a title and one plain sentence. No
# exception message reaches the page (it may name internals, or another customer's data).
PAGES: dict[str, tuple[str, str]] = {
    "not_found": (
        "Page not found",
        "There is nothing at this address: the link may be mistyped or out of date, "
        "or what it pointed to was removed.",
    ),
    "method": (
        "This page cannot be opened this way",
        "This address is for a form's button, not for a link or the address bar.",
    ),
    "invalid": (
        "This link is not valid",
        "Part of this address or form is not something this page can read. "
        "Check the link and try again.",
    ),
    "forbidden": ("No access to this page", "Your account is not allowed to see this page."),
    "conflict": (
        "This could not be done",
        "Something changed in the meantime. Reload the page and try again.",
    ),
    "busy": ("Too many requests", "Please wait a moment, then try again."),
    "refused": ("This request could not be completed", "Go back and try again."),
    "internal": (
        "Something went wrong",
        "An unexpected error stopped this page. It has been logged; please try again in a moment.",
    ),
}
KIND_OF_STATUS = {
    403: "forbidden", 404: "not_found", 405: "method", 409: "conflict", 422: "invalid", 429: "busy"
}  # fmt: skip


def wants_page(request: Request) -> bool:
    """True for a browser navigating to a page: not an API path, not an htmx request
    (the workspace handles those failures in place), and ``text/html`` preferred to JSON."""
    path = _route_path(request)
    if any(path == prefix or path.startswith(prefix + "/") for prefix in JSON_PATHS):
        return False
    if request.headers.get("hx-request"):
        return False
    ranges = _accepted(request.headers.get("accept", ""))
    html = _quality(ranges, "text/html")
    return html > 0 and html > _quality(ranges, "application/json")


def _route_path(request: Request) -> str:
    path = str(request.scope.get("path", ""))
    root = str(request.scope.get("root_path", "")).rstrip("/")
    return path[len(root) :] if root and path.startswith(root + "/") else path


def _accepted(header: str) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their quality (1 when not given)."""
    ranges = []
    for part in header.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality))
    return ranges


def _quality(ranges: list[tuple[str, float]], media: str) -> float:
    """The quality of ``media``: from its most specific matching range (RFC 9110 12.5.1)."""
    kind = media.split("/")[0]
    specificity, quality = -1, 0.0
    for candidate, q in ranges:
        rank = {media: 2, f"{kind}/*": 1, "*/*": 0}.get(candidate, -1)
        if rank > specificity:
            specificity, quality = rank, q
    return quality


def _page(
    request: Request, status_code: int, kind: str, headers: dict[str, str] | None = None
) -> Response:
    """The error as a page in the workspace's layout. It reads the session cookie only (no
    database): it must render when the failure was the database."""
    title, text = PAGES[kind]
    session: dict[str, Any] = request.scope.get("session") or {}
    if session.get(SESSION_USER) is not None:
        home, home_label = "/workspace", "Back to the workspace"
    else:
        home, home_label = "/", "Go to the home page"
    context = {
        "title": title, "text": text, "home": home, "home_label": home_label,
        "store_name": request.app.state.settings.store_name,
        "csrf_token": session.get(SESSION_CSRF, ""), "principal": None, "flash": None,
    }  # fmt: skip
    try:
        return templates.TemplateResponse(
            request, "error.html", context, status_code=status_code, headers=headers
        )
    except Exception:  # a failing template must not hide the original error behind another
        log.exception("error page failed to render")
        return HTMLResponse(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
            f'<p>{escape(text)}</p><p><a href="{home}">{escape(home_label)}</a></p></body></html>',
            status_code,
            headers,
        )


def _answer(
    request: Request,
    status_code: int,
    error: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> Response:
    if not wants_page(request):
        return JSONResponse({"error": error}, status_code, headers or None)
    if status_code == 401:  # as the workspace pages do: log in, then come back
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/?=&')}", status_code=303)
    page_headers = {k: v for k, v in (headers or {}).items() if k.lower() != "www-authenticate"}
    kind = KIND_OF_STATUS.get(status_code, "internal" if status_code >= 500 else "refused")
    return _page(request, status_code, kind, page_headers or None)


def _body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details or {}}


async def _opsdesk_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OpsDeskError)
    headers: dict[str, str] = {}
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    retry_after = (exc.details or {}).get("retry_after_seconds")
    if exc.status_code in (429, 503) and isinstance(retry_after, int):
        headers["Retry-After"] = str(retry_after)
    return _answer(request, exc.status_code, exc.to_dict(), headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    problems = [
        {
            "field": ".".join(str(part) for part in err.get("loc", ()) if part != "body"),
            "reason": err.get("msg", "invalid"),
        }
        for err in errors
    ]
    summary = "; ".join(f"{p['field'] or 'body'}: {p['reason']}" for p in problems[:5])
    body = _body("invalid_input", f"invalid request: {summary}", {"errors": problems})
    if any(err.get("loc", ())[:1] == ("path",) for err in errors) and wants_page(request):
        # /workspace/tickets/abc names no ticket: for a person, that page does not exist
        return _page(request, 404, "not_found")
    return _answer(request, 422, body)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            413: "content_too_large"}  # fmt: skip
    message = str(exc.detail)
    if exc.status_code == 413 and isinstance(limit := request.scope.get(BODY_LIMIT_KEY), int):
        message = f"the request body is larger than the {limit} bytes this endpoint accepts"
    return _answer(
        request,
        exc.status_code,
        _body(code.get(exc.status_code, "http_error"), message),
        getattr(exc, "headers", None),
    )


async def _out_of_range(request: Request, exc: Exception) -> Response:
    """A value the database cannot hold (an id beyond 64 bits, found by the API fuzz test;
    on PostgreSQL any value its column type refuses): the caller sent it, and the request's
    transaction was rolled back before this answer."""
    log.warning("value out of range: %s", exc)
    detail = _primary_message(exc)
    return _answer(
        request,
        422,
        _body("invalid_input", f"a value is out of range: {detail}", {"reason": detail}),
    )


def _primary_message(exc: Exception) -> str:
    """The driver's own one-line message, without the SQL statement or parameters."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        diag = getattr(exc.orig, "diag", None)
        primary = getattr(diag, "message_primary", None)
        return str(primary or exc.orig).splitlines()[0]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return _answer(request, 500, _body("internal_error", "an unexpected error occurred"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(OpsDeskError, _opsdesk_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OverflowError, _out_of_range)  # SQLite: int beyond 64 bits
    app.add_exception_handler(DataError, _out_of_range)  # PostgreSQL: out of range, too long
    app.add_exception_handler(Exception, _unexpected)

"""Render every failure as ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from opsdesk.kernel.errors import OpsDeskError

log = logging.getLogger("opsdesk.web")


def _body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


async def _opsdesk_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OpsDeskError)
    headers: dict[str, str] = {}
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    retry_after = (exc.details or {}).get("retry_after_seconds")
    if exc.status_code == 429 and isinstance(retry_after, int):
        headers["Retry-After"] = str(retry_after)
    return JSONResponse({"error": exc.to_dict()}, exc.status_code, headers or None)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "field": ".".join(str(part) for part in err.get("loc", ()) if part != "body"),
            "reason": err.get("msg", "invalid"),
        }
        for err in exc.errors()
    ]
    summary = "; ".join(f"{p['field'] or 'body'}: {p['reason']}" for p in problems[:5])
    return JSONResponse(
        _body("invalid_input", f"invalid request: {summary}", {"errors": problems}), 422
    )


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
    return JSONResponse(
        _body(code.get(exc.status_code, "http_error"), str(exc.detail)),
        exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _out_of_range(_request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot hold (an id beyond 64 bits, found by the API fuzz test;
    on PostgreSQL any value its column type refuses): the caller sent it, and the request's
    transaction was rolled back before this answer."""
    log.warning("value out of range: %s", exc)
    detail = _primary_message(exc)
    return JSONResponse(
        _body("invalid_input", f"a value is out of range: {detail}", {"reason": detail}), 422
    )


def _primary_message(exc: Exception) -> str:
    """The driver's own one-line message, without the SQL statement or parameters."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        diag = getattr(exc.orig, "diag", None)
        primary = getattr(diag, "message_primary", None)
        return str(primary or exc.orig).splitlines()[0]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return JSONResponse(_body("internal_error", "an unexpected error occurred"), 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(OpsDeskError, _opsdesk_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OverflowError, _out_of_range)  # SQLite: int beyond 64 bits
    app.add_exception_handler(DataError, _out_of_range)  # PostgreSQL: out of range, too long
    app.add_exception_handler(Exception, _unexpected)

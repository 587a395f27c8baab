"""CSV import and export of stock levels and of the catalog, from the Stock screen.

Upload → a preview of every change (old → new) and every bad row with its line; "Apply"
sends the same file back with the preview's fingerprint and books exactly that plan in
one transaction, or nothing if stock or the catalog changed meanwhile (a fresh preview
is shown). Exports stream in batches, in the columns the import reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, StreamingResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import catalog, inventory
from opsdesk.catalog import csv_io, csv_table
from opsdesk.inventory import stock_csv
from opsdesk.kernel.errors import Conflict, OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.ops.pages import can_write, reader, writer
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/stock/import"
# The file, the other form fields and multipart framing; the file itself is checked
# against csv_table.MAX_BYTES with a clear message.
BODY_LIMIT = csv_table.MAX_BYTES + 256 * 1024
KINDS = ("stock", "catalog")
_FORM_CHARS = csv_table.MAX_BYTES


@router.get(PAGE)
def import_page(request: Request, session: DB) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    return _import_page(request, principal)


@router.post(PAGE + "/preview", max_body_size=BODY_LIMIT)
async def preview(
    request: Request,
    session: DB,
    file: UploadFile,
    kind: Annotated[str, Form(max_length=16)] = "stock",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    data = await file.read(csv_table.MAX_BYTES + 1)
    return _preview(request, session, principal, kind, data, file.filename or "upload.csv")


@router.post(PAGE + "/apply", max_body_size=BODY_LIMIT)
def apply(
    request: Request,
    session: DB,
    kind: Annotated[str, Form(max_length=16)] = "stock",
    content: Annotated[str, Form(max_length=_FORM_CHARS)] = "",
    fingerprint: Annotated[str, Form(max_length=64)] = "",
    filename: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    data = content.encode()
    try:
        with session.begin_nested():
            applied = len(_apply(session, request, principal, kind, data, fingerprint).changes)
    except Conflict as error:
        return _preview(request, session, principal, kind, data, filename, stale=error.message)
    except OpsDeskError as error:
        return _import_page(request, principal, error=error.message, status=error.status_code)
    flash(request, "ok", f"{filename or 'The file'}: {applied} {kind} changes applied.")
    return RedirectResponse(PAGE, status_code=303)


@router.get("/workspace/stock/export.csv")
def export_stock(request: Request, session: DB) -> Response:
    return _export(request, session, "stock.csv", stock_csv.export_stock_lines)


@router.get("/workspace/stock/catalog.csv")
def export_catalog(request: Request, session: DB) -> Response:
    return _export(request, session, "catalog.csv", csv_io.export_catalog_lines)


def _preview(
    request: Request, session: Session, principal: Principal, kind: str, data: bytes,
    filename: str, *, stale: str = "",
) -> Response:  # fmt: skip
    if kind not in KINDS:
        return _import_page(request, principal, error=f"unknown import {kind!r}", status=422)
    try:
        plan: Any = (
            stock_csv.plan_stock_import if kind == "stock" else csv_io.plan_catalog_import
        )(session, data)
    except OpsDeskError as error:
        return _import_page(request, principal, error=error.message, status=error.status_code)
    return render(
        request, "ops/stock/import_preview.html", 409 if stale else 200, principal=principal,
        kind=kind, plan=plan, content=data.decode("utf-8-sig"), filename=filename, stale=stale,
    )  # fmt: skip


def _apply(
    session: Session, request: Request, principal: Principal, kind: str, data: bytes, seen: str
) -> Any:
    if kind == "stock":
        return stock_csv.apply_stock_import(
            session, data, previewed=seen, actor=principal.actor, now=now_of(request)
        )
    if kind == "catalog":
        return csv_io.apply_catalog_import(session, data, previewed=seen)
    raise OpsDeskError(f"unknown import {kind!r}")


def _import_page(
    request: Request, principal: Principal, *, error: str = "", status: int = 200
) -> Response:
    return render(
        request, "ops/stock/import.html", status, principal=principal, error=error,
        can_write=can_write(principal), stock_columns=stock_csv.COLUMNS,
        catalog_columns=csv_io.COLUMNS, max_mb=csv_table.MAX_BYTES // (1024 * 1024),
        max_rows=csv_table.MAX_ROWS,
    )  # fmt: skip


def _export(
    request: Request, session: Session, name: str, lines: Callable[[Session], Iterator[str]]
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    factory = request.app.state.sessionmaker

    def stream() -> Iterator[bytes]:
        # Its own session: the request's ends when the response starts, the file later.
        with factory() as reading:
            for line in lines(reading):
                yield line.encode()

    return StreamingResponse(
        stream(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


__all__ = ["catalog", "inventory", "router"]

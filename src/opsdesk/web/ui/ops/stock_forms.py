"""The Stock screen's forms: adjust on hand with a reason, set a row's reorder point.

Each change runs in a savepoint: a refusal (too few available, a bad reason) is flashed on
the SKU page and nothing is half written."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.pages import writer
from opsdesk.web.ui.templating import flash, now_of

router = APIRouter(include_in_schema=False)
Sku = Annotated[str, Form(min_length=1, max_length=64)]
Short = Annotated[str, Form(max_length=16)]


def sku_page(sku: str) -> str:
    return f"/workspace/stock/sku/{quote(sku, safe='')}"


@router.post("/workspace/stock/adjust")
def adjust(
    request: Request,
    session: DB,
    sku: Sku,
    warehouse_id: Short = "",
    delta: Short = "",
    reason: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=160)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    flash(
        request,
        *_adjusted(session, request, principal.actor, sku, warehouse_id, delta, reason, note),
    )
    return RedirectResponse(sku_page(sku), status_code=303)


@router.post("/workspace/stock/reorder-point")
def reorder_point(
    request: Request,
    session: DB,
    sku: Sku,
    warehouse_id: Short = "",
    reorder_point: Short = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    flash(request, *_reorder(session, sku, warehouse_id, reorder_point))
    return RedirectResponse(sku_page(sku), status_code=303)


def _adjusted(
    session: Session, request: Request, actor: str, sku: str, warehouse: str, delta: str,
    reason: str, note: str,
) -> tuple[str, str]:  # fmt: skip
    change = _whole(delta, signed=True)
    if not warehouse.isdigit():
        return "error", "Nothing changed: choose a warehouse."
    if change is None or change == 0 or abs(change) > 1_000_000:
        return "error", "Nothing changed: the change must be a whole number like 3 or -2, not 0."
    try:
        with session.begin_nested():
            text = inventory.adjustment_reason(reason, note)
            result = inventory.adjust(
                session, sku=sku, warehouse_id=int(warehouse), delta=change, reason=text,
                actor=actor, now=now_of(request),
            )  # fmt: skip
    except OpsDeskError as error:
        return "error", f"Nothing changed: {error.message}."
    return "ok", (
        f"{sku}: on hand {result.stock.on_hand - change} → {result.stock.on_hand} ({text}); "
        f"{result.stock.available} available."
    )


def _reorder(session: Session, sku: str, warehouse: str, value: str) -> tuple[str, str]:
    point = _whole(value, signed=False) if value.strip() else None
    if not warehouse.isdigit() or (value.strip() and point is None):
        return "error", "Nothing changed: the reorder point is a whole number (empty: default)."
    variant = inventory.stock_for_skus(session, [sku]).get(sku)
    if variant is None:
        return "error", f"Nothing changed: there is no SKU {sku}."
    try:
        with session.begin_nested():
            inventory.set_reorder_point(
                session, variant_id=variant.variant_id, warehouse_id=int(warehouse),
                reorder_point=point,
            )  # fmt: skip
    except OpsDeskError as error:
        return "error", f"Nothing changed: {error.message}."
    shown = "the default" if point is None else str(point)
    return "ok", f"{sku}: low stock from {shown} available."


def _whole(text: str, *, signed: bool) -> int | None:
    raw = text.strip().replace("+", "", 1) if signed else text.strip()
    body = raw[1:] if signed and raw.startswith("-") else raw
    return int(raw) if body.isdigit() and len(body) <= 8 else None

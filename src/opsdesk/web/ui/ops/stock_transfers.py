"""Transfers between warehouses on the Stock screen: the list, a new draft, and its steps
(dispatch: out of the source, in transit; receive: into the destination; cancel a draft)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.ops import READERS, WRITERS
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.ops.stock_data import warehouse_choices
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/stock/transfers"
STEPS = {"dispatch": inventory.dispatch_transfer, "receive": inventory.receive_transfer}
_LINE = re.compile(r"^\s*(\S+?)\s*[,;\s]\s*(\d{1,7})\s*$")


@router.get(PAGE)
def transfer_list(
    request: Request,
    session: DB,
    status: Annotated[str, Query(max_length=16)] = "",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    chosen = status if status in set(inventory.TransferStatus) else ""
    stmt = sa.select(inventory.StockTransfer.id)
    if chosen:
        stmt = stmt.where(inventory.StockTransfer.status == chosen)
    page = page_of(session, stmt, [SortKey(inventory.StockTransfer.id, descending=True)], cursor)
    return render(
        request, "ops/stock/transfers.html", principal=principal, page=page,
        transfers=inventory.read_transfers(session, page.rows) if page.rows else [],
        params={"status": chosen}, statuses=list(inventory.TransferStatus),
        warehouses=warehouse_choices(session), can_write=principal.role.acts_as(WRITERS),
    )  # fmt: skip


@router.get(PAGE + "/{transfer_id}")
def transfer_detail(transfer_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *READERS)
    if isinstance(principal, Response):
        return principal
    try:
        transfer = inventory.get_transfer(session, transfer_id)
    except NotFound:
        return not_found(request, principal, "transfer")
    return render(
        request, "ops/stock/transfer.html", principal=principal, transfer=transfer,
        can_write=principal.role.acts_as(WRITERS),
    )  # fmt: skip


@router.post(PAGE)
def create(
    request: Request,
    session: DB,
    from_warehouse_id: Annotated[str, Form(max_length=12)] = "",
    to_warehouse_id: Annotated[str, Form(max_length=12)] = "",
    expected_date: Annotated[str, Form(max_length=10)] = "",
    lines: Annotated[str, Form(max_length=20_000)] = "",
    note: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        data = inventory.TransferCreate(
            from_warehouse_id=_number(from_warehouse_id, "from"),
            to_warehouse_id=_number(to_warehouse_id, "to"),
            expected_date=_day(expected_date), note=note.strip(), lines=parse_lines(lines),
        )  # fmt: skip
        with session.begin_nested():
            made = inventory.create_transfer(
                session, data, actor=principal.actor, now=now_of(request)
            )
    except (ValueError, ValidationError, OpsDeskError) as error:
        flash(request, "error", f"No transfer made: {_reason(error)}.")
        return RedirectResponse(PAGE, status_code=303)
    flash(request, "ok", f"Transfer {made.number} drafted; dispatch it when the goods leave.")
    return RedirectResponse(f"{PAGE}/{made.id}", status_code=303)


@router.post(PAGE + "/{transfer_id}/{step}")
def move(
    transfer_id: int, step: str, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    flash(request, *_moved(session, request, principal.actor, transfer_id, step))
    return RedirectResponse(f"{PAGE}/{transfer_id}", status_code=303)


def _moved(
    session: Session, request: Request, actor: str, transfer_id: int, step: str
) -> tuple[str, str]:
    try:
        with session.begin_nested():
            if step == "cancel":
                done = inventory.cancel_transfer(session, transfer_id)
            elif step in STEPS:
                done = STEPS[step](session, transfer_id, actor=actor, now=now_of(request))
            else:
                return "error", f"Nothing changed: there is no step {step}."
    except OpsDeskError as error:
        return "error", f"Nothing changed: {error.message}."
    said = {"in_transit": "is in transit", "received": "was received", "cancelled": "was cancelled"}
    return "ok", f"Transfer {done.number} {said.get(done.status.value, done.status.value)}."


def parse_lines(text: str) -> list[dict[str, object]]:
    """``SKU quantity`` per line (a comma, semicolon or spaces between); ValueError names
    the first line that is not."""
    found: list[dict[str, object]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            raise ValueError(
                f"line {n} of the goods should read 'SKU quantity', not {raw.strip()!r}"
            )
        found.append({"sku": match.group(1), "quantity": int(match.group(2))})
    if not found:
        raise ValueError("list the goods, one 'SKU quantity' per line")
    return found


def _number(text: str, which: str) -> int:
    if not text.isdigit():
        raise ValueError(f"choose the {which} warehouse")
    return int(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("give the expected arrival date") from None


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    if isinstance(error, OpsDeskError):
        return error.message
    return str(error)

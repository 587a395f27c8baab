"""Transfers between warehouses on the Stock screen: the list, a new draft, and its steps
(dispatch: out of the source, in transit; receive: into the destination; cancel a draft)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from pydantic import ValidationError
from starlette.responses import Response

from opsdesk import inventory
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.listing import SortKey, page_of
from opsdesk.web.ui.ops.pages import Saved, can_write, read_one, reader, run_step, writer
from opsdesk.web.ui.ops.stock_data import warehouse_choices
from opsdesk.web.ui.templating import now_of, render

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
    principal = reader(session, request)
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
        warehouses=warehouse_choices(session), can_write=can_write(principal),
    )  # fmt: skip


@router.get(PAGE + "/{transfer_id}")
def transfer_detail(transfer_id: int, request: Request, session: DB) -> Response:
    loaded = read_one(
        session, request, "transfer", lambda: inventory.get_transfer(session, transfer_id)
    )
    if isinstance(loaded, Response):
        return loaded
    principal, transfer = loaded
    return render(
        request, "ops/stock/transfer.html", principal=principal, transfer=transfer,
        can_write=can_write(principal),
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
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal

    def change() -> Saved:
        data = inventory.TransferCreate(
            from_warehouse_id=_number(from_warehouse_id, "from"),
            to_warehouse_id=_number(to_warehouse_id, "to"),
            expected_date=_day(expected_date), note=note.strip(), lines=parse_lines(lines),
        )  # fmt: skip
        made = inventory.create_transfer(session, data, actor=principal.actor, now=now_of(request))
        text = f"Transfer {made.number} drafted; dispatch it when the goods leave."
        return Saved(text, f"{PAGE}/{made.id}")

    return run_step(
        request, session, change, failed="No transfer made", back=PAGE,
        refused=(ValueError, ValidationError, OpsDeskError), reason=_reason,
    )  # fmt: skip


@router.post(PAGE + "/{transfer_id}/{step}")
def move(
    transfer_id: int, step: str, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    back = f"{PAGE}/{transfer_id}"

    def change() -> Saved:
        if step == "cancel":
            moved = inventory.cancel_transfer(session, transfer_id)
        elif step in STEPS:
            moved = STEPS[step](session, transfer_id, actor=principal.actor, now=now_of(request))
        else:
            return Saved(f"Nothing changed: there is no step {step}.", back, "error")
        said = {
            "in_transit": "is in transit",
            "received": "was received",
            "cancelled": "was cancelled",
        }
        return Saved(
            f"Transfer {moved.number} {said.get(moved.status.value, moved.status.value)}.", back
        )

    return run_step(request, session, change, failed="Nothing changed", back=back)


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

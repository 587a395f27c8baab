"""Bulk actions of the order list, the two operations use every day: release ticked paid
orders to picking (one pick list per warehouse holding their stock), and cancel ticked
orders that were never paid. Each order succeeds or is skipped on its own, with the
reason, and the list shows one summary ("2 released to picking, 1 skipped: OD-… not paid").

"Paid" is what the data can tell: intake allocates a paid order at once, so an order
still *placed* has no confirmed payment (an imported order the shop holds for payment).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import fulfilment, inventory, orders
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.orders import PAGE
from opsdesk.web.ui.ops.pages import writer
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
MAX_TICKED = 200
SHOWN_SKIPS = 8
S = orders.OrderStatus
UNPAID_REASON = "not paid: cancelled from the order list"


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self, verb: str) -> str:
        text = f"{len(self.done)} {verb}"
        if self.skipped:
            shown = "; ".join(self.skipped[:SHOWN_SKIPS])
            more = (
                f" and {len(self.skipped) - SHOWN_SKIPS} more"
                if len(self.skipped) > SHOWN_SKIPS
                else ""
            )
            text += f", {len(self.skipped)} skipped: {shown}{more}"
        return text + "."


def _ticked(session: Session, ids: Sequence[int]) -> list[tuple[int, str, S]]:
    rows = session.execute(
        sa.select(orders.Order.id, orders.Order.number, orders.Order.status)
        .where(orders.Order.id.in_(ids))
        .order_by(orders.Order.number)
    )
    return [(int(i), str(n), S(s)) for i, n, s in rows]


def _why_not_releasable(status: S, warehouses: set[int]) -> str | None:
    if status is S.PLACED:
        return "not paid"
    if status is S.BACKORDERED:
        return "waits for stock"
    if status is not S.ALLOCATED:
        return f"already {status.value.replace('_', ' ')}"
    return None if warehouses else "no stock held"


def _held_in(session: Session, ids: Sequence[int]) -> dict[int, set[int]]:
    """The warehouses holding stock for each order (active reservations)."""
    r = inventory.Reservation
    held: dict[int, set[int]] = defaultdict(set)
    rows = session.execute(
        sa.select(r.order_id, r.warehouse_id)
        .where(r.order_id.in_(ids), r.status == inventory.ReservationStatus.ACTIVE)
        .distinct()
    )
    for order_id, warehouse_id in rows:
        if warehouse_id is not None:
            held[order_id].add(warehouse_id)
    return held


def release(session: Session, ids: Sequence[int], actor: str, now: datetime) -> Outcome:
    """Paid, fully allocated orders onto a new pick list in each warehouse holding them."""
    held = _held_in(session, ids)
    outcome = Outcome()
    by_warehouse: dict[int, list[int]] = defaultdict(list)
    numbers: dict[int, str] = {}
    for order_id, number, status in _ticked(session, ids):
        reason = _why_not_releasable(status, held[order_id])
        if reason:
            outcome.skipped.append(f"{number} {reason}")
            continue
        numbers[order_id] = number
        for warehouse_id in sorted(held[order_id]):
            by_warehouse[warehouse_id].append(order_id)
    failed: set[int] = set()
    for warehouse_id, order_ids in sorted(by_warehouse.items()):
        try:
            with session.begin_nested():
                fulfilment.create_pick_list(session, warehouse_id=warehouse_id, actor=actor,
                                            now=now, order_ids=order_ids)  # fmt: skip
        except OpsDeskError as error:
            failed.update(order_ids)
            outcome.skipped.extend(f"{numbers[i]} {error.message}" for i in order_ids)
    outcome.done = [n for i, n in numbers.items() if i not in failed]
    return outcome


def cancel_unpaid(session: Session, ids: Sequence[int], actor: str, now: datetime) -> Outcome:
    outcome = Outcome()
    for order_id, number, status in _ticked(session, ids):
        if status is not S.PLACED:
            outcome.skipped.append(f"{number} is {status.value.replace('_', ' ')}, not unpaid")
            continue
        try:
            with session.begin_nested():
                orders.cancel_order(session, order_id, actor=actor, reason=UNPAID_REASON, now=now)
        except OpsDeskError as error:
            outcome.skipped.append(f"{number} {error.message}")
            continue
        outcome.done.append(number)
    return outcome


def _ids(values: list[str]) -> list[int] | None:
    if not values or len(values) > MAX_TICKED or not all(v.isdigit() for v in values):
        return None
    return sorted({int(v) for v in values})


def _back(value: str) -> str:
    """Back to the list as it was filtered; only ever a path of this list (no open redirect)."""
    return value if value.startswith(PAGE) and "//" not in value and "\\" not in value else PAGE


VERBS = {"release": (release, "released to picking"), "cancel_unpaid": (cancel_unpaid, "cancelled")}


@router.post(PAGE + "/bulk")
def bulk(
    request: Request, session: DB,
    csrf: Annotated[str, Form()] = "", action: Annotated[str, Form()] = "",
    back: Annotated[str, Form(max_length=2000)] = PAGE,
    order: Annotated[list[str] | None, Form()] = None,
) -> Response:  # fmt: skip
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    ids = _ids(order or [])
    if action not in VERBS or ids is None:
        text = (f"Choose release to picking or cancel unpaid (not {action!r})." if action not in VERBS
                else f"Tick between 1 and {MAX_TICKED} orders first.")  # fmt: skip
        return render(request, "workspace/problem.html", 422, principal=principal,
                      title="Nothing was changed", text=text)  # fmt: skip
    run, verb = VERBS[action]
    outcome = run(session, ids, principal.actor, now_of(request))
    flash(request, "ok" if outcome.done else "error", outcome.summary(verb))
    return RedirectResponse(_back(back), status_code=303)

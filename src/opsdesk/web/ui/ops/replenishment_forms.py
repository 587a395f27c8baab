"""The Replenishment screen's forms: chosen suggestions become draft purchase orders (one
per supplier × warehouse, in one transaction, re-checked against live stock), the plan
is recomputed on demand, and the service level of each class.

Every row of the suggestion form posts its key (``row``) and quantity (``qty``) in the
same order; the ticked boxes (``pick``) say which rows to order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import StringConstraints
from starlette.responses import Response

from opsdesk import replenishment
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB
from opsdesk.web.ui.access import staff_for_change
from opsdesk.web.ui.ops import WRITERS
from opsdesk.web.ui.ops.replenishment import PAGE
from opsdesk.web.ui.templating import flash, now_of

router = APIRouter(include_in_schema=False)
# Up to 5,000 rows per form, each value short (a key "123-4", a quantity, a class).
Keys = Annotated[list[Annotated[str, StringConstraints(max_length=24)]], Form(max_length=5000)]


def chosen_lines(
    rows: list[str], quantities: list[str], picks: list[str]
) -> dict[tuple[int, int], int]:
    """The ticked rows' quantities; ValueError names the first that is not a whole
    positive number."""
    if len(rows) != len(quantities):
        raise ValueError("the form was incomplete: reload the page")
    wanted: dict[tuple[int, int], int] = {}
    ticked = set(picks)
    for row, typed in zip(rows, quantities, strict=True):
        if row not in ticked:
            continue
        variant, _, warehouse = row.partition("-")
        if not (variant.isdigit() and warehouse.isdigit()):
            raise ValueError("the form was incomplete: reload the page")
        if not typed.strip().isdigit() or not 0 < int(typed) <= 10_000_000:
            raise ValueError(f"quantity {typed.strip()!r} is not a whole number above 0")
        wanted[(int(variant), int(warehouse))] = int(typed)
    if not wanted:
        raise ValueError("tick at least one line to order")
    return wanted


@router.post(PAGE + "/purchase-orders")
def create_drafts(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    row: Keys = [],  # noqa: B006 - FastAPI reads the default, never mutates it
    qty: Keys = [],  # noqa: B006
    pick: Keys = [],  # noqa: B006
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        wanted = chosen_lines(row, qty, pick)
        with session.begin_nested():
            made = replenishment.order_from_plan(session, wanted, today=now_of(request).date())
    except ValueError as error:
        flash(request, "error", f"No purchase order made: {error}.")
        return RedirectResponse(PAGE, status_code=303)
    except OpsDeskError as error:
        flash(request, "error", f"No purchase order made: {error.message}.")
        return RedirectResponse(PAGE, status_code=303)
    numbers = ", ".join(o.number for o in made.orders)
    changed = "".join(
        f" {c.sku} ({c.warehouse}): {'skipped' if not c.ordered else f'{c.ordered} not {c.asked}'}"
        f", {c.why}."
        for c in made.checked
    )
    flash(
        request,
        "ok",
        f"Draft purchase orders {numbers} made. Check and send them to the suppliers.{changed}",
    )
    return RedirectResponse("/workspace/purchase-orders?state=not_sent", status_code=303)


@router.post(PAGE + "/recompute")
def recompute(request: Request, session: DB, csrf: Annotated[str, Form()] = "") -> Response:
    """Compute and store the plan now, in the request (one pass over the stock rows:
    about 1.5 s on a million-order store), so the buyer sees the new plan at once."""
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    now = now_of(request)
    run = replenishment.store_plan(session, today=now.date(), requested_by=principal.actor,
                                   now=now)  # fmt: skip
    flash(request, "ok", f"Plan recomputed: {run.to_order} of {run.rows} lines to order.")
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/levels")
def save_levels(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    klass: Keys = [],  # noqa: B006
    level: Keys = [],  # noqa: B006
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        if len(klass) != len(level) or not klass:
            raise ValueError("the form was incomplete: reload the page")
        typed = {
            k: float(v.replace(",", ".").rstrip("% ")) / 100
            for k, v in zip(klass, level, strict=True)
        }
        with session.begin_nested():
            for name, value in typed.items():
                replenishment.set_class_level(session, name, value, actor=principal.actor)
    except ValueError:
        flash(request, "error", "Nothing saved: each level is a percentage between 50 and 99.9.")
        return RedirectResponse(PAGE + "#levels", status_code=303)
    except OpsDeskError as error:
        flash(request, "error", f"Nothing saved: {error.message}.")
        return RedirectResponse(PAGE + "#levels", status_code=303)
    flash(request, "ok", "Service levels saved; the next plan uses them (Recompute now to see it).")
    return RedirectResponse(PAGE, status_code=303)

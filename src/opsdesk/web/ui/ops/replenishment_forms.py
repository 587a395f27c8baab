"""The Replenishment screen's forms: chosen suggestions become draft purchase orders (one
per supplier × warehouse, in one transaction), and the service level of each class.

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
            made = replenishment.create_draft_orders(session, wanted, today=now_of(request).date())
    except ValueError as error:
        flash(request, "error", f"No purchase order made: {error}.")
        return RedirectResponse(PAGE, status_code=303)
    except OpsDeskError as error:
        flash(request, "error", f"No purchase order made: {error.message}.")
        return RedirectResponse(PAGE, status_code=303)
    numbers = ", ".join(o.number for o in made)
    flash(
        request,
        "ok",
        f"Draft purchase orders {numbers} made. Check and send them to the suppliers.",
    )
    return RedirectResponse("/workspace/purchase-orders?state=not_sent", status_code=303)


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
    flash(request, "ok", "Service levels saved; the suggestions use them now.")
    return RedirectResponse(PAGE, status_code=303)

"""The Replenishment screen's per SKU × warehouse service levels: set one (50 to
99.9 %), clear one. Operations change them, agents read them (403 on a post)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import replenishment
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.http import DB
from opsdesk.web.ui.access import staff_for_change
from opsdesk.web.ui.ops import WRITERS
from opsdesk.web.ui.ops.replenishment import PAGE, render_page
from opsdesk.web.ui.templating import flash

router = APIRouter(include_in_schema=False)
ANCHOR = PAGE + "#overrides"
NO_FILTERS = {"warehouse": "", "supplier": "", "klass": "", "show": ""}


def typed_level(text: str) -> float:
    """ "98,5 %" → 0.985; ValueError in words when it is not 50 to 99.9."""
    cleaned = text.strip().rstrip("% ").replace(",", ".")
    try:
        percent = float(cleaned)
    except ValueError:
        raise ValueError("a percentage such as 98 or 99.5") from None
    if not 50 <= percent <= 99.9:
        raise ValueError("between 50 and 99.9 %")
    return percent / 100


def field_errors(sku: str, warehouse: str, level: str) -> tuple[dict[str, str], float]:
    errors: dict[str, str] = {}
    if not sku.strip():
        errors["sku"] = "Enter the SKU."
    if not warehouse.isdigit():
        errors["warehouse"] = "Choose a warehouse."
    value = 0.0
    try:
        value = typed_level(level)
    except ValueError as error:
        errors["level"] = f"Enter {error}."
    return errors, value


@router.post(PAGE + "/overrides")
def set_override(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    sku: Annotated[str, Form(max_length=120)] = "",
    warehouse: Annotated[str, Form(max_length=12)] = "",
    level: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    typed = {"sku": sku.strip(), "warehouse": warehouse, "level": level.strip()}
    errors, value = field_errors(sku, warehouse, level)
    if not errors:
        try:
            with session.begin_nested():
                replenishment.set_for_sku(session, typed["sku"], int(warehouse), value,
                                          actor=principal.actor)  # fmt: skip
        except InvalidInput as error:
            field = str(error.details.get("field", "sku")).replace("warehouse_id", "warehouse")
            errors[field] = error.message[:1].upper() + error.message[1:] + "."
    if errors:
        return render_page(request, session, principal, NO_FILTERS, override=typed,
                           errors=errors, status_code=422)  # fmt: skip
    flash(request, "ok", f"Service level of {typed['sku']} set to {value * 100:.3g} %; "
                         "the next plan uses it (Recompute now to see it).")  # fmt: skip
    return RedirectResponse(ANCHOR, status_code=303)


@router.post(PAGE + "/overrides/clear")
def clear_override(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form()] = "",
    key: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    variant, _, warehouse = key.partition("-")
    if not (variant.isdigit() and warehouse.isdigit()):
        flash(request, "error", "Nothing cleared: the form was incomplete, reload the page.")
        return RedirectResponse(ANCHOR, status_code=303)
    replenishment.set_override(session, int(variant), int(warehouse), None,
                               actor=principal.actor)  # fmt: skip
    flash(request, "ok", "Override cleared: its class's service level applies again.")
    return RedirectResponse(ANCHOR, status_code=303)

"""The fulfilment screen: batch pick lists per warehouse (open and done), creating one,
a list walked in bin order with its printable PDF, bins, and error rates per packer
and warehouse."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from opsdesk import fulfilment, inventory
from opsdesk.kernel import pdf
from opsdesk.kernel.http import DB
from opsdesk.web.ui.ops.fulfilment_data import STATES, error_report, pick_list_page
from opsdesk.web.ui.ops.pages import Saved, can_write, read_one, reader, run_step, writer
from opsdesk.web.ui.templating import now_of, render

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/fulfilment"


@router.get(PAGE)
def pick_lists(
    request: Request,
    session: DB,
    warehouse: Annotated[int | None, Query(ge=1)] = None,
    state: Annotated[str, Query(pattern="^(open|done|all)$")] = "open",
    report: Annotated[str, Query(pattern="^(packer|warehouse)$")] = "packer",
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> Response:
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    page = pick_list_page(session, warehouse_id=warehouse, state=state, cursor=cursor)
    params = {"warehouse": warehouse, "state": state, "report": report}
    rates = error_report(session, fulfilment.GroupBy(report), now_of(request).date())
    return render(
        request, "ops/fulfilment/index.html", principal=principal, page=page, params=params,
        path=PAGE, states=STATES, warehouses=inventory.list_warehouses(session),
        can_write=can_write(principal), report=report, rates=rates,
    )  # fmt: skip


@router.post(PAGE + "/pick-lists")
def create_pick_list(
    request: Request,
    session: DB,
    warehouse_id: Annotated[int, Form(ge=1)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """A batch of every order with stock held in the warehouse; nothing waiting is a flash."""
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal

    def change() -> Saved:
        made = fulfilment.create_pick_list(
            session, warehouse_id=warehouse_id, actor=principal.actor, now=now_of(request)
        )
        count = len(fulfilment.get_pick_list(session, made.id)[1])
        orders = "1 order" if count == 1 else f"{count} orders"
        text = f"Pick list {fulfilment.pick_list_code(made.id)}: {orders}."
        return Saved(text, f"{PAGE}/pick-lists/{made.id}")

    back = f"{PAGE}?warehouse={warehouse_id}"
    return run_step(request, session, change, failed="No pick list was created", back=back)


@router.get(PAGE + "/pick-lists/{pick_list_id}")
def pick_list_detail(pick_list_id: int, request: Request, session: DB) -> Response:
    loaded = read_one(
        session, request, "pick list", lambda: fulfilment.pick_sheet(session, pick_list_id)
    )
    if isinstance(loaded, Response):
        return loaded
    principal, sheet = loaded
    warehouse_id = fulfilment.get_pick_list(session, pick_list_id)[0].warehouse_id
    return render(
        request, "ops/fulfilment/detail.html", principal=principal, sheet=sheet,
        warehouse_id=warehouse_id, can_write=can_write(principal),
    )  # fmt: skip


@router.get(PAGE + "/pick-lists/{pick_list_id}/pick-list.pdf")
def pick_list_document(pick_list_id: int, request: Request, session: DB) -> Response:
    loaded = read_one(
        session, request, "pick list", lambda: fulfilment.pick_sheet(session, pick_list_id)
    )
    if isinstance(loaded, Response):
        return loaded
    sheet = loaded[1]
    name = f"pick-list-{sheet.code}.pdf"
    return Response(
        fulfilment.pick_list_pdf(sheet), media_type=pdf.MEDIA_TYPE,
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )  # fmt: skip


@router.post(PAGE + "/pick-lists/{pick_list_id}/bins")
def set_bin(
    pick_list_id: int,
    request: Request,
    session: DB,
    sku: Annotated[str, Form(min_length=1, max_length=64)],
    bin_code: Annotated[str, Form(alias="bin", max_length=64)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Record where a SKU of this list lives, so the next walk is in aisle order."""
    principal = writer(session, request, csrf)
    if isinstance(principal, Response):
        return principal
    back = f"{PAGE}/pick-lists/{pick_list_id}"

    def change() -> Saved:
        warehouse_id = fulfilment.get_pick_list(session, pick_list_id)[0].warehouse_id
        row = fulfilment.set_bin(
            session, warehouse_id=warehouse_id, sku=sku.strip(), bin_code=bin_code,
            now=now_of(request),
        )  # fmt: skip
        return Saved(f"{sku.strip()} is now in bin {row.bin}.", back)

    return run_step(request, session, change, failed="No bin was set", back=back)

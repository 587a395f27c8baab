"""The packing station: one always-focused scan field drives it all (a keyboard-wedge
scanner, the tablet camera, or typing). Every scan is a small POST answered with JSON —
what happened, a message, and the parcel panel as HTML — and every state lives in the
database, so a reload (or another tablet) resumes where the packer was."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import fulfilment, returns
from opsdesk.kernel import pdf
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.ops import WRITERS
from opsdesk.web.ui.ops.packing_flow import Outcome, handle_scan
from opsdesk.web.ui.ops.packing_view import parcel_view
from opsdesk.web.ui.templating import now_of, render, templates

router = APIRouter(include_in_schema=False)
PAGE = "/workspace/packing"
MAX_CODE = 64
CARRIER_DOWN = "carrier_unavailable"  # shipping.CarrierDown: the carrier failed, retry


@router.get(PAGE)
def station(request: Request, session: DB) -> Response:
    return _station(request, session, None)


@router.get(PAGE + "/{fulfilment_id}")
def station_with_parcel(fulfilment_id: int, request: Request, session: DB) -> Response:
    return _station(request, session, fulfilment_id)


def _station(request: Request, session: DB, fulfilment_id: int | None) -> Response:
    principal = staff_for_page(session, request, *WRITERS)
    if isinstance(principal, Response):
        return principal
    try:
        parcel = parcel_view(session, fulfilment_id) if fulfilment_id is not None else None
    except NotFound:
        return not_found(request, principal, "parcel")
    return render(request, "ops/packing/station.html", principal=principal, parcel=parcel)


@router.post(PAGE + "/scan")
def scan(
    request: Request,
    session: DB,
    code: Annotated[str, Form(max_length=200)] = "",
    fulfilment_id: Annotated[int | None, Form(alias="fulfilment", ge=1)] = None,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    code = code.strip()
    if not code or len(code) > MAX_CODE:
        outcome = Outcome("unknown", f"Scan a barcode of 1 to {MAX_CODE} characters",
                          fulfilment_id, 422)  # fmt: skip
        return _answer(request, session, outcome)
    current = _current(session, fulfilment_id)
    outcome = handle_scan(session, code, current, packer=principal.name, actor=principal.actor)
    return _answer(request, session, outcome)


def _current(session: Session, fulfilment_id: int | None) -> fulfilment.Fulfilment | None:
    if fulfilment_id is None:
        return None
    try:
        return fulfilment.get_fulfilment(session, fulfilment_id)
    except NotFound:
        return None


@router.post(PAGE + "/{fulfilment_id}/ship")
def ship(
    fulfilment_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    """Buy the label in the chosen box; a refusal changes nothing and says why."""
    principal = staff_for_change(session, request, csrf, *WRITERS)
    if isinstance(principal, Response):
        return principal
    return _answer(request, session, _shipped(request, session, principal, fulfilment_id))


def _shipped(request: Request, session: Session, principal: Principal, fid: int) -> Outcome:
    at = now_of(request)
    try:
        carrier = fulfilment.carrier_for_parcel(session, fid, request.app.state)
        session.commit()  # the label is booked in its own transactions: hold none meanwhile
        paid = fulfilment.buy_parcel_label(
            request.app.state.sessionmaker, fid, carrier=carrier, in_box=True, now=at
        )
        with session.begin_nested():
            shipment = fulfilment.ship_in_box(
                session, fid, carrier=carrier, actor=principal.actor, now=at,
                label=paid.label, purchase_reference=paid.reference,
            )  # fmt: skip
    except NotFound:
        return Outcome("refused", f"There is no parcel {fid}", None, 404)
    except OpsDeskError as error:
        if error.code == CARRIER_DOWN:
            return Outcome("carrier_down", _carrier_down(error), fid, error.status_code)
        return Outcome("refused", f"Not shipped: {error.message}", fid, error.status_code)
    number = shipment.tracking_number or "no tracking number"
    return Outcome("shipped", f"Shipped with {shipment.carrier} ({number}). Print the label "
                   "and the packing slip.", fid)  # fmt: skip


def _carrier_down(error: OpsDeskError) -> str:
    """The carrier failed on its side: no label was sold and no shipment or stock change
    was kept, so the same parcel can be shipped again as it stands (the purchase row
    asks the carrier first, should the failure have hidden a sale)."""
    wait = (error.details or {}).get("retry_after_seconds", 30)
    return (f"Not shipped: {error.message}. Nothing was saved and no label was bought: "
            f"keep the parcel here and press Ship (Enter) again in {wait} seconds.")  # fmt: skip


def _answer(request: Request, session: Session, outcome: Outcome) -> Response:
    body: dict[str, Any] = {"outcome": outcome.kind, "message": outcome.message, "html": "",
                            "fulfilment": outcome.fulfilment_id, "url": PAGE}  # fmt: skip
    if outcome.fulfilment_id is not None:
        parcel = parcel_view(session, outcome.fulfilment_id)
        body["url"] = f"{PAGE}/{parcel.id}"
        body["stage"] = parcel.stage
        body["html"] = templates.env.get_template("ops/packing/_parcel.html").render(
            request=request, parcel=parcel
        )
    return JSONResponse(body, status_code=outcome.status_code)


@router.get(PAGE + "/{fulfilment_id}/slip.pdf")
def packing_slip(
    fulfilment_id: int,
    request: Request,
    session: DB,
    download: Annotated[bool, Query()] = False,
) -> Response:
    principal = staff_for_page(session, request, *WRITERS)
    if isinstance(principal, Response):
        return principal
    settings = request.app.state.settings
    try:
        document = fulfilment.packing_slip_pdf(
            session, fulfilment_id, store_name=settings.store_name,
            returns_url=f"{settings.public_url.rstrip('/')}/track",
            return_days=returns.RETURN_WINDOW_DAYS,
        )  # fmt: skip
    except NotFound:
        return not_found(request, principal, "parcel")
    disposition = "attachment" if download else "inline"
    return Response(document, media_type=pdf.MEDIA_TYPE, headers={
        "Content-Disposition": f'{disposition}; filename="packing-slip-{fulfilment_id}.pdf"'})  # fmt: skip

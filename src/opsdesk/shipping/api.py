"""Shipments and tracking over HTTP: staff read, operations act."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.kernel.pdf import MEDIA_TYPE as PDF
from opsdesk.shipping import directory, labels, service, tracking
from opsdesk.shipping.carriers.records import label_of
from opsdesk.shipping.models import Shipment
from opsdesk.shipping.schemas import ShipmentRead, TrackingOutcomeRead, UnmatchedTrackingRead

router = APIRouter(tags=["shipping"])
Staff = Annotated[Principal, Depends(require())]
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]


def _read(shipment: Shipment) -> ShipmentRead:
    return ShipmentRead.of(shipment, is_late=service.is_shipment_late(shipment, utcnow().date()))


@router.get("/shipments/{shipment_id}", response_model=ShipmentRead)
def get_shipment(shipment_id: int, session: DB, _staff: Staff) -> ShipmentRead:
    return _read(service.get_shipment(session, shipment_id))


@router.get("/shipments", response_model=list[ShipmentRead])
def list_shipments(
    session: DB, _staff: Staff, order_id: Annotated[int, Query(gt=0)]
) -> list[ShipmentRead]:
    return [_read(s) for s in service.shipments_for_order(session, order_id)]


@router.get("/orders/{order_id}/shipments", response_model=list[ShipmentRead])
def shipments_of_order(order_id: int, session: DB, _staff: Staff) -> list[ShipmentRead]:
    return [_read(s) for s in service.shipments_for_order(session, order_id)]


@router.get("/tracking/unmatched", response_model=list[UnmatchedTrackingRead])
def unmatched_tracking(
    session: DB, _staff: Staff, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[UnmatchedTrackingRead]:
    rows = service.unmatched_updates(session, limit=limit)
    return [UnmatchedTrackingRead.model_validate(r) for r in rows]


@router.post("/shipments/{shipment_id}/tracking-refresh", response_model=TrackingOutcomeRead)
def refresh_tracking(
    shipment_id: int, request: Request, session: DB, _ops: Operations
) -> TrackingOutcomeRead:
    """Ask the shipment's carrier for its latest scans (carriers that are polled)."""
    shipment = service.get_shipment(session, shipment_id)
    carrier = directory.resolve_carrier(directory.carriers_of(request.app.state), shipment.carrier)
    outcome = tracking.refresh_tracking(session, shipment_id, carrier)
    return TrackingOutcomeRead.model_validate(outcome)


LABEL_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "OpsDesk's 100×150 mm label (Code 128 of the tracking number, QR of "
        "the tracking page), for carriers that hand over no document of their own.",
        "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
    },
    307: {"description": "The carrier's own label document (EasyPost's label_url)."},
    409: {"description": "The shipment has no tracking number yet, so no label."},
}


@router.get(
    "/shipments/{shipment_id}/label",
    response_class=Response,
    responses=LABEL_RESPONSES,
    summary="The shipping label to print",
)
def shipment_label(shipment_id: int, request: Request, session: DB, _staff: Staff) -> Response:
    """The carrier's label where it returned one, else OpsDesk's own PDF."""
    service.get_shipment(session, shipment_id)
    stored = label_of(session, shipment_id)
    if stored is not None and stored.label_url:
        return RedirectResponse(stored.label_url, status_code=307)
    store = request.app.state.settings.store_name
    body = labels.label_pdf(session, shipment_id, store)
    disposition = f'inline; filename="label-{shipment_id}.pdf"'
    return Response(body, media_type=PDF, headers={"Content-Disposition": disposition})

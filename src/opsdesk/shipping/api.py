"""Shipments and tracking over HTTP: staff read, operations act."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.shipping import directory, service, tracking
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

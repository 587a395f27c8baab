"""Disruptions and shipment risk over HTTP: operations declare, staff read risk."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from opsdesk import shipping
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import DB, Principal, Role, require, settings_of
from opsdesk.proactive import disruption_preview, disruptions
from opsdesk.proactive.models import Disruption, ShipmentRiskRecord
from opsdesk.proactive.risk import reading
from opsdesk.proactive.risk.scan import ShipmentRisk
from opsdesk.proactive.schemas import (
    DisruptionChangeRead,
    DisruptionCreate,
    DisruptionPreviewRead,
    DisruptionRead,
    DisruptionUpdate,
    ShipmentRiskRead,
)

router = APIRouter(tags=["proactive"])
Staff = Annotated[Principal, Depends(require())]
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]


def _disruption(session: DB, row: Disruption, rescored: int | None = None) -> DisruptionRead:
    changes = [DisruptionChangeRead.model_validate(c) for c in disruptions.history(session, row.id)]
    return DisruptionRead(
        id=row.id,
        kind=row.kind,
        severity=row.severity,
        region=row.region,
        carrier=row.carrier,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
        history=changes,
        rescored_shipments=rescored,
    )


def _carriers(request: Request) -> list[str]:
    """The carriers this installation is configured with (``app.state.carriers``)."""
    return list(shipping.carriers_of(request.app.state))


@router.post("/disruptions", response_model=DisruptionRead, status_code=201)
def declare_disruption(
    body: DisruptionCreate, request: Request, response: Response, session: DB, ops: Operations
) -> DisruptionRead:
    """Declare a disruption; affected shipments in flight are rescored at once, and the
    enabled rules tell the customers whose parcels now risk missing their promise (see
    ``POST /disruptions/preview`` first). The region and carrier must be ones the store
    knows (any letter case); a 422 lists the known ones."""
    carriers = _carriers(request)
    outcome = disruptions.declare(session, body, actor=ops.actor, now=utcnow(), carriers=carriers)
    response.headers["Location"] = f"/api/v1/disruptions/{outcome.disruption.id}"
    return _disruption(session, outcome.disruption, outcome.rescored)


@router.post("/disruptions/preview", response_model=DisruptionPreviewRead)
def preview_disruption(
    body: DisruptionCreate, request: Request, session: DB, ops: Operations
) -> DisruptionPreviewRead:
    """What declaring this disruption now would do — shipments rescored, risks crossing
    the threshold, the messages and codes the enabled rules would send — without writing
    anything (refused as the declaration would be)."""
    return disruption_preview.preview_declare(
        session, settings_of(request), body, actor=ops.actor, now=utcnow(),
        carriers=_carriers(request),
    )  # fmt: skip


@router.get("/disruptions", response_model=list[DisruptionRead])
def list_disruptions(
    session: DB,
    _ops: Operations,
    active: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DisruptionRead]:
    rows = disruptions.list_disruptions(session, now=utcnow(), active_only=active, limit=limit)
    return [_disruption(session, row) for row in rows]


@router.get("/disruptions/{disruption_id}", response_model=DisruptionRead)
def get_disruption(disruption_id: int, session: DB, _ops: Operations) -> DisruptionRead:
    return _disruption(session, disruptions.get(session, disruption_id))


@router.patch("/disruptions/{disruption_id}", response_model=DisruptionRead)
def update_disruption(
    disruption_id: int, body: DisruptionUpdate, request: Request, session: DB, ops: Operations
) -> DisruptionRead:
    outcome = disruptions.update(
        session, disruption_id, body, actor=ops.actor, now=utcnow(), carriers=_carriers(request)
    )
    return _disruption(session, outcome.disruption, outcome.rescored)


def _risk(risk: ShipmentRisk, record: ShipmentRiskRecord | None) -> ShipmentRiskRead:
    return ShipmentRiskRead(
        shipment_id=risk.shipment_id,
        order_id=risk.order_id,
        probability=risk.probability,
        at_risk=risk.at_risk,
        reasons=risk.reasons,
        scored_at=risk.scored_at,
        at_risk_since=record.at_risk_since if record else None,
        stored=record is not None,
    )


# Declared before shipping's /shipments/{shipment_id} is mounted, so "at-risk" is a path.
@router.get("/shipments/at-risk", response_model=list[ShipmentRiskRead])
def shipments_at_risk(
    session: DB,
    _staff: Staff,
    min_probability: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[ShipmentRiskRead]:
    """In-flight shipments at risk of missing their promise, riskiest first."""
    records = reading.at_risk_shipments(session, min_probability=min_probability, limit=limit)
    return [_risk(reading.from_record(r), r) for r in records]


@router.get("/shipments/{shipment_id}/risk", response_model=ShipmentRiskRead)
def shipment_risk(shipment_id: int, session: DB, _staff: Staff) -> ShipmentRiskRead:
    risk, record = reading.shipment_risk(session, shipment_id, now=utcnow())
    return _risk(risk, record)

"""HTTP for the Customer 360."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.support.overview.schemas import CustomerOverview
from opsdesk.support.overview.service import customer_overview

router = APIRouter(tags=["customers"])
Staff = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]


@router.get("/customers/{customer_id}/overview", response_model=CustomerOverview)
def get_customer_overview(
    customer_id: int,
    session: DB,
    _staff: Staff,
    orders: Annotated[int, Query(ge=1, le=100, description="How many recent orders")] = 20,
    linked: Annotated[
        list[int] | None, Query(max_length=20, description="Order ids to put first")
    ] = None,
) -> CustomerOverview:
    """Profile, lifetime orders and value, orders with live stock, reservations,
    shipments (late or not) and timelines, open tickets and recent messages."""
    return customer_overview(
        session, customer_id, linked_order_ids=linked or (), order_limit=orders
    )

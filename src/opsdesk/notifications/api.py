"""The message log (what each customer was sent) and customers' preferences."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query

from opsdesk import customers
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.notifications.catalog import TYPES, MessageType
from opsdesk.notifications.models import Message, Preference
from opsdesk.notifications.schemas import MessageRead, PreferenceRead, PreferenceUpdate

router = APIRouter(tags=["notifications"])
Staff = Annotated[Principal, Depends(require())]
Agent = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]
TRANSACTIONAL = sorted(t for t, info in TYPES.items() if info.transactional)


@router.get("/messages", response_model=list[MessageRead])
def list_messages(
    session: DB,
    _staff: Staff,
    customer_id: int | None = None,
    order_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[MessageRead]:
    if customer_id is None and order_id is None:
        raise InvalidInput("filter by customer_id or order_id", details={"field": "customer_id"})
    query = sa.select(Message).order_by(Message.id.desc()).limit(limit)
    if customer_id is not None:
        query = query.where(Message.customer_id == customer_id)
    if order_id is not None:
        query = query.where(Message.order_id == order_id)
    return [MessageRead.model_validate(m) for m in session.scalars(query)]


def _read(customer_id: int, pref: Preference | None) -> PreferenceRead:
    return PreferenceRead(
        customer_id=customer_id,
        opted_out=[MessageType(t) for t in (pref.opted_out if pref else [])],
        quiet_start=pref.quiet_start if pref else None,
        quiet_end=pref.quiet_end if pref else None,
        cannot_opt_out=TRANSACTIONAL,
    )


@router.get("/customers/{customer_id}/notification-preferences", response_model=PreferenceRead)
def get_preferences(customer_id: int, session: DB, _staff: Staff) -> PreferenceRead:
    if session.get(customers.Customer, customer_id) is None:
        raise NotFound("customer", customer_id)
    return _read(customer_id, session.get(Preference, customer_id))


@router.put("/customers/{customer_id}/notification-preferences", response_model=PreferenceRead)
def put_preferences(
    customer_id: int, body: PreferenceUpdate, session: DB, _agent: Agent
) -> PreferenceRead:
    if session.get(customers.Customer, customer_id) is None:
        raise NotFound("customer", customer_id)
    refused = [t.value for t in body.opted_out if TYPES[t].transactional]
    if refused:
        raise InvalidInput(
            f"these messages are always sent: {', '.join(refused)}",
            details={"field": "opted_out", "transactional": refused},
        )
    pref = session.get(Preference, customer_id) or Preference(customer_id=customer_id)
    pref.opted_out = sorted({t.value for t in body.opted_out})
    pref.quiet_start, pref.quiet_end = body.quiet_start, body.quiet_end
    pref.updated_at = utcnow()
    session.add(pref)
    session.flush()
    return _read(customer_id, pref)

"""Purchase orders over the REST API beyond what the inventory module serves alone:
send one to its supplier (the PDF by e-mail, the Purchasing screen's own path) and move
its due date with a reason, so the customers' delivery promises follow at once.

Both live here rather than in ``inventory.api`` because they join three modules that
inventory may not import (notifications sends the mail, shipping keeps the promises).
Both honour ``Idempotency-Key``: a retried send is sent once, a retried re-date answers
what the first did."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from opsdesk import inventory, shipping
from opsdesk.kernel import idempotency
from opsdesk.kernel.errors import NotFound
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.web.ui.ops import purchasing_send

router = APIRouter(tags=["inventory"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]


class PurchaseOrderSend(BaseModel):
    """An empty body sends to the supplier's address on record."""

    model_config = ConfigDict(extra="forbid")


class PurchaseOrderSent(BaseModel):
    purchase_order: inventory.PurchaseOrderRead
    sent_to: str
    sends: int = Field(description="how many times the order has been sent, this one included")


class DueDateChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_date: date
    reason: str = Field(min_length=1, max_length=300)


class DueDateChanged(BaseModel):
    purchase_order: inventory.PurchaseOrderRead
    redated_orders: list[int] = Field(description="orders whose waiting lines got a new date")
    moved_promises: int = Field(description="delivery promises moved later because of it")


def _now(request: Request) -> datetime:
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now().astimezone()


def _answer(session: DB, scope: str, key: str | None, body: BaseModel, act: Any) -> Any:
    answer = idempotency.once(
        session, scope=scope, key=key, request=body.model_dump(mode="json"),
        act=lambda: (200, act().model_dump(mode="json")),
    )  # fmt: skip
    return JSONResponse(answer.content, answer.status_code)


@router.post("/purchase-orders/{purchase_order_id}/send", response_model=PurchaseOrderSent)
def send_purchase_order(
    purchase_order_id: int, body: PurchaseOrderSend, request: Request, session: DB,
    ops: Operations, key: IdempotencyKey = None,
) -> Any:  # fmt: skip
    """E-mail the order's PDF to its supplier after commit (again if sent before)."""

    def act() -> PurchaseOrderSent:
        order = session.get(inventory.PurchaseOrder, purchase_order_id, with_for_update=True)
        if order is None:
            raise NotFound("purchase order", purchase_order_id)
        to = purchasing_send.supplier_email(session, order)
        count = purchasing_send.sends_of(session, purchase_order_id)
        settings = request.app.state.settings
        sender = purchasing_send.Sender(
            actor=ops.actor, store_name=str(settings.store_name), now=_now(request),
            mail_domain=urlparse(settings.public_url).hostname or "opsdesk.local",
        )  # fmt: skip
        purchasing_send.send_to_supplier(session, order, to=to, count=count, sender=sender)
        read = inventory.get_purchase_order(session, purchase_order_id)
        return PurchaseOrderSent(purchase_order=read, sent_to=to, sends=count + 1)

    return _answer(session, f"po-send:{purchase_order_id}", key, body, act)


@router.post("/purchase-orders/{purchase_order_id}/due-date", response_model=DueDateChanged)
def change_due_date(
    purchase_order_id: int, body: DueDateChange, request: Request, session: DB,
    ops: Operations, key: IdempotencyKey = None,
) -> Any:  # fmt: skip
    """Move the date the supplier now promises; waiting orders and their customers'
    delivery promises follow in the same transaction."""

    def act() -> DueDateChanged:
        now = _now(request)
        redated = inventory.po_changes.change_due_date(
            session, purchase_order_id, due=body.expected_date, reason=body.reason,
            actor=ops.actor, now=now,
        )  # fmt: skip
        promises = shipping.keep_backorder_promises(session, now=now)
        read = inventory.get_purchase_order(session, purchase_order_id)
        return DueDateChanged(purchase_order=read, redated_orders=sorted(redated),
                              moved_promises=len(promises))  # fmt: skip

    return _answer(session, f"po-due:{purchase_order_id}", key, body, act)

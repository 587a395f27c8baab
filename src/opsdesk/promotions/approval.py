"""Approving or rejecting a code that waits above its issuer's caps.

A lead approves what is within the lead's own caps, an admin anything within the hard
limits; nobody approves a code they issued. The decision is one conditional UPDATE on
a pending row, so two approvers deciding at once (or an approve racing a reject) leave
exactly one decision and one event. Services never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, Forbidden, InvalidInput
from opsdesk.kernel.http import Role
from opsdesk.promotions import caps, limits
from opsdesk.promotions.events import DiscountCodeApproved, DiscountCodeRejected
from opsdesk.promotions.models import DiscountCode, DiscountStatus
from opsdesk.promotions.service import get_code, terms_of


@dataclass(frozen=True)
class Approver:
    actor: str
    role: Role


class AlreadyDecided(Conflict):
    code = "discount_code_not_pending"


def approve_code(
    session: Session, code: str, approver: Approver, *, note: str = "", now: datetime | None = None
) -> DiscountCode:
    """Make a pending code redeemable and record ``DiscountCodeApproved``."""
    row = _pending_for(session, code, approver)
    beyond = caps.assess(session, terms_of(row), approver.role, issued_by=None, now=now or utcnow())
    if beyond:
        raise Forbidden(
            "this code is above your own caps too ("
            + "; ".join(beyond)
            + "); an admin can approve it"
        )
    return _decide(session, row, approver, DiscountStatus.ACTIVE, note.strip(), now)


def reject_code(
    session: Session, code: str, approver: Approver, *, note: str, now: datetime | None = None
) -> DiscountCode:
    """Turn a pending code down for good and record ``DiscountCodeRejected``."""
    if not note.strip() or len(note.strip()) > 500:
        raise InvalidInput(
            "a rejection needs a note of 1 to 500 characters", details={"field": "note"}
        )
    row = _pending_for(session, code, approver)
    return _decide(session, row, approver, DiscountStatus.REJECTED, note.strip(), now)


def _pending_for(session: Session, code: str, approver: Approver) -> DiscountCode:
    if approver.role not in limits.APPROVERS:
        raise Forbidden("only a lead or an admin approves discount codes")
    if len(approver.actor) > 120:
        raise InvalidInput("actor must be at most 120 characters", details={"field": "actor"})
    row = get_code(session, code)
    if row.status is not DiscountStatus.PENDING:
        raise AlreadyDecided(f"discount code {row.code} is {row.status.value}, not pending")
    if row.issued_by == approver.actor:
        raise Forbidden("a code is approved by someone other than the one who issued it")
    return row


def _decide(
    session: Session,
    row: DiscountCode,
    approver: Approver,
    status: DiscountStatus,
    note: str,
    now: datetime | None,
) -> DiscountCode:
    at = now or utcnow()
    result = session.execute(
        sa.update(DiscountCode)
        .where(DiscountCode.id == row.id, DiscountCode.status == DiscountStatus.PENDING)
        .values(status=status, decided_by=approver.actor, decided_at=at, decision_note=note or None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if not result.rowcount:  # type: ignore[attr-defined]
        raise AlreadyDecided(f"discount code {row.code} was decided meanwhile: {row.status.value}")
    kind = DiscountCodeApproved if status is DiscountStatus.ACTIVE else DiscountCodeRejected
    event = kind(
        code_id=row.id, code=row.code, decided_by=approver.actor, note=note,
        issued_by=row.issued_by, customer_id=row.customer_id, ticket_id=row.ticket_id,
        order_reference=row.order_reference,
    )  # fmt: skip
    events.record(session, event, now=at)
    return row

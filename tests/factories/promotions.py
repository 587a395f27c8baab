"""Discount codes with memorable terms: €10 off, 15 % off, one week to use them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import promotions
from opsdesk.kernel.http import Role

# A fixed "now" keeps expiry arithmetic readable in tests.
NOON = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
NEXT_WEEK = NOON + timedelta(days=7)
TEN_EUROS = 1000
FIFTEEN_PERCENT_BP = 1500
TICKET = 4242  # the ticket a code is about (codes name their ticket or customer)


def amount_code(session: Session, **overrides: Any) -> promotions.DiscountCode:
    values: dict[str, Any] = {
        "kind": promotions.DiscountKind.AMOUNT,
        "value": TEN_EUROS,
        "currency": "EUR",
        "expires_at": NEXT_WEEK,
        "reason": "Parcel arrived two days late",
        "reason_code": promotions.DiscountReason.LATE_DELIVERY,
        "source": promotions.DiscountSource.AGENT,
        "issued_by": "agent:Bea",
        # A lead's caps: the redemption tests need codes with a few uses, not approval.
        "issuer_role": Role.LEAD,
        "reference": promotions.CodeReference(ticket_id=TICKET),
        "now": NOON,
    }
    return promotions.issue_code(session, **(values | overrides))


def percent_code(session: Session, **overrides: Any) -> promotions.DiscountCode:
    values: dict[str, Any] = {
        "kind": promotions.DiscountKind.PERCENT,
        "value": FIFTEEN_PERCENT_BP,
        "currency": None,
        "expires_at": NEXT_WEEK,
        "reason": "Sorry about the wrong colour",
        "reason_code": promotions.DiscountReason.WRONG_OR_MISSING_ITEM,
        "source": promotions.DiscountSource.AGENT,
        "issued_by": "agent:Bea",
        "issuer_role": Role.LEAD,
        "reference": promotions.CodeReference(ticket_id=TICKET),
        "now": NOON,
    }
    return promotions.issue_code(session, **(values | overrides))


def code_payload(**overrides: Any) -> dict[str, Any]:
    """A REST body for POST /discount-codes: €10 off, single use, valid a week from now."""
    values: dict[str, Any] = {
        "kind": "amount",
        "value": TEN_EUROS,
        "currency": "EUR",
        "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "reason_code": "late_delivery",
        "reason": "Parcel arrived two days late",
        "ticket_id": TICKET,
    }
    return values | overrides

"""Discount codes with memorable terms: €10 off, 15 % off, one week to use them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from opsdesk import promotions

# A fixed "now" keeps expiry arithmetic readable in tests.
NOON = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
NEXT_WEEK = NOON + timedelta(days=7)
TEN_EUROS = 1000
FIFTEEN_PERCENT_BP = 1500


def amount_code(session: Session, **overrides: Any) -> promotions.DiscountCode:
    values: dict[str, Any] = {
        "kind": promotions.DiscountKind.AMOUNT,
        "value": TEN_EUROS,
        "currency": "EUR",
        "expires_at": NEXT_WEEK,
        "reason": "Parcel arrived two days late",
        "source": promotions.DiscountSource.AGENT,
        "issued_by": "agent:Bea",
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
        "source": promotions.DiscountSource.AGENT,
        "issued_by": "agent:Bea",
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
        "reason": "Parcel arrived two days late",
    }
    return values | overrides

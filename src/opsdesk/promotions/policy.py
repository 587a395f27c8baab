"""Pure decisions about discount codes: what a code is worth and whether it applies.

Percentages are basis points (1500 = 15 %). The discount on a total is rounded half up
to the nearest minor unit (a customer owed 4.5 cents gets 5), then limited by the
code's cap, and never exceeds the order total: a code cannot make an order negative.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime

from opsdesk.promotions.models import DiscountKind, DiscountStatus

FULL_PERCENT_BP = 10_000
# No 0/O, 1/I/L: a code read aloud on the phone or copied from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_RANDOM_LENGTH = 6
DEFAULT_PREFIX = "THANKS"
MAX_PREFIX_LENGTH = 12


class Refusal(enum.StrEnum):
    """Why a code does not apply to an order, checked in this order."""

    REVOKED = "revoked"
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"
    WRONG_CUSTOMER = "wrong_customer"
    CURRENCY_MISMATCH = "currency_mismatch"
    BELOW_MINIMUM = "below_minimum"


@dataclass(frozen=True)
class CodeTerms:
    """What a code promises, as plain values."""

    kind: DiscountKind
    value: int
    currency: str | None
    expires_at: datetime
    max_redemptions: int = 1
    times_redeemed: int = 0
    status: DiscountStatus = DiscountStatus.ACTIVE
    customer_id: int | None = None
    min_order_minor: int | None = None
    max_discount_minor: int | None = None


@dataclass(frozen=True)
class OrderContext:
    """The order a code is tried on."""

    total_minor: int
    currency: str
    now: datetime
    customer_id: int | None = None


@dataclass(frozen=True)
class Verdict:
    refusal: Refusal | None
    message: str
    discount_minor: int

    @property
    def applies(self) -> bool:
        return self.refusal is None


def generate_code(prefix: str = DEFAULT_PREFIX) -> str:
    """A fresh code like ``THANKS-7KQ2MX``: the prefix reads well, the tail is random."""
    tail = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return f"{prefix}-{tail}" if prefix else tail


def normalise_prefix(prefix: str) -> str:
    cleaned = prefix.strip().upper()
    if not cleaned or len(cleaned) > MAX_PREFIX_LENGTH or not cleaned.isalpha():
        raise ValueError(f"prefix must be 1 to {MAX_PREFIX_LENGTH} letters")
    if not cleaned.isascii():
        raise ValueError("prefix must use the letters A to Z")
    return cleaned


def normalise_code(raw: str) -> str:
    """How customers type codes: any case, stray spaces. Lookups use this form."""
    return "".join(raw.split()).upper()


def discount_for(terms: CodeTerms, total_minor: int) -> int:
    """Minor units a code takes off ``total_minor``; 0 ≤ result ≤ total."""
    if total_minor <= 0:
        return 0
    if terms.kind is DiscountKind.AMOUNT:
        raw = terms.value
    else:
        # Integer half-up rounding: exact on any total, no floats involved.
        raw = (total_minor * terms.value + FULL_PERCENT_BP // 2) // FULL_PERCENT_BP
        if terms.max_discount_minor is not None:
            raw = min(raw, terms.max_discount_minor)
    return max(0, min(raw, total_minor))


def refusal_for(terms: CodeTerms, order: OrderContext) -> Refusal | None:
    """The first rule the order breaks, or None when the code applies."""
    if terms.status is DiscountStatus.REVOKED:
        return Refusal.REVOKED
    if terms.status is DiscountStatus.PENDING:
        return Refusal.PENDING_APPROVAL
    if terms.status is DiscountStatus.REJECTED:
        return Refusal.REJECTED
    if order.now >= terms.expires_at:
        return Refusal.EXPIRED
    if terms.times_redeemed >= terms.max_redemptions:
        return Refusal.EXHAUSTED
    if terms.customer_id is not None and order.customer_id != terms.customer_id:
        return Refusal.WRONG_CUSTOMER
    if terms.currency is not None and order.currency.upper() != terms.currency:
        return Refusal.CURRENCY_MISMATCH
    if terms.min_order_minor is not None and order.total_minor < terms.min_order_minor:
        return Refusal.BELOW_MINIMUM
    return None


def explain(refusal: Refusal, terms: CodeTerms, order: OrderContext) -> str:
    """A sentence a shop can show the customer."""
    match refusal:
        case Refusal.REVOKED:
            return "this code has been withdrawn"
        case Refusal.PENDING_APPROVAL:
            return "this code is not valid yet: it waits for approval"
        case Refusal.REJECTED:
            return "this code is not valid: it was not approved"
        case Refusal.EXPIRED:
            return f"this code expired on {terms.expires_at:%Y-%m-%d %H:%M} UTC"
        case Refusal.EXHAUSTED:
            uses = "once" if terms.max_redemptions == 1 else f"{terms.max_redemptions} times"
            return f"this code can be used {uses} and has been used up"
        case Refusal.WRONG_CUSTOMER:
            return "this code belongs to another customer"
        case Refusal.CURRENCY_MISMATCH:
            return f"this code is in {terms.currency}, the order is in {order.currency.upper()}"
        case Refusal.BELOW_MINIMUM:
            return (
                f"this code needs an order of at least {terms.min_order_minor} "
                f"{terms.currency} minor units; the order is {order.total_minor}"
            )


def evaluate(terms: CodeTerms, order: OrderContext) -> Verdict:
    """Whether the code applies to the order and what it would take off."""
    refusal = refusal_for(terms, order)
    if refusal is not None:
        return Verdict(refusal, explain(refusal, terms, order), 0)
    discount = discount_for(terms, order.total_minor)
    return Verdict(None, f"takes {discount} minor units off the order", discount)


def check_terms(terms: CodeTerms, *, now: datetime) -> None:
    """Raise :class:`TermsError` naming the field when the terms make no sense."""
    _require(
        terms.currency is None or _is_currency_code(terms.currency),
        "currency",
        "must be a 3-letter ISO code",
    )
    if terms.kind is DiscountKind.AMOUNT:
        _require(terms.value > 0, "value", "an amount must be at least 1 minor unit")
        _require(terms.currency is not None, "currency", "an amount needs a currency")
        _require(terms.max_discount_minor is None, "max_discount_minor", "only for percentages")
    else:
        _require(
            0 < terms.value <= FULL_PERCENT_BP, "value", "a percentage is 1 to 10000 basis points"
        )
    if terms.min_order_minor is not None or terms.max_discount_minor is not None:
        _require(terms.currency is not None, "currency", "a minimum or cap needs a currency")
    _require(terms.min_order_minor is None or terms.min_order_minor >= 0, "min_order_minor", ">= 0")
    _require(
        terms.max_discount_minor is None or terms.max_discount_minor > 0,
        "max_discount_minor",
        "> 0",
    )
    _require(terms.max_redemptions >= 1, "max_redemptions", "must be at least 1")
    _require(terms.expires_at.tzinfo is not None, "expires_at", "needs a time zone offset")
    _require(terms.expires_at > now, "expires_at", "must be in the future")


def worst_case_cost(terms: CodeTerms) -> int | None:
    """The most a code can ever take off, in minor units; None when unbounded."""
    if terms.kind is DiscountKind.AMOUNT:
        return terms.value * terms.max_redemptions
    if terms.max_discount_minor is not None:
        return terms.max_discount_minor * terms.max_redemptions
    return None


class TermsError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _is_currency_code(text: str) -> bool:
    return len(text) == 3 and text.isascii() and text.isalpha()


def _require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise TermsError(field, message)

"""Quoting and redeeming codes at checkout.

Redemption is safe under concurrency on SQLite and PostgreSQL alike: one use is taken
by a conditional ``UPDATE … SET times_redeemed = times_redeemed + 1 WHERE … AND
times_redeemed < max_redemptions AND status = 'active'`` whose row count is checked,
so a single-use code redeemed by two orders at once succeeds exactly once. The unique
``(code_id, order_reference)`` makes a retried checkout get its first redemption back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import Conflict, InvalidInput, NotFound
from opsdesk.promotions import policy
from opsdesk.promotions.events import DiscountCodeRedeemed
from opsdesk.promotions.models import DiscountCode, DiscountRedemption, DiscountStatus
from opsdesk.promotions.service import get_code, terms_of

MAX_ORDER_REFERENCE = 100


class DiscountNotApplicable(Conflict):
    """The code exists but does not apply to this order; ``details.reason`` says why."""

    code = "discount_not_applicable"


@dataclass(frozen=True)
class Quote:
    """What a code would take off an order, or why it would not."""

    code: str
    applies: bool
    refusal: policy.Refusal | None
    message: str
    discount_minor: int
    order_total_minor: int
    currency: str

    @property
    def total_after_minor(self) -> int:
        return self.order_total_minor - self.discount_minor


@dataclass(frozen=True)
class RedemptionOutcome:
    redemption: DiscountRedemption
    replayed: bool  # True: this order had already redeemed the code; nothing changed


def validate_code(
    session: Session,
    code: str,
    *,
    order_total_minor: int,
    currency: str,
    customer_id: int | None = None,
    now: datetime | None = None,
) -> Quote:
    """Quote the code for an order without using it up."""
    row = get_code(session, code)
    order = _order(order_total_minor, currency, customer_id, now)
    verdict = policy.evaluate(terms_of(row), order)
    return Quote(
        code=row.code,
        applies=verdict.applies,
        refusal=verdict.refusal,
        message=verdict.message,
        discount_minor=verdict.discount_minor,
        order_total_minor=order.total_minor,
        currency=order.currency,
    )


def redeem_code(
    session: Session,
    code: str,
    *,
    order_reference: str,
    order_total_minor: int,
    currency: str,
    customer_id: int | None = None,
    now: datetime | None = None,
) -> RedemptionOutcome:
    """Use the code on an order once, recording ``DiscountCodeRedeemed``.

    Raises ``DiscountNotApplicable`` (409, ``details.reason``) when it does not apply;
    the same order redeeming again gets the first redemption back (``replayed``).
    """
    reference = _checked_reference(order_reference)
    row = get_code(session, code)
    order = _order(order_total_minor, currency, customer_id, now)
    earlier = _redemption_of(session, row.id, reference)
    if earlier is not None:
        return RedemptionOutcome(earlier, replayed=True)
    _raise_if_refused(row, order)
    amount = policy.discount_for(terms_of(row), order.total_minor)
    try:
        with session.begin_nested():
            if not _take_one_use(session, row.id, order.now):
                raise _LostTheRace
            redemption = DiscountRedemption(
                code_id=row.id,
                order_reference=reference,
                customer_id=customer_id,
                order_total_minor=order.total_minor,
                amount_minor=amount,
                currency=order.currency,
                redeemed_at=order.now,
            )
            session.add(redemption)
            session.flush()
    except IntegrityError:
        # The same order redeemed concurrently and committed first: answer with that.
        return RedemptionOutcome(_existing_after_race(session, row.id, reference), replayed=True)
    except _LostTheRace:
        return _after_lost_race(session, row, reference, order)
    session.expire(row, ["times_redeemed"])
    events.record(session, _redeemed_event(row, redemption), now=order.now)
    return RedemptionOutcome(redemption, replayed=False)


class _LostTheRace(Exception):
    """The conditional update matched no row: another redemption or a revocation won."""


def _take_one_use(session: Session, code_id: int, now: datetime) -> bool:
    result = session.execute(
        sa.update(DiscountCode)
        .where(
            DiscountCode.id == code_id,
            DiscountCode.status == DiscountStatus.ACTIVE,
            DiscountCode.times_redeemed < DiscountCode.max_redemptions,
            DiscountCode.expires_at > now,
        )
        .values(times_redeemed=DiscountCode.times_redeemed + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _after_lost_race(
    session: Session, row: DiscountCode, reference: str, order: policy.OrderContext
) -> RedemptionOutcome:
    """Explain the loss from fresh numbers, or hand back this order's own redemption."""
    earlier = _redemption_of(session, row.id, reference)
    if earlier is not None:
        return RedemptionOutcome(earlier, replayed=True)
    session.refresh(row)
    _raise_if_refused(row, order)
    raise Conflict("the code was being redeemed concurrently; please retry")


def _existing_after_race(session: Session, code_id: int, reference: str) -> DiscountRedemption:
    earlier = _redemption_of(session, code_id, reference)
    if earlier is None:  # the unique index fired, so the row exists once committed
        raise Conflict("the code was being redeemed concurrently; please retry")
    return earlier


def _raise_if_refused(row: DiscountCode, order: policy.OrderContext) -> None:
    terms = terms_of(row)
    refusal = policy.refusal_for(terms, order)
    if refusal is not None:
        raise DiscountNotApplicable(
            policy.explain(refusal, terms, order),
            details={"reason": refusal.value, "code": row.code},
        )


def _redemption_of(session: Session, code_id: int, reference: str) -> DiscountRedemption | None:
    return session.scalars(
        sa.select(DiscountRedemption)
        .where(
            DiscountRedemption.code_id == code_id,
            DiscountRedemption.order_reference == reference,
        )
        .execution_options(populate_existing=True)
    ).first()


def list_redemptions(session: Session, code: str) -> list[DiscountRedemption]:
    """A code's redemptions, oldest first (at most ``max_redemptions`` rows)."""
    row = get_code(session, code)
    return list(
        session.scalars(
            sa.select(DiscountRedemption)
            .where(DiscountRedemption.code_id == row.id)
            .order_by(DiscountRedemption.id)
        )
    )


def get_redemption(session: Session, code: str, redemption_id: int) -> DiscountRedemption:
    row = get_code(session, code)
    redemption = session.get(DiscountRedemption, redemption_id)
    if redemption is None or redemption.code_id != row.id:
        raise NotFound("redemption", redemption_id)
    return redemption


def _order(
    total_minor: int, currency: str, customer_id: int | None, now: datetime | None
) -> policy.OrderContext:
    if total_minor <= 0:
        raise InvalidInput(
            "order_total_minor must be at least 1", details={"field": "order_total_minor"}
        )
    if len(currency) != 3 or not (currency.isascii() and currency.isalpha()):
        raise InvalidInput("currency must be a 3-letter ISO code", details={"field": "currency"})
    return policy.OrderContext(
        total_minor=total_minor,
        currency=currency.upper(),
        customer_id=customer_id,
        now=now or utcnow(),
    )


def _checked_reference(order_reference: str) -> str:
    reference = order_reference.strip()
    if not reference or len(reference) > MAX_ORDER_REFERENCE:
        raise InvalidInput(
            f"order_reference must be 1 to {MAX_ORDER_REFERENCE} characters",
            details={"field": "order_reference"},
        )
    return reference


def _redeemed_event(row: DiscountCode, redemption: DiscountRedemption) -> DiscountCodeRedeemed:
    return DiscountCodeRedeemed(
        code_id=row.id,
        code=row.code,
        redemption_id=redemption.id,
        order_reference=redemption.order_reference,
        amount_minor=redemption.amount_minor,
        currency=redemption.currency,
        customer_id=redemption.customer_id,
    )

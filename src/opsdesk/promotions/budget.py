"""Adding up what codes of one source committed on a day, for the proactive budgets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.promotions.models import (
    DiscountCode,
    DiscountKind,
    DiscountRedemption,
    DiscountSource,
    DiscountStatus,
)
from opsdesk.promotions.service import enum_value


def issued_budget(
    session: Session,
    *,
    source: DiscountSource | str,
    day: date,
    currency: str,
    customer_id: int | None = None,
    order_reference: str | None = None,
    tz: tzinfo = UTC,
) -> int:
    """Minor units of ``currency`` committed by codes of ``source`` issued on ``day``.

    A live code counts at its worst case (value × uses left and used, or the cap of a
    percentage); a revoked code, or an uncapped percentage whose worst case is unknown,
    counts at what was actually redeemed with it. Proactive rules compare this with
    their per-day and per-order budgets before issuing another remedy.
    """
    start = datetime.combine(day, time(), tzinfo=tz)
    codes = sa.select(DiscountCode.id).where(
        DiscountCode.source == enum_value(DiscountSource, source, "source"),
        DiscountCode.created_at >= start,
        DiscountCode.created_at < start + timedelta(days=1),
    )
    if customer_id is not None:
        codes = codes.where(DiscountCode.customer_id == customer_id)
    if order_reference is not None:
        codes = codes.where(DiscountCode.order_reference == order_reference)
    return _bounded_liability(session, codes, currency.upper()) + _redeemed_on_unbounded(
        session, codes, currency.upper()
    )


def _bounded_liability(session: Session, codes: sa.Select[int], currency: str) -> int:
    per_use = sa.case(
        (DiscountCode.kind == DiscountKind.AMOUNT, DiscountCode.value),
        else_=DiscountCode.max_discount_minor,
    )
    total = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(per_use * DiscountCode.max_redemptions), 0)).where(
            DiscountCode.id.in_(codes),
            DiscountCode.status == DiscountStatus.ACTIVE,
            DiscountCode.currency == currency,
            sa.or_(
                DiscountCode.kind == DiscountKind.AMOUNT,
                DiscountCode.max_discount_minor.is_not(None),
            ),
        )
    )
    return int(total or 0)


def _redeemed_on_unbounded(session: Session, codes: sa.Select[int], currency: str) -> int:
    unbounded = sa.or_(
        DiscountCode.status == DiscountStatus.REVOKED,
        sa.and_(
            DiscountCode.kind == DiscountKind.PERCENT, DiscountCode.max_discount_minor.is_(None)
        ),
    )
    total = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(DiscountRedemption.amount_minor), 0))
        .join(DiscountCode, DiscountCode.id == DiscountRedemption.code_id)
        .where(DiscountCode.id.in_(codes), unbounded, DiscountRedemption.currency == currency)
    )
    return int(total or 0)

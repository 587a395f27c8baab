"""Setting and reading dated exchange rates. Services take the caller's session and
never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.fx import policy
from opsdesk.fx.events import ExchangeRateSet
from opsdesk.fx.models import ExchangeRate
from opsdesk.kernel import events
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput

MAX_LIST = 500


def pair_of(base: str, quote: str) -> tuple[str, str]:
    """Two valid, different ISO 4217 codes, upper-case; else InvalidInput naming the field."""
    codes = []
    for field, code in (("base", base), ("quote", quote)):
        try:
            codes.append(policy.currency_code(code))
        except ValueError as exc:
            raise InvalidInput(str(exc), details={"field": field}) from exc
    if codes[0] == codes[1]:
        raise InvalidInput(
            f"a rate from {codes[0]} to itself is always 1", details={"field": "quote"}
        )
    return codes[0], codes[1]


def set_rate(
    session: Session,
    *,
    base: str,
    quote: str,
    rate: Decimal | str | int,
    valid_from: date,
    set_by: str,
    note: str = "",
    now: datetime | None = None,
) -> tuple[ExchangeRate, bool]:
    """Store 1 ``base`` = ``rate`` ``quote`` from ``valid_from`` on; replaces the pair's
    rate of that very day. Returns the row and whether it is new."""
    base, quote = pair_of(base, quote)
    value = _checked(rate)
    if not set_by or len(set_by) > 120:
        raise InvalidInput("set_by must be 1 to 120 characters", details={"field": "set_by"})
    if len(note.strip()) > 200:
        raise InvalidInput("note must be at most 200 characters", details={"field": "note"})
    at, note = now or utcnow(), note.strip()
    row = _row(session, base, quote, valid_from)
    if row is None:
        new = ExchangeRate(
            base_currency=base, quote_currency=quote, valid_from=valid_from, rate=value,
            note=note, set_by=set_by, set_at=at,
        )  # fmt: skip
        if _inserted(session, new):
            _record(session, new, previous=None)
            return new, True
        row = _row(session, base, quote, valid_from)  # a racing call stored it first
        assert row is not None
    previous = policy.rate_text(policy.stored_rate(row.rate))
    row.rate, row.note, row.set_by, row.set_at = value, note, set_by, at
    session.flush()
    _record(session, row, previous=previous)
    return row, False


def _record(session: Session, row: ExchangeRate, *, previous: str | None) -> None:
    event = ExchangeRateSet(
        base=row.base_currency, quote=row.quote_currency, valid_from=row.valid_from,
        rate=policy.rate_text(row.rate), previous=previous, set_by=row.set_by, note=row.note,
    )  # fmt: skip
    events.record(session, event, now=row.set_at)


def _checked(rate: Decimal | str | int) -> Decimal:
    try:
        return policy.checked_rate(rate)
    except ValueError as exc:
        raise InvalidInput(str(exc), details={"field": "rate"}) from exc


def _inserted(session: Session, row: ExchangeRate) -> bool:
    """Insert ``row``; False when a racing call stored the same pair and day first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _row(session: Session, base: str, quote: str, day: date) -> ExchangeRate | None:
    r = ExchangeRate
    return session.scalar(
        sa.select(r)
        .where(r.base_currency == base, r.quote_currency == quote, r.valid_from == day)
        .with_for_update()
    )


def get_rate(session: Session, base: str, quote: str, valid_from: date) -> ExchangeRate | None:
    """The row set for exactly ``valid_from`` (not the one in effect that day)."""
    r = ExchangeRate
    base, quote = pair_of(base, quote)
    return session.scalar(
        sa.select(r).where(
            r.base_currency == base, r.quote_currency == quote, r.valid_from == valid_from
        )
    )


def list_rates(
    session: Session,
    *,
    base: str | None = None,
    quote: str | None = None,
    on: date | None = None,
    limit: int = MAX_LIST,
) -> list[ExchangeRate]:
    """Rates by pair, newest first; with ``on`` only the one each pair has in effect then."""
    r = ExchangeRate
    where: list[sa.ColumnElement[bool]] = []
    if base is not None:
        where.append(r.base_currency == _code(base, "base"))
    if quote is not None:
        where.append(r.quote_currency == _code(quote, "quote"))
    query = sa.select(r).where(*where)
    if on is not None:
        latest = (
            sa.select(r.base_currency, r.quote_currency, sa.func.max(r.valid_from).label("day"))
            .where(*where, r.valid_from <= on)
            .group_by(r.base_currency, r.quote_currency)
            .subquery()
        )
        query = query.join(
            latest,
            sa.and_(
                r.base_currency == latest.c.base_currency,
                r.quote_currency == latest.c.quote_currency,
                r.valid_from == latest.c.day,
            ),
        )
    ordered = query.order_by(r.base_currency, r.quote_currency, r.valid_from.desc())
    return list(session.scalars(ordered.limit(max(1, min(limit, MAX_LIST)))))


def _code(code: str, field: str) -> str:
    try:
        return policy.currency_code(code)
    except ValueError as exc:
        raise InvalidInput(str(exc), details={"field": field}) from exc


def rate_on(session: Session, base: str, quote: str, day: date) -> policy.Rate | None:
    """The rate from ``base`` into ``quote`` in effect on ``day``: the pair's latest with
    ``valid_from <= day``. None when there is none (the pair is directional as set)."""
    r = ExchangeRate
    found = session.execute(
        sa.select(r.rate, r.valid_from)
        .where(
            r.base_currency == base.upper(),
            r.quote_currency == quote.upper(),
            r.valid_from <= day,
        )
        .order_by(r.valid_from.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    return policy.Rate(
        base.upper(), quote.upper(), policy.stored_rate(found.rate), found.valid_from
    )


def day_rates(session: Session, base: str, quotes: Iterable[str], day: date) -> policy.DayRates:
    """The rates from ``base`` into each of ``quotes`` in effect on ``day`` (one indexed
    query per currency; the unknown ones are simply absent)."""
    wanted = sorted({q.upper() for q in quotes} - {base.upper()})
    found = {q: rate_on(session, base, q, day) for q in wanted}
    return policy.DayRates(base.upper(), day, {q: r for q, r in found.items() if r is not None})

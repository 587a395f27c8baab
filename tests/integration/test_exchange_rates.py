"""Dated exchange rates on both databases: the rate of a day, replacing a day's rate,
exact storage, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import fx
from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.events import OutboxEvent

NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


def _set(session: Session, base: str, quote: str, rate: str, day: date) -> bool:
    _row, created = fx.set_rate(
        session, base=base, quote=quote, rate=rate, valid_from=day, set_by="operations:test"
    )
    return created


def test_the_rate_of_a_day_is_the_latest_set_on_or_before_it(session: Session) -> None:
    _set(session, "EUR", "GBP", "0.85", NOVEMBER)
    _set(session, "EUR", "GBP", "0.86", DECEMBER)
    _set(session, "EUR", "BRL", "5.6", DECEMBER)
    session.commit()

    def rate(day: date, quote: str = "GBP") -> Decimal | None:
        found = fx.rate_on(session, "EUR", quote, day)
        return found.rate if found else None

    assert rate(date(2026, 10, 31)) is None  # before any rate
    assert rate(NOVEMBER) == rate(date(2026, 11, 30)) == Decimal("0.85")
    assert rate(DECEMBER) == rate(date(2027, 6, 5)) == Decimal("0.86")
    assert rate(date(2026, 11, 30), "BRL") is None
    found = fx.rate_on(session, "eur", "gbp", date(2026, 12, 24))
    assert found == fx.Rate("EUR", "GBP", Decimal("0.86"), DECEMBER)
    # directional as set: a EUR→GBP rate is no GBP→EUR rate
    assert fx.rate_on(session, "GBP", "EUR", date(2026, 12, 24)) is None
    day = fx.day_rates(session, "EUR", ["GBP", "BRL", "JPY", "EUR"], date(2026, 11, 15))
    assert day.rates == {"GBP": fx.Rate("EUR", "GBP", Decimal("0.85"), NOVEMBER)}
    assert day.to("EUR") == fx.Rate.identity("EUR", date(2026, 11, 15))


def test_setting_a_days_rate_again_replaces_it_and_the_outbox_keeps_the_old_value(
    session: Session,
) -> None:
    assert _set(session, "EUR", "GBP", "0.85", DECEMBER) is True
    assert _set(session, "eur", "gbp", "0.8612", DECEMBER) is False
    session.commit()
    (row,) = fx.list_rates(session)
    assert (row.base_currency, row.quote_currency, row.valid_from) == ("EUR", "GBP", DECEMBER)
    assert fx.stored_rate(row.rate) == Decimal("0.8612")
    changes = session.scalars(
        sa.select(OutboxEvent.payload).where(OutboxEvent.name == "ExchangeRateSet")
        .order_by(OutboxEvent.id)
    ).all()  # fmt: skip
    assert [(c["rate"], c["previous"]) for c in changes] == [("0.85", None), ("0.8612", "0.85")]


def test_rates_are_stored_exactly_to_their_last_digit(session: Session) -> None:
    for quote, rate in (("IDR", "17234.5678901234"), ("VND", "0.0000370412"), ("JPY", "161.23")):
        _set(session, "EUR", quote, rate, NOVEMBER)
    session.commit()
    session.expire_all()
    read = {r.quote_currency: fx.RateRead.of(r).rate for r in fx.list_rates(session)}
    assert read == {"IDR": "17234.5678901234", "VND": "0.0000370412", "JPY": "161.23"}
    found = fx.rate_on(session, "EUR", "IDR", NOVEMBER)
    assert found is not None
    assert found.rate == Decimal("17234.5678901234")


def test_the_list_on_a_day_shows_each_pairs_rate_in_effect(session: Session) -> None:
    _set(session, "EUR", "GBP", "0.85", NOVEMBER)
    _set(session, "EUR", "GBP", "0.86", DECEMBER)
    _set(session, "EUR", "BRL", "5.5", NOVEMBER)
    _set(session, "GBP", "BRL", "6.4", DECEMBER)
    session.commit()
    everything = [(r.base_currency, r.quote_currency, r.valid_from) for r in fx.list_rates(session)]
    assert everything == [("EUR", "BRL", NOVEMBER), ("EUR", "GBP", DECEMBER),
                          ("EUR", "GBP", NOVEMBER), ("GBP", "BRL", DECEMBER)]  # fmt: skip
    mid_november = fx.list_rates(session, on=date(2026, 11, 20))
    assert [(r.quote_currency, fx.stored_rate(r.rate)) for r in mid_november] == [
        ("BRL", Decimal("5.5")), ("GBP", Decimal("0.85"))
    ]  # fmt: skip
    from_pounds = fx.list_rates(session, base="gbp", on=date(2027, 1, 1))
    assert [(r.base_currency, r.quote_currency) for r in from_pounds] == [("GBP", "BRL")]


@pytest.mark.parametrize(
    ("base", "quote", "rate", "field"),
    [("EUR", "ABC", "0.86", "quote"), ("EURO", "GBP", "0.86", "base"),
     ("EUR", "EUR", "1", "quote"), ("EUR", "GBP", "0", "rate"), ("EUR", "GBP", "-1", "rate"),
     ("EUR", "GBP", "1e9", "rate")],
)  # fmt: skip
def test_bad_rates_are_refused_before_anything_is_written(
    session: Session, base: str, quote: str, rate: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _set(session, base, quote, rate, DECEMBER)
    assert refused.value.details == {"field": field}
    assert session.scalar(sa.select(sa.func.count()).select_from(fx.ExchangeRate)) == 0

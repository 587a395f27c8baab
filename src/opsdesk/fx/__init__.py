"""Exchange rates: dated rates between currencies, set by operations, and converting
minor units with each currency's ISO 4217 exponent.

``set_rate`` stores a rate (replacing that day's), ``rate_on`` / ``day_rates`` read the
one in effect on a day — the pair's latest with ``valid_from <= day`` — and ``Rate``
converts amounts (pure, ``Decimal`` only).
"""

from opsdesk.fx.events import ExchangeRateSet
from opsdesk.fx.models import ExchangeRate
from opsdesk.fx.policy import (
    DayRates,
    Rate,
    checked_rate,
    currency_code,
    minor_digits,
    rate_text,
    stored_rate,
)
from opsdesk.fx.schemas import RateRead, RateSet
from opsdesk.fx.service import day_rates, get_rate, list_rates, pair_of, rate_on, set_rate

__all__ = [
    "DayRates",
    "ExchangeRate",
    "ExchangeRateSet",
    "Rate",
    "RateRead",
    "RateSet",
    "checked_rate",
    "currency_code",
    "day_rates",
    "get_rate",
    "list_rates",
    "minor_digits",
    "pair_of",
    "rate_on",
    "rate_text",
    "set_rate",
    "stored_rate",
]

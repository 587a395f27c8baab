"""Public holidays per market as known events: which periods contain one.

No candidate takes exogenous regressors (the ones that do, ARIMA with X, are too slow for
the speed goal); holidays enter as the evaluation weight (holiday weeks ×5) and through
the aligned seasonal candidates (``aligned.py``), which copy last year's week of the same
holiday even when it falls in another week number.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def holiday_weeks(
    periods: Iterable[pd.Timestamp], country: str, freq: str, subdiv: str | None = None
) -> dict[pd.Timestamp, str]:
    """Period end -> holiday names for every period (day, or week ending on the date)."""
    import holidays as holiday_calendars

    ends = sorted(pd.Timestamp(p) for p in periods)
    if not ends:
        return {}
    span = 1 if freq == "D" else 7
    years = range(ends[0].year - 1, ends[-1].year + 1)
    calendar = holiday_calendars.country_holidays(country, subdiv=subdiv, years=years)
    found: dict[pd.Timestamp, str] = {}
    for end in ends:
        days = pd.date_range(end - pd.Timedelta(days=span - 1), end)
        names = sorted({str(calendar[d.date()]) for d in days if d.date() in calendar})
        if names:
            found[end] = ", ".join(names)
    return found


def known_market(country: str) -> bool:
    """Whether the ``holidays`` package has a calendar for this country code."""
    import holidays as holiday_calendars

    return country.upper() in holiday_calendars.list_supported_countries()

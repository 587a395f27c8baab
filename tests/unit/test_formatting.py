"""How the workspace writes instants: on the store's clock, summer and winter time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from opsdesk.web.ui.formatting import money, when_in
from opsdesk.web.ui.templating import templates

BERLIN = ZoneInfo("Europe/Berlin")


def test_an_instant_reads_on_the_zones_clock_with_its_abbreviation() -> None:
    assert when_in(datetime(2026, 1, 13, 8, 5, tzinfo=UTC), BERLIN) == "Tue 13 Jan 09:05 CET"
    assert when_in(datetime(2026, 7, 14, 8, 5, tzinfo=UTC), BERLIN) == "Tue 14 Jul 10:05 CEST"
    # 00:30 UTC on 1 March is still 28 February in São Paulo.
    assert when_in(datetime(2026, 3, 1, 0, 30, tzinfo=UTC), ZoneInfo("America/Sao_Paulo")) == (
        "Sat 28 Feb 21:30 -03"
    )
    assert when_in(None, BERLIN) == "—"


def _render(zone: str | None, value: datetime) -> str:
    app = SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(default_timezone=zone)))
    request = SimpleNamespace(app=app) if zone else None
    html = templates.env.from_string("{{ at|when }}").render(request=request, at=value)
    stamp = value.astimezone(UTC).isoformat()
    prefix = f'<time datetime="{stamp}" data-store-clock>'
    assert html.startswith(prefix)  # the browser may show it on the agent's own clock
    assert html.endswith("</time>")
    return html.removeprefix(prefix).removesuffix("</time>")


def test_the_template_filter_uses_the_store_time_zone_and_utc_outside_a_request() -> None:
    at = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert _render("Europe/Lisbon", at) == "Thu 26 Nov 15:00 WET"
    assert _render("Asia/Tokyo", at) == "Fri 27 Nov 00:00 JST"
    assert _render(None, at) == "Thu 26 Nov 15:00 UTC"
    assert _render("Mars/Olympus", at) == "Thu 26 Nov 15:00 UTC"
    assert templates.env.from_string("{{ at|when }}").render(at=None) == "—"


def test_weekday_and_month_names_match_strftime_all_year_round() -> None:
    start = datetime(2026, 1, 1, 0, 7, tzinfo=UTC)
    for hours in range(0, 366 * 24, 13):  # every weekday and month, both sides of DST
        value = start + timedelta(hours=hours)
        local = value.astimezone(BERLIN)
        assert when_in(value, BERLIN) == f"{local:%a %d %b %H:%M} {local.tzname()}"


def test_money_in_each_currencys_exponent_and_the_same_answer_twice() -> None:
    assert money(123456, "EUR") == "€1,234.56"
    assert money(1234, "JPY") == "JP¥1,234"
    assert money(1234, "KWD") == "KWD1.234"
    assert money(123456, "EUR") == "€1,234.56"  # from the cache now

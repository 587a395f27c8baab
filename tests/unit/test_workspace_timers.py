"""SLA timers as the workspace shows them: the rules workspace.js ticks by in the browser
(``running_timer``), and the instants a running timer carries for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from opsdesk.web.ui.timers import Timer, running_timer

DUE = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
AT_RISK = DUE - timedelta(minutes=15)
MINUTE = timedelta(minutes=1)


def test_a_running_clock_counts_down_turns_at_risk_then_overdue() -> None:
    def at(moment: datetime) -> tuple[str, str]:
        timer = running_timer(moment, DUE, AT_RISK, DUE)
        return timer.state, timer.label

    assert at(DUE - 75 * MINUTE) == ("on_track", "due in 1 h 15 min")
    assert at(AT_RISK) == ("at_risk", "due in 15 min")
    assert at(DUE - timedelta(seconds=20)) == ("at_risk", "due in < 1 min")
    assert at(DUE) == ("breached", "overdue < 1 min")
    assert at(DUE + 61 * MINUTE) == ("breached", "overdue 1 h 01 min")


def test_an_earlier_target_missed_keeps_the_timer_breached_while_the_next_runs() -> None:
    missed = DUE - 2 * timedelta(hours=1)
    timer = running_timer(DUE - 30 * MINUTE, DUE, None, missed)
    assert (timer.state, timer.label) == ("breached", "breached · next due in 30 min")


def test_a_running_timer_carries_its_instants_in_utc_and_a_still_one_none() -> None:
    berlin = DUE.astimezone(ZoneInfo("Europe/Berlin"))
    timer = running_timer(DUE - 30 * MINUTE, berlin, AT_RISK, berlin)
    assert timer.ticks() == {
        "data-sla-due": "2026-11-19T15:00:00+00:00",
        "data-sla-at-risk": "2026-11-19T14:45:00+00:00",
        "data-sla-breach": "2026-11-19T15:00:00+00:00",
    }
    assert Timer("paused", "paused").ticks() == {}

"""What a customer handed to a person is told: the queue's wait, capped by the SLA's due
instant, only while the team is at work for all of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsdesk.assistant.chat.waiting import Promise, promise
from opsdesk.config import STORE_HOURS
from opsdesk.support import sla

HOURS = sla.calendar_from_spec({"timezone": "Europe/Berlin", "hours": STORE_HOURS})
THURSDAY_1600 = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)  # Berlin time, CET
THURSDAY_1750 = datetime(2026, 11, 19, 16, 50, tzinfo=UTC)
FRIDAY_0800 = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_the_wait_is_told_when_it_ends_before_the_due_instant() -> None:
    due = THURSDAY_1600 + 15 * MINUTE
    told = promise(THURSDAY_1600, reply_by=due, hours=HOURS, queue_ahead=1, agents_online=1)
    assert told == Promise(due, join_minutes=8)


def test_a_wait_past_the_due_instant_is_cut_to_it() -> None:
    due = THURSDAY_1600 + 15 * MINUTE
    told = promise(THURSDAY_1600, reply_by=due, hours=HOURS, queue_ahead=17, agents_online=1)
    assert told == Promise(due, join_minutes=15)


def test_no_wait_is_promised_when_the_team_goes_home_before_it_ends() -> None:
    due = FRIDAY_0800 + 5 * MINUTE
    told = promise(THURSDAY_1750, reply_by=due, hours=HOURS, queue_ahead=4, agents_online=1)
    assert told == Promise(due)  # the reply-by time, not "in about 20 minutes"


def test_outside_business_hours_the_customer_hears_when_the_team_is_back() -> None:
    evening = THURSDAY_1600 + 4 * timedelta(hours=1)
    due = FRIDAY_0800 + 15 * MINUTE
    told = promise(evening, reply_by=due, hours=HOURS, queue_ahead=0, agents_online=3)
    assert told == Promise(due, back_at=FRIDAY_0800)


def test_with_nobody_online_only_the_reply_by_time_is_told() -> None:
    due = THURSDAY_1600 + 15 * MINUTE
    told = promise(THURSDAY_1600, reply_by=due, hours=HOURS, queue_ahead=0, agents_online=0)
    assert told == Promise(due)

"""SLA timers as the inbox and the ticket view show them: a state, a label, a class."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opsdesk import support
from opsdesk.support.schemas import SlaClockRead
from opsdesk.web.ui.formatting import duration


@dataclass(frozen=True)
class Timer:
    state: str  # on_track | at_risk | breached | paused | fulfilled | none
    label: str  # "due in 25 min", "overdue 1 h 05 min", "paused"


def inbox_timer(ticket: support.TicketSummary, now: datetime) -> Timer:
    """The soonest running clock of a listed ticket, from its stored instants."""
    state = ticket.sla_state
    if state is None:
        return Timer("none", "no SLA")
    if state is support.SlaState.PAUSED:
        return Timer("paused", "paused")
    if state is support.SlaState.FULFILLED or ticket.sla_due_at is None:
        return Timer("fulfilled", "met")
    left = (ticket.sla_due_at - now).total_seconds()
    if left < 0:
        return Timer(state.value, f"overdue {duration(left)}")
    if state is support.SlaState.BREACHED:
        return Timer("breached", f"breached · next due in {duration(left)}")
    return Timer(state.value, f"due in {duration(left)}")


def clock_timer(clock: SlaClockRead) -> Timer:
    """One clock of the ticket view (first response or resolution), replayed live.

    Remaining time is business time: a clock outside business hours does not tick.
    """
    breached = clock.status.value == "breached"
    if clock.fulfilled_at is not None:
        return Timer("breached", "met late") if breached else Timer("fulfilled", "met")
    if clock.paused:
        return Timer("paused", f"paused · {duration(clock.remaining_seconds)} left")
    if breached:
        return Timer("breached", f"overdue {duration(clock.remaining_seconds)}")
    return Timer(clock.status.value, f"{duration(clock.remaining_seconds)} left")

"""SLA timers as the inbox and the ticket view show them: a state, a label, a class.

A running timer also carries the instants its state changes at (due, at risk from,
breached from). The page renders them on the timer (``workspace/_timer.html``) and
``workspace.js`` ticks every such timer on the agent's screen by the same rules as
:func:`running_timer` here, so labels count down and turn "overdue" (class
``sla-breached``) without a reload — in the inbox between its refreshes and on the ticket
view alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from opsdesk import support
from opsdesk.support.schemas import SlaClockRead
from opsdesk.web.ui.formatting import duration


@dataclass(frozen=True)
class Timer:
    state: str  # on_track | at_risk | breached | paused | fulfilled | none
    label: str  # "due in 25 min", "overdue 3 min", "paused"
    # Set on a running timer only: what workspace.js ticks it by.
    due_at: datetime | None = None
    at_risk_at: datetime | None = None
    breach_at: datetime | None = None

    def ticks(self) -> dict[str, str]:
        """The ``data-sla-*`` attributes workspace.js ticks a running timer by (UTC ISO
        instants); none for a timer that stands still."""
        names = {"due": self.due_at, "at-risk": self.at_risk_at, "breach": self.breach_at}
        if self.due_at is None:
            return {}
        return {f"data-sla-{k}": v.astimezone(UTC).isoformat() for k, v in names.items() if v}


def running_timer(
    now: datetime, due_at: datetime, at_risk_at: datetime | None, breach_at: datetime | None
) -> Timer:
    """A running clock at ``now``: breached once ``breach_at`` passed (which is ``due_at``
    itself, or an earlier target already missed), at risk once ``at_risk_at`` passed.

    ``tickTimers`` in ``workspace.js`` applies these same rules in the browser.
    """
    if breach_at is not None and breach_at <= now:
        state = "breached"
    elif at_risk_at is not None and at_risk_at <= now:
        state = "at_risk"
    else:
        state = "on_track"
    left = (due_at - now).total_seconds()
    if left <= 0:
        label = f"overdue {duration(left)}"
    elif state == "breached":
        label = f"breached · next due in {duration(left)}"
    else:
        label = f"due in {duration(left)}"
    return Timer(state, label, due_at, at_risk_at, breach_at)


def inbox_timer(ticket: support.TicketSummary, now: datetime) -> Timer:
    """The soonest running clock of a listed ticket, from its stored instants."""
    state = ticket.sla_state
    if state is None:
        return Timer("none", "no SLA")
    if state is support.SlaState.PAUSED:
        return Timer("paused", "paused")
    if state is support.SlaState.FULFILLED or ticket.sla_due_at is None:
        return Timer("fulfilled", "met")
    return running_timer(now, ticket.sla_due_at, ticket.sla_at_risk_at, ticket.sla_breach_at)


def clock_timer(clock: SlaClockRead, now: datetime) -> Timer:
    """One clock of the ticket view (first response or resolution), replayed live.

    A paused clock shows the business time it has left (it does not tick); a running one
    counts down to its due instant like the inbox's.
    """
    breached = clock.status.value == "breached"
    if clock.fulfilled_at is not None:
        return Timer("breached", "met late") if breached else Timer("fulfilled", "met")
    if clock.paused:
        return Timer("paused", f"paused · {duration(clock.remaining_seconds)} left")
    if clock.due_at is None:  # not expected for a running clock; say what is known
        return Timer(clock.status.value, f"{duration(clock.remaining_seconds)} left")
    return running_timer(now, clock.due_at, clock.at_risk_from, clock.due_at)

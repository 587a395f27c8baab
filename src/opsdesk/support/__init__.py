"""The service desk: tickets, SLA clocks, the agent workspace.

``opsdesk.support.sla`` holds the pure SLA arithmetic (business calendars, policies,
ticket clocks, reports) that the ticket services build on.
"""

from opsdesk.support import sla

__all__ = ["sla"]

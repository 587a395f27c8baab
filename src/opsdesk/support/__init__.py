"""The service desk: tickets, SLA clocks, the agent workspace."""

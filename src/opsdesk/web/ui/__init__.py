"""The agent workspace: server-rendered pages with htmx (ADR 0004)."""

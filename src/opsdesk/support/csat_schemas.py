"""Response shapes of CSAT: answers, a customer's history, the report."""

from __future__ import annotations

import enum
from datetime import datetime

from pydantic import BaseModel, Field


class CsatGroup(enum.StrEnum):
    AGENT = "agent"
    TEAM = "team"
    WEEK = "week"


class CsatRead(BaseModel):
    id: int
    ticket_id: int
    ticket_reference: str
    subject: str
    score: int
    comment: str
    assignee_id: int | None
    team_id: int | None
    submitted_at: datetime
    updated_at: datetime


class CustomerCsat(BaseModel):
    """A customer's ratings for the workspace panel, newest first."""

    customer_id: int
    count: int
    average: float | None
    responses: list[CsatRead]


class CsatReportRow(BaseModel):
    key: str | None = Field(description="Agent or team id, or ISO week; null: nobody/no team.")
    label: str
    count: int
    average: float | None
    distribution: dict[str, int] = Field(description="How many answers gave each score 1–5.")


class CsatReport(BaseModel):
    group_by: CsatGroup
    submitted_from: datetime
    submitted_to: datetime
    timezone: str
    total: CsatReportRow
    rows: list[CsatReportRow]

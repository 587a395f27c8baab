"""Request and response shapes of macros (canned replies)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from opsdesk import customers

MacroName = Annotated[str, Field(min_length=1, max_length=80, pattern=r"\S")]
MacroBody = Annotated[str, Field(min_length=1, max_length=10_000, pattern=r"\S")]


class MacroCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: MacroName
    body: MacroBody = Field(description="Text with {{ variables }}, e.g. {{ customer_first_name }}")
    locale: customers.LocaleCode = "en"
    team_id: int | None = Field(default=None, description="Shared with this team; null: everyone.")


class MacroUpdate(BaseModel):
    """Only the fields sent change; ``team_id: null`` shares the macro with everyone."""

    model_config = ConfigDict(extra="forbid")

    name: MacroName | None = None
    body: MacroBody | None = None
    locale: customers.LocaleCode | None = None
    team_id: int | None = None


class MacroRead(BaseModel):
    id: int
    name: str
    locale: str
    body: str
    variables: list[str]
    team_id: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime


class MacroPreview(BaseModel):
    """A macro filled in for one ticket: the text for the reply box, and what is missing."""

    macro_id: int
    ticket_id: int
    order_id: int | None
    locale: str
    text: str
    missing: list[str] = Field(description="Variables shown as [… unknown] placeholders.")

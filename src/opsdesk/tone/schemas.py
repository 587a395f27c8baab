"""Request and response shapes of the tone check."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from opsdesk.tone.model import ToneLabel
from opsdesk.tone.service import MAX_TEXT_CHARS


class ToneContext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_name: str | None = Field(default=None, max_length=200)
    estimated_delivery_date: date | None = None
    tracking_url: HttpUrl | None = None


class ToneCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    locale: str | None = Field(
        default=None, max_length=35, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"
    )
    context: ToneContext | None = None

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value


class SpanRead(BaseModel):
    start: int
    end: int
    text: str


class StrategyRead(BaseModel):
    name: str
    description: str = Field(description="What the strategy means, in the agent's words.")
    spans: list[SpanRead]
    weight: float = Field(description="Contribution to the score's log-odds when present.")


class MarkerRead(BaseModel):
    kind: str = Field(description="dismissal, blame, sarcasm, insult, curt or shouting.")
    severity: str = Field(description="rude (caps the score below impolite) or curt.")
    description: str
    span: SpanRead


class SuggestionSpan(BaseModel):
    start: int
    end: int


class SuggestionRead(BaseModel):
    kind: str
    message: str
    original: str
    replacement: str
    span: SuggestionSpan = Field(description="Replace text[start:end]; start == end inserts.")


class ToneReportRead(BaseModel):
    score: float = Field(ge=0, le=1, description="Probability that readers find the reply polite.")
    label: ToneLabel
    language: str
    strategies: list[StrategyRead]
    suggestions: list[SuggestionRead]
    markers: list[MarkerRead] = Field(
        description="Rude or curt wording; it caps the score, whatever else the reply says."
    )

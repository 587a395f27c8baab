"""Request and response shapes of the knowledge-base API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from opsdesk.assistant.nlu import Intent

_KNOWN_INTENTS = {i.value for i in Intent}


def _intents(values: list[str]) -> list[str]:
    unknown = sorted(set(values) - _KNOWN_INTENTS)
    if unknown:
        raise ValueError(f"unknown intents: {', '.join(unknown)}")
    return list(dict.fromkeys(values))


def _tags(values: list[str]) -> list[str]:
    cleaned = [" ".join(v.split()) for v in values]
    if any(not v or len(v) > 40 for v in cleaned):
        raise ValueError("tags must be 1 to 40 characters")
    return list(dict.fromkeys(v.lower() for v in cleaned))


Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Locale = Annotated[str, Field(min_length=2, max_length=16, pattern=r"^[a-z]{2}(-[A-Za-z]{2,4})?$")]
IntentName = Annotated[str, WithJsonSchema({"type": "string", "enum": sorted(_KNOWN_INTENTS)})]
Intents = Annotated[list[IntentName], Field(max_length=40), AfterValidator(_intents)]
Tag = Annotated[str, Field(max_length=40, pattern=r"\S")]
Tags = Annotated[list[Tag], Field(max_length=30), AfterValidator(_tags)]


class ArticleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: Slug
    locale: Locale
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    tags: Tags = Field(default_factory=list)
    intents: Intents = Field(default_factory=list)
    published: bool = True


class ArticleUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    body: str | None = Field(default=None, min_length=1, max_length=20_000)
    tags: Tags | None = None
    intents: Intents | None = None
    published: bool | None = None


class ArticleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    locale: str
    title: str
    body: str
    tags: list[str]
    intents: list[str]
    published: bool
    updated_by: str
    created_at: datetime
    updated_at: datetime

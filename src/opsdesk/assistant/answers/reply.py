"""What an answer produces: paragraphs, links for the widget, and the dialogue state after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from opsdesk.assistant.answers.texts import Voice
from opsdesk.assistant.dialogue import DialogueState


@dataclass(frozen=True)
class StoreFacts:
    """The installation's facts an answer needs (from ``Settings``, passed in as values)."""

    name: str
    secret_key: str
    public_url: str


@dataclass(frozen=True)
class Context:
    session: Session
    voice: Voice
    store: StoreFacts
    now: datetime
    customer_name: str = ""

    @property
    def name(self) -> str:
        """The customer's first name as templates take it, with the vocative comma all five
        languages use ("Hello, Anna!", "Hallo, Anna!", "¡Hola, Ana!"), or nothing."""
        return f", {self.customer_name}" if self.customer_name else ""

    def say(self, key: str, **values: object) -> str:
        return self.voice.say(key, **values)


@dataclass(frozen=True)
class Link:
    kind: str  # tracking | carrier | invoice | return
    url: str


@dataclass
class Reply:
    paragraphs: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    offer_team: bool = True  # end with "Please let me know if you'd like to speak to …"
    done: bool = False  # the order was changed (the chat then audits it and tells the customer)

    def add(self, text: str) -> Reply:
        if text:
            self.paragraphs.append(text)
        return self

    def link(self, kind: str, url: str) -> Reply:
        if url:
            self.links.append(Link(kind, url))
        return self


@dataclass(frozen=True)
class Answer:
    reply: Reply
    state: DialogueState

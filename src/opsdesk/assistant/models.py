"""Assistant tables: chat sessions and their messages, and knowledge-base articles."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class ChatRole(enum.StrEnum):
    CUSTOMER = "customer"
    ASSISTANT = "assistant"
    SYSTEM = "system"


class ChatSession(Base):
    """One conversation in the widget; ``state`` is the dialogue state between turns."""

    __tablename__ = "chat_sessions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    store: Mapped[str] = mapped_column(sa.String(80), default="")
    locale: Mapped[str] = mapped_column(sa.String(16), default="en")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    # ``dialogue.DialogueState.to_json()``: slots, verified order, pending confirmation.
    state: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    ticket_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True, index=True
    )
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatMessage(Base):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"))
    role: Mapped[ChatRole] = mapped_column(str_enum(ChatRole, 16))
    body: Mapped[str] = mapped_column(sa.Text)
    intent: Mapped[str | None] = mapped_column(sa.String(40), nullable=True)
    confidence: Mapped[float | None] = mapped_column(sa.Float, nullable=True)
    language: Mapped[str | None] = mapped_column(sa.String(8), nullable=True)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    # Extra, structured content for the widget: links (tracking, invoice), quick replies.
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_chat_messages_session_id", "session_id", "id"),
        sa.Index("ix_chat_messages_session_role_created", "session_id", "role", "created_at"),
    )


class KbArticle(Base):
    """A store policy or answer the assistant quotes; staff edit them."""

    __tablename__ = "kb_articles"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(sa.String(80))
    locale: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    tags: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    intents: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    published: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    updated_by: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("slug", "locale"),
        sa.Index("ix_kb_articles_locale_published", "locale", "published"),
    )


class ChatProofCode(Base):
    """A one-time code e-mailed to an order's address to prove a chat controls it.

    Only a keyed digest of the code is stored; the code works in the chat that asked for
    it, for a few minutes, once, and for a few tries (``chat.proof``).
    """

    __tablename__ = "chat_proof_codes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

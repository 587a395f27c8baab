"""Service desk tables: tickets, their messages, history and order links; teams, SLA
policies and agent availability.

The inbox lists up to millions of tickets, so every filter it offers has an index that
ends with the keyset order (``updated_at, id``) or is an SLA instant the list compares
with now. SLA instants are derived from the append-only ``ticket_events`` and written
back on every change (``support.sla_status``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow
from opsdesk.support.sla import Priority, SlaStatus, TicketStatus


class Channel(enum.StrEnum):
    EMAIL = "email"
    WEB = "web"
    CHAT = "chat"
    API = "api"
    PHONE = "phone"


class AuthorKind(enum.StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SYSTEM = "system"
    INTERNAL_NOTE = "internal_note"


class OutboundStatus(enum.StrEnum):
    QUEUED = "queued"  # committed, waiting for the worker to send it
    SENT = "sent"
    FAILED = "failed"  # the mail relay refused it for good


class Team(Base):
    __tablename__ = "support_teams"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # ``support.sla.calendar_to_spec`` JSON: time zone, weekly hours, holidays.
    calendar: Mapped[dict[str, Any]] = mapped_column(JSONType())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SlaPolicyRecord(Base):
    """An SLA policy as admins configure it; ``position`` orders equally specific ones."""

    __tablename__ = "sla_policies"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    # {priority: {"first_response_minutes": n, "resolution_minutes": n}}
    targets: Mapped[dict[str, Any]] = mapped_column(JSONType())
    channels: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    customer_tags: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    priorities: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    pause_on_pending_operations: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    at_risk_fraction: Mapped[float] = mapped_column(sa.Float, default=0.25)
    at_risk_margin_minutes: Mapped[int] = mapped_column(sa.Integer, default=0)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)


class AgentAvailability(Base):
    """Whether an agent takes new tickets, how many at once, and when they last got one."""

    __tablename__ = "agent_availability"

    staff_user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True
    )
    online: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    capacity: Mapped[int] = mapped_column(sa.Integer, default=10)
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_agent_availability_online", "online", "staff_user_id"),)


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, 16))
    status: Mapped[TicketStatus] = mapped_column(str_enum(TicketStatus))
    priority: Mapped[Priority] = mapped_column(str_enum(Priority, 16))
    assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True
    )
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("support_teams.id", ondelete="SET NULL"), nullable=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    requester_email: Mapped[str] = mapped_column(sa.String(254), default="")
    requester_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # Denormalised from ``ticket_tags`` so a list page needs no second query.
    tags: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    reason: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # SLA instants written back from the clock; the list compares them with now.
    sla_policy: Mapped[str] = mapped_column(sa.String(80), default="default")
    sla_status: Mapped[SlaStatus | None] = mapped_column(str_enum(SlaStatus, 16), nullable=True)
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sla_at_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sla_breach_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sla_paused: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    sla_next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        sa.Index("ix_tickets_updated_id", "updated_at", "id"),
        sa.Index("ix_tickets_status_updated", "status", "updated_at", "id"),
        sa.Index("ix_tickets_priority_updated", "priority", "updated_at", "id"),
        sa.Index("ix_tickets_assignee_updated", "assignee_id", "updated_at", "id"),
        sa.Index("ix_tickets_team_updated", "team_id", "updated_at", "id"),
        sa.Index("ix_tickets_customer_updated", "customer_id", "updated_at", "id"),
        sa.Index("ix_tickets_assignee_status", "assignee_id", "status"),
        sa.Index("ix_tickets_sla_due", "sla_due_at", "id"),
        sa.Index("ix_tickets_sla_breach", "sla_breach_at"),
        sa.Index("ix_tickets_sla_at_risk", "sla_at_risk_at"),
        sa.Index("ix_tickets_sla_next_check", "sla_next_check_at"),
    )

    @property
    def reference(self) -> str:
        """The token customers see in e-mail subjects: ``T-1042``."""
        return f"T-{self.id}"


class TicketTag(Base):
    __tablename__ = "ticket_tags"

    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(sa.String(64), primary_key=True)

    __table_args__ = (sa.Index("ix_ticket_tags_tag_ticket", "tag", "ticket_id"),)


class TicketMessage(Base):
    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    author_kind: Mapped[AuthorKind] = mapped_column(str_enum(AuthorKind, 16))
    author_staff_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True
    )
    author_name: Mapped[str] = mapped_column(sa.String(200), default="")
    author_email: Mapped[str] = mapped_column(sa.String(254), default="")
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # E-mail threading: our own Message-ID for replies we send, theirs for mail received.
    email_message_id: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    in_reply_to: Mapped[str | None] = mapped_column(sa.String(255), nullable=True)
    references: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    # [{"filename", "content_type", "size"}]: metadata only, the bytes are not kept.
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    outbound_status: Mapped[OutboundStatus | None] = mapped_column(
        str_enum(OutboundStatus, 16), nullable=True
    )
    outbound_error: Mapped[str] = mapped_column(sa.String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_ticket_messages_ticket_id", "ticket_id", "id"),
        sa.Index("ix_ticket_messages_email_message_id", "email_message_id", unique=True),
    )


class TicketOrderLink(Base):
    __tablename__ = "ticket_order_links"

    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    order_id: Mapped[int] = mapped_column(
        sa.ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    automatic: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    linked_by: Mapped[str] = mapped_column(sa.String(120), default="")
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_ticket_order_links_order_ticket", "order_id", "ticket_id"),)


class TicketEventKind(enum.StrEnum):
    CREATED = "created"
    STATUS = "status"
    PRIORITY = "priority"
    ASSIGNEE = "assignee"
    TEAM = "team"
    TAGS = "tags"
    REASON = "reason"
    AGENT_REPLY = "agent_reply"
    CUSTOMER_REPLY = "customer_reply"
    ORDER_LINKED = "order_linked"
    ORDER_UNLINKED = "order_unlinked"
    SLA = "sla"


class TicketHistoryEvent(Base):
    """Append-only history of a ticket; the SLA clock replays it."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[TicketEventKind] = mapped_column(str_enum(TicketEventKind, 24))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(sa.String(120), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)

    __table_args__ = (sa.Index("ix_ticket_events_ticket_id", "ticket_id", "id"),)


class Macro(Base):
    """A canned reply with ``{{ variables }}``, shared by the whole desk or by one team."""

    __tablename__ = "support_macros"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    locale: Mapped[str] = mapped_column(sa.String(16), default="en")
    body: Mapped[str] = mapped_column(sa.Text)
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("support_teams.id", ondelete="SET NULL"), nullable=True
    )
    created_by: Mapped[str] = mapped_column(sa.String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("name", "locale"),
        sa.Index("ix_support_macros_team_name", "team_id", "name"),
    )


class CsatResponse(Base):
    """A customer's 1–5 rating of a solved ticket; one per ticket. Who worked the ticket
    (agent, team) is copied at answer time so reports group by it without joins."""

    __tablename__ = "csat_responses"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    customer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="SET NULL"), nullable=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True
    )
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("support_teams.id", ondelete="SET NULL"), nullable=True
    )
    score: Mapped[int] = mapped_column(sa.SmallInteger)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    locale: Mapped[str] = mapped_column(sa.String(16), default="en")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        sa.Index("ix_csat_responses_submitted", "submitted_at", "id"),
        sa.Index("ix_csat_responses_customer", "customer_id", "submitted_at"),
    )

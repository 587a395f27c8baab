"""Proactive rules, their audit trail, delayed actions and the order flags they raise."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.kernel.db import Base, BigIntPK, JSONType, UTCDateTime, str_enum, utcnow


class Rule(Base):
    """A stored rule: triggers, conditions (JSON), actions (JSON) and its cost caps."""

    __tablename__ = "proactive_rules"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # The key of a seeded built-in rule ("shipment_at_risk" …); None for a store's own.
    builtin: Mapped[str | None] = mapped_column(sa.String(40), unique=True, nullable=True)
    enabled: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    triggers: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    conditions: Mapped[dict[str, Any] | None] = mapped_column(JSONType(), nullable=True)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    currency: Mapped[str] = mapped_column(sa.String(3))
    per_order_cap_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    per_day_cap_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    created_by: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(sa.String(120))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Outcome(enum.StrEnum):
    FIRED = "fired"  # the actions ran (some may have been held back: see reasons)
    SUPPRESSED = "suppressed"  # matched, but nothing was done (already handled, …)


class RuleEvaluation(Base):
    """Append-only audit trail: every evaluation that fired or was suppressed, and why."""

    __tablename__ = "rule_evaluations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    rule_id: Mapped[int] = mapped_column(sa.ForeignKey("proactive_rules.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(sa.String(48))
    subject_key: Mapped[str] = mapped_column(sa.String(120))
    # Equal to subject_key when the rule fired: the unique index makes firing twice for
    # the same subject impossible, even for two workers racing.
    fired_key: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, 16))
    reasons: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    order_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    shipment_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    cost_minor: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    currency: Mapped[str] = mapped_column(sa.String(3))
    cause: Mapped[str] = mapped_column(sa.String(80), default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("rule_id", "fired_key"),
        sa.Index("ix_rule_evaluations_rule_time", "rule_id", "occurred_at", "id"),
        sa.Index("ix_rule_evaluations_rule_order", "rule_id", "order_id"),
    )


class ActionStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    SUPPRESSED = "suppressed"


class ScheduledAction(Base):
    """An action a rule deferred (a follow-up N days after delivery), run by a job."""

    __tablename__ = "proactive_scheduled_actions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    rule_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proactive_rules.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(sa.String(32))
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, 16))
    outcome: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (sa.Index("ix_proactive_scheduled_actions_due", "status", "due_at"),)


class OrderFlag(Base):
    """A flag on an order that agents filter on ("delay_risk"), until someone clears it."""

    __tablename__ = "order_flags"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    flag: Mapped[str] = mapped_column(sa.String(40))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    rule_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proactive_rules.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cleared_by: Mapped[str | None] = mapped_column(sa.String(120), nullable=True)

    __table_args__ = (
        sa.Index("ix_order_flags_flag_open", "flag", "cleared_at", "id"),
        sa.Index("ix_order_flags_order", "order_id", "flag"),
    )

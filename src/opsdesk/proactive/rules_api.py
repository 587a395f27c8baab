"""Proactive rules over HTTP (operations, admin): CRUD, preview, audit; order flags (staff)."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request, Response

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import NotFound
from opsdesk.kernel.http import DB, Principal, Role, require, settings_of
from opsdesk.proactive.rules import engine, store
from opsdesk.proactive.rules.conditions import describe
from opsdesk.proactive.rules.models import OrderFlag, Rule, RuleEvaluation
from opsdesk.proactive.rules.preview import preview
from opsdesk.proactive.rules.schemas import (
    EvaluationRead,
    FlagRead,
    PreviewRead,
    RuleCreate,
    RuleRead,
    RuleUpdate,
)

router = APIRouter(tags=["proactive rules"])
Operations = Annotated[Principal, Depends(require(Role.OPERATIONS))]
Staff = Annotated[Principal, Depends(require())]


def _read(rule: Rule) -> RuleRead:
    return RuleRead(
        id=rule.id,
        name=rule.name,
        description=rule.description,
        builtin=rule.builtin,
        enabled=rule.enabled,
        triggers=list(rule.triggers),
        conditions=rule.conditions,
        conditions_text=describe(engine.parsed(rule).condition),
        actions=list(rule.actions),
        currency=rule.currency,
        per_order_cap_minor=rule.per_order_cap_minor,
        per_day_cap_minor=rule.per_day_cap_minor,
        created_by=rule.created_by,
        created_at=rule.created_at,
        updated_by=rule.updated_by,
        updated_at=rule.updated_at,
    )


@router.get("/rules", response_model=list[RuleRead])
def list_rules(session: DB, _ops: Operations) -> list[RuleRead]:
    return [_read(r) for r in store.list_rules(session)]


@router.post("/rules", response_model=RuleRead, status_code=201)
def create_rule(
    body: RuleCreate, request: Request, response: Response, session: DB, ops: Operations
) -> RuleRead:
    currency = settings_of(request).default_currency
    rule = store.create_rule(session, body, currency=currency, actor=ops.actor)
    response.headers["Location"] = f"/api/v1/rules/{rule.id}"
    return _read(rule)


@router.get("/rules/{rule_id}", response_model=RuleRead)
def get_rule(rule_id: int, session: DB, _ops: Operations) -> RuleRead:
    return _read(store.get_rule(session, rule_id))


@router.patch("/rules/{rule_id}", response_model=RuleRead)
def update_rule(rule_id: int, body: RuleUpdate, session: DB, ops: Operations) -> RuleRead:
    return _read(store.update_rule(session, rule_id, body, actor=ops.actor))


@router.delete("/rules/{rule_id}", status_code=204)
def delete_rule(rule_id: int, session: DB, _ops: Operations) -> Response:
    store.delete_rule(session, rule_id)
    return Response(status_code=204)


@router.post("/rules/{rule_id}/preview", response_model=PreviewRead)
def preview_rule(rule_id: int, request: Request, session: DB, _ops: Operations) -> PreviewRead:
    """What the rule would do over current data now; writes nothing."""
    rule = store.get_rule(session, rule_id)
    return preview(session, settings_of(request), rule, utcnow())


@router.get("/rules/{rule_id}/evaluations", response_model=list[EvaluationRead])
def rule_evaluations(
    rule_id: int,
    session: DB,
    _ops: Operations,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[EvaluationRead]:
    """The audit trail, newest first: what fired, what was suppressed, and why."""
    store.get_rule(session, rule_id)
    e = RuleEvaluation
    rows = session.scalars(
        sa.select(e)
        .where(e.rule_id == rule_id)
        .order_by(e.occurred_at.desc(), e.id.desc())
        .limit(limit)
    )
    return [EvaluationRead.model_validate(r) for r in rows]


@router.get("/order-flags", response_model=list[FlagRead])
def list_flags(
    session: DB,
    _staff: Staff,
    flag: Annotated[str | None, Query(max_length=40)] = None,
    order_id: int | None = None,
    open_only: Annotated[bool, Query(alias="open")] = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[FlagRead]:
    """Orders flagged for agents by proactive rules, newest first."""
    query = sa.select(OrderFlag)
    if flag is not None:
        query = query.where(OrderFlag.flag == flag)
    if order_id is not None:
        query = query.where(OrderFlag.order_id == order_id)
    if open_only:
        query = query.where(OrderFlag.cleared_at.is_(None))
    rows = session.scalars(query.order_by(OrderFlag.id.desc()).limit(limit))
    return [FlagRead.model_validate(r) for r in rows]


@router.post("/order-flags/{flag_id}/clear", response_model=FlagRead)
def clear_flag(flag_id: int, session: DB, staff: Staff) -> FlagRead:
    """An agent dealt with the flag; clearing twice keeps the first clearing."""
    row = session.get(OrderFlag, flag_id)
    if row is None:
        raise NotFound("order flag", flag_id)
    if row.cleared_at is None:
        row.cleared_at, row.cleared_by = utcnow(), staff.actor
        session.flush()
    return FlagRead.model_validate(row)

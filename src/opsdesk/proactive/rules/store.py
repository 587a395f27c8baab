"""Rules as stored data: create, change, delete, read, and the built-in five.

A rule is validated whole before anything is written (conditions against its triggers'
facts, message types against what the triggers can fill in), so a bad rule is a 422
naming each problem and never a half-saved row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, Conflict, InvalidInput, NotFound
from opsdesk.proactive.rules import conditions as cond
from opsdesk.proactive.rules.builtin import BUILTIN_RULES
from opsdesk.proactive.rules.models import Rule
from opsdesk.proactive.rules.plan import ParsedRule, parse_rule
from opsdesk.proactive.rules.schemas import RuleCreate, RuleUpdate, SendMessage
from opsdesk.proactive.rules.triggers import messages_of


def _invalid(problems: list[cond.Problem]) -> InvalidInput:
    return InvalidInput(
        "the rule is not valid: " + "; ".join(f"{p.field}: {p.reason}" for p in problems),
        details={"errors": [{"field": p.field, "reason": p.reason} for p in problems]},
    )


def validate(
    *, triggers: list[str], conditions: Any, actions: list[dict[str, Any]], currency: str
) -> ParsedRule:
    """The rule as it would run, or InvalidInput listing every problem."""
    try:
        rule = parse_rule(
            rule_id=0,
            name="",
            triggers=triggers,
            conditions=conditions,
            actions=actions,
            currency=currency,
            per_order_cap_minor=0,
            per_day_cap_minor=0,
        )
    except cond.ConditionError as exc:
        raise _invalid(exc.problems) from exc
    except (ValidationError, ValueError) as exc:
        raise _invalid([cond.Problem("rule", str(exc).splitlines()[0])]) from exc
    sendable = messages_of(rule.triggers)
    problems = [
        cond.Problem(f"actions.{i}.message_type", f"these triggers can send {_list(sendable)}")
        for i, action in enumerate(rule.actions)
        if isinstance(action, SendMessage) and action.message_type not in sendable
    ]
    if problems:
        raise _invalid(problems)
    return rule


def _list(values: frozenset[str]) -> str:
    return ", ".join(sorted(values)) or "no message"


def get_rule(session: Session, rule_id: int) -> Rule:
    rule = session.get(Rule, rule_id)
    if rule is None:
        raise NotFound("rule", rule_id)
    return rule


def list_rules(session: Session) -> list[Rule]:
    return list(session.scalars(sa.select(Rule).order_by(Rule.id)))


def _check_name(session: Session, name: str, rule_id: int | None = None) -> None:
    query = sa.select(Rule.id).where(Rule.name == name.strip())
    if rule_id is not None:
        query = query.where(Rule.id != rule_id)
    if session.scalar(query) is not None:
        raise AlreadyExists(f"a rule named {name.strip()!r} exists", details={"field": "name"})


def create_rule(
    session: Session,
    data: RuleCreate,
    *,
    currency: str,
    actor: str,
    builtin: str | None = None,
    now: datetime | None = None,
) -> Rule:
    at = now or utcnow()
    actions = [a.model_dump() for a in data.actions]
    triggers = [t.value for t in data.triggers]
    validate(triggers=triggers, conditions=data.conditions, actions=actions, currency=currency)
    _check_name(session, data.name)
    rule = Rule(
        name=data.name.strip(),
        description=data.description,
        builtin=builtin,
        enabled=data.enabled,
        triggers=triggers,
        conditions=data.conditions,
        actions=actions,
        currency=currency.upper(),
        per_order_cap_minor=data.per_order_cap_minor,
        per_day_cap_minor=data.per_day_cap_minor,
        created_by=actor,
        created_at=at,
        updated_by=actor,
        updated_at=at,
    )
    session.add(rule)
    session.flush()
    return rule


def update_rule(
    session: Session, rule_id: int, data: RuleUpdate, *, actor: str, now: datetime | None = None
) -> Rule:
    rule = get_rule(session, rule_id)
    sent = data.model_fields_set
    triggers = [t.value for t in data.triggers] if data.triggers is not None else rule.triggers
    actions = [a.model_dump() for a in data.actions] if data.actions is not None else rule.actions
    conditions = data.conditions if "conditions" in sent else rule.conditions
    validate(triggers=triggers, conditions=conditions, actions=actions, currency=rule.currency)
    if data.name is not None:
        _check_name(session, data.name, rule.id)
        rule.name = data.name.strip()
    for field in ("description", "enabled", "per_order_cap_minor", "per_day_cap_minor"):
        value = getattr(data, field)
        if value is not None:
            setattr(rule, field, value)
    rule.triggers, rule.actions, rule.conditions = triggers, actions, conditions
    rule.updated_by, rule.updated_at = actor, now or utcnow()
    session.flush()
    return rule


def delete_rule(session: Session, rule_id: int) -> None:
    rule = get_rule(session, rule_id)
    if rule.builtin is not None:
        raise Conflict(
            f"rule {rule_id} is built in ({rule.builtin}); disable it instead",
            details={"builtin": rule.builtin},
        )
    session.delete(rule)
    session.flush()


def seed_builtin_rules(
    session: Session, *, currency: str, now: datetime | None = None
) -> list[Rule]:
    """Insert the built-in rules not stored yet (idempotent; existing ones are untouched,
    so a store's changes to them survive). Safe while other workers seed at the same
    moment: a rule one of them stored first is skipped, not an error."""
    known = set(session.scalars(sa.select(Rule.builtin).where(Rule.builtin.is_not(None))))
    names = set(session.scalars(sa.select(Rule.name)))
    created = []
    for key, data in BUILTIN_RULES.items():
        if key in known or data.name in names:  # a store's own rule took the name: keep it
            continue
        try:
            with session.begin_nested():
                rule = create_rule(
                    session, data, currency=currency, actor="system:seed", builtin=key, now=now
                )
        except (IntegrityError, AlreadyExists):  # stored meanwhile by a racing worker
            continue
        created.append(rule)
    return created

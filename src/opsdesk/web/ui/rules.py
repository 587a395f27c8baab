"""Proactive rules for operations: the list with switches and the last day's activity, a
rule's editor, the "what would happen" preview (writes nothing) and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import Response

from opsdesk import proactive
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.proactive.rules import store
from opsdesk.proactive.rules.conditions import describe
from opsdesk.proactive.rules.engine import parsed
from opsdesk.proactive.rules.preview import preview
from opsdesk.proactive.rules.schemas import RuleUpdate
from opsdesk.proactive.rules.triggers import MESSAGES, Trigger, facts_of
from opsdesk.web.ui import rule_fields
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.admin_forms import FieldProblem, FormRefused, from_service, problems_by_field
from opsdesk.web.ui.rule_fields import ConditionRow
from opsdesk.web.ui.rule_form import RuleForm, action_summary
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
ROLES = (Role.OPERATIONS,)
AUDIT_ROWS = 50
ACTION_TYPES = ("send_message", "issue_remedy", "create_ticket", "flag_order",
                "note_team_lead", "schedule_follow_up")  # fmt: skip


def _last_day(session: Session, request: Request) -> dict[int, dict[str, int]]:
    """Firings and suppressions of every rule in the last 24 hours, by rule id."""
    e = proactive.RuleEvaluation
    since = now_of(request) - timedelta(hours=24)
    rows = session.execute(
        sa.select(e.rule_id, e.outcome, sa.func.count())
        .where(e.occurred_at >= since)
        .group_by(e.rule_id, e.outcome)
    )
    counts: dict[int, dict[str, int]] = {}
    for rule_id, outcome, n in rows:
        counts.setdefault(rule_id, {})[str(outcome.value)] = int(n)
    return counts


@router.get("/workspace/rules")
def rules_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    rules = store.list_rules(session)
    return render(
        request, "admin/rules.html", principal=principal, rules=rules,
        last_day=_last_day(session, request),
        conditions={r.id: describe(parsed(r).condition) for r in rules},
        builtin_missing=sum(1 for r in rules if r.builtin) < len(store.BUILTIN_RULES),
    )  # fmt: skip


@router.post("/workspace/rules/builtin")
def add_builtin(request: Request, session: DB, csrf: Annotated[str, Form()] = "") -> Response:
    """Store the built-in rules not stored yet (the worker also does this daily)."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    currency = request.app.state.settings.default_currency
    added = proactive.seed_builtin_rules(session, currency=currency, now=now_of(request))
    flash(request, "ok", f"{len(added)} built-in rules added.")
    return RedirectResponse("/workspace/rules", status_code=303)


@router.post("/workspace/rules/{rule_id}/enabled")
def switch(
    rule_id: int, request: Request, session: DB,
    enabled: Annotated[bool, Form()], csrf: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    change = RuleUpdate(enabled=enabled)
    try:
        with session.begin_nested():
            rule = proactive.update_rule(
                session, rule_id, change, actor=principal.actor, now=now_of(request)
            )
    except NotFound:
        return not_found(request, principal, "rule")
    except OpsDeskError as error:  # a stored rule no longer valid (e.g. an old message type)
        flash(request, "error", f"Nothing was changed: {error.message}")
        return RedirectResponse("/workspace/rules", status_code=303)
    flash(request, "ok", f"“{rule.name}” is {'on' if enabled else 'off'}.")
    return RedirectResponse("/workspace/rules", status_code=303)


def _rule_page(
    request: Request, session: Session, principal: Principal, rule_id: int,
    form: RuleForm | None = None, problems: list[FieldProblem] | None = None,
) -> Response:  # fmt: skip
    try:
        rule = store.get_rule(session, rule_id)
    except NotFound:
        return not_found(request, principal, "rule")
    e = proactive.RuleEvaluation
    audit = session.scalars(
        sa.select(e).where(e.rule_id == rule_id)
        .order_by(e.occurred_at.desc(), e.id.desc()).limit(AUDIT_ROWS)
    ).all()  # fmt: skip
    shown = form or RuleForm.of(rule)
    known = {t.value for t in Trigger}
    facts = facts_of(Trigger(t) for t in rule.triggers if t in known)
    return render(
        request, "admin/rule.html", 422 if problems else 200, principal=principal, rule=rule,
        form=shown, problems=problems or [], by_field=problems_by_field(problems or []),
        triggers=[t.value for t in Trigger], facts=sorted(facts.items()), audit=audit,
        action_types=ACTION_TYPES, conditions_text=describe(parsed(rule).condition),
        all_facts=sorted(facts_of(Trigger).items()), operators=rule_fields.OPERATOR_WORDS,
        combine=rule_fields.COMBINE, message_types=sorted(set().union(*MESSAGES.values())),
    )  # fmt: skip


@router.get("/workspace/rules/{rule_id}")
def rule_page(rule_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    return _rule_page(request, session, principal, rule_id)


async def _posted(request: Request) -> FormData:
    return await request.form()


def _form_of(posted: FormData) -> RuleForm:
    """The editor as posted: condition rows (``cond_fact``/``cond_op``/``cond_value`` in
    order), one fieldset per action type (``issue_remedy-discount_minor``), or raw JSON."""
    text = {k: str(v) for k, v in posted.items() if isinstance(v, str)}
    form = RuleForm(
        text.get("name", ""), text.get("description", ""),
        [str(t) for t in posted.getlist("triggers")], text.get("conditions", ""),
        text.get("actions", ""), text.get("per_order_cap", ""), text.get("per_day_cap", ""),
        editor="json" if text.get("editor") == "json" else "form",
        combine=text.get("combine", "all"),
    )  # fmt: skip
    columns = (posted.getlist(n) for n in ("cond_fact", "cond_op", "cond_value"))
    form.rows = [ConditionRow(str(f), str(o), str(v)) for f, o, v in zip(*columns, strict=False)]
    form.fields = {
        kind: {n: text.get(f"{kind}-{n}", "") for n in (*model.model_fields, "on") if n != "type"}
        for kind, model in rule_fields.ACTION_MODELS.items()
    }
    return form


@router.post("/workspace/rules/{rule_id}")
def save_rule(
    rule_id: int, request: Request, session: DB,
    posted: Annotated[FormData, Depends(_posted)], csrf: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Save the editor; every problem (an unreadable value, a condition the trigger cannot
    test, a message it cannot send) comes back beside its field, with nothing saved."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    form = _form_of(posted)
    try:
        rule = store.get_rule(session, rule_id)
        change = form.update(rule.currency)
        with session.begin_nested():
            proactive.update_rule(session, rule_id, change, actor=principal.actor,
                                  now=now_of(request))  # fmt: skip
    except NotFound:
        return not_found(request, principal, "rule")
    except FormRefused as refused:
        return _rule_page(request, session, principal, rule_id, form, refused.problems)
    except OpsDeskError as error:
        found = [FieldProblem(form.field_of(p.field), p.reason) for p in from_service(error)]
        return _rule_page(request, session, principal, rule_id, form, found)
    flash(request, "ok", "Rule saved.")
    return RedirectResponse(f"/workspace/rules/{rule_id}", status_code=303)


@router.post("/workspace/rules/{rule_id}/preview")
def preview_rule(rule_id: int, request: Request, session: DB) -> Response:
    """What the stored rule would do over current data now. Writes nothing: the preview
    plans with the worker's pure ``plan`` and only reads."""
    principal = staff_for_change(session, request, "", *ROLES)
    if isinstance(principal, Response):
        return principal
    try:
        rule = store.get_rule(session, rule_id)
    except NotFound:
        return not_found(request, principal, "rule")
    result = preview(session, request.app.state.settings, rule, now_of(request))
    return render(request, "admin/_preview.html", principal=principal, rule=rule, result=result,
                  say=action_summary)  # fmt: skip

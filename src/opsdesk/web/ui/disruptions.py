"""Disruptions for operations: list, declare, change or end one, and see at once which
shipments in flight it touches and how likely each is now to miss its promise."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import proactive
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.proactive import disruptions as disruption_store
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.admin_forms import (
    FieldProblem,
    FormRefused,
    from_service,
    from_validation,
    parse_utc,
    problems_by_field,
    utc_input,
)
from opsdesk.web.ui.disruption_data import affected_shipments, split_by_time
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
ROLES = (Role.OPERATIONS,)
TOP_AT_RISK = 10
LISTED = 200


class DisruptionForm:
    """What the declare/edit form holds, as typed by the user (re-shown when refused)."""

    FIELDS = ("kind", "severity", "region", "carrier", "starts_at", "ends_at", "note")

    def __init__(self, values: dict[str, str]) -> None:
        self.values = {field: values.get(field, "") for field in self.FIELDS}

    @classmethod
    def blank(cls, now: datetime) -> DisruptionForm:
        start = now.replace(minute=0, second=0, microsecond=0)
        return cls({"kind": "weather", "severity": "medium", "starts_at": utc_input(start),
                    "ends_at": utc_input(start + timedelta(days=1))})  # fmt: skip

    @classmethod
    def of(cls, row: proactive.Disruption) -> DisruptionForm:
        return cls({"kind": row.kind.value, "severity": row.severity.value, "region": row.region,
                    "carrier": row.carrier, "starts_at": utc_input(row.starts_at),
                    "ends_at": utc_input(row.ends_at), "note": row.note})  # fmt: skip

    def data(self) -> dict[str, Any]:
        """The typed fields, or FormRefused naming every unreadable one."""
        problems: list[FieldProblem] = []
        typed: dict[str, Any] = {k: self.values[k].strip() for k in self.FIELDS}
        for field in ("starts_at", "ends_at"):
            try:
                typed[field] = parse_utc(field, self.values[field])
            except FormRefused as refused:
                problems.extend(refused.problems)
        if problems:
            raise FormRefused(problems)
        return typed


def _form_values(
    kind: str, severity: str, region: str, carrier: str, starts_at: str, ends_at: str, note: str
) -> DisruptionForm:
    return DisruptionForm({"kind": kind, "severity": severity, "region": region,
                           "carrier": carrier, "starts_at": starts_at, "ends_at": ends_at,
                           "note": note})  # fmt: skip


def _choices() -> dict[str, list[str]]:
    return {"kinds": [k.value for k in proactive.DisruptionKind],
            "severities": [s.value for s in proactive.Severity]}  # fmt: skip


def _list_page(
    request: Request, session: Session, principal: Principal, form: DisruptionForm,
    problems: list[FieldProblem] | None = None,
) -> Response:  # fmt: skip
    now = now_of(request)
    rows = disruption_store.list_disruptions(session, now=now, limit=LISTED)
    return render(
        request, "admin/disruptions.html", 422 if problems else 200, principal=principal,
        groups=split_by_time(rows, now), form=form.values, problems=problems or [],
        by_field=problems_by_field(problems or []), **_choices(),
    )  # fmt: skip


@router.get("/workspace/disruptions")
def disruptions_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    return _list_page(request, session, principal, DisruptionForm.blank(now_of(request)))


@router.post("/workspace/disruptions")
def declare(
    request: Request, session: DB, csrf: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "", severity: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "", carrier: Annotated[str, Form()] = "",
    starts_at: Annotated[str, Form()] = "", ends_at: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Declare a disruption; the shipments it touches are rescored in the same request."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    form = _form_values(kind, severity, region, carrier, starts_at, ends_at, note)
    try:
        body = proactive.DisruptionCreate.model_validate(form.data())
        with session.begin_nested():
            outcome = proactive.declare_disruption(
                session, body, actor=principal.actor, now=now_of(request)
            )
    except FormRefused as refused:
        return _list_page(request, session, principal, form, refused.problems)
    except ValidationError as invalid:
        return _list_page(request, session, principal, form, from_validation(invalid))
    except OpsDeskError as error:
        return _list_page(request, session, principal, form, from_service(error))
    flash(request, "ok", f"Disruption declared; {_shipments(outcome.rescored)} rescored.")
    return RedirectResponse(f"/workspace/disruptions/{outcome.disruption.id}", status_code=303)


def _detail_page(
    request: Request, session: Session, principal: Principal, disruption_id: int,
    form: DisruptionForm | None = None, problems: list[FieldProblem] | None = None,
) -> Response:  # fmt: skip
    try:
        row = disruption_store.get(session, disruption_id)
    except NotFound:
        return not_found(request, principal, "disruption")
    now = now_of(request)
    affected = affected_shipments(session, row, limit=TOP_AT_RISK)
    return render(
        request, "admin/disruption.html", 422 if problems else 200, principal=principal,
        disruption=row, history=disruption_store.history(session, row.id), affected=affected,
        active=row.starts_at <= now < row.ends_at, over=row.ends_at <= now,
        form=(form or DisruptionForm.of(row)).values, problems=problems or [],
        by_field=problems_by_field(problems or []), **_choices(),
    )  # fmt: skip


@router.get("/workspace/disruptions/{disruption_id}")
def disruption_page(disruption_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    return _detail_page(request, session, principal, disruption_id)


@router.post("/workspace/disruptions/{disruption_id}")
def change(
    disruption_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "", severity: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "", carrier: Annotated[str, Form()] = "",
    starts_at: Annotated[str, Form()] = "", ends_at: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    form = _form_values(kind, severity, region, carrier, starts_at, ends_at, note)
    try:
        body = proactive.DisruptionUpdate.model_validate(form.data())
    except FormRefused as refused:
        return _detail_page(request, session, principal, disruption_id, form, refused.problems)
    except ValidationError as invalid:
        problems = from_validation(invalid)
        return _detail_page(request, session, principal, disruption_id, form, problems)
    return _update(request, session, principal, disruption_id, body, form)


@router.post("/workspace/disruptions/{disruption_id}/end")
def end_now(
    disruption_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    """End a running disruption now: its shipments are rescored without it."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    body = proactive.DisruptionUpdate(ends_at=now_of(request))
    return _update(request, session, principal, disruption_id, body, None, done="ended")


def _update(
    request: Request, session: Session, principal: Principal, disruption_id: int,
    body: proactive.DisruptionUpdate, form: DisruptionForm | None, done: str = "saved",
) -> Response:  # fmt: skip
    try:
        with session.begin_nested():
            outcome = proactive.update_disruption(
                session, disruption_id, body, actor=principal.actor, now=now_of(request)
            )
    except NotFound:
        return not_found(request, principal, "disruption")
    except OpsDeskError as error:
        problems = from_service(error)
        return _detail_page(request, session, principal, disruption_id, form, problems)
    flash(request, "ok", f"Disruption {done}; {_shipments(outcome.rescored)} rescored.")
    return RedirectResponse(f"/workspace/disruptions/{disruption_id}", status_code=303)


def _shipments(count: int) -> str:
    return f"{count} in-flight shipment{'' if count == 1 else 's'}"

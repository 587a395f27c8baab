"""Disruptions for operations: list, declare, change or end one, and see at once which
shipments in flight it touches and how likely each is now to miss its promise.

Declaring goes through a preview first — like a rule's — showing which shipments in
flight it would rescore, whose risk would cross the alert threshold, and the messages
and codes the enabled rules would then send; nothing is written until "Declare and
notify N customers" posts the same values again with ``confirm=yes``. A change that
widens a disruption (higher severity, longer window, another or any region or carrier)
is previewed the same way before it is saved. Times are on the store's clock.
"""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import proactive, shipping
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.proactive import disruptions as disruption_store
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.admin_forms import (
    FieldProblem,
    FormRefused,
    from_service,
    from_validation,
    problems_by_field,
    store_zone,
)
from opsdesk.web.ui.disruption_data import affected_shipments, split_by_time
from opsdesk.web.ui.disruption_form import DisruptionForm, choices, step_text
from opsdesk.web.ui.rule_form import action_summary
from opsdesk.web.ui.templating import flash, now_of, render

router = APIRouter(include_in_schema=False)
ROLES = (Role.OPERATIONS,)
TOP_AT_RISK = 10
LISTED = 200
CONFIRMED = "yes"


def _zone(request: Request) -> ZoneInfo:
    return store_zone(request.app.state.settings.default_timezone)


def _carriers(request: Request) -> list[str]:
    return list(shipping.carriers_of(request.app.state))


def _places(request: Request, session: Session) -> proactive.Places:
    return proactive.disruption_places(session, _carriers(request))


def _form_context(
    request: Request, places: proactive.Places, form: DisruptionForm,
    problems: list[FieldProblem] | None,
) -> dict[str, Any]:  # fmt: skip
    return {"form": form.values, "problems": problems or [], "zone_name": _zone(request).key,
            "by_field": problems_by_field(problems or []), **choices(places)}  # fmt: skip


def _list_page(
    request: Request, session: Session, principal: Principal, form: DisruptionForm,
    problems: list[FieldProblem] | None = None,
) -> Response:  # fmt: skip
    now = now_of(request)
    rows = disruption_store.list_disruptions(session, now=now, limit=LISTED)
    return render(
        request, "admin/disruptions.html", 422 if problems else 200, principal=principal,
        groups=split_by_time(rows, now),
        **_form_context(request, _places(request, session), form, problems),
    )  # fmt: skip


@router.get("/workspace/disruptions")
def disruptions_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *ROLES)
    if isinstance(principal, Response):
        return principal
    blank = DisruptionForm.blank(now_of(request), _zone(request))
    return _list_page(request, session, principal, blank)


def _form_values(
    kind: str, severity: str, region: str, carrier: str, starts_at: str, ends_at: str, note: str
) -> DisruptionForm:
    return DisruptionForm({"kind": kind, "severity": severity, "region": region,
                           "carrier": carrier, "starts_at": starts_at, "ends_at": ends_at,
                           "note": note})  # fmt: skip


@router.post("/workspace/disruptions")
def declare(
    request: Request, session: DB, csrf: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "", severity: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "", carrier: Annotated[str, Form()] = "",
    starts_at: Annotated[str, Form()] = "", ends_at: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "", confirm: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Preview a disruption (writes nothing), or with ``confirm=yes`` declare it: the
    shipments it touches are rescored in the same request, and the worker then runs
    the rules for those whose risk crossed the threshold."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    form = _form_values(kind, severity, region, carrier, starts_at, ends_at, note)
    now, carriers = now_of(request), _carriers(request)
    try:
        body = proactive.DisruptionCreate.model_validate(form.data(_zone(request)))
        if confirm != CONFIRMED:
            preview = proactive.preview_disruption(
                session, request.app.state.settings, body, actor=principal.actor, now=now,
                carriers=carriers,
            )  # fmt: skip
            places = _places(request, session)
            return _preview_page(request, principal, form, places, preview, body, None)
        with session.begin_nested():
            outcome = proactive.declare_disruption(
                session, body, actor=principal.actor, now=now, carriers=carriers
            )
    except FormRefused as refused:
        return _list_page(request, session, principal, form, refused.problems)
    except ValidationError as invalid:
        return _list_page(request, session, principal, form, from_validation(invalid))
    except OpsDeskError as error:
        return _list_page(request, session, principal, form, from_service(error))
    flash(request, "ok", f"Disruption declared; {_shipments(outcome.rescored)} rescored.")
    return RedirectResponse(f"/workspace/disruptions/{outcome.disruption.id}", status_code=303)


def _preview_page(
    request: Request, principal: Principal, form: DisruptionForm, places: proactive.Places,
    preview: proactive.DisruptionPreviewRead,
    body: proactive.DisruptionCreate | proactive.DisruptionUpdate, disruption_id: int | None,
) -> Response:  # fmt: skip
    """What would happen, the confirm button carrying the same values, and the form to
    change them (previewed again)."""
    return render(
        request, "admin/disruption_preview.html", principal=principal, preview=preview,
        body=body, disruption_id=disruption_id, say=action_summary,
        region_shown=dict(choices(places)["regions"]).get(preview.region, preview.region),
        **_form_context(request, places, form, None),
    )  # fmt: skip


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
    places = _places(request, session).with_current(row.region, row.carrier)
    shown = form or DisruptionForm.of(row, _zone(request))
    return render(
        request, "admin/disruption.html", 422 if problems else 200, principal=principal,
        disruption=row, history=disruption_store.history(session, row.id), affected=affected,
        active=row.starts_at <= now < row.ends_at, over=row.ends_at <= now,
        step_text=step_text(_zone(request)), **_form_context(request, places, shown, problems),
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
    note: Annotated[str, Form()] = "", confirm: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Save a change; one that widens the disruption is previewed first."""
    principal = staff_for_change(session, request, csrf, *ROLES)
    if isinstance(principal, Response):
        return principal
    form = _form_values(kind, severity, region, carrier, starts_at, ends_at, note)
    try:
        row = disruption_store.get(session, disruption_id)
        body = proactive.DisruptionUpdate.model_validate(form.data(_zone(request), row))
        if confirm != CONFIRMED and proactive.disruption_widens(row, body):
            preview = proactive.preview_disruption_update(
                session, request.app.state.settings, disruption_id, body,
                actor=principal.actor, now=now_of(request), carriers=_carriers(request),
            )  # fmt: skip
            places = _places(request, session).with_current(row.region, row.carrier)
            return _preview_page(request, principal, form, places, preview, body, disruption_id)
    except NotFound:
        return not_found(request, principal, "disruption")
    except FormRefused as refused:
        return _detail_page(request, session, principal, disruption_id, form, refused.problems)
    except ValidationError as invalid:
        problems = from_validation(invalid)
        return _detail_page(request, session, principal, disruption_id, form, problems)
    except OpsDeskError as error:
        problems = from_service(error)
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
                session, disruption_id, body, actor=principal.actor, now=now_of(request),
                carriers=_carriers(request),
            )  # fmt: skip
    except NotFound:
        return not_found(request, principal, "disruption")
    except OpsDeskError as error:
        problems = from_service(error)
        return _detail_page(request, session, principal, disruption_id, form, problems)
    flash(request, "ok", f"Disruption {done}; {_shipments(outcome.rescored)} rescored.")
    return RedirectResponse(f"/workspace/disruptions/{disruption_id}", status_code=303)


def _shipments(count: int) -> str:
    return f"{count} in-flight shipment{'' if count == 1 else 's'}"

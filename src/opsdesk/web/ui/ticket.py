"""The ticket view: conversation, reply box with the tone coach, ticket controls, and the
customer panel beside it; fragments htmx polls so the panel stays live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import promotions, support, tone
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.support.api import author_of, mail_domain
from opsdesk.support.macros import store_context
from opsdesk.support.schemas import MAX_BODY
from opsdesk.web.ui.access import FRONT_DESK, not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.action_forms import ActionProblem
from opsdesk.web.ui.templating import flash, now_of, render
from opsdesk.web.ui.ticket_data import panel_for, ticket_page

router = APIRouter(include_in_schema=False)
STATUS_LABELS = {s: s.value.replace("_", " ").capitalize() for s in support.sla.TicketStatus}


def _may_see(principal: Principal, ticket: support.TicketRead) -> bool:
    """Operations see only the tickets that wait on them."""
    if principal.role is Role.OPERATIONS:
        return ticket.status is support.sla.TicketStatus.PENDING_OPERATIONS
    return True


def _back(ticket_id: int) -> Response:
    return RedirectResponse(f"/workspace/tickets/{ticket_id}", status_code=303)


def _draft_key(ticket_id: int) -> str:
    return f"draft:{ticket_id}"


def keep_draft(request: Request, ticket_id: int, text: str) -> None:
    """A reply for the agent to check and send, placed in the reply box on the next view."""
    request.session[_draft_key(ticket_id)] = text


def render_ticket(
    request: Request, session: Session, principal: Principal, ticket_id: int, *,
    status_code: int = 200, problem: ActionProblem | None = None, draft: str = "",
) -> Response:  # fmt: skip
    """The ticket view; ``problem`` shows a refused action in its form."""
    try:
        page = ticket_page(session, ticket_id, now_of(request))
    except NotFound:
        return not_found(request, principal, "ticket")
    if not _may_see(principal, page.ticket):
        return render(request, "workspace/problem.html", 403, principal=principal,
                      title="Not waiting on operations",
                      text="Operations see tickets while they are pending operations.")  # fmt: skip
    return render(
        request, "workspace/ticket.html", status_code, principal=principal, page=page,
        ticket=page.ticket, panel=page.panel, status_labels=STATUS_LABELS,
        priorities=list(support.sla.Priority), problem=problem, text=draft,
        discount_codes=_discount_codes(session, ticket_id),
    )  # fmt: skip


def _discount_codes(session: Session, ticket_id: int) -> list[promotions.DiscountCode]:
    """The ticket's codes with their status and audit trail (newest first, the last 20)."""
    found = promotions.CodeFilter(ticket_id=ticket_id)
    return promotions.list_codes(session, found, limit=20)[0]


@router.get("/workspace/tickets/{ticket_id}")
def ticket_view(ticket_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    draft = request.session.pop(_draft_key(ticket_id), "")
    return render_ticket(request, session, principal, ticket_id, draft=str(draft))


@router.get("/workspace/tickets/{ticket_id}/panel")
def ticket_panel(ticket_id: int, request: Request, session: DB) -> Response:
    """The customer panel alone: live stock, timelines and tracking, polled by htmx."""
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    try:
        ticket = support.read_ticket(session, ticket_id, now=now_of(request))
    except NotFound:
        return not_found(request, principal, "ticket")
    if not _may_see(principal, ticket):
        return Response(status_code=403)
    panel = panel_for(session, ticket, now_of(request))
    return render(request, "workspace/_panel.html", principal=principal, ticket=ticket, panel=panel)


def _apply(request: Request, session: Session, done: str, change: Callable[[], object]) -> None:
    """Run ``change`` in a savepoint: a refusal leaves nothing behind and is told to the
    agent on the next page instead of a bare error."""
    try:
        with session.begin_nested():
            change()
    except NotFound:
        raise
    except OpsDeskError as error:
        flash(request, "error", f"Nothing was changed: {error.message}")
        return
    flash(request, "ok", done)


@router.get("/workspace/tickets/{ticket_id}/macro")
def macro_text(ticket_id: int, request: Request, session: DB, macro: str = "") -> Response:
    """The reply box filled with a macro for this ticket (its order, dates, tracking link)."""
    principal = staff_for_page(session, request, *FRONT_DESK)
    if isinstance(principal, Response):
        return principal
    try:
        ticket = support.read_ticket(session, ticket_id, now=now_of(request))
        text = (
            support.render_macro(
                session, int(macro), ticket_id, store=store_context(request.app.state.settings)
            )
            if macro.isdigit()
            else ""
        )
    except NotFound:
        return not_found(request, principal, "ticket")
    return render(request, "workspace/_reply_body.html", ticket=ticket, text=text)


@router.post("/workspace/tickets/{ticket_id}/messages")
def post_message(
    ticket_id: int, request: Request, session: DB,
    body: Annotated[str, Form(max_length=MAX_BODY)] = "",
    kind: Annotated[str, Form()] = "reply", then: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Send a reply (e-mailed after commit) or add an internal note; optionally set the
    status in the same transaction."""
    principal = staff_for_change(session, request, csrf, *FRONT_DESK)
    if isinstance(principal, Response):
        return principal
    if not body.strip():
        flash(request, "error", "Write something first: the message was empty.")
        return _back(ticket_id)
    internal = kind == "note"
    status = None if internal else _status(then)
    data = support.MessageCreate(body=body.strip(), internal=internal, status=status)
    done = "Internal note added." if internal else "Reply sent to the customer."
    try:
        _apply(request, session, done, lambda: support.add_staff_message(
            session, ticket_id, data, author=author_of(principal), mail_domain=mail_domain(request),
        ))  # fmt: skip
    except NotFound:
        return not_found(request, principal, "ticket")
    return _back(ticket_id)


def _status(value: str) -> support.sla.TicketStatus | None:
    try:
        return support.sla.TicketStatus(value) if value else None
    except ValueError:
        return None


def _priority(value: str) -> support.sla.Priority | None:
    try:
        return support.sla.Priority(value) if value else None
    except ValueError:
        return None


@router.post("/workspace/tickets/{ticket_id}/update")
def update_ticket(
    ticket_id: int, request: Request, session: DB,
    status: Annotated[str, Form()] = "", priority: Annotated[str, Form()] = "",
    assignee: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Status, priority and assignee from the controls beside the conversation."""
    principal = staff_for_change(session, request, csrf, *FRONT_DESK)
    if isinstance(principal, Response):
        return principal
    fields: dict[str, object] = {}
    if (chosen := _status(status)) is not None:
        fields["status"] = chosen
    if (level := _priority(priority)) is not None:
        fields["priority"] = level
    if assignee == "none":
        fields["assignee_id"] = None
    elif assignee.isdigit():
        fields["assignee_id"] = int(assignee)
    changes = support.TicketUpdate.model_validate(fields)
    try:
        _apply(request, session, "Ticket updated.", lambda: support.update_ticket(
            session, ticket_id, changes, author=author_of(principal)
        ))  # fmt: skip
    except NotFound:
        return not_found(request, principal, "ticket")
    return _back(ticket_id)


@router.post("/workspace/tone")
def tone_coach(
    request: Request, session: DB,
    body: Annotated[str, Form()] = "", locale: Annotated[str, Form(max_length=16)] = "",
    customer_name: Annotated[str, Form(max_length=120)] = "", csrf: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """The tone coach's fragment: score, strategies found and clickable rewrites."""
    principal = staff_for_change(session, request, csrf, *FRONT_DESK)
    if isinstance(principal, Response):
        return principal
    if not body.strip() or len(body) > tone.MAX_TEXT_CHARS:
        return render(request, "workspace/_tone.html", report=None, too_long=bool(body.strip()))
    context = tone.ReplyContext(customer_name=customer_name or None)
    report = tone.check_tone(body, locale or None, context)
    return render(request, "workspace/_tone.html", report=report, too_long=False,
                  describe_strategy=tone.describe_strategy,
                  describe_marker=tone.describe_marker)  # fmt: skip

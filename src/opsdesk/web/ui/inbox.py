"""The inbox: views, filters and sort, SLA timers, and a fragment htmx polls for updates."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import staff, support
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.support.workspace import (
    INBOX_LIMIT,
    MAX_PAGE,
    InboxQuery,
    InboxSort,
    InboxView,
    inbox,
)
from opsdesk.web.ui.access import FRONT_DESK, staff_for_page
from opsdesk.web.ui.templating import now_of, render
from opsdesk.web.ui.timers import inbox_timer

router = APIRouter(include_in_schema=False)
E = TypeVar("E", bound=enum.Enum)
VIEW_LABELS = {
    InboxView.MINE: "Mine",
    InboxView.UNASSIGNED: "Unassigned",
    InboxView.AT_RISK: "At risk",
    InboxView.BREACHED: "Breached",
    InboxView.PENDING_OPERATIONS: "Pending operations",
    InboxView.OPEN: "All open",
}
Text = Annotated[str, Query(max_length=200)]


def _choice(kind: type[E], value: str) -> E | None:
    """A filter value from the query string; anything unknown means "no filter"."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _page(value: str) -> int:
    return min(int(value), MAX_PAGE) if value.isdigit() and int(value) > 0 else 1


def _query(
    view: str, status: str, priority: str, team: str, tag: str, q: str, sort: str, page: str = ""
) -> InboxQuery:
    return InboxQuery(
        view=_choice(InboxView, view) or InboxView.MINE,
        status=_choice(support.sla.TicketStatus, status),
        priority=_choice(support.sla.Priority, priority),
        team_id=int(team) if team.isdigit() else None,
        tag=tag.strip() or None,
        q=q.strip() or None,
        sort=_choice(InboxSort, sort) or InboxSort.SLA_DUE,
        page=_page(page[:6]),
    )


def _params(query: InboxQuery) -> dict[str, str]:
    """The query as URL parameters, leaving out what is not set."""
    values = {k: ("" if v is None else str(v.value if isinstance(v, enum.Enum) else v))
              for k, v in asdict(query).items()}  # fmt: skip
    values["team"] = values.pop("team_id")
    if query.page == 1:
        values["page"] = ""
    return {k: v for k, v in values.items() if v}


def _staff_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    user = staff.StaffUser
    return dict(session.execute(sa.select(user.id, user.name).where(user.id.in_(wanted))).all())


def _rows_context(
    session: Session, request: Request, principal: Principal, query: InboxQuery
) -> dict[str, Any]:
    now = now_of(request)
    tickets, more = inbox(session, query, me=principal.user_id, now=now)
    first = (query.page - 1) * INBOX_LIMIT + 1
    return {
        "tickets": tickets,
        "more": more,
        "shown": (first, first + len(tickets) - 1),
        "page_links": {
            name: "/workspace?" + urlencode(_params(replace(query, page=page)))
            for name, page in (("previous", query.page - 1), ("next", query.page + 1))
            if page >= 1 and (name == "previous" or more)
        },
        "timers": {t.id: inbox_timer(t, now) for t in tickets},
        "names": _staff_names(session, (t.assignee_id for t in tickets)),
        "me": principal.user_id,
        "rows_url": "/workspace/inbox/rows?" + urlencode(_params(query)),
    }


@router.get("/workspace")
def inbox_page(
    request: Request, session: DB, view: Text = "", status: Text = "", priority: Text = "",
    team: Text = "", tag: Text = "", q: Text = "", sort: Text = "", page: Text = "",
) -> Response:  # fmt: skip
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    if principal.role is Role.OPERATIONS:
        return RedirectResponse("/workspace/operations", status_code=303)
    if not view and principal.role is Role.ADMIN:
        view = InboxView.OPEN.value  # an admin takes no tickets: start with all the work
    query = _query(view, status, priority, team, tag, q, sort, page)
    teams = session.execute(
        sa.select(support.Team.id, support.Team.name).order_by(support.Team.name)
    ).all()
    links = {
        v: "/workspace?" + urlencode(_params(InboxQuery(view=v, sort=query.sort)))
        for v in InboxView
    }
    return render(
        request, "workspace/inbox.html", principal=principal, query=query, teams=teams,
        view_links=links, view_labels=VIEW_LABELS, statuses=list(support.sla.TicketStatus),
        priorities=list(support.sla.Priority), sorts=list(InboxSort),
        **_rows_context(session, request, principal, query),
    )  # fmt: skip


@router.get("/workspace/inbox/rows")
def inbox_rows(
    request: Request, session: DB, view: Text = "", status: Text = "", priority: Text = "",
    team: Text = "", tag: Text = "", q: Text = "", sort: Text = "", page: Text = "",
) -> Response:  # fmt: skip
    """The table body alone, polled by htmx every few seconds (one ticket query)."""
    principal = staff_for_page(session, request, *FRONT_DESK)
    if isinstance(principal, Response):
        return principal
    query = _query(view, status, priority, team, tag, q, sort, page)
    return render(
        request, "workspace/_inbox_rows.html", principal=principal, query=query,
        **_rows_context(session, request, principal, query),
    )  # fmt: skip

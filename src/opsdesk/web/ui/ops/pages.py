"""What every operations route does the same way: who may read or write, a record that
is not there, a form shown again with its field errors (422), and a change that ends in
a redirect with a flash message.

Two kinds of forms live on these screens. A *field form* (catalog, customer edit) shows
each reason beside its field and keeps the typed values: :func:`save_form`. A *step
form* (a pick list, a transfer step, a stock adjustment) has one reason for the whole
change, flashed on the page it returns to: :func:`run_step`. Both run the change in a
savepoint, so a refusal leaves nothing half written."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import Principal
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.ops import READERS, WRITERS
from opsdesk.web.ui.templating import flash, render

T = TypeVar("T")
Errors = dict[str, str]
# The query parameters most lists share: the page cursor and a warehouse id, read as text
# (a filter form sends "" for "any"), see :func:`site`.
Cursor = Annotated[str | None, Query(max_length=512)]
WarehouseText = Annotated[str, Query(max_length=12)]


def site(warehouse: str) -> int | None:
    """A warehouse filter's id, or None for "any" (empty or not a number)."""
    return int(warehouse) if warehouse.isdigit() else None


def choice(value: str, allowed: Collection[str], default: str = "") -> str:
    """A filter's value when it is one of ``allowed``, else ``default`` (a stale link
    shows the whole list rather than an error)."""
    return value if value in allowed else default


def reader(session: Session, request: Request) -> Principal | Response:
    """The staff member for a page every ops reader may see (or the answer instead)."""
    return staff_for_page(session, request, *READERS)


def writer(session: Session, request: Request, csrf: str | None = None) -> Principal | Response:
    """The operations staff member for a form page (``csrf`` None) or a change."""
    if csrf is None:
        return staff_for_page(session, request, *WRITERS)
    return staff_for_change(session, request, csrf, *WRITERS)


def can_write(principal: Principal) -> bool:
    return principal.role.acts_as(WRITERS)


def found(
    request: Request, principal: Principal, what: str, load: Callable[[], T | None]
) -> T | Response:
    """``load()``'s record, or the 404 page naming ``what`` when it returns None or
    raises NotFound."""
    try:
        record = load()
    except NotFound:
        record = None
    return not_found(request, principal, what) if record is None else record


def read_one(
    session: Session, request: Request, what: str, load: Callable[[], T | None]
) -> tuple[Principal, T] | Response:
    """A reader's page about one record: the reader and ``load()``'s record, or the login,
    403 or 404 page instead."""
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    record = found(request, principal, what, load)
    return record if isinstance(record, Response) else (principal, record)


def form_page(request: Request, template: str, errors: Errors | None, **context: Any) -> Response:
    """A page with a form: 422 when it comes back refused, with ``errors`` beside fields."""
    return render(request, template, 422 if errors else 200, errors=errors or {}, **context)


def done(request: Request, text: str, target: str, kind: str = "ok") -> Response:
    """The answer to a change: a flash message and a 303 to the page that shows it."""
    flash(request, kind, text)
    return RedirectResponse(target, status_code=303)


async def _posted(request: Request) -> dict[str, str]:
    """The posted fields, read before the (sync) endpoint runs in the thread pool."""
    form = await request.form(max_files=0, max_fields=60)
    return {k: v for k, v in form.items() if isinstance(v, str)}


PostedForm = Annotated[dict[str, str], Depends(_posted)]


class FormRefused(Exception):
    """The form cannot be saved; ``errors`` maps field names to what is wrong."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Saved:
    """What a change says, and where it sends the browser (``kind`` "error" for a step
    that found nothing to do)."""

    text: str
    target: str
    kind: str = "ok"


def save_form(
    request: Request,
    session: Session,
    change: Callable[[], Saved],
    reshow: Callable[[Errors], Response],
    refusal: Callable[[OpsDeskError], Errors | Response] | None = None,
) -> Response:
    """Run ``change`` in a savepoint: FormRefused (or a service refusal, placed beside its
    field by ``refusal``) shows the form again; success flashes and redirects."""
    try:
        with session.begin_nested():
            saved = change()
    except FormRefused as refused:
        return reshow(refused.errors)
    except OpsDeskError as error:
        if refusal is None:
            raise
        placed = refusal(error)
        return placed if isinstance(placed, Response) else reshow(placed)
    return done(request, saved.text, saved.target, saved.kind)


def run_step(
    request: Request,
    session: Session,
    change: Callable[[], Saved],
    *,
    failed: str,
    back: str,
    refused: tuple[type[Exception], ...] = (OpsDeskError,),
    reason: Callable[[Exception], str] | None = None,
) -> Response:
    """Run ``change`` in a savepoint; a refusal is flashed as ``"{failed}: {reason}."``
    on ``back``, a success as its own text on its own target."""
    try:
        with session.begin_nested():
            saved = change()
    except refused as error:
        why = reason(error) if reason else getattr(error, "message", str(error))
        return done(request, f"{failed}: {why}.", back, "error")
    return done(request, saved.text, saved.target, saved.kind)


__all__ = [
    "Cursor",
    "Errors",
    "FormRefused",
    "PostedForm",
    "Saved",
    "WarehouseText",
    "can_write",
    "choice",
    "done",
    "form_page",
    "found",
    "read_one",
    "reader",
    "run_step",
    "save_form",
    "site",
    "writer",
]

"""HTTP for macros: CRUD under ``/macros`` and the preview for a ticket's reply box."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from opsdesk import customers
from opsdesk.kernel.http import DB, Principal, Role, require, settings_of
from opsdesk.support import macros
from opsdesk.support.macro_schemas import MacroCreate, MacroPreview, MacroRead, MacroUpdate

router = APIRouter(tags=["macros"])
Agent = Annotated[Principal, Depends(require(Role.AGENT))]


class MacroRender(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: int | None = Field(
        default=None, description="A linked order; default: the most recently linked one."
    )


@router.post("/macros", response_model=MacroRead, status_code=201)
def create_macro(body: MacroCreate, session: DB, principal: Agent, response: Response) -> MacroRead:
    """Save a canned reply; unknown ``{{ variables }}`` are a 422 naming them."""
    macro = macros.create_macro(session, body, author=principal)
    response.headers["Location"] = f"/api/v1/macros/{macro.id}"
    return macros.macro_read(macro)


@router.get("/macros", response_model=list[MacroRead])
def list_macros(
    session: DB,
    _agent: Agent,
    team_id: int | None = None,
    locale: Annotated[customers.LocaleCode | None, Query()] = None,
) -> list[MacroRead]:
    return [
        macros.macro_read(m) for m in macros.list_macros(session, team_id=team_id, locale=locale)
    ]


@router.get("/macros/{macro_id}", response_model=MacroRead)
def get_macro(macro_id: int, session: DB, _agent: Agent) -> MacroRead:
    return macros.macro_read(macros.get_macro(session, macro_id))


@router.patch("/macros/{macro_id}", response_model=MacroRead)
def patch_macro(macro_id: int, body: MacroUpdate, session: DB, principal: Agent) -> MacroRead:
    return macros.macro_read(macros.update_macro(session, macro_id, body, editor=principal))


@router.delete("/macros/{macro_id}", status_code=204)
def delete_macro(macro_id: int, session: DB, principal: Agent) -> Response:
    macros.delete_macro(session, macro_id, editor=principal)
    return Response(status_code=204)


@router.post("/tickets/{ticket_id}/macros/{macro_id}/render", response_model=MacroPreview)
def render_macro(
    ticket_id: int,
    macro_id: int,
    request: Request,
    session: DB,
    _agent: Agent,
    body: Annotated[MacroRender | None, Body()] = None,
) -> MacroPreview:
    """The macro filled in for this ticket; missing data shows as ``[… unknown]``."""
    store = macros.store_context(settings_of(request))
    order_id = body.order_id if body else None
    return macros.preview_macro(session, macro_id, ticket_id, order_id, store=store)

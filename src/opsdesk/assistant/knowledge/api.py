"""``/api/v1/kb/articles``: staff keep the store's policies the assistant quotes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from opsdesk.assistant.knowledge import service
from opsdesk.assistant.knowledge.schemas import ArticleCreate, ArticleRead, ArticleUpdate
from opsdesk.kernel.http import DB, Principal, Role, require

router = APIRouter(prefix="/kb/articles", tags=["knowledge base"])

Staff = Annotated[Principal, Depends(require())]
Editor = Annotated[Principal, Depends(require(Role.AGENT, Role.OPERATIONS))]


@router.get("")
def list_articles(
    session: DB,
    _staff: Staff,
    locale: Annotated[str | None, Query(max_length=16)] = None,
    intent: Annotated[str | None, Query(max_length=40)] = None,
) -> list[ArticleRead]:
    rows = service.list_articles(session, locale=locale, intent=intent)
    return [ArticleRead.model_validate(a) for a in rows]


@router.post("", status_code=201)
def create_article(
    body: ArticleCreate, session: DB, principal: Editor, response: Response
) -> ArticleRead:
    article = service.create_article(session, body, actor=principal.actor)
    response.headers["Location"] = f"/api/v1/kb/articles/{article.id}"
    return ArticleRead.model_validate(article)


@router.post("/defaults")
def seed_defaults(
    session: DB, _admin: Annotated[Principal, Depends(require(Role.ADMIN))]
) -> dict[str, int]:
    """Add the built-in policies (returns, delivery, payment …) that are missing."""
    return {"added": service.seed_default_articles(session)}


@router.get("/{article_id}")
def get_article(article_id: int, session: DB, _staff: Staff) -> ArticleRead:
    return ArticleRead.model_validate(service.get_article(session, article_id))


@router.patch("/{article_id}")
def update_article(
    article_id: int, body: ArticleUpdate, session: DB, principal: Editor
) -> ArticleRead:
    article = service.update_article(session, article_id, body, actor=principal.actor)
    return ArticleRead.model_validate(article)


@router.delete("/{article_id}", status_code=204)
def delete_article(article_id: int, session: DB, _editor: Editor) -> Response:
    service.delete_article(session, article_id)
    return Response(status_code=204)

"""The knowledge base in the workspace: staff list, write and delete the articles the
assistant quotes, so the store's own policies are what customers are told.

Any staff member may read; agents and operations (and admins) may change, as the
``/api/v1/kb/articles`` API allows. Deleting asks for a confirmation page first, so
one stray click never removes a policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk.assistant import Intent, KbArticle, knowledge
from opsdesk.kernel.errors import NotFound, OpsDeskError
from opsdesk.kernel.http import DB, Principal, Role
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.admin_forms import (
    FieldProblem,
    FormRefused,
    from_service,
    from_validation,
    problems_by_field,
)
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)
EDITORS = (Role.AGENT, Role.OPERATIONS)
# The chat's own bookkeeping intents are not questions a policy answers.
INTENT_CHOICES = tuple(i.value for i in Intent if i is not Intent.OUT_OF_SCOPE)
HOME = "/workspace/knowledge"


@dataclass
class ArticleForm:
    """The editor's inputs as typed, kept verbatim so a refused form comes back unchanged."""

    slug: str = ""
    locale: str = "en"
    title: str = ""
    body: str = ""
    tags: str = ""
    intents: list[str] = field(default_factory=list)
    published: bool = True

    @classmethod
    def of(cls, article: KbArticle) -> ArticleForm:
        return cls(article.slug, article.locale, article.title, article.body,
                   ", ".join(article.tags), list(article.intents), article.published)  # fmt: skip

    def tag_list(self) -> list[str]:
        """Tags are typed comma-separated; blanks between commas mean nothing."""
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def create(self) -> knowledge.ArticleCreate:
        try:
            return knowledge.ArticleCreate(
                slug=self.slug.strip(), locale=self.locale.strip(), title=self.title.strip(),
                body=self.body.strip(), tags=self.tag_list(), intents=self.intents,
                published=self.published,
            )  # fmt: skip
        except ValidationError as error:
            raise FormRefused(from_validation(error)) from None

    def update(self) -> knowledge.ArticleUpdate:
        """Slug and locale name the article, so they stay as created."""
        try:
            return knowledge.ArticleUpdate(
                title=self.title.strip(), body=self.body.strip(), tags=self.tag_list(),
                intents=self.intents, published=self.published,
            )  # fmt: skip
        except ValidationError as error:
            raise FormRefused(from_validation(error)) from None


def _form(
    slug: str, locale: str, title: str, body: str, tags: str,
    intents: list[str] | None, published: str | None,
) -> ArticleForm:  # fmt: skip
    return ArticleForm(slug, locale, title, body, tags, intents or [], published is not None)


def _locales(session: Session) -> list[str]:
    return list(session.scalars(sa.select(KbArticle.locale).distinct().order_by(KbArticle.locale)))


def _missing_defaults(session: Session) -> int:
    rows = session.execute(sa.select(KbArticle.slug, KbArticle.locale))
    stored = {(slug, locale) for slug, locale in rows}
    return sum(1 for d in knowledge.DEFAULT_ARTICLES if (d.slug, d.locale) not in stored)


@router.get(HOME)
def knowledge_page(request: Request, session: DB, locale: Annotated[str, Query()] = "") -> Response:
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    locale = locale.strip()[:16]
    articles = knowledge.list_articles(session, locale=locale or None)
    return render(
        request, "knowledge/list.html", principal=principal, nav="knowledge", articles=articles,
        locales=_locales(session), locale=locale, missing_defaults=_missing_defaults(session),
        empty=not articles and not locale,
    )  # fmt: skip


@router.post(f"{HOME}/defaults")
def add_defaults(request: Request, session: DB, csrf: Annotated[str, Form()] = "") -> Response:
    """Store the built-in policies so they can be edited; admins only, as in the API."""
    principal = staff_for_change(session, request, csrf, Role.ADMIN)
    if isinstance(principal, Response):
        return principal
    added = knowledge.seed_default_articles(session)
    flash(request, "ok", f"{added} built-in articles added.")
    return RedirectResponse(HOME, status_code=303)


def _editor(
    request: Request, principal: Principal, form: ArticleForm, article: KbArticle | None = None,
    problems: list[FieldProblem] | None = None,
) -> Response:  # fmt: skip
    return render(
        request, "knowledge/article.html", 422 if problems else 200, principal=principal,
        nav="knowledge", article=article, form=form, problems=problems or [],
        by_field=problems_by_field(problems or []), intent_choices=INTENT_CHOICES,
    )  # fmt: skip


@router.get(f"{HOME}/new")
def new_article_page(request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    return _editor(request, principal, ArticleForm())


@router.post(f"{HOME}/new")
def create_article(
    request: Request, session: DB, csrf: Annotated[str, Form()] = "",
    slug: Annotated[str, Form()] = "", locale: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "", body: Annotated[str, Form()] = "",
    tags: Annotated[str, Form()] = "", intents: Annotated[list[str] | None, Form()] = None,
    published: Annotated[str | None, Form()] = None,
) -> Response:  # fmt: skip
    principal = staff_for_change(session, request, csrf, *EDITORS)
    if isinstance(principal, Response):
        return principal
    form = _form(slug, locale, title, body, tags, intents, published)
    try:
        data = form.create()
        with session.begin_nested():
            article = knowledge.create_article(session, data, actor=principal.actor)
    except FormRefused as refused:
        return _editor(request, principal, form, problems=refused.problems)
    except OpsDeskError as error:  # the slug is taken in that locale
        return _editor(request, principal, form, problems=from_service(error))
    flash(request, "ok", f"“{article.title}” saved. The assistant quotes it from now on.")
    return RedirectResponse(f"{HOME}/{article.id}", status_code=303)


@router.get(HOME + "/{article_id}")
def article_page(article_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request)
    if isinstance(principal, Response):
        return principal
    try:
        article = knowledge.get_article(session, article_id)
    except NotFound:
        return not_found(request, principal, "article")
    return _editor(request, principal, ArticleForm.of(article), article)


@router.post(HOME + "/{article_id}")
def save_article(
    article_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "", body: Annotated[str, Form()] = "",
    tags: Annotated[str, Form()] = "", intents: Annotated[list[str] | None, Form()] = None,
    published: Annotated[str | None, Form()] = None,
) -> Response:  # fmt: skip
    principal = staff_for_change(session, request, csrf, *EDITORS)
    if isinstance(principal, Response):
        return principal
    try:
        article = knowledge.get_article(session, article_id)
    except NotFound:
        return not_found(request, principal, "article")
    form = _form(article.slug, article.locale, title, body, tags, intents, published)
    try:
        change = form.update()
        with session.begin_nested():
            knowledge.update_article(session, article_id, change, actor=principal.actor)
    except FormRefused as refused:
        return _editor(request, principal, form, article, refused.problems)
    flash(request, "ok", f"“{article.title}” saved.")
    return RedirectResponse(f"{HOME}/{article_id}", status_code=303)


@router.get(HOME + "/{article_id}/delete")
def confirm_delete_page(article_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *EDITORS)
    if isinstance(principal, Response):
        return principal
    try:
        article = knowledge.get_article(session, article_id)
    except NotFound:
        return not_found(request, principal, "article")
    return render(request, "knowledge/delete.html", principal=principal, nav="knowledge",
                  article=article)  # fmt: skip


@router.post(HOME + "/{article_id}/delete")
def delete_article(
    article_id: int, request: Request, session: DB, csrf: Annotated[str, Form()] = ""
) -> Response:
    principal = staff_for_change(session, request, csrf, *EDITORS)
    if isinstance(principal, Response):
        return principal
    try:
        article = knowledge.get_article(session, article_id)
    except NotFound:
        return not_found(request, principal, "article")
    title = article.title
    knowledge.delete_article(session, article_id)
    flash(request, "ok", f"“{title}” deleted.")
    return RedirectResponse(HOME, status_code=303)

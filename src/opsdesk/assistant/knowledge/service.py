"""Knowledge-base articles: staff edit them, the assistant quotes them.

Retrieval is deliberately simple and predictable: an article that names the intent
wins, in the customer's language before English; otherwise the words of the question
are matched against titles, tags and bodies. A store's knowledge base holds dozens of
articles, not millions, so scoring happens in Python over one indexed query.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk.assistant.knowledge.defaults import DEFAULT_ARTICLES
from opsdesk.assistant.knowledge.schemas import ArticleCreate, ArticleUpdate
from opsdesk.assistant.models import KbArticle
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import AlreadyExists, NotFound

FALLBACK_LANGUAGE = "en"
MIN_WORD_MATCHES = 2
_WORD = re.compile(r"\w{3,}", re.UNICODE)
_COMMON = {
    "the", "and", "you", "your", "can", "how", "what", "for", "with", "that", "this",
    "der", "die", "das", "und", "ich", "sie", "wie", "was", "mit", "les", "des", "est",
    "une", "que", "los", "las", "por", "para", "como", "uma", "com", "meu", "minha",
}  # fmt: skip


@dataclass(frozen=True)
class Article:
    """What the assistant quotes: plain values, from the database or the defaults."""

    slug: str
    locale: str
    title: str
    body: str
    tags: tuple[str, ...]
    intents: tuple[str, ...]


def create_article(session: Session, data: ArticleCreate, *, actor: str) -> KbArticle:
    taken = sa.select(KbArticle.id).where(KbArticle.slug == data.slug,
                                          KbArticle.locale == data.locale)  # fmt: skip
    if session.scalar(taken) is not None:
        raise AlreadyExists(
            f"an article {data.slug} in {data.locale} exists",
            details={"field": "slug", "slug": data.slug, "locale": data.locale},
        )
    now = utcnow()
    article = KbArticle(**data.model_dump(), updated_by=actor, created_at=now, updated_at=now)
    session.add(article)
    session.flush()
    return article


def get_article(session: Session, article_id: int) -> KbArticle:
    article = session.get(KbArticle, article_id)
    if article is None:
        raise NotFound("article", article_id)
    return article


def update_article(
    session: Session, article_id: int, data: ArticleUpdate, *, actor: str
) -> KbArticle:
    article = get_article(session, article_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(article, name, value)
    article.updated_by, article.updated_at = actor, utcnow()
    session.flush()
    return article


def delete_article(session: Session, article_id: int) -> None:
    session.delete(get_article(session, article_id))
    session.flush()


def list_articles(
    session: Session, *, locale: str | None = None, intent: str | None = None
) -> list[KbArticle]:
    query = sa.select(KbArticle).order_by(KbArticle.slug, KbArticle.locale)
    if locale:
        query = query.where(KbArticle.locale == locale)
    rows = list(session.scalars(query))
    return [a for a in rows if intent in a.intents] if intent else rows


def seed_default_articles(session: Session, *, now: datetime | None = None) -> int:
    """Store the default policies that are missing (by slug and locale); returns how many."""
    existing = {
        (row.slug, row.locale)
        for row in session.execute(sa.select(KbArticle.slug, KbArticle.locale))
    }
    at = now or utcnow()
    added = 0
    for d in DEFAULT_ARTICLES:
        if (d.slug, d.locale) not in existing:
            session.add(KbArticle(slug=d.slug, locale=d.locale, title=d.title, body=d.body,
                                  tags=list(d.tags), intents=list(d.intents), published=True,
                                  updated_by="system:defaults", created_at=at,
                                  updated_at=at))  # fmt: skip
            added += 1
    session.flush()
    return added


def _published(session: Session, languages: set[str]) -> list[Article]:
    """The store's published articles, plus each built-in default the store has not stored.

    A stored article replaces the default with the same slug and locale; storing it
    unpublished is how a store silences a default. Writing one article of its own never
    makes the other defaults disappear.
    """
    rows = list(session.scalars(sa.select(KbArticle).order_by(KbArticle.id)))
    stored = {(a.slug, a.locale) for a in rows}
    found = [
        Article(a.slug, a.locale, a.title, a.body, tuple(a.tags), tuple(a.intents))
        for a in rows
        if a.published and a.locale.split("-")[0] in languages
    ]
    return found + [
        Article(d.slug, d.locale, d.title, d.body, d.tags, d.intents)
        for d in DEFAULT_ARTICLES
        if d.locale in languages and (d.slug, d.locale) not in stored
    ]


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return {w for w in _WORD.findall(plain) if w not in _COMMON}


def _rank(
    article: Article, intent: str | None, words: set[str], language: str
) -> tuple[bool, int, bool]:
    """Intent first, then how many words of the question it shares, then the language."""
    heading = _words(" ".join((article.title, *article.tags)))
    matches = 2 * len(words & heading) + len(words & _words(article.body))
    same_language = article.locale.split("-")[0] == language
    return bool(intent and intent in article.intents), matches, same_language


def find_article(
    session: Session, *, language: str, intent: str | None = None, question: str = ""
) -> Article | None:
    """The best article for ``intent`` or the question's words, in ``language`` if any."""
    words = _words(question)
    ranked = [
        (_rank(a, intent, words, language), a)
        for a in _published(session, {language, FALLBACK_LANGUAGE})
    ]
    # The customer's language beats English among equally good answers.
    ranked.sort(key=lambda pair: (pair[0][0], pair[0][2], pair[0][1]), reverse=True)
    if not ranked:
        return None
    top_rank, top = ranked[0]
    if top_rank[0]:
        return top
    best = max(ranked, key=lambda pair: (pair[0][1], pair[0][2]))
    return best[1] if best[0][1] >= MIN_WORD_MATCHES else None

"""The knowledge base: store policies and answers the assistant quotes, edited by staff."""

from __future__ import annotations

from opsdesk.assistant.knowledge.defaults import DEFAULT_ARTICLES, DefaultArticle
from opsdesk.assistant.knowledge.schemas import ArticleCreate, ArticleRead, ArticleUpdate
from opsdesk.assistant.knowledge.service import (
    Article,
    create_article,
    delete_article,
    find_article,
    get_article,
    list_articles,
    seed_default_articles,
    update_article,
)

__all__ = [
    "DEFAULT_ARTICLES",
    "Article",
    "ArticleCreate",
    "ArticleRead",
    "ArticleUpdate",
    "DefaultArticle",
    "create_article",
    "delete_article",
    "find_article",
    "get_article",
    "list_articles",
    "seed_default_articles",
    "update_article",
]

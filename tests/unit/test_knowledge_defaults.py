"""The built-in knowledge base speaks every language the assistant does."""

from __future__ import annotations

from collections import defaultdict

from opsdesk.assistant.knowledge import DEFAULT_ARTICLES
from opsdesk.assistant.nlu import LANGUAGES, Intent, detect_language


def test_every_built_in_article_exists_in_every_language() -> None:
    languages: dict[str, set[str]] = defaultdict(set)
    for article in DEFAULT_ARTICLES:
        languages[article.slug].add(article.locale)
    assert {slug: set(LANGUAGES) for slug in languages} == languages


def test_each_translation_is_written_in_its_own_language_and_answers_the_same_intents() -> None:
    by_slug: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for article in DEFAULT_ARTICLES:
        guess = detect_language(f"{article.title}. {article.body}")
        assert (article.slug, guess.language) == (article.slug, article.locale)
        assert article.title
        assert len(article.body) > 80
        assert article.tags
        by_slug[article.slug].append(article.intents)
    for slug, intents in by_slug.items():
        assert len(set(intents)) == 1, slug
        assert all(Intent(i) for i in intents[0])


def test_the_returns_article_answers_a_request_to_start_a_return() -> None:
    returns = [a for a in DEFAULT_ARTICLES if a.slug == "returns"]
    assert all(Intent.START_RETURN.value in a.intents for a in returns)
    assert all("30" in a.body for a in returns)

"""Knowledge-base retrieval: by intent in the customer's language, by words, defaults when empty."""

from __future__ import annotations

from sqlalchemy.orm import Session

from opsdesk.assistant import knowledge


def test_an_empty_knowledge_base_answers_from_the_default_policies(session: Session) -> None:
    german = knowledge.find_article(session, language="de", intent="check_refund_policy")
    assert german is not None
    assert german.locale == "de"
    assert "30 Tagen" in german.body
    # French, Spanish and Portuguese customers read the policies in their own language too.
    for language, words in (("fr", "30 jours"), ("es", "30 días"), ("pt", "30 dias")):
        article = knowledge.find_article(session, language=language, intent="start_return")
        assert article is not None
        assert article.locale == language
        assert words in article.body
    french = knowledge.find_article(session, language="fr", intent="delivery_period")
    assert french is not None
    assert french.locale == "fr"


def test_the_stores_own_article_wins_and_words_find_one_without_an_intent(session: Session) -> None:
    assert knowledge.seed_default_articles(session) == len(knowledge.DEFAULT_ARTICLES)
    assert knowledge.seed_default_articles(session) == 0
    knowledge.create_article(
        session,
        knowledge.ArticleCreate(
            slug="gift-wrap",
            locale="en",
            title="Gift wrapping",
            body="We wrap any order in recycled paper for 3 euros.",
            tags=["gift", "wrapping"],
        ),
        actor="agent:Ana",
    )
    found = knowledge.find_article(session, language="en", question="do you offer gift wrapping?")
    assert found is not None
    assert found.slug == "gift-wrap"
    assert knowledge.find_article(session, language="en", question="what's the weather") is None
    unpublished = knowledge.list_articles(session, locale="de", intent="check_payment_methods")
    assert [a.slug for a in unpublished] == ["payment"]
    knowledge.update_article(session, unpublished[0].id,
                             knowledge.ArticleUpdate(published=False), actor="agent:Ana")  # fmt: skip
    fallback = knowledge.find_article(session, language="de", intent="check_payment_methods")
    assert fallback is not None
    assert fallback.locale == "en"


def test_one_article_of_the_stores_own_leaves_the_other_defaults_answering(
    session: Session,
) -> None:
    knowledge.create_article(
        session,
        knowledge.ArticleCreate(
            slug="gift-wrap", locale="en", title="Gift wrapping",
            body="We wrap any order in recycled paper for 3 euros.", tags=["gift"],
        ),
        actor="agent:Ana",
    )  # fmt: skip
    refunds = knowledge.find_article(session, language="de", intent="check_refund_policy")
    assert refunds is not None
    assert "30 Tagen" in refunds.body  # the built-in German returns policy still answers

"""The knowledge-base pages over HTTP: login first, CSRF on every change, refused forms
shown beside their fields, and the assistant quoting what staff wrote."""

from __future__ import annotations

import re

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.assistant import KbArticle, find_article
from opsdesk.kernel.http import Role
from tests.e2e.test_admin_pages import log_in

RETURNS = {"slug": "returns", "locale": "en", "title": "Returns at Nordlicht",
           "body": "Send unworn shoes back within 45 days; the label is on your order page.",
           "tags": "returns, money back", "intents": ["check_refund_policy", "get_refund"],
           "published": "on"}  # fmt: skip


def _articles(factory: sessionmaker[Session]) -> list[KbArticle]:
    with factory() as session:
        return list(session.scalars(sa.select(KbArticle).order_by(KbArticle.id)))


def _quoted(factory: sessionmaker[Session], intent: str, language: str = "en") -> str | None:
    with factory() as session:
        article = find_article(session, language=language, intent=intent)
        return article.body if article else None


def _created_id(location: str) -> int:
    match = re.fullmatch(r"/workspace/knowledge/(\d+)", location)
    assert match, location
    return int(match.group(1))


def test_anonymous_visitors_are_sent_to_the_login(client: TestClient) -> None:
    for path in ("/workspace/knowledge", "/workspace/knowledge/new", "/workspace/knowledge/7"):
        answer = client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, f"/login?next={path}")
    posted = client.post("/workspace/knowledge/new", data=RETURNS, follow_redirects=False)
    assert posted.status_code == 303
    assert posted.headers["location"].startswith("/login")


def test_a_change_without_the_sessions_csrf_token_saves_nothing(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory, Role.AGENT)
    refused = client.post("/workspace/knowledge/new", data=RETURNS | {"csrf": "forged"})
    assert refused.status_code == 403
    assert "nothing was saved" in refused.text
    assert _articles(session_factory) == []


def test_an_agent_writes_edits_and_deletes_the_policy_the_assistant_quotes(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = log_in(client, session_factory, Role.AGENT)
    assert 'href="/workspace/knowledge"' in client.get("/workspace").text
    created = client.post("/workspace/knowledge/new", data=RETURNS | {"csrf": csrf},
                          follow_redirects=False)  # fmt: skip
    assert created.status_code == 303, created.text
    article_id = _created_id(created.headers["location"])
    listed = client.get("/workspace/knowledge").text
    row = re.search(rf'data-testid="article-{article_id}">(.*?)</tr>', listed, re.S)
    assert row, "the new article is not listed"
    assert "Returns at Nordlicht" in row.group(1)
    assert "check_refund_policy" in row.group(1)
    assert "money back" in row.group(1)
    assert "agent:Sam agent" in row.group(1)
    assert _quoted(session_factory, "check_refund_policy") == RETURNS["body"]

    new_text = "Send unworn shoes back within 60 days, free of charge."
    saved = client.post(f"/workspace/knowledge/{article_id}", follow_redirects=False,
                        data=RETURNS | {"body": new_text, "intents": ["check_refund_policy"],
                                        "csrf": csrf})  # fmt: skip
    assert saved.status_code == 303, saved.text
    assert _quoted(session_factory, "check_refund_policy") == new_text
    assert _quoted(session_factory, "get_refund") != new_text  # no longer answers it
    editor = client.get(f"/workspace/knowledge/{article_id}").text
    assert new_text in editor
    assert '<option value="check_refund_policy" selected>' in editor

    confirm = client.get(f"/workspace/knowledge/{article_id}/delete")
    assert "cannot be undone" in confirm.text
    assert len(_articles(session_factory)) == 1  # asking is not deleting
    gone = client.post(f"/workspace/knowledge/{article_id}/delete", data={"csrf": csrf})
    assert "deleted" in gone.text
    assert _articles(session_factory) == []
    assert client.get(f"/workspace/knowledge/{article_id}").status_code == 404


def test_refused_fields_come_back_beside_the_form_with_nothing_saved(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS)
    bad = RETURNS | {"slug": "Returns Policy", "title": "", "intents": ["teleport"], "csrf": csrf}
    refused = client.post("/workspace/knowledge/new", data=bad)
    assert refused.status_code == 422
    assert "Nothing was saved" in refused.text
    fields = set(re.findall(r'data-testid="problem-field">([^<]+)<', refused.text))
    assert fields == {"slug", "title", "intents"}
    assert 'id="slug-error"' in refused.text
    assert "unknown intents: teleport" in refused.text
    assert RETURNS["body"] in refused.text  # what was typed is kept
    assert _articles(session_factory) == []

    client.post("/workspace/knowledge/new", data=RETURNS | {"csrf": csrf})
    taken = client.post("/workspace/knowledge/new", data=RETURNS | {"csrf": csrf})
    assert taken.status_code == 422
    assert 'id="slug-error"' in taken.text
    assert len(_articles(session_factory)) == 1

    article_id = _articles(session_factory)[0].id
    emptied = client.post(f"/workspace/knowledge/{article_id}",
                          data={"title": "Returns", "body": "  ", "csrf": csrf})  # fmt: skip
    assert emptied.status_code == 422
    assert 'id="body-error"' in emptied.text
    assert _articles(session_factory)[0].body == RETURNS["body"]


def test_the_list_filters_by_language_and_admins_store_the_built_in_articles(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    csrf = log_in(client, session_factory, Role.ADMIN)
    assert "built-in articles" in client.get("/workspace/knowledge").text
    client.post("/workspace/knowledge/defaults", data={"csrf": csrf})
    stored = _articles(session_factory)
    assert {a.locale for a in stored} == {"en", "de", "fr", "es", "pt"}
    german = client.get("/workspace/knowledge", params={"locale": "de"}).text
    for article in stored:
        assert (f'data-testid="article-{article.id}"' in german) is (article.locale == "de")
    assert "No article in it" in client.get("/workspace/knowledge?locale=it").text
    assert 'data-testid="defaults-note"' not in client.get("/workspace/knowledge").text

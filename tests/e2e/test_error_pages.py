"""Errors answer a person with a page and a program with JSON: browsers navigating to a
missing page get HTML, the API (and anything asking for JSON) keeps its error body."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.errors import Forbidden, NotFound, Unauthenticated
from tests.support.web import log_in

# What Chromium sends when a person follows a link or types an address.
BROWSER = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
    "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
}
JSON = {"Accept": "application/json"}


def _is_page(response: Response) -> str:
    """The response's HTML, after checking it is a whole page and not an error body."""
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.lstrip().lower().startswith("<!doctype html>")
    assert '<html lang="en"' in response.text
    assert '"error"' not in response.text
    return response.text


def test_a_browser_gets_a_page_not_found_with_a_way_home(client: TestClient) -> None:
    response = client.get("/nonexistent", headers=BROWSER)

    assert response.status_code == 404
    html = _is_page(response)
    assert "<h1>Page not found</h1>" in html
    assert "<title>Page not found" in html
    assert '<a href="/">Go to the home page</a>' in html  # nobody is logged in
    assert 'rel="icon"' in html


def test_a_program_asking_for_json_gets_the_error_body(client: TestClient) -> None:
    for headers in (JSON, {}, {"Accept": "*/*"}, {"Accept": "application/json, text/html;q=0.9"}):
        response = client.get("/nonexistent", headers=headers)

        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert response.json()["error"]["code"] == "not_found"


def test_the_api_answers_json_even_to_a_browser(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    for path in ("/api/v1/orders/999999", "/api/v1/no-such-thing", "/api/v1/orders/abc"):
        response = client.get(path, headers=BROWSER | agent_headers)

        assert response.headers["content-type"] == "application/json", path
        assert response.json()["error"]["code"] in {"not_found", "invalid_input"}, path
    assert client.get("/api/v1/orders/999999", headers=BROWSER | agent_headers).status_code == 404
    webhook = client.get("/api/v1/webhooks/shopify", headers=BROWSER)
    assert webhook.status_code == 405
    assert webhook.json()["error"]["code"] == "method_not_allowed"


def test_a_ticket_address_that_is_not_a_number_is_not_found_for_an_agent(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory)

    response = client.get("/workspace/tickets/abc", headers=BROWSER)

    assert response.status_code == 404
    html = _is_page(response)
    assert "<h1>Page not found</h1>" in html
    assert '<a href="/workspace">Back to the workspace</a>' in html  # logged in
    missing = client.get("/workspace/tickets/999999", headers=BROWSER)  # the workspace's own
    assert missing.status_code == 404
    assert "<h1>No such ticket</h1>" in _is_page(missing)
    as_json = client.get("/workspace/tickets/abc", headers=JSON)
    assert as_json.status_code == 422
    assert as_json.json()["error"]["code"] == "invalid_input"


def test_htmx_requests_keep_their_error_bodies(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory)

    response = client.get("/workspace/tickets/abc/panel", headers=BROWSER | {"HX-Request": "true"})

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_a_form_address_used_as_a_link_says_so(client: TestClient) -> None:
    response = client.get("/logout", headers=BROWSER)

    assert response.status_code == 405
    html = _is_page(response)
    assert "<h1>This page cannot be opened this way</h1>" in html
    assert client.get("/logout", headers=JSON).json()["error"]["code"] == "method_not_allowed"


@pytest.fixture
def failing_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The app with a few routes that fail the ways real pages can."""
    app: FastAPI = create_app(settings, engine=engine)

    @app.get("/workspace/crash")
    def crash() -> None:
        raise RuntimeError("password=hunter2 in /srv/opsdesk/secret.py")

    @app.get("/workspace/forbidden")
    def forbidden() -> None:
        raise Forbidden("the vault is closed")

    @app.get("/workspace/gone")
    def gone() -> None:
        raise NotFound("ticket", 4711)

    @app.get("/workspace/locked")
    def locked() -> None:
        raise Unauthenticated("a session is needed")

    @app.get("/workspace/counted")
    def counted(limit: int) -> dict[str, int]:
        return {"limit": limit}

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_an_unexpected_failure_shows_a_page_that_tells_nothing_inside(
    failing_client: TestClient,
) -> None:
    response = failing_client.get("/workspace/crash", headers=BROWSER)

    assert response.status_code == 500
    html = _is_page(response)
    assert "<h1>Something went wrong</h1>" in html
    for secret in ("hunter2", "secret.py", "RuntimeError", "Traceback"):
        assert secret not in html
    as_json = failing_client.get("/workspace/crash", headers=JSON)
    assert as_json.json()["error"] == {
        "code": "internal_error",
        "message": "an unexpected error occurred",
        "details": {},
    }


def test_a_refusal_a_missing_object_and_a_bad_query_are_pages_too(
    failing_client: TestClient,
) -> None:
    refused = failing_client.get("/workspace/forbidden", headers=BROWSER)
    assert refused.status_code == 403
    assert "<h1>No access to this page</h1>" in _is_page(refused)
    assert "the vault" not in refused.text

    gone = failing_client.get("/workspace/gone", headers=BROWSER)
    assert gone.status_code == 404
    assert "<h1>Page not found</h1>" in _is_page(gone)
    assert "4711" not in gone.text
    assert failing_client.get("/workspace/gone").json()["error"]["details"] == {
        "kind": "ticket",
        "key": "4711",
    }

    bad_query = failing_client.get("/workspace/counted?limit=many", headers=BROWSER)
    assert bad_query.status_code == 422
    assert "<h1>This link is not valid</h1>" in _is_page(bad_query)
    assert failing_client.get("/workspace/counted?limit=3", headers=BROWSER).json() == {"limit": 3}


def test_the_favicon_is_an_image(client: TestClient) -> None:
    for path in ("/favicon.ico", "/static/favicon.svg"):
        response = client.get(path, headers=BROWSER)

        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("image/svg+xml"), path
        assert response.text.lstrip().startswith("<svg")
    for page in ("/login", "/track"):
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in (
            client.get(page).text
        ), page


def test_a_person_who_must_log_in_is_sent_to_the_login_and_back(
    failing_client: TestClient,
) -> None:
    response = failing_client.get("/workspace/locked?x=1", headers=BROWSER, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/workspace/locked?x=1"
    as_json = failing_client.get("/workspace/locked", headers=JSON)
    assert as_json.status_code == 401
    assert as_json.headers["www-authenticate"] == "Bearer"

"""Every response carries security headers (issue #15, item 10): pages a strict
Content-Security-Policy and no framing, data a policy that runs nothing; the chat
widget's files stay loadable by the shop's pages on another origin."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from opsdesk.app import create_app
from opsdesk.config import Settings


def policy_of(response: object) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]  # type: ignore[attr-defined]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.parametrize("path", ["/login", "/shop", "/track", "/workspace/no-such-page"])
def test_pages_allow_only_their_own_scripts_and_cannot_be_framed(
    client: TestClient, path: str
) -> None:
    page = client.get(path, headers={"Accept": "text/html"}, follow_redirects=False)

    assert page.headers["content-type"].startswith("text/html"), path
    policy = policy_of(page)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] in ("strict-origin-when-cross-origin", "no-referrer")
    assert "strict-transport-security" not in page.headers


def test_the_pages_hold_no_inline_script_or_style_the_policy_would_refuse(
    client: TestClient,
) -> None:
    for path in ("/login", "/shop", "/track"):
        html = client.get(path).text
        for inline in ("<script>", "<style", " style=", " onclick="):
            assert inline not in html, (path, inline)


def test_api_answers_and_files_run_nothing(client: TestClient) -> None:
    for response in (client.get("/api/v1/orders"), client.get("/openapi.json"),
                     client.get("/static/favicon.svg")):  # fmt: skip
        assert policy_of(response)["default-src"] == ["'none'"], response.url
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_chat_widget_stays_usable_from_the_shops_origin(
    settings: Settings, engine: Engine
) -> None:
    shop = "https://shop.example.com"
    app = create_app(settings.model_copy(update={"chat_allowed_origins": shop}), engine=engine)
    with TestClient(app) as client:
        script = client.get("/chat/widget.js")
        styles = client.get("/chat/widget.css")
        chat = client.post("/api/v1/chat/sessions", json={"store": "demo"},
                           headers={"Origin": shop})  # fmt: skip
        preflight = client.options("/api/v1/chat/sessions", headers={
            "Origin": shop, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})  # fmt: skip

    for asset in (script, styles):
        assert asset.status_code == 200
        assert asset.headers["cross-origin-resource-policy"] == "cross-origin"
    assert chat.status_code == 201, chat.text
    assert chat.headers["access-control-allow-origin"] == shop
    assert preflight.headers["access-control-allow-origin"] == shop
    assert preflight.headers["x-content-type-options"] == "nosniff"


def test_behind_tls_browsers_are_told_to_stay_on_https(settings: Settings, engine: Engine) -> None:
    app = create_app(settings.model_copy(update={"secure_cookies": True}), engine=engine)
    with TestClient(app) as client:
        page = client.get("/login")

    assert page.headers["strict-transport-security"] == "max-age=31536000"

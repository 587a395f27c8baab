"""Swagger UI and ReDoc render the API in a browser that can reach nothing but the app."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser

# The pages are opened under a host name that is not loopback, as a deployment's would be
# (Swagger UI treats localhost and 127.0.0.1 apart: it never shows its online-validator
# badge, an image from validator.swagger.io, there). The app answers the requests to HOST.
HOST = "http://opsdesk.test"

# Both pages build the whole API's documentation in the browser, a few seconds' work on a
# machine busy with the rest of the suite.
RENDERED = 30_000


def offline(page: Page, live_server: str) -> list[str]:
    """Serve the app at HOST and abort every other request; returns the URLs aborted."""
    blocked: list[str] = []

    def only_the_app(route: Route) -> None:
        url = route.request.url
        if url.startswith(f"{HOST}/"):
            route.fulfill(response=route.fetch(url=live_server + url.removeprefix(HOST)))
        elif url.startswith(f"{live_server}/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    page.route("**/*", only_the_app)
    return blocked


def test_swagger_ui_renders_the_api_offline(page: Page, live_server: str) -> None:
    blocked = offline(page, live_server)

    page.goto(f"{HOST}/docs")

    expect(page.locator(".opblock").first).to_be_visible(timeout=RENDERED)
    place_order = page.locator(".opblock-post", has_text="/api/v1/orders").first
    expect(place_order.locator(".opblock-summary-description")).to_have_text("Place Order")
    expect(page.locator(".info .title")).to_contain_text("OpsDesk")
    assert blocked == []


def test_redoc_renders_the_api_offline(page: Page, live_server: str) -> None:
    blocked = offline(page, live_server)

    page.goto(f"{HOST}/redoc")

    # An operation's heading is named by its permalink's anchor, then its summary.
    expect(page.get_by_role("heading", name=re.compile(r"\bPlace Order$"))).to_be_visible(
        timeout=RENDERED
    )
    expect(page.get_by_role("heading", name=re.compile(r"\bList Orders$"))).to_be_visible()
    assert blocked == []

"""The chat widget embedded on a shop at another origin: it works where the shop's origin
is allowed (`OPSDESK_CHAT_ALLOWED_ORIGINS`), and the browser blocks it where it is not."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from opsdesk.app import create_app
from opsdesk.assistant import classify
from opsdesk.config import Settings
from tests.browser.conftest import VIEWPORTS, open_chat_and_check_layout, serve

pytestmark = pytest.mark.browser


# What a shop's theme or CSS framework may carry: global rules on the elements the widget
# uses, many with !important, a tiny root font size and a transformed wrapper.
HOSTILE_CSS = """
html { font-size: 6px; }
* { font-family: fantasy !important; color: #f0f !important; line-height: .6 !important;
    letter-spacing: 3px; text-align: right; box-sizing: content-box !important; }
button, button[type=submit] { width: 100% !important; display: block; height: 90px;
    margin: 20px !important; }
input, input[type=text] { width: 12px !important; height: 4px !important;
    padding: 0 !important; border: 0 !important; }
div, section, form, ol, li, header, p { padding: 30px !important; margin: 25px !important;
    border: 4px dashed red !important; }
[hidden] { display: block !important; }
body > div { transform: scale(.5); opacity: .3; }
"""


def _shop_app(desk: dict[str, str]) -> Starlette:
    """Somebody else's shop: a plain page and a hostile-CSS page, both embedding the
    widget from OpsDesk's origin."""

    def page(style: str) -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang='en'><head><title>Elsewhere Shop</title>"
            f"<style>{style}</style></head><body>"
            "<h1>Elsewhere Shop</h1>"
            f"<script src='{desk['base']}/chat/widget.js' data-store='demo' defer></script>"
            "</body></html>"
        )

    async def home(_request: Request) -> HTMLResponse:
        return page("")

    async def hostile(_request: Request) -> HTMLResponse:
        return page(HOSTILE_CSS)

    return Starlette(routes=[Route("/", home), Route("/hostile", hostile)])


def _shop_and_desk(settings: Settings, engine: Engine, *, allow: bool) -> Iterator[str]:
    desk: dict[str, str] = {}
    classify("warm up")  # the shipped model trains at first use: not inside a 10 s timeout
    with ExitStack() as stack:
        shop = stack.enter_context(serve(_shop_app(desk)))
        origins = shop if allow else ""
        app = create_app(settings.model_copy(update={"chat_allowed_origins": origins}),
                         engine=engine)  # fmt: skip
        desk["base"] = stack.enter_context(serve(app))
        assert desk["base"] != shop  # another port: another origin
        yield shop


@pytest.fixture
def allowed_shop(settings: Settings, engine: Engine) -> Iterator[str]:
    yield from _shop_and_desk(settings, engine, allow=True)


@pytest.fixture
def unlisted_shop(settings: Settings, engine: Engine) -> Iterator[str]:
    yield from _shop_and_desk(settings, engine, allow=False)


def test_a_shop_on_an_allowed_origin_chats_through_the_widget(
    page: Page, allowed_shop: str
) -> None:
    page.goto(allowed_shop)
    page.get_by_role("button", name="Chat with us").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text("virtual assistant")
    page.get_by_label("Your message").fill("where is my order")
    page.get_by_role("button", name="Send").click()  # the token header needs a preflight
    expect(log).to_contain_text("order number")


def test_a_shop_on_an_unlisted_origin_is_blocked_by_the_browser(
    page: Page, unlisted_shop: str
) -> None:
    page.goto(unlisted_shop)
    page.get_by_role("button", name="Chat with us").click()
    expect(page.get_by_text("the message could not be sent")).to_be_visible()
    expect(page.get_by_role("log")).not_to_contain_text("virtual assistant")


@VIEWPORTS
def test_the_widget_keeps_its_shape_inside_a_page_with_hostile_css(
    page: Page, allowed_shop: str, viewport: tuple[int, int]
) -> None:
    open_chat_and_check_layout(page, f"{allowed_shop}/hostile", viewport)
    page.get_by_label("Your message").fill("where is my order")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("log")).to_contain_text("order number")

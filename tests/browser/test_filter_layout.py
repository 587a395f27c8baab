"""Small forms look as designed (#14): the knowledge base's Filter button is a compact
button level with its select, the inbox's Tag field sits in line with the other filters,
and the rule editor's condition rows and action boxes fit — at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import FloatRect, Locator, Page
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import proactive
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import VIEWPORTS, StaffLogin, log_in
from tests.factories.tracking import THURSDAY

pytestmark = pytest.mark.browser


def _box(locator: Locator) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def _fits(page: Page, width: int) -> None:
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll} px wide at {width} px"


@VIEWPORTS
def test_the_knowledge_filter_button_is_compact_and_level_with_its_select(
    page: Page, live_server: str, agent_login: StaffLogin, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, agent_login)
    page.goto(f"{live_server}/workspace/knowledge")

    form = page.get_by_test_id("locale-filter")
    button = _box(form.get_by_role("button", name="Filter"))
    select = _box(form.get_by_label("Language"))

    assert button["height"] <= select["height"] + 2, (button, select)
    assert button["width"] <= 140, button  # a button, not a full-width pill
    assert abs((button["y"] + button["height"]) - (select["y"] + select["height"])) <= 2
    _fits(page, width)


@VIEWPORTS
def test_the_inbox_tag_field_lines_up_with_the_other_filters(
    page: Page, live_server: str, agent_login: StaffLogin, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, agent_login)

    filters = page.get_by_role("search", name="Filter tickets")
    tag = _box(filters.get_by_label("Tag"))
    status = _box(filters.get_by_label("Status"))
    apply = _box(filters.get_by_role("button", name="Apply"))

    assert abs(tag["height"] - status["height"]) <= 2, (tag, status)
    if width > 600:  # one row on a desktop: every field ends on the same line
        assert abs((tag["y"] + tag["height"]) - (status["y"] + status["height"])) <= 2
        assert abs((apply["y"] + apply["height"]) - (tag["y"] + tag["height"])) <= 2
    assert tag["x"] >= 0, tag
    assert tag["x"] + tag["width"] <= width, tag
    _fits(page, width)


@pytest.fixture
def operations_login(session_factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("sam@example.com", "correct-horse-battery", "Sam Ops")
    with session_factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.OPERATIONS,
                    password=login.password)  # fmt: skip
        proactive.seed_builtin_rules(session, currency="EUR", now=THURSDAY)
    return login


@VIEWPORTS
def test_the_rule_editor_rows_fit_and_a_refusal_shows_beside_its_field(
    page: Page, live_server: str, operations_login: StaffLogin, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, operations_login)
    page.goto(f"{live_server}/workspace/rules")
    page.get_by_role("link", name="Shipment at risk: delay notice and remedy").click()

    row = page.get_by_test_id("condition-row").first
    fact, test, value = (
        _box(row.locator(f"[name={n}]")) for n in ("cond_fact", "cond_op", "cond_value")
    )
    if width > 600:  # fact, test and value side by side
        assert abs(fact["y"] - value["y"]) <= 2
        assert fact["x"] < test["x"] < value["x"]
    else:  # stacked, each within the screen
        assert fact["y"] < test["y"] < value["y"]
    assert value["x"] + value["width"] <= width
    row.locator("[name=cond_value]").fill("lots")
    page.get_by_role("button", name="Save rule").click()

    error = page.locator("#condition-0-value-error")
    assert "a number like 0.6" in error.inner_text()
    shown = page.get_by_test_id("condition-row").first.locator("[name=cond_value]")
    assert _box(error)["y"] > _box(shown)["y"]
    _fits(page, width)

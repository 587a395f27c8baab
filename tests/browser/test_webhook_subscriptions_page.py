"""The webhooks admin page in Chromium at 1440 and 768 px: add a subscriber (its secret
shown once), see a parked delivery in the log, replay it, see it delivered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from opsdesk.kernel.outbox import NamedHandler, RetryPolicy
from opsdesk.staff import create_user
from opsdesk.webhooks import handlers
from opsdesk.webhooks.sender import HttpPoster
from opsdesk.worker.runner import Worker
from tests.browser.conftest import StaffLogin, log_in
from tests.factories.orders import make_shop, place
from tests.support.webhook_receiver import Receiver, webhook_receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_login(session_factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("mara@example.com", "correct-horse-battery", "Mara Admin")
    with session_factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.ADMIN,
                    password=login.password)  # fmt: skip
    return login


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as r:
        yield r


def relay(factory: sessionmaker[Session]) -> None:
    wired = handlers.handlers(HttpPoster(timeout=5))
    named = {k: [NamedHandler(f"webhooks.{h.__name__}", h) for h in v] for k, v in wired.items()}
    worker = Worker(factory, named, retry=RetryPolicy(max_attempts=1))
    while worker.relay_once():
        pass


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("width", [1440, 768])
def test_an_admin_adds_a_subscriber_and_replays_a_parked_delivery(
    page: Page,
    live_server: str,
    admin_login: StaffLogin,
    session_factory: sessionmaker[Session],
    receiver: Receiver,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin_login)
    page.goto(f"{live_server}/workspace/outbox")
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_test_id("subscriptions-empty")).to_be_visible()

    form = page.get_by_test_id("new-subscription")
    form.get_by_label("Endpoint URL").fill(receiver.url)
    form.get_by_label("Note").fill("ERP order import")
    form.get_by_role("checkbox", name="order.placed").check()
    form.get_by_role("button", name="Add subscriber").click()
    secret = page.get_by_test_id("new-secret")
    expect(secret).to_have_text(lambda_text := secret.inner_text())
    assert lambda_text.startswith("whsec_")
    expect(page.get_by_test_id("subscriptions")).to_contain_text(receiver.url)
    assert fits(page)

    receiver.statuses = [500]
    with session_factory() as s, s.begin():
        make_shop(s)
        place(s)
    relay(session_factory)  # one attempt allowed: the 500 parks it

    page.goto(f"{live_server}/workspace/webhooks")
    expect(page.get_by_test_id("new-secret")).to_have_count(0)  # shown once only
    page.get_by_test_id("filter-parked").click()
    row = page.locator("[data-testid^=delivery-]").first
    expect(row).to_contain_text("order.placed")
    expect(row).to_contain_text("HTTP 500")
    assert fits(page)
    row.get_by_role("button", name="Replay").click()
    expect(page.locator("body")).to_contain_text("is queued again")

    relay(session_factory)
    page.reload()
    expect(page.locator("[data-testid^=state-]").first).to_have_text("delivered")
    assert len(receiver.received) == 2
    assert receiver.received[0].body == receiver.received[1].body

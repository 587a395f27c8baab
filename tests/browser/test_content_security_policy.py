"""Under the Content-Security-Policy every page still works, and Chromium reports no
violation on any of them: login, workspace, ticket, reports, rules, knowledge base, the
demo shop with its chat, the tracking pages and the API docs (issue #15, item 10)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import proactive, tracking
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from opsdesk.staff import create_user
from tests.browser.conftest import StaffLogin, log_in, serve
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY
from tests.factories.workspace import LateOrderTicket, late_order_ticket

pytestmark = pytest.mark.browser

# Every violation is also dispatched to the page as an event: kept where the test reads it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def server(settings: Settings, engine: Engine) -> Iterator[str]:
    app = create_app(settings.model_copy(update={"store_name": "Nordlicht"}), engine=engine)
    app.state.clock = FixedClock(THURSDAY)
    with serve(app) as base:
        yield base


@pytest.fixture
def admin(session_factory: sessionmaker[Session]) -> StaffLogin:
    login = StaffLogin("lea@example.com", "correct-horse-battery", "Lea Admin")
    with session_factory() as session, session.begin():
        create_user(session, email=login.email, name=login.name, role=Role.ADMIN,
                    password=login.password)  # fmt: skip
    return login


@pytest.fixture
def arranged(session_factory: sessionmaker[Session]) -> LateOrderTicket:
    with session_factory() as session, session.begin():
        proactive.seed_builtin_rules(session, currency="EUR", now=THURSDAY)
        return late_order_ticket(session)


# ReDoc's bundle always draws the Redocly logo from its CDN (no option turns it off); the
# docs' img-src refuses it on purpose, so reading the docs contacts no third party.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def policy_of(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class Violations:
    """CSP violations Chromium logged to the console or fired as events, per page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text and REDOCLY_LOGO not in message.text:
            self.found.append(f"{self.page.url}: {message.text}")

    def collect(self) -> None:
        events = self.page.evaluate("() => window.__cspViolations || []")
        self.found += [
            f"{self.page.url}: {e}" for e in events if not e.startswith(f"img-src {REDOCLY_LOGO}")
        ]


def _visit(page: Page, violations: Violations, url: str, ready: str) -> None:
    response = page.goto(url)
    assert response is not None
    policy = policy_of(response.headers.get("content-security-policy", ""))
    assert policy.get("frame-ancestors") == ["'none'"], url
    assert policy.get("script-src", [""])[0] == "'self'", url
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(policy["script-src"]), url
    expect(page.locator(ready).first).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    violations.collect()


def test_no_page_breaks_the_content_security_policy(
    page: Page,
    server: str,
    admin: StaffLogin,
    arranged: LateOrderTicket,
    settings: Settings,
) -> None:
    violations = Violations(page)
    token = tracking.token_for_order(settings.secret_key, arranged.late.order_id)

    _visit(page, violations, f"{server}/login", "form")
    _visit(page, violations, f"{server}/track", "form")
    _visit(page, violations, f"{server}/t/{token}", "[data-testid=status-headline]")
    _visit(page, violations, f"{server}/shop", "[data-testid=shop-name]")
    page.get_by_role("button", name="Chat with us").click()
    page.get_by_label("Your message").fill("Where is my order?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("log")).to_contain_text("Where is my order?")
    violations.collect()

    log_in(page, server, admin)
    expect(page.get_by_test_id("whoami")).to_be_visible()
    _visit(page, violations, f"{server}/workspace", "table, main")
    _visit(page, violations, f"{server}/workspace/tickets/{arranged.ticket_id}",
           "[data-testid=customer-panel]")  # fmt: skip
    _visit(page, violations, f"{server}/workspace/reports?from=2026-11-01&to=2026-11-22",
           "#charts[data-rendered=true]")  # fmt: skip
    _visit(page, violations, f"{server}/workspace/rules", "main")
    _visit(page, violations, f"{server}/workspace/knowledge", "main")
    _visit(page, violations, f"{server}/docs", ".opblock")
    _visit(page, violations, f"{server}/redoc", "h1, h2")

    assert violations.found == []

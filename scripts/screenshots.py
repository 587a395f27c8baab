"""Screenshots of the product as people see it, at desktop and phone widths.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only inbox,ticket]

Builds a small demo store in a scratch directory (SQLite, seed 42), serves it on a free
loopback port in this process and drives Debian's Chromium with Playwright: the agent's
inbox and a ticket, the reports, the operations view, the demo shop with its chat open,
and a customer's tracking page — the whole page at 1440×900, the first screen at 390×844.
Look at them before you call a screen done.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
import uvicorn
from playwright.sync_api import Page, sync_playwright

from opsdesk import demo, support, tracking
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.forecasting.store_run import RunOptions, run_store_forecast
from opsdesk.kernel import migrate
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory

ROOT = Path(__file__).resolve().parents[1]
VIEWPORTS = {"desktop": (1440, 900), "tablet": (768, 1024), "phone": (390, 844)}
TABLET_SHOTS = "ops-"  # the warehouse screens are also used on tablets
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _served(settings: Settings) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1",
                                           port=_free_port(), log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _store(data_dir: Path) -> tuple[Settings, str, str, int, str]:
    """A seeded demo store; its admin's e-mail and password, a ticket id, a tracking path."""
    settings = Settings(data_dir=data_dir, secret_key="screenshots-" + "k" * 32,
                        embedded_worker=False)  # fmt: skip
    engine = make_engine(settings.resolved_database_url())
    migrate.upgrade(engine)
    demo.generate_store(engine, demo.size_named("small"), 42, datetime.now(UTC))
    factory = session_factory(engine)
    with factory() as session, session.begin():
        login = demo.ensure_demo_login(session)
        run_store_forecast(session, RunOptions(fast=True), datetime.now(UTC).date())
        ticket_id = session.scalar(
            sa.select(support.Ticket.id)
            .join(support.TicketOrderLink, support.TicketOrderLink.ticket_id == support.Ticket.id)
            .where(support.Ticket.status.in_(["open", "new"]))
            .order_by(support.Ticket.id.desc())
            .limit(1)
        )
        order_id = session.scalar(sa.text("SELECT id FROM orders WHERE status = 'shipped' LIMIT 1"))
    engine.dispose()
    if not (login.password and ticket_id and order_id):
        raise SystemExit("the demo store has no open ticket with an order, or no shipped order")
    link = tracking.link_for_order(settings.secret_key, "", int(order_id))
    return settings, login.email, login.password, int(ticket_id), link


def _log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/workspace**")


def _shots(base: str, ticket_id: int, link: str) -> dict[str, Callable[[Page], None]]:
    def visit(path: str) -> Callable[[Page], None]:
        def go(page: Page) -> None:
            page.goto(base + path, wait_until="networkidle")

        return go

    def first_link(path: str, prefix: str) -> Callable[[Page], None]:
        """A list, then the first row's detail page."""

        def go(page: Page) -> None:
            page.goto(base + path, wait_until="networkidle")
            page.locator(f"main a[href^='{prefix}']").first.click()
            page.wait_for_load_state("networkidle")

        return go

    def shop_chat(page: Page) -> None:
        page.goto(f"{base}/shop", wait_until="networkidle")
        page.get_by_role("button", name="Chat with us").click()
        page.get_by_role("log").get_by_text("virtual assistant").first.wait_for()

    def rule_editor(page: Page) -> None:
        page.goto(f"{base}/workspace/rules", wait_until="networkidle")
        if page.locator("a[href^='/workspace/rules/']").count() == 0:  # store the built-in ones
            page.locator("form[action='/workspace/rules/builtin'] button").click()
            page.wait_for_load_state("networkidle")
        page.locator("a[href^='/workspace/rules/']").first.click()
        page.wait_for_load_state("networkidle")

    def customer_edit(page: Page) -> None:
        first_link("/workspace/customers", "/workspace/customers/")(page)
        page.locator("main a[href$='/edit']").first.click()
        page.wait_for_load_state("networkidle")

    return {
        "inbox": visit("/workspace"),
        "ticket": visit(f"/workspace/tickets/{ticket_id}"),
        "operations": visit("/workspace/operations"),
        "reports": visit("/workspace/reports"),
        "shop-chat": shop_chat,
        "tracking-page": visit(link),
        "tracking-page-de": visit(f"{link}?lang=de"),
        "knowledge": visit("/workspace/knowledge"),
        "rule-editor": rule_editor,
        "staff-admin": visit("/workspace/staff"),
        "discount-approvals": visit("/workspace/discount-codes"),
        # the operations workspace
        "ops-stock": visit("/workspace/stock"),
        "ops-forecast": visit("/workspace/forecast"),
        "ops-forecast-sku": first_link("/workspace/forecast", "/workspace/forecast/sku/"),
        "ops-orders": visit("/workspace/orders"),
        "ops-order": first_link("/workspace/orders", "/workspace/orders/"),
        "ops-purchasing": visit("/workspace/purchase-orders"),
        "ops-replenishment": visit("/workspace/replenishment"),
        "ops-fulfilment": visit("/workspace/fulfilment"),
        "ops-packing": visit("/workspace/packing"),
        "ops-returns": visit("/workspace/returns"),
        "ops-catalog": visit("/workspace/catalog"),
        "ops-customer": first_link("/workspace/customers", "/workspace/customers/"),
        "ops-catalog-new": visit("/workspace/catalog/new"),
        "ops-catalog-variant": first_link("/workspace/catalog", "/workspace/catalog/variants/"),
        "ops-customer-edit": customer_edit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated shot names")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium not found: run `make browser`", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="opsdesk-shots-") as scratch:
        settings, email, password, ticket_id, link = _store(Path(scratch))
        with _served(settings) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
            wanted = {n for n in args.only.split(",") if n}
            for label, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              locale="en-GB")  # fmt: skip
                page = context.new_page()
                _log_in(page, base, email, password)
                for name, go in _shots(base, ticket_id, link).items():
                    if wanted and name not in wanted:
                        continue
                    if label == "tablet" and not name.startswith(TABLET_SHOTS):
                        continue
                    go(page)
                    target = args.out / f"{name}-{label}.png"
                    # desktop: the whole page; phone: the first screen, as a person sees it
                    page.screenshot(path=str(target), full_page=label == "desktop")
                    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

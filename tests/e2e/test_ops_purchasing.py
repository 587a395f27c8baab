"""The Purchasing screens over HTTP: a buyer sends a purchase order to its supplier (the
PDF arrives by e-mail after the outbox relays), moves its due date, and the dock books a
partial receipt that names the customer it unblocked; refusals are 4xx that change
nothing; agents read and cannot change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, notifications
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.http import Role
from tests.factories.purchasing import CAP, TEE, Dock, make_dock
from tests.support import web
from tests.support.relay import relay_all
from tests.support.smtp import Inbox


@pytest.fixture
def dock(session_factory: sessionmaker[Session]) -> Dock:
    with session_factory() as session, session.begin():
        return make_dock(session)


@pytest.fixture
def mailing(
    smtp: tuple[Settings, Inbox], engine: Engine
) -> Iterator[tuple[TestClient, Settings, Inbox]]:
    settings, inbox = smtp
    with TestClient(create_app(settings, engine=engine), raise_server_exceptions=False) as client:
        yield client, settings, inbox


def receive_form(
    csrf: str, dock: Dock, counts: dict[int, tuple[str, str]], over: bool = False
) -> dict[str, object]:
    with_lines = {"line": [], "qty": [], "bin": []}  # type: dict[str, list[str]]
    for line_id, (qty, bin_) in counts.items():
        with_lines["line"].append(str(line_id))
        with_lines["qty"].append(qty)
        with_lines["bin"].append(bin_)
    return {"csrf": csrf, **with_lines, **({"accept_over": "yes"} if over else {})}


def line_ids(factory: sessionmaker[Session], dock: Dock) -> dict[str, int]:
    with factory() as session:
        return {r.sku: r.line_id for r in inventory.dock.dock_rows(session, dock.purchase_order)}


def test_a_buyer_sends_the_pdf_once_and_the_supplier_gets_it_after_the_relay(
    mailing: tuple[TestClient, Settings, Inbox], session_factory: sessionmaker[Session], dock: Dock
) -> None:
    client, settings, inbox = mailing
    page = f"/workspace/purchase-orders/{dock.purchase_order}"
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing=page)
    listed = client.get("/workspace/purchase-orders?state=not_sent")
    assert dock.number in listed.text
    sent = client.post(page + "/send", data={"csrf": csrf, "sends": "0"}, follow_redirects=False)
    assert sent.status_code == 303
    again = client.post(page + "/send", data={"csrf": csrf, "sends": "0"})  # a double-click
    assert "was already sent; it was not sent again" in again.text
    assert inbox.messages == []  # nothing leaves before the commit is relayed
    relay_all(session_factory, settings)

    [mail] = inbox.wait_for(1)
    assert mail["To"] == "orders@nordwolle.example"
    assert mail["Subject"] == f"Purchase order {dock.number} from Nordlicht"
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == f"{dock.number}.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    body = mail.get_body(("plain",))
    assert body is not None
    assert "to be delivered by 12 March 2026" in body.get_content()
    detail = client.get(page).text
    assert 'data-testid="po-state">Sent<' in detail
    assert "E-mail to orders@nordwolle.example: sent" in detail
    assert dock.number in client.get("/workspace/purchase-orders?state=sent").text
    assert dock.number not in client.get("/workspace/purchase-orders?state=not_sent").text


def test_the_pdf_download_carries_the_order(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock
) -> None:
    web.log_in(client, session_factory, Role.AGENT)
    response = client.get(f"/workspace/purchase-orders/{dock.purchase_order}.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{dock.number}.pdf"' in response.headers["content-disposition"]


def test_the_due_date_moves_with_a_reason_and_bad_dates_are_refused(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock
) -> None:
    page = f"/workspace/purchase-orders/{dock.purchase_order}"
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing=page)
    bad = client.post(page + "/due-date", data={"csrf": csrf, "due": "next week", "reason": "x"})
    assert bad.status_code == 422
    assert "new due date: &#39;next week&#39; is not a date" in bad.text
    moved = client.post(page + "/due-date", data={"csrf": csrf, "due": "2026-03-20",
                                                  "reason": "yarn is late"})  # fmt: skip
    assert moved.status_code == 200
    assert "Due on 20 Mar 2026 now; 1 waiting order(s) got a new date, " in moved.text
    assert "due date 2026-03-12 → 2026-03-20 — yarn is late" in moved.text


def test_the_dock_refuses_bad_counts_whole_then_books_and_names_the_customer(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock
) -> None:
    page = f"/workspace/purchase-orders/{dock.purchase_order}/receive"
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing=page)
    ids = line_ids(session_factory, dock)
    typo = client.post(page, data=receive_form(csrf, dock, {ids[TEE]: ("2x", "A-01")}))
    assert typo.status_code == 422
    assert "TEE-NAVY-M: &#39;2x&#39; is not a whole number of units" in typo.text
    over = client.post(page, data=receive_form(csrf, dock, {ids[TEE]: ("3", "A-01"),
                                                            ids[CAP]: ("5", "B-02")}))  # fmt: skip
    assert over.status_code == 409
    assert "5 × CAP-OLIVE counted but only 4 outstanding" in over.text
    assert 'value="A-01"' in over.text  # what was typed is kept

    booked = client.post(page, data=receive_form(csrf, dock, {ids[TEE]: ("3", "A-01"),
                                                              ids[CAP]: ("0", "")}))  # fmt: skip
    assert booked.status_code == 200
    assert "Received 3 unit(s); 1 backorder line(s) filled." in booked.text
    assert 'data-testid="unblocked-T-' in booked.text
    assert f'href="/workspace/customers/{dock.customer}">Ana Lima</a>' in booked.text
    assert 'data-testid="received-TEE-NAVY-M"' in booked.text
    assert "A-01" in booked.text


def test_a_scanned_number_opens_its_receiving_page_and_an_unknown_one_is_refused(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock
) -> None:
    web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/dock?po=")
    found = client.get(f"/workspace/dock?po={dock.number.lower()}", follow_redirects=False)
    assert found.headers["location"] == f"/workspace/purchase-orders/{dock.purchase_order}/receive"
    missing = client.get("/workspace/dock?po=PO-NOPE")
    assert missing.status_code == 404
    assert "No purchase order PO-NOPE" in missing.text


def test_agents_read_purchasing_but_cannot_send_or_receive(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock
) -> None:
    csrf = web.log_in(client, session_factory, Role.AGENT)
    page = f"/workspace/purchase-orders/{dock.purchase_order}"
    assert dock.number in client.get("/workspace/purchase-orders").text
    assert 'data-testid="po-send"' not in client.get(page).text
    assert client.post(page + "/send", data={"csrf": csrf, "sends": "0"}).status_code == 403
    assert client.get(page + "/receive").status_code == 403
    with session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(notifications.Message)) == 0


def test_the_supplier_form_names_the_bad_field_and_saves_a_good_one(
    client: TestClient, session_factory: sessionmaker[Session], dock: Dock
) -> None:
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/suppliers/new")
    form = {"csrf": csrf, "name": "Baltic Caps", "email": "not-an-address",
            "lead_time_days": "14", "currency": "eur", "active": "yes"}  # fmt: skip
    bad = client.post("/workspace/suppliers", data=form)
    assert bad.status_code == 422
    assert "email: must be an e-mail address" in bad.text
    taken = client.post("/workspace/suppliers", data=form | {"name": "nordwolle gmbh",
                                                            "email": "a@b.example"})  # fmt: skip
    assert taken.status_code == 409
    saved = client.post("/workspace/suppliers", data=form | {"email": "po@baltic.example"})
    assert saved.status_code == 200
    assert "Supplier Baltic Caps saved." in saved.text
    listed = client.get("/workspace/suppliers?q=baltic").text
    assert "po@baltic.example" in listed
    assert "Nordwolle" not in listed

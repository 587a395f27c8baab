"""Actions from the ticket view over HTTP: the panel's forms, their CSRF check, refusals
shown in the form (409 for the order's state, 422 for the input) and what success leaves."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from time_machine import TimeMachineFixture

from opsdesk import inventory, orders, promotions, support
from opsdesk.kernel.http import Role
from tests.factories.orders import MUG
from tests.factories.workspace import DamagedDeliveryTicket, damaged_delivery_ticket, ship_now
from tests.support.web import log_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def arranged(session_factory: sessionmaker[Session]) -> DamagedDeliveryTicket:
    with session_factory() as session, session.begin():
        return damaged_delivery_ticket(session)


def _url(case: DamagedDeliveryTicket, kind: str, order_id: int | None = None) -> str:
    order = order_id or case.delivered.order_id
    return f"/workspace/tickets/{case.ticket_id}/orders/{order}/actions/{kind}"


def _notes(factory: sessionmaker[Session], ticket_id: int) -> list[str]:
    ticket = _ticket(factory, ticket_id)
    return [
        m.body_text for m in ticket.messages if m.author_kind is support.AuthorKind.INTERNAL_NOTE
    ]


def _ticket(factory: sessionmaker[Session], ticket_id: int) -> support.TicketRead:
    with factory() as session:
        return support.read_ticket(session, ticket_id)


def _berlin_mugs(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        stock = inventory.stock_for_sku(session, MUG)
    return next(w.available for w in stock.warehouses if w.warehouse_code == "BER")


def _order_count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(orders.Order)) or 0)


def _reply_box(page: str) -> str:
    match = re.search(r'<textarea id="reply-body"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "the page has no reply box"
    return html.unescape(match.group(1))


def test_the_panel_offers_each_order_only_the_actions_its_status_allows(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    log_in(client, session_factory)
    page = client.get(f"/workspace/tickets/{arranged.ticket_id}").text

    def offered(number: str) -> set[str]:
        return set(re.findall(rf'data-testid="action-{re.escape(number)}-(\w+)"', page))

    assert offered(arranged.delivered.number) == {
        "reship", "start_return", "issue_discount", "record_refund"}  # fmt: skip
    assert offered(arranged.open_number) == {
        "cancel_order", "cancel_lines", "upgrade_shipping", "change_address", "issue_discount",
        "record_refund"}  # fmt: skip


def test_reshipping_a_broken_mug_writes_the_note_drafts_the_reply_and_reserves_stock(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    csrf = log_in(client, session_factory)
    before = _berlin_mugs(session_factory)
    form = {"csrf": csrf, f"qty-{arranged.mug_line_id}": "1", "reason": "damaged",
            "note": "photo of the shards in the e-mail"}  # fmt: skip

    response = client.post(_url(arranged, "reship"), data=form, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/workspace/tickets/{arranged.ticket_id}"
    replacement = f"{arranged.delivered.number}-R1"
    assert _berlin_mugs(session_factory) == before - 1
    [note] = _notes(session_factory, arranged.ticket_id)
    assert f"as replacement order {replacement} (damaged)" in note
    assert note.endswith("photo of the shards in the e-mail")
    page = client.get(f"/workspace/tickets/{arranged.ticket_id}").text
    assert f"Replacement order {replacement} created." in html.unescape(page)
    assert f'data-testid="order-{replacement}"' in page
    draft = _reply_box(page)
    assert draft.startswith("Olá, Ana,")  # in the customer's language (pt-BR)
    assert f"reposição sem custo como pedido {replacement}" in draft
    again = client.get(f"/workspace/tickets/{arranged.ticket_id}").text
    assert _reply_box(again) == "", "the draft is offered once, not on every visit"


def test_an_action_without_the_session_csrf_token_is_refused_and_writes_nothing(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    log_in(client, session_factory)
    orders_before = _order_count(session_factory)
    form = {"csrf": "forged", f"qty-{arranged.mug_line_id}": "1", "reason": "damaged"}

    response = client.post(_url(arranged, "reship"), data=form, follow_redirects=False)

    assert response.status_code == 403
    assert "nothing was saved" in response.text
    assert _order_count(session_factory) == orders_before
    assert _notes(session_factory, arranged.ticket_id) == []


def test_changing_the_address_of_an_order_that_shipped_meanwhile_is_409_in_its_form(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    csrf = log_in(client, session_factory)
    client.get(f"/workspace/tickets/{arranged.ticket_id}")  # the agent opens the ticket …
    with session_factory() as session, session.begin():  # … and the warehouse ships
        ship_now(session, arranged.open_order_id, arranged.berlin_id)
    form = {"csrf": csrf, "line1": "Torstraße 1", "postal_code": "10119", "city": "Berlin",
            "country": "de", "reason": "moved"}  # fmt: skip
    url = _url(arranged, "change_address", arranged.open_order_id)

    fragment = client.post(url, data=form, headers=HTMX)
    page = client.post(url, data=form, follow_redirects=False)

    assert fragment.status_code == 409
    assert fragment.text.lstrip().startswith('<details class="action"')
    message = (f"Cannot change the shipping address of order {arranged.open_number}: it is "
               "shipped; the parcel is with the carrier already; contact the carrier.")  # fmt: skip
    assert message in html.unescape(fragment.text)
    assert 'value="Torstraße 1"' in fragment.text, "what the agent typed is kept"
    assert page.status_code == 409
    assert message in html.unescape(page.text)
    assert 'data-testid="conversation"' in page.text
    assert _notes(session_factory, arranged.ticket_id) == []
    with session_factory() as session:
        order = session.get(orders.Order, arranged.open_order_id)
        assert order is not None
        assert order.ship_line1 != "Torstraße 1"


@pytest.mark.parametrize(
    ("kind", "form", "words"),
    [
        ("reship", {"reason": "damaged"}, "choose how many of which item"),
        ("reship", {"reason": "eaten"}, "check the reason"),
        ("record_refund", {"amount": "ten euros", "reason": "goodwill"}, "write the amount"),
        ("record_refund", {"amount": "5", "reason": " "}, "give a reason"),
        ("issue_discount", {"discount_kind": "percent", "value": "150", "reason": "sorry",
                            "reason_code": "goodwill"},
         "at most 100"),
        ("issue_discount", {"discount_kind": "amount", "value": "5", "expires": "2020-01-01",
                            "reason": "sorry", "reason_code": "goodwill"}, "the expiry date has passed"),
    ],
)  # fmt: skip
def test_bad_input_is_422_in_plain_words_and_writes_nothing(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket,
    kind: str, form: dict[str, str], words: str,
) -> None:  # fmt: skip
    csrf = log_in(client, session_factory)
    if kind == "reship" and "eaten" in form.values():
        form = form | {f"qty-{arranged.mug_line_id}": "1"}

    response = client.post(_url(arranged, kind), data=form | {"csrf": csrf}, headers=HTMX)

    assert response.status_code == 422
    assert 'data-testid="action-error"' in response.text
    assert words in html.unescape(response.text).lower()
    assert _notes(session_factory, arranged.ticket_id) == []


@pytest.fixture
def early_december(time_machine: TimeMachineFixture) -> None:
    """The wall clock stands at 7 December 2026 (and runs on), before the expiry below."""
    time_machine.move_to(datetime(2026, 12, 7, 10, 0, tzinfo=UTC))


def test_a_discount_code_from_the_ticket_is_a_real_code_named_in_the_note(
    early_december: None,
    client: TestClient,
    session_factory: sessionmaker[Session],
    arranged: DamagedDeliveryTicket,
) -> None:
    csrf = log_in(client, session_factory)
    form = {"csrf": csrf, "discount_kind": "percent", "value": "15", "expires": "2027-03-31",
            "reason": "sorry for the broken mug", "reason_code": "damaged_item"}  # fmt: skip

    response = client.post(_url(arranged, "issue_discount"), data=form, headers=HTMX)

    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/workspace/tickets/{arranged.ticket_id}"
    with session_factory() as session:
        code = session.scalars(sa.select(promotions.DiscountCode)).one()
    assert (code.kind.value, code.value, code.max_redemptions) == ("percent", 1500, 1)
    assert code.customer_id == arranged.customer_id
    [note] = _notes(session_factory, arranged.ticket_id)
    assert f"single-use discount code {code.code} (15% off" in note
    page = client.get(f"/workspace/tickets/{arranged.ticket_id}").text
    assert f"o cupom {code.code}" in _reply_box(page)


def test_operations_staff_cannot_act_from_the_ticket(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS)
    form = {"csrf": csrf, f"qty-{arranged.mug_line_id}": "1", "reason": "damaged"}

    response = client.post(_url(arranged, "reship"), data=form, follow_redirects=False)

    assert response.status_code == 403
    assert _notes(session_factory, arranged.ticket_id) == []


def test_an_unknown_action_or_order_is_a_404_page(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    csrf = log_in(client, session_factory)

    unknown_kind = client.post(_url(arranged, "teleport"), data={"csrf": csrf})
    unknown_order = client.post(_url(arranged, "reship", 999_999), data={"csrf": csrf})

    assert (unknown_kind.status_code, unknown_order.status_code) == (404, 404)
    assert "No such order" in unknown_order.text


def test_an_admin_lands_on_all_open_work_while_an_agent_starts_with_their_own(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    current = re.compile(r'<a [^>]*aria-current="page"[^>]*data-testid="view-(\w+)"')

    log_in(client, session_factory, Role.ADMIN)
    admin_start = client.get("/workspace").text
    client.cookies.clear()
    log_in(client, session_factory, Role.AGENT)
    agent_start = client.get("/workspace").text

    assert current.findall(admin_start) == ["open"]
    assert f"/workspace/tickets/{arranged.ticket_id}" in admin_start
    assert current.findall(agent_start) == ["mine"]
    assert f"/workspace/tickets/{arranged.ticket_id}" not in agent_start


def test_a_shipped_line_reads_shipped_from_its_warehouse_not_picked(
    client: TestClient, session_factory: sessionmaker[Session], arranged: DamagedDeliveryTicket
) -> None:
    log_in(client, session_factory)
    page = client.get(f"/workspace/tickets/{arranged.ticket_id}").text
    held = [" ".join(r.split()) for r in re.findall(r'data-testid="reservation">([^<]+)<', page)]
    assert "2 shipped from BER" in held  # the delivered mugs
    assert "1 reserved in BER" in held  # the other order's line, still on the shelf
    assert not any("picked" in r for r in held)

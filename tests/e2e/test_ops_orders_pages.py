"""The order list and order page over HTTP: who sees and does what, the filters and their
refusals, the order page's parts, its actions (done, refused) and the bulk summary."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import orders
from opsdesk.kernel.http import Role
from tests.integration.test_ops_orders_listing import OrderDesk, order_desk
from tests.support.web import log_in

LIST = "/workspace/orders"


@pytest.fixture
def desk(session_factory: sessionmaker[Session]) -> OrderDesk:
    with session_factory() as session, session.begin():
        return order_desk(session)


def _rows(page: str) -> list[str]:
    return re.findall(r'data-testid="row-(OD-[0-9A-Z]+)"', page)


def _status(factory: sessionmaker[Session], number: str) -> orders.OrderStatus:
    with factory() as session:
        found = session.scalar(sa.select(orders.Order.status).where(orders.Order.number == number))
    assert found is not None
    return found


def _id(factory: sessionmaker[Session], number: str) -> int:
    with factory() as session:
        found = session.scalar(sa.select(orders.Order.id).where(orders.Order.number == number))
    assert found is not None
    return found


def _flash(page: str) -> str:
    match = re.search(r'data-testid="flash">(.*?)</p>', page, re.S)
    assert match, "no flash on the page"
    return html.unescape(match.group(1))


def test_operations_filter_the_list_and_see_the_bulk_actions(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    page = client.get(LIST).text
    assert len(_rows(page)) == 7
    assert 'data-testid="bulk-release"' in page
    assert f'data-testid="tick-{desk.unpaid}"' in page
    assert "promised delivery day has passed" in page  # the filter help says what late means
    assert _rows(client.get(LIST, params={"status": "placed"}).text) == [desk.unpaid]
    ticketed = client.get(LIST, params={"ticket": "1", "late": "1"}).text
    assert _rows(ticketed) == [desk.late]
    assert f'data-testid="ticket-{desk.late}"' in ticketed
    assert f'data-testid="late-{desk.late}"' in ticketed
    empty = client.get(LIST, params={"country": "JP"})
    assert empty.status_code == 200
    assert 'data-testid="no-orders"' in empty.text


def test_a_bad_filter_is_a_422_that_names_it(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    response = client.get(LIST, params={"status": "lost"})
    assert response.status_code == 422
    assert "unknown status &#39;lost&#39;" in response.text
    assert client.get(LIST, params={"country": "Germany"}).status_code == 422
    assert client.get(LIST, params={"warehouse": "x"}).status_code == 422


def test_the_next_page_link_continues_where_the_first_page_ended(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    page = client.get(LIST).text
    assert 'data-testid="next-page"' not in page  # seven orders fit on one page
    assert 'data-testid="first-page"' not in page


def test_agents_read_the_list_and_the_order_but_do_not_act(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    csrf = log_in(client, session_factory, Role.AGENT, landing=LIST)
    page = client.get(LIST).text
    assert len(_rows(page)) == 7
    assert 'data-testid="bulk-actions"' not in page
    assert 'name="order"' not in page
    order_page = client.get(f"{LIST}/{desk.paid[0]}").text
    assert 'data-testid="read-only"' in order_page
    assert "actions-OD-" not in order_page
    refused = client.post(f"{LIST}/bulk", data={"csrf": csrf, "action": "release",
                                                "order": [str(_id(session_factory, desk.paid[0]))]})  # fmt: skip
    assert refused.status_code == 403
    acted = client.post(f"{LIST}/{desk.paid[0]}/actions/cancel_order",
                        data={"csrf": csrf, "reason": "test"})  # fmt: skip
    assert acted.status_code == 403
    assert _status(session_factory, desk.paid[0]) is orders.OrderStatus.ALLOCATED


def test_the_order_page_shows_lines_stock_parcels_timeline_and_tickets(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    page = client.get(f"{LIST}/{desk.late}").text
    assert f'data-testid="timeline-{desk.late}"' in page
    assert 'data-testid="shipment-' in page
    assert "Delayed: sorting backlog" in page
    assert f'href="/workspace/tickets/{desk.ticket_id}"' in page
    assert 'data-testid="late-badge"' in page
    backordered = client.get(f"{LIST}/{desk.backordered}").text
    assert "waiting for stock" in backordered
    assert "reserved in BER" in backordered
    assert 'data-testid="no-tickets"' in backordered
    assert client.get(f"{LIST}/OD-NOSUCHORDER").status_code == 404


def test_operations_cancel_an_order_from_its_page(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    page = client.get(f"{LIST}/{desk.paid[0]}").text
    assert f'action="{LIST}/{desk.paid[0]}/actions/cancel_order"' in page
    assert "issue_discount" not in page  # a discount code is the ticket's remedy
    done = client.post(f"{LIST}/{desk.paid[0]}/actions/cancel_order",
                       data={"csrf": csrf, "reason": "customer called twice", "note": "phone"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"] == f"{LIST}/{desk.paid[0]}"
    assert _status(session_factory, desk.paid[0]) is orders.OrderStatus.CANCELLED
    after = client.get(f"{LIST}/{desk.paid[0]}").text
    assert _flash(after) == f"Order {desk.paid[0]} cancelled."
    assert "customer called twice" in after
    assert "Note by" in after


def test_a_refused_action_says_why_and_changes_nothing(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    shipped = client.post(f"{LIST}/{desk.late}/actions/cancel_order",
                          data={"csrf": csrf, "reason": "too late"})  # fmt: skip
    assert shipped.status_code == 409
    assert 'data-testid="action-error"' in shipped.text
    assert "shipped" in shipped.text
    no_reason = client.post(f"{LIST}/{desk.paid[1]}/actions/cancel_order",
                            data={"csrf": csrf, "reason": ""}, headers={"HX-Request": "true"})  # fmt: skip
    assert no_reason.status_code == 422
    assert "give a reason" in no_reason.text.lower()
    assert _status(session_factory, desk.paid[1]) is orders.OrderStatus.ALLOCATED
    assert client.post(f"{LIST}/{desk.paid[1]}/actions/issue_discount",
                       data={"csrf": csrf}).status_code == 404  # fmt: skip


def test_bulk_release_reports_what_was_released_and_what_was_skipped(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    ticked = [str(_id(session_factory, n)) for n in (*desk.paid, desk.unpaid)]
    back = f"{LIST}?status=allocated"
    done = client.post(f"{LIST}/bulk", data={"csrf": csrf, "action": "release", "order": ticked,
                                            "back": back}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"] == back
    summary = _flash(client.get(back).text)
    assert summary == f"2 released to picking, 1 skipped: {desk.unpaid} not paid."
    assert {_status(session_factory, n) for n in desk.paid} == {orders.OrderStatus.PICKING}


def test_bulk_refuses_an_empty_selection_and_a_foreign_return_address(
    client: TestClient, session_factory: sessionmaker[Session], desk: OrderDesk
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    empty = client.post(f"{LIST}/bulk", data={"csrf": csrf, "action": "release"})
    assert empty.status_code == 422
    assert "Tick between 1 and 200 orders" in empty.text
    unknown = client.post(f"{LIST}/bulk", data={"csrf": csrf, "action": "ship", "order": ["1"]})
    assert unknown.status_code == 422
    ticked = [str(_id(session_factory, desk.unpaid))]
    away = client.post(f"{LIST}/bulk", data={"csrf": csrf, "action": "cancel_unpaid",
                                            "order": ticked, "back": "https://evil.example/"},
                       follow_redirects=False)  # fmt: skip
    assert away.headers["location"] == LIST
    assert _status(session_factory, desk.unpaid) is orders.OrderStatus.CANCELLED

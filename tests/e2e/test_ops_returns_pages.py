"""The returns screens over HTTP: the queue and its filters, the receiving desk, a return
taken from approval to refund through the forms (bad input refused by name with nothing
changed, a second refund paying nothing), the reasons per product; agents read only."""

from __future__ import annotations

import re

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, returns
from opsdesk.kernel.http import Role
from tests.factories.orders import MUG
from tests.integration.test_ops_returns_queries import Desk, returns_desk
from tests.support.web import log_in

PATH = "/workspace/returns"


def _desk(factory: sessionmaker[Session]) -> Desk:
    with factory() as session, session.begin():
        return returns_desk(session)


def _read(factory: sessionmaker[Session], return_id: int) -> returns.ReturnRequest:
    with factory() as session:
        rma = returns.get_return(session, return_id)
        session.expunge_all()
        return rma


def _refunds(factory: sessionmaker[Session], return_id: int) -> list[int]:
    with factory() as session:
        query = sa.select(returns.Refund.amount_minor).where(returns.Refund.return_id == return_id)
        return list(session.scalars(query))


def _movements(factory: sessionmaker[Session], number: str) -> list[tuple[str, int]]:
    m = inventory.StockMovement
    with factory() as session:
        rows = session.execute(
            sa.select(m.kind, m.on_hand_delta)
            .where(m.reference == f"return:{number}")
            .order_by(m.id)
        )
        return [(kind.value, delta) for kind, delta in rows]


def test_the_queue_lists_filters_and_searches_returns(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    desk = _desk(session_factory)
    log_in(client, session_factory, Role.AGENT)
    page = client.get(PATH).text
    assert page.count('data-testid="return-RMA-') == 3
    assert 'data-testid="state-tab-approved"' in page
    approved = client.get(PATH, params={"state": "approved"}).text
    assert approved.count('data-testid="return-RMA-') == 1
    assert desk.order_numbers[desk.approved] in approved
    searched = client.get(PATH, params={"q": desk.order_numbers[desk.requested]}).text
    assert searched.count('data-testid="return-RMA-') == 1
    empty = client.get(PATH, params={"sku": "NOTHING"}).text
    assert "No return matches these filters" in empty
    bad = client.get(PATH, params={"state": "lost", "days": "2"})
    assert bad.status_code == 422
    assert "no return state “lost”" in bad.text
    assert "7, 30, 90 or 365 days" in bad.text


def test_the_receiving_desk_opens_the_scanned_return(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    desk = _desk(session_factory)
    number = _read(session_factory, desk.approved).number
    log_in(client, session_factory, Role.OPERATIONS, landing=PATH)
    opened = client.get(f"{PATH}/receive", params={"code": number}, follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"] == f"{PATH}/{desk.approved}?scan=1"
    detail = client.get(opened.headers["location"]).text
    assert 'data-testid="item-scan-form"' in detail
    assert 'data-testid="mark-received"' in detail
    unknown = client.get(f"{PATH}/receive", params={"code": "RMA-NOPE-1"})
    assert unknown.status_code == 404
    assert "No return matches “RMA-NOPE-1”" in unknown.text


def test_a_return_goes_from_approval_to_refund_through_the_forms(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    desk = _desk(session_factory)
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=PATH)
    rid = desk.approved
    number = _read(session_factory, rid).number

    wrong = client.post(f"{PATH}/{rid}/receipt", data={"csrf": csrf, "warehouse_id": "x"})
    assert wrong.status_code == 422
    assert "choose the warehouse the parcel arrived at" in wrong.text
    assert _read(session_factory, rid).status is returns.ReturnStatus.APPROVED
    received = client.post(
        f"{PATH}/{rid}/receipt", data={"csrf": csrf, "warehouse_id": desk.berlin}
    )
    assert received.status_code == 200  # followed the 303 back to the return
    assert _read(session_factory, rid).status is returns.ReturnStatus.RECEIVED

    line_id = _read(session_factory, rid).lines[0].id
    inspect = f"{PATH}/{rid}/lines/{line_id}/inspection"
    ungraded = client.post(
        inspect, data={"csrf": csrf, "disposition": "restock", "reason_check": "yes"}
    )
    assert ungraded.status_code == 422
    assert "condition grade" in ungraded.text
    assert _movements(session_factory, number) == []
    form = {"csrf": csrf, "disposition": "restock", "grade": "B", "reason_check": "no",
            "note": "box opened, mug fine"}  # fmt: skip
    assert client.post(inspect, data=form).status_code == 200
    line = _read(session_factory, rid).lines[0]
    assert (line.condition_grade, line.reason_confirmed) == (returns.ConditionGrade.B, False)
    assert line.disposition is returns.Disposition.RESTOCK
    assert _movements(session_factory, number) == [("return_to_stock", 1)]

    page = client.get(f"{PATH}/{rid}").text
    assert re.search(r'name="amount"[^>]*value="19\.90"', page), page
    too_much = client.post(f"{PATH}/{rid}/refund", data={"csrf": csrf, "amount": "25.00"})
    assert too_much.status_code == 409
    assert _refunds(session_factory, rid) == []
    client.post(f"{PATH}/{rid}/refund", data={"csrf": csrf, "amount": "19.90"})
    again = client.post(f"{PATH}/{rid}/refund", data={"csrf": csrf, "amount": "19.90"})
    assert "already refunded" in again.text
    assert _refunds(session_factory, rid) == [1990]
    assert _read(session_factory, rid).status is returns.ReturnStatus.REFUNDED


def test_a_written_off_line_is_booked_in_and_out_of_stock(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    desk = _desk(session_factory)
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=PATH)
    rma = _read(session_factory, desk.received)
    form = {"csrf": csrf, "disposition": "write_off", "grade": "D", "reason_check": "yes"}
    client.post(f"{PATH}/{rma.id}/lines/{rma.lines[0].id}/inspection", data=form)
    assert _movements(session_factory, rma.number) == [("return_to_stock", 1), ("write_off", -1)]
    assert _read(session_factory, rma.id).status is returns.ReturnStatus.INSPECTED


def test_agents_read_returns_but_get_no_forms_and_cannot_change_them(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    desk = _desk(session_factory)
    csrf = log_in(client, session_factory, Role.AGENT)
    page = client.get(f"{PATH}/{desk.requested}").text
    assert 'data-testid="return-lines"' in page
    assert 'action="/workspace/returns' not in page
    refused = client.post(
        f"{PATH}/{desk.requested}/decision", data={"csrf": csrf, "decision": "approve"}
    )
    assert refused.status_code == 403
    assert _read(session_factory, desk.requested).status is returns.ReturnStatus.REQUESTED
    assert client.get(f"{PATH}/987654").status_code == 404


def test_the_reasons_page_counts_returns_per_product(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    _desk(session_factory)
    log_in(client, session_factory, Role.AGENT)
    page = client.get(f"{PATH}/reasons", params={"days": "90"})
    row = re.search(rf'data-testid="reasons-{MUG}">(.*?)</tr>', page.text, re.S)
    assert row, page.text
    assert "50.0 %" in row.group(1)  # three mugs returned of six ordered
    data = client.get(f"{PATH}/reasons/data", params={"days": "90"}).json()
    chart = data["charts"][0]
    assert chart["labels"] == [MUG]
    assert {s["label"]: s["values"] for s in chart["series"]} == {
        "Damaged": [2],
        "Changed mind": [1],
    }
    assert client.get(f"{PATH}/reasons", params={"days": "7"}).status_code == 422


def test_anonymous_visitors_are_sent_to_the_login(client: TestClient) -> None:
    response = client.get(f"{PATH}?state=approved", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/workspace/returns")

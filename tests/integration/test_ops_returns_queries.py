"""Finding returns across orders (the returns queue and GET /returns) and the reasons per
product, on SQLite and PostgreSQL: every filter narrows to the right returns, pages
follow each other without gaps or repeats, and the summary counts what came back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from opsdesk import returns
from opsdesk.kernel.db import utcnow
from opsdesk.kernel.errors import InvalidInput
from opsdesk.returns import queries, summary
from tests.factories.fulfilment import ACTOR, shipped_order
from tests.factories.orders import MUG, make_shop
from tests.factories.returns import first_line_id

R = returns.ReturnReason


@dataclass(frozen=True)
class Desk:
    """Three returns of one shop: requested (damaged), approved (changed mind), received
    in Berlin (damaged); and the shop's Berlin warehouse."""

    requested: int
    approved: int
    received: int
    berlin: int
    order_numbers: dict[int, str]


def returns_desk(session: Session) -> Desk:
    shop = make_shop(session, mugs=20)
    made: list[returns.ReturnRequest] = []
    for reason in (R.DAMAGED, R.CHANGED_MIND, R.DAMAGED):
        picking, _ = shipped_order(session, shop=shop)
        line_id = first_line_id(session, picking.order_id)
        made.append(
            returns.request_return(
                session, order_id=picking.order_id, lines={line_id: 1}, reason=reason, actor=ACTOR
            )
        )
    requested, approved, received = made
    returns.decide(session, approved.id, approve=True, actor=ACTOR)
    returns.decide(session, received.id, approve=True, actor=ACTOR)
    returns.receive(session, received.id, warehouse_id=shop.berlin, actor=ACTOR)
    numbers = queries.order_views(session, [r.order_id for r in made])
    return Desk(
        requested.id, approved.id, received.id, shop.berlin,
        {r.id: numbers[r.order_id].number for r in made},
    )  # fmt: skip


def _ids(session: Session, **filters: object) -> list[int]:
    rows, _ = queries.list_returns(session, queries.ReturnFilter(**filters))  # type: ignore[arg-type]
    return [r.id for r in rows]


def test_each_filter_narrows_the_list_to_its_returns(session: Session) -> None:
    desk = returns_desk(session)
    newest_first = [desk.received, desk.approved, desk.requested]
    assert _ids(session) == newest_first
    assert _ids(session, status=returns.ReturnStatus.APPROVED) == [desk.approved]
    assert _ids(session, reason=R.DAMAGED) == [desk.received, desk.requested]
    assert _ids(session, warehouse_id=desk.berlin) == [desk.received]
    assert _ids(session, sku=MUG) == newest_first
    assert _ids(session, sku="NO-SUCH-SKU") == []
    assert _ids(session, since=utcnow() + timedelta(minutes=5)) == []
    assert _ids(session, since=utcnow() - timedelta(days=1)) == newest_first


def test_search_finds_a_return_by_rma_order_number_or_customer_email(session: Session) -> None:
    desk = returns_desk(session)
    rma = returns.get_return(session, desk.approved)
    assert _ids(session, search=rma.number.lower()) == [desk.approved]
    assert _ids(session, search=desk.order_numbers[desk.requested]) == [desk.requested]
    # Every order of the factory is Ana Lima's.
    assert len(_ids(session, search="ANA.LIMA@example.com")) == 3
    assert _ids(session, search="nobody@example.com") == []
    assert _ids(session, search="RMA-NOPE") == []


def test_pages_follow_each_other_without_gaps_or_repeats(session: Session) -> None:
    desk = returns_desk(session)
    everything = queries.ReturnFilter()
    first, cursor = queries.list_returns(session, everything, limit=2)
    assert cursor is not None
    second, last_cursor = queries.list_returns(session, everything, cursor=cursor, limit=2)
    assert [r.id for r in first + second] == [desk.received, desk.approved, desk.requested]
    assert last_cursor is None


@pytest.mark.parametrize("cursor", ["!!!", "e30", "eyJjcmVhdGVkX2F0IjoiMjAyNi0xMi0wMSJ9"])
def test_a_cursor_that_is_not_ours_is_refused_by_name(session: Session, cursor: str) -> None:
    with pytest.raises(InvalidInput, match="malformed cursor"):
        queries.list_returns(session, queries.ReturnFilter(), cursor=cursor)


def test_reasons_per_sku_count_returned_units_against_units_sold(session: Session) -> None:
    desk = returns_desk(session)
    returns.decide(session, desk.requested, approve=False, note="worn", actor=ACTOR)
    rows = summary.reasons_by_sku(session, since=utcnow() - timedelta(days=90))
    assert [r.sku for r in rows] == [MUG]
    mug = rows[0]
    # The rejected damaged return does not count: one damaged, one changed mind.
    assert mug.by_reason == {R.DAMAGED: 1, R.CHANGED_MIND: 1}
    assert mug.sold == 6  # three orders of two mugs, all in the last 90 days
    assert mug.rate == pytest.approx(2 / 6)
    assert summary.reasons_by_sku(session, since=utcnow() + timedelta(minutes=5)) == []

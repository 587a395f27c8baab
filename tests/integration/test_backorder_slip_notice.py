"""A customer waiting for a backordered item hears, once, when its date slips later: the
purchase order is re-dated, the worker's backorder job runs the built-in
``backorder_slipped`` rule, the apology with the new date goes out through the local SMTP
server; the backorder rule does not repeat it, and a date that moves earlier is not a
slip. With the slip rule off, the backorder rule tells the new date as before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import inventory, notifications, orders, shipping
from opsdesk.config import Settings
from opsdesk.inventory.models import PurchaseOrder
from opsdesk.proactive import Rule
from opsdesk.proactive.handlers import jobs
from opsdesk.proactive.rules import backorder_slips, store
from opsdesk.proactive.rules.preview import candidates
from opsdesk.proactive.rules.triggers import Trigger
from tests.factories.orders import TEE, expect_tees, make_shop, order_payload, place
from tests.support.relay import relay_all
from tests.support.smtp import Inbox

WEDNESDAY = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
ENGLISH = order_payload()["customer"] | {"locale": "en-GB"}


def _run_backorder_job(factory: sessionmaker[Session], settings: Settings, now: datetime) -> None:
    [job] = [j for j in jobs(settings) if j.name == "proactive.backorder_notices"]
    with factory() as s, s.begin():
        job.run(s, now)


def _move_po(factory: sessionmaker[Session], due: date, now: datetime) -> None:
    with factory() as s, s.begin():
        po = s.scalar(sa.select(PurchaseOrder))
        assert po is not None
        inventory.po_changes.change_due_date(s, po.id, due=due, reason="supplier late",
                                             actor="olga", now=now)  # fmt: skip
        shipping.keep_backorder_promises(s, now=now)


def _sent(factory: sessionmaker[Session]) -> list[str]:
    """The stock messages sent, in order (the order confirmation aside)."""
    m = notifications.Message
    with factory() as s:
        kinds = s.scalars(sa.select(m.message_type).order_by(m.id))
        return [str(k) for k in kinds if str(k) in ("backordered", "delay_notice")]


def _day(day: date) -> str:
    return f"{day:%A}, {day.day} {day:%B} {day.year}"  # British, as the customer is en-GB


def test_a_slipped_backorder_is_told_once_with_the_new_date(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    with session_factory() as s, s.begin():
        store.seed_builtin_rules(s, currency="EUR")
        assert s.scalar(sa.select(Rule.enabled).where(Rule.builtin == "backorder_slipped"))
    with session_factory() as session:
        shop = make_shop(session, tees=2)
        expect_tees(session, shop, 10, on=date(2026, 6, 14))
        order = place(session, {TEE: 5}, now=WEDNESDAY, customer=ENGLISH)
        session.commit()
        told = order.promised_delivery_date
        number, order_id = order.number, order.id
    assert told is not None
    relay_all(session_factory, settings)  # the first notice: "needs a little longer"
    inbox.wait_for_subject(f"Part of your order {number} needs a little longer")

    later = WEDNESDAY + timedelta(hours=2)
    _run_backorder_job(session_factory, settings, later)  # nothing moved: nothing sent
    assert _sent(session_factory) == ["backordered"]

    _move_po(session_factory, date(2026, 6, 24), later)
    with session_factory() as s:
        [slip] = candidates(s, Trigger.SCAN_BACKORDER_SLIPPED, later)
        assert slip.facts["slip_days"] >= 10
    _run_backorder_job(session_factory, settings, later)
    _run_backorder_job(session_factory, settings, later + timedelta(minutes=15))  # once only
    relay_all(session_factory, settings)
    [mail] = inbox.wait_for_subject(
        f"We are sorry — your order {number} will arrive later than promised"
    )
    with session_factory() as s:
        moved = s.get(orders.Order, order_id)
        assert moved is not None
        assert moved.promised_delivery_date is not None
        new = moved.promised_delivery_date
    body = str(mail.get_body(preferencelist=("plain",)).get_content()).replace("\n", " ")  # type: ignore[union-attr]
    assert f"will not arrive by {_day(told)} as we promised" in body
    assert "our supplier will deliver the missing item later than planned" in body
    assert f"We now expect it to arrive by {_day(new)}." in body
    assert _sent(session_factory) == ["backordered", "delay_notice"]

    # the supplier makes up time: not a slip; the promise given stands, nothing more sent
    _move_po(session_factory, date(2026, 6, 20), later + timedelta(hours=1))
    with session_factory() as s:
        assert candidates(s, Trigger.SCAN_BACKORDER_SLIPPED, later) == []
        assert backorder_slips.last_told(s, [order_id]) == {order_id: new}
    _run_backorder_job(session_factory, settings, later + timedelta(hours=1))
    assert _sent(session_factory) == ["backordered", "delay_notice"]


def test_with_the_slip_rule_off_the_backorder_rule_tells_the_new_date(
    session: Session, settings: Settings
) -> None:
    store.seed_builtin_rules(session, currency="EUR")
    session.execute(sa.update(Rule).where(Rule.builtin == "backorder_slipped")
                    .values(enabled=False))  # fmt: skip
    shop = make_shop(session, tees=2)
    expect_tees(session, shop, 10, on=date(2026, 6, 14))
    order = place(session, {TEE: 5}, now=WEDNESDAY, customer=ENGLISH)
    session.flush()
    later = WEDNESDAY + timedelta(hours=2)
    [job] = [j for j in jobs(settings) if j.name == "proactive.backorder_notices"]
    job.run(session, later)
    session.execute(sa.update(PurchaseOrder).values(expected_date=date(2026, 6, 24)))
    shipping.keep_backorder_promises(session, now=later)
    assert backorder_slips.slip_subjects(session, later, limit=10)  # slipped, but rule off
    job.run(session, later)
    kinds = [m.message_type for m in session.scalars(
        sa.select(notifications.Message).where(notifications.Message.order_id == order.id))]  # fmt: skip
    assert [k for k in kinds if k != "order_confirmation"] == ["backordered", "backordered"]

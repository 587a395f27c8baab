"""The tracking page's view model and services against SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import orders, returns, tracking
from opsdesk.kernel.errors import Conflict, InvalidInput
from opsdesk.tracking import ProgressState, Punctuality
from tests.factories.orders import make_shop, place
from tests.factories.tracking import (
    THURSDAY,
    delivered_order,
    late_order,
    send_delay_notice,
    set_customer_locale,
)

SECRET = "test-secret-key"


def test_a_shipped_late_order_shows_both_dates_and_running_late(session: Session) -> None:
    tracked = late_order(session, days_late=3)
    session.commit()

    page = tracking.build_page(session, tracked.order_id, now=THURSDAY)

    (parcel,) = page.parcels
    assert parcel.promised == tracked.promised
    assert parcel.estimated is not None
    assert (parcel.estimated - tracked.promised).days == 3
    assert parcel.punctuality is Punctuality.LATE
    assert parcel.late
    assert page.progress.reached == tracking.STEPS.index("shipped")
    assert page.progress.state is ProgressState.NORMAL
    assert [e.description for e in parcel.events] == [
        "Delayed: sorting backlog at the hub",
        "Picked up by the carrier",
    ]


def test_the_timeline_keeps_only_customer_facing_entries_newest_first(session: Session) -> None:
    tracked = late_order(session)
    session.commit()

    page = tracking.build_page(session, tracked.order_id, now=THURSDAY)

    kinds = [entry.kind for entry in page.timeline]
    assert kinds[0] == "shipment.delayed"
    assert {"order.placed", "shipment.created", "status.picking", "status.packed"} <= set(kinds)
    all_kinds = {e.kind for e in orders.timeline(session, tracked.order_id)}
    hidden = {"stock.reserved", "fulfilment.packed", "shipment.tracking"}
    assert hidden <= all_kinds
    assert not hidden & set(kinds)
    delayed = page.timeline[0]
    assert delayed.detail == page.parcels[0].estimated
    times = [entry.occurred_at for entry in page.timeline]
    assert times == sorted(times, reverse=True)


def test_sent_notices_appear_with_their_subject_and_queued_ones_do_not(session: Session) -> None:
    tracked = late_order(session)
    subject = send_delay_notice(session, tracked, url=tracking.link_for_order(
        SECRET, "https://shop.example", tracked.order_id))  # fmt: skip
    session.commit()

    page = tracking.build_page(session, tracked.order_id, now=THURSDAY)

    assert [notice.subject for notice in page.notices] == [subject]
    assert tracked.number in subject
    assert page.notices[0].sent_at == datetime(2026, 11, 18, 9, 5, tzinfo=UTC)


def test_the_page_uses_the_customer_locale_and_time_zone(session: Session) -> None:
    tracked = late_order(session)
    set_customer_locale(session, tracked.order_id, "de-DE", "America/Sao_Paulo")
    session.commit()

    page = tracking.build_page(session, tracked.order_id, now=THURSDAY)

    assert page.preferred_locale == "de-DE"
    assert page.timezone == "America/Sao_Paulo"


def test_a_delivered_order_offers_a_return_of_its_shipped_units(session: Session) -> None:
    tracked = delivered_order(session)
    session.commit()

    page = tracking.build_page(session, tracked.order_id, now=THURSDAY)

    assert page.status is orders.OrderStatus.DELIVERED
    assert page.progress.reached == len(tracking.STEPS) - 1
    assert page.parcels[0].punctuality is Punctuality.DELIVERED_ON_TIME
    assert [(i.quantity, i.returnable) for i in page.items] == [(2, 2)]
    assert page.can_start_return


def test_starting_a_return_opens_an_rma_and_lowers_what_is_returnable(session: Session) -> None:
    tracked = delivered_order(session)
    line_id = tracked.line_ids[0]

    number = tracking.start_return(
        session, tracked.order_id, quantities={line_id: 1}, reason="damaged", note=" cracked "
    )
    session.commit()

    (rma,) = returns.returns_for_order(session, tracked.order_id)
    assert rma.number == number
    assert rma.reason is returns.ReturnReason.DAMAGED
    assert rma.customer_note == "cracked"
    assert [(line.order_line_id, line.quantity) for line in rma.lines] == [(line_id, 1)]
    page = tracking.build_page(session, tracked.order_id, now=THURSDAY)
    assert page.items[0].returnable == 1
    assert [r.number for r in page.returns] == [number]


def test_a_return_before_delivery_is_refused(session: Session) -> None:
    late = late_order(session)
    with pytest.raises(Conflict, match="delivered") as refused:
        tracking.start_return(session, late.order_id, quantities={late.line_ids[0]: 1},
                              reason="damaged")  # fmt: skip
    assert tracking.return_error_key(refused.value) == "returns.error.not_returnable"


def test_a_return_beyond_the_shipped_units_or_without_a_reason_writes_nothing(
    session: Session,
) -> None:
    delivered = delivered_order(session)
    line_id = delivered.line_ids[0]
    with pytest.raises(Conflict) as too_many:
        tracking.start_return(session, delivered.order_id, quantities={line_id: 3}, reason="late")
    assert tracking.return_error_key(too_many.value) == "returns.error.too_many"
    with pytest.raises(InvalidInput) as bad_reason:
        tracking.start_return(session, delivered.order_id, quantities={line_id: 1}, reason="bored")
    assert tracking.return_error_key(bad_reason.value) == "returns.error.reason"
    session.flush()
    assert session.scalar(sa.select(sa.func.count()).select_from(returns.ReturnRequest)) == 0


def test_the_lookup_matches_number_with_email_or_postal_code_only(session: Session) -> None:
    make_shop(session)
    order = place(session, {"MUG-BLUE": 1})
    other = place(session, {"MUG-BLUE": 1},
                  customer={"email": "jo@example.com", "first_name": "Jo"},
                  shipping_address={"line1": "Rua A 1", "city": "Recife", "country": "BR",
                                    "postal_code": "50030-230"})  # fmt: skip
    session.commit()

    def find(number: str, contact: str) -> int | None:
        return tracking.find_order_for_customer(session, number=number, contact=contact)

    assert find(order.number, "Ana.Lima@Example.com ") == order.id
    assert find(f" {order.number.lower()}", "10119") == order.id
    assert find(other.number, "50030 230") == other.id
    assert find(order.number, "jo@example.com") is None
    assert find(order.number, "50030-230") is None
    assert find("OD-NOSUCHORDER", "ana.lima@example.com") is None
    assert find(order.number, "") is None
    link = tracking.lookup_link(session, number=order.number, contact="10119", secret=SECRET,
                                public_url="https://shop.example/")  # fmt: skip
    assert link is not None
    assert link.startswith("https://shop.example/t/")
    assert tracking.order_id_from_token(SECRET, link.rsplit("/", 1)[1]) == order.id

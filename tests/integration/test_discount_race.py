"""Checkouts racing for the same code: never more uses than the code allows.

Each thread has its own session and transaction and starts at the same barrier; the
assertions read the committed database afterwards, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import promotions
from opsdesk.kernel.events import OutboxEvent
from tests.factories.promotions import NOON, amount_code

THREADS = 16
AT_CHECKOUT = NOON.replace(hour=13)


@dataclass
class RaceResult:
    new: list[int] = field(default_factory=list)  # redemption ids created
    replayed: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # refusal reasons
    errors: list[BaseException] = field(default_factory=list)


def _race(factory: sessionmaker[Session], code: str, order_of: Callable[[int], str]) -> RaceResult:
    barrier = threading.Barrier(THREADS)
    result = RaceResult()
    lock = threading.Lock()

    def checkout(thread_no: int) -> None:
        barrier.wait()
        try:
            with factory() as session, session.begin():
                outcome = promotions.redeem_code(
                    session, code, order_reference=order_of(thread_no), order_total_minor=5000,
                    currency="EUR", now=AT_CHECKOUT,
                )  # fmt: skip
                redemption_id = outcome.redemption.id
            with lock:
                (result.replayed if outcome.replayed else result.new).append(redemption_id)
        except promotions.DiscountNotApplicable as exc:
            with lock:
                result.refused.append(exc.details["reason"])
        except BaseException as exc:  # a deadlock, a lock timeout, a 500: the test fails
            with lock:
                result.errors.append(exc)

    threads = [threading.Thread(target=checkout, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def _issue(factory: sessionmaker[Session], max_redemptions: int) -> str:
    with factory() as session, session.begin():
        return amount_code(session, max_redemptions=max_redemptions).code


def _stored(factory: sessionmaker[Session], code: str) -> tuple[int, int, int]:
    """(times_redeemed, redemption rows, DiscountCodeRedeemed events) as committed."""
    with factory() as session:
        row = promotions.get_code(session, code)
        rows = len(promotions.list_redemptions(session, code))
        events = session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.name == "DiscountCodeRedeemed")
        )
        return row.times_redeemed, rows, int(events or 0)


def test_a_single_use_code_goes_to_exactly_one_of_many_racing_orders(
    session_factory: sessionmaker[Session],
) -> None:
    code = _issue(session_factory, max_redemptions=1)
    result = _race(session_factory, code, lambda n: f"ORDER-{n}")
    assert result.errors == []
    assert len(result.new) == 1
    assert result.refused == ["exhausted"] * (THREADS - 1)
    assert _stored(session_factory, code) == (1, 1, 1)


def test_a_code_for_five_orders_goes_to_exactly_five(
    session_factory: sessionmaker[Session],
) -> None:
    code = _issue(session_factory, max_redemptions=5)
    result = _race(session_factory, code, lambda n: f"ORDER-{n}")
    assert result.errors == []
    assert len(set(result.new)) == 5
    assert result.refused == ["exhausted"] * (THREADS - 5)
    assert _stored(session_factory, code) == (5, 5, 5)


def test_one_order_retrying_its_checkout_at_once_redeems_once(
    session_factory: sessionmaker[Session],
) -> None:
    code = _issue(session_factory, max_redemptions=5)
    result = _race(session_factory, code, lambda _n: "ORDER-RETRIED")
    assert result.errors == []
    assert result.refused == []
    assert len(result.new) == 1
    assert set(result.replayed) == set(result.new)
    assert len(result.replayed) == THREADS - 1
    assert _stored(session_factory, code) == (1, 1, 1)


def test_one_order_retrying_a_single_use_code_at_once_gets_its_redemption_back(
    session_factory: sessionmaker[Session],
) -> None:
    code = _issue(session_factory, max_redemptions=1)
    result = _race(session_factory, code, lambda _n: "ORDER-RETRIED")
    assert result.errors == []
    assert result.refused == []
    assert len(result.new) == 1
    assert set(result.replayed) == set(result.new)
    assert _stored(session_factory, code) == (1, 1, 1)


def test_an_agent_racing_codes_gets_no_more_past_the_daily_cap_than_it_allows(
    session_factory: sessionmaker[Session],
) -> None:
    """Eight codes at once by one agent whose cap is three a day: three are active, the
    rest wait for approval (not four, not eight)."""
    from opsdesk.kernel.http import Role

    with session_factory() as session, session.begin():
        caps = promotions.Caps(2000, 2500, "EUR", 1, 3)
        promotions.set_caps(session, Role.AGENT, caps, actor="admin:Ada", note="test", now=NOON)
    barrier, lock, statuses, errors = threading.Barrier(8), threading.Lock(), [], []

    def issue() -> None:
        barrier.wait()
        try:
            with session_factory() as session, session.begin():
                row = amount_code(session, issued_by="agent:Racer", issuer_role=Role.AGENT)
                status = row.status.value
            with lock:
                statuses.append(status)
        except BaseException as exc:  # a deadlock, a lock timeout: the test fails
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses) == ["active"] * 3 + ["pending"] * 5

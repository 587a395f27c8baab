"""Issuing, quoting, redeeming and revoking codes against SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import promotions
from opsdesk.kernel.errors import InvalidInput, NotFound
from opsdesk.kernel.events import OutboxEvent
from opsdesk.promotions import DiscountSource, Refusal
from tests.factories.customers import make_customer
from tests.factories.promotions import NEXT_WEEK, NOON, amount_code, percent_code

LATER = NOON + timedelta(hours=2)


def about(order_reference: str) -> promotions.CodeReference:
    return promotions.CodeReference(order_reference=order_reference)


def _events(session: Session, name: str) -> list[dict[str, object]]:
    rows = session.scalars(sa.select(OutboxEvent).where(OutboxEvent.name == name))
    return [row.payload for row in rows]


def test_issuing_stores_a_unique_code_and_records_the_event(session: Session) -> None:
    with session.begin():
        customer = make_customer(session)
        first = amount_code(
            session,
            customer_id=customer.id,
            reference=promotions.CodeReference(ticket_id=42, order_reference="1001"),
        )
        second = amount_code(session)
    assert first.code.startswith("THANKS-")
    assert first.code != second.code
    stored = promotions.get_code(session, first.code.lower())
    assert (stored.value, stored.currency, stored.customer_id) == (1000, "EUR", customer.id)
    assert (stored.ticket_id, stored.order_reference, stored.times_redeemed) == (42, "1001", 0)
    (issued, _) = _events(session, "DiscountCodeIssued")
    assert issued["code"] == first.code
    assert (issued["ticket_id"], issued["issued_by"], issued["source"]) == (
        42,
        "agent:Bea",
        "agent",
    )


def test_a_code_for_an_unknown_customer_is_refused_naming_the_field(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught, session.begin():
        amount_code(session, customer_id=999_999)
    assert caught.value.details == {"field": "customer_id"}
    assert session.scalar(sa.select(sa.func.count()).select_from(promotions.DiscountCode)) == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "EURO"}, "currency"),
        ({"reference": promotions.CodeReference(order_reference="x" * 101)}, "order_reference"),
        ({"prefix": "DANKE SCHÖN"}, "prefix"),
        ({"kind": "voucher"}, "kind"),
        ({"source": "shopify"}, "source"),
        ({"reason": " "}, "reason"),
    ],
)
def test_in_process_callers_get_the_same_field_errors_as_the_api(
    session: Session, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught, session.begin():
        amount_code(session, **overrides)
    assert caught.value.details == {"field": field}


def test_a_proactive_remedy_must_have_a_bounded_cost(session: Session) -> None:
    with pytest.raises(InvalidInput) as caught, session.begin():
        percent_code(session, source=DiscountSource.PROACTIVE)
    assert caught.value.details == {"field": "max_discount_minor"}


def test_a_quote_says_what_comes_off_without_using_the_code(session: Session) -> None:
    with session.begin():
        code = percent_code(session).code
    quote = promotions.validate_code(
        session, code, order_total_minor=1990, currency="eur", now=LATER
    )
    assert (quote.applies, quote.discount_minor, quote.total_after_minor) == (True, 299, 1691)
    assert promotions.get_code(session, code).times_redeemed == 0


def test_a_quote_for_an_expired_code_says_so(session: Session) -> None:
    with session.begin():
        code = amount_code(session).code
    quote = promotions.validate_code(
        session, code, order_total_minor=5000, currency="EUR", now=NEXT_WEEK
    )
    assert (quote.applies, quote.refusal, quote.discount_minor) == (False, Refusal.EXPIRED, 0)


def test_redeeming_uses_the_code_once_and_records_the_event(session: Session) -> None:
    with session.begin():
        code = amount_code(session).code
    with session.begin():
        outcome = promotions.redeem_code(
            session, code, order_reference="SHOP-1001", order_total_minor=640, currency="EUR",
            now=LATER,
        )  # fmt: skip
    assert not outcome.replayed
    assert (outcome.redemption.amount_minor, outcome.redemption.order_total_minor) == (640, 640)
    assert promotions.get_code(session, code).times_redeemed == 1
    (redeemed,) = _events(session, "DiscountCodeRedeemed")
    assert (redeemed["order_reference"], redeemed["amount_minor"]) == ("SHOP-1001", 640)


def test_the_same_order_redeeming_again_gets_its_first_redemption(session: Session) -> None:
    with session.begin():
        code = amount_code(session).code
    redeem = {
        "order_reference": "SHOP-1001",
        "order_total_minor": 5000,
        "currency": "EUR",
        "now": LATER,
    }
    with session.begin():
        first = promotions.redeem_code(session, code, **redeem)  # type: ignore[arg-type]
    with session.begin():
        again = promotions.redeem_code(session, code, **redeem)  # type: ignore[arg-type]
    assert again.replayed
    assert again.redemption.id == first.redemption.id
    assert promotions.get_code(session, code).times_redeemed == 1
    assert len(_events(session, "DiscountCodeRedeemed")) == 1


def test_a_used_single_use_code_refuses_another_order(session: Session) -> None:
    with session.begin():
        code = amount_code(session).code
    with session.begin():
        promotions.redeem_code(
            session, code, order_reference="A", order_total_minor=5000, currency="EUR", now=LATER
        )
    with pytest.raises(promotions.DiscountNotApplicable) as caught, session.begin():
        promotions.redeem_code(
            session, code, order_reference="B", order_total_minor=5000, currency="EUR", now=LATER
        )
    assert caught.value.details == {"reason": "exhausted", "code": code}
    assert promotions.get_code(session, code).times_redeemed == 1


def test_a_restricted_code_refuses_other_customers(session: Session) -> None:
    with session.begin():
        ana = make_customer(session)
        code = amount_code(session, customer_id=ana.id).code
    with pytest.raises(promotions.DiscountNotApplicable) as caught, session.begin():
        promotions.redeem_code(
            session, code, order_reference="A", order_total_minor=5000, currency="EUR",
            customer_id=ana.id + 1, now=LATER,
        )  # fmt: skip
    assert caught.value.details["reason"] == "wrong_customer"
    with session.begin():
        outcome = promotions.redeem_code(
            session, code, order_reference="A", order_total_minor=5000, currency="EUR",
            customer_id=ana.id, now=LATER,
        )  # fmt: skip
    assert outcome.redemption.customer_id == ana.id


def test_a_revoked_code_cannot_be_redeemed_and_revoking_twice_changes_nothing(
    session: Session,
) -> None:
    with session.begin():
        code = amount_code(session).code
    with session.begin():
        revoked = promotions.revoke_code(session, code, actor="agent:Bea", reason="Issued twice")
        promotions.revoke_code(session, code, actor="admin:Cy", reason="Again")
    assert (revoked.status, revoked.revoked_by, revoked.revoke_reason) == (
        promotions.DiscountStatus.REVOKED, "agent:Bea", "Issued twice",
    )  # fmt: skip
    with pytest.raises(promotions.DiscountNotApplicable) as caught, session.begin():
        promotions.redeem_code(
            session, code, order_reference="A", order_total_minor=5000, currency="EUR", now=LATER
        )
    assert caught.value.details["reason"] == "revoked"
    assert len(_events(session, "DiscountCodeRevoked")) == 1


def test_an_unknown_code_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        promotions.redeem_code(
            session, "NOPE-222222", order_reference="A", order_total_minor=1, currency="EUR"
        )


def test_listing_filters_by_customer_and_source_and_pages_newest_first(session: Session) -> None:
    with session.begin():
        ana = make_customer(session)
        mine = [amount_code(session, customer_id=ana.id).code for _ in range(3)]
        amount_code(session, customer_id=ana.id, source=DiscountSource.PROACTIVE)
        amount_code(session)
    filters = promotions.CodeFilter(customer_id=ana.id, source=DiscountSource.AGENT)
    page, cursor = promotions.list_codes(session, filters, limit=2)
    rest, end = promotions.list_codes(session, filters, cursor=cursor, limit=2)
    assert [c.code for c in page + rest] == mine[::-1]
    assert end is None


def test_the_budget_adds_up_what_a_source_committed_on_a_day(
    session_factory: sessionmaker[Session],
) -> None:
    proactive = DiscountSource.PROACTIVE
    with session_factory() as session, session.begin():
        ana = make_customer(session)
        amount_code(session, source=proactive, reference=about("1001"), customer_id=ana.id)
        amount_code(
            session, source=proactive, value=500, max_redemptions=3, reference=about("1002")
        )
        percent_code(session, source=proactive, currency="EUR", max_discount_minor=2000)
        amount_code(session, source=proactive, currency="GBP")  # another currency
        amount_code(session, value=9999)  # an agent's code, not proactive
        amount_code(session, source=proactive, now=NOON + timedelta(days=1))  # the next day
        revoked = amount_code(session, source=proactive, value=700, max_redemptions=2).code
        promotions.redeem_code(
            session, revoked, order_reference="X", order_total_minor=5000, currency="EUR", now=LATER
        )
        promotions.revoke_code(session, revoked, actor="admin:Cy", reason="Rule misfired")
    with session_factory() as session:

        def budget(**filters: Any) -> int:
            return promotions.issued_budget(
                session, source=proactive, day=date(2026, 6, 15), currency="EUR", **filters
            )

        # 1000 + 500 × 3 + 2000 cap + 700 actually redeemed on the revoked code
        assert budget() == 5200
        assert budget(order_reference="1002") == 1500
        assert budget(customer_id=ana.id) == 1000
        assert (
            promotions.issued_budget(
                session, source="proactive", day=date(2026, 6, 15), currency="gbp"
            )
            == 1000
        )
        # Noon UTC on the 15th is still the 15th in São Paulo; 1000 from the 16th is not.
        assert promotions.issued_budget(
            session, source=proactive, day=date(2026, 6, 16), currency="EUR",
            tz=ZoneInfo("America/Sao_Paulo"),
        ) == 1000  # fmt: skip


def test_an_uncapped_percentage_counts_at_what_was_redeemed(session: Session) -> None:
    with session.begin():
        code = percent_code(session, max_redemptions=2).code
        promotions.redeem_code(
            session, code, order_reference="A", order_total_minor=1990, currency="EUR", now=LATER
        )
    assert (
        promotions.issued_budget(
            session, source=DiscountSource.AGENT, day=NOON.astimezone(UTC).date(), currency="EUR"
        )
        == 299
    )


def test_a_proactive_remedy_is_bounded_by_its_budget_not_by_an_agents_caps(
    session: Session,
) -> None:
    """€50 is twice an agent's cap: a rule's remedy is issued at once (its budget bounds
    it), keeps its reason, and still meets the hard limits."""
    remedy = amount_code(
        session, value=5000, source=DiscountSource.PROACTIVE, issuer_role=None,
        reason_code=promotions.DiscountReason.AUTOMATIC_REMEDY, issued_by="rule:late-parcel",
        reason="late parcel: 50.00 EUR",
    )  # fmt: skip
    assert remedy.status is promotions.DiscountStatus.ACTIVE
    assert (remedy.reason_code.value, remedy.approval_needed) == ("automatic_remedy", None)
    by_agent = amount_code(session, value=5000, issuer_role=None)
    assert by_agent.status is promotions.DiscountStatus.PENDING
    with pytest.raises(InvalidInput, match="max_redemptions"):
        amount_code(session, source=DiscountSource.PROACTIVE, issuer_role=None,
                    reason_code="automatic_remedy", max_redemptions=1_000_000)  # fmt: skip

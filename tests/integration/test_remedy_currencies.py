"""Remedies for orders in pounds and reais on both databases: issued in the order's
currency at the day's rate, capped by the rule's euro budget — or withheld, saying which
rate is missing, in the audit and in the preview."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fx, notifications, promotions
from opsdesk.config import Settings
from opsdesk.proactive.rules import store
from opsdesk.proactive.rules.models import Outcome, Rule, RuleEvaluation
from opsdesk.proactive.rules.preview import preview
from tests.factories.orders import make_shop
from tests.factories.tracking import TrackedOrder, late_order
from tests.support.relay import relay_all

# The carrier moved the estimates on Wednesday 18 November 2026, 08:00 UTC: the day of
# the remedies, and of their rates.
WEDNESDAY = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
NOVEMBER = date(2026, 11, 1)
# Two mugs and 4.90 shipping: 40.70 GBP (47.33 EUR) and 224.70 BRL (40.13 EUR), both
# below the 50 EUR threshold of the built-in rule: the 4.90 EUR shipping upgrade.
POUNDS: dict[str, Any] = {"currency": "GBP", "unit_price_minor": 1_790}
REAIS: dict[str, Any] = {"currency": "BRL", "unit_price_minor": 10_990}


def _seed(factory: sessionmaker[Session], *, per_day_cap_minor: int = 20_000) -> None:
    with factory() as s, s.begin():
        store.seed_builtin_rules(s, currency="EUR")
        _at_risk(s).per_day_cap_minor = per_day_cap_minor


def _at_risk(session: Session) -> Rule:
    rule = session.scalar(sa.select(Rule).where(Rule.builtin == "shipment_at_risk"))
    assert rule is not None
    return rule


def _set_rate(session: Session, quote: str, rate: str, day: date = NOVEMBER) -> None:
    fx.set_rate(session, base="EUR", quote=quote, rate=rate, valid_from=day, set_by="test")


def _audit(session: Session) -> dict[int | None, RuleEvaluation]:
    e = RuleEvaluation
    rows = session.scalars(sa.select(e).where(e.rule_id == _at_risk(session).id).order_by(e.id))
    return {row.order_id: row for row in rows}


def _code(session: Session, order: TrackedOrder) -> promotions.DiscountCode | None:
    c = promotions.DiscountCode
    return session.scalars(sa.select(c).where(c.order_reference == order.number)).one_or_none()


def _notice(session: Session, order: TrackedOrder) -> notifications.Message:
    m = notifications.Message
    return session.scalars(
        sa.select(m).where(m.order_id == order.order_id, m.message_type == "delay_notice")
    ).one()


def test_pound_and_real_orders_get_their_codes_and_the_euro_day_cap_holds(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory, per_day_cap_minor=1_000)  # room for two 4.90 EUR upgrades
    with session_factory() as s, s.begin():
        _set_rate(s, "GBP", "0.86")
        _set_rate(s, "BRL", "5.6")
        shop = make_shop(s)
        pounds = late_order(s, shop=shop, **POUNDS)
        reais = late_order(s, shop=shop, **REAIS)
        euros = late_order(s, shop=shop)
    relay_all(session_factory, settings)
    with session_factory() as s:
        gbp, brl = _code(s, pounds), _code(s, reais)
        assert gbp is not None
        assert brl is not None
        assert (gbp.value, gbp.currency, gbp.kind) == (421, "GBP", promotions.DiscountKind.AMOUNT)
        assert (brl.value, brl.currency) == (2_744, "BRL")  # 4.90 EUR at 5.6
        assert gbp.code.startswith("SHIP-")
        assert "490 EUR at 1 EUR = 0.86 GBP (valid from 2026-11-01)" in gbp.reason
        assert _code(s, euros) is None
        audit = _audit(s)
        # the budget counts euros, whatever the order's currency
        assert [(a.cost_minor, a.currency) for a in audit.values()] == [
            (490, "EUR"), (490, "EUR"), (0, "EUR")
        ]  # fmt: skip
        assert (
            "remedy shipping_upgrade (490 EUR): a code worth 421 GBP at 1 EUR = 0.86 GBP "
            "(valid from 2026-11-01)"
        ) in audit[pounds.order_id].reasons
        (issued,) = [a for a in audit[pounds.order_id].actions if a["type"] == "issue_remedy"]
        assert (issued["code"], issued["value_minor"], issued["currency"], issued["rate"]) == (
            gbp.code, 421, "GBP", "1 EUR = 0.86 GBP"
        )  # fmt: skip
        assert audit[euros.order_id].outcome is Outcome.FIRED  # the notice goes, without code
        assert any(
            "per-day budget exhausted (spent 980 of 1000" in r
            for r in audit[euros.order_id].reasons
        )
        # the customer reads the code's own amount (Ana reads Portuguese)
        assert gbp.code in _notice(s, pounds).context["remedy"]
        assert "£\xa04,21" in _notice(s, pounds).context["remedy"]
        assert "R$\xa027,44" in _notice(s, reais).context["remedy"]
        assert _notice(s, euros).context["remedy"] == ""


def test_without_a_rate_for_the_day_the_remedy_is_withheld_and_the_audit_names_it(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory)
    with session_factory() as s, s.begin():
        _set_rate(s, "GBP", "0.86", date(2026, 11, 19))  # from the day after the delay
        pounds = late_order(s, **POUNDS)
    relay_all(session_factory, settings)
    with session_factory() as s:
        assert s.scalars(sa.select(promotions.DiscountCode)).all() == []
        audit = _audit(s)[pounds.order_id]
        assert (audit.outcome, audit.cost_minor) == (Outcome.FIRED, 0)
        assert (
            "remedy withheld: no exchange rate EUR→GBP in effect on 2026-11-18 (the budget is "
            "in EUR, the order in GBP; set one with: opsdesk fx set EUR GBP RATE --from "
            "2026-11-18)"
        ) in audit.reasons
        assert [a["type"] for a in audit.actions] == ["send_message", "flag_order"]
        assert _notice(s, pounds).context["remedy"] == ""


def test_the_preview_shows_the_missing_rate_then_the_converted_code_once_it_is_set(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory)
    with session_factory() as s, s.begin():
        pounds = late_order(s, **POUNDS)
    at = WEDNESDAY + timedelta(hours=1)
    with session_factory() as s:
        before = preview(s, settings, _at_risk(s), at)
    (item,) = [i for i in before.items if i.order_id == pounds.order_id]
    assert any("no exchange rate EUR→GBP in effect on 2026-11-18" in r for r in item.reasons)
    assert (item.cost_minor, before.codes) == (0, 0)
    with session_factory() as s, s.begin():
        _set_rate(s, "GBP", "0.86")
    with session_factory() as s:
        after = preview(s, settings, _at_risk(s), at)
        assert s.scalars(sa.select(promotions.DiscountCode)).all() == []  # wrote nothing
    (item,) = [i for i in after.items if i.order_id == pounds.order_id]
    (remedy,) = [a for a in item.actions if a["type"] == "issue_remedy"]
    assert {k: remedy[k] for k in ("cost_minor", "value_minor", "currency", "rate")} == {
        "cost_minor": 490, "value_minor": 421, "currency": "GBP", "rate": "1 EUR = 0.86 GBP"
    }  # fmt: skip
    assert (after.codes, after.total_cost_minor, after.currency) == (1, 490, "EUR")

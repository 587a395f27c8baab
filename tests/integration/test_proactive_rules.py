"""Rules end to end on both databases: event → rule → message → worker → real SMTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fx, notifications, promotions, returns, shipping, support
from opsdesk.config import Settings
from opsdesk.kernel import events
from opsdesk.proactive import ShipmentAtRisk
from opsdesk.proactive.rules import followups, store
from opsdesk.proactive.rules.models import (
    ActionStatus,
    OrderFlag,
    Outcome,
    Rule,
    RuleEvaluation,
    ScheduledAction,
)
from opsdesk.proactive.rules.preview import preview
from opsdesk.proactive.rules.schemas import RuleCreate
from tests.factories.fulfilment import ACTOR
from tests.factories.returns import first_line_id
from tests.factories.tracking import THURSDAY, delivered_order, late_order, set_customer_locale
from tests.support.relay import relay_all
from tests.support.smtp import Inbox

WEDNESDAY = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def _seed(factory: sessionmaker[Session]) -> None:
    with factory() as s, s.begin():
        store.seed_builtin_rules(s, currency="EUR")


def _rule(session: Session, key: str) -> Rule:
    rule = session.scalar(sa.select(Rule).where(Rule.builtin == key))
    assert rule is not None
    return rule


def _messages(session: Session, kind: str) -> list[notifications.Message]:
    m = notifications.Message
    return list(session.scalars(sa.select(m).where(m.message_type == kind).order_by(m.id)))


def _evaluations(session: Session, rule_id: int) -> list[RuleEvaluation]:
    e = RuleEvaluation
    return list(session.scalars(sa.select(e).where(e.rule_id == rule_id).order_by(e.id)))


def test_a_late_parcel_gets_one_delay_notice_with_date_and_code_over_smtp(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    _seed(session_factory)
    with session_factory() as s, s.begin():
        late = late_order(s)  # the carrier moved the estimate three days past the promise
    relay_all(session_factory, settings)
    with session_factory() as s, s.begin():
        (notice,) = _messages(s, "delay_notice")
        assert notice.status is notifications.MessageStatus.SENT
        assert notice.locale == "pt-BR"
        # the same delay again (a risk scan crossing for the same promise) changes nothing
        events.record(s, ShipmentAtRisk(
            shipment_id=late.shipment_id, order_id=late.order_id, probability=0.9,
            threshold=0.3, reasons=["no carrier scan for 3 days"],
            promised_delivery_date=late.promised, scored_at=THURSDAY,
        ), now=THURSDAY)  # fmt: skip
    relay_all(session_factory, settings)
    mails = [m for m in inbox.wait_for(3) if "pedimos desculpas" in m["Subject"].lower()]
    assert len(mails) == 1
    text = mails[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert late.number in text
    assert "frete expresso grátis" in text  # 2 mugs (44,70 €): the shipping upgrade
    assert "https://shop.nordlicht.example/t/" in text
    with session_factory() as s:
        code = s.scalars(sa.select(promotions.DiscountCode)).one()
        assert code.code.startswith("SHIP-")
        assert code.code in text
        assert (code.value, code.source) == (490, promotions.DiscountSource.PROACTIVE)
        rule = _rule(s, "shipment_at_risk")
        audit = _evaluations(s, rule.id)
        assert [a.outcome for a in audit] == [Outcome.FIRED, Outcome.SUPPRESSED]
        assert audit[1].reasons == [f"already handled: {audit[0].subject_key}"]
        assert audit[0].cost_minor == 490
        flags = s.scalars(sa.select(OrderFlag).where(OrderFlag.order_id == late.order_id)).all()
        assert [f.flag for f in flags] == ["delay_risk"]
        assert len(_messages(s, "delay_notice")) == 1


def test_a_late_parcel_in_pounds_gets_a_pound_code_at_the_days_rate_over_smtp(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    _seed(session_factory)
    with session_factory() as s, s.begin():
        fx.set_rate(s, base="EUR", quote="GBP", rate="0.86", valid_from=date(2026, 11, 1),
                    set_by="operations:test")  # fmt: skip
        # two mugs at 17.90 GBP and 4.90 shipping: 40.70 GBP, 47.33 EUR
        late = late_order(s, currency="GBP", unit_price_minor=1_790)
        set_customer_locale(s, late.order_id, "en-GB", "Europe/London")
    relay_all(session_factory, settings)
    with session_factory() as s:
        code = s.scalars(sa.select(promotions.DiscountCode)).one()
        assert (code.value, code.currency) == (421, "GBP")  # 4.90 EUR at 0.86, rounded down
        (audit,) = _evaluations(s, _rule(s, "shipment_at_risk").id)
        assert (audit.cost_minor, audit.currency) == (490, "EUR")
    texts = [m.get_body(("plain",)).get_content() for m in inbox.wait_for(3)]  # type: ignore[union-attr]
    (text,) = [" ".join(t.split()) for t in texts if code.code in t]
    assert late.number in text
    assert (
        f"free express shipping on your next order with the code {code.code} (worth £4.21" in text
    )


def test_an_exhausted_budget_sends_the_notice_without_a_code_and_audits_why(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory)
    with session_factory() as s, s.begin():
        _rule(s, "shipment_at_risk").per_day_cap_minor = 0
        late_order(s)
    relay_all(session_factory, settings)
    with session_factory() as s:
        (notice,) = _messages(s, "delay_notice")
        assert notice.context["remedy"] == ""
        assert s.scalars(sa.select(promotions.DiscountCode)).all() == []
        (audit,) = _evaluations(s, _rule(s, "shipment_at_risk").id)
        assert audit.outcome is Outcome.FIRED
        assert audit.cost_minor == 0
        assert any("per-day budget exhausted (spent 0 of 0" in r for r in audit.reasons)


def test_a_lost_parcel_opens_a_high_priority_ticket_and_tells_the_customer(
    session_factory: sessionmaker[Session], smtp: tuple[Settings, Inbox]
) -> None:
    settings, inbox = smtp
    _seed(session_factory)
    with session_factory() as s, s.begin():
        late = late_order(s)
        shipment = s.get(shipping.Shipment, late.shipment_id)
        assert shipment is not None
        shipping.apply_tracking_update(
            s, tracking_number=shipment.tracking_number or "", carrier=shipment.carrier,
            events=[shipping.TrackingUpdate(THURSDAY, shipping.ShipmentStatus.LOST,
                                            "Parcel could not be found", "Leipzig hub")],
            source="test", now=THURSDAY,
        )  # fmt: skip
    relay_all(session_factory, settings)
    relay_all(session_factory, settings)
    with session_factory() as s:
        (ticket,) = s.scalars(sa.select(support.Ticket)).all()
        assert ticket.priority.value == "high"
        assert ticket.reason == "carrier_exception"
        view = support.read_ticket(s, ticket.id)
        assert [o.number for o in view.orders] == [late.number]
        assert view.customer is not None
        opening, reply = view.messages[0], view.messages[1]
        assert opening.author_kind is support.AuthorKind.SYSTEM  # not the customer's words
        assert "> 2026-11-18 07:30 UTC — in_transit: Delayed: sorting backlog" in opening.body_text
        assert "lost: Parcel could not be found (Leipzig hub)" in opening.body_text
        assert "foi extraviada" in reply.body_text  # Ana reads Portuguese
        assert ticket.reference in reply.body_text
        # OpsDesk's own notice is no agent's answer: the first-response clock keeps running
        assert ticket.first_response_at is None
        assert view.sla is not None
        assert view.sla.first_response.fulfilled_at is None
        assert view.sla.first_response.due_at is not None
    replies = [m for m in inbox.wait_for(4) if f"[#T-{ticket.id}]" in m["Subject"]]
    assert len(replies) == 1


def test_a_follow_up_waits_while_a_return_is_open_and_goes_once_it_is_not(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory)
    with session_factory() as s, s.begin():
        delivered = delivered_order(s)
    relay_all(session_factory, settings)
    with session_factory() as s, s.begin():
        (action,) = s.scalars(sa.select(ScheduledAction)).all()
        assert action.due_at == THURSDAY + timedelta(days=7)
        rma = returns.request_return(
            s, order_id=delivered.order_id, lines={first_line_id(s, delivered.order_id): 1},
            reason=returns.ReturnReason.DAMAGED, actor=ACTOR,
        )  # fmt: skip
    due = THURSDAY + timedelta(days=8)
    with session_factory() as s, s.begin():
        assert followups.process_due(s, settings, THURSDAY + timedelta(days=6)) == 0
        assert followups.process_due(s, settings, due) == 1
        assert followups.process_due(s, settings, due) == 0  # handled once
    with session_factory() as s:
        stored = s.get(ScheduledAction, action.id)
        assert stored is not None
        assert stored.status is ActionStatus.SUPPRESSED
        assert stored.outcome == "the customer has 1 open return(s)"
        assert _messages(s, "follow_up") == []
        audit = _evaluations(s, _rule(s, "delivered_follow_up").id)
        assert audit[-1].outcome is Outcome.SUPPRESSED
        assert rma.status is returns.ReturnStatus.REQUESTED


def test_a_follow_up_without_complaint_or_return_asks_about_the_product(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory)
    with session_factory() as s, s.begin():
        delivered_order(s)
    relay_all(session_factory, settings)
    with session_factory() as s, s.begin():
        assert followups.process_due(s, settings, THURSDAY + timedelta(days=7)) == 1
    with session_factory() as s:
        (follow_up,) = _messages(s, "follow_up")
        assert follow_up.context["product_name"]
        assert follow_up.context["tracking_page_url"].startswith("http")


def _row_counts(session: Session) -> dict[str, int]:
    tables = ("rule_evaluations", "notification_messages", "discount_codes", "order_flags",
              "tickets", "proactive_scheduled_actions", "outbox_events", "order_events")  # fmt: skip
    return {t: session.scalar(sa.text(f"SELECT count(*) FROM {t}")) or 0 for t in tables}


def test_the_preview_lists_what_would_happen_and_writes_nothing(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    _seed(session_factory)
    with session_factory() as s, s.begin():
        late = late_order(s)
    with session_factory() as s:
        before = _row_counts(s)
        result = preview(s, settings, _rule(s, "shipment_at_risk"), WEDNESDAY + timedelta(hours=1))
        s.flush()
        assert _row_counts(s) == before
        assert not s.new
        assert not s.dirty
    assert result.would_fire == 1
    assert result.order_ids == [late.order_id]
    assert result.shipment_ids == [late.shipment_id]
    assert (result.messages, result.codes, result.total_cost_minor) == (1, 1, 490)
    (item,) = [i for i in result.items if i.outcome == "fired"]
    assert item.trigger == "ShipmentDelayed"
    assert {a["type"] for a in item.actions} == {"send_message", "issue_remedy", "flag_order"}


def test_a_rule_can_wait_until_the_promised_day_is_close(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    with session_factory() as s, s.begin():
        late = late_order(s)
        data = RuleCreate.model_validate({
            "name": "Tell only the day before",
            "triggers": ["ShipmentDelayed"],
            "conditions": {"all": [{"fact": "risk", "op": ">=", "value": 0.6},
                                   {"fact": "days_to_promise", "op": "<=", "value": 1}]},
            "actions": [{"type": "send_message", "message_type": "delay_notice"}],
        })  # fmt: skip
        rule_id = store.create_rule(s, data, currency="EUR", actor="test").id
        promised = datetime.combine(late.promised, datetime.min.time(), tzinfo=UTC)
    with session_factory() as s:
        rule = s.get(Rule, rule_id)
        assert rule is not None
        early = preview(s, settings, rule, promised - timedelta(days=2, hours=-9))
        day_before = preview(s, settings, rule, promised - timedelta(days=1, hours=-9))
    assert early.would_fire == 0
    assert (day_before.would_fire, day_before.shipment_ids) == (1, [late.shipment_id])

"""The rule editor's fields over HTTP: conditions as fact / test / value rows and actions
as ticked boxes are saved as the rule's JSON, and each refused value comes back beside
its own field (422) with nothing saved."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import proactive
from opsdesk.kernel.http import Role
from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY
from tests.support import web

ORIGINAL = "Shipment at risk: delay notice and remedy"


@pytest.fixture
def editor(
    client: TestClient, session_factory: sessionmaker[Session]
) -> tuple[TestClient, str, dict[str, int]]:
    client.app.state.clock = FixedClock(THURSDAY)  # type: ignore[attr-defined]
    with session_factory() as session, session.begin():
        rules = proactive.seed_builtin_rules(session, currency="EUR", now=THURSDAY)
        ids = {rule.builtin or "": rule.id for rule in rules}
    csrf = web.log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/operations")
    return client, csrf, ids


def _fields(csrf: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf": csrf, "name": "Late parcels", "description": "",
        "triggers": ["ShipmentAtRisk", "ShipmentDelayed"], "combine": "all",
        "cond_fact": ["risk", "order_value", ""], "cond_op": [">=", ">=", ">"],
        "cond_value": ["0.5", "40", ""],
        "send_message-on": "on", "send_message-message_type": "delay_notice",
        "issue_remedy-on": "on", "issue_remedy-upgrade_below_minor": "50.00",
        "issue_remedy-shipping_upgrade_minor": "4.90", "issue_remedy-discount_minor": "7.50",
        "issue_remedy-valid_days": "60",
        "create_ticket-priority": "high", "flag_order-flag": "proactive",
        "schedule_follow_up-after_days": "7",
        "per_order_cap": "10.00", "per_day_cap": "100.00",
        "conditions": "not read in the fields editor", "actions": "[",
    }  # fmt: skip
    return form | changes


def _rule(factory: sessionmaker[Session], rule_id: int) -> proactive.Rule:
    with factory() as session:
        rule = session.get(proactive.Rule, rule_id)
        assert rule is not None
        return rule


def test_the_editor_shows_a_stored_rule_as_rows_and_ticked_actions(
    editor: tuple[TestClient, str, dict[str, int]],
) -> None:
    client, _csrf, ids = editor
    page = client.get(f"/workspace/rules/{ids['shipment_at_risk']}").text

    assert re.search(r'<option value="risk" selected>', page)
    assert re.search(r'<option value="&gt;=" selected>is at least</option>', page)
    assert 'name="cond_value" value="0.6"' in page
    assert re.search(r'name="send_message-on" value="on" checked', page)
    assert 'data-testid="json-only"' not in page


def test_saving_the_fields_stores_the_conditions_and_actions_as_json(
    editor: tuple[TestClient, str, dict[str, int]], session_factory: sessionmaker[Session]
) -> None:
    client, csrf, ids = editor
    rule_id = ids["shipment_at_risk"]

    saved = client.post(f"/workspace/rules/{rule_id}", data=_fields(csrf))

    assert "Rule saved." in saved.text
    rule = _rule(session_factory, rule_id)
    assert rule.conditions == {"all": [
        {"fact": "risk", "op": ">=", "value": 0.5},
        {"fact": "order_value", "op": ">=", "value": {"amount": "40", "currency": "EUR"}},
    ]}  # fmt: skip
    assert rule.actions == [
        {"type": "send_message", "message_type": "delay_notice"},
        {"type": "issue_remedy", "upgrade_below_minor": 5000, "shipping_upgrade_minor": 490,
         "discount_minor": 750, "valid_days": 60},
    ]  # fmt: skip
    assert "risk &gt;= 0.5 and order_value &gt;= 40.00 EUR" in saved.text


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"cond_value": ["lots", "40", ""]}, "condition-0-value", "a number like 0.6"),
        ({"cond_op": ["contains", ">=", ">"]}, "condition-0-op", "can be compared with"),
        ({"cond_fact": ["complaint", "order_value", ""]}, "condition-0-fact",
         "pick a fact the triggers offer"),
        ({"cond_value": ["0.5", "40.001", ""]}, "condition-1-value", "more decimals than EUR"),
        ({"issue_remedy-discount_minor": "7.555"}, "issue_remedy-discount_minor", "at most 2"),
        ({"issue_remedy-valid_days": "0"}, "issue_remedy-valid_days", "greater than or equal"),
        ({"send_message-message_type": "discount_code"}, "send_message-message_type",
         "these triggers can send delay_notice"),
        ({"send_message-on": "", "issue_remedy-on": ""}, "actions", "tick at least one action"),
    ],
)  # fmt: skip
def test_a_refused_field_is_named_beside_itself_and_nothing_is_saved(
    editor: tuple[TestClient, str, dict[str, int]], session_factory: sessionmaker[Session],
    changes: dict[str, object], field: str, reason: str,
) -> None:  # fmt: skip
    client, csrf, ids = editor
    rule_id = ids["shipment_at_risk"]

    answer = client.post(f"/workspace/rules/{rule_id}", data=_fields(csrf, **changes))

    assert answer.status_code == 422
    beside = re.findall(rf'<small class="error" id="{re.escape(field)}-error">([^<]+)</small>',
                        answer.text)  # fmt: skip
    assert any(reason in text for text in beside), (field, beside, answer.text[-3000:])
    assert _rule(session_factory, rule_id).name == ORIGINAL


def test_nested_conditions_stay_in_the_raw_json_editor(
    editor: tuple[TestClient, str, dict[str, int]], session_factory: sessionmaker[Session]
) -> None:
    client, csrf, ids = editor
    rule_id = ids["shipment_at_risk"]
    nested = '{"not": {"fact": "carrier", "op": "==", "value": "DHL"}}'
    saved = client.post(f"/workspace/rules/{rule_id}", data=_fields(
        csrf, editor="json", conditions=nested,
        actions='[{"type": "send_message", "message_type": "delay_notice"}]'))  # fmt: skip
    assert "Rule saved." in saved.text

    page = client.get(f"/workspace/rules/{rule_id}").text

    assert 'data-testid="json-only"' in page
    assert re.search(r'name="editor" value="json" checked', page)
    assert _rule(session_factory, rule_id).conditions == {
        "not": {"fact": "carrier", "op": "==", "value": "DHL"}
    }

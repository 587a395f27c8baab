"""Staff read words, not ids: intent labels and rule subject keys."""

from __future__ import annotations

from datetime import date

from opsdesk import assistant, shipping
from opsdesk.web.ui.labels import subject_label


def test_every_intent_has_a_label_that_is_not_its_id() -> None:
    for intent in assistant.Intent:
        label = assistant.intent_label(intent.value)
        assert label, intent
        assert "_" not in label, intent
        assert label != intent.value, intent


def test_the_refund_policy_intent_reads_as_words() -> None:
    assert assistant.intent_label("check_refund_policy") == "Refund and return policy"
    assert assistant.intent_label("gift_wrapping_question") == "Gift wrapping question"
    assert assistant.intent_label(None) == "Unknown"


def test_a_delay_key_reads_as_the_shipment_and_its_promise() -> None:
    key = shipping.delay_key(5560, date(2026, 12, 11))

    assert subject_label(key) == "Shipment #5560 late for its promise of Fri 11 Dec 2026"


def test_every_rule_subject_shape_reads_as_words() -> None:
    assert subject_label("backorder:order:42:2026-12-14") == (
        "Order #42 waiting for stock, promised Mon 14 Dec 2026"
    )
    assert subject_label("exception:shipment:7:returned_to_sender") == (
        "Shipment #7: returned to sender"
    )
    assert subject_label("delivered:order:9") == "Order #9 delivered"
    assert subject_label("recovery:ticket:3") == "Ticket #3: making up for a bad experience"
    assert subject_label("follow_up:order:9") == "Order #9: follow-up question"


def test_an_unknown_key_is_shown_as_it_is() -> None:
    assert subject_label("something:else") == "something:else"
    assert subject_label("delay:shipment:5560:not-a-date") == (
        "Shipment #5560 late for its promise of not-a-date"
    )


def test_every_rule_trigger_reads_as_words() -> None:
    from opsdesk.proactive.rules.triggers import Trigger
    from opsdesk.web.ui.labels import trigger_label

    for trigger in Trigger:
        label = trigger_label(trigger.value)
        assert label != trigger.value, trigger
        assert label[0].isupper(), trigger
    assert trigger_label("PluginEvent") == "PluginEvent"  # a plug-in's own stays as it is

"""Ticket actions, pure: which order statuses allow which action, and the words of the
note and of the drafted reply."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from opsdesk import orders
from opsdesk.support.actions import drafts, rules
from opsdesk.support.actions.schemas import ActionKind, ActionRequest, Reship

S = orders.OrderStatus
K = ActionKind
REQUEST = TypeAdapter(ActionRequest)


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (K.CANCEL_ORDER, {S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED}),
        (K.CANCEL_LINES, {S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED}),
        (K.CHANGE_ADDRESS, {S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED}),
        (K.UPGRADE_SHIPPING, {S.PLACED, S.ALLOCATED, S.BACKORDERED, S.PICKING, S.PACKED}),
        (K.RESHIP, {S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED}),
        (K.START_RETURN, {S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED}),
        (K.RECORD_REFUND, set(S)),
        (K.ISSUE_DISCOUNT, set(S)),
    ],
)
def test_each_action_is_allowed_exactly_in_its_statuses(
    action: ActionKind, allowed: set[orders.OrderStatus]
) -> None:
    assert {status for status in S if rules.is_allowed(action, status)} == allowed


def test_a_refusal_names_the_status_and_what_to_do_instead() -> None:
    with pytest.raises(rules.ActionRefused) as refused:
        rules.check_allowed(K.CANCEL_ORDER, "OD-42", S.SHIPPED)
    assert refused.value.status_code == 409
    assert refused.value.message == (
        "cannot cancel order OD-42: it is shipped; it is with the carrier; "
        "start a return once it arrives"
    )
    assert refused.value.details["status"] == "shipped"
    assert refused.value.details["action"] == "cancel_order"


def test_returns_before_shipping_point_to_cancellation() -> None:
    with pytest.raises(rules.ActionRefused) as refused:
        rules.check_allowed(K.START_RETURN, "OD-42", S.PACKED)
    assert "nothing has shipped yet; change or cancel the order instead" in refused.value.message


def test_payloads_are_told_apart_by_kind() -> None:
    action = REQUEST.validate_python({"kind": "reship", "order_id": 3, "reason": "lost",
                                      "lines": [{"order_line_id": 5, "quantity": 2}]})  # fmt: skip
    assert isinstance(action, Reship)
    assert action.quantities() == {5: 2}
    with pytest.raises(ValidationError):
        REQUEST.validate_python({"kind": "teleport", "order_id": 3})
    with pytest.raises(ValidationError):  # a line twice
        REQUEST.validate_python({"kind": "reship", "order_id": 3, "reason": "lost", "lines": [
            {"order_line_id": 5, "quantity": 1}, {"order_line_id": 5, "quantity": 1}]})  # fmt: skip
    with pytest.raises(ValidationError):  # "1" is not a number of units
        REQUEST.validate_python({"kind": "cancel_lines", "order_id": 3, "reason": "x",
                                 "line_ids": ["1"]})  # fmt: skip


def test_the_note_says_who_did_what_and_keeps_the_agents_words() -> None:
    facts = drafts.Facts(K.RESHIP, "agent:Bea", "OD-42", "damaged", agent_note="photo attached",
                         items=(("Blue mug", 1),), replacement_number="OD-42-R1")  # fmt: skip
    assert drafts.internal_note(facts) == (
        "Action by agent:Bea: reshipped 1 × Blue mug of order OD-42 as replacement order "
        "OD-42-R1 (damaged); stock is reserved for it.\n\nphoto attached"
    )


UPGRADE = drafts.Facts(K.UPGRADE_SHIPPING, "agent:Bea", "OD-42", service_level="express",
                       promised=date(2026, 11, 19))  # fmt: skip


def test_the_draft_reply_is_in_the_customers_language_with_their_date_format() -> None:
    facts = UPGRADE
    assert drafts.draft_reply(facts, first_name="Ana", locale_tag="de-DE") == (
        "Hallo Ana,\n\nwir haben den Versand von Bestellung OD-42 auf Expressversand "
        "umgestellt. Sie sollte nun am Donnerstag, 19. November 2026 ankommen.\n\n"
        "Bei Fragen sind wir gerne für Sie da."
    )
    english = drafts.draft_reply(facts, first_name="", locale_tag="nl")
    assert english.startswith("Hello [customer first name unknown],\n\nWe have upgraded")
    assert "It should now arrive on Thursday, November 19, 2026." in english


def test_french_spanish_and_brazilian_customers_get_drafts_in_their_language() -> None:
    facts = UPGRADE
    assert drafts.draft_reply(facts, first_name="Léa", locale_tag="fr-FR") == (
        "Bonjour Léa,\n\nNous avons fait passer la commande OD-42 en envoi express. Elle "
        "devrait maintenant arriver le jeudi 19 novembre 2026.\n\n"
        "Pour toute question, nous restons à votre disposition."
    )
    assert drafts.draft_reply(facts, first_name="Lucía", locale_tag="es") == (
        "Hola, Lucía:\n\nHemos cambiado el envío del pedido OD-42 a envío exprés. Ahora "
        "debería llegar el jueves, 19 de noviembre de 2026.\n\n"
        "Si tiene cualquier pregunta, estaremos encantados de ayudarle."
    )
    assert drafts.draft_reply(facts, first_name="João", locale_tag="pt-BR") == (
        "Olá, João,\n\nMudamos o envio do pedido OD-42 para entrega expressa. A nova "
        "previsão de entrega é quinta-feira, 19 de novembro de 2026.\n\n"
        "Se tiver qualquer dúvida, estamos à disposição."
    )
    refund = drafts.Facts(K.RECORD_REFUND, "agent:Bea", "OD-42", amount_minor=4990,
                          currency="BRL")  # fmt: skip
    assert "R$\u00a049,90" in drafts.draft_reply(refund, first_name="João", locale_tag="pt-BR")


def test_every_action_has_a_draft_in_every_language_that_fills_every_slot() -> None:
    facts = {
        "order_number": "OD-42", "items": (("Blue mug", 1),), "replacement_number": "OD-43",
        "return_number": "RMA-7", "service_level": "express", "town": "Lyon", "code": "SORRY-1",
        "percent_bp": 1000, "expires": date(2027, 1, 4), "amount_minor": 500, "currency": "EUR",
        "promised": date(2026, 11, 19),
    }  # fmt: skip
    for language in ("en", "de", "fr", "es", "pt-BR"):
        for kind in K:
            if kind not in drafts._DRAFTS["en"]:
                continue
            text = drafts.draft_reply(drafts.Facts(kind, "agent:Bea", **facts),  # type: ignore[arg-type]
                                      first_name="Ana", locale_tag=language)  # fmt: skip
            assert "{" not in text
            assert "OD-42" in text or "SORRY-1" in text, (language, kind)
            assert text.split("\n\n", 1)[1][0].isupper() == (language != "de"), (language, kind)


def test_discounts_are_told_as_money_or_percent_in_the_customers_format() -> None:
    amount = drafts.Facts(K.ISSUE_DISCOUNT, "agent:Bea", code="THANKS-7KQ2MX",
                          amount_minor=1000, currency="EUR", expires=date(2027, 2, 15))  # fmt: skip
    percent = drafts.Facts(K.ISSUE_DISCOUNT, "agent:Bea", code="THANKS-7KQ2MX",
                           percent_bp=1500, expires=date(2027, 2, 15))  # fmt: skip
    assert "10,00\u00a0€" in drafts.draft_reply(amount, first_name="Ana", locale_tag="de")
    assert "15%" in drafts.draft_reply(percent, first_name="Ana", locale_tag="en")
    assert "(€10.00 off, valid until Monday, February 15, 2027)" in drafts.internal_note(amount)

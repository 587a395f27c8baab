"""Pure ticket rules: status transitions, order numbers in text, reply subjects, threading."""

from __future__ import annotations

import pytest

from opsdesk.kernel.errors import IllegalTransition
from opsdesk.support import policy
from opsdesk.support.sla import TicketStatus as S


def test_a_closed_ticket_cannot_move_and_nothing_returns_to_new() -> None:
    with pytest.raises(IllegalTransition) as caught:
        policy.check_transition(S.CLOSED, S.OPEN)
    assert caught.value.details == {"kind": "ticket", "from": "closed", "to": "open"}
    for status in S:
        assert S.NEW not in policy.TRANSITIONS[status]


def test_a_solved_ticket_can_only_be_reopened_or_closed() -> None:
    assert policy.TRANSITIONS[S.SOLVED] == {S.OPEN, S.CLOSED}
    policy.check_transition(S.PENDING_CUSTOMER, S.PENDING_OPERATIONS)
    with pytest.raises(IllegalTransition):
        policy.check_transition(S.SOLVED, S.PENDING_CUSTOMER)


@pytest.mark.parametrize(
    ("current", "after"),
    [
        (S.PENDING_CUSTOMER, S.OPEN),
        (S.PENDING_OPERATIONS, S.OPEN),
        (S.SOLVED, S.OPEN),
        (S.NEW, S.NEW),
        (S.OPEN, S.OPEN),
    ],
)
def test_a_customer_reply_puts_waiting_and_solved_tickets_back_to_open(
    current: S, after: S
) -> None:
    assert policy.status_after_customer_reply(current) is after


def test_an_agent_reply_opens_a_new_ticket_unless_a_status_was_chosen() -> None:
    assert policy.status_after_agent_reply(S.NEW, None) is S.OPEN
    assert policy.status_after_agent_reply(S.PENDING_OPERATIONS, None) is S.PENDING_OPERATIONS
    assert policy.status_after_agent_reply(S.NEW, S.PENDING_CUSTOMER) is S.PENDING_CUSTOMER


def test_order_numbers_are_found_in_the_store_formats_in_order_of_mention() -> None:
    text = (
        "Hi, order #1001 arrived but OD-7K3M9Q2X4B did not. "
        "My other order number: 100123 and od-100124 too."
    )
    assert policy.order_number_candidates(text) == [
        "1001", "#1001", "OD-7K3M9Q2X4B", "100123", "#100123", "OD-100124",
    ]  # fmt: skip


def test_ticket_tokens_dates_and_prices_are_not_taken_for_order_numbers() -> None:
    text = "Re: refund [#T-1042] of 19.90 EUR on 2026-03-01, call +49 30 1234567"
    assert policy.order_number_candidates(text) == []


def test_reply_subject_keeps_one_prefix_and_one_token() -> None:
    assert policy.reply_subject("Where is my mug?", 12) == "Re: Where is my mug? [#T-12]"
    assert policy.reply_subject("RE: AW: Where is my mug? [#T-12]", 12) == (
        "Re: Where is my mug? [#T-12]"
    )
    assert policy.ticket_id_in_subject("Re: Where is my mug? [#t-12]") == 12
    assert policy.ticket_id_in_subject("#12 without brackets") is None


def _thread(**kw: object) -> policy.ThreadMatch:
    values: dict[str, object] = {
        "referenced_ids": [],
        "tickets_by_message_id": {},
        "subject": "Hello",
        "sender": "ana@example.com",
        "requester_of": {},
    }
    return policy.thread_for(**(values | kw))  # type: ignore[arg-type]


def test_threading_prefers_headers_then_the_subject_token_of_the_same_requester() -> None:
    by_header = _thread(
        referenced_ids=["<b@x>", "<a@x>"],
        tickets_by_message_id={"<a@x>": 7},
        subject="Re: something [#T-9]",
        requester_of={9: "ana@example.com"},
    )
    assert by_header == policy.ThreadMatch(7, "header")
    by_token = _thread(subject="Re: something [#T-9]", requester_of={9: "Ana@Example.com"})
    assert by_token == policy.ThreadMatch(9, "subject")


def test_a_stranger_using_a_ticket_token_gets_a_new_ticket() -> None:
    match = _thread(
        subject="Re: [#T-9]", sender="mallory@example.net", requester_of={9: "ana@example.com"}
    )
    assert match == policy.ThreadMatch(None, "new")
    assert _thread(subject="[#T-9]", requester_of={}).how == "new"

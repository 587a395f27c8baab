"""Pure parts of the event feed: topics, the signed document, URL and topic checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.webhooks import catalog, policy, signing

SECRET = "whsec_test-secret-for-signatures"
NOW = 1_796_000_000


def test_a_solved_ticket_is_a_topic_but_other_status_changes_are_not() -> None:
    assert catalog.topics_of("TicketStatusChanged", {"status": "solved"}) == ["ticket.solved"]
    assert catalog.topics_of("TicketStatusChanged", {"status": "open"}) == []
    assert catalog.topics_of("OrderPlaced", {}) == ["order.placed"]
    assert catalog.topics_of("StockReserved", {}) == []  # internal, never sent


def test_the_document_is_the_same_bytes_for_the_same_event() -> None:
    fields = {"topic": "order.placed", "event_id": "e-1", "aggregate_type": "order",
              "aggregate_id": "7", "occurred_at": datetime(2026, 12, 7, 9, 30, tzinfo=UTC)}  # fmt: skip
    one = catalog.envelope(data={"b": 1, "a": "Zoë"}, **fields)  # type: ignore[arg-type]
    two = catalog.envelope(data={"a": "Zoë", "b": 1}, **fields)  # type: ignore[arg-type]
    assert one == two
    assert json.loads(one) == {"id": "e-1", "topic": "order.placed",
                               "occurred_at": "2026-12-07T09:30:00+00:00",
                               "aggregate": {"type": "order", "id": "7"}, "data": {"a": "Zoë", "b": 1}}  # fmt: skip


def test_a_signature_holds_only_for_the_same_secret_body_and_a_recent_time() -> None:
    body = '{"id":"e-1"}'
    sent = signing.headers(SECRET, NOW, body)
    ts, sig = sent[signing.TIMESTAMP_HEADER], sent[signing.SIGNATURE_HEADER]
    assert sig.startswith("v1=")
    assert len(sig) == 3 + 64
    assert signing.verify(SECRET, body, ts, sig, now=NOW + 299)
    assert not signing.verify(SECRET, body, ts, sig, now=NOW + 301)  # replayed later
    assert not signing.verify(SECRET, body + " ", ts, sig, now=NOW)  # body changed
    assert not signing.verify(SECRET + "x", body, ts, sig, now=NOW)  # other subscriber
    assert not signing.verify(SECRET, body, str(NOW + 1), sig, now=NOW)  # time changed
    assert not signing.verify(SECRET, body, "soon", sig, now=NOW)


def test_every_subscriber_gets_its_own_secret() -> None:
    secrets = {signing.new_secret() for _ in range(50)}
    assert len(secrets) == 50
    assert all(s.startswith("whsec_") and len(s) >= 48 for s in secrets)


@pytest.mark.parametrize(
    ("url", "why"),
    [("ftp://erp.example.com/x", "http"), ("erp.example.com/hooks", "http"),
     ("https://", "http"), ("https://bob:pw@erp.example.com/", "user name"),
     ("https://erp.example.com/" + "x" * 2000, "2000")],
)  # fmt: skip
def test_a_bad_url_is_refused_saying_why(url: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        policy.checked_url(url)


def test_topics_must_be_known_and_are_kept_sorted_once() -> None:
    assert policy.checked_topics(["order.placed", "ticket.created", "order.placed"]) == [
        "order.placed", "ticket.created"
    ]  # fmt: skip
    with pytest.raises(InvalidInput, match=r"order\.teleported"):
        policy.checked_topics(["order.placed", "order.teleported"])
    with pytest.raises(InvalidInput, match="at least one"):
        policy.checked_topics([])

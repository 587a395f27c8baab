"""Signed webhooks with mutated bodies: processed, or a clear 4xx — never a 500.

The schema fuzzing (``test_api_fuzz.py``) cannot sign a body, so it only ever reaches
the signature check. Here the real Shopify order and refund and the EasyPost tracker
event from ``../shared/data`` are mutated (a value replaced by a wrong type, an empty
or huge one, or a key removed, one to four times, anywhere in the document), signed
with the test secret and sent for every topic. Hypothesis runs derandomized in the
suite; ``OPSDESK_FUZZ_EXAMPLES`` asks for a deeper random run.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import SHARED_DATA
from tests.e2e.test_webhooks_api import easypost_headers, signed_headers, stock_shopify_order
from tests.factories.fulfilment import shipped_order

EXAMPLES = int(os.environ.get("OPSDESK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 30,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
SHOPIFY = "/api/v1/webhooks/shopify"
EASYPOST = "/api/v1/webhooks/easypost"
SHOPIFY_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"]
# Values that have broken mappers: wrong types, empties, out-of-range and odd text.
WRONG: list[Any] = [
    None, "", "abc", "-1", "1e400", -1, 0, 10**30, 1.5, -0.01, float("1e308"), True, [], {},
    [None], {"x": None}, "😀" * 300, "\u0000", "2017-13-45T99:99:99", "NaN",
]  # fmt: skip
Json = dict[str, Any] | list[Any]
SERIALS = itertools.count(2)  # a new webhook, order and event id per example


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key or index path inside ``document`` (containers and leaves)."""
    found: list[tuple[Any, ...]] = []
    if not isinstance(document, dict | list):
        return found
    items = document.items() if isinstance(document, dict) else enumerate(document)
    for key, value in items:
        found.append((*prefix, key))
        found.extend(_paths(value, (*prefix, key)))
    return found


def _mutate(document: Json, path: tuple[Any, ...], value: Any, delete: bool) -> None:
    *parents, last = path
    holder: Any = document
    for key in parents:
        holder = holder[key]
    if delete and isinstance(holder, dict):
        holder.pop(last, None)
    else:
        holder[last] = value


@st.composite
def mutated(
    draw: st.DrawFn, original: dict[str, Any], fresh: dict[str, Any] | None = None
) -> bytes:
    """``original`` with ``fresh`` values set first (a new identity), then mutated."""
    document = json.loads(json.dumps(original | (fresh or {})))  # a deep copy
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        _mutate(document, path, draw(st.sampled_from(WRONG)), draw(st.booleans()))
    return json.dumps(document).encode()


def _load(*parts: str) -> Any:
    return json.loads(SHARED_DATA.joinpath(*parts).read_text())


SHOPIFY_ORDER = _load("shopify", "order.json")["order"]
SHOPIFY_REFUND = _load("shopify", "refund.json")["refund"]
EASYPOST_EVENT = _load("easypost", "event-body.json")


@pytest.fixture
def stocked(client: TestClient, session_factory: sessionmaker[Session]) -> None:
    """Stock for the order's SKUs, and the original order received (updates, cancels and
    refunds then find it)."""
    stock_shopify_order(session_factory, 10_000)
    body = json.dumps(SHOPIFY_ORDER).encode()
    created = client.post(SHOPIFY, content=body, headers=signed_headers(body, webhook_id="first"))
    assert created.json()["status"] == "processed", created.text


@pytest.fixture
def tracking_code(session_factory: sessionmaker[Session]) -> str:
    """A shipped parcel's tracking number, so events reach a real shipment."""
    with session_factory() as session, session.begin():
        _picking, shipment = shipped_order(session)
        return shipment.tracking_number or ""


def _assert_clear(response: Any, body: bytes) -> None:
    assert response.status_code < 500, (response.status_code, response.text, body[:2000])
    if response.status_code >= 400:
        assert response.json()["error"]["code"], response.text


@pytest.mark.xdist_group("webhook_fuzz")
@FUZZ
@given(data=st.data())
def test_mutated_shopify_webhooks_are_processed_or_refused_clearly(
    data: st.DataObject, client: TestClient, stocked: None
) -> None:
    topic = data.draw(st.sampled_from(SHOPIFY_TOPICS))
    serial = next(SERIALS)
    if topic == "refunds/create":
        body = data.draw(mutated(SHOPIFY_REFUND, {"id": serial}))
    elif topic == "orders/create":  # a new order each time, not a duplicate of the first
        fresh = {"id": serial, "name": f"#F{serial}", "order_number": serial, "number": serial}
        body = data.draw(mutated(SHOPIFY_ORDER, fresh))
    else:  # about the order received in the fixture
        body = data.draw(mutated(SHOPIFY_ORDER))
    headers = signed_headers(body, topic=topic, webhook_id=f"fuzz-{serial}")

    _assert_clear(client.post(SHOPIFY, content=body, headers=headers), body)


@pytest.mark.xdist_group("webhook_fuzz")
@FUZZ
@given(data=st.data())
def test_mutated_easypost_events_are_processed_or_refused_clearly(
    data: st.DataObject, client: TestClient, tracking_code: str
) -> None:
    serial = next(SERIALS)
    result = EASYPOST_EVENT["result"] | {"tracking_code": tracking_code}
    body = data.draw(mutated(EASYPOST_EVENT, {"id": f"evt_{serial}", "result": result}))
    response = client.post(EASYPOST, content=body, headers=easypost_headers(body))

    _assert_clear(response, body)

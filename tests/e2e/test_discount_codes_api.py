"""Discount codes over HTTP: staff issue and revoke, a shop quotes and redeems at checkout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import fx, promotions
from opsdesk.kernel.http import Role
from tests.conftest import make_token
from tests.factories.customers import make_customer
from tests.factories.promotions import code_payload

Headers = dict[str, str]
CODES = "/api/v1/discount-codes"


def _issue(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    response = client.post(CODES, json=code_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["error"]["details"]["errors"]}


def _checkout(order: str, total: int = 5000, **extra: Any) -> dict[str, Any]:
    return {"order_reference": order, "order_total_minor": total, "currency": "EUR"} | extra


def _customer_id(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session, session.begin():
        return make_customer(session).id


def test_an_agent_issues_a_code_that_can_be_read_back(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    ana = _customer_id(session_factory)
    payload = code_payload(customer_id=ana, ticket_id=42, order_reference="1001", source="agent")
    response = client.post(CODES, json=payload, headers=agent_headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"{CODES}/{body['code']}"
    assert body["code"].startswith("THANKS-")
    assert (body["kind"], body["value"], body["currency"], body["status"]) == (
        "amount", 1000, "EUR", "active",
    )  # fmt: skip
    assert (body["max_redemptions"], body["remaining_redemptions"]) == (1, 1)
    assert (body["customer_id"], body["ticket_id"], body["order_reference"]) == (ana, 42, "1001")
    assert body["issued_by"] == "agent:test-agent"
    assert body["source"] == "agent"

    fetched = client.get(f"{CODES}/{body['code'].lower()}", headers=agent_headers)
    assert fetched.json() == body


def test_roles_decide_who_issues_and_who_revokes(
    client: TestClient, operations_headers: Headers, agent_headers: Headers
) -> None:
    assert client.post(CODES, json=code_payload()).status_code == 401
    code = _issue(client, operations_headers, prefix="sorry")["code"]
    assert code.startswith("SORRY-")
    revoke = {"reason": "Issued by mistake"}
    refused = client.post(f"{CODES}/{code}/revoke", json=revoke, headers=operations_headers)
    assert refused.status_code == 403
    assert client.get(f"{CODES}/{code}", headers=operations_headers).json()["status"] == "active"

    revoked = client.post(f"{CODES}/{code}/revoke", json=revoke, headers=agent_headers)
    assert revoked.status_code == 200
    assert (revoked.json()["status"], revoked.json()["revoked_by"]) == (
        "revoked", "agent:test-agent",
    )  # fmt: skip
    redeemed = client.post(
        f"{CODES}/{code}/redemptions", json=_checkout("A"), headers=agent_headers
    )
    assert redeemed.status_code == 409
    assert redeemed.json()["error"]["details"]["reason"] == "revoked"


def test_an_idempotency_key_returns_the_first_code(
    client: TestClient, agent_headers: Headers
) -> None:
    headers = agent_headers | {"Idempotency-Key": "ticket-42-remedy"}
    payload = code_payload()
    first = client.post(CODES, json=payload, headers=headers)
    again = client.post(CODES, json=payload, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]

    changed = client.post(CODES, json=payload | {"value": 2000}, headers=headers)
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert len(client.get(CODES, headers=agent_headers).json()["items"]) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "voucher"}, "kind"),
        ({"value": 0}, "value"),
        ({"value": True}, "value"),
        ({"currency": "EURO"}, "currency"),
        ({"expires_at": "2030-01-01T00:00:00"}, "expires_at"),
        ({"max_redemptions": 0}, "max_redemptions"),
        ({"customer_id": 2**64}, "customer_id"),
        ({"reason": "   "}, "reason"),
        ({"prefix": "THANKS-"}, "prefix"),
        ({"source": "shopify"}, "source"),
        ({"discount": 5}, "discount"),
    ],
)
def test_malformed_requests_are_refused_naming_the_field(
    client: TestClient, agent_headers: Headers, overrides: dict[str, Any], field: str
) -> None:
    response = client.post(CODES, json=code_payload(**overrides), headers=agent_headers)
    assert response.status_code == 422
    assert field in _fields(response)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "percent", "value": 10_001, "currency": None}, "value"),
        ({"currency": None}, "currency"),
        ({"expires_at": "2020-01-01T00:00:00+00:00"}, "expires_at"),
        ({"customer_id": 999_999}, "customer_id"),
        ({"max_discount_minor": 500}, "max_discount_minor"),
        ({"kind": "percent", "value": 1500, "source": "proactive"}, "source"),
    ],
)
def test_senseless_terms_are_refused_naming_the_field(
    client: TestClient, agent_headers: Headers, overrides: dict[str, Any], field: str
) -> None:
    response = client.post(CODES, json=code_payload(**overrides), headers=agent_headers)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["field"] == field
    assert client.get(CODES, headers=agent_headers).json()["items"] == []


def test_listing_filters_by_customer_and_source_with_a_cursor(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    ana = _customer_id(session_factory)
    mine = [_issue(client, agent_headers, customer_id=ana)["code"] for _ in range(3)]
    _issue(client, agent_headers, customer_id=ana, source="agent")
    _issue(client, agent_headers)
    query = {"customer_id": ana, "source": "api", "limit": 2}
    first = client.get(CODES, params=query, headers=agent_headers).json()
    rest = client.get(
        CODES, params=query | {"cursor": first["next_cursor"]}, headers=agent_headers
    ).json()
    assert [c["code"] for c in first["items"] + rest["items"]] == mine[::-1]
    assert rest["next_cursor"] is None
    bad = client.get(CODES, params={"cursor": "%%%"}, headers=agent_headers)
    assert bad.status_code == 422
    for params in ({"source": "x"}, {"customer_id": 2**64}, {"limit": 0}):
        response = client.get(CODES, params=params, headers=agent_headers)
        field = f"query.{next(iter(params))}"
        assert (response.status_code, _fields(response)) == (422, {field}), params


def test_a_quote_says_what_comes_off_without_using_the_code(
    client: TestClient, agent_headers: Headers
) -> None:
    code = _issue(client, agent_headers, kind="percent", value=1500, currency=None)["code"]
    quote = client.post(
        f"{CODES}/{code}/validate",
        json={"order_total_minor": 1990, "currency": "eur"},
        headers=agent_headers,
    )
    assert quote.status_code == 200
    assert quote.json() | {"message": ""} == {
        "code": code, "applies": True, "refusal": None, "message": "",
        "discount_minor": 299, "order_total_minor": 1990, "total_after_minor": 1691,
        "currency": "EUR",
    }  # fmt: skip
    assert client.get(f"{CODES}/{code}", headers=agent_headers).json()["times_redeemed"] == 0


def test_a_quote_explains_why_a_code_does_not_apply(
    client: TestClient, agent_headers: Headers
) -> None:
    code = _issue(client, agent_headers, min_order_minor=3000)["code"]
    quote = client.post(
        f"{CODES}/{code}/validate",
        json={"order_total_minor": 2500, "currency": "EUR"},
        headers=agent_headers,
    ).json()
    assert (quote["applies"], quote["refusal"], quote["discount_minor"]) == (
        False, "below_minimum", 0,
    )  # fmt: skip
    assert "at least 3000" in quote["message"]
    missing = client.post(
        f"{CODES}/{code}/validate", json={"currency": "EUR"}, headers=agent_headers
    )
    assert (missing.status_code, _fields(missing)) == (422, {"order_total_minor"})


def test_a_shop_redeems_once_and_a_retry_gets_the_same_redemption(
    client: TestClient, operations_headers: Headers
) -> None:
    code = _issue(client, operations_headers)["code"]
    url = f"{CODES}/{code}/redemptions"
    first = client.post(url, json=_checkout("shopify-5550001", 640), headers=operations_headers)
    assert first.status_code == 201, first.text
    body = first.json()
    assert first.headers["location"] == f"{url}/{body['id']}"
    assert (body["code"], body["amount_minor"], body["order_reference"]) == (
        code, 640, "shopify-5550001",
    )  # fmt: skip
    retry = client.post(url, json=_checkout("shopify-5550001", 640), headers=operations_headers)
    assert (retry.status_code, retry.json()) == (200, body)
    assert client.get(first.headers["location"], headers=operations_headers).json() == body
    assert client.get(url, headers=operations_headers).json() == [body]

    other = client.post(url, json=_checkout("shopify-5550002"), headers=operations_headers)
    assert other.status_code == 409
    error = other.json()["error"]
    assert (error["code"], error["details"]["reason"]) == ("discount_not_applicable", "exhausted")
    code_now = client.get(f"{CODES}/{code}", headers=operations_headers).json()
    assert (code_now["times_redeemed"], code_now["remaining_redemptions"]) == (1, 0)


def test_a_restricted_code_is_redeemed_only_by_its_customer(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    ana = _customer_id(session_factory)
    code = _issue(client, agent_headers, customer_id=ana)["code"]
    url = f"{CODES}/{code}/redemptions"
    stranger = client.post(url, json=_checkout("A", customer_id=ana + 1), headers=agent_headers)
    assert stranger.json()["error"]["details"]["reason"] == "wrong_customer"
    owner = client.post(url, json=_checkout("A", customer_id=ana), headers=agent_headers)
    assert (owner.status_code, owner.json()["customer_id"]) == (201, ana)


def test_redeeming_in_another_currency_is_a_conflict(
    client: TestClient, agent_headers: Headers
) -> None:
    code = _issue(client, agent_headers)["code"]
    response = client.post(
        f"{CODES}/{code}/redemptions", json=_checkout("A") | {"currency": "GBP"},
        headers=agent_headers,
    )  # fmt: skip
    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"reason": "currency_mismatch", "code": code}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"order_total_minor": 5000, "currency": "EUR"}, "order_reference"),
        (_checkout("A", total=True), "order_total_minor"),
        (_checkout("A", total=0), "order_total_minor"),
        (_checkout(" "), "order_reference"),
        (_checkout("A") | {"currency": "€"}, "currency"),
    ],
)
def test_malformed_checkouts_are_refused_naming_the_field(
    client: TestClient, agent_headers: Headers, body: dict[str, Any], field: str
) -> None:
    code = _issue(client, agent_headers)["code"]
    response = client.post(f"{CODES}/{code}/redemptions", json=body, headers=agent_headers)
    assert (response.status_code, _fields(response)) == (422, {field})


def test_unknown_codes_and_redemptions_are_not_found(
    client: TestClient, agent_headers: Headers
) -> None:
    code = _issue(client, agent_headers)["code"]
    for method, url, body in (
        ("GET", f"{CODES}/NOPE-222222", None),
        ("POST", f"{CODES}/NOPE-222222/validate", {"order_total_minor": 1, "currency": "EUR"}),
        ("POST", f"{CODES}/NOPE-222222/redemptions", _checkout("A")),
        ("POST", f"{CODES}/NOPE-222222/revoke", {"reason": "x"}),
        ("GET", f"{CODES}/NOPE-222222/redemptions", None),
        ("GET", f"{CODES}/{code}/redemptions/999999", None),
    ):
        response = client.request(method, url, json=body, headers=agent_headers)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


def test_an_expired_code_is_refused_at_checkout(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    code = _issue(client, agent_headers)["code"]
    with session_factory() as session, session.begin():
        # Move the expiry into the past rather than sleeping in a test.
        promotions.get_code(session, code).expires_at = datetime.now(UTC) - timedelta(minutes=1)
    response = client.post(
        f"{CODES}/{code}/redemptions", json=_checkout("A"), headers=agent_headers
    )
    assert response.status_code == 409
    assert response.json()["error"]["details"]["reason"] == "expired"


# --- Caps, approval and hard limits (issue #15, item 4) ---------------------------------


@pytest.fixture
def lead_headers(session_factory: sessionmaker[Session]) -> Headers:
    return {"Authorization": f"Bearer {make_token(session_factory, Role.LEAD)}"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "percent", "value": 10_000, "max_redemptions": 1_000_000}, "max_redemptions"),
        ({"value": 10**12}, "value"),
        ({"kind": "percent", "value": 20_000, "currency": None}, "value"),
        ({"kind": "percent", "value": 1500, "max_discount_minor": 10**12}, "max_discount_minor"),
    ],
)
def test_absurd_codes_are_refused_for_everyone_admins_included(
    client: TestClient, agent_headers: Headers, admin_headers: Headers,
    overrides: dict[str, Any], field: str,
) -> None:  # fmt: skip
    for headers in (agent_headers, admin_headers):
        response = client.post(CODES, json=code_payload(**overrides), headers=headers)
        assert response.status_code == 422, response.text
        assert field in response.text
    listed = client.get(CODES, headers=admin_headers).json()["items"]
    assert listed == []


def test_a_code_above_the_agent_caps_waits_and_cannot_be_redeemed_until_a_lead_approves(
    client: TestClient, agent_headers: Headers, lead_headers: Headers,
    session_factory: sessionmaker[Session],
) -> None:  # fmt: skip
    ana = _customer_id(session_factory)
    body = _issue(client, agent_headers, kind="percent", value=10_000, currency=None,
                  customer_id=ana)  # fmt: skip
    assert body["status"] == "pending"
    assert "100 % is above the agent cap of 20 %" in body["approval_needed"]
    code = body["code"]
    refused = client.post(f"{CODES}/{code}/redemptions", json=_checkout("A", customer_id=ana),
                          headers=agent_headers)  # fmt: skip
    assert refused.status_code == 409
    assert refused.json()["error"]["details"]["reason"] == "pending_approval"

    own = client.post(f"{CODES}/{code}/approve", json={}, headers=agent_headers)
    assert own.status_code == 403
    # 100 % is above the lead's 50 % too: only an admin may approve it.
    assert client.post(f"{CODES}/{code}/approve", json={}, headers=lead_headers).status_code == 403

    small = _issue(client, agent_headers, kind="percent", value=3000, currency=None,
                   customer_id=ana)  # fmt: skip
    approved = client.post(f"{CODES}/{small['code']}/approve", json={"note": "loyal customer"},
                           headers=lead_headers)  # fmt: skip
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["decided_by"]) == (
        "active",
        "lead:test-lead",
    )
    assert approved.json()["decision_note"] == "loyal customer"
    again = client.post(f"{CODES}/{small['code']}/approve", json={}, headers=lead_headers)
    assert again.status_code == 409
    redeemed = client.post(f"{CODES}/{small['code']}/redemptions",
                           json=_checkout("B", customer_id=ana), headers=agent_headers)  # fmt: skip
    assert redeemed.status_code == 201


def test_an_admin_rejects_with_a_reason_and_the_code_never_applies(
    client: TestClient, agent_headers: Headers, admin_headers: Headers
) -> None:
    code = _issue(client, agent_headers, max_redemptions=50)["code"]
    assert client.post(f"{CODES}/{code}/reject", json={}, headers=admin_headers).status_code == 422
    rejected = client.post(f"{CODES}/{code}/reject", json={"note": "campaign codes go via marketing"},
                           headers=admin_headers)  # fmt: skip
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decided_by"] == "admin:test-admin"
    order = {"order_total_minor": 5000, "currency": "EUR"}
    quote = client.post(f"{CODES}/{code}/validate", json=order, headers=agent_headers)
    assert (quote.json()["applies"], quote.json()["refusal"]) == (False, "rejected")


def test_every_code_names_a_reason_from_the_list_and_whom_it_is_for(
    client: TestClient, agent_headers: Headers
) -> None:
    missing = code_payload()
    del missing["reason_code"]
    assert client.post(CODES, json=missing, headers=agent_headers).status_code == 422
    posing = client.post(CODES, json=code_payload(reason_code="automatic_remedy"),
                         headers=agent_headers)  # fmt: skip
    assert posing.status_code == 422
    nobody = client.post(CODES, json=code_payload(ticket_id=None), headers=agent_headers)
    assert nobody.status_code == 422
    assert "customer or the ticket" in nobody.json()["error"]["message"]


def test_admins_set_caps_per_role_and_every_change_is_kept(
    client: TestClient, agent_headers: Headers, admin_headers: Headers
) -> None:
    caps = {"max_percent_bp": 500, "max_amount_minor": 1000, "currency": "EUR",
            "max_redemptions": 1, "max_codes_per_day": 2, "note": "tighter for the sale"}  # fmt: skip
    assert (
        client.put("/api/v1/discount-caps/agent", json=caps, headers=agent_headers).status_code
        == 403
    )
    changed = client.put("/api/v1/discount-caps/agent", json=caps, headers=admin_headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["changed_by"] == "admin:test-admin"
    bad = client.put("/api/v1/discount-caps/admin", json=caps, headers=admin_headers)
    assert bad.status_code == 422

    assert _issue(client, agent_headers, value=1000)["status"] == "active"
    assert _issue(client, agent_headers, value=1001)["status"] == "pending"  # above €10
    third = _issue(client, agent_headers, value=100)  # the day's third code
    assert third["status"] == "pending"
    assert "already issued in the last 24 hours" in third["approval_needed"]
    history = client.get("/api/v1/discount-caps/history", headers=agent_headers).json()
    assert [(h["role"], h["note"]) for h in history] == [("agent", "tighter for the sale")]


def test_the_amount_cap_in_eur_is_converted_into_the_code_currency(
    client: TestClient, agent_headers: Headers, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        fx.set_rate(session, base="EUR", quote="USD", rate="1.10", valid_from=yesterday,
                    set_by="test")  # fmt: skip
    assert _issue(client, agent_headers, value=2750, currency="USD")["status"] == "active"
    assert _issue(client, agent_headers, value=2751, currency="USD")["status"] == "pending"
    no_rate = _issue(client, agent_headers, value=100, currency="CHF")
    assert no_rate["status"] == "pending"
    assert "no exchange rate EUR→CHF" in no_rate["approval_needed"]

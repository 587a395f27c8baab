"""The catalog over HTTP: roles, 201 + Location, 404/409/422, pagination."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories.catalog import product_payload, variant_payload

Headers = dict[str, str]


def test_operations_create_a_product_that_any_staff_member_reads(
    client: TestClient, operations_headers: Headers, agent_headers: Headers
) -> None:
    created = client.post(
        "/api/v1/products", json=product_payload(skus=("MUG-BLUE", "MUG-RED")),
        headers=operations_headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location == f"/api/v1/products/{created.json()['id']}"

    read = client.get(location, headers=agent_headers)
    assert read.status_code == 200
    assert [v["sku"] for v in read.json()["variants"]] == ["MUG-BLUE", "MUG-RED"]
    variant = client.get("/api/v1/variants/MUG-RED", headers=agent_headers).json()
    assert (variant["price_minor"], variant["currency"], variant["fragile"]) == (1990, "EUR", True)


def test_an_agent_cannot_create_or_change_products(
    client: TestClient, agent_headers: Headers, operations_headers: Headers
) -> None:
    refused = client.post("/api/v1/products", json=product_payload(), headers=agent_headers)
    assert refused.status_code == 403
    product_id = client.post(
        "/api/v1/products", json=product_payload(), headers=operations_headers
    ).json()["id"]
    patch = client.patch(
        f"/api/v1/products/{product_id}", json={"title": "x"}, headers=agent_headers
    )
    assert patch.status_code == 403
    assert client.get("/api/v1/products").status_code == 401


def test_a_duplicate_sku_is_409_naming_the_sku(client: TestClient, admin_headers: Headers) -> None:
    client.post("/api/v1/products", json=product_payload(), headers=admin_headers)
    again = client.post(
        "/api/v1/products", json=product_payload("other-mug"), headers=admin_headers
    )
    assert again.status_code == 409
    assert again.json()["error"]["details"] == {"field": "sku", "value": "MUG-BLUE"}


def test_bad_input_is_422_with_the_field(client: TestClient, admin_headers: Headers) -> None:
    cases = [
        product_payload(variants=[variant_payload("A-1", price_minor=-1)]),
        product_payload(variants=[variant_payload("A-1", currency="euro")]),
        product_payload(variants=[variant_payload("A-1", price_minor=True)]),
        product_payload(handle="Not A Handle"),
        product_payload(variants=[]),
        product_payload(short_stock_policy="sometimes"),
    ]
    for body in cases:
        response = client.post("/api/v1/products", json=body, headers=admin_headers)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"]["errors"][0]["field"]


def test_patch_updates_policy_and_null_is_refused(
    client: TestClient, admin_headers: Headers
) -> None:
    product_id = client.post(
        "/api/v1/products", json=product_payload(), headers=admin_headers
    ).json()["id"]
    patched = client.patch(
        f"/api/v1/products/{product_id}",
        json={"short_stock_policy": "backorder", "packaging_notes": "bubble wrap"},
        headers=admin_headers,
    )
    assert patched.status_code == 200
    assert patched.json()["short_stock_policy"] == "backorder"
    assert patched.json()["packaging_notes"] == "bubble wrap"
    nulled = client.patch(
        f"/api/v1/products/{product_id}", json={"title": None}, headers=admin_headers
    )
    assert nulled.status_code == 422
    missing = client.patch("/api/v1/products/999999", json={"title": "x"}, headers=admin_headers)
    assert missing.status_code == 404


def test_list_pages_with_a_cursor_and_filters(client: TestClient, admin_headers: Headers) -> None:
    for i in range(3):
        client.post(
            "/api/v1/products", json=product_payload(f"mug-{i}", skus=(f"MUG-{i}",)),
            headers=admin_headers,
        )  # fmt: skip
    first = client.get("/api/v1/products?limit=2&category=kitchen", headers=admin_headers).json()
    assert [p["handle"] for p in first["items"]] == ["mug-0", "mug-1"]
    second = client.get(
        f"/api/v1/products?limit=2&cursor={first['next_cursor']}", headers=admin_headers
    ).json()
    assert [p["handle"] for p in second["items"]] == ["mug-2"]
    assert second["next_cursor"] is None
    assert client.get("/api/v1/products?cursor=%%%", headers=admin_headers).status_code == 422
    found = client.get("/api/v1/products?search=MUG-1", headers=admin_headers).json()
    assert [p["handle"] for p in found["items"]] == ["mug-1"]


def test_unknown_variant_is_404(client: TestClient, agent_headers: Headers) -> None:
    response = client.get("/api/v1/variants/NOPE", headers=agent_headers)
    assert response.status_code == 404
    assert response.json()["error"]["details"] == {"kind": "variant", "key": "NOPE"}

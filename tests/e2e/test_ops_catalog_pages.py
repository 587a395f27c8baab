"""The Catalog screen over HTTP: the list and its search, a product and a variant page,
and the operations team's forms, with each refusal shown beside its field and nothing
saved; agents read the same pages without forms and cannot post."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk import catalog
from opsdesk.kernel.http import Role
from tests.factories.catalog import make_product, variant_payload
from tests.support.web import log_in

LIST = "/workspace/catalog"


@pytest.fixture
def mug(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    """(product id, variant id) of the enamel mug, MUG-BLUE, 350 g, from Kiln & Co."""
    with session_factory() as session, session.begin():
        product = make_product(
            session, "enamel-mug", skus=(), title="Enamel Mug",
            variants=[variant_payload("MUG-BLUE", ean="4006381333931", supplier="Kiln & Co",
                                      lead_time_days=21), variant_payload("MUG-RED")],
        )  # fmt: skip
        make_product(session, "linen-tee", skus=("TEE-RED",), title="Linen Tee", fragile=False)
        return product.id, product.variants[0].id


def _variant(factory: sessionmaker[Session], sku: str) -> catalog.VariantWithProductRead:
    with factory() as session:
        return catalog.get_variant(session, sku)


def _skus(html: str) -> list[str]:
    return re.findall(r'data-testid="variant-([A-Z0-9-]+)"', html)


def test_the_list_finds_skus_by_prefix_and_says_when_nothing_matches(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    log_in(client, session_factory, Role.AGENT, landing=LIST)
    assert _skus(client.get(LIST).text) == ["MUG-BLUE", "MUG-RED", "TEE-RED"]
    found = client.get(LIST, params={"q": "mug-b"})
    assert _skus(found.text) == ["MUG-BLUE"]
    assert "Kiln &amp; Co" in found.text
    assert "21 d" in found.text
    assert _skus(client.get(LIST, params={"q": "4006381333931"}).text) == ["MUG-BLUE"]
    assert _skus(client.get(LIST, params={"supplier": "Kiln & Co"}).text) == ["MUG-BLUE"]
    nothing = client.get(LIST, params={"q": "lamp"})
    assert _skus(nothing.text) == []
    assert "No SKU matches these filters" in nothing.text
    assert 'data-testid="new-product"' not in nothing.text  # agents do not create


def test_long_lists_page_by_sku_without_repeating_a_row(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        make_product(session, "bulk", skus=tuple(f"B-{i:03d}" for i in range(55)))
    log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    first = client.get(LIST)
    assert _skus(first.text) == [f"B-{i:03d}" for i in range(50)]
    next_link = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert next_link
    second = client.get(next_link.group(1).replace("&amp;", "&"))
    assert _skus(second.text) == [f"B-{i:03d}" for i in range(50, 55)]
    assert 'rel="next"' not in second.text


def test_bad_filters_are_a_clear_422_not_an_error_page(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory, Role.AGENT, landing=LIST)
    response = client.get(LIST, params={"fragile": "maybe"})
    assert response.status_code == 422
    assert "fragile" in response.text


def test_agents_read_a_variant_but_have_no_form_and_cannot_post(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.AGENT, landing=LIST)
    page = client.get(f"{LIST}/variants/{mug[1]}")
    assert "MUG-BLUE" in page.text
    assert "21 days" in page.text
    assert 'data-testid="variant-edit"' not in page.text
    assert 'data-testid="read-only"' in page.text
    refused = client.post(f"{LIST}/variants/{mug[1]}", data={"csrf": csrf, "weight_g": "1"})
    assert refused.status_code == 403
    assert _variant(session_factory, "MUG-BLUE").weight_g == 350


def _variant_form(csrf: str, **changes: str) -> dict[str, str]:
    values = {
        "csrf": csrf, "ean": "4006381333931", "title": "blue", "price": "19.90",
        "currency": "EUR", "weight_g": "350", "length_mm": "120", "width_mm": "90",
        "height_mm": "100", "supplier": "Kiln & Co", "lead_time_days": "21", "active": "on",
    }  # fmt: skip
    return values | changes


def test_a_bad_ean_is_refused_beside_its_field_and_nothing_is_saved(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    form = _variant_form(csrf, ean="12345", weight_g="420", price="1.999")
    refused = client.post(f"{LIST}/variants/{mug[1]}", data=form)
    assert refused.status_code == 422
    assert re.search(r'data-testid="error-ean">an EAN has 8, 12, 13 or 14 digits<', refused.text)
    assert 'data-testid="error-price">use at most 2 decimals for EUR<' in refused.text
    assert 'value="420"' in refused.text  # what was typed stays in the form
    assert _variant(session_factory, "MUG-BLUE").weight_g == 350


def test_operations_save_a_variant_and_see_it_on_the_page(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    form = _variant_form(
        csrf, weight_g="420", price="24.50", supplier="Clay Works", lead_time_days="", ean=""
    )
    saved = client.post(f"{LIST}/variants/{mug[1]}", data=form, follow_redirects=False)
    assert saved.status_code == 303
    stored = _variant(session_factory, "MUG-BLUE")
    assert (stored.weight_g, stored.price_minor, stored.supplier) == (420, 2450, "Clay Works")
    assert (stored.ean, stored.lead_time_days) == (None, None)
    page = client.get(saved.headers["location"])
    assert "Variant MUG-BLUE saved." in page.text
    assert 'data-testid="fact-weight">420 g<' in page.text


def test_an_ean_taken_by_another_variant_is_named_beside_the_field(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    with session_factory() as session:
        red = catalog.get_variant(session, "MUG-RED").id
    refused = client.post(f"{LIST}/variants/{red}", data=_variant_form(csrf))
    assert refused.status_code == 422
    assert 'data-testid="error-ean">a variant with EAN 4006381333931 exists<' in refused.text
    assert _variant(session_factory, "MUG-RED").ean is None


def test_operations_create_a_product_and_add_a_variant(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    form = {
        "csrf": csrf, "handle": "oak-board", "title": "Oak Board", "category": "kitchen",
        "short_stock_policy": "backorder", "variant_sku": "OAK-L", "variant_price": "35",
        "variant_currency": "EUR", "variant_weight_g": "900", "variant_supplier": "Joinery",
    }  # fmt: skip
    created = client.post(f"{LIST}/new", data=form, follow_redirects=False)
    assert created.status_code == 303
    product_path = created.headers["location"]
    added = client.post(
        f"{product_path}/variants",
        data={"csrf": csrf, "new_sku": "OAK-S", "new_price": "25.00", "new_currency": "EUR"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    page = client.get(product_path).text
    assert _skus(page) == ["OAK-L", "OAK-S"]
    assert _variant(session_factory, "OAK-L").supplier == "Joinery"
    taken = client.post(f"{LIST}/new", data=form | {"handle": "oak-board-2"})
    assert taken.status_code == 422
    assert 'data-testid="error-variant_sku">a variant with SKU OAK-L exists<' in taken.text


def test_a_product_edit_with_an_empty_title_is_refused(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    path = f"{LIST}/products/{mug[0]}"
    form = {"csrf": csrf, "title": "", "short_stock_policy": "reject", "fragile": "on"}
    refused = client.post(path, data=form)
    assert refused.status_code == 422
    assert 'data-testid="error-title"' in refused.text
    saved = client.post(path, data=form | {"title": "Enamel Mug, blue"}, follow_redirects=False)
    assert saved.status_code == 303
    with session_factory() as session:
        product = catalog.get_product(session, mug[0])
        assert (product.title, product.fragile, product.active) == ("Enamel Mug, blue", True, False)


def test_unknown_products_and_variants_are_404_pages(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    log_in(client, session_factory, Role.AGENT, landing=LIST)
    assert "No such product" in client.get(f"{LIST}/products/999").text
    assert client.get(f"{LIST}/variants/999").status_code == 404


def test_the_api_reads_and_writes_supplier_and_lead_time(
    client: TestClient, operations_headers: dict[str, str], mug: tuple[int, int]
) -> None:
    read = client.get("/api/v1/variants/MUG-BLUE", headers=operations_headers).json()
    assert (read["supplier"], read["lead_time_days"]) == ("Kiln & Co", 21)
    changed = client.patch(
        "/api/v1/variants/MUG-RED", json={"supplier": "Clay Works", "lead_time_days": 10},
        headers=operations_headers,
    )  # fmt: skip
    assert (changed.json()["supplier"], changed.json()["lead_time_days"]) == ("Clay Works", 10)
    bad = client.patch(
        "/api/v1/variants/MUG-RED", json={"lead_time_days": -1}, headers=operations_headers
    )
    assert bad.status_code == 422


def test_operations_set_and_clear_moq_and_pack_size_and_zero_is_refused_beside_it(
    client: TestClient, session_factory: sessionmaker[Session], mug: tuple[int, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=LIST)
    path = f"{LIST}/variants/{mug[1]}"
    saved = client.post(path, data=_variant_form(csrf, moq="24", pack_size="6"))
    assert saved.status_code == 200  # followed the redirect
    stored = _variant(session_factory, "MUG-BLUE")
    assert (stored.moq, stored.pack_size) == (24, 6)
    page = client.get(path).text
    assert re.search(r'name="moq"[^>]*value="24"', page)
    assert re.search(r'name="pack_size"[^>]*value="6"', page)
    refused = client.post(path, data=_variant_form(csrf, moq="0", pack_size="x"))
    assert refused.status_code == 422
    assert 'data-testid="error-moq">a whole number of units, 1 or more' in refused.text
    assert re.search(r'data-testid="error-pack_size">[^<]*x[^<]* is not a whole number of units<',
                     refused.text)  # fmt: skip
    assert _variant(session_factory, "MUG-BLUE").moq == 24
    client.post(path, data=_variant_form(csrf, moq="", pack_size=""))
    stored = _variant(session_factory, "MUG-BLUE")
    assert (stored.moq, stored.pack_size) == (None, None)


def test_the_api_reads_and_writes_moq_and_pack_size_and_refuses_bad_ones_with_422(
    client: TestClient, operations_headers: dict[str, str], mug: tuple[int, int]
) -> None:
    url = "/api/v1/variants/MUG-RED"
    read = client.get(url, headers=operations_headers).json()
    assert (read["moq"], read["pack_size"]) == (None, None)
    changed = client.patch(url, json={"moq": 12, "pack_size": 4}, headers=operations_headers)
    assert (changed.json()["moq"], changed.json()["pack_size"]) == (12, 4)
    for bad in ({"moq": 0}, {"pack_size": -4}, {"moq": 2.5}, {"pack_size": "six"}):
        refused = client.patch(url, json=bad, headers=operations_headers)
        assert refused.status_code == 422, bad
        assert next(iter(bad)) in refused.text
    cleared = client.patch(url, json={"moq": None, "pack_size": None}, headers=operations_headers)
    assert (cleared.json()["moq"], cleared.json()["pack_size"]) == (None, None)
    created = client.post(
        "/api/v1/products", headers=operations_headers,
        json={"handle": "jute-bag", "title": "Jute Bag",
              "variants": [variant_payload("BAG-1", moq=50, pack_size=10)]},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert catalog_moq(client, operations_headers, "BAG-1") == (50, 10)


def catalog_moq(client: TestClient, headers: dict[str, str], sku: str) -> tuple[int, int]:
    read = client.get(f"/api/v1/variants/{sku}", headers=headers).json()
    return read["moq"], read["pack_size"]

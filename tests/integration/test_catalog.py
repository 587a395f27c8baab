"""Catalog services against a real database."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.kernel.errors import AlreadyExists, InvalidInput, NotFound
from tests.factories.catalog import make_product, product_payload, variant_payload


def test_a_product_keeps_its_variants_packaging_and_policy(session: Session) -> None:
    product = make_product(
        session, "linen-tee", skus=("TEE-S", "TEE-M"), short_stock_policy="backorder"
    )
    session.commit()
    read = catalog.get_variant(session, "TEE-M")
    assert (read.product_id, read.product_handle) == (product.id, "linen-tee")
    assert (read.fragile, read.packaging_notes) == (True, "wrap in two layers of paper")
    assert read.short_stock_policy is catalog.ShortStockPolicy.BACKORDER
    assert [v.sku for v in catalog.get_product(session, product.id).variants] == ["TEE-S", "TEE-M"]


@pytest.mark.parametrize(
    ("handle", "sku", "ean", "field"),
    [
        ("enamel-mug", "OTHER", None, "handle"),
        ("other-mug", "MUG-BLUE", None, "sku"),
        ("other-mug", "OTHER", "4006381333931", "ean"),
    ],
)
def test_a_taken_code_is_a_conflict_naming_it(
    session: Session, handle: str, sku: str, ean: str | None, field: str
) -> None:
    make_product(session, variants=[variant_payload("MUG-BLUE", ean="4006381333931")])
    data = catalog.ProductCreate.model_validate(
        product_payload(handle, variants=[variant_payload(sku, ean=ean)])
    )
    with pytest.raises(AlreadyExists) as caught:
        catalog.create_product(session, data)
    assert caught.value.details["field"] == field


def test_the_same_sku_twice_in_one_request_is_invalid(session: Session) -> None:
    data = catalog.ProductCreate.model_validate(product_payload(skus=("A-1", "A-1")))
    with pytest.raises(InvalidInput, match="A-1"):
        catalog.create_product(session, data)


def test_update_changes_only_what_is_given_and_can_add_variants(session: Session) -> None:
    product = make_product(session)
    changes = catalog.ProductUpdate.model_validate(
        {"fragile": False, "add_variants": [variant_payload("MUG-RED")]}
    )
    updated = catalog.update_product(session, product.id, changes)
    assert (updated.fragile, updated.title) == (False, "Enamel Mug")
    assert [v.sku for v in updated.variants] == ["MUG-BLUE", "MUG-RED"]
    taken = catalog.ProductUpdate.model_validate({"add_variants": [variant_payload("MUG-RED")]})
    with pytest.raises(AlreadyExists, match="MUG-RED"):
        catalog.update_product(session, product.id, taken)


def test_list_filters_by_category_and_search_and_pages_by_cursor(session: Session) -> None:
    for i in range(5):
        make_product(session, f"mug-{i}", skus=(f"MUG-{i}",))
    make_product(session, "straw-hat", skus=("HAT-1",), category="garden")
    page, cursor = catalog.list_products(session, category="kitchen", limit=3)
    assert [p.handle for p in page] == ["mug-0", "mug-1", "mug-2"]
    rest, end = catalog.list_products(session, category="kitchen", limit=3, cursor=cursor)
    assert [p.handle for p in rest] == ["mug-3", "mug-4"]
    assert end is None
    by_sku, _ = catalog.list_products(session, search="hat-1")
    assert [p.handle for p in by_sku] == ["straw-hat"]


def test_search_wildcards_are_plain_characters(session: Session) -> None:
    make_product(session, "mug-0", skus=("MUG-0",))
    make_product(session, "straw-hat", skus=("HAT-1",), category="garden")
    for wildcard in ("%", "_", "%%", "\\", "m_g", "m%0"):  # each matched every mug before
        found, _ = catalog.list_products(session, search=wildcard)
        assert [p.handle for p in found] == [], wildcard
    found, _ = catalog.list_products(session, search="MUG-")
    assert [p.handle for p in found] == ["mug-0"]


def test_unknown_product_or_sku_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        catalog.get_product(session, 12345)
    with pytest.raises(NotFound, match="NOPE"):
        catalog.get_variant(session, "NOPE")


def test_variant_facts_answer_by_id_and_sku_in_one_call(session: Session) -> None:
    product = make_product(session, skus=("MUG-BLUE", "MUG-RED"))
    blue, red = product.variants
    facts = catalog.variant_facts(session, variant_ids=[blue.id], skus=["MUG-RED"])
    assert sorted(f.sku for f in facts) == ["MUG-BLUE", "MUG-RED"]
    assert {f.variant_id for f in facts} == {blue.id, red.id}

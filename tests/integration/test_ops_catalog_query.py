"""The catalog list's search and filters against SQLite and PostgreSQL: SKU and handle
from their start in either case, an EAN whole, titles by any part; supplier, category,
fragile and status filters; keyset pages in SKU order."""

from __future__ import annotations

from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.web.ui.ops.catalog_query import CatalogFilter, catalog_rows
from opsdesk.web.ui.ops.listing import SortKey, page_of
from tests.factories.catalog import make_product, variant_payload


def _skus(session: Session, cursor: str | None = None, size: int = 50, **where: str) -> list[str]:
    stmt = catalog_rows(CatalogFilter(**where))
    page = page_of(session, stmt, [SortKey(catalog.Variant.sku)], cursor, size=size, scalars=False)
    return [v.sku for v, _p in page.rows]


def _shelf(session: Session) -> None:
    make_product(
        session, "enamel-mug", skus=(), title="Enamel Mug",
        variants=[variant_payload("MUG-BLUE", ean="4006381333931", supplier="Kiln & Co",
                                  lead_time_days=21),
                  variant_payload("MUG-RED", supplier="Kiln & Co")],
    )  # fmt: skip
    make_product(
        session, "linen-tee", skus=(), title="Linen Tee", category="apparel", fragile=False,
        variants=[variant_payload("TEE-RED", supplier="Flax Mill")],
    )  # fmt: skip


def test_search_by_sku_or_handle_prefix_ean_or_title_words(session: Session) -> None:
    _shelf(session)
    assert _skus(session, q="mug") == ["MUG-BLUE", "MUG-RED"]
    assert _skus(session, q="MUG-R") == ["MUG-RED"]
    assert _skus(session, q="linen") == ["TEE-RED"]  # the handle
    assert _skus(session, q="4006381333931") == ["MUG-BLUE"]
    assert _skus(session, q="amel m") == ["MUG-BLUE", "MUG-RED"]  # inside the title
    assert _skus(session, q="RED") == []  # a SKU from its start only
    assert _skus(session, q="_") == []


def test_filters_narrow_by_supplier_category_fragile_and_status(session: Session) -> None:
    _shelf(session)
    catalog.update_variant(session, "MUG-RED", catalog.VariantUpdate(active=False))
    assert _skus(session, supplier="Flax Mill") == ["TEE-RED"]
    assert _skus(session, category="apparel") == ["TEE-RED"]
    assert _skus(session, fragile="yes") == ["MUG-BLUE", "MUG-RED"]
    assert _skus(session, fragile="no") == ["TEE-RED"]
    assert _skus(session, status="inactive") == ["MUG-RED"]
    assert _skus(session, status="active", supplier="Kiln & Co") == ["MUG-BLUE"]


def test_pages_follow_sku_order_without_repeats(session: Session) -> None:
    make_product(session, "bulk", skus=tuple(f"B-{i:03d}" for i in range(7)))
    first = page_of(
        session, catalog_rows(CatalogFilter()), [SortKey(catalog.Variant.sku)], None, size=3,
        scalars=False,
    )  # fmt: skip
    assert [v.sku for v, _ in first.rows] == ["B-000", "B-001", "B-002"]
    rest = _skus(session, first.next_cursor, size=10)
    assert rest == [f"B-{i:03d}" for i in range(3, 7)]


def test_supplier_and_lead_time_are_kept_and_read_back(session: Session) -> None:
    _shelf(session)
    read = catalog.get_variant(session, "MUG-BLUE")
    assert (read.supplier, read.lead_time_days) == ("Kiln & Co", 21)
    cleared = catalog.update_variant(
        session, "MUG-BLUE", catalog.VariantUpdate(supplier="Clay Works", lead_time_days=None)
    )
    assert (cleared.supplier, cleared.lead_time_days) == ("Clay Works", None)
    assert catalog.get_variant(session, "MUG-RED").lead_time_days is None

"""CSV import and export of stock levels and the catalog: a preview that changes nothing,
one error per bad row with its line, an apply that books exactly the preview, and a round
trip that is a no-op."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.catalog import csv_io
from opsdesk.inventory import stock_csv
from opsdesk.inventory.models import StockMovement
from opsdesk.kernel.errors import Conflict, InvalidInput
from tests.factories.catalog import make_product, make_variant
from tests.factories.inventory import make_warehouse, receive_stock, stock_level


@pytest.fixture
def shelves(session: Session) -> dict[str, int]:
    ids = {"MUG-BLUE": make_variant(session, "MUG-BLUE"), "TEE-M": make_variant(session, "TEE-M")}
    ids["HAM"] = make_warehouse(session, "HAM")
    ids["MUC"] = make_warehouse(session, "MUC")
    receive_stock(session, "MUG-BLUE", ids["HAM"], 10)
    receive_stock(session, "TEE-M", ids["MUC"], 3)
    session.commit()
    return ids


def exported(lines: Iterable[str]) -> bytes:
    return "".join(lines).encode()


def test_stock_export_then_import_changes_nothing(
    session: Session, shelves: dict[str, int]
) -> None:
    data = exported(stock_csv.export_stock_lines(session))
    assert data.decode().splitlines() == ["sku,warehouse,on_hand", "MUG-BLUE,HAM,10", "TEE-M,MUC,3"]
    plan = stock_csv.plan_stock_import(session, data)
    assert (plan.changes, plan.errors, plan.unchanged) == ([], [], 2)


def test_stock_preview_lists_changes_and_each_bad_row_then_apply_books_them(
    session: Session, shelves: dict[str, int]
) -> None:
    data = (
        b"sku,warehouse,on_hand\n"
        b"MUG-BLUE,HAM,7\n"  # 2: counted three fewer
        b"NOPE,HAM,1\n"  # 3
        b"TEE-M,MUC,many\n"  # 4
        b"TEE-M,HAM,5\n"  # 5: a new row in Hamburg
        b"MUG-BLUE,HAM,8\n"  # 6: again
        b"TEE-M,BER,1\n"  # 7
    )
    plan = stock_csv.plan_stock_import(session, data)
    assert [(c.line, c.sku, c.warehouse, c.old, c.new) for c in plan.changes] == [
        (2, "MUG-BLUE", "HAM", 10, 7), (5, "TEE-M", "HAM", 0, 5),
    ]  # fmt: skip
    assert [(e.line, e.message) for e in plan.errors] == [
        (3, "unknown SKU NOPE"),
        (4, "on_hand must be a whole number 0 to 1,000,000, not 'many'"),
        (6, "MUG-BLUE in HAM appears again (first on line 2)"),
        (7, "unknown warehouse BER"),
    ]
    assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (10, 0)  # a preview
    stock_csv.apply_stock_import(session, data, previewed=plan.fingerprint, actor="olga")
    assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (7, 0)
    assert stock_level(session, shelves["TEE-M"], shelves["HAM"]) == (5, 0)
    reasons = session.scalars(
        sa.select(StockMovement.reason).where(StockMovement.actor == "olga")
    ).all()
    assert reasons == ["import", "import"]


def test_apply_refuses_a_plan_that_changed_since_the_preview(
    session: Session, shelves: dict[str, int]
) -> None:
    data = b"sku,warehouse,on_hand\nMUG-BLUE,HAM,7\n"
    seen = stock_csv.plan_stock_import(session, data).fingerprint
    receive_stock(session, "MUG-BLUE", shelves["HAM"], 1)  # someone counts meanwhile
    with pytest.raises(Conflict, match="changed since the preview"):
        stock_csv.apply_stock_import(session, data, previewed=seen, actor="olga")
    assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (11, 0)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "the file is empty"),
        (b"sku,where,on_hand\n", "unknown: where; missing: warehouse"),
        (b"sku,warehouse,on_hand\n\xff\xfe,HAM,1\n", "not UTF-8"),
        (b"sku,warehouse,on_hand\n" + b"x" * (5 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(
    session: Session, shelves: dict[str, int], data: bytes, said: str
) -> None:
    with pytest.raises(InvalidInput, match=said):
        stock_csv.plan_stock_import(session, data)


def test_catalog_export_then_import_changes_nothing(session: Session) -> None:
    make_product(session, "enamel-mug", skus=("MUG-BLUE", "MUG-RED"))
    session.commit()
    data = exported(csv_io.export_catalog_lines(session))
    assert (
        data.decode()
        .splitlines()[1]
        .startswith("enamel-mug,Enamel Mug,kitchen,true,reject,MUG-BLUE,")
    )
    plan = csv_io.plan_catalog_import(session, data)
    assert (plan.changes, plan.errors, plan.unchanged) == ([], [], 2)


def test_catalog_import_updates_adds_and_reports_bad_rows(session: Session) -> None:
    make_product(session, "enamel-mug", skus=("MUG-BLUE",))
    session.commit()
    data = (
        b"handle,title,sku,variant_title,price_minor,currency\n"
        b"enamel-mug,Enamel Mug,MUG-BLUE,mug-blue,2490,EUR\n"  # 2: price 1990 → 2490
        b"enamel-mug,Enamel Mug,MUG-RED,red,1990,EUR\n"  # 3: a new variant
        b"linen-tee,Linen Tee,TEE-M,M,2900,EUR\n"  # 4: a new product
        b"linen-tee,Linen Tee,TEE-L,L,-5,EUR\n"  # 5: bad price
        b"Bad Handle,X,CAP-1,,100,EUR\n"  # 6: bad handle
    )
    plan = csv_io.plan_catalog_import(session, data)
    assert [(c.line, c.action, c.key) for c in plan.changes] == [
        (2, "update variant", "MUG-BLUE"), (3, "new variant", "MUG-RED"),
        (4, "new product", "linen-tee"), (4, "new variant", "TEE-M"),
    ]  # fmt: skip
    assert plan.changes[0].described() == ["price_minor: 1990 → 2490"]
    assert [(e.line, e.key) for e in plan.errors] == [(5, "TEE-L"), (6, "CAP-1")]
    assert "price_minor must be a whole number" in plan.errors[0].message
    assert "handle" in plan.errors[1].message
    csv_io.apply_catalog_import(session, data, previewed=plan.fingerprint)
    assert catalog.get_variant(session, "MUG-BLUE").price_minor == 2490
    assert catalog.get_variant(session, "MUG-RED").product_handle == "enamel-mug"
    assert catalog.get_variant(session, "TEE-M").product_title == "Linen Tee"
    again = csv_io.plan_catalog_import(session, data)
    assert [c.key for c in again.changes] == []  # applied: the same file now changes nothing


def test_catalog_csv_carries_moq_and_pack_size_and_refuses_bad_ones_by_line(
    session: Session,
) -> None:
    make_product(session, "enamel-mug", skus=("MUG-BLUE", "MUG-RED"))
    session.commit()
    header = exported(csv_io.export_catalog_lines(session)).decode().splitlines()[0]
    assert ",lead_time_days,moq,pack_size,active" in header
    data = (
        b"handle,sku,moq,pack_size\n"
        b"enamel-mug,MUG-BLUE,24,6\n"  # 2: set both
        b"enamel-mug,MUG-RED,0,\n"  # 3: a zero MOQ
        b"enamel-mug,MUG-GREEN,,-6\n"  # 4: a negative pack
        b"enamel-mug,MUG-PINK,,2.5\n"  # 5: not whole
    )
    plan = csv_io.plan_catalog_import(session, data)
    assert [(c.line, c.key) for c in plan.changes] == [(2, "MUG-BLUE")]
    assert [(e.line, e.key) for e in plan.errors] == [(3, "MUG-RED"), (4, "MUG-GREEN"),
                                                      (5, "MUG-PINK")]  # fmt: skip
    assert all(("moq" in e.message) or ("pack_size" in e.message) for e in plan.errors)
    csv_io.apply_catalog_import(session, data, previewed=plan.fingerprint)
    mug = catalog.get_variant(session, "MUG-BLUE")
    assert (mug.moq, mug.pack_size) == (24, 6)
    again = exported(csv_io.export_catalog_lines(session))
    assert csv_io.plan_catalog_import(session, again).changes == []  # round trip
    cleared = b"handle,sku,moq,pack_size\nenamel-mug,MUG-BLUE,,\n"
    plan = csv_io.plan_catalog_import(session, cleared)
    csv_io.apply_catalog_import(session, cleared, previewed=plan.fingerprint)
    mug = catalog.get_variant(session, "MUG-BLUE")
    assert (mug.moq, mug.pack_size) == (None, None)

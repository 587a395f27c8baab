"""CSV import from the Stock screen over HTTP: upload, a preview with each bad row's line,
apply, a stale preview refused, and the export streamed in the columns the import reads."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from opsdesk.kernel.http import Role
from tests.factories.catalog import make_variant
from tests.factories.inventory import make_warehouse, receive_stock, stock_level
from tests.support.web import log_in

PAGE = "/workspace/stock/import"


@pytest.fixture
def shelves(session_factory: sessionmaker[Session]) -> dict[str, int]:
    with session_factory() as session, session.begin():
        ids = {"MUG-BLUE": make_variant(session, "MUG-BLUE")}
        ids["HAM"] = make_warehouse(session, "HAM")
        receive_stock(session, "MUG-BLUE", ids["HAM"], 10)
    return ids


def upload(client: TestClient, csrf: str, data: bytes, kind: str = "stock") -> str:
    answer = client.post(
        f"{PAGE}/preview", data={"csrf": csrf, "kind": kind},
        files={"file": ("count.csv", data, "text/csv")},
    )  # fmt: skip
    return html.unescape(answer.text)


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} on the page"
    return match.group(1)


def test_a_preview_shows_changes_and_bad_rows_and_apply_books_them(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=PAGE)
    page = upload(client, csrf, b"sku,warehouse,on_hand\nMUG-BLUE,HAM,12\nNOPE,HAM,1\n")
    assert re.search(r'data-testid="bad-line-3">.*unknown SKU NOPE', page)
    assert re.search(r'change-MUG-BLUE-HAM">.*>10<.*>12<.*>\+2<', page)
    assert "Apply 1 changes (skip 1 bad rows)" in page
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (10, 0)
    applied = client.post(f"{PAGE}/apply", data={
        "csrf": csrf, "kind": "stock", "content": hidden(page, "content"),
        "fingerprint": hidden(page, "fingerprint"), "filename": "count.csv",
    })  # fmt: skip
    assert "count.csv: 1 stock changes applied." in applied.text
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (12, 0)


def test_a_stale_preview_is_not_applied_and_a_new_one_is_shown(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=PAGE)
    page = upload(client, csrf, b"sku,warehouse,on_hand\nMUG-BLUE,HAM,12\n")
    with session_factory() as session, session.begin():
        receive_stock(session, "MUG-BLUE", shelves["HAM"], 1)
    stale = client.post(f"{PAGE}/apply", data={
        "csrf": csrf, "kind": "stock", "content": hidden(page, "content"),
        "fingerprint": hidden(page, "fingerprint"), "filename": "count.csv",
    })  # fmt: skip
    assert stale.status_code == 409
    assert 'data-testid="stale"' in stale.text
    assert re.search(r'change-MUG-BLUE-HAM">.*>11<.*>12<', stale.text)
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (11, 0)


def test_an_unreadable_file_is_refused_with_the_reason(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing=PAGE)
    answer = client.post(
        f"{PAGE}/preview", data={"csrf": csrf, "kind": "stock"},
        files={"file": ("count.csv", b"sku;warehouse;on_hand\n", "text/csv")},
    )  # fmt: skip
    assert answer.status_code == 422
    assert "Nothing imported: the header must name the columns" in html.unescape(answer.text)


def test_exports_stream_the_columns_the_import_reads(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.AGENT, landing=PAGE)
    stock = client.get("/workspace/stock/export.csv")
    assert stock.headers["content-type"].startswith("text/csv")
    assert 'filename="stock.csv"' in stock.headers["content-disposition"]
    assert stock.text.splitlines() == ["sku,warehouse,on_hand", "MUG-BLUE,HAM,10"]
    catalog = client.get("/workspace/stock/catalog.csv").text.splitlines()
    assert catalog[0].startswith("handle,title,category,fragile,short_stock_policy,sku,ean")
    assert ",MUG-BLUE," in catalog[1]
    refused = client.post(
        f"{PAGE}/preview", data={"csrf": csrf, "kind": "stock"},
        files={"file": ("count.csv", stock.content, "text/csv")},
    )  # fmt: skip
    assert refused.status_code == 403  # agents read, never import

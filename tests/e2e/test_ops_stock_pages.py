"""The Stock screen over HTTP: who sees what, the filters, adjusting with a reason, and
transfers through their steps, each seen again on the pages."""

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


@pytest.fixture
def shelves(session_factory: sessionmaker[Session]) -> dict[str, int]:
    """Mugs plenty in Hamburg, two tees (low), caps counted out in Munich."""
    with session_factory() as session, session.begin():
        ids = {sku: make_variant(session, sku) for sku in ("MUG-BLUE", "TEE-M", "CAP-RED")}
        ids["HAM"] = make_warehouse(session, "HAM")
        ids["MUC"] = make_warehouse(session, "MUC")
        receive_stock(session, "MUG-BLUE", ids["HAM"], 10)
        receive_stock(session, "TEE-M", ids["HAM"], 2)
        receive_stock(session, "CAP-RED", ids["MUC"], 1)
        receive_stock(session, "CAP-RED", ids["MUC"], -1)
    return ids


def skus_listed(html: str) -> list[str]:
    return re.findall(r'data-testid="stock-([A-Z-]+?)-(?:HAM|MUC)"', html)


def test_filters_find_low_and_out_of_stock_and_search_by_sku(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/stock")
    assert skus_listed(client.get("/workspace/stock").text) == ["CAP-RED", "MUG-BLUE", "TEE-M"]
    assert skus_listed(client.get("/workspace/stock?state=low").text) == ["TEE-M"]
    assert skus_listed(client.get("/workspace/stock?state=out").text) == ["CAP-RED"]
    assert skus_listed(client.get("/workspace/stock?q=MUG").text) == ["MUG-BLUE"]
    only_munich = client.get(f"/workspace/stock?warehouse={shelves['MUC']}").text
    assert skus_listed(only_munich) == ["CAP-RED"]
    nothing = client.get("/workspace/stock?q=ZZZ")
    assert 'data-testid="no-stock"' in nothing.text
    assert "No stock row matches" in nothing.text
    assert client.get("/workspace/stock/sku/NOPE").status_code == 404


def test_an_adjustment_with_a_reason_shows_in_the_ledger_and_the_figures(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/stock")
    form = {"csrf": csrf, "sku": "MUG-BLUE", "warehouse_id": str(shelves["HAM"]),
            "delta": "-3", "reason": "damage", "note": "dropped pallet"}  # fmt: skip
    done = client.post("/workspace/stock/adjust", data=form)
    assert "on hand 10 → 7 (damage: dropped pallet)" in done.text
    assert re.search(r'data-testid="on-hand">7<', done.text)
    ledger = done.text.split('data-testid="ledger"')[1]
    assert "damage: dropped pallet" in ledger.split("</tr>")[1]  # the newest row first
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (7, 0)


@pytest.mark.parametrize(
    ("delta", "reason", "said"),
    [
        ("-30", "damage", "cannot remove 30 of MUG-BLUE: 10 available"),
        ("0", "found", "must be a whole number like 3 or -2, not 0"),
        ("2", "stolen", "reason must be one of"),
        ("2", "other", "say what happened"),
    ],
)
def test_a_refused_adjustment_says_why_and_changes_nothing(
    client: TestClient,
    session_factory: sessionmaker[Session],
    shelves: dict[str, int],
    delta: str,
    reason: str,
    said: str,
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/stock")
    form = {"csrf": csrf, "sku": "MUG-BLUE", "warehouse_id": str(shelves["HAM"]),
            "delta": delta, "reason": reason}  # fmt: skip
    page = client.post("/workspace/stock/adjust", data=form)
    assert said in page.text
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (10, 0)


def test_agents_read_stock_but_get_no_forms_and_cannot_post(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.AGENT, landing="/workspace/stock")
    detail = client.get("/workspace/stock/sku/MUG-BLUE").text
    assert 'data-testid="sku-levels"' in detail
    assert 'data-testid="adjust-form"' not in detail
    assert "reorder_point" not in detail
    assert 'data-testid="transfer-form"' not in client.get("/workspace/stock/transfers").text
    assert 'type="file"' not in client.get("/workspace/stock/import").text
    form = {"csrf": csrf, "sku": "MUG-BLUE", "warehouse_id": str(shelves["HAM"]),
            "delta": "5", "reason": "found"}  # fmt: skip
    assert client.post("/workspace/stock/adjust", data=form).status_code == 403
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (10, 0)


def test_anonymous_visitors_are_sent_to_log_in(client: TestClient) -> None:
    for path in ("/workspace/stock", "/workspace/stock/transfers", "/workspace/stock/import",
                 "/workspace/stock/export.csv"):  # fmt: skip
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login")


def test_a_transfer_is_in_transit_then_received_and_the_pages_say_so(
    client: TestClient, session_factory: sessionmaker[Session], shelves: dict[str, int]
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/stock/transfers")
    drafted = client.post("/workspace/stock/transfers", data={
        "csrf": csrf, "from_warehouse_id": shelves["HAM"], "to_warehouse_id": shelves["MUC"],
        "expected_date": "2026-12-18", "lines": "MUG-BLUE 4\n\nTEE-M, 1",
    })  # fmt: skip
    number = re.search(r"Transfer (TR-\w+) drafted", drafted.text)
    assert number, drafted.text
    path = str(drafted.url.path)
    sent = client.post(f"{path}/dispatch", data={"csrf": csrf})
    assert f"Transfer {number.group(1)} is in transit" in sent.text
    munich = client.get("/workspace/stock/sku/MUG-BLUE").text.split('data-testid="level-MUC"')[1]
    assert f"Transfer {number.group(1)}" in munich.split("</tr>")[0]
    assert "Fri 18 Dec 2026" in munich.split("</tr>")[0]
    again = client.post(f"{path}/dispatch", data={"csrf": csrf})
    assert "Nothing changed: cannot move transfer from in_transit to in_transit" in again.text
    got = client.post(f"{path}/receive", data={"csrf": csrf})
    assert "was received" in got.text
    with session_factory() as session:
        assert stock_level(session, shelves["MUG-BLUE"], shelves["HAM"]) == (6, 0)
        assert stock_level(session, shelves["MUG-BLUE"], shelves["MUC"]) == (4, 0)
    listed = client.get("/workspace/stock/transfers?status=received").text
    assert f'data-testid="transfer-{number.group(1)}"' in listed


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ("MUG-BLUE four", "line 1 of the goods should read 'SKU quantity'"),
        ("NOPE 2", "variant NOPE not found"),
        ("", "list the goods"),
    ],
)
def test_a_bad_transfer_form_says_what_is_wrong(
    client: TestClient,
    session_factory: sessionmaker[Session],
    shelves: dict[str, int],
    lines: str,
    said: str,
) -> None:
    csrf = log_in(client, session_factory, Role.OPERATIONS, landing="/workspace/stock/transfers")
    page = client.post("/workspace/stock/transfers", data={
        "csrf": csrf, "from_warehouse_id": shelves["HAM"], "to_warehouse_id": shelves["MUC"],
        "expected_date": "2026-12-18", "lines": lines,
    })  # fmt: skip
    assert f"No transfer made: {said}" in html.unescape(page.text)
    assert 'data-testid="no-transfers"' in page.text

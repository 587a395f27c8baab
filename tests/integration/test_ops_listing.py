"""Keyset pages over a real table: every row once, in order, whatever the direction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import catalog
from opsdesk.web.ui.ops.listing import SortKey, decode_cursor, encode_cursor, link, page_of
from tests.factories.catalog import make_product


def _walk(session: Session, keys: list[SortKey], size: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = page_of(session, sa.select(catalog.Product), keys, cursor, size=size)
        pages.append([p.handle for p in page.rows])
        assert page.is_first == (cursor is None)
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_pages_walk_every_row_once_in_mixed_directions(session: Session) -> None:
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for i, handle in enumerate(["fig", "apple", "date", "cherry", "banana", "elder", "grape"]):
        product = make_product(session, handle, skus=(f"SKU-{handle}",))
        product.created_at = start + timedelta(hours=i // 2)  # pairs share a timestamp
    session.commit()
    newest_first = [
        SortKey(catalog.Product.created_at, descending=True),
        SortKey(catalog.Product.id),
    ]
    pages = _walk(session, newest_first, 3)
    assert pages == [["grape", "banana", "elder"], ["date", "cherry", "fig"], ["apple"]]
    by_handle = _walk(session, [SortKey(catalog.Product.handle), SortKey(catalog.Product.id)], 4)
    assert by_handle == [["apple", "banana", "cherry", "date"], ["elder", "fig", "grape"]]


def test_a_cursor_that_is_not_ours_starts_again_at_the_first_page() -> None:
    assert decode_cursor(encode_cursor([1, "x"]), 2) == [1, "x"]
    assert decode_cursor(encode_cursor([1, "x"]), 3) is None
    assert decode_cursor("not base64 !!", 2) is None
    assert decode_cursor(encode_cursor([[1], 2]), 2) is None
    assert link("/workspace/orders", {"q": "mug", "status": ""}, cursor="abc") == (
        "/workspace/orders?q=mug&cursor=abc"
    )

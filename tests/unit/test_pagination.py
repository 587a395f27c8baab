from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsdesk.kernel.errors import InvalidInput
from opsdesk.kernel.pagination import decode_cursor, encode_cursor


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=20))))
def test_cursor_round_trips(values: dict[str, object]) -> None:
    assert decode_cursor(encode_cursor(values)) == values


@pytest.mark.parametrize("garbage", ["%%%", "bm90IGpzb24", "WzEsMl0"])
def test_garbage_cursor_is_a_client_error(garbage: str) -> None:
    with pytest.raises(InvalidInput):
        decode_cursor(garbage)

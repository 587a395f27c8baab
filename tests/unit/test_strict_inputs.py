"""Strict input types (``kernel.inputs``) and the webhook nesting measure, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from opsdesk.integrations.http import nesting_depth
from opsdesk.kernel.inputs import IsoDateTime, SaleCurrency

CURRENCY = TypeAdapter(SaleCurrency)
MOMENT = TypeAdapter(IsoDateTime)


@pytest.mark.parametrize(("given", "kept"), [("EUR", "EUR"), ("brl", "BRL"), ("XOF", "XOF")])
def test_currencies_in_circulation_are_taken_in_upper_case(given: str, kept: str) -> None:
    assert CURRENCY.validate_python(given) == kept


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "DEM", "CHE", "ABC", "EU", "EURO"])
def test_no_currency_testing_codes_metals_funds_and_retired_money_are_refused(code: str) -> None:
    with pytest.raises(ValidationError):
        CURRENCY.validate_python(code)


@pytest.mark.parametrize(
    "text", ["2026-12-07T10:00:00Z", "2026-12-07t10:00:00z", "2026-12-07T11:00:00+01:00"]
)
def test_iso_8601_date_times_are_read(text: str) -> None:
    assert MOMENT.validate_python(text) == datetime(2026, 12, 7, 10, tzinfo=UTC)


@pytest.mark.parametrize("value", ["0.5", "1733570000", "-1", " 1e9 ", 0.5, 1733570000, True])
def test_numbers_are_not_read_as_seconds_since_1970(value: object) -> None:
    with pytest.raises(ValidationError, match="not an ISO 8601 date-time"):
        MOMENT.validate_python(value)


def test_nesting_depth_counts_objects_and_arrays_without_recursion() -> None:
    deep: object = []
    for _ in range(10_000):
        deep = [deep]

    assert nesting_depth({"a": [1, {"b": "text"}], "c": 2}) == 3
    assert nesting_depth("text") == 0
    assert nesting_depth(deep) == 10_001

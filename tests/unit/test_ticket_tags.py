"""Ticket tags: what the schema accepts, the normaliser keeps (the API fuzzer found a gap)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from opsdesk.support.schemas import TicketCreate


def _tags(tags: list[str]) -> list[str]:
    body = {"subject": "s", "body": "b", "customer_email": "a@example.com", "tags": tags}
    return TicketCreate.model_validate(body).tags


def test_spaces_collapse_and_case_folds_and_duplicates_go() -> None:
    assert _tags(["  Late   Parcel ", "late parcel", "x\u3000y"]) == ["late parcel", "x y"]


def test_control_characters_the_schema_accepts_are_not_taken_for_spaces() -> None:
    # U+001C-U+001F are not Unicode White_Space, so the schema's \\S accepts them;
    # str.split() would have emptied the tag and refused a schema-valid request.
    assert _tags(["\x1d\x1f"]) == ["\x1d\x1f"]


@pytest.mark.parametrize("tag", ["   ", "\u3000\u2003", "x" * 65])
def test_blank_or_long_tags_are_refused(tag: str) -> None:
    with pytest.raises(ValidationError):
        _tags([tag])

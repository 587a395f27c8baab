"""Confirmations, anger and typed addresses, read without a model."""

from __future__ import annotations

import pytest

from opsdesk.assistant.dialogue import is_no, is_yes, parse_address, read_anger


@pytest.mark.parametrize(
    "text", ["yes", "Yes please!", "ja gerne", "Oui, d'accord", "sí", "Sim, pode", "ok"]
)
def test_short_agreements_are_yes(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)


@pytest.mark.parametrize(
    "text", ["no", "No thanks", "nein", "non", "não, obrigado", "ok, no, wait"]
)
def test_refusals_are_no(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


def test_a_long_message_starting_with_yes_is_not_a_confirmation() -> None:
    assert not is_yes("yes and also could you tell me about the red tee and the blue mug sizes")


def test_anger_needs_more_than_one_mild_sign() -> None:
    assert read_anger("This is RIDICULOUS, worst shop ever!!").is_angry
    assert read_anger("Das ist eine Frechheit, wo ist mein Paket!!").is_angry
    assert not read_anger("Hi! Where is my parcel?").is_angry
    assert not read_anger("terrible weather today, is my parcel late?").is_angry


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lindenstraße 12, 10115 Berlin", ("Lindenstraße 12", "10115", "Berlin", None)),
        ("12 rue des Lilas, 75011 Paris, France", ("12 rue des Lilas", "75011", "Paris", "FR")),
        (
            "Rua Augusta 100\n01305-000 São Paulo",
            ("Rua Augusta 100", "01305-000", "São Paulo", None),
        ),
        ("221B Baker Street, London NW1 6XE", ("221B Baker Street", "NW1 6XE", "London", None)),
    ],
)
def test_typed_addresses_are_read(text: str, expected: tuple[str, str, str, str | None]) -> None:
    address = parse_address(text)
    assert address is not None
    assert (address.line1, address.postal_code, address.city, address.country) == expected


@pytest.mark.parametrize(
    "text", ["Berlin", "somewhere in Hamburg", "10115 Berlin", "Main street, Berlin"]
)
def test_incomplete_addresses_are_refused(text: str) -> None:
    assert parse_address(text) is None

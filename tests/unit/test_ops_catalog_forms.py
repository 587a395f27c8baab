"""Catalog forms as typed in a browser: prices in the currency's main unit, whole numbers,
and every mistake named beside its own field (several at once), never one banner."""

from __future__ import annotations

import pytest

from opsdesk.kernel.errors import AlreadyExists
from opsdesk.web.ui.ops import catalog_forms as forms


def _variant(**changes: str) -> dict[str, str]:
    values = {
        "ean": "", "title": "", "price": "19.90", "currency": "EUR", "weight_g": "350",
        "length_mm": "120", "width_mm": "90", "height_mm": "100", "supplier": "",
        "lead_time_days": "", "active": "on",
    }  # fmt: skip
    return values | changes


def test_prices_are_typed_in_the_main_unit_of_their_currency() -> None:
    assert forms.variant_changes(_variant(price="19.9")).price_minor == 1990
    assert forms.variant_changes(_variant(price="19,90")).price_minor == 1990
    assert forms.variant_changes(_variant(price="1200", currency="JPY")).price_minor == 1200
    assert forms.price_text(1990, "EUR") == "19.90"
    assert forms.price_text(1200, "JPY") == "1200"


def test_every_wrong_field_is_named_with_its_own_reason() -> None:
    typed = _variant(ean="12345", price="1.999", weight_g="heavy", height_mm="")
    with pytest.raises(forms.FormRefused) as refused:
        forms.variant_changes(typed)
    assert refused.value.errors == {
        "ean": "an EAN has 8, 12, 13 or 14 digits",
        "price": "use at most 2 decimals for EUR",
        "weight_g": "'heavy' is not a whole number of grams",
        "height_mm": "enter a whole number",
    }


def test_an_empty_ean_or_lead_time_clears_it_and_a_switch_off_deactivates() -> None:
    changes = forms.variant_changes(_variant(active=""))
    assert (changes.ean, changes.lead_time_days, changes.active) == (None, None, False)
    assert forms.variant_changes(_variant(lead_time_days="14")).lead_time_days == 14
    with pytest.raises(forms.FormRefused) as refused:
        forms.variant_changes(_variant(lead_time_days="400"))
    assert list(refused.value.errors) == ["lead_time_days"]


def test_a_new_products_variant_errors_keep_their_prefixed_names() -> None:
    form = {"handle": "Oak Board", "title": "", "short_stock_policy": "reject",
            "variant_sku": "", "variant_price": "35", "variant_currency": "EUR"}  # fmt: skip
    with pytest.raises(forms.FormRefused) as refused:
        forms.new_product(form)
    assert set(refused.value.errors) == {"handle", "title", "variant_sku"}


def test_a_taken_code_from_the_service_lands_beside_its_field() -> None:
    taken = AlreadyExists("a variant with EAN 4006381333931 exists", details={"field": "ean"})
    assert forms.refusal_of(taken, "title") == {"ean": taken.message}
    racing = AlreadyExists("created concurrently", details={"field": "handle/sku/ean"})
    assert forms.refusal_of(racing, "sku") == {"sku": "created concurrently"}


def test_an_unknown_currency_is_the_one_reason_given() -> None:
    with pytest.raises(forms.FormRefused) as refused:
        forms.new_variant({"sku": "OAK-L", "price": "35", "currency": "XQZ"})
    assert refused.value.errors == {"currency": "a three-letter currency code in use, such as EUR"}


def test_moq_and_pack_size_are_whole_units_from_one_and_empty_means_any() -> None:
    changes = forms.variant_changes(_variant(moq="", pack_size=""))
    assert (changes.moq, changes.pack_size) == (None, None)
    changes = forms.variant_changes(_variant(moq="24", pack_size="6"))
    assert (changes.moq, changes.pack_size) == (24, 6)
    with pytest.raises(forms.FormRefused) as refused:
        forms.variant_changes(_variant(moq="0", pack_size="-6"))
    assert refused.value.errors == {
        "pack_size": "'-6' is not a whole number of units",
        "moq": "a whole number of units, 1 or more; empty for any quantity",
    }
    with pytest.raises(forms.FormRefused) as refused:
        forms.new_variant({"new_sku": "MUG-9", **_prefixed(pack_size="2.5")}, "new_")
    assert refused.value.errors == {"new_pack_size": "'2.5' is not a whole number of units"}


def _prefixed(**changes: str) -> dict[str, str]:
    return {"new_" + k: v for k, v in _variant(**changes).items()}

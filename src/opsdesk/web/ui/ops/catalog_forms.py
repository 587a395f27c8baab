"""Catalog forms: the text a browser posts turned into the catalog's own schemas, with
every mistake kept beside the field it belongs to (not one banner for the whole form),
so the page can be shown again with the typed values and the reasons.

Prices are typed in the currency's main unit (``19.90``) and stored in minor units;
numbers left empty take the schema's default (or "not known" for the lead time)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from babel.numbers import UnknownCurrencyError, get_currency_precision
from pydantic import BaseModel, ValidationError

from opsdesk import catalog
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.web.ui.ops.pages import Errors, FormRefused

M = TypeVar("M", bound=BaseModel)

NUMBER_FIELDS = (
    "weight_g", "length_mm", "width_mm", "height_mm", "lead_time_days", "moq", "pack_size",
)  # fmt: skip
OPTIONAL_NUMBERS = ("lead_time_days", "moq", "pack_size")  # empty = none
VARIANT_TEXT = ("ean", "title", "currency", "supplier")
PRODUCT_TEXT = ("title", "category", "description", "packaging_notes", "short_stock_policy")


def variant_changes(form: Mapping[str, str]) -> catalog.VariantUpdate:
    """A variant edit: every field on the form is set (an empty EAN, lead time, MOQ or pack size clears it)."""
    errors: Errors = {}
    payload: dict[str, Any] = {k: form.get(k, "").strip() for k in VARIANT_TEXT}
    payload["ean"] = payload["ean"] or None
    payload["active"] = form.get("active") == "on"
    payload.update(
        _numbers(form, errors, required=("weight_g", "length_mm", "width_mm", "height_mm"))
    )
    payload.update(_price(form, payload["currency"], errors))
    return _validated(catalog.VariantUpdate, payload, errors)


def new_variant(form: Mapping[str, str], prefix: str = "") -> catalog.VariantCreate:
    """A variant to add; ``prefix`` reads the fields of a variant inside a product form."""
    fields = {k.removeprefix(prefix): v for k, v in form.items() if k.startswith(prefix)}
    errors: Errors = {}
    payload: dict[str, Any] = {k: fields.get(k, "").strip() for k in ("sku", *VARIANT_TEXT)}
    payload["ean"] = payload["ean"] or None
    payload.update(_numbers(fields, errors, required=()))
    payload.update(_price(fields, payload["currency"], errors))
    try:
        return _validated(catalog.VariantCreate, payload, errors)
    except FormRefused as refused:
        raise FormRefused({prefix + k: v for k, v in refused.errors.items()}) from None


def product_changes(form: Mapping[str, str]) -> catalog.ProductUpdate:
    payload: dict[str, Any] = {k: form.get(k, "").strip() for k in PRODUCT_TEXT}
    payload["fragile"] = form.get("fragile") == "on"
    payload["active"] = form.get("active") == "on"
    return _validated(catalog.ProductUpdate, payload, {})


def new_product(form: Mapping[str, str]) -> catalog.ProductCreate:
    """A product with its first variant (fields ``variant_*``); more are added on its page."""
    payload: dict[str, Any] = {k: form.get(k, "").strip() for k in ("handle", *PRODUCT_TEXT)}
    payload["fragile"] = form.get("fragile") == "on"
    errors: Errors = {}
    try:
        payload["variants"] = [new_variant(form, "variant_")]
    except FormRefused as refused:
        errors.update(refused.errors)
        payload["variants"] = []
    try:
        return _validated(catalog.ProductCreate, payload, errors)
    except FormRefused as refused:
        refused.errors.pop("variants", None)
        raise FormRefused(errors | refused.errors) from None


def refusal_of(error: OpsDeskError, fallback: str) -> Errors:
    """A service's refusal (a taken SKU or EAN) beside the field it names."""
    field = str((error.details or {}).get("field") or fallback)
    if "/" in field:
        field = fallback
    return {field: error.message}


def price_text(minor: int, currency: str) -> str:
    """Minor units as the form shows them: ``1990`` EUR is ``19.90``."""
    exponent = _exponent(currency) or 0
    return f"{Decimal(minor).scaleb(-exponent):.{exponent}f}"


def _numbers(form: Mapping[str, str], errors: Errors, required: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    must = set(required)
    for name in NUMBER_FIELDS:
        raw = form.get(name, "").strip()
        if not raw:
            if name in must:
                errors[name] = "enter a whole number"
            elif name in OPTIONAL_NUMBERS:
                values[name] = None
            continue
        if not raw.isdigit():
            errors[name] = f"{raw!r} is not a whole number of {_UNITS[name]}"
            continue
        values[name] = int(raw)
    return values


_UNITS = {
    "weight_g": "grams",
    "length_mm": "millimetres",
    "width_mm": "millimetres",
    "height_mm": "millimetres",
    "lead_time_days": "days",
    "moq": "units",
    "pack_size": "units",
}


def _price(form: Mapping[str, str], currency: str, errors: Errors) -> dict[str, Any]:
    raw = form.get("price", "").strip()
    if not raw:
        errors["price"] = "enter a price, such as 19.90"
        return {}
    exponent = _exponent(currency)
    if exponent is None:
        # The currency field carries the reason (the schema refuses it, so this stand-in
        # is never saved); the price is not reported missing besides.
        return {"price_minor": 0}
    try:
        amount = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        errors["price"] = f"{raw!r} is not an amount such as 19.90"
        return {}
    minor = amount.scaleb(exponent)
    if not amount.is_finite() or minor != minor.to_integral_value():
        errors["price"] = f"use at most {exponent} decimals for {currency.upper()}"
        return {}
    return {"price_minor": int(minor)}


def _exponent(currency: str) -> int | None:
    if len(currency) != 3 or not currency.isalpha():
        return None
    try:
        return int(get_currency_precision(currency.upper()))
    except UnknownCurrencyError:
        return None


def _validated(model: type[M], payload: dict[str, Any], errors: Errors) -> M:
    """The schema's own checks, merged with the conversion errors found before."""
    try:
        result = model.model_validate(payload)
    except ValidationError as invalid:
        for problem in invalid.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "form"
            errors.setdefault(_FIELD_OF.get(field, field), _reason(field, problem["msg"]))
        raise FormRefused(errors) from None
    if errors:
        raise FormRefused(errors)
    return result


_FIELD_OF = {"price_minor": "price"}
_REASONS = {
    "ean": "an EAN has 8, 12, 13 or 14 digits",
    "sku": "letters, digits and . _ - / only, starting with a letter or digit",
    "handle": "lower-case letters, digits and single hyphens, such as enamel-mug",
    "currency": "a three-letter currency code in use, such as EUR",
    "moq": "a whole number of units, 1 or more; empty for any quantity",
    "pack_size": "a whole number of units, 1 or more; empty for single units",
}


def _reason(field: str, message: str) -> str:
    if field in _REASONS:
        return _REASONS[field]
    return message[0].lower() + message[1:] if message else "not valid"


__all__ = [
    "FormRefused",
    "new_product",
    "new_variant",
    "price_text",
    "product_changes",
    "refusal_of",
    "variant_changes",
]

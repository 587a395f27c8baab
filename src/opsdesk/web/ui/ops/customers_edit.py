"""Editing a customer from the Customers screen: name, e-mail, phone, language and the
default address, through the customers module's own services and schemas (the REST API's
checks), with each mistake shown beside its field. Operations staff edit; agents read.

Customers have no timeline of their own (their history is their orders, tickets and
messages), so an edit is not written to one; the page tells who may change what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import customers
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.ops.pages import (
    Errors,
    FormRefused,
    PostedForm,
    Saved,
    form_page,
    found,
    save_form,
    writer,
)

router = APIRouter(include_in_schema=False)
PATH = "/workspace/customers"
PERSON = ("first_name", "last_name", "email", "phone", "locale")
ADDRESS = ("name", "line1", "line2", "postal_code", "city", "region", "country")
LANGUAGES = ("en", "de", "de-AT", "fr", "nl", "es", "it", "pt-BR", "pl", "sv", "da")


@router.get(PATH + "/{customer_id}/edit")
def edit_form(customer_id: int, request: Request, session: DB) -> Response:
    principal = writer(session, request)
    if isinstance(principal, Response):
        return principal
    customer = _customer(request, session, principal, customer_id)
    if isinstance(customer, Response):
        return customer
    return _page(request, principal, customer, current_values(customer), {})


@router.post(PATH + "/{customer_id}/edit")
def save(customer_id: int, request: Request, session: DB, form: PostedForm) -> Response:
    principal = writer(session, request, form.get("csrf", ""))
    if isinstance(principal, Response):
        return principal
    customer = _customer(request, session, principal, customer_id)
    if isinstance(customer, Response):
        return customer

    def change() -> Saved:
        apply_form(session, customer, form)
        return Saved("Customer saved.", f"{PATH}/{customer_id}")

    return save_form(
        request, session, change, lambda errors: _page(request, principal, customer, form, errors)
    )


def _customer(
    request: Request, session: Session, principal: Principal, customer_id: int
) -> customers.Customer | Response:
    return found(
        request, principal, "customer", lambda: session.get(customers.Customer, customer_id)
    )


def apply_form(session: Session, customer: customers.Customer, form: Mapping[str, str]) -> None:
    """Save the person and the default address, or nothing (FormRefused names each bad
    field, checked all at once so the page shows every mistake)."""
    person: dict[str, Any] = {k: form.get(k, "").strip() for k in PERSON}
    person["email"] = person["email"] or None
    address = {k: form.get(k, "").strip() for k in ADDRESS}
    errors: Errors = {}
    changes = _checked(customers.CustomerUpdate, person, errors)
    default = _default_address(customer)
    has_address = default is not None or any(address.values())
    shape: type[BaseModel] = customers.AddressUpdate if default else customers.AddressCreate
    place = _checked(shape, address | {"is_default": True}, errors) if has_address else None
    if errors:
        raise FormRefused(errors)
    try:
        customers.update_customer(session, customer.id, changes)
    except OpsDeskError as error:
        field = str((error.details or {}).get("field") or "email")
        raise FormRefused({field: error.message}) from None
    if place is not None and default is not None:
        customers.update_address(session, customer.id, default.id, place)
    elif place is not None:
        customers.add_address(session, customer.id, place)


def _checked(shape: type[BaseModel], payload: dict[str, Any], errors: Errors) -> Any:
    try:
        return shape.model_validate(payload)
    except ValidationError as invalid:
        for problem in invalid.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "form"
            errors.setdefault(field, _reason(field, problem["msg"]))
        return None


_REASONS = {
    "email": "an e-mail address such as ana@example.com",
    "phone": "digits, spaces and + ( ) . / - only, such as +49 40 1234567",
    "locale": "a language code such as de or pt-BR",
    "country": "a two-letter country code such as DE",
    "line1": "enter the street and number",
    "city": "enter the city",
}


def _reason(field: str, message: str) -> str:
    return _REASONS.get(field) or (message[0].lower() + message[1:] if message else "not valid")


def _default_address(customer: customers.Customer) -> customers.Address | None:
    return next((a for a in customer.addresses if a.is_default), None) or next(
        iter(customer.addresses), None
    )


def current_values(customer: customers.Customer) -> dict[str, str]:
    values = {k: str(getattr(customer, k) or "") for k in PERSON}
    default = _default_address(customer)
    if default is not None:
        values |= {k: str(getattr(default, k) or "") for k in ADDRESS}
    return values


def _page(request: Request, principal: Principal, customer: customers.Customer,
          values: Mapping[str, str], errors: Errors) -> Response:  # fmt: skip
    return form_page(
        request, "ops/customers/edit.html", errors, principal=principal, customer=customer,
        values=values, languages=LANGUAGES, path=f"{PATH}/{customer.id}",
    )  # fmt: skip


__all__ = ["apply_form", "current_values", "router"]

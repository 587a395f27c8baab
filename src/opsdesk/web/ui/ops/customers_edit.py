"""Editing a customer from the Customers screen: name, e-mail, phone, language and the
default address, through the customers module's own services and schemas (the REST API's
checks), with each mistake shown beside its field. Operations staff edit; agents read.

Customers have no timeline of their own (their history is their orders, tickets and
messages), so an edit is not written to one; the page tells who may change what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from opsdesk import customers
from opsdesk.kernel.errors import OpsDeskError
from opsdesk.kernel.http import DB, Principal
from opsdesk.web.ui.access import not_found, staff_for_change, staff_for_page
from opsdesk.web.ui.ops import WRITERS
from opsdesk.web.ui.templating import flash, render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/customers"
Errors = dict[str, str]
PERSON = ("first_name", "last_name", "email", "phone", "locale")
ADDRESS = ("name", "line1", "line2", "postal_code", "city", "region", "country")
LANGUAGES = ("en", "de", "de-AT", "fr", "nl", "es", "it", "pt-BR", "pl", "sv", "da")


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=30)
    return {k: v for k, v in form.items() if isinstance(v, str)}


Form = Annotated[dict[str, str], Depends(_form)]


class FormRefused(Exception):
    def __init__(self, errors: Errors) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@router.get(PATH + "/{customer_id}/edit")
def edit_form(customer_id: int, request: Request, session: DB) -> Response:
    principal = staff_for_page(session, request, *WRITERS)
    if isinstance(principal, Response):
        return principal
    customer = session.get(customers.Customer, customer_id)
    if customer is None:
        return not_found(request, principal, "customer")
    return _page(request, principal, customer, current_values(customer), {})


@router.post(PATH + "/{customer_id}/edit")
def save(customer_id: int, request: Request, session: DB, form: Form) -> Response:
    principal = staff_for_change(session, request, form.get("csrf", ""), *WRITERS)
    if isinstance(principal, Response):
        return principal
    customer = session.get(customers.Customer, customer_id)
    if customer is None:
        return not_found(request, principal, "customer")
    try:
        with session.begin_nested():
            apply_form(session, customer, form)
    except FormRefused as refused:
        return _page(request, principal, customer, form, refused.errors)
    flash(request, "ok", "Customer saved.")
    return RedirectResponse(f"{PATH}/{customer_id}", status_code=303)


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
    return render(
        request, "ops/customers/edit.html", 422 if errors else 200, principal=principal,
        customer=customer, values=values, errors=errors, languages=LANGUAGES,
        path=f"{PATH}/{customer.id}",
    )  # fmt: skip


__all__ = ["apply_form", "current_values", "router"]

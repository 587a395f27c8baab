"""Customer use cases. Services take a session and never commit."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from opsdesk.customers import policy
from opsdesk.customers.models import Address, Customer
from opsdesk.customers.schemas import (
    AddressCreate,
    AddressUpdate,
    CustomerCreate,
    CustomerSummary,
    CustomerUpdate,
)
from opsdesk.kernel import fastsql
from opsdesk.kernel.db import in_params, params_of, utcnow
from opsdesk.kernel.errors import AlreadyExists, InvalidInput, NotFound
from opsdesk.kernel.pagination import decode_cursor, encode_cursor

T = TypeVar("T")
MAX_PAGE = 200


def _checked(rule: Callable[[T], T], value: T, field: str) -> T:
    """Apply a policy rule to input that did not come through a schema (importers)."""
    try:
        return rule(value)
    except ValueError as exc:
        raise InvalidInput(str(exc), details={"field": field}) from exc


def _ensure_unique(session: Session, *, email: str | None, external_ref: str | None) -> None:
    if email is not None and session.scalar(sa.select(Customer.id).where(Customer.email == email)):
        raise AlreadyExists(f"a customer with e-mail {email} exists", details={"field": "email"})
    if external_ref is not None and session.scalar(
        sa.select(Customer.id).where(Customer.external_ref == external_ref)
    ):
        raise AlreadyExists(
            f"a customer with external reference {external_ref} exists",
            details={"field": "external_ref"},
        )


def create_customer(session: Session, data: CustomerCreate) -> Customer:
    _ensure_unique(session, email=data.email, external_ref=data.external_ref)
    customer = Customer(**data.model_dump(exclude={"addresses"}), extra={})
    for index, address in enumerate(data.addresses):
        fields = address.model_dump()
        fields["is_default"] = fields["is_default"] or index == 0
        customer.addresses.append(Address(**fields))
    _keep_one_default(customer.addresses)
    session.add(customer)
    session.flush()
    return customer


def _keep_one_default(addresses: Sequence[Address]) -> None:
    defaults = [a for a in addresses if a.is_default]
    for extra in defaults[:-1]:
        extra.is_default = False


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.scalars(
        sa.select(Customer)
        .where(Customer.id == customer_id)
        .options(selectinload(Customer.addresses))
    ).first()
    if customer is None:
        raise NotFound("customer", customer_id)
    return customer


def update_customer(session: Session, customer_id: int, data: CustomerUpdate) -> Customer:
    customer = get_customer(session, customer_id)
    changes = data.model_dump(exclude_unset=True)
    for field in ("first_name", "last_name", "phone", "locale", "timezone", "tags"):
        if field in changes and changes[field] is None:
            raise InvalidInput(f"{field} cannot be null", details={"field": field})
    if changes.get("email") and changes["email"] != customer.email:
        _ensure_unique(session, email=changes["email"], external_ref=None)
    for field, value in changes.items():
        setattr(customer, field, value)
    session.flush()
    return customer


def list_customers(
    session: Session,
    *,
    email: str | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[Customer], str | None]:
    """Newest first, keyset-paginated on the id."""
    limit = max(1, min(limit, MAX_PAGE))
    query = sa.select(Customer).options(selectinload(Customer.addresses))
    if email:
        query = query.where(Customer.email == _checked(policy.normalise_email, email, "email"))
    if search and search.strip():
        term = " ".join(search.split())
        full_name = Customer.first_name + " " + Customer.last_name
        query = query.where(
            sa.or_(
                full_name.icontains(term, autoescape=True),
                Customer.email.icontains(term, autoescape=True),
            )
        )
    if cursor:
        query = query.where(Customer.id < _cursor_id(cursor))
    rows = list(session.scalars(query.order_by(Customer.id.desc()).limit(limit + 1)))
    if len(rows) <= limit:
        return rows, None
    return rows[:limit], encode_cursor({"id": rows[limit - 1].id})


def _cursor_id(cursor: str) -> int:
    value = decode_cursor(cursor).get("id")
    if not isinstance(value, int):
        raise InvalidInput("malformed cursor", details={"field": "cursor"})
    return value


def find_or_create_by_email(
    session: Session,
    email: str,
    *,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    locale: str = "en",
    timezone: str = "UTC",
    external_ref: str | None = None,
) -> Customer:
    """The customer with this e-mail, created from the given details when new.

    An existing customer is returned unchanged: an order or an import never overwrites
    what the customer or an agent has set. Safe under concurrency: two transactions
    creating the same e-mail at once end with one customer.
    """
    email = _checked(policy.normalise_email, email, "email")
    existing = session.scalars(sa.select(Customer).where(Customer.email == email)).first()
    if existing is not None:
        return existing
    values = _new_customer(email, first_name, last_name, phone, locale, timezone, external_ref)
    created = session.scalars(
        _insert(session).values(**values).on_conflict_do_nothing().returning(Customer)
    ).first()
    if created is not None:
        return created
    return session.scalars(sa.select(Customer).where(_clash(email, external_ref))).one()


@dataclass(frozen=True)
class CustomerContact:
    """What an order keeps of its customer."""

    id: int
    email: str | None
    locale: str


_CONTACT = sa.select(Customer.id, Customer.email, Customer.locale)


def find_or_create_contact(
    session: Session,
    email: str,
    *,
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    locale: str = "en",
    timezone: str = "UTC",
    external_ref: str | None = None,
) -> CustomerContact:
    """:func:`find_or_create_by_email` for order intake: the same rules, only the contact.

    Plain rows instead of a loaded entity keep this hot path to one or two cheap
    statements per order.
    """
    email = _checked(policy.normalise_email, email, "email")
    row = session.execute(_CONTACT.where(Customer.email == email)).first()
    if row is None:
        values = _new_customer(email, first_name, last_name, phone, locale, timezone, external_ref)
        insert = _insert(session).values(**values).on_conflict_do_nothing()
        row = session.execute(insert.returning(*_CONTACT.selected_columns)).first()
    if row is None:
        row = session.execute(_CONTACT.where(_clash(email, external_ref))).one()
    return CustomerContact(id=row.id, email=row.email, locale=row.locale)


def _new_customer(
    email: str,
    first_name: str,
    last_name: str,
    phone: str,
    locale: str,
    timezone: str,
    external_ref: str | None,
) -> dict[str, Any]:
    return {
        "email": email,
        "external_ref": external_ref,
        "first_name": first_name[:120],
        "last_name": last_name[:120],
        "phone": _checked(policy.normalise_phone, phone, "phone"),
        "locale": _checked(policy.normalise_locale, locale, "locale"),
        "timezone": _checked(policy.validate_timezone, timezone, "timezone"),
        "tags": [],
        "extra": {},
        "created_at": utcnow(),
    }


def _clash(email: str, external_ref: str | None) -> sa.ColumnElement[bool]:
    """Who won a concurrent insert: the same e-mail, or the same external reference."""
    if external_ref is None:
        return Customer.email == email
    return sa.or_(Customer.email == email, Customer.external_ref == external_ref)


def _insert(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(Customer)
    return sqlite.insert(Customer)


@functools.cache
def _summaries(count: int) -> fastsql.Statement:
    """Only the columns a summary shows, for ``count`` ids; built once per count.

    Order intake and every order read call this: loading whole customers (addresses,
    tags, notes) or re-rendering an expanding IN list costs more than the query.
    """
    return fastsql.Statement(
        sa.select(
            Customer.id,
            Customer.email,
            Customer.first_name,
            Customer.last_name,
            Customer.locale,
            Customer.timezone,
        ).where(in_params(Customer.id, "id", count))
    )


def customer_summaries(session: Session, ids: Sequence[int]) -> dict[int, CustomerSummary]:
    if not ids:
        return {}
    wanted = sorted(set(ids))
    session.flush()  # read through the executor (ADR 0007): pending changes first
    rows = fastsql.run_mappings(session, _summaries(len(wanted)), params_of("id", wanted))
    return {r["id"]: CustomerSummary.model_validate(r) for r in rows}


_ID_EMAIL_LOCALE = fastsql.Statement(
    sa.select(Customer.id, Customer.email, Customer.locale).where(
        Customer.id == sa.bindparam("customer_id")
    )
)


def customer_contact(session: Session, customer_id: int) -> tuple[int, str | None, str] | None:
    """(id, e-mail, locale) of a customer, or None: what order intake needs, read through
    the hot-path executor (ADR 0007)."""
    rows = fastsql.run(session, _ID_EMAIL_LOCALE, {"customer_id": customer_id})
    if not rows:
        return None
    found_id, email, locale = rows[0]
    return int(found_id), email, str(locale)


def customer_exists(session: Session, customer_id: int) -> bool:
    return session.scalar(sa.select(Customer.id).where(Customer.id == customer_id)) is not None


# Addresses -----------------------------------------------------------------------


def add_address(session: Session, customer_id: int, data: AddressCreate) -> Address:
    customer = get_customer(session, customer_id)
    address = Address(**data.model_dump())
    address.is_default = data.is_default or not customer.addresses
    if address.is_default:
        for other in customer.addresses:
            other.is_default = False
    customer.addresses.append(address)
    session.flush()
    return address


def _owned_address(session: Session, customer_id: int, address_id: int) -> Address:
    address = session.get(Address, address_id)
    if address is None or address.customer_id != customer_id:
        raise NotFound("address", address_id)
    return address


def update_address(
    session: Session, customer_id: int, address_id: int, data: AddressUpdate
) -> Address:
    address = _owned_address(session, customer_id, address_id)
    changes = data.model_dump(exclude_unset=True)
    for field in ("name", "line1", "line2", "city", "region", "postal_code", "country"):
        if field in changes and changes[field] is None:
            raise InvalidInput(f"{field} cannot be null", details={"field": field})
    make_default = changes.pop("is_default", None)
    if make_default is False:
        address.is_default = False
    elif make_default:
        session.execute(
            sa.update(Address)
            .where(Address.customer_id == customer_id, Address.id != address_id)
            .values(is_default=False)
        )
        address.is_default = True
    for field, value in changes.items():
        setattr(address, field, value)
    session.flush()
    return address


def delete_address(session: Session, customer_id: int, address_id: int) -> None:
    address = _owned_address(session, customer_id, address_id)
    address.customer.addresses.remove(address)  # delete-orphan: the row goes at flush
    session.flush()


def list_addresses(session: Session, customer_id: int) -> list[Address]:
    return list(get_customer(session, customer_id).addresses)

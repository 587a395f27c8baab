"""Customers: contact details, locale and time zone, tags, addresses."""

from opsdesk.customers.models import Address, Customer
from opsdesk.customers.schemas import (
    AddressCreate,
    AddressRead,
    AddressUpdate,
    CustomerCreate,
    CustomerRead,
    CustomerSummary,
    CustomerUpdate,
)
from opsdesk.customers.service import (
    CustomerContact,
    add_address,
    create_customer,
    customer_exists,
    customer_summaries,
    delete_address,
    find_or_create_by_email,
    find_or_create_contact,
    get_customer,
    list_addresses,
    list_customers,
    update_address,
    update_customer,
)

__all__ = [
    "Address",
    "AddressCreate",
    "AddressRead",
    "AddressUpdate",
    "Customer",
    "CustomerContact",
    "CustomerCreate",
    "CustomerRead",
    "CustomerSummary",
    "CustomerUpdate",
    "add_address",
    "create_customer",
    "customer_exists",
    "customer_summaries",
    "delete_address",
    "find_or_create_by_email",
    "find_or_create_contact",
    "get_customer",
    "list_addresses",
    "list_customers",
    "update_address",
    "update_customer",
]

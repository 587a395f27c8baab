"""Customers with memorable details."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from opsdesk import customers


def berlin_address(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Ana Lima",
        "line1": "Torstrasse 12",
        "city": "Berlin",
        "region": "BE",
        "postal_code": "10119",
        "country": "DE",
        "latitude": 52.529,
        "longitude": 13.401,
    }
    return values | overrides


def customer_payload(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "email": "ana.lima@example.com",
        "first_name": "Ana",
        "last_name": "Lima",
        "phone": "+49 30 1234567",
        "locale": "pt-BR",
        "timezone": "Europe/Berlin",
        "tags": ["VIP", "wholesale"],
        "addresses": [berlin_address()],
    }
    return values | overrides


def make_customer(session: Session, **overrides: Any) -> customers.Customer:
    data = customers.CustomerCreate.model_validate(customer_payload(**overrides))
    return customers.create_customer(session, data)

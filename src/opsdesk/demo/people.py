"""Customers and their addresses, kept as small integer arrays.

A large store has 200k+ customers; keeping their strings around for a million orders
would cost hundreds of MB. Each customer is a few indexes into the vocabularies of
``reference``, and the strings are rebuilt when an order needs them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import numpy as np

from opsdesk.demo.reference import LOCALES, City, LocaleProfile
from opsdesk.demo.rows import Ids, Rows

PHONE_PREFIX = {"DE": "+49", "AT": "+43", "GB": "+44", "IE": "+353", "FR": "+33", "ES": "+34"}
PHONE_PREFIX["BR"] = "+55"


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: int
    profile: LocaleProfile
    city: City
    first_name: str
    last_name: str
    email: str
    line1: str
    postal_code: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@cache
def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "").replace("'", "")


def _postal(city: City, number: int) -> str:
    if city.country == "GB":
        return f"{city.postal_prefix}{number % 20 + 1} {number % 9 + 1}{chr(65 + number % 26)}"
    if city.country == "IE":
        return f"D{number % 24 + 1:02d}"
    if city.country == "BR":
        return f"{city.postal_prefix}{number % 1000:03d}-{number % 900 + 100:03d}"
    width = 4 if city.country == "AT" else 5
    return f"{city.postal_prefix}{number % 10 ** (width - len(city.postal_prefix)):0{width - len(city.postal_prefix)}d}"


class CustomerPool:
    """``count`` customers drawn over the locales' shares; ids are 1..count."""

    def __init__(self, rng: np.random.Generator, count: int) -> None:
        shares = np.array([p.share for p in LOCALES])
        self.count = count
        self.locale = rng.choice(len(LOCALES), size=count, p=shares / shares.sum())
        self.first = rng.integers(0, 12, size=count)
        self.last = rng.integers(0, 12, size=count)
        self.city = rng.integers(0, 64, size=count)
        self.street = rng.integers(0, 6, size=count)
        self.house = rng.integers(1, 160, size=count)
        self.signup_days = rng.integers(0, 730, size=count)

    def view(self, customer_id: int) -> CustomerView:
        i = customer_id - 1
        profile = LOCALES[self.locale[i]]
        city = profile.cities[self.city[i] % len(profile.cities)]
        first = profile.first_names[self.first[i] % len(profile.first_names)]
        last = profile.last_names[self.last[i] % len(profile.last_names)]
        street = profile.streets[self.street[i]]
        house = int(self.house[i])
        line1 = f"{house} {street}" if profile.house_number_first else f"{street}, {house}"
        if profile.locale == "de":
            line1 = f"{street} {house}"
        email = f"{_ascii(first)}.{_ascii(last)}.{customer_id}@example.com"
        return CustomerView(
            customer_id, profile, city, first, last, email, line1, _postal(city, customer_id)
        )

    def write(self, ids: Ids, rows: Rows, start: int, stop: int, window_start: datetime) -> None:
        """Rows for customers ``start``..``stop - 1`` (1-based ids) and one address each."""
        for customer_id in range(start, stop):
            c = self.view(customer_id)
            assert ids.next("customers") == customer_id
            created = window_start - timedelta(days=int(self.signup_days[customer_id - 1]))
            phone = f"{PHONE_PREFIX[c.city.country]} {customer_id * 7919 % 10**9:09d}"
            tags = ["repeat"] if customer_id % 5 == 0 else []
            rows.add(
                "customers",
                (
                    customer_id, f"demo-{customer_id}", c.email, c.first_name, c.last_name,
                    phone, c.profile.locale, c.city.timezone, tags, {}, created,
                ),
            )  # fmt: skip
            rows.add(
                "addresses",
                (
                    ids.next("addresses"), customer_id, c.name, c.line1, "", c.city.name,
                    c.city.region, c.postal_code, c.city.country, c.city.latitude,
                    c.city.longitude, True,
                ),
            )  # fmt: skip

"""Request and response shapes of the customers API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from opsdesk.customers import policy
from opsdesk.kernel.inputs import Latitude, Longitude, documented_as

# The patterns say in the schema what the policy functions check (so a client's
# generated form refuses what the API would); the policy also normalises.
Email = Annotated[
    str,
    Field(max_length=254, pattern=policy.EMAIL_PATTERN),
    AfterValidator(policy.normalise_email),
]
Phone = Annotated[
    str,
    Field(max_length=40, pattern=r"^\s*(\+?[0-9\s()./-]{3,40})?\s*$"),
    AfterValidator(policy.normalise_phone),
]
LocaleCode = Annotated[
    str,
    Field(max_length=16),
    AfterValidator(policy.normalise_locale),
    documented_as("LocaleCode"),
]
TimeZone = Annotated[
    str,
    Field(max_length=64),
    AfterValidator(policy.validate_timezone),
    documented_as("TimeZoneName"),
]
Tags = Annotated[
    list[Annotated[str, Field(max_length=policy.MAX_TAG_LENGTH)]],
    AfterValidator(policy.normalise_tags),
]
Country = Annotated[
    str, Field(max_length=2, pattern=r"^([A-Za-z]{2})?$"), AfterValidator(policy.normalise_country)
]
Name = Annotated[str, Field(max_length=120)]


class AddressFields(BaseModel):
    name: str = Field(default="", max_length=200)
    line1: str = Field(default="", max_length=200)
    line2: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=120)
    region: str = Field(default="", max_length=64)
    postal_code: str = Field(default="", max_length=16)
    country: Country = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class AddressCreate(AddressFields):
    line1: str = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=120)
    country: Country = Field(min_length=2)
    is_default: bool = False


class AddressUpdate(BaseModel):
    """Only the fields sent are changed."""

    name: str | None = Field(default=None, max_length=200)
    line1: str | None = Field(default=None, min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, min_length=1, max_length=120)
    region: str | None = Field(default=None, max_length=64)
    postal_code: str | None = Field(default=None, max_length=16)
    country: Country | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    is_default: bool | None = None


class AddressRead(AddressFields):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    is_default: bool


class CustomerCreate(BaseModel):
    email: Email | None = None
    external_ref: str | None = Field(default=None, min_length=1, max_length=80)
    first_name: Name = ""
    last_name: Name = ""
    phone: Phone = ""
    locale: LocaleCode = "en"
    timezone: TimeZone = "UTC"
    tags: Tags = Field(default_factory=list)
    addresses: list[AddressCreate] = Field(default_factory=list, max_length=20)


class CustomerUpdate(BaseModel):
    """Only the fields sent are changed; ``email: null`` removes the e-mail."""

    email: Email | None = None
    first_name: Name | None = None
    last_name: Name | None = None
    phone: Phone | None = None
    locale: LocaleCode | None = None
    timezone: TimeZone | None = None
    tags: Tags | None = None


class CustomerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_ref: str | None
    email: str | None
    first_name: str
    last_name: str
    phone: str
    locale: str
    timezone: str
    tags: list[str]
    created_at: datetime
    addresses: list[AddressRead]


class CustomerSummary(BaseModel):
    """What an order or a ticket shows about its customer."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str | None
    first_name: str
    last_name: str
    locale: str
    timezone: str

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from opsdesk.kernel.http import Role


class StaffUserCreate(BaseModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=120)
    role: Role
    password: str | None = Field(default=None, min_length=8, max_length=200)


class StaffUserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: Role
    active: bool
    must_change_password: bool = Field(
        description="Set by a password reset: the user must choose a new password at login."
    )
    created_at: datetime


class PasswordReset(BaseModel):
    temporary_password: str = Field(
        min_length=8, max_length=200, description="Tell the user; they must change it at login."
    )


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    role: Role


class TokenRead(BaseModel):
    """A token as listed: never its secret, only the first characters to recognise it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    role: Role
    user_id: int | None = Field(description="The staff user holding it; null for a service token.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(BaseModel):
    id: int
    name: str
    role: Role
    token: str = Field(description="Shown once; store it now.")


class Me(BaseModel):
    user_id: int | None
    name: str
    role: Role

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
    created_at: datetime


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    role: Role


class TokenCreated(BaseModel):
    id: int
    name: str
    role: Role
    token: str = Field(description="Shown once; store it now.")


class Me(BaseModel):
    user_id: int | None
    name: str
    role: Role

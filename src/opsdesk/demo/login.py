"""The demo's staff login, so a newcomer can sign in to a freshly seeded store."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import staff
from opsdesk.kernel.http import Role

DEMO_ADMIN_EMAIL = "admin@example.com"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str | None  # None: the admin existed already; its password is not known
    token: str


def ensure_demo_login(session: Session) -> DemoLogin:
    """Create the demo admin once (with a fresh random password) and a new API token."""
    user = session.scalar(
        sa.select(staff.StaffUser).where(staff.StaffUser.email == DEMO_ADMIN_EMAIL)
    )
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = staff.create_user(
            session, email=DEMO_ADMIN_EMAIL, name="Demo Admin", role=Role.ADMIN, password=password
        )
    _token, plain = staff.create_token(session, name="demo", role=Role.ADMIN, user_id=user.id)
    return DemoLogin(DEMO_ADMIN_EMAIL, password, plain)

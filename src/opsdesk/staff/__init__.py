"""Staff users, roles and API tokens."""

from opsdesk.staff import accounts, login_guard, sessions
from opsdesk.staff.models import ApiToken, StaffSession, StaffUser
from opsdesk.staff.service import (
    authenticate_password,
    authenticate_request,
    cached_principal,
    create_token,
    create_user,
    resolve_token,
    revoke_token,
)

__all__ = [
    "ApiToken",
    "StaffSession",
    "StaffUser",
    "accounts",
    "authenticate_password",
    "authenticate_request",
    "cached_principal",
    "create_token",
    "create_user",
    "login_guard",
    "resolve_token",
    "revoke_token",
    "sessions",
]

"""Staff users, roles and API tokens."""

from opsdesk.staff.models import ApiToken, StaffUser
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
    "StaffUser",
    "authenticate_password",
    "authenticate_request",
    "cached_principal",
    "create_token",
    "create_user",
    "resolve_token",
    "revoke_token",
]

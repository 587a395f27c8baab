from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from opsdesk.kernel.db import utcnow
from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.staff import accounts, service
from opsdesk.staff.schemas import (
    Me,
    PasswordReset,
    StaffUserCreate,
    StaffUserRead,
    TokenCreate,
    TokenCreated,
    TokenRead,
)

router = APIRouter(tags=["staff"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Anyone = Annotated[Principal, Depends(require())]


@router.get("/me", response_model=Me)
def who_am_i(principal: Anyone) -> Me:
    return Me(user_id=principal.user_id, name=principal.name, role=principal.role)


@router.post("/staff-users", response_model=StaffUserRead, status_code=201)
def create_staff_user(
    body: StaffUserCreate, session: DB, _admin: Admin, response: Response
) -> StaffUserRead:
    user = service.create_user(
        session, email=body.email, name=body.name, role=body.role, password=body.password
    )
    response.headers["Location"] = f"/api/v1/staff-users/{user.id}"
    return StaffUserRead.model_validate(user)


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_api_token(body: TokenCreate, session: DB, _admin: Admin) -> TokenCreated:
    token, plain = service.create_token(session, name=body.name, role=body.role)
    return TokenCreated(id=token.id, name=token.name, role=token.role, token=plain)


@router.get("/staff-users", response_model=list[StaffUserRead])
def list_staff_users(session: DB, _admin: Admin) -> list[StaffUserRead]:
    return [StaffUserRead.model_validate(u) for u in accounts.list_users(session)]


@router.get("/staff-users/{user_id}", response_model=StaffUserRead)
def get_staff_user(user_id: int, session: DB, _admin: Admin) -> StaffUserRead:
    return StaffUserRead.model_validate(accounts.get_user(session, user_id))


@router.post("/staff-users/{user_id}/deactivate", response_model=StaffUserRead)
def deactivate_staff_user(user_id: int, session: DB, admin: Admin) -> StaffUserRead:
    """Lock the account out: its sessions end and its API tokens are revoked at once."""
    user = accounts.deactivate(session, user_id, utcnow(), by=admin.user_id)
    return StaffUserRead.model_validate(user)


@router.post("/staff-users/{user_id}/reactivate", response_model=StaffUserRead)
def reactivate_staff_user(user_id: int, session: DB, _admin: Admin) -> StaffUserRead:
    """Let the account log in again; its old sessions and tokens stay revoked."""
    return StaffUserRead.model_validate(accounts.reactivate(session, user_id))


@router.post("/staff-users/{user_id}/password-reset", response_model=StaffUserRead)
def reset_staff_password(
    user_id: int, body: PasswordReset, session: DB, _admin: Admin
) -> StaffUserRead:
    """Set a temporary password the user must change at login; ends their sessions and
    revokes their tokens."""
    user = accounts.reset_password(session, user_id, body.temporary_password, utcnow())
    return StaffUserRead.model_validate(user)


@router.get("/tokens", response_model=list[TokenRead])
def list_api_tokens(
    session: DB, _admin: Admin, user_id: Annotated[int | None, Query()] = None
) -> list[TokenRead]:
    """Every token (live first, newest first), without secrets; ``user_id`` narrows to one holder."""
    return [TokenRead.model_validate(t) for t in accounts.list_tokens(session, user_id=user_id)]


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_api_token(token_id: int, session: DB, _admin: Admin) -> Response:
    """Revoke a token; it is refused from then on (repeating the call changes nothing)."""
    service.revoke_token(session, token_id)
    return Response(status_code=204)

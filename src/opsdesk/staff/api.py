from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.staff import service
from opsdesk.staff.schemas import Me, StaffUserCreate, StaffUserRead, TokenCreate, TokenCreated

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

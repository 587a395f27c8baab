"""HTTP for the caps per role: everyone on staff reads them, admins change them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path

from opsdesk.kernel.http import DB, Principal, Role, require
from opsdesk.promotions import caps, limits
from opsdesk.promotions.schemas import CapsRead, CapsWrite

router = APIRouter(prefix="/discount-caps", tags=["discount codes"])
Staff = Annotated[Principal, Depends(require())]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
# The roles that have caps (limits.CAPPED_ROLES), spelled out so the API document lists them.
CappedRole = Annotated[
    Literal["agent", "lead", "operations"],
    Path(description="The role whose caps change (admins have none)."),
]


def _read(found: caps.RoleCaps) -> CapsRead:
    c = found.caps
    return CapsRead(
        role=found.role.value, max_percent_bp=c.max_percent_bp,
        max_amount_minor=c.max_amount_minor, currency=c.currency,
        max_redemptions=c.max_redemptions, max_codes_per_day=c.max_codes_per_day,
        changed_by=found.changed_by, changed_at=found.changed_at, note=found.note,
    )  # fmt: skip


@router.get("", response_model=list[CapsRead])
def list_caps(session: DB, _staff: Staff) -> list[CapsRead]:
    """The caps in force for agent, lead and operations (admins have none)."""
    return [_read(found) for found in caps.all_caps(session)]


@router.get("/history", response_model=list[CapsRead])
def cap_changes(session: DB, _staff: Staff) -> list[CapsRead]:
    """Every change of caps, newest first: who, when and why."""
    rows = caps.cap_history(session)
    return [
        _read(caps.RoleCaps(caps.capped_role(r.role), limits.Caps(
            r.max_percent_bp, r.max_amount_minor, r.currency, r.max_redemptions,
            r.max_codes_per_day), r.changed_by, r.changed_at, r.note))
        for r in rows
    ]  # fmt: skip


@router.put("/{role}", response_model=CapsRead)
def set_caps(role: CappedRole, body: CapsWrite, session: DB, principal: Admin) -> CapsRead:
    """Put new caps in force for a role from now on; the change is kept with its note."""
    wanted = limits.Caps(
        body.max_percent_bp, body.max_amount_minor, body.currency, body.max_redemptions,
        body.max_codes_per_day,
    )  # fmt: skip
    found = caps.set_caps(session, role, wanted, actor=principal.actor, note=body.note)
    return _read(found)

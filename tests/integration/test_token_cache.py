"""Bearer tokens resolved recently are recognised without a query, never after revocation."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request

from opsdesk import staff
from opsdesk.kernel.http import Role


def _request(token: str) -> Request:
    headers = [(b"authorization", f"Bearer {token}".encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


def test_a_resolved_token_is_recognised_from_memory(session: Session) -> None:
    _token, plain = staff.create_token(session, name="shop-sync", role=Role.OPERATIONS)
    assert staff.cached_principal(_request(plain)) is None  # never resolved yet

    resolved = staff.resolve_token(session, plain)

    assert resolved is not None
    assert staff.cached_principal(_request(plain)) == resolved
    assert resolved.actor == "operations:shop-sync"


def test_a_revoked_token_is_forgotten_at_once(session: Session) -> None:
    token, plain = staff.create_token(session, name="old-sync", role=Role.ADMIN)
    assert staff.resolve_token(session, plain) is not None

    staff.revoke_token(session, token.id)
    session.flush()

    assert staff.cached_principal(_request(plain)) is None
    assert staff.resolve_token(session, plain) is None


def test_made_up_and_malformed_tokens_are_not_known() -> None:
    assert staff.cached_principal(_request("odk_made-up")) is None
    assert staff.cached_principal(_request("not-a-token")) is None
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": []})
    assert staff.cached_principal(request) is None

"""One error tree with HTTP meaning, rendered by a single handler in the web layer."""

from __future__ import annotations

from typing import Any


class OpsDeskError(Exception):
    """An expected failure: a client can act on ``code`` and ``message``."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class InvalidInput(OpsDeskError):
    status_code = 422
    code = "invalid_input"


class Unauthenticated(OpsDeskError):
    status_code = 401
    code = "unauthenticated"


class Forbidden(OpsDeskError):
    status_code = 403
    code = "forbidden"


class NotFound(OpsDeskError):
    status_code = 404
    code = "not_found"

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!s} not found", details={"kind": kind, "key": str(key)})


class Conflict(OpsDeskError):
    status_code = 409
    code = "conflict"


class AlreadyExists(Conflict):
    code = "already_exists"


class InsufficientStock(Conflict):
    code = "insufficient_stock"


class IllegalTransition(Conflict):
    code = "illegal_transition"

    def __init__(self, kind: str, current: str, target: str, *, reason: str = "") -> None:
        message = f"cannot move {kind} from {current} to {target}"
        if reason:
            message += f": {reason}"
        super().__init__(message, details={"kind": kind, "from": current, "to": target})


class IdempotencyMismatch(Conflict):
    code = "idempotency_key_reused"


class Overloaded(OpsDeskError):
    """More requests than this process can serve in time: come back after ``retry_after``."""

    status_code = 503
    code = "overloaded"

"""Signed, tamper-proof tokens for links that need no login (tracking pages, surveys,
unsubscribe). Each purpose has its own salt, so a token for one cannot open another."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from opsdesk.kernel.errors import Forbidden


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"opsdesk:{purpose}")


def sign(secret: str, purpose: str, payload: Any) -> str:
    return str(_serializer(secret, purpose).dumps(payload))


def verify(secret: str, purpose: str, token: str, *, max_age_seconds: int | None = None) -> Any:
    """The payload of a genuine token; ``Forbidden`` for a forged or expired one."""
    try:
        return _serializer(secret, purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise Forbidden("this link has expired") from exc
    except BadSignature as exc:
        raise Forbidden("this link is not valid") from exc

"""A small Shopify Admin REST client (httpx, pinned API version, access-token header).

Plain httpx rather than the ``ShopifyAPI`` package: that one keeps the shop in global
state, which neither a worker serving one shop per call nor a test's local fake shop
wants. Failures come in two kinds: :class:`ShopifyRetryLater` (timeouts, 429, 5xx; with
the seconds Shopify asked for in ``Retry-After``) and :class:`ShopifyRejected` (any other
4xx: retrying the same request cannot succeed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

TOKEN_HEADER = "X-Shopify-Access-Token"


class ShopifyRetryLater(RuntimeError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ShopifyRejected(ValueError):
    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class ShopConfig:
    domain: str  # example.myshopify.com, or a full http(s):// root (a local fake shop)
    access_token: str
    api_version: str = "2025-10"
    timeout: float = 15.0

    @property
    def root(self) -> str:
        base = self.domain if "://" in self.domain else f"https://{self.domain}"
        return f"{base.rstrip('/')}/admin/api/{self.api_version}"


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


def _reason(response: httpx.Response) -> str:
    """Shopify's own words: ``{"errors": …}`` (a string, a list or a field map)."""
    try:
        errors = response.json().get("errors", response.text)
    except ValueError:
        errors = response.text
    if isinstance(errors, dict):
        errors = "; ".join(f"{key}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                           for key, v in errors.items())  # fmt: skip
    elif isinstance(errors, list):
        errors = "; ".join(map(str, errors))
    return f"Shopify answered {response.status_code}: {str(errors)[:300]}"


class ShopifyClient:
    def __init__(self, config: ShopConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self._client = httpx.Client(
            base_url=config.root,
            headers={TOKEN_HEADER: config.access_token, "Accept": "application/json"},
            timeout=config.timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            response = self._client.request(method, path, json=body)
        except httpx.TransportError as exc:  # timeouts, refused connections
            raise ShopifyRetryLater(f"Shopify did not answer: {exc!r}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise ShopifyRetryLater(_reason(response), _retry_after(response))
        if response.status_code >= 400:
            raise ShopifyRejected(_reason(response), response.status_code)
        return response.json() if response.content else {}

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("POST", path, body)

"""The API documentation pages, Swagger UI at /docs and ReDoc at /redoc, served offline.

FastAPI's own pages load their scripts, styles, favicon and fonts from CDNs and stay blank
without the internet; these load them from ``/static/vendor``, where ``make install``
copies them from the npm packages pinned by ``package-lock.json`` (``scripts/vendor-assets``).
``create_app`` turns FastAPI's pages off (``docs_url=None, redoc_url=None``).

ReDoc's bundle still loads one image from a CDN, whatever its options: the Redocly logo
under the menu. The pages' ``img-src`` policy refuses it (the ``<img>`` then hides itself,
leaving the "API docs by Redocly" link), so opening the docs asks nothing of a third party.

Their Content-Security-Policy is the workspace's (``web.security_headers``) with three
allowances: FastAPI's inline start-up script, admitted by its SHA-256 hash (no
``'unsafe-inline'`` for scripts); inline styles, which ReDoc writes at run time; and
workers from ``blob:``, where ReDoc runs its search index.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"

SWAGGER_JS = "vendor/swagger-ui-bundle.js"
SWAGGER_CSS = "vendor/swagger-ui.css"
REDOC_JS = "vendor/redoc.standalone.js"
FAVICON = "vendor/swagger-ui-favicon.png"

# Images from the app only (data: and blob: are Swagger UI's icons and its rendering of
# image responses); scripts from the app or inline by hash; the pages cannot be framed.
POLICY = (
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

router = APIRouter(include_in_schema=False)


def _root(request: Request) -> str:
    """The path the app is mounted under (behind a proxy), as FastAPI's own pages use it."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def _static(request: Request, path: str) -> str:
    """A same-origin, root-relative URL of a static file: no scheme or host to get wrong."""
    return _root(request) + str(request.app.url_path_for("static", path=path))


def _openapi_url(request: Request) -> str:
    return _root(request) + str(request.app.openapi_url)


def content_security_policy(html: str) -> str:
    """The docs' policy, admitting exactly the inline scripts of ``html`` by their hash."""
    hashes = (
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return "; ".join((*POLICY, " ".join(("script-src 'self'", *hashes))))


def _images_from_the_app(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = content_security_policy(bytes(page.body).decode())
    return page


@router.get(DOCS_URL)
async def swagger_ui(request: Request) -> HTMLResponse:
    app = request.app
    page = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{app.title} - Swagger UI",
        swagger_js_url=_static(request, SWAGGER_JS),
        swagger_css_url=_static(request, SWAGGER_CSS),
        swagger_favicon_url=_static(request, FAVICON),
        oauth2_redirect_url=_root(request) + OAUTH2_REDIRECT_URL,
        init_oauth=app.swagger_ui_init_oauth,
        swagger_ui_parameters=app.swagger_ui_parameters,
    )
    return _images_from_the_app(page)


@router.get(OAUTH2_REDIRECT_URL)
async def swagger_ui_oauth2_redirect() -> HTMLResponse:
    return _images_from_the_app(get_swagger_ui_oauth2_redirect_html())


@router.get(REDOC_URL)
async def redoc(request: Request) -> HTMLResponse:
    page = get_redoc_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=_static(request, REDOC_JS),
        redoc_favicon_url=_static(request, FAVICON),
        with_google_fonts=False,
    )
    return _images_from_the_app(page)

"""The public landing page (the agent workspace arrives with the service desk)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

import opsdesk

router = APIRouter(include_in_schema=False)

FAVICON = Path(__file__).resolve().parent / "static" / "favicon.svg"


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> str:
    settings = request.app.state.settings
    backend = request.app.state.engine.url.get_backend_name()
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpsDesk</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>OpsDesk {escape(opsdesk.__version__)}</h1>
<p>Running <strong>{escape(settings.store_name)}</strong> on {escape(backend)}.</p>
<ul>
<li><a href="/login">Log in to the workspace</a></li>
<li><a href="/docs">API documentation</a> (OpenAPI at <a href="/openapi.json">/openapi.json</a>)</li>
<li><a href="/healthz">Health check</a></li>
</ul>
</body></html>"""


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links: the same SVG as the pages."""
    return FileResponse(
        FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


# /healthz and /readyz: web.health.

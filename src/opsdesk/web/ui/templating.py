from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

import opsdesk
from opsdesk.web.auth import csrf_token

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["version"] = opsdesk.__version__


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("store_name", request.app.state.settings.store_name)
    context["csrf_token"] = csrf_token(request)
    return templates.TemplateResponse(request, name, context, status_code=status_code)

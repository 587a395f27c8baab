from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

import opsdesk
from opsdesk import assistant
from opsdesk.web.auth import csrf_token
from opsdesk.web.ui import action_forms, formatting, labels
from opsdesk.web.ui.ops import listing

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)
templates.env.globals["version"] = opsdesk.__version__
templates.env.filters["duration"] = formatting.duration
templates.env.filters["money"] = formatting.money
templates.env.filters["when"] = formatting.when
templates.env.filters["day"] = formatting.day
templates.env.filters["words"] = formatting.words
templates.env.filters["days_later"] = action_forms.days_later
templates.env.filters["intent_label"] = assistant.intent_label
templates.env.filters["subject_label"] = labels.subject_label
templates.env.filters["trigger_label"] = labels.trigger_label
templates.env.globals["allowed_actions"] = action_forms.allowed_actions
templates.env.globals["action_labels"] = action_forms.LABELS
templates.env.globals["reship_reasons"] = action_forms.RESHIP_REASONS
templates.env.globals["return_reasons"] = action_forms.RETURN_REASONS
templates.env.globals["discount_reasons"] = action_forms.DISCOUNT_REASONS
# The operations section's second row of links: (nav key, path, label).
OPS_NAV_LINKS = (
    ("operations", "/workspace/operations", "Waiting on us"),
    ("stock", "/workspace/stock", "Stock"),
    ("forecast", "/workspace/forecast", "Forecast"),
    ("orders", "/workspace/orders", "Orders"),
    ("purchasing", "/workspace/purchase-orders", "Purchasing"),
    ("replenishment", "/workspace/replenishment", "Replenishment"),
    ("fulfilment", "/workspace/fulfilment", "Fulfilment"),
    ("returns", "/workspace/returns", "Returns"),
    ("catalog", "/workspace/catalog", "Catalog"),
    ("customers", "/workspace/customers", "Customers"),
)
templates.env.globals["ops_nav_links"] = OPS_NAV_LINKS
templates.env.globals["list_link"] = listing.link
templates.env.globals["ops_nav"] = frozenset(key for key, _, _ in OPS_NAV_LINKS)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("store_name", request.app.state.settings.store_name)
    context.setdefault("now", now_of(request))
    context["csrf_token"] = csrf_token(request)
    context["flash"] = request.session.pop("flash", None)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def now_of(request: Request) -> datetime:
    """The app's clock when a test or simulation set one, else the system clock."""
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now().astimezone()


def flash(request: Request, kind: str, text: str) -> None:
    """A one-time message shown on the next page (after a redirect)."""
    request.session["flash"] = {"kind": kind, "text": text}


__all__ = ["flash", "now_of", "render", "templates"]

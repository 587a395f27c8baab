"""Where the ticket page's time goes: CPU and wall time of each part, per page.

    .venv/bin/python bench/ticket_page_cpu.py --url postgresql+psycopg://…/db [--pages 100]

For random tickets of a seeded store, in one thread: ``support.read_ticket`` (ticket,
conversation, SLA clocks), the customer panel (``ticket_data.panel_for``), the agent
and macro pickers, and rendering ``workspace/ticket.html``. CPU time
(``time.thread_time``) is what decides the page's latency when the cores are shared;
wall time adds the database and waiting for a core. Two passes; the second is printed.
``--baseline-filters`` alternates each pass with one more that renders with the template
filters ``when`` and ``money`` as they were before issue #17's second pass (Markup.format,
strftime, Babel parsing its locale on every call), so both share the host's load.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, get_currency_precision
from jinja2 import pass_context
from markupsafe import Markup
from starlette.requests import Request

sys.path.insert(0, str(Path(__file__).resolve().parent))

from opsdesk import support
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.kernel.db import make_engine
from opsdesk.registry import session_factory
from opsdesk.web.ui import ticket_data
from opsdesk.web.ui.templating import templates
from opsdesk.web.ui.timers import clock_timer
from workspace import sample_paths


@pass_context
def _when_before(context: Any, value: datetime | None) -> Markup | str:
    if value is None:
        return "—"
    request = context.get("request")
    settings = getattr(getattr(request, "app", None), "state", None)
    name = getattr(getattr(settings, "settings", None), "default_timezone", "UTC")
    local = value.astimezone(ZoneInfo(name))
    return Markup('<time datetime="{}" data-store-clock>{}</time>').format(
        value.astimezone(UTC).isoformat(), f"{local:%a %d %b %H:%M} {local.tzname()}"
    )


def _money_before(minor: int, currency: str) -> str:
    amount = minor / 10 ** get_currency_precision(currency)
    return str(format_currency(amount, currency, locale="en_GB"))


BASELINE_FILTERS = {"when": _when_before, "money": _money_before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--baseline-filters", action="store_true")
    args = parser.parse_args()
    if args.baseline_filters:
        current = {k: templates.env.filters[k] for k in ("when", "money")}
        for label, filters in (("current", current), ("baseline", BASELINE_FILTERS)) * 2:
            templates.env.filters.update(filters)
            print(f"\n-- filters: {label} (load {os.getloadavg()[0]:.2f})")
            run(args)
        return
    run(args)


def run(args: argparse.Namespace) -> None:
    engine = make_engine(args.url, pool_size=2)
    app = create_app(Settings(database_url=args.url), engine=engine)
    _inbox, paths = sample_paths(engine, args.pages, 7)
    ids = [int(p.rsplit("/", 1)[1]) for p in paths]
    factory, now = session_factory(engine), datetime.now(UTC)
    scope = {"type": "http", "app": app, "session": {}, "path": "/", "headers": [],
             "query_string": b"", "method": "GET", "router": app.router}  # fmt: skip
    request = Request(scope)
    spent: dict[str, list[tuple[float, float]]] = defaultdict(list)

    def timed(name: str, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.thread_time(), time.perf_counter()
        result = work(*args, **kwargs)
        spent[name].append(((time.thread_time() - cpu) * 1e3, (time.perf_counter() - wall) * 1e3))
        return result

    for _round in range(2):
        spent.clear()
        for ticket_id in ids:
            with factory() as s:
                ticket = timed("read_ticket", support.read_ticket, s, ticket_id, now=now)
                panel = timed("panel", ticket_data.panel_for, s, ticket, now)
                agents = timed("agents", ticket_data.assignable_agents, s)
                macros = timed("macros", support.list_macros, s, team_id=ticket.team_id)
                page = ticket_data.TicketPage(
                    ticket, clock_timer(ticket.sla.first_response, now),
                    clock_timer(ticket.sla.resolution, now), panel, agents,
                    [(m.id, m.name) for m in macros],
                )  # fmt: skip
                template = templates.get_template("workspace/ticket.html")
                timed("render", template.render,
                      request=request, principal=None, page=page, ticket=ticket, panel=panel,
                      status_labels={}, priorities=list(support.sla.Priority), problem=None,
                      text="", store_name="bench", now=now, csrf_token="x", flash=None)  # fmt: skip
    print(f"{len(ids)} ticket pages, ms per page (second pass)")
    print(f"{'part':12s} {'CPU p50':>8s} {'CPU p95':>8s} {'wall p50':>9s} {'wall p95':>9s}")
    for name, values in spent.items():
        cpu = sorted(v[0] for v in values)
        wall = sorted(v[1] for v in values)
        p50, p95 = len(cpu) // 2, int(len(cpu) * 0.95)
        print(f"{name:12s} {cpu[p50]:8.2f} {cpu[p95]:8.2f} {wall[p50]:9.2f} {wall[p95]:9.2f}")


if __name__ == "__main__":
    main()

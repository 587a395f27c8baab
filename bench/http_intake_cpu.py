"""CPU per order of ``POST /api/v1/orders`` through the whole ASGI app, against the service.

    .venv/bin/python bench/http_intake_cpu.py [--orders 600] [--rounds 3] \
        [--profile] [--sort tottime] [--limit 40]

One process, one client, orders placed back to back on a scratch PostgreSQL ``tiny``
store (as ``order_intake.py`` prepares it). Each round places ``--orders`` orders
through ``orders.place_order`` in its own transaction (the service layer), then as many
through the app: a raw ASGI call with a JSON body and a bearer token, so everything a
request costs in the web process — middleware, routing, authentication, validation,
the idempotency check, intake, the 201 body, the commit — is counted, and nothing of an
HTTP client or server. CPU time (``time.process_time``) is this process's, so the ratio
service ÷ HTTP is what one web process can reach of the service layer's throughput when
the cores are the bottleneck; it barely moves with the neighbours' load. ``--profile``
wraps one more HTTP round in cProfile (CPU time) and prints the top functions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent))


from _common import admin_token, scratch_database
from opsdesk import orders
from opsdesk.app import create_app
from opsdesk.config import Settings
from opsdesk.registry import session_factory
from order_intake import order_payloads, prepare_store

WARMUP = 50


class AsgiClient:
    """Drives an app's lifespan and requests in one event loop, without sockets."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.loop = uvloop.new_event_loop()  # as under ``opsdesk serve``
        self.headers = [
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
        ]
        self._lifespan: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._started = asyncio.Event()
        self.loop.run_until_complete(self._start())

    async def _start(self) -> None:
        async def receive() -> dict[str, Any]:
            return await self._lifespan.get()

        async def send(message: dict[str, Any]) -> None:
            if message["type"].startswith("lifespan.startup"):
                self._started.set()

        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        self._task = asyncio.ensure_future(self.app(scope, receive, send))
        await self._lifespan.put({"type": "lifespan.startup"})
        await self._started.wait()

    def post_many(self, path: str, bodies: Callable[[], dict[str, Any]], count: int) -> float:
        """CPU ms per request for ``count`` POSTs, all inside one task: as under a server,
        the thread pool's workers live as long as that task (anyio stops them with it)."""

        async def run() -> float:
            started = time.process_time()
            for _ in range(count):
                await self._post(path, json.dumps(bodies()).encode(), 201)
            return (time.process_time() - started) * 1e3 / count

        return self.loop.run_until_complete(run())

    async def _post(self, path: str, payload: bytes, expect: int) -> bytes:
        headers = [*self.headers, (b"content-length", str(len(payload)).encode())]
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": b"", "root_path": "", "headers": headers,
            "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80), "state": {},
        }  # fmt: skip
        sent = False
        status, chunks = 0, []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": payload, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        data = b"".join(chunks)
        if status != expect:
            raise RuntimeError(f"POST {path}: {status} {data[:300]!r}")
        return data

    def close(self) -> None:
        async def stop() -> None:
            await self._lifespan.put({"type": "lifespan.shutdown"})
            await self._task

        self.loop.run_until_complete(stop())
        self.loop.close()


def cpu_ms_per_call(call: Callable[[], Any], count: int) -> float:
    started = time.process_time()
    for _ in range(count):
        call()
    return (time.process_time() - started) * 1e3 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument(
        "--spin", type=int, default=0, help="then N more HTTP orders, for an outside profiler"
    )
    args = parser.parse_args()
    with scratch_database("postgresql", f"h5_http_cpu_{os.getpid()}") as engine:
        skus = prepare_store(engine)
        factory = session_factory(engine)
        service_bodies, http_bodies = order_payloads(skus, 11), order_payloads(skus, 12)

        def service() -> None:
            data = orders.OrderCreate.model_validate(service_bodies())
            with factory() as session, session.begin():
                orders.place_order(session, data, actor="bench:service")

        url = engine.url.render_as_string(hide_password=False)
        app = create_app(Settings(database_url=url, database_pool_size=5))
        client = AsgiClient(app, admin_token(engine))

        def http(count: int, path: str = "/api/v1/orders") -> float:
            return client.post_many(path, http_bodies, count)

        cpu_ms_per_call(service, WARMUP), http(WARMUP)
        rows = []
        for number in range(1, args.rounds + 1):
            s, h = cpu_ms_per_call(service, args.orders), http(args.orders)
            rows.append((s, h))
            load = os.getloadavg()[0]
            print(f"round {number}: service {s:.2f} ms, HTTP {h:.2f} ms CPU per order, "
                  f"service ÷ HTTP {s / h:.2f} (load {load:.2f})")  # fmt: skip
        s_med = statistics.median(r[0] for r in rows)
        h_med = statistics.median(r[1] for r in rows)
        print(f"median: service {s_med:.2f} ms, HTTP {h_med:.2f} ms, ratio {s_med / h_med:.2f}")
        if args.profile:
            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(http, args.orders)
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)
        if args.spin:
            print(f"spinning: pid {os.getpid()}, {args.spin} HTTP orders", flush=True)
            http(args.spin)
        client.close()


if __name__ == "__main__":
    main()

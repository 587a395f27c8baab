"""Concurrent, duration-bounded load: many client sessions spread over processes.

One client is one database session (or HTTP connection) placing work back to back.
Clients run as threads inside ``processes`` worker processes, so Python's GIL limits
neither the service path nor the raw ceiling; every process builds its own engine after
it starts (nothing is inherited across ``spawn``), then freezes its start-up heap as
OpsDesk's own processes do (``kernel.heap.settle``). All clients start together, run a
warm-up whose results are discarded, then a measured window of fixed length;
throughput is what completed inside the window divided by its length.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from opsdesk.kernel import heap

# A client factory runs in the worker process: (url, client index) -> (place, close).
# ``place()`` does one unit of work and raises on failure.
ClientFactory = Callable[[str, int], tuple[Callable[[], None], Callable[[], None]]]


@dataclass(frozen=True)
class LoadPlan:
    clients: int
    processes: int
    warmup: float
    seconds: float

    def clients_of(self, process: int) -> list[int]:
        return list(range(process, self.clients, self.processes))


@dataclass
class LoadOutcome:
    latencies: list[float]
    seconds: float
    failures: int
    errors: list[str]
    client_cpu: float = 0.0  # the clients' processes' CPU seconds inside the window


def run_load(
    factory: ClientFactory,
    url: str,
    plan: LoadPlan,
    on_window: Callable[[str], None] | None = None,
) -> LoadOutcome:
    """Run ``factory``'s clients under ``plan``; raises if any worker process fails.

    ``on_window("start")`` and ``on_window("end")`` are called (from this process, by the
    clock) when the measured window opens and closes: to read a server's CPU, say."""
    context = mp.get_context("spawn")
    processes = min(plan.processes, plan.clients)
    ready = context.Barrier(processes + 1)
    results: Any = context.Queue()
    workers = [
        context.Process(
            target=_worker,
            args=(factory, url, plan, p, processes, ready, results),
            daemon=True,
        )
        for p in range(processes)
    ]
    for worker in workers:
        worker.start()
    ready.wait(timeout=180)  # every client connected and warmed its imports
    if on_window is not None:
        _call_at_window(on_window, time.perf_counter(), plan)
    latencies: list[float] = []
    failures, errors, cpu = 0, [], 0.0
    for _ in workers:
        part = results.get(timeout=plan.warmup + plan.seconds + 300)
        latencies += part["latencies"]
        failures += part["failures"]
        errors += part["errors"]
        cpu += part["cpu"]
    for worker in workers:
        worker.join(timeout=30)
    if errors and not latencies:
        raise RuntimeError("every client failed:\n" + "\n".join(errors[:3]))
    return LoadOutcome(latencies, plan.seconds, failures, errors, cpu)


def _call_at_window(on_window: Callable[[str], None], start: float, plan: LoadPlan) -> None:
    time.sleep(max(0.0, start + plan.warmup - time.perf_counter()))
    on_window("start")
    time.sleep(max(0.0, start + plan.warmup + plan.seconds - time.perf_counter()))
    on_window("end")


def _worker(
    factory: ClientFactory,
    url: str,
    plan: LoadPlan,
    process: int,
    processes: int,
    ready: Any,
    results: Any,
) -> None:
    mine = list(range(process, plan.clients, processes))
    clients = []
    errors: list[str] = []
    try:
        clients = [factory(url, index) for index in mine]
    except Exception:
        errors.append(traceback.format_exc())
    heap.settle()  # as `opsdesk serve` and `opsdesk worker` do once started (ADR 0008)
    ready.wait(timeout=180)
    start = time.perf_counter()
    window = (start + plan.warmup, start + plan.warmup + plan.seconds)
    collected: list[tuple[list[float], int, list[str]]] = []
    threads = [
        threading.Thread(target=_client_loop, args=(place, window, collected))
        for place, _close in clients
    ]
    for thread in threads:
        thread.start()
    cpu = _cpu_at(window[0])
    for thread in threads:
        thread.join()
    cpu = time.process_time() - cpu  # to the last client's end: a little past the window
    for _place, close in clients:
        close()
    latencies = [x for part in collected for x in part[0]]
    failures = sum(part[1] for part in collected)
    errors += [e for part in collected for e in part[2]]
    results.put({"latencies": latencies, "failures": failures, "errors": errors[:5], "cpu": cpu})


def _cpu_at(moment: float) -> float:
    """This process's CPU time once the clock reaches ``moment``."""
    time.sleep(max(0.0, moment - time.perf_counter()))
    return time.process_time()


def _client_loop(
    place: Callable[[], None],
    window: tuple[float, float],
    collected: list[tuple[list[float], int, list[str]]],
) -> None:
    begin, end = window
    latencies: list[float] = []
    failures = 0
    errors: list[str] = []
    while True:
        started = time.perf_counter()
        if started >= end:
            break
        try:
            place()
        except Exception:
            failures += 1
            if len(errors) < 3:
                errors.append(traceback.format_exc(limit=6))
            continue
        finished = time.perf_counter()
        if started >= begin and finished <= end:
            latencies.append(finished - started)
    collected.append((latencies, failures, errors))  # list.append is atomic under the GIL

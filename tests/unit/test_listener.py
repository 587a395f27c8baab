"""The multi-process listener: connections it accepts have Nagle's algorithm off."""

from __future__ import annotations

import socket

import pytest
import uvicorn

from opsdesk.cli import listener
from opsdesk.cli.listener import tcp_listener


def test_connections_accepted_by_the_listener_have_tcp_nodelay() -> None:
    server = tcp_listener("127.0.0.1", 0)
    server.listen(1)
    client = socket.create_connection(server.getsockname())
    try:
        accepted, _ = server.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            assert accepted.proto == socket.IPPROTO_TCP  # so asyncio sets it too
    finally:
        client.close()
        server.close()


def test_uvicorns_own_socket_would_leave_nagle_on() -> None:
    """Why the listener exists: a protocol-0 socket's connections keep Nagle on, and
    asyncio skips them (it checks ``proto == IPPROTO_TCP``)."""
    server = socket.socket(socket.AF_INET)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname())
    try:
        accepted, _ = server.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            assert accepted.proto == 0
    finally:
        client.close()
        server.close()


class _RecordingSupervisor:
    """Stands in for uvicorn's Multiprocess: records what it was given, runs nothing."""

    seen: list[tuple[int, bool]] = []

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.config, self.sockets = config, sockets

    def run(self) -> None:
        nodelay = self.sockets[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        self.seen.append((self.config.timeout_worker_healthcheck, nodelay))


def test_workers_get_time_to_start_on_a_busy_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn kills a worker that does not answer its ping within 5 s; at load 10-17 a
    spawned worker took longer than that to start, and was killed in a loop."""
    monkeypatch.setattr(listener, "Multiprocess", _RecordingSupervisor)
    config = uvicorn.Config("opsdesk.cli.server:web_app", factory=True, workers=2, port=0)
    assert config.timeout_worker_healthcheck == 5  # uvicorn's default, too short
    listener.serve_processes(config)
    assert _RecordingSupervisor.seen == [(listener.HEALTHCHECK_SECONDS, True)]
    assert listener.HEALTHCHECK_SECONDS >= 30

"""The multi-process listener: connections it accepts have Nagle's algorithm off."""

from __future__ import annotations

import socket

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

"""The shared listening socket of ``opsdesk serve --workers N``.

uvicorn binds that socket as ``socket.socket(family)``, whose protocol number is 0, and
asyncio turns Nagle's algorithm off (TCP_NODELAY) only for sockets that say IPPROTO_TCP.
Every connection accepted by the workers then kept Nagle on, and a keep-alive client
waited for the peer's delayed ACK (~40 ms) between responses: two processes answered
slower than one (issue #17). Here the socket is made as a TCP socket with TCP_NODELAY set;
Linux copies the option to every accepted connection, and asyncio sets it again.

uvicorn's supervisor also pings each worker and kills one that does not answer within
``timeout_worker_healthcheck`` (5 s by default) as hung. A worker answers only once its
interpreter has started and imported what the spawned process needs; on a busy host
(load 10 on 2 cores) that took longer than 5 s, so every worker was killed and restarted
in a loop and ``serve --workers 2`` never answered. The workers get ``HEALTHCHECK_SECONDS``."""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

# How long a worker may take to answer the supervisor's ping before it counts as hung.
HEALTHCHECK_SECONDS = 60


def tcp_listener(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve_processes(config: uvicorn.Config) -> None:
    """Run ``config.workers`` processes of the app on one TCP_NODELAY listener."""
    config.timeout_worker_healthcheck = max(config.timeout_worker_healthcheck, HEALTHCHECK_SECONDS)
    sock = tcp_listener(config.host, config.port)
    try:
        Multiprocess(config, sockets=[sock]).run()
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()

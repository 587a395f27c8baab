"""X-Forwarded-For counts only from configured proxies (#15): otherwise a client on the
proxy's own address (loopback, here) could pick a new address per guess and never meet
the tracking lookup's limit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx

from opsdesk.tracking import guard
from tests.e2e.test_cli import run_cli
from tests.e2e.test_serve_workers import opsdesk_serving

# The lookup allows this many checks an hour per client (each guess names another order,
# so only the per-client limit can stop them), then refuses.
PER_CLIENT_HOUR = guard.PER_CLIENT[0].most
GUESSES = PER_CLIENT_HOUR + 4


def _guess_with_new_addresses(base: str) -> list[int]:
    codes = []
    for n in range(GUESSES):
        response = httpx.post(
            f"{base}/track",
            data={"number": f"OD-{n}", "contact": "10115"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
            timeout=10,
        )
        codes.append(response.status_code)
    return codes


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "OPSDESK_DATA_DIR": str(tmp_path), **extra}
    env.pop("OPSDESK_DATABASE_URL", None)
    return env


def test_a_spoofed_forwarded_address_does_not_escape_the_limit(tmp_path: Path) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    with opsdesk_serving("serve", env=_env(tmp_path), up="/track") as served:
        codes = _guess_with_new_addresses(served.base)
    assert codes[:PER_CLIENT_HOUR] == [200] * PER_CLIENT_HOUR
    assert set(codes[PER_CLIENT_HOUR:]) == {429}


def test_behind_a_configured_proxy_each_forwarded_client_has_its_own_limit(
    tmp_path: Path,
) -> None:
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    env = _env(tmp_path, OPSDESK_TRUSTED_PROXIES="127.0.0.1")
    with opsdesk_serving("serve", env=env, up="/track") as served:
        codes = _guess_with_new_addresses(served.base)
    assert codes == [200] * GUESSES


def test_the_served_access_log_never_holds_a_tracking_token(tmp_path: Path) -> None:
    token = "eyJvIjo0Mn0.Z3xYkQ.secret-part-of-the-link"
    assert run_cli("migrate", data_dir=tmp_path).returncode == 0
    with opsdesk_serving("serve", env=_env(tmp_path), up="/track") as served:
        opened = httpx.get(f"{served.base}/t/{token}?lang=de", timeout=10)
    assert opened.status_code == 403  # a forged link; what matters is the log
    access = [
        entry
        for entry in (
            json.loads(line) for line in served.output.splitlines() if line.startswith("{")
        )
        if entry.get("logger") == "uvicorn.access"
    ]
    # the readiness probe of ``opsdesk_serving`` first, then the link
    assert [(e["method"], e["path"], e["status"]) for e in access][-1] == (
        "GET",
        "/t/eyJvIj…[redacted]?lang=de",
        403,
    )
    assert "secret-part-of-the-link" not in served.output

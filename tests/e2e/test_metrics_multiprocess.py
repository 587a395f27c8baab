"""``serve --workers 2``: one scrape sums both processes; logs are JSON with request ids."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine

from tests.e2e.test_serve_workers import opsdesk_serving

TOKEN = "multiprocess-scrape-token-0123456789"


def healthz_count(base: str) -> float:
    answer = httpx.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            if sample.name == "opsdesk_http_requests_total" and sample.labels == {
                "method": "GET", "route": "/healthz", "status": "200"
            }:  # fmt: skip
                return sample.value
    return 0.0


@pytest.mark.slow
def test_one_scrape_sums_the_requests_of_both_web_processes(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    stale = tmp_path / "metrics"
    stale.mkdir()
    (stale / "counter_999999.db").write_bytes(b"left by an earlier run")
    env = {**os.environ, "OPSDESK_DATABASE_URL": postgres_engine.url.render_as_string(hide_password=False),
           "OPSDESK_DATA_DIR": str(tmp_path), "OPSDESK_METRICS_TOKEN": TOKEN,
           "OPSDESK_LOG_FORMAT": "json"}  # fmt: skip
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with opsdesk_serving("serve", "--workers", "2", env=env, up="/healthz") as served:
        before = healthz_count(served.base)
        for n in range(40):  # a new connection each: both processes get some
            answer = httpx.get(
                f"{served.base}/healthz", headers={"X-Request-ID": f"probe-{n:04d}-x"}
            )
            assert answer.headers["x-request-id"] == f"probe-{n:04d}-x"
        counted = [healthz_count(served.base) - before for _ in range(4)]
        writers = {p.name.rsplit("_", 1)[1] for p in stale.glob("counter_*.db")}
    assert counted == [40.0] * 4
    assert "999999.db" not in writers
    assert len(writers) == 2
    access = [json.loads(line) for line in served.output.splitlines() if '"probe-0007-x"' in line]
    assert access
    assert access[0]["path"] == "/healthz"
    assert access[0]["status"] == 200

"""The alert rules in docs/observability.md parse and name only metrics OpsDesk exports."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
import yaml  # type: ignore[import-untyped]  # PyYAML comes with dask (fugue[dask])

from opsdesk.kernel.events import OutboxEvent
from opsdesk.kernel.metrics import metrics
from opsdesk.web.metrics_route import OutboxCollector

DOC = Path(__file__).resolve().parents[2] / "docs" / "observability.md"
SUFFIXES = ("", "_total", "_bucket", "_sum", "_count", "_created")


def exported_names() -> set[str]:
    engine = sa.create_engine("sqlite://")
    OutboxEvent.metadata.create_all(
        engine, tables=[sa.Table(OutboxEvent.__tablename__, OutboxEvent.metadata)]
    )
    families = [*metrics().registry.collect(), *OutboxCollector(engine).collect()]
    engine.dispose()
    return {f.name + suffix for f in families for suffix in SUFFIXES}


def alert_rules() -> list[dict[str, object]]:
    blocks = re.findall(r"```yaml\n(groups:.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) == 1, "one block of alert rules expected"
    (group,) = yaml.safe_load(blocks[0])["groups"]
    rules: list[dict[str, object]] = group["rules"]
    return rules


def test_every_alert_names_existing_metrics_and_says_what_to_do() -> None:
    known = exported_names()
    rules = alert_rules()
    assert len(rules) >= 8
    for rule in rules:
        used = set(re.findall(r"\bopsdesk_[a-z_]+", str(rule["expr"])))
        assert used <= known, f"{rule['alert']} names {used - known}"
        assert rule["annotations"]["summary"]  # type: ignore[index]
    covered = " ".join(str(r["expr"]) for r in rules)
    for needed in ("opsdesk_outbox_oldest_age_seconds", "opsdesk_outbox_parked",
                   "opsdesk_sla_breaches_total", "delay_risk_scan", "opsdesk_worker_lag_seconds"):  # fmt: skip
        assert needed in covered

"""Which shipments a declared disruption touches, and how it reads in explanations."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk.matching import (
    SEVERITY_LOGIT,
    ActiveDisruption,
    affects,
    disruption_effects,
)
from tests.unit.test_delay_risk_features import facts

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


BASE = ActiveDisruption(
    id=1,
    kind="hub_closure",
    severity="high",
    region="SP",
    carrier="",
    starts_at=NOW - timedelta(hours=2),
    ends_at=datetime(2026, 11, 28, tzinfo=UTC),
)


def disruption(**changes: Any) -> ActiveDisruption:
    return replace(BASE, **changes)


def three_parcels() -> f.ShipmentFacts:
    """From SP to AM, from RJ to SP, from RJ to MG (carrier 'swift' for the last one)."""
    a, b, c = facts(origin="SP", destination="AM"), facts(origin="RJ", destination="sp"), facts(
        origin="RJ", destination="MG", carrier="Swift")  # fmt: skip
    return a.take(np.array([0])).__class__(
        **{
            name: np.concatenate([getattr(x, name) for x in (a, b, c)])
            for name in a.__dataclass_fields__
        }
    )


def test_a_region_matches_origin_or_destination_in_any_case() -> None:
    assert affects(disruption(region="sp"), three_parcels(), f.epoch(NOW)).tolist() == [
        True,
        True,
        False,
    ]


def test_a_carrier_disruption_matches_only_that_carrier() -> None:
    mask = affects(disruption(region="", carrier="swift"), three_parcels(), f.epoch(NOW))
    assert mask.tolist() == [False, False, True]


def test_region_and_carrier_together_must_both_match() -> None:
    mask = affects(disruption(region="RJ", carrier="swift"), three_parcels(), f.epoch(NOW))
    assert mask.tolist() == [False, False, True]


def test_a_disruption_after_the_promised_day_leaves_the_parcel_alone() -> None:
    later = disruption(
        starts_at=datetime(2026, 12, 1, tzinfo=UTC), ends_at=datetime(2026, 12, 3, tzinfo=UTC)
    )
    assert not affects(later, facts(promised=date(2026, 11, 25)), f.epoch(NOW)).any()


def test_an_announced_storm_touches_parcels_still_travelling_when_it_comes() -> None:
    storm = disruption(starts_at=NOW + timedelta(days=1), ends_at=NOW + timedelta(days=2))
    assert affects(storm, facts(promised=date(2026, 11, 25)), f.epoch(NOW)).all()


def test_a_disruption_that_is_over_touches_nothing() -> None:
    over = disruption(starts_at=NOW - timedelta(days=3), ends_at=NOW - timedelta(hours=1))
    assert not affects(over, three_parcels(), f.epoch(NOW)).any()


def test_overlapping_disruptions_count_once_at_the_worst_severity() -> None:
    low = disruption(id=1, severity="low")
    high = disruption(id=2, severity="high", region="AM")
    bump, which = disruption_effects(three_parcels(), f.epoch(NOW), [low, high])
    assert bump.tolist() == [SEVERITY_LOGIT["high"], SEVERITY_LOGIT["low"], 0.0]
    assert which.tolist() == [1, 0, -1]


def test_a_disruption_reads_as_what_where_and_until_when() -> None:
    assert disruption().describe() == "hub closed in region SP (disruption until 28 Nov)"

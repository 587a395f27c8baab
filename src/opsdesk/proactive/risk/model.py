"""The delay-risk model: transit-time distributions + a calibrated classifier + live signals.

At hand-over the classifier turns the transit model's P(late), the slack and the
shipment's other facts into a calibrated probability. While a parcel travels, that
probability is updated in log-odds by what has been learnt since: it is still not
delivered after ``t`` days (the transit curves' conditional survival), the carrier has
gone quiet, reported a problem or is out for delivery, or a declared disruption lies
on its way. It never falls below the late share of the store's past parcels that were
still on the road that close to their promise (``remaining.py``), unless the carrier
has the parcel out for delivery. A parcel past its promised day is late for certain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from opsdesk.proactive.risk import areas as a
from opsdesk.proactive.risk import features as f
from opsdesk.proactive.risk import shifts as s
from opsdesk.proactive.risk.classifier import CalibratedLogistic
from opsdesk.proactive.risk.matching import ActiveDisruption, disruption_effects
from opsdesk.proactive.risk.remaining import RemainingDaysCurve
from opsdesk.proactive.risk.transit import TransitDistributions, group_keys

FloatArray = NDArray[np.float64]
FORMAT_VERSION = 1
# Carriers scan a moving parcel about daily; after two quiet days each further day adds
# log-odds, up to four days' worth (priors: Olist history carries no intermediate scans).
SILENCE_GRACE_DAYS = 2.0
SILENCE_LOGIT_PER_DAY = 0.45
SILENCE_MAX_DAYS = 4.0
STATUS_LOGIT: dict[str, float] = {"exception": 2.0, "out_for_delivery": -2.5}
# The classifier ranks parcels by "used more than this share of the slack it was handed
# over with" (a late parcel used all of it), then is calibrated to late itself: about
# twice as many positive examples to learn the ordering from (rolling validation 0.720
# → 0.742; shares from 0.6 to 0.85 all gain).
NEAR_LATE_SHARE = 0.75
# Named groups of classifier features, for explanations.
REASON_GROUPS: dict[str, tuple[str, ...]] = {
    "transit": ("transit_logit", "slack_days", "log_slack", "promise_window_days"),
    "wait": ("wait_days",),
    "weekday": tuple(f"weekday_{d}" for d in range(7)),
    "parcel": ("log_weight", "item_count", "log_order_value", "freight_ratio"),
    "area": ("area_late_logit", "destination_transit_shift"),
    "origin": ("origin_transit_shift",),
}


@dataclass(frozen=True)
class History:
    """Delivered shipments: facts at hand-over and when each actually arrived."""

    facts: f.ShipmentFacts
    delivered_at: FloatArray

    @property
    def late(self) -> NDArray[np.bool_]:
        return np.asarray(self.delivered_at > self.facts.promise_end)

    @property
    def transit_days(self) -> FloatArray:
        return np.asarray((self.delivered_at - self.facts.handed_over_at) / f.DAY)

    @property
    def near_late(self) -> NDArray[np.bool_]:
        """Delivered after more than :data:`NEAR_LATE_SHARE` of the hand-over slack (every
        late parcel, and those that came close)."""
        slack = f.slack_days(self.facts, self.facts.handed_over_at)
        return np.asarray(self.transit_days > NEAR_LATE_SHARE * slack)

    def where(self, mask: NDArray[np.bool_]) -> History:
        """The shipments where ``mask`` is true."""
        index = np.flatnonzero(mask)
        return History(self.facts.take(index), self.delivered_at[index])


@dataclass(frozen=True)
class RiskBreakdown:
    """Scores of a batch with the parts explanations are built from (arrays per row)."""

    probability: FloatArray
    slack_left_days: FloatArray
    lane_median_days: FloatArray
    silence_days: FloatArray
    silence_logit: FloatArray
    status_logit: FloatArray
    disruption_logit: FloatArray
    disruption_index: NDArray[np.int64]
    transit_logit: FloatArray  # classifier's transit share + the in-flight update
    group_logit: dict[str, FloatArray]
    promise_missed: NDArray[np.bool_]
    # The late share of past parcels still travelling this close to their promise, where
    # it raised the probability (0 elsewhere).
    remaining_floor: FloatArray


def transit_keys(facts: f.ShipmentFacts) -> tuple[list[str], NDArray[np.int64]]:
    return group_keys(
        facts.carrier,
        facts.service_level,
        facts.lane_class,
        facts.destination_region,
        facts.origin_region,
    )


def _out_of_fold_late_by_transit(
    history: History, keys: tuple[list[str], NDArray[np.int64]], folds: int
) -> FloatArray:
    """The transit model's P(late) for each training row, from curves that never saw it."""
    rng = np.random.default_rng(11)
    fold_of = rng.integers(0, folds, size=len(history.facts))
    result = np.empty(len(history.facts), dtype=np.float64)
    transit, slack = history.transit_days, f.slack_days(history.facts, history.facts.handed_over_at)
    for fold in range(folds):
        held = fold_of == fold
        names, codes = keys
        curves = TransitDistributions.fit((names, codes[~held]), transit[~held])
        result[held] = curves.survival(curves.lookup((names, codes[held])), slack[held])
    return result


@dataclass(frozen=True)
class RiskModel:
    transit: TransitDistributions
    classifier: CalibratedLogistic
    trained_rows: int = 0
    late_share: float = 0.0
    areas: a.AreaLateRates = field(default_factory=a.AreaLateRates)
    origins: s.TransitShifts = field(default_factory=s.TransitShifts)
    districts: s.TransitShifts = field(default_factory=s.TransitShifts)
    remaining: RemainingDaysCurve = field(default_factory=RemainingDaysCurve)

    @classmethod
    def prior(cls) -> RiskModel:
        """What scans use before the store has delivered anything to learn from."""
        return cls(
            TransitDistributions.prior(), CalibratedLogistic.trust_transit(f.CLASSIFIER_FEATURES)
        )

    @classmethod
    def fit(cls, history: History) -> RiskModel:
        late = history.late
        if len(history.facts) < 50 or late.sum() < 5 or (~late).sum() < 5:
            raise ValueError("too little delivered history to learn from (need 50, both outcomes)")
        keys = transit_keys(history.facts)
        oof = _out_of_fold_late_by_transit(history, keys, folds=5)
        places = _area_keys(history.facts)
        area_oof = a.out_of_fold_late_share(places, late, folds=5)
        transit = TransitDistributions.fit(keys, history.transit_days)
        facts = history.facts
        # Lane medians from curves that saw every row: a yardstick, not a label.
        excess = s.log_excess(history.transit_days, transit.median_days(transit.lookup(keys)))
        origins, districts = _origin_points(facts), _district_keys(facts)
        delivered, handed = history.delivered_at, facts.handed_over_at
        x = f.classifier_matrix(
            facts,
            oof,
            area_oof,
            origin_shift=s.past_shift(origins, delivered, excess, handed),
            destination_shift=s.past_shift(districts, delivered, excess, handed),
            names=f.CLASSIFIER_FEATURES,
        )
        return cls(
            transit,
            CalibratedLogistic.fit(f.CLASSIFIER_FEATURES, x, late, rank_by=_ranking_label(history)),
            len(facts),
            float(late.mean()),
            a.AreaLateRates.fit(places, late),
            s.TransitShifts.fit(origins, excess),
            s.TransitShifts.fit(districts, excess),
            RemainingDaysCurve.fit(handed, facts.promise_end, delivered),
        )

    def late_by_transit(self, facts: f.ShipmentFacts) -> FloatArray:
        """The transit curves' P(late) at hand-over, before the classifier weighs in."""
        groups = self.transit.lookup(transit_keys(facts))
        return self.transit.survival(groups, f.slack_days(facts, facts.handed_over_at))

    def at_handover(self, facts: f.ShipmentFacts) -> FloatArray:
        """P(late) at the moment of hand-over: what the evaluation measures."""
        return self.classifier.predict(self._matrix(facts, self.late_by_transit(facts)))

    def _matrix(self, facts: f.ShipmentFacts, late_by_transit: FloatArray) -> FloatArray:
        """Classifier inputs, exactly the features this classifier was fitted on (a model
        stored before a feature was added or retired keeps scoring as it was fitted)."""
        return f.classifier_matrix(
            facts,
            late_by_transit,
            self.areas.late_share(_area_keys(facts)),
            origin_shift=self.origins.shift(_origin_points(facts)),
            destination_shift=self.districts.shift(_district_keys(facts)),
            names=self.classifier.features,
        )

    def in_flight(
        self, state: f.InFlightState, now: datetime, disruptions: list[ActiveDisruption]
    ) -> RiskBreakdown:
        """Every parcel in ``state`` as a scan at ``now`` scores it."""
        return self.in_flight_at(state, f.epoch(now), disruptions)

    def in_flight_at(
        self,
        state: f.InFlightState,
        at: float | FloatArray,
        disruptions: list[ActiveDisruption],
    ) -> RiskBreakdown:
        """The same with each parcel scored at its own moment (epoch seconds), as a
        replay of past scans over a history does (``alerts.replay``)."""
        facts = state.facts
        groups = self.transit.lookup(transit_keys(facts))
        promise_days = f.slack_days(facts, facts.handed_over_at)
        late_at_handover = self.transit.survival(groups, promise_days)
        x = self._matrix(facts, late_at_handover)
        base = f.logit(self.classifier.predict(x))
        elapsed = f.elapsed_days(facts, at)
        update = f.logit(
            self.transit.conditional_survival(groups, promise_days, elapsed)
        ) - f.logit(late_at_handover)
        silence = f.silence_days(state, at)
        silence_logit = SILENCE_LOGIT_PER_DAY * np.clip(
            silence - SILENCE_GRACE_DAYS, 0, SILENCE_MAX_DAYS
        )
        status_logit = _status_logit(state.last_status)
        bump, which = disruption_effects(facts, at, disruptions)
        total = base + update + silence_logit + status_logit + bump
        missed = facts.promise_end <= at
        modelled = 1.0 / (1.0 + np.exp(-total))
        slack_left = f.slack_days(facts, at)
        last_leg = np.asarray(state.last_status == "out_for_delivery", dtype=bool)
        floor = np.where(last_leg, 0.0, self.remaining.floor(slack_left))
        raised = np.where(floor > modelled, floor, 0.0)
        probability = np.where(missed, 1.0, np.maximum(modelled, floor))
        groups_logit = self._group_contributions(x)
        return RiskBreakdown(
            probability=probability,
            slack_left_days=slack_left,
            lane_median_days=self.transit.median_days(groups),
            silence_days=silence,
            silence_logit=silence_logit,
            status_logit=status_logit,
            disruption_logit=bump,
            disruption_index=which,
            transit_logit=groups_logit.pop("transit") + update,
            group_logit=groups_logit,
            promise_missed=missed,
            remaining_floor=raised,
        )

    def _group_contributions(self, x: FloatArray) -> dict[str, FloatArray]:
        parts = self.classifier.contributions(x)
        index = {name: i for i, name in enumerate(self.classifier.features)}
        return {
            group: parts[:, [index[n] for n in names if n in index]].sum(axis=1)
            for group, names in REASON_GROUPS.items()
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "trained_rows": self.trained_rows,
            "late_share": self.late_share,
            "transit": self.transit.to_dict(),
            "classifier": self.classifier.to_dict(),
            "areas": self.areas.to_dict(),
            "origins": self.origins.to_dict(),
            "districts": self.districts.to_dict(),
            "remaining": self.remaining.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RiskModel:
        if data.get("format_version") != FORMAT_VERSION:
            raise ValueError("stored risk model has another format; retrain it")
        return cls(
            TransitDistributions.from_dict(data["transit"]),
            CalibratedLogistic.from_dict(data["classifier"]),
            int(data.get("trained_rows", 0)),
            float(data.get("late_share", 0.0)),
            a.AreaLateRates.from_dict(data.get("areas", {})),
            s.TransitShifts.from_dict(data.get("origins", {})),
            s.TransitShifts.from_dict(data.get("districts", {})),
            RemainingDaysCurve.from_dict(data.get("remaining", {})),
        )


def _ranking_label(history: History) -> NDArray[np.bool_]:
    """Near-late, unless nearly every parcel came close (then late itself: the fit needs
    on-time examples of the label it ranks by, as many as it asks of late)."""
    near = history.near_late
    return near if (~near).sum() >= 5 else history.late


def _area_keys(facts: f.ShipmentFacts) -> NDArray[Any]:
    return a.area_keys(facts.destination_region, facts.destination_area)


def _origin_points(facts: f.ShipmentFacts) -> NDArray[Any]:
    known = facts.origin_point
    return np.full(len(facts), "", dtype=object) if known is None else known


def _district_keys(facts: f.ShipmentFacts) -> NDArray[Any]:
    known = facts.destination_district
    if known is None:
        return np.full(len(facts), s.UNKNOWN_PLACE, dtype=object)
    return s.district_keys(facts.destination_region, known)


def _status_logit(last_status: NDArray[Any]) -> FloatArray:
    result = np.zeros(len(last_status), dtype=np.float64)
    statuses = np.asarray(last_status, dtype=str)
    for status, weight in STATUS_LOGIT.items():
        result[statuses == status] = weight
    return result

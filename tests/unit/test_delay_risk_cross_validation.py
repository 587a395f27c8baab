"""Cross-validation of the delay-risk model: each parcel is scored once, by a model that
never saw it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from opsdesk.proactive.risk import evaluation
from opsdesk.proactive.risk.model import History
from opsdesk.proactive.risk.olist import read_history
from tests.e2e.test_eval_delay_risk_cli import olist_folder


class _Recorder:
    """Stands in for the model: remembers what each fit saw and what it scored."""

    fits: list[set[float]] = []
    scored: list[tuple[int, set[float]]] = []

    def __init__(self, seen: set[float]) -> None:
        self.seen = seen
        self.index = len(_Recorder.fits) - 1

    @classmethod
    def fit(cls, train: History) -> _Recorder:
        cls.fits.append(set(train.delivered_at.tolist()))
        return cls(cls.fits[-1])

    def at_handover(self, facts: Any) -> np.ndarray:
        _Recorder.scored.append((self.index, set(facts.handed_over_at.tolist())))
        return np.full(len(facts), 0.5)

    def late_by_transit(self, facts: Any) -> np.ndarray:
        return np.full(len(facts), 0.5)


def test_every_parcel_is_scored_once_by_a_model_that_did_not_learn_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = read_history(olist_folder(tmp_path / "shop", orders=120))
    # a parcel's hand-over and delivery times name it
    assert len(set(history.delivered_at.tolist())) == 120
    assert len(set(history.facts.handed_over_at.tolist())) == 120
    monkeypatch.setattr(evaluation, "RiskModel", _Recorder)
    _Recorder.fits, _Recorder.scored = [], []

    report = evaluation.cross_validate(history, folds=5, seed=1)

    assert len(_Recorder.fits) == 5
    by_handover = dict(
        zip(history.facts.handed_over_at.tolist(), history.delivered_at.tolist(), strict=True)
    )
    scored_parcels: list[float] = []
    for fit_index, handovers in _Recorder.scored:
        parcels = {by_handover[h] for h in handovers}
        assert not parcels & _Recorder.fits[fit_index]  # never scored by a model that saw it
        assert len(parcels) + len(_Recorder.fits[fit_index]) == 120
        scored_parcels += parcels
    assert sorted(scored_parcels) == sorted(history.delivered_at.tolist())  # each exactly once
    assert report.rows == 120


def test_folds_must_fit_the_history(tmp_path: Path) -> None:
    history = read_history(olist_folder(tmp_path / "shop", orders=10))
    with pytest.raises(ValueError, match="folds"):
        evaluation.cross_validate(history, folds=11)
    with pytest.raises(ValueError, match="folds"):
        evaluation.cross_validate(history, folds=1)

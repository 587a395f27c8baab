from __future__ import annotations

from pathlib import Path

import pytest

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone import PolitenessModel, detect
from opsdesk.tone.fitting import (
    LabelledSet,
    accuracy,
    cross_validate,
    fit,
    quartile_extremes,
    read_scored_requests,
)
from tests.factories.tone import NEUTRAL, POLITE, RUDE

MIDDLE = NEUTRAL[:4]


def scored() -> list[tuple[str, float]]:
    rows = [(t, 1.0 + i / 10) for i, t in enumerate(POLITE)]
    rows += [(t, -1.0 - i / 10) for i, t in enumerate(RUDE)]
    rows += [(t, (i - 2) / 10) for i, t in enumerate(MIDDLE)]
    return rows


def test_the_quartiles_keep_only_the_most_and_least_polite_requests() -> None:
    data = quartile_extremes(scored())
    assert set(data.texts) <= set(POLITE) | set(RUDE)
    assert all(
        label == (text in POLITE) for text, label in zip(data.texts, data.labels, strict=True)
    )
    assert sum(data.labels) == 4
    assert len(data.labels) == 8


def test_a_model_fitted_on_clear_examples_separates_new_ones() -> None:
    data = LabelledSet(POLITE + RUDE, [1] * len(POLITE) + [0] * len(RUDE))
    model = PolitenessModel(fit(data, source="hand-written", c=1.0))
    assert model.probability("Thanks, could you please check it?") > 0.5
    assert model.probability("Stupid wrong answer, fix it.") < 0.5
    assert accuracy(model, data) == 1.0
    assert model.weights.provenance["source"] == "hand-written"


def test_cross_validation_fits_per_fold_and_reports_each_fold() -> None:
    data = LabelledSet(POLITE + RUDE, [1] * len(POLITE) + [0] * len(RUDE))
    seen: list[int] = []
    result = cross_validate(data, folds=3, on_fold=lambda index, _acc: seen.append(index))
    assert seen == [0, 1, 2]
    assert len(result.chosen_c) == 3
    assert result.accuracy >= 0.8


def test_more_folds_than_examples_per_class_is_refused() -> None:
    data = LabelledSet(POLITE[:2] + RUDE[:2], [1, 1, 0, 0])
    with pytest.raises(InvalidInput, match="per class"):
        cross_validate(data, folds=3)


def test_a_file_without_the_score_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Request,Score\nhello,1\n")
    with pytest.raises(InvalidInput, match="Normalized Score"):
        read_scored_requests(path)


def test_the_strategies_only_model_weighs_no_words_and_scores_other_languages() -> None:
    data = LabelledSet(POLITE + RUDE, [1] * len(POLITE) + [0] * len(RUDE))
    weights = fit(data, source="hand-written", c=1.0, strategies_only=True)
    assert weights.coefficients
    assert all(name.startswith("s:") for name in weights.coefficients)
    assert weights.provenance["features"] == "strategies"
    model = PolitenessModel(weights)
    german = "Vielen Dank, könnten Sie bitte nachsehen?"
    assert model.probability(german, detect(german, "de")) > 0.5


def test_cross_validation_also_reports_the_accuracy_under_the_rude_ceiling() -> None:
    data = LabelledSet(POLITE + RUDE, [1] * len(POLITE) + [0] * len(RUDE))
    result = cross_validate(data, folds=3, c=1.0)
    assert len(result.capped_fold_accuracies) == 3
    assert 0.0 <= result.capped_accuracy <= 1.0

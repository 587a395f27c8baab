"""``OPSDESK_FORECAST_BACKEND=dask``: the same forecasts from a local two-worker Dask
cluster as from the in-process run (the Dask path computes in float32)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from opsdesk.forecasting import Settings, backend_from_env, forecast_panel


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    weeks, ids = 70, ["1/a", "2/a", "3/a", "1/b"]
    ds = pd.date_range("2022-01-07", periods=weeks, freq="W-FRI")
    shape = 20 + 5 * np.sin(2 * np.pi * np.arange(weeks) / 52)
    values = np.concatenate(
        [shape * (1 + i / 4) + rng.normal(0, 1, weeks) for i in range(len(ids))]
    )
    return pd.DataFrame(
        {"unique_id": np.repeat(ids, weeks), "ds": np.tile(ds, len(ids)), "y": values}
    )


def test_backend_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPSDESK_FORECAST_BACKEND", " Dask ")
    assert backend_from_env() == "dask"
    monkeypatch.delenv("OPSDESK_FORECAST_BACKEND")
    assert backend_from_env() == "local"


@pytest.mark.filterwarnings("ignore::FutureWarning")  # pandas deprecations inside fugue/dask
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_cluster_gives_the_in_process_forecasts() -> None:
    distributed = pytest.importorskip("dask.distributed")
    panel = _panel()
    local = forecast_panel(panel, 8, Settings(freq="W-FRI", season=52, fast=True))
    cluster = distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None)
    with cluster, distributed.Client(cluster):
        remote = forecast_panel(
            panel, 8, Settings(freq="W-FRI", season=52, fast=True, backend="dask")
        )
    columns = ["SeasonalNaive", "SES", "CrostonSBA", "Forecast"]
    left = local.forecasts.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    right = remote.forecasts.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    assert left[["unique_id", "ds"]].equals(right[["unique_id", "ds"]])
    np.testing.assert_allclose(
        left[columns].to_numpy(np.float32), right[columns].to_numpy(np.float32), rtol=1e-5
    )
    assert (local.weights.idxmax(axis=1) == remote.weights.idxmax(axis=1)).all()

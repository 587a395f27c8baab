"""``opsdesk forecast run`` through Typer's runner on the test database: a JSON summary,
the run stored, exit 1 on a bad frequency."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from opsdesk.cli import app, base
from opsdesk.cli import forecast as forecast_cli
from opsdesk.forecasting.stored import latest_forecasts
from tests.factories.forecast import AS_OF, make_forecast_shop

runner = CliRunner()


@pytest.fixture
def cli_on_test_db(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OPSDESK_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setattr(forecast_cli, "_today", lambda: AS_OF)
    base.settings.cache_clear()
    base.engine.cache_clear()
    yield
    base.engine().dispose()
    base.settings.cache_clear()
    base.engine.cache_clear()


def test_forecast_run_stores_a_run_and_prints_its_summary(
    cli_on_test_db: None, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        shop = make_forecast_shop(session)
    result = runner.invoke(app, ["forecast", "run", "--fast", "--horizon", "4", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["series"] == 3
    assert summary["horizon"] == 4
    assert summary["freq"] == "W"
    assert summary["stored"] == 3 + 2 + 2 + 1  # base, SKUs, categories, the store
    assert summary["stockout_periods"] == 3
    with session_factory() as session:
        stored = latest_forecasts(session, variant_ids=[shop.tee])
    assert len(stored[(shop.tee, shop.ham, None)].mean) == 4


def test_bad_options_exit_1_with_a_message(cli_on_test_db: None) -> None:
    bad = runner.invoke(app, ["forecast", "run", "--freq", "M"])
    assert bad.exit_code == 1
    assert "--freq must be D or W" in bad.output
    assert runner.invoke(app, ["forecast", "run", "--horizon", "0"]).exit_code == 2
    assert "Forecast the store's demand" in runner.invoke(app, ["forecast", "--help"]).output


def test_a_failed_run_exits_1_with_the_reason(
    cli_on_test_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opsdesk.forecasting import store_run

    def broken(*_args: object, **_kwargs: object) -> None:
        raise MemoryError("out of memory in the backtest")

    monkeypatch.setattr(store_run, "run_store_forecast", broken)
    failed = runner.invoke(app, ["forecast", "run"])
    assert failed.exit_code == 1
    assert "the forecast run failed" in failed.output
    assert "out of memory" in failed.output

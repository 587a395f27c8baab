# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt 2>/dev/null | sha1sum | cut -c1-12)
PYTEST_WORKERS ?= auto

.PHONY: install browser demo serve test test-clock lint typecheck unit bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

ASSETS := src/opsdesk/web/static/vendor/.installed-$(shell sha1sum package-lock.json | cut -c1-12)
$(ASSETS): package.json package-lock.json
	scripts/vendor-assets
	rm -f src/opsdesk/web/static/vendor/.installed-*
	touch $(ASSETS)

install: $(STAMP) $(ASSETS)

## Headless Chromium (Debian package) for the browser tests
browser:
	@command -v chromium >/dev/null || scripts/install-chromium

## Start OpsDesk on SQLite with a generated demo store at http://127.0.0.1:8000
demo: install
	$(BIN)/opsdesk demo

serve: install
	$(BIN)/opsdesk serve

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

## Install everything and run the whole suite (lint, types, tests on SQLite and PostgreSQL)
test: install browser lint typecheck
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

## The date-sensitive tests again with the wall clock moved (tests/support/clock.py):
## a year ahead, a Saturday, the store's midnight, both DST changes, New Year's Eve
CLOCK_SCENARIOS ?= year-ahead weekend store-midnight dst-spring dst-autumn new-year
CLOCK_AREAS := sla business_hours announced delay_risk tracking shipping notification \
	proactive rules csat discount macros orders_lifecycle inventory_receipts report \
	disruptions entities_dates outbox worker_start chat_pacing
CLOCK_TESTS ?= $(sort $(wildcard $(foreach a,$(CLOCK_AREAS),tests/unit/test_$(a)*.py tests/integration/test_$(a)*.py)))
test-clock: install
	@for at in $(CLOCK_SCENARIOS); do \
		echo "== tests at $$at"; \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q \
			--clock-at $$at $(CLOCK_TESTS) || exit 1; \
	done

unit: install
	$(BIN)/python -m pytest tests/unit -q

## Benchmarks on scratch PostgreSQL databases (results: docs/benchmarks.md); BENCH_CLIENTS etc. to tune
BENCH_CLIENTS ?= 2,4,8,16
BENCH_PROCESSES ?= 4
BENCH_SECONDS ?= 10
BENCH_READS_SIZE ?= small
bench: install
	$(BIN)/python bench/order_intake.py --backend postgresql --clients $(BENCH_CLIENTS) \
		--processes $(BENCH_PROCESSES) --seconds $(BENCH_SECONDS) --rounds 2
	$(BIN)/python bench/reads.py --size $(BENCH_READS_SIZE) --requests 2000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

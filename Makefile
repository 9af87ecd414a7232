# Kefu: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-suite lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

run: install
	KEFU_DEBUG=$${KEFU_DEBUG:-1} $(BIN)/kefu run

lint: install
	$(BIN)/ruff check kefu tests bench
	$(BIN)/ruff format --check kefu tests bench
	$(BIN)/mypy --strict kefu/shield kefu/verify kefu/sla/calendar.py kefu/sla/deadlines.py kefu/chains

# The whole suite on the database KEFU_TEST_DATABASE_URL names (SQLite when unset).
test-suite: install
	bash scripts/ensure-chromium
	KEFU_DATA_DIR=$${KEFU_DATA_DIR:-$$(mktemp -d /tmp/kefu-test.XXXXXX)} $(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint test-suite

bench: install
	bash bench/run-all

clean:
	rm -rf $(VENV) var

# tokumei — every chore has one entry point. `make` alone prints this help.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PEERS := .venv-peers
BIN := $(VENV)/bin
DATA_DIR ?= $(CURDIR)/var
export DATA_DIR
export DJANGO_SETTINGS_MODULE ?= tokumei.web.settings.test
PYTEST_ARGS ?=

.PHONY: help demo test test-fast test-engine-only lint fmt bench bench-load bench-large clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[web,dev]'
	@touch $@

$(PEERS)/.installed: bench/peers-requirements.txt
	@test -x $(PEERS)/bin/python || $(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install -q -r bench/peers-requirements.txt
	@touch $@

venv: $(BIN)/.installed ## Create .venv and install tokumei with the web and dev extras

peers: $(PEERS)/.installed ## Create .venv-peers with the peer tools (pycanon, anjana) used by tests and benchmarks

demo: $(BIN)/.installed ## Set up SQLite under DATA_DIR, load the demo once, start the web server and the job worker
	DJANGO_SETTINGS_MODULE=tokumei.web.settings.dev $(BIN)/tokumei demo

test: $(BIN)/.installed $(PEERS)/.installed ## Run the whole test suite (DATABASE_URL selects PostgreSQL; SQLite otherwise)
	TOKUMEI_PEERS_PYTHON=$(CURDIR)/$(PEERS)/bin/python $(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(BIN)/.installed ## Run only the law and engine tests (no database, seconds)
	$(BIN)/pytest tests/law tests/engine tests/documents tests/delivery tests/reliability tests/cli -p no:django $(PYTEST_ARGS)

test-engine-only: ## Prove engine, law and CLI tests pass in a venv without Django (.venv-engine)
	@test -x .venv-engine/bin/python || $(PYTHON) -m venv .venv-engine
	.venv-engine/bin/python -m pip install -q -e '.[test]'
	@! .venv-engine/bin/python -c 'import django' 2>/dev/null || (echo "django must not be installed in .venv-engine" && false)
	TOKUMEI_PEERS_PYTHON=$(CURDIR)/$(PEERS)/bin/python .venv-engine/bin/pytest tests/law tests/engine tests/documents tests/delivery tests/reliability tests/cli -p no:django $(PYTEST_ARGS)

lint: $(BIN)/.installed ## ruff (lint + format check), mypy (strict on law/ and engine/), import-linter
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: $(BIN)/.installed ## Format and autofix with ruff
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(BIN)/.installed $(PEERS)/.installed ## Run the benchmarks that fit a session; results appended to docs/benchmarks.md
	$(BIN)/python bench/run.py

bench-load: $(BIN)/.installed ## Load test on PostgreSQL: demo data, tokumei serve, 50 users for 60 s (loopback); appends to docs/benchmarks.md
	$(BIN)/python bench/load_run.py $(LOAD_ARGS)

bench-large: $(BIN)/.installed $(PEERS)/.installed ## Opt-in 10M/100M-row benchmarks (resumable generator)
	$(BIN)/python bench/run.py --large

clean: ## Remove the virtual environments and DATA_DIR
	rm -rf $(VENV) $(PEERS) .venv-engine var

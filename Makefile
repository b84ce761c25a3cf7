# Set-up is part of every target: a fresh clone needs only Python 3.11+, Go 1.24+ and make.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
FERRETDB := bin/ferretdb-local
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup run chat test lint typecheck imports pytest bench ferretdb format clean

setup: $(BIN)/career-bot $(FERRETDB)

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(BIN)/career-bot: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

ferretdb: $(FERRETDB)

$(FERRETDB): tools/ferretdb/main.go tools/ferretdb/lookups.go tools/ferretdb/go.mod tools/ferretdb/go.sum
	@command -v go >/dev/null || { echo "Go 1.24+ is needed to build the local database (https://go.dev/dl/), or set MONGODB_URI."; exit 1; }
	@echo "Building the local database server (FerretDB); the first build takes a few minutes..."
	cd tools/ferretdb && CGO_ENABLED=0 go build -trimpath -o ../../$(FERRETDB) .

run: setup
	$(BIN)/career-bot run

chat: setup
	$(BIN)/career-bot chat

test: setup lint typecheck imports pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

imports: setup
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m bench

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(TOOLS) bin .mypy_cache .pytest_cache .ruff_cache

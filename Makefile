# `make run` and `make test` bootstrap .venv themselves (Python 3.11 and make are all they need).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PYTEST_ARGS ?= -n 2 --dist loadfile
PORT ?= 5000

.PHONY: run test lint install install-dev migrate seed bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

# One worker beside the web server (mail, reminders, daily jobs); it stops with the server. With
# the worker delivering, the web process's inline delivery thread is switched off.
run: seed
	@$(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	MAIL_DELIVER_INLINE=false $(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: install-dev
	$(BIN)/ruff check .

# The single sign-on tests start the npm package oidc-provider (tests/oidc_provider/); its packages
# are installed once when npm is there (without them those tests skip, and fail under CI=true).
test: lint
	@if command -v npm >/dev/null && [ ! -d tests/oidc_provider/node_modules ]; then \
		npm ci --prefix tests/oidc_provider --no-audit --no-fund; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

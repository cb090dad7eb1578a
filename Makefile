# tawthiq: `make demo` and `make test` work on a fresh machine with Python 3.11.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-fast lint install install-dev clean

$(BIN)/python:
	$(PY) -c 'import sys; assert sys.version_info[:2] == (3, 11), "tawthiq needs Python 3.11"'
	$(PY) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/tawthiq demo --out tawthiq-demo

lint: install-dev
	scripts/check

test: install-dev
	scripts/check
	scripts/test

test-fast: install-dev
	scripts/test -m "not slow"

clean:
	rm -rf $(VENV) tawthiq-demo .pytest_cache .mypy_cache .ruff_cache

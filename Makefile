# tawthiq: `make demo` and `make test` work on a fresh machine with Python 3.11.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-fast lint install install-dev system-deps clean

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

# Debian's ffmpeg gives ffprobe/ffmpeg for evidence metadata and video hashes; installed when
# missing (needs root or sudo). Without it, video tests skip locally and fail with CI=true.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)
system-deps:
	@command -v ffprobe >/dev/null 2>&1 || { \
	  echo "installing Debian's ffmpeg (evidence metadata)"; \
	  $(SUDO) apt-get install -y -q ffmpeg >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null 2>&1 && $(SUDO) apt-get install -y -q ffmpeg >/dev/null 2>&1; } || \
	  echo "warning: could not install ffmpeg; video metadata is skipped"; }

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/tawthiq demo --out tawthiq-demo

lint: install-dev
	scripts/check

test: install-dev system-deps
	scripts/check
	scripts/test

test-fast: install-dev system-deps
	scripts/test -m "not slow"

clean:
	rm -rf $(VENV) tawthiq-demo .pytest_cache .mypy_cache .ruff_cache

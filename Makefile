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

# Debian packages tawthiq and its tests use, installed when missing (needs root or sudo): ffmpeg
# (ffprobe/ffmpeg for evidence metadata and video hashes), chromium (browser tests of the web
# app, driven by Playwright), Pango, HarfBuzz and DejaVu fonts (PDF reports with WeasyPrint) and
# poppler-utils (pdftoppm, to look at report pages). Without them those parts skip or fail.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)
system-deps:
	@missing=""; command -v ffprobe >/dev/null 2>&1 || missing="$$missing ffmpeg"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do \
	  dpkg -s $$lib >/dev/null 2>&1 || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null 2>&1 && \
	    $(SUDO) apt-get install -y -q $$missing >/dev/null 2>&1; } || \
	  echo "warning: could not install$$missing; their tests will skip"; \
	fi

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

# consultkit — the two commands: `make lab` (open JupyterLab on the bundled
# consultation) and `make test` (run every test). Both create or refresh the
# local virtual environment in .venv from pyproject.toml first.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8888
WORKSPACE ?= data/consultations/ris-pacs-2021
# extra JupyterLab options, e.g. LAB_ARGS="--no-browser"; the port is chosen with PORT only
LAB_ARGS ?=

.PHONY: lab test test-fast dashboard bench fuzz system-deps clean-venv help

help:
	@echo "make lab          open JupyterLab on the notebooks (bundled consultation; PORT=8888)"
	@echo "make test         run the whole test suite (notebooks included)"
	@echo "make dashboard    serve the meeting dashboard with Voilà"
	@echo "make bench        run the benchmarks and write benchmarks/results.md"
	@echo "make fuzz         fuzz every reader with mutated real inputs (FUZZ_EXAMPLES=2000)"
	@echo "make system-deps  install LibreOffice, Chromium and Tesseract (Debian, as root) for the"
	@echo "                  LibreOffice and browser tests and PNG chart export"

# The environment is rebuilt only when pyproject.toml changed (or .venv is gone).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# `consultkit lab` does the work (also without make, e.g. on Windows)
lab: $(STAMP)
	$(VENV)/bin/consultkit lab $(WORKSPACE) --port $(PORT) -- $(LAB_ARGS)

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile -m "not notebook and not browser and not libreoffice" $(PYTEST_ARGS)

dashboard: $(STAMP)
	$(VENV)/bin/consultkit dashboard $(WORKSPACE) --port $(PORT)

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Longer fuzzing than the suite's fixed budget: new random mutations of the real inputs.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	$(PY) tests/fuzzing.py --examples $(FUZZ_EXAMPLES) --random

# Optional system packages (Debian): LibreOffice renders our Word files to PDF,
# converts fixtures and legacy .doc/.rtf/.odt replies (python3-uno drives it for the
# tracked-changes fixtures); Chromium drives the dashboard test and PNG export;
# Tesseract with its Vietnamese model reads scanned letters.
system-deps:
	@if command -v soffice >/dev/null && command -v chromium >/dev/null && command -v pdftotext >/dev/null \
	    && command -v tesseract >/dev/null && [ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ]; then \
	  echo "LibreOffice, Chromium and Tesseract (vie) are installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui fonts-liberation chromium poppler-utils \
	    tesseract-ocr tesseract-ocr-vie python3-uno >/dev/null; \
	else \
	  echo "Install LibreOffice (soffice) and Chromium with your package manager;"; \
	  echo "the tests that need them are skipped with a reason until then."; \
	fi

clean-venv:
	rm -rf $(VENV)

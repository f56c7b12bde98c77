# Two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHROMIUM := /usr/bin/chromium

.PHONY: run test soak bench install install-dev system-deps clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Debian's chromium (Playwright cannot download browsers here), LibreOffice and poppler for
# checking Word exports, nginx and openssl for the reverse-proxy test, tesseract with Danish for case-file OCR. Installed only when missing and when we are root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	[ -f /usr/share/tesseract-ocr/5/tessdata/dan.traineddata ] || missing="$$missing tesseract-ocr-dan"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages:$$missing (run as root or install them)"; \
	  fi; \
	fi

run: install
	$(PY) -m reviews init --demo-if-empty
	$(VENV)/bin/streamlit run server.py --server.port 8501

test: install-dev system-deps
	$(PY) -m pytest

# The long data-safety proofs: 100 crash kills, 20 sessions x 50 saves, 10 browsers, ...
# Figures go to data/safety-report.jsonl (one JSON line per test) and are printed at the end.
soak: install-dev system-deps
	rm -f data/safety-report.jsonl
	REVIEWS_SOAK=1 REVIEWS_SAFETY_REPORT=data/safety-report.jsonl $(PY) -m pytest -m safety
	@echo "--- figures (data/safety-report.jsonl) ---"; cat data/safety-report.jsonl

bench: install-dev
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache bench/results.json

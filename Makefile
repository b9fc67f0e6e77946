# `make review` and `make test` work on a fresh machine: they create .venv and install what they need.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: review test lint bench clean

$(VENV)/.core: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -e .
	@touch $@

$(VENV)/.test: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	# The exact torch pin takes the local CPU wheel; an unpinned torch would pull gigabytes of CUDA.
	$(PIP) install "torch==2.13.0"
	$(PIP) install -e ".[test,transformers,bench]"
	@touch $(VENV)/.core $@

review: $(VENV)/.core
	$(VENV)/bin/bitext review

test: $(VENV)/.test
	$(VENV)/bin/ruff check align glossary tui tests bench
	$(PY) -m pytest -q -n 2 --dist loadfile

lint: $(VENV)/.test
	$(VENV)/bin/ruff check align glossary tui tests bench

bench: $(VENV)/.test
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

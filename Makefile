# Two entry points (see README): `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench-quality bench-throughput clean

demo: $(VENV)/.installed
	$(BIN)/newscrawl demo

test: $(VENV)/.installed
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/ruff format --check newscrawl tests benchmarks

bench-quality: $(VENV)/.installed
	$(BIN)/python benchmarks/quality.py

bench-throughput: $(VENV)/.installed
	$(BIN)/python benchmarks/throughput.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("newscrawl needs Python >= 3.11" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

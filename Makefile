# lore: `make html` builds the docs, `make test` runs every test.
# Both bootstrap .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: html test lint extract bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing lore and its test tools into $(VENV) (log: $(VENV)/pip.log)"
	$(BIN)/python -m pip install -q --upgrade pip > $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	$(BIN)/python -m pip install -q -e '.[test]' >> $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/lore extract

html: $(STAMP)
	$(BIN)/lore build

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	# The howto examples once more, on real Twisted (the run above used refreactor).
	$(BIN)/python -m pytest -q howto --reactor=twisted

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_vs_po4a.py
	$(BIN)/python benchmarks/translate_vs_po4a.py
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf _build api locale/qps

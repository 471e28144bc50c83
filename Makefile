# lore: `make html` builds the docs, `make test` runs every test.
# Both bootstrap .venv on first use, from the lock file requirements/lock.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# The tool that writes the lock; pinned so that `make lock` gives the same file everywhere.
UV_VERSION := 0.13.9
LOCK_TOOLS := .venv-lock

.PHONY: html test lint extract bench clean lock test-latest test-install

# Exact versions and hashes from the lock; lore itself without build isolation (setuptools is
# locked too), so an install fetches nothing that the lock does not name.
$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the locked packages and lore into $(VENV) (log: $(VENV)/pip.log)"
	$(BIN)/python -m pip install -q --require-hashes -r $(LOCK) > $(VENV)/pip.log 2>&1 \
		|| (cat $(VENV)/pip.log; exit 1)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e . >> $(VENV)/pip.log 2>&1 \
		|| (cat $(VENV)/pip.log; exit 1)
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/lore extract

html: $(STAMP)
	$(BIN)/lore build

# The suite, with the interpreter and tools of $(1) (a venv's bin folder).
define run-suite
	$(1)/ruff check .
	$(1)/python -m pytest
	# The howto examples once more, on real Twisted (the run above used refreactor).
	$(1)/python -m pytest -q howto --reactor=twisted
endef

test: $(STAMP)
	$(call run-suite,$(BIN))
	$(MAKE) test-install

# The examples pass however lore is installed. .venv has lore editable without build isolation;
# here it is installed the way most developers do, `pip install -e .` with build isolation, in a
# throw-away venv and copy of the tree (the isolated build leaves an egg-info in tools/), with
# only what the testing page needs from the lock, and the page whose transcript runs pytest
# under refreactor runs there.
INSTALL_CHECK := .venv-install
INSTALL_CHECK_PACKAGES := pytest iniconfig packaging pluggy pygments lxml zope-interface
test-install:
	rm -rf $(INSTALL_CHECK)
	mkdir -p $(INSTALL_CHECK)/src
	tar -c --exclude=__pycache__ --exclude='*.egg-info' pyproject.toml README.md tools howto \
		examples | tar -x -C $(INSTALL_CHECK)/src
	awk -v names="$(INSTALL_CHECK_PACKAGES)" \
		'BEGIN { split(names, n, " "); for (i in n) want[n[i]] = 1 } \
		 /^[^ #]/ { split($$1, p, "=="); keep = (p[1] in want) } keep' \
		$(LOCK) > $(INSTALL_CHECK)/requirements.txt
	$(PYTHON) -m venv $(INSTALL_CHECK)/venv
	$(INSTALL_CHECK)/venv/bin/python -m pip install -q --require-hashes --no-deps \
		-r $(INSTALL_CHECK)/requirements.txt
	$(INSTALL_CHECK)/venv/bin/python -m pip install -q --no-deps -e $(INSTALL_CHECK)/src
	cd $(INSTALL_CHECK)/src && ../venv/bin/python -m pytest -q -p no:cacheprovider \
		howto/testing.xhtml
	rm -rf $(INSTALL_CHECK)

lint: $(STAMP)
	$(BIN)/ruff check .

# Re-resolve every dependency to its newest release allowed by pyproject.toml.
lock:
	test -x $(LOCK_TOOLS)/bin/uv || ($(PYTHON) -m venv $(LOCK_TOOLS) \
		&& $(LOCK_TOOLS)/bin/python -m pip install -q uv==$(UV_VERSION))
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml requirements/build.in --extra test \
		--generate-hashes --universal --python-version 3.11 --upgrade \
		--custom-compile-command "make lock" -q -o $(LOCK)

# The same suite against the newest releases, in a throw-away venv: what `make lock` would bring.
# Not part of CI: an upstream release must not stop a landing.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install -q --upgrade pip setuptools
	# No build isolation, as for .venv: an isolated build leaves tools/lore.egg-info behind,
	# which the editable path then shows as a second lore distribution.
	.venv-latest/bin/python -m pip install -q --upgrade --no-build-isolation -e '.[test]'
	$(call run-suite,.venv-latest/bin)
	rm -rf .venv-latest

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_vs_po4a.py
	$(BIN)/python benchmarks/translate_vs_po4a.py
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/lint_vs_extract.py
	$(BIN)/python benchmarks/reactor.py
	$(BIN)/python benchmarks/check.py
	$(BIN)/python benchmarks/rpc.py

clean:
	rm -rf _build api locale/qps

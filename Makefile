# IEP Basics: every command sets up (or refreshes) its own virtual environment in .venv first.
#   make serve   set up, then preview the site at http://127.0.0.1:8000 with live reload
#   make test    set up, then run every check and test (needs Debian's chromium for browser tests)
#   make build   set up, then write the site to site/
#   make check   set up, then check all content without a browser (what editors run)
#   make lint    set up, then lint and format-check the Python (ruff)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.txt pyproject.toml | cksum | cut -d' ' -f1)
# Material prints an end-of-life box on every build; we know (see README), so keep logs readable.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check lint format test lock new-term new-page new-story translated clean

$(STAMP):
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

serve: setup
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/python -m macros.serve --dev-addr 127.0.0.1:8000

# English into site/, then Spanish into site/es/ (macros/build.py).
build: setup
	$(BIN)/python -m macros.build

# BASE=origin/main also compares the published addresses with that branch; ADVICE=all shows all advice.
check: setup
	$(BIN)/python -m macros.check $(if $(BASE),--base=$(BASE)) $(if $(ADVICE),--all-advice)

# Lint and format check (ruff, configured in pyproject.toml); `make format` rewrites the files.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tests run on every core (pytest-xdist); the browser tests share one build and one local server.
test: setup lint
	$(BIN)/python -m macros.check
	$(BIN)/python -m pytest -n auto --dist worksteal

# Refresh the hash-locked requirements after changing pyproject.toml.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools
	.venv-lock/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements/site.txt pyproject.toml
	.venv-lock/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --extra test -o requirements/dev.txt pyproject.toml
	rm -rf .venv-lock

# Scaffolding for editors: make new-term NAME="Prior written notice" (TERM is the terminal's own variable).
# ID=some-id chooses the file name, for a name with no Latin letters.
new-term: setup
	$(BIN)/python -m macros.scaffold term "$(NAME)" $(if $(ID),--id=$(ID))
new-page: setup
	$(BIN)/python -m macros.scaffold page "$(TITLE)" $(if $(ID),--id=$(ID))
new-story: setup
	$(BIN)/python -m macros.scaffold story "$(TITLE)" $(if $(ID),--id=$(ID))

# After translating or updating a Spanish page or data file: make translated FILE=docs-es/guide/x.md
translated: setup
	$(BIN)/python -m macros.translation $(FILE)

clean:
	rm -rf site .pytest_cache

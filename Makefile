# Set-up, build, tests and benchmarks. `make build` and `make test` each work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JOBS ?= 2
# Every layout of kindreflex/layouts.py (`kindreflex build --help` lists them).
LAYOUTS := --layout all
# Where output/ will be published (`make build SITE_URL=https://…`): each paper's QR code
# then leads to its own web page. Empty: the papers lead where the framework's `url` says
# (the shipped framework has none: the build warns once, and prints no QR code).
SITE_URL ?=
SITE := $(if $(SITE_URL),--site-url $(SITE_URL))

.PHONY: build test lint bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@scripts/system-deps.sh

build: $(STAMP) system-deps
	$(BIN)/kindreflex validate
	$(BIN)/kindreflex build --all $(LAYOUTS) --jobs $(JOBS) $(SITE)
	$(BIN)/kindreflex build --all --context lockdown $(LAYOUTS) --jobs $(JOBS) $(SITE)

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -p no:cacheprovider --durations=15

lint: $(STAMP)
	$(BIN)/ruff check kindreflex tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output

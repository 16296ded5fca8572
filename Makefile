# The two commands the README opens with: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,browse]'
	touch $(STAMP)

install: $(STAMP)

## Index seeds/ into the embedded SQLite file and start the bot
## (Slack when tokens are set, otherwise the local console).
run: $(STAMP)
	$(BIN)/newsdesk ingest seeds/
	$(BIN)/newsdesk start

## Run the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check bot handlers db tests bench
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot handlers db tests bench
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

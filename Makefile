# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    -- create .venv, install, execute every notebook in order, writing figures/
#   make test   -- create .venv if needed, run the tests
# and, for a folder of your own articles:
#   make report FOLDER=path/to/articles OUT=path/to/report
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBCONVERT := $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=900 \
	--ExecutePreprocessor.record_timing=False

.DEFAULT_GOAL := help
# JupyterLab refuses to start as root (most containers) unless told it may
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS ?=
FOLDER ?=
OUT ?= report

.PHONY: help install run test test-fast lab report bench clean-cache

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("coopetition needs Python 3.11+, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@echo "[1/4] creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)
	@echo "[2/4] upgrading pip"
	@$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	@echo "[3/4] installing coopetition and its pinned dependencies (about half a minute)"
	@$(BIN)/python -m pip install --quiet -e '.[dev,scale,accurate]'
	@# warm matplotlib's font cache and jieba's dictionary cache now, so their one-off
	@# "building the cache" messages never land in a notebook's output
	@echo "[4/4] warming the font and dictionary caches"
	@$(BIN)/python -c 'import coopetition.output.plotting as p, coopetition.text.segment as s; p.font_family(); s.get_tokenizer()'
	@touch $(STAMP)
	@echo "installed: $(VENV) is ready"

install: $(STAMP) ## create .venv and install the package with its pinned dependencies

run: $(STAMP) ## execute every notebook in order, in place, writing figures/
	@for nb in $(NOTEBOOKS); do echo "executing $$nb"; $(NBCONVERT) "$$nb" || exit 1; done

test: $(STAMP) ## style (ruff lint and format, mypy), then every test, doctests included
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## the edit loop: every test not marked slow (no notebooks, wheels, workers or whole corpora)
	$(BIN)/python -m pytest -m "not slow" -q

# served from the project root, opened on notebooks/: a notebook's figures are links to ../figures/*.png
lab: $(STAMP) ## open the notebooks in JupyterLab (extra flags: LAB_ARGS="--port 8890")
	$(BIN)/jupyter lab $(LAB_ROOT) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(LAB_ARGS)

report: $(STAMP) ## run every notebook on FOLDER, writing figures, tables and report.html into OUT
	@test -n "$(FOLDER)" || { echo "say which articles: make report FOLDER=path/to/articles OUT=path/to/report"; exit 2; }
	$(BIN)/python -m coopetition report "$(FOLDER)" --out "$(OUT)"

bench: $(STAMP) ## run the scale benchmark (benchmarks/RESULTS.md) and the quantities baseline against JioNLP
	$(BIN)/python benchmarks/bench_pipeline.py --notebooks
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_quantities.py

clean-cache: ## delete the cache of cleaned text and jieba's dictionary (safe)
	rm -rf .cache

"""Shared fixtures: the seed corpus, loaded once per test session."""

import os
import tempfile

os.environ.setdefault("MPLBACKEND", "Agg")
# a fresh article cache for every test session: results never depend on what an
# earlier run left behind (the cache is content-addressed, so they would not differ)
os.environ["COOPETITION_CACHE"] = tempfile.mkdtemp(prefix="coopetition-test-cache-")

import pytest

from coopetition import load_corpus, paths

#: test modules that run notebooks, build wheels, start worker processes or read whole corpora: marked
#: ``slow`` so that ``make test-fast`` (``pytest -m "not slow"``) stays under a minute; ``make test`` runs all
SLOW_MODULES = frozenset(
    {
        "test_clean_external.py",
        "test_distributed.py",
        "test_gold_references.py",
        "test_labeller.py",
        "test_external_corpus.py",
        "test_notebooks.py",
        "test_pipeline.py",
        "test_quantities_external.py",
        "test_report.py",
        "test_segmenter_agreement.py",
        "test_wheel.py",
    }
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_MODULES or "devpages" in item.path.name:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def texts(corpus):
    """Cleaned text by doc_id."""
    return dict(zip(corpus["doc_id"], corpus["text"]))


@pytest.fixture(scope="session")
def raws(corpus):
    return dict(zip(corpus["doc_id"], corpus["raw"]))


@pytest.fixture
def seeds_copy(tmp_path):
    """A writable copy of the seed articles (without the catalog)."""
    for src in sorted(paths.seeds_dir().glob("*.txt")):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    return tmp_path

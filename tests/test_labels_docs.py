"""The validation tables of docs/labels.md and notebook 03 come from the committed result files."""

import json

import nbformat
import pandas as pd
from _bench import load_benchmark

from coopetition import paths
from coopetition.model.validation import cv_table

ROOT = paths.project_root()


def _tables():
    module = load_benchmark("labels_tables")
    return module


def test_the_doc_holds_the_tables_the_files_give():
    doc = (ROOT / "docs" / "labels.md").read_text(encoding="utf-8")
    start = doc.index("<!-- table: labels-validation -->\n") + len("<!-- table: labels-validation -->\n")
    assert doc[start : doc.index("<!-- /table -->", start)] == _tables().render(), (
        "docs/labels.md is stale: run python benchmarks/render_docs.py"
    )


def test_the_summary_file_and_the_shipped_predictions_agree():
    summary = json.loads((ROOT / "benchmarks" / "labels_validation.json").read_text(encoding="utf-8"))
    table = cv_table()
    written = pd.DataFrame(summary["table"])
    assert set(table["scheme"]) == {"article-disjoint", "site-disjoint"}
    merged = table.merge(written, on=["scheme", "set", "axis"], suffixes=("", "_file"))
    assert len(merged) == len(table) == len(written)
    assert (merged["kappa"] == merged["kappa_file"]).all() and (merged["n"] == merged["n_file"]).all()


def test_notebook_03_reads_its_validation_and_shares_from_the_files():
    cells = {
        c.get("id"): c for c in nbformat.read(ROOT / "notebooks" / "03_coopetition_framing.ipynb", as_version=4).cells
    }
    assert "cv_table()" in cells["cell-03"].source and "frozen_test_score()" in cells["cell-03"].source
    assert "corrected_shares(sentences" in cells["cell-12c"].source
    # no κ typed into the notebook's prose: every number comes from a file
    for kappa in cv_table()["kappa"]:
        assert f"{kappa:.3f}" not in cells["cell-02"].source

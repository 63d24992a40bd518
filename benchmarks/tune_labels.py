"""Tune the frame and tone model's settings by site-disjoint cross-validation on the development pages.

Each candidate setting is fitted on every training sentence except the held-out
sites' development pages (GroupKFold by page, each page a different site; the
seeds, second corpus and constructed text are always in training) and scores the
held-out pages' coded units. Only the development half is read. Writes
``benchmarks/labels_tuning.csv``: one row per setting, κ of frame and tone.

Run: ``python benchmarks/tune_labels.py`` (about 40 s per fold and setting on one core), then
``python -m coopetition.model.train --raw-cv cv_raw.csv`` and ``python benchmarks/tune_labels.py --bias-from cv_raw.csv``
for the class-bias rows (κ on the same 5-fold site-disjoint predictions, without and with cross-fitted biases).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from coopetition.model.train import SETTINGS, class_bias, fit_table, training_table
from coopetition.model.validation import _held_out, validate

OUT = Path(__file__).with_name("labels_tuning.csv")

#: the candidate settings (overrides of coopetition.model.train.SETTINGS), in the order they run
GRID = (
    {"devpages_weight": 1.0},
    {"devpages_weight": 2.5},
    {"devpages_weight": 2.5, "frame_c": 8.0, "tone_c": 4.0},
    {"devpages_weight": 2.5, "frame_c": 2.0, "tone_c": 1.0},
    {"devpages_weight": 5.0},
    # a second round, on the chosen weight
    {"devpages_weight": 2.5, "tone_class_weight": None},
    {"devpages_weight": 2.5, "ngram_range": [1, 4]},
)


def bias_rows(raw_cv: Path) -> list[dict]:
    """The class biases (coopetition.model.train.class_bias) judged on the shipped settings' held-out predictions:
    κ of the development pages under site-disjoint CV without and with cross-fitted biases."""
    from coopetition.model.validation import cross_fitted_bias

    raw = pd.read_csv(raw_cv, dtype={"id": str, "article": str, "site": str})
    biased = cross_fitted_bias(raw, class_bias=class_bias)
    rows = []
    for name, table in (
        ("5-fold site-disjoint CV of the shipped settings", raw),
        ("class_bias: the same, cross-fitted class biases", biased),
    ):
        part = table[(table["scheme"] == "site-disjoint") & (table["set"] == "devpages")]
        row = {"settings": name, "n": len(part)}
        for axis in ("frame", "tone"):
            row[f"{axis}_kappa"] = round(validate(part[f"{axis}_pred"], part[axis]).kappa, 4)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument(
        "--bias-from",
        type=Path,
        default=None,
        help="held-out predictions written by python -m coopetition.model.train --raw-cv: append the class-bias rows and stop",
    )
    parser.add_argument(
        "--grid", default="", help="JSON list of settings to try instead of GRID (rows are appended to the CSV)"
    )
    args = parser.parse_args(argv)
    grid = json.loads(args.grid) if args.grid else GRID
    if args.bias_from:
        rows = pd.read_csv(OUT).to_dict("records") + bias_rows(args.bias_from)
        pd.DataFrame(rows).to_csv(OUT, index=False)
        print(pd.DataFrame(rows).to_string(index=False))
        return 0
    table = training_table()
    score = (table["set"] == "devpages").to_numpy()
    rows = pd.read_csv(OUT).to_dict("records") if args.grid and OUT.exists() else []
    for overrides in grid:
        settings = {**SETTINGS, **overrides}
        held = _held_out(table, np.ones(len(table), dtype=bool), score, args.folds, settings, by="site", fit=fit_table)
        row = {"settings": json.dumps(overrides, sort_keys=True), "n": len(held)}
        for axis in ("frame", "tone"):
            row[f"{axis}_kappa"] = round(validate(held[f"{axis}_pred"], held[axis]).kappa, 4)
        rows.append(row)
        print(row, flush=True)
        pd.DataFrame(rows).to_csv(OUT, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fitting the accurate mode's embedding regressions (``python -m coopetition.model.accurate``, extra ``[accurate]``).

One logistic regression per axis reads the 384 numbers multilingual-e5-small gives a whole sentence
(:func:`coopetition.measures.labels_accurate.embed`), fitted on the training table of the fast model
(:func:`coopetition.model.train.training_table`: the same rows and sample weights); at labelling time its
probabilities are blended with the fast model's (:func:`coopetition.measures.labels_accurate.blend`). The
settings were chosen by site-disjoint cross-validation on the development pages
(``benchmarks/accurate_labels.py``, ``benchmarks/accurate_labels.csv``). The arrays are written to
``data/labels_accurate.npz`` (plain arrays, no pickle); the embeddings of the training text are never
committed, only cached in the user's cache folder.
"""

from __future__ import annotations

__all__ = ["ACCURATE_SETTINGS", "fit_embedding_model", "main"]

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from coopetition import paths
from coopetition.measures.labels_accurate import ACCURATE_FILE, DIMENSIONS, MODEL_NAME

#: chosen by site-disjoint CV on the development pages (benchmarks/accurate_labels.csv, row "blend, C and a
#: cross-fitted"): the regressions' C and the weight ``a`` of the embedding in the blend, per axis, the pair most
#: folds chose when both were chosen on the other folds (frame: C 4, a 0.4 in 3 of 5; tone: C 4, a 0.7 in 4 of 5)
ACCURATE_SETTINGS = {"C": 4.0, "frame_blend": 0.4, "tone_blend": 0.7}


def fit_embedding_model(
    embeddings: np.ndarray,
    frames: Sequence[str],
    tones: Sequence[str],
    *,
    sample_weight: np.ndarray | None = None,
    settings: dict | None = None,
) -> dict[str, np.ndarray]:
    """The two embedding regressions (class weights balanced, as the fast model's) as plain arrays:
    ``<axis>_classes``, ``<axis>_coef`` (classes × 384), ``<axis>_intercept``, ``<axis>_blend``.

    Raises:
        ValueError: ``embeddings`` is not one row of 384 numbers per label.
    """
    from sklearn.linear_model import LogisticRegression

    s = {**ACCURATE_SETTINGS, **(settings or {})}
    x = np.asarray(embeddings, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != DIMENSIONS or len(x) != len(frames) or len(x) != len(tones):
        raise ValueError(
            f"embeddings: need one row of {DIMENSIONS} numbers per sentence ({len(frames)}), got shape {x.shape}"
        )
    arrays: dict[str, np.ndarray] = {"model": np.array(MODEL_NAME)}
    for axis, labels in (("frame", frames), ("tone", tones)):
        clf = LogisticRegression(C=float(s["C"]), class_weight="balanced", max_iter=5000)
        clf.fit(x, list(labels), sample_weight=sample_weight)
        arrays[f"{axis}_classes"] = np.array(clf.classes_, dtype=str)
        arrays[f"{axis}_coef"] = clf.coef_.astype(np.float32)
        arrays[f"{axis}_intercept"] = clf.intercept_.astype(np.float32)
        arrays[f"{axis}_blend"] = np.array(float(s[f"{axis}_blend"]))
    return arrays


def training_rows(shared: Path | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """The fast model's training table and each row's weight (development pages ``devpages_weight``,
    constructed text ``constructed_weight``): what both models are fitted on."""
    from coopetition.model.train import SETTINGS, sample_weights, training_table

    table = training_table(shared)
    constructed = (table["set"] == "constructed").to_numpy()
    return table, sample_weights(table) * np.where(constructed, float(cast(float, SETTINGS["constructed_weight"])), 1.0)


def main(argv: Sequence[str] | None = None) -> int:
    """Embed the training table (cached in the user's cache folder) and write ``data/labels_accurate.npz``."""
    from coopetition.measures.labels import simplify_all
    from coopetition.measures.labels_accurate import embed

    parser = argparse.ArgumentParser(prog="python -m coopetition.model.accurate", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    args = parser.parse_args(argv)
    table, weights = training_rows(args.shared)
    embeddings = embed(simplify_all(table["text"]))
    arrays = fit_embedding_model(embeddings, table["frame"], table["tone"], sample_weight=weights)
    out = paths.project_root() / "src" / "coopetition" / "data" / ACCURATE_FILE
    np.savez_compressed(out, **cast("dict[str, Any]", arrays))
    print(f"{len(table)} training sentences; wrote {out} ({out.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

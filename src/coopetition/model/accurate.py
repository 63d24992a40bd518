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

__all__ = [
    "ACCURATE_SETTINGS",
    "fit_embedding_model",
    "adapt_embedding_model",
    "held_out_accurate",
    "CV_ACCURATE_FILE",
    "main",
]

import argparse
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from coopetition import paths
from coopetition.measures.labels_accurate import ACCURATE_FILE, DIMENSIONS, MODEL_NAME, embedded_proba
from coopetition.model.validation import CV_ACCURATE_FILE

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


def adapt_embedding_model(
    coded_embeddings: np.ndarray,
    frames: Sequence[str],
    tones: Sequence[str],
    settings: dict,
    *,
    arrays: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The accurate mode's embedding regressions (default the shipped ones) adapted to coded sentences, as the
    fast model is (:func:`coopetition.model.adapt.adapt_coefficients`, the labeller's ``settings``): the coded rows
    (weighed ``settings["weight"]``) and the package's written sentences (weight 1) pull the coefficients from the
    shipped ones only as far as the coding asks. The blend weights stay. Plain arrays, the shipped file's keys.

    Raises:
        ValueError: ``coded_embeddings`` is not one row of 384 numbers per label.
    """
    from coopetition.measures.labels_accurate import accurate_model
    from coopetition.model.adapt import adapt_coefficients, written

    x = np.asarray(coded_embeddings, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != DIMENSIONS or len(x) != len(frames) or len(x) != len(tones):
        raise ValueError(
            f"coded_embeddings: need one row of {DIMENSIONS} numbers per sentence ({len(frames)}), got shape {x.shape}"
        )
    extra = written()
    x = np.vstack([x, _written_embeddings()])
    weights = np.r_[np.full(len(frames), float(settings["weight"])), np.ones(len(extra))]
    out = dict(arrays if arrays is not None else accurate_model())
    for axis, labels in (
        ("frame", list(frames) + extra["frame"].tolist()),
        ("tone", list(tones) + extra["tone"].tolist()),
    ):
        classes = [str(c) for c in out[f"{axis}_classes"]]
        out[f"{axis}_coef"], out[f"{axis}_intercept"] = adapt_coefficients(
            x, labels, weights, out[f"{axis}_coef"], out[f"{axis}_intercept"], classes, settings, axis
        )
    return out


def held_out_accurate(
    table: pd.DataFrame,
    weights: np.ndarray,
    embeddings: np.ndarray,
    fast_cv: pd.DataFrame,
    settings: dict | None = None,
) -> pd.DataFrame:
    """The accurate mode's held-out predictions on the folds of the fast model's site-disjoint ones.

    For each fold of ``fast_cv`` (rows of ``data/labels_cv.csv`` of one scheme: ``id, site, fold`` and the
    ``p_<class>`` columns), the embedding regressions are fitted on every row of ``table`` (with its ``weights``
    and ``embeddings``) whose site the fold does not hold, and their probabilities on the fold's sentences are
    blended with the fast model's held-out ones there. Returns ``fast_cv`` with those probabilities and labels.

    Raises:
        ValueError: a held-out id is not in ``table``, or the lengths disagree.
    """
    from coopetition.measures.cues import FRAMES, TONES
    from coopetition.measures.labels_accurate import blend

    if not (len(table) == len(weights) == len(embeddings)):
        raise ValueError(
            f"table, weights and embeddings differ in length ({len(table)}, {len(weights)}, {len(embeddings)})"
        )
    row_of = {str(i): k for k, i in enumerate(table["id"])}
    unknown = sorted(set(fast_cv["id"].astype(str)) - set(row_of))
    if unknown:
        raise ValueError(f"fast_cv: {len(unknown)} ids are not in the training table, e.g. {unknown[0]!r}")
    out = fast_cv.reset_index(drop=True).copy()
    sites = table["site"].astype(str).to_numpy()
    for fold in sorted(set(out["fold"])):
        held = np.flatnonzero((out["fold"] == fold).to_numpy())
        rows = np.array([row_of[str(i)] for i in out["id"].iloc[held]])
        train = ~np.isin(sites, list(set(sites[rows])))
        arrays = fit_embedding_model(
            embeddings[train],
            table["frame"].to_numpy()[train],
            table["tone"].to_numpy()[train],
            sample_weight=weights[train],
            settings=settings,
        )
        x = np.asarray(embeddings[rows], dtype=np.float64)
        for axis, classes in (("frame", FRAMES), ("tone", TONES)):
            emb_p = embedded_proba(x, arrays, axis, classes)
            columns = [f"p_{c}" for c in classes]
            p = blend(out.loc[held, columns].to_numpy(dtype=np.float64), emb_p, float(arrays[f"{axis}_blend"]))
            out.loc[held, columns] = np.round(p, 4)
            out.loc[held, f"{axis}_pred"] = np.asarray(classes, dtype=object)[p.argmax(axis=1)]
    return out


@lru_cache(maxsize=1)
def _written_embeddings() -> np.ndarray:
    """The embeddings of :func:`~coopetition.model.adapt.written`'s sentences, computed once a process
    (every fit and every validation fold adds them). They are the package's own text, so they may live
    in the user's embedding cache. Read-only: the array is shared."""
    from coopetition.measures.labels import simplify_all
    from coopetition.measures.labels_accurate import embed
    from coopetition.model.adapt import written

    x = embed(simplify_all(written()["text"])).astype(np.float64)
    x.flags.writeable = False
    return x


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
    parser.add_argument(
        "--cv",
        action="store_true",
        help=f"also write data/{CV_ACCURATE_FILE}: held-out predictions on the shipped site-disjoint folds",
    )
    args = parser.parse_args(argv)
    table, weights = training_rows(args.shared)
    embeddings = embed(simplify_all(table["text"]))
    if args.cv:
        from coopetition.model.validation import shipped_predictions

        shipped = shipped_predictions()
        cv = held_out_accurate(table, weights, embeddings, shipped[shipped["scheme"] == "site-disjoint"])
        cv_path = paths.project_root() / "src" / "coopetition" / "data" / CV_ACCURATE_FILE
        cv.sort_values("id").to_csv(cv_path, index=False)
        print(f"wrote {cv_path} ({len(cv)} held-out sentences)")
    arrays = fit_embedding_model(embeddings, table["frame"], table["tone"], sample_weight=weights)
    out = paths.project_root() / "src" / "coopetition" / "data" / ACCURATE_FILE
    np.savez_compressed(out, **cast("dict[str, Any]", arrays))
    print(f"{len(table)} training sentences; wrote {out} ({out.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

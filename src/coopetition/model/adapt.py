"""How a linear frame and tone model is adapted to coded sentences: the shipped fast model's arrays
(:func:`adapt_shipped`) and the accurate mode's embedding regressions
(:func:`coopetition.model.accurate.adapt_embedding_model`) share :func:`adapt_coefficients`.
:mod:`coopetition.model.labeller` explains the method and uses it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from coopetition._data import read_text

__all__ = ["LabellerError", "adapt_coefficients", "adapt_shipped", "written", "shipped_arrays", "shipped_hash"]


class LabellerError(ValueError):
    """A labeller cannot be fitted, saved or read; the message names the argument or file and the reason."""


@lru_cache(maxsize=1)
def written() -> pd.DataFrame:
    """The coded sentences written for the package (``data/constructed_*.jsonl``): ``text, frame, tone``."""
    rows = []
    for name in ("constructed_sentences.jsonl", "constructed_articles.jsonl"):
        for line in read_text(name).splitlines():
            if line.strip() and not line.startswith("#"):
                r = json.loads(line)
                rows.append({"text": r["text"], "frame": r["frame"], "tone": r["tone"]})
    return pd.DataFrame(rows)


def shipped_arrays() -> dict[str, np.ndarray]:
    from importlib import resources

    from coopetition.measures.labels import MODEL_FILE

    with (
        resources.files("coopetition").joinpath("data", MODEL_FILE).open("rb") as handle,
        np.load(handle, allow_pickle=False) as data,
    ):
        return {key: data[key] for key in data.files}


def shipped_hash() -> str:
    from importlib import resources

    from coopetition.measures.labels import MODEL_FILE

    return hashlib.sha1(resources.files("coopetition").joinpath("data", MODEL_FILE).read_bytes()).hexdigest()[:12]


def design(texts: list[str]):
    """The shipped model's design matrix of ``texts`` (rows of :func:`coopetition.measures.labels.design_matrix`)."""
    from coopetition.measures.cues import sentence_cues
    from coopetition.measures.labels import design_matrix, model, simplify_all

    m = model()
    simplified = simplify_all(texts, "coded text")
    return design_matrix(
        simplified, [sentence_cues(s) for s in simplified], m.vectorizer, m.cue_weight, m.vector_weight
    )


@lru_cache(maxsize=1)
def written_design():
    """The written sentences' design matrix: the same for every fit in a process, built once."""
    return design(written()["text"].tolist())


def adapt_shipped(table: pd.DataFrame, settings: dict) -> dict[str, np.ndarray]:
    """The shipped model's arrays with coefficients adapted to the coded rows plus the written ones (module docstring)."""
    import scipy.sparse as sp

    extra = written()
    x = sp.vstack([design(table["text"].tolist()), written_design()], format="csr")
    frames = table["frame"].tolist() + extra["frame"].tolist()
    tones = table["tone"].tolist() + extra["tone"].tolist()
    weights = np.r_[np.full(len(table), float(settings["weight"])), np.ones(len(extra))]
    return adapt_arrays(x, frames, tones, weights, settings)


def adapt_arrays(
    x, frames: Sequence[str], tones: Sequence[str], weights: np.ndarray, settings: dict
) -> dict[str, np.ndarray]:
    """:func:`adapt_shipped` from the rows' design matrix ``x`` (the shipped model's features)."""
    from coopetition.measures.labels import model

    arrays = shipped_arrays()
    m = model()
    for axis, labels, classes in (("frame", frames, m.frame_classes), ("tone", tones, m.tone_classes)):
        arrays[f"{axis}_coef"], arrays[f"{axis}_intercept"] = adapt_coefficients(
            x, labels, weights, arrays[f"{axis}_coef"], arrays[f"{axis}_intercept"], classes, settings, axis
        )
    return arrays


def adapt_coefficients(
    x, labels: Sequence[str], weights: np.ndarray, coef, intercept, classes: Sequence[str], settings: dict, axis: str
) -> tuple[np.ndarray, np.ndarray]:
    """One axis of a fitted linear model (``coef`` classes × features, ``intercept``; rows in ``classes`` order)
    adapted to rows ``x`` (sparse or dense) and their ``labels`` and ``weights``: a logistic regression on the
    model's own log-odds (scaled by ``logit_scale``) and the features (scaled by ``feature_scale``), folded back
    into new coefficients of the same shape (the module docstring). Used for the fast model and for the accurate
    mode's embedding regressions.

    Raises:
        LabellerError: a class of ``classes`` has no row among ``labels``.
    """
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    scale, feature_scale = float(settings["logit_scale"]), float(settings["feature_scale"])
    coef, intercept = np.asarray(coef, dtype=np.float64), np.asarray(intercept, dtype=np.float64)
    # the model's log-odds, centred per row (a softmax reads only their differences)
    coef_c, intercept_c = coef - coef.mean(axis=0), intercept - intercept.mean()
    logits = np.asarray(x @ coef_c.T) + intercept_c
    missing = sorted(set(classes) - set(labels))
    if missing:
        raise LabellerError(
            f"coded: no sentence is coded {axis} {', '.join(missing)}, even among the package's written ones"
        )
    clf = LogisticRegression(C=float(settings["C"]), max_iter=5000, solver="lbfgs")
    clf.fit(
        sp.hstack([sp.csr_matrix(logits * scale), sp.csr_matrix(x) * feature_scale], format="csr"),
        list(labels),
        sample_weight=weights,
    )
    order = [list(clf.classes_).index(c) for c in classes]  # the model's class order
    k = len(classes)
    b, d, c = clf.coef_[order, :k] * scale, clf.coef_[order, k:] * feature_scale, clf.intercept_[order]
    return (b @ coef_c + d).astype(np.float32), (b @ intercept_c + c).astype(np.float32)

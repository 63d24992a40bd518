"""Validation of the frame and tone measurement against hand coding.

- :func:`validate` — agreement of any labels with gold labels: Cohen's κ,
  accuracy, the confusion matrix and per-class precision and recall.
- :func:`cross_validate` — article-held-out cross-validation (GroupKFold by
  article): the model is fitted on some articles and labels the others.
- :func:`cv_table` and :func:`confusion_table` — the tidy tables a notebook
  shows: κ per set and axis beside the readers' agreement, and the confusion
  matrix as ``gold, predicted, n`` rows. With no argument they read the
  held-out predictions shipped with the model (``data/labels_cv.csv``: ids and
  labels only), so they work where ``../shared/`` is absent.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coopetition._data import read_text
from coopetition.cues import FRAMES, TONES

__all__ = [
    "Validation", "validate", "cross_validate", "cv_table", "confusion_table", "shipped_predictions", "READERS_KAPPA",
    "kappa_from_matrix", "article_interval", "class_table",
]

CV_FILE = "labels_cv.csv"

#: agreement between the two independent readers (``../shared/gold/README.md``); the
#: 614 second-corpus sentences coded later for training (``data/coded_sentences.jsonl``)
#: had frame 0.80 and tone 0.86 between their two coders before adjudication
READERS_KAPPA = {("seeds", "frame"): 0.97, ("seeds", "tone"): 0.91, ("second corpus", "frame"): 0.96, ("second corpus", "tone"): 0.92}

#: the sets a cross-validation reports, each from its own fitting
CV_SCHEMES = ("seeds only", "second corpus only", "pooled")
#: resamples of the article bootstrap behind each κ's interval, and its fixed seed (the same interval every run)
BOOTSTRAP = 2000
BOOTSTRAP_SEED = 20261129


@dataclass(frozen=True)
class Validation:
    """Agreement of labels with hand coding.

    ``confusion`` has gold classes as rows and predicted classes as columns;
    ``per_class`` holds ``label, precision, recall, f1, support``.
    """

    n: int
    kappa: float
    accuracy: float
    macro_f1: float
    confusion: pd.DataFrame
    per_class: pd.DataFrame


def validate(labels: Sequence[str], gold: Sequence[str], *, classes: Sequence[str] | None = None) -> Validation:
    """Compare predicted labels with gold labels.

    Args:
        labels: predicted labels, one per sentence.
        gold: the hand-coded labels, in the same order.
        classes: label order for the tables (default: :data:`FRAMES` or
            :data:`TONES`, whichever holds every label, else sorted).

    Returns:
        A :class:`Validation`.

    Raises:
        ValueError: the two sequences differ in length or are empty.

    Example:
        >>> v = validate(["none", "competition"], ["none", "cooperation"])
        >>> v.accuracy, int(v.confusion.loc["cooperation", "competition"])
        (0.5, 1)
    """
    labels, gold = [str(x) for x in labels], [str(x) for x in gold]
    if len(labels) != len(gold):
        raise ValueError(f"labels and gold differ in length ({len(labels)} vs {len(gold)})")
    if not gold:
        raise ValueError("nothing to validate: no labels")
    seen = set(labels) | set(gold)
    if classes is None:
        classes = next((c for c in (FRAMES, TONES) if seen <= set(c)), sorted(seen))
    classes = list(classes)
    from sklearn.metrics import cohen_kappa_score, confusion_matrix, precision_recall_fscore_support

    matrix = confusion_matrix(gold, labels, labels=classes)
    precision, recall, f1, support = precision_recall_fscore_support(gold, labels, labels=classes, zero_division=0)
    present = [i for i, c in enumerate(classes) if c in gold]
    return Validation(
        n=len(gold),
        kappa=float(cohen_kappa_score(gold, labels)) if len(seen) > 1 else 1.0,
        accuracy=float(np.mean([a == b for a, b in zip(labels, gold)])),
        macro_f1=float(np.mean(f1[present])),
        confusion=pd.DataFrame(matrix, index=pd.Index(classes, name="gold"), columns=pd.Index(classes, name="predicted")),
        per_class=pd.DataFrame({"label": classes, "precision": precision, "recall": recall, "f1": f1, "support": support}),
    )


def kappa_from_matrix(matrix: np.ndarray) -> float:
    """Cohen's κ of a confusion matrix (gold rows, predicted columns): the same number as
    scikit-learn's ``cohen_kappa_score`` on the labels the matrix counts, for many matrices at
    once (a stack of shape ``(..., k, k)`` gives an array of κ)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    total = matrix.sum(axis=(-2, -1))
    observed = np.trace(matrix, axis1=-2, axis2=-1) / total
    expected = (matrix.sum(axis=-1) * matrix.sum(axis=-2)).sum(axis=-1) / total**2
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = np.where(expected < 1, (observed - expected) / (1 - expected), 1.0)
    return kappa if kappa.ndim else float(kappa)


def article_interval(labels: Sequence[str], gold: Sequence[str], articles: Sequence[str], *, classes: Sequence[str],
                     n_boot: int = BOOTSTRAP, level: float = 0.95, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """How much κ depends on which articles were coded: the percentile interval of κ over
    ``n_boot`` resamples of whole articles with replacement (sentences of one article are not
    independent, so they are drawn together).

    Returns:
        ``(low, high)``; both equal κ when there is one article.
    """
    labels, gold, articles = (np.asarray(list(x), dtype=object) for x in (labels, gold, articles))
    if not (len(labels) == len(gold) == len(articles)) or not len(labels):
        raise ValueError(f"labels, gold and articles must be equally long and not empty ({len(labels)}, {len(gold)}, {len(articles)})")
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    names, article_of = np.unique(articles, return_inverse=True)
    cells = np.array([index[g] for g in gold]) * k + np.array([index[p] for p in labels])
    per_article = np.zeros((len(names), k * k))
    np.add.at(per_article, (article_of, cells), 1)
    draws = np.random.default_rng(seed).integers(0, len(names), size=(n_boot, len(names)))
    weights = np.stack([np.bincount(draw, minlength=len(names)) for draw in draws])
    kappas = kappa_from_matrix((weights @ per_article).reshape(n_boot, k, k))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(kappas, [tail, 100 - tail])
    return float(low), float(high)


def _held_out(table: pd.DataFrame, train_mask: np.ndarray, score_mask: np.ndarray, n_splits: int, settings: dict | None) -> pd.DataFrame:
    """Fit on the ``train_mask`` rows of other articles, predict the ``score_mask`` rows, fold by fold."""
    from sklearn.model_selection import GroupKFold

    from coopetition.labels import model_from_arrays, predict
    from coopetition.train import fit_model

    groups = table["article"].to_numpy()
    scored = np.flatnonzero(score_mask)
    k = min(n_splits, len(set(groups[scored])))
    out = []
    for fold, (_, test) in enumerate(GroupKFold(n_splits=k).split(scored, groups=groups[scored])):
        test_rows = scored[test]
        held = set(groups[test_rows])
        train_rows = np.flatnonzero(train_mask & ~np.isin(groups, list(held)))
        train = table.iloc[train_rows]
        arrays = fit_model(train["text"], train["frame"], train["tone"], constructed=train["set"] == "constructed", settings=settings)
        frames, tones = predict(table["text"].iloc[test_rows], model_from_arrays(arrays))
        out.append(table.iloc[test_rows][["id", "set", "article", "frame", "tone"]].assign(fold=fold, frame_pred=frames, tone_pred=tones))
    return pd.concat(out, ignore_index=True)


def cross_validate(table: pd.DataFrame, *, n_splits: int = 6, settings: dict | None = None) -> pd.DataFrame:
    """Article-held-out cross-validation of the model, three ways.

    ``seeds only`` and ``second corpus only`` fit and score within one set;
    ``pooled`` fits on every other article of both sets (plus the constructed
    sentences, which are never scored) and scores each hand-coded sentence.

    Args:
        table: :func:`coopetition.train.training_table`.
        n_splits: folds (GroupKFold by ``article``; fewer when fewer articles).
        settings: model settings (see :data:`coopetition.train.SETTINGS`).

    Returns:
        ``scheme, id, set, article, fold, frame, tone, frame_pred, tone_pred``,
        sorted by scheme and id.
    """
    sets = table["set"].to_numpy()
    constructed = sets == "constructed"
    parts = []
    for scheme in CV_SCHEMES:
        if scheme == "pooled":
            train, score = np.ones(len(table), dtype=bool), ~constructed
        else:
            name = scheme.removesuffix(" only")
            train = score = sets == name
        if score.any():
            parts.append(_held_out(table, train, score, n_splits, settings).assign(scheme=scheme))
    columns = ["scheme", "id", "set", "article", "fold", "frame", "tone", "frame_pred", "tone_pred"]
    return pd.concat(parts, ignore_index=True)[columns].sort_values(["scheme", "id"], ignore_index=True)


def _shipped(kind: str, build) -> pd.DataFrame:
    """A table of the shipped held-out predictions, from the article cache when it was built
    before (the predictions are package data, so the cache key's package version covers
    them): a warm notebook run needs neither the bootstrap nor scikit-learn."""
    from coopetition.cache import memo

    return pd.DataFrame(memo(f"validation-{kind}", "shipped", lambda: build().to_dict("list")))


def shipped_predictions() -> pd.DataFrame:
    """The held-out predictions shipped with the model (``data/labels_cv.csv``)."""
    return pd.read_csv(io.StringIO(read_text(CV_FILE)), dtype=str).assign(fold=lambda t: t["fold"].astype(int))


def cv_table(predictions: pd.DataFrame | None = None) -> pd.DataFrame:
    """κ, accuracy and macro-F1 of held-out labels, per scheme, set and axis.

    Args:
        predictions: :func:`cross_validate` output (default: :func:`shipped_predictions`).

    Returns:
        ``scheme, set, axis, n, articles, kappa, kappa_low, kappa_high, accuracy,
        macro_f1, readers_kappa``, one row per scheme × scored set (and ``all`` for
        pooled) × axis, sorted; ``kappa_low``–``kappa_high`` is the 95% interval of
        κ over resamples of whole articles (:func:`article_interval`).
    """
    if predictions is None:
        return _shipped("cv", lambda: cv_table(shipped_predictions()))
    rows = []
    for scheme, part in predictions.groupby("scheme", sort=True):
        subsets = [(name, group) for name, group in part.groupby("set", sort=True)]
        if part["set"].nunique() > 1:
            subsets.append(("all", part))
        for name, group in subsets:
            for axis in ("frame", "tone"):
                v = validate(group[f"{axis}_pred"], group[axis])
                low, high = article_interval(group[f"{axis}_pred"], group[axis], group["article"],
                                             classes=FRAMES if axis == "frame" else TONES)
                rows.append({
                    "scheme": scheme, "set": name, "axis": axis, "n": v.n, "articles": group["article"].nunique(),
                    "kappa": round(v.kappa, 3), "kappa_low": round(low, 3), "kappa_high": round(high, 3),
                    "accuracy": round(v.accuracy, 3), "macro_f1": round(v.macro_f1, 3),
                    "readers_kappa": READERS_KAPPA.get((name, axis), np.nan),
                })
    return pd.DataFrame(rows).sort_values(["scheme", "set", "axis"], ignore_index=True)


def class_table(*, scheme: str = "pooled", predictions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of each class on held-out articles: which labels to trust least.

    Args:
        scheme: one of ``seeds only``, ``second corpus only``, ``pooled``.
        predictions: :func:`cross_validate` output (default: the shipped one).

    Returns:
        ``axis, label, precision, recall, f1, support`` (support: hand-coded sentences of
        the class), frame classes then tone classes in codebook order.
    """
    if predictions is None:
        return _shipped(f"classes-{scheme}", lambda: class_table(scheme=scheme, predictions=shipped_predictions()))
    part = predictions[predictions["scheme"] == scheme]
    if part.empty:
        raise ValueError(f"no held-out predictions for scheme {scheme!r}")
    tables = [
        validate(part[f"{axis}_pred"], part[axis], classes=FRAMES if axis == "frame" else TONES).per_class.assign(axis=axis)
        for axis in ("frame", "tone")
    ]
    table = pd.concat(tables, ignore_index=True)[["axis", "label", "precision", "recall", "f1", "support"]]
    return table.round({"precision": 3, "recall": 3, "f1": 3})


def confusion_table(axis: str = "frame", *, scheme: str = "pooled", set_name: str | None = None, predictions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The held-out confusion matrix as tidy rows ``gold, predicted, n`` (every pair, zeros included).

    Args:
        axis: ``frame`` or ``tone``.
        scheme: one of ``seeds only``, ``second corpus only``, ``pooled``.
        set_name: keep only this set's sentences (``seeds``, ``second corpus``); default all.
        predictions: :func:`cross_validate` output (default: the shipped one).
    """
    if axis not in ("frame", "tone"):
        raise ValueError(f"axis must be 'frame' or 'tone', not {axis!r}")
    if predictions is None:
        return _shipped(f"confusion-{axis}-{scheme}-{set_name}",
                        lambda: confusion_table(axis, scheme=scheme, set_name=set_name, predictions=shipped_predictions()))
    part = predictions[predictions["scheme"] == scheme]
    if set_name is not None:
        part = part[part["set"] == set_name]
    if part.empty:
        raise ValueError(f"no held-out predictions for scheme {scheme!r} and set {set_name!r}")
    classes = FRAMES if axis == "frame" else TONES
    matrix = validate(part[f"{axis}_pred"], part[axis], classes=classes).confusion
    return matrix.stack().rename("n").reset_index()

"""Validation of the frame and tone measurement against hand coding.

- :func:`validate` — agreement of any labels with gold labels: Cohen's κ,
  accuracy, the confusion matrix and per-class precision and recall.
- :func:`cross_validate` — cross-validation two ways, pooled over every set of
  real text: article-disjoint (GroupKFold by article) and site-disjoint
  (GroupKFold by site: a development page, a seed article, the second corpus's
  crawl of one site); the model is fitted on some groups and labels the others.
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
from coopetition.measures.cues import FRAMES, TONES

__all__ = [
    "Validation",
    "validate",
    "cross_validate",
    "cv_table",
    "confusion_table",
    "shipped_predictions",
    "READERS_KAPPA",
    "kappa_from_matrix",
    "article_interval",
    "class_table",
    "validation_summary",
    "CV_SCHEMES",
    "SCORED_SETS",
]

CV_FILE = "labels_cv.csv"
#: the accurate mode's held-out predictions on the same site-disjoint folds (``python -m coopetition.model.accurate --cv``):
#: what its share correction (:func:`coopetition.model.quantify.corrected_shares` with ``mode="accurate"``) is fitted on
CV_ACCURATE_FILE = "labels_cv_accurate.csv"
#: the held-out probability columns of :func:`cross_validate`, frame classes then tone classes
PROBABILITY_COLUMNS = (*(f"p_{c}" for c in FRAMES), *(f"p_{c}" for c in TONES))

#: agreement between the two independent readers (``../shared/gold/README.md``); the
#: 614 second-corpus sentences coded later for training (``data/coded_sentences.jsonl``)
#: had frame 0.80 and tone 0.86 between their two coders before adjudication
READERS_KAPPA = {
    ("seeds", "frame"): 0.97,
    ("seeds", "tone"): 0.91,
    ("second corpus", "frame"): 0.96,
    ("second corpus", "tone"): 0.92,
    ("devpages", "frame"): 0.92,
    ("devpages", "tone"): 0.90,  # ../shared/devpages/SOURCES.md: two coders before the third reading
}

#: the cross-validations :func:`cross_validate` runs, and the column of the training table each groups by
CV_SCHEMES = {"article-disjoint": "article", "site-disjoint": "site"}
#: the sets of real text a cross-validation scores (constructed text is only ever trained on)
SCORED_SETS = ("seeds", "second corpus", "devpages")
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
        confusion=pd.DataFrame(
            matrix, index=pd.Index(classes, name="gold"), columns=pd.Index(classes, name="predicted")
        ),
        per_class=pd.DataFrame(
            {"label": classes, "precision": precision, "recall": recall, "f1": f1, "support": support}
        ),
    )


def kappa_from_matrix(matrix: np.ndarray) -> np.ndarray | float:
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


def article_interval(
    labels: Sequence[str] | np.ndarray,
    gold: Sequence[str] | np.ndarray,
    articles: Sequence[str] | np.ndarray,
    *,
    classes: Sequence[str],
    n_boot: int = BOOTSTRAP,
    level: float = 0.95,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """How much κ depends on which articles were coded: the percentile interval of κ over
    ``n_boot`` resamples of whole articles with replacement (sentences of one article are not
    independent, so they are drawn together).

    Returns:
        ``(low, high)``; both equal κ when there is one article.
    """
    labels, gold, articles = (np.asarray(list(x), dtype=object) for x in (labels, gold, articles))
    if not (len(labels) == len(gold) == len(articles)) or not len(labels):
        raise ValueError(
            f"labels, gold and articles must be equally long and not empty ({len(labels)}, {len(gold)}, {len(articles)})"
        )
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


def _held_out(
    table: pd.DataFrame,
    train_mask: np.ndarray,
    score_mask: np.ndarray,
    n_splits: int,
    settings: dict | None,
    by: str = "article",
    *,
    fit,
) -> pd.DataFrame:
    """Fit on the ``train_mask`` rows of other groups (``by``: article or site), predict the ``score_mask`` rows, fold by fold."""
    from sklearn.model_selection import GroupKFold

    from coopetition.measures.labels import model_from_arrays, predict_proba

    groups = table[by].to_numpy()
    scored = np.flatnonzero(score_mask)
    k = min(n_splits, len(set(groups[scored])))
    out = []
    for fold, (_, test) in enumerate(GroupKFold(n_splits=k).split(scored, groups=groups[scored])):
        test_rows = scored[test]
        held = set(groups[test_rows])
        train_rows = np.flatnonzero(train_mask & ~np.isin(groups, list(held)))
        train = table.iloc[train_rows]
        arrays = fit(train, settings)
        m = model_from_arrays(arrays)
        frame_p, tone_p = predict_proba(table["text"].iloc[test_rows], m)
        part = table.iloc[test_rows][["id", "set", "article", "site", "frame", "tone"]].assign(
            fold=fold,
            frame_pred=[m.frame_classes[k] for k in frame_p.argmax(axis=1)],
            tone_pred=[m.tone_classes[k] for k in tone_p.argmax(axis=1)],
        )
        # the held-out probabilities, in codebook order: what the corrected shares (coopetition.model.quantify) are fitted on
        for axis, proba, classes, names in (
            ("frame", frame_p, m.frame_classes, FRAMES),
            ("tone", tone_p, m.tone_classes, TONES),
        ):
            for name in names:
                part[f"p_{name}"] = np.round(proba[:, classes.index(name)], 4) if name in classes else 0.0
        out.append(part)
    return pd.concat(out, ignore_index=True)


def cross_validate(
    table: pd.DataFrame,
    *,
    fit,
    n_splits: int = 5,
    settings: dict | None = None,
    schemes: Sequence[str] = tuple(CV_SCHEMES),
) -> pd.DataFrame:
    """Cross-validation of the model, article-disjoint and site-disjoint.

    Each scheme fits on every other group of every set (the constructed
    sentences are always in training and never scored) and scores each
    hand-coded sentence of real text (:data:`SCORED_SETS`) once, from the fold
    that held its group out. ``article-disjoint`` groups by article (a
    development page is an article); ``site-disjoint`` by site (a development
    page, a seed article, the second corpus's qq.com crawl as one site), which
    is what a new crawl meets.

    Args:
        table: :func:`coopetition.model.train.training_table`.
        fit: ``fit(rows, settings)`` → the model's arrays, fitted on some rows of ``table``
            (:func:`coopetition.model.train.fit_table`; passed in, so validation imports no training code).
        n_splits: folds (GroupKFold; fewer when fewer groups).
        settings: model settings (see :data:`coopetition.model.train.SETTINGS`).
        schemes: which of :data:`CV_SCHEMES` to run.

    Returns:
        ``scheme, id, set, article, site, fold, frame, tone, frame_pred, tone_pred``
        and the held-out probabilities ``p_<class>`` of every frame and tone class,
        sorted by scheme and id.
    """
    unknown = [s for s in schemes if s not in CV_SCHEMES]
    if unknown:
        raise ValueError(f"schemes: {unknown[0]!r} is not one of {tuple(CV_SCHEMES)}")
    score = table["set"].isin(SCORED_SETS).to_numpy()
    train = np.ones(len(table), dtype=bool)
    parts = [
        _held_out(table, train, score, n_splits, settings, by=CV_SCHEMES[scheme], fit=fit).assign(scheme=scheme)
        for scheme in schemes
    ]
    columns = [
        "scheme",
        "id",
        "set",
        "article",
        "site",
        "fold",
        "frame",
        "tone",
        "frame_pred",
        "tone_pred",
        *PROBABILITY_COLUMNS,
    ]
    return pd.concat(parts, ignore_index=True)[columns].sort_values(["scheme", "id"], ignore_index=True)


def _shipped(kind: str, build) -> pd.DataFrame:
    """A table of the shipped held-out predictions, from the article cache when it was built
    before (the predictions are package data, so the cache key's package version covers
    them): a warm notebook run needs neither the bootstrap nor scikit-learn."""
    from coopetition.cache import memo

    return pd.DataFrame(memo(f"validation-{kind}", "shipped", lambda: build().to_dict("list")))


def shipped_predictions(mode: str = "fast") -> pd.DataFrame:
    """The held-out predictions shipped with the model (``data/labels_cv.csv``); ``mode="accurate"``: the
    accurate mode's on the site-disjoint folds (``data/labels_cv_accurate.csv``)."""
    from coopetition.measures.labels_accurate import check_mode

    check_mode(mode, "shipped_predictions(mode=…)")
    table = pd.read_csv(io.StringIO(read_text(CV_FILE if mode == "fast" else CV_ACCURATE_FILE)), dtype=str).assign(
        fold=lambda t: t["fold"].astype(int)
    )
    present = [c for c in PROBABILITY_COLUMNS if c in table.columns]
    return table.astype({c: np.float64 for c in present})


def cv_table(predictions: pd.DataFrame | None = None) -> pd.DataFrame:
    """κ, accuracy and macro-F1 of held-out labels, per scheme, set and axis.

    Args:
        predictions: :func:`cross_validate` output (default: :func:`shipped_predictions`).

    Returns:
        ``scheme, set, axis, n, articles, sites, kappa, kappa_low, kappa_high, accuracy,
        macro_f1, readers_kappa``, one row per scheme × scored set (and ``all``) ×
        axis, sorted; ``kappa_low``–``kappa_high`` is the 95% interval of κ over
        resamples of the scheme's groups, whole articles or whole sites
        (:func:`article_interval`).
    """
    if predictions is None:
        return _shipped("cv", lambda: cv_table(shipped_predictions()))
    rows = []
    for scheme, part in predictions.groupby("scheme", sort=True):
        subsets = [(name, group) for name, group in part.groupby("set", sort=True)]
        if part["set"].nunique() > 1:
            subsets.append(("all", part))
        by = CV_SCHEMES.get(scheme, "article")
        for name, group in subsets:
            for axis in ("frame", "tone"):
                v = validate(group[f"{axis}_pred"], group[axis])
                low, high = article_interval(
                    group[f"{axis}_pred"], group[axis], group[by], classes=FRAMES if axis == "frame" else TONES
                )
                rows.append(
                    {
                        "scheme": scheme,
                        "set": name,
                        "axis": axis,
                        "n": v.n,
                        "articles": group["article"].nunique(),
                        "sites": group["site"].nunique(),
                        "kappa": round(v.kappa, 3),
                        "kappa_low": round(low, 3),
                        "kappa_high": round(high, 3),
                        "accuracy": round(v.accuracy, 3),
                        "macro_f1": round(v.macro_f1, 3),
                        "readers_kappa": READERS_KAPPA.get((name, axis), np.nan),
                    }
                )
    return pd.DataFrame(rows).sort_values(["scheme", "set", "axis"], ignore_index=True)


def apply_bias(predictions: pd.DataFrame, axis: str, bias: np.ndarray, rows: np.ndarray | None = None) -> pd.DataFrame:
    """``predictions`` with the ``axis`` probabilities of ``rows`` (default all) shifted by ``bias`` (log-odds,
    classes in codebook order) and renormalised, and the predicted labels re-read from them."""
    classes = FRAMES if axis == "frame" else TONES
    columns = [f"p_{c}" for c in classes]
    out = predictions.copy()
    rows = np.arange(len(out)) if rows is None else rows
    shifted = out[columns].to_numpy(dtype=np.float64)[rows] * np.exp(np.asarray(bias, dtype=np.float64))
    shifted /= shifted.sum(axis=1, keepdims=True)
    out.loc[out.index[rows], columns] = np.round(shifted, 4)
    out.loc[out.index[rows], f"{axis}_pred"] = np.asarray(classes, dtype=object)[shifted.argmax(axis=1)]
    return out


def cross_fitted_bias(predictions: pd.DataFrame, *, class_bias) -> pd.DataFrame:
    """Held-out predictions with the class biases of :func:`coopetition.model.train.class_bias` applied honestly:
    each fold's sentences get the biases fitted on the other folds' held-out probabilities (of the same
    scheme), so no sentence is judged by a bias fitted on it. ``class_bias``: that function
    (passed in, so validation imports no training code)."""

    out = predictions.reset_index(drop=True).copy()
    for scheme in sorted(set(out["scheme"])):
        in_scheme = (out["scheme"] == scheme).to_numpy()
        for fold in sorted(set(out.loc[in_scheme, "fold"])):
            held = np.flatnonzero(in_scheme & (out["fold"] == fold).to_numpy())
            other = in_scheme & (out["fold"] != fold).to_numpy()
            for axis in ("frame", "tone"):
                classes = FRAMES if axis == "frame" else TONES
                bias = class_bias(
                    predictions.reset_index(drop=True).loc[other, [f"p_{c}" for c in classes]].to_numpy(),
                    predictions.reset_index(drop=True).loc[other, axis],
                    classes,
                )
                out = apply_bias(out, axis, bias, held)
    return out


def validation_summary(predictions: pd.DataFrame, settings: dict | None = None) -> dict:
    """The cross-validation in one JSON-ready dict (``benchmarks/labels_validation.json``):
    :func:`cv_table`'s rows, and the confusion matrix of each scheme and axis over every scored
    sentence and over the development pages alone (gold → predicted → count)."""
    out: dict = {
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in sorted((settings or {}).items())},
        "table": cv_table(predictions).to_dict("records"),
        "confusion": {},
    }
    for scheme in sorted(set(predictions["scheme"])):
        for subset in (None, "devpages"):
            for axis in ("frame", "tone"):
                part = predictions[predictions["scheme"] == scheme]
                if subset:
                    part = part[part["set"] == subset]
                if part.empty:
                    continue
                classes = FRAMES if axis == "frame" else TONES
                matrix = validate(part[f"{axis}_pred"], part[axis], classes=classes).confusion
                out["confusion"][f"{scheme}|{subset or 'all'}|{axis}"] = {
                    g: {p: int(matrix.loc[g, p]) for p in classes} for g in classes
                }
    return out


def class_table(*, scheme: str = "site-disjoint", predictions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of each class on held-out articles: which labels to trust least.

    Args:
        scheme: one of :data:`CV_SCHEMES` (``article-disjoint``, ``site-disjoint``).
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
        validate(part[f"{axis}_pred"], part[axis], classes=FRAMES if axis == "frame" else TONES).per_class.assign(
            axis=axis
        )
        for axis in ("frame", "tone")
    ]
    table = pd.concat(tables, ignore_index=True)[["axis", "label", "precision", "recall", "f1", "support"]]
    return table.round({"precision": 3, "recall": 3, "f1": 3})


def confusion_table(
    axis: str = "frame",
    *,
    scheme: str = "site-disjoint",
    set_name: str | None = None,
    predictions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The held-out confusion matrix as tidy rows ``gold, predicted, n`` (every pair, zeros included).

    Args:
        axis: ``frame`` or ``tone``.
        scheme: one of :data:`CV_SCHEMES` (``article-disjoint``, ``site-disjoint``).
        set_name: keep only this set's sentences (``seeds``, ``second corpus``, ``devpages``); default all.
        predictions: :func:`cross_validate` output (default: the shipped one).
    """
    if axis not in ("frame", "tone"):
        raise ValueError(f"axis must be 'frame' or 'tone', not {axis!r}")
    if predictions is None:
        return _shipped(
            f"confusion-{axis}-{scheme}-{set_name}",
            lambda: confusion_table(axis, scheme=scheme, set_name=set_name, predictions=shipped_predictions()),
        )
    part = predictions[predictions["scheme"] == scheme]
    if set_name is not None:
        part = part[part["set"] == set_name]
    if part.empty:
        raise ValueError(f"no held-out predictions for scheme {scheme!r} and set {set_name!r}")
    classes = FRAMES if axis == "frame" else TONES
    matrix = validate(part[f"{axis}_pred"], part[axis], classes=classes).confusion
    return matrix.stack().rename("n").reset_index()


#: the frozen model's score on the test half of the development pages (benchmarks/score_devpages_labels.py --half test)
FROZEN_TEST_FILE = "devpages_labels_test.json"


def frozen_test_score() -> dict | None:
    """The shipped model's frozen score on sites never trained or tuned on, or None before it was run.

    Read from the package data, so a report run from a wheel shows it too.
    """
    import json

    try:
        return json.loads(read_text(FROZEN_TEST_FILE))
    except FileNotFoundError:
        return None

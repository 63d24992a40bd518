"""Frame and tone shares corrected for the labeller's known errors (quantification with QuaPy).

Counting a corpus's labels (classify and count) carries the model's errors into
the shares: a class the model under-calls comes out too small. The model's
errors are known from its site-disjoint cross-validation on the hand-coded
sentences (``data/labels_cv.csv``: the held-out label and probabilities of every
coded sentence of real text), so a quantification method can undo them:

- ``CC`` / ``PCC``: classify and count, on labels / on probabilities (no correction);
- ``ACC`` / ``PACC``: the same, adjusted by the misclassification rates (solved
  for the shares that would produce the counts seen);
- ``EMQ``: expectation-maximisation of the class priors over the probabilities.

The method of each axis (:data:`METHOD`) was chosen by the site-grouped
simulation of ``benchmarks/quantify_validation.py`` on the coded development
data (held-out sites, class priors shifted at random), which also measures how
often the intervals cover the coders' shares. The correction is always fitted
on the coded sentences, never on the corpus being measured. QuaPy is imported
on first use (it takes seconds to import).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from coopetition.measures.cues import FRAMES, TONES

__all__ = [
    "METHODS",
    "METHOD",
    "METHOD_ACCURATE",
    "corrected_shares",
    "estimate_shares",
    "calibration_table",
    "N_BOOT",
    "SEED",
]

#: the quantification methods offered (QuaPy's aggregative quantifiers)
METHODS = ("CC", "PCC", "ACC", "PACC", "EMQ")
#: the method of each axis, chosen by the lowest mean absolute error in the site-grouped
#: simulation of benchmarks/quantify_validation.py (benchmarks/quantify_validation.json; a test checks they agree)
METHOD = {"frame": "PACC", "tone": "PACC"}
#: the same choice for the accurate mode's probabilities (``--mode accurate``: benchmarks/quantify_validation_accurate.json)
METHOD_ACCURATE = {"frame": "ACC", "tone": "PACC"}
#: bootstrap resamples behind each interval, and the fixed seed (the same interval every run)
N_BOOT = 500
SEED = 20261207

_CLASSES = {"frame": FRAMES, "tone": TONES}


def _sorted_classes(axis: str) -> list[str]:
    # QuaPy works with sorted class names, as scikit-learn's classes_ are
    return sorted(_CLASSES[axis])


def _aggregative():
    """QuaPy's aggregative methods, imported so that the user's Matplotlib settings survive: importing
    QuaPy runs its plot module, which sets the global figure size, dpi and font size."""
    import sys

    if "quapy" not in sys.modules:
        import matplotlib

        with matplotlib.rc_context():
            import quapy.method.aggregative  # noqa: F401
    return sys.modules["quapy.method.aggregative"]


def _quantifier(method: str, classes: Sequence[str]):
    """A QuaPy quantifier over precomputed probabilities (the columns of ``classes``)."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    agg = _aggregative()

    class _Posteriors(ClassifierMixin, BaseEstimator):
        """A classifier whose input is already its output: rows of class probabilities."""

        def fit(self, X, y):  # noqa: N803 (scikit-learn's argument names)
            self.classes_ = np.asarray(classes)
            return self

        def predict_proba(self, X):  # noqa: N803
            return np.asarray(X, dtype=np.float64)

        decision_function = predict_proba

        def predict(self, X):  # noqa: N803
            return self.classes_[np.asarray(X).argmax(axis=1)]

    fitted = _Posteriors().fit(None, None)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    cls = getattr(agg, method)
    return cls(fitted, fit_classifier=False) if method == "CC" else cls(fitted, fit_classifier=False, val_split=None)


def estimate_shares(
    cal_proba: np.ndarray, cal_gold: Sequence[str], proba: np.ndarray, *, axis: str, method: str
) -> np.ndarray:
    """The class shares of the sentences whose probabilities are ``proba``, corrected by ``method``
    fitted on the coded sentences' held-out probabilities ``cal_proba`` and gold labels ``cal_gold``.

    Probabilities are columns in the sorted order of the axis's classes; so is the result.
    """
    import warnings

    classes = _sorted_classes(axis)
    q = _quantifier(method, classes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q.fit(np.asarray(cal_proba, dtype=np.float64), np.asarray(cal_gold))
        return np.asarray(q.predict(np.asarray(proba, dtype=np.float64)), dtype=np.float64)


def calibration_table(
    predictions: pd.DataFrame | None = None, *, scheme: str = "site-disjoint", mode: str = "fast"
) -> pd.DataFrame:
    """The coded sentences the correction is fitted on: their held-out labels and probabilities
    from the site-disjoint cross-validation (default: the shipped ``data/labels_cv.csv``; for
    ``mode="accurate"``, the accurate mode's on the same folds, ``data/labels_cv_accurate.csv``)."""
    from coopetition.measures.labels_accurate import check_mode
    from coopetition.model.validation import shipped_predictions

    if predictions is None:
        predictions = shipped_predictions(check_mode(mode, "calibration_table(mode=…)"))
    part = predictions[predictions["scheme"] == scheme]
    if part.empty:
        raise ValueError(f"calibration: no held-out predictions for scheme {scheme!r}")
    return part.reset_index(drop=True)


def _proba_matrix(table: pd.DataFrame, axis: str) -> np.ndarray:
    return table[[f"p_{c}" for c in _sorted_classes(axis)]].to_numpy(dtype=np.float64)


def _sentence_probabilities(sentences: pd.DataFrame, mode: str = "fast") -> pd.DataFrame:
    """``p_<class>`` columns for every frame and tone class: kept when the table has them,
    else computed by the shipped model in ``mode`` from the ``sentence`` (or ``text``) column."""
    wanted = [f"p_{c}" for c in (*FRAMES, *TONES)]
    if all(c in sentences.columns for c in wanted):
        return sentences[wanted].astype(np.float64)
    column = "sentence" if "sentence" in sentences.columns else "text" if "text" in sentences.columns else None
    if column is None:
        raise ValueError("sentences: need a 'sentence' or 'text' column (or the p_<class> probability columns)")
    from coopetition.measures.labels import accurate_proba, model, predict_proba

    m = model()
    texts = sentences[column].tolist()
    frame_p, tone_p = predict_proba(texts, m) if mode == "fast" else accurate_proba(texts)
    out = {f"p_{c}": frame_p[:, m.frame_classes.index(c)] for c in FRAMES}
    out |= {f"p_{c}": tone_p[:, m.tone_classes.index(c)] for c in TONES}
    return pd.DataFrame(out, index=sentences.index)


def _groups(sentences: pd.DataFrame, by: str | None) -> list[tuple[str, np.ndarray]]:
    if by is None:
        return [("all", np.arange(len(sentences)))]
    if by not in sentences.columns:
        raise ValueError(f"by: the sentences have no column {by!r} (have {', '.join(map(str, sentences.columns))})")
    keys = sentences[by].astype(str).to_numpy()
    return [(key, np.flatnonzero(keys == key)) for key in sorted(set(keys))]


def corrected_shares(
    sentences: pd.DataFrame,
    by: str | None = None,
    *,
    method: dict[str, str] | str | None = None,
    calibration: pd.DataFrame | None = None,
    n_boot: int = N_BOOT,
    level: float = 0.95,
    seed: int = SEED,
    mode: str = "fast",
) -> pd.DataFrame:
    """Frame and tone shares of a sentence table, raw and corrected for the labeller's errors, with intervals.

    Args:
        sentences: one row per sentence (:func:`coopetition.measures.sentences.sentence_table`, or any table
            with a ``sentence`` or ``text`` column, or with the ``p_<class>`` probability columns).
        by: a column to give shares per group of (``outlet``, ``period``, ``doc_id``…); default one
            row set for the whole table, named ``all``.
        method: a :data:`METHODS` name for both axes, or ``{"frame": …, "tone": …}``; default :data:`METHOD`
            (:data:`METHOD_ACCURATE` in the accurate mode).
        calibration: the coded sentences' held-out predictions to fit the correction on (default the
            site-disjoint rows of the shipped ``data/labels_cv.csv``; see :func:`calibration_table`).
        n_boot: bootstrap resamples for the intervals (0: no intervals). Each resample draws the coded
            sentences by whole site (the correction's own uncertainty) and the group's sentences
            (its sampling), and refits the correction.
        level: the intervals' coverage.
        seed: the bootstrap's seed.
        mode: ``fast`` (default) or ``accurate``: whose probabilities the sentences get (when the table has no
            ``p_<class>`` columns) and whose held-out probabilities the correction is fitted on (the default
            calibration: :func:`calibration_table` of that mode). The accurate mode needs the extra ``[accurate]``.

    Returns:
        ``group, axis, label, n, raw_share, corrected_share, low, high, method``: one row per group,
        axis and class (codebook order); ``raw_share`` is the share of the sentences' labels
        (classify and count), ``corrected_share`` the method's estimate and ``low``–``high`` its
        percentile interval.

    Raises:
        ValueError: ``by`` names no column, ``method`` is unknown, ``level`` is not in (0, 1) or the
            table is empty.
    """
    if not isinstance(sentences, pd.DataFrame) or sentences.empty:
        raise ValueError("sentences: need a non-empty DataFrame of sentences")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    from coopetition.measures.labels_accurate import check_mode

    default = METHOD if check_mode(mode, "corrected_shares(mode=…)") == "fast" else METHOD_ACCURATE
    methods = (
        dict(default)
        if method is None
        else {"frame": method, "tone": method}
        if isinstance(method, str)
        else {**default, **method}
    )
    for axis, name in methods.items():
        if name not in METHODS:
            raise ValueError(f"method for {axis}: {name!r} is not one of {METHODS}")
    cal = calibration_table(mode=mode) if calibration is None else calibration
    proba = _sentence_probabilities(sentences, mode)
    groups = _groups(sentences, by)
    rng = np.random.default_rng(seed)
    sites = cal["site"].astype(str).to_numpy() if "site" in cal.columns else np.arange(len(cal)).astype(str)
    site_names, site_of = np.unique(sites, return_inverse=True)
    members = [np.flatnonzero(site_of == k) for k in range(len(site_names))]
    rows = []
    for axis in ("frame", "tone"):
        classes = _sorted_classes(axis)
        cal_p, cal_y = _proba_matrix(cal, axis), cal[axis].to_numpy()
        p = _proba_matrix(proba, axis)
        # the same resamples of the coded sentences serve every group of this axis
        draws = [
            np.concatenate([members[k] for k in rng.integers(0, len(members), len(members))]) for _ in range(n_boot)
        ]
        for key, index in groups:
            gp = p[index]
            raw = np.bincount(gp.argmax(axis=1), minlength=len(classes)) / len(index)
            estimate = estimate_shares(cal_p, cal_y, gp, axis=axis, method=methods[axis])
            if n_boot:
                boot = np.array(
                    [
                        estimate_shares(
                            cal_p[d],
                            cal_y[d],
                            gp[rng.integers(0, len(index), len(index))],
                            axis=axis,
                            method=methods[axis],
                        )
                        for d in draws
                    ]
                )
                tail = (1 - level) / 2 * 100
                low, high = np.percentile(boot, [tail, 100 - tail], axis=0)
            else:
                low = high = np.full(len(classes), np.nan)
            for label in _CLASSES[axis]:
                j = classes.index(label)
                rows.append(
                    {
                        "group": key,
                        "axis": axis,
                        "label": label,
                        "n": len(index),
                        "raw_share": round(float(raw[j]), 4),
                        "corrected_share": round(float(estimate[j]), 4),
                        "low": round(float(low[j]), 4),
                        "high": round(float(high[j]), 4),
                        "method": methods[axis],
                    }
                )
    return pd.DataFrame(
        rows, columns=["group", "axis", "label", "n", "raw_share", "corrected_share", "low", "high", "method"]
    )

"""A two-pass (stacked) furniture model, cross-validated by site: a comparison, not shipped.

The second pass is a logistic regression over what the first pass
(:mod:`coopetition.model.furniture_train`'s logistic model with its vocabulary)
says about a line's neighbourhood (:data:`STACK_FEATURES`): the line's own
log-odds, those of the lines one and two before and after (after the decision
rules of :func:`coopetition.text.furniture.decide`), the page's mean, the run
of lines on the same side of 0.5 the line stands in, whether it stands before
or after the longest run of low scores (the body), and the page's share of
high scores. Its training rows carry first-pass scores that are out of fold
*inside* each outer training fold (nested), so the outer CV stays honest.

``python -m coopetition.model.furniture_train`` reports it under
``models["stacked ..."]`` of ``data/furniture_cv.json``; it did not validate
(docs/cleaning.md), so the shipped model is the first pass alone.
"""

from __future__ import annotations

import numpy as np

__all__ = ["STACK_FEATURES", "stack_features", "stacked_out_of_fold"]

STACK_FEATURES: tuple[str, ...] = (
    "own",
    "prev1",
    "next1",
    "prev2",
    "next2",
    "page_mean",
    "run",
    "before_body",
    "after_body",
    "page_high",
)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def _page(raw: np.ndarray, decided: np.ndarray) -> np.ndarray:
    n = len(raw)
    own, ld = _logit(raw), _logit(decided)
    mean = float(ld.mean())
    padded = np.concatenate([np.full(2, mean), ld, np.full(2, mean)])
    high = decided > 0.5
    run = np.zeros(n)
    starts = np.flatnonzero(np.concatenate([[True], high[1:] != high[:-1]]))
    ends = np.concatenate([starts[1:], [n]])
    body, longest = (0, 0), -1
    for s, e in zip(starts.tolist(), ends.tolist()):
        run[s:e] = (e - s) * (1 if high[s] else -1)
        if not high[s] and e - s > longest:
            body, longest = (s, e), e - s
    at = np.arange(n)
    return np.column_stack(
        [
            own,
            padded[1 : n + 1],
            padded[3 : n + 3],
            padded[0:n],
            padded[4 : n + 4],
            np.full(n, mean),
            np.sign(run) * np.log1p(np.abs(run)),
            (at < body[0]).astype(float),
            (at >= body[1]).astype(float),
            np.full(n, float(high.mean())),
        ]
    )


def stack_features(raw: np.ndarray, x: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The :data:`STACK_FEATURES` of rows (whole pages, ``groups`` naming each row's page)
    from their first-pass probabilities ``raw`` and dense columns ``x``."""
    from coopetition.text.furniture import decide

    decided = decide(raw, x)
    out = np.zeros((len(raw), len(STACK_FEATURES)))
    for g in np.unique(groups):
        rows = groups == g
        out[rows] = _page(raw[rows], decided[rows])
    return out


def stacked_out_of_fold(x, y, groups, first_pass, *, c: float = 0.1, folds: int = 5) -> np.ndarray:
    """Site-grouped out-of-fold second-pass probabilities of every development line (nested:
    the second pass of each outer fold learns from first-pass scores out of fold inside it).

    Args:
        first_pass: ``first_pass(train_rows, test_rows)``, the first pass fitted on the training
            rows (whole pages) and its probabilities of the test rows (the trainer's logistic model).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    out = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        inner = np.zeros(len(train))
        for tr, te in GroupKFold(n_splits=folds).split(train, train, groups[train]):
            inner[te] = first_pass(train[tr], train[te])
        s_train = stack_features(inner, x[train], groups[train])
        s_test = stack_features(first_pass(train, test), x[test], groups[test])
        mean, scale = s_train.mean(axis=0), s_train.std(axis=0)
        scale[scale < 1e-9] = 1.0
        clf = LogisticRegression(C=c, max_iter=5000).fit((s_train - mean) / scale, y[train])
        out[test] = clf.predict_proba((s_test - mean) / scale)[:, 1]
    return out

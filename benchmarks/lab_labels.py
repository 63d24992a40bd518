"""Issue 24, round 3: decision rules tuned for κ, and other classifiers for the accurate mode's frame.

Every candidate is judged on the site-disjoint folds of the shipped cross-validation (the folds of
``benchmarks/accurate_labels.py``, which checks they are those of ``data/labels_cv.csv``); κ is reported on the
development pages (development half only; nothing here reads the test half) and on every scored sentence.
Anything chosen (a blend weight, a class bias, a stacker) is chosen *cross-fitted*: for each fold, on the other
folds' held-out predictions only, so no fold is scored with a setting fitted on its own codes.

Candidates:

- ``bias``: per-class log-odds shifts (:func:`coopetition.model.train.class_bias`) on the fast model's and on the
  accurate blend's probabilities, fitted to maximise κ (``target="kappa"``) or to match the coders' class shares
  (``target="shares"``, a prior shift), on the other folds' scored sentences or on their development pages only;
- ``embedding`` classifiers for the frame: a logistic regression on the standardised embedding, a linear SVM
  calibrated by sigmoid (scikit-learn's ``CalibratedClassifierCV``), each blended with the fast model at a weight
  chosen cross-fitted; and a ``stacker``: a logistic regression on the fast and embedding log-probabilities, fitted
  on the other folds' held-out probabilities (a blend weight per class instead of one).

Writes ``benchmarks/lab_labels.csv`` (one row per candidate, the columns of ``accurate_labels.csv``).

Run: ``OMP_NUM_THREADS=1 python benchmarks/lab_labels.py`` (needs the extra ``[accurate]`` and the embedding cache
that ``benchmarks/accurate_labels.py`` fills; a few minutes).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from accurate_labels import BLEND_GRID, C_GRID, Setup, argmax_labels, cross_fitted, held_out, kappa, score_row, setup
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels_accurate import blend
from coopetition.model.accurate import ACCURATE_SETTINGS
from coopetition.model.train import class_bias
from coopetition.text.patterns import alternation

OUT = Path(__file__).with_name("lab_labels.csv")
SVM_C = (0.03, 0.1, 0.3)


def _classes(axis: str) -> tuple[str, ...]:
    return FRAMES if axis == "frame" else TONES


def held_out_model(x: np.ndarray, s: Setup, axis: str, make) -> np.ndarray:
    """Held-out probabilities (codebook class order) of ``make()`` fitted on each fold's training rows of ``x``."""
    classes = _classes(axis)
    y = s.table[axis].to_numpy()
    proba = np.full((len(s.table), len(classes)), np.nan)
    for train, test in s.split:
        clf = make()
        clf.fit(x[train], y[train], sample_weight=s.weights[train])
        p = clf.predict_proba(x[test])
        proba[test] = p[:, [list(clf.classes_).index(k) for k in classes]]
    return proba


def blend_cross_fitted(s: Setup, axis: str, candidates: dict[float, np.ndarray]) -> tuple[np.ndarray, list, np.ndarray]:
    """Labels of the fast model blended with one of ``candidates`` (held-out probabilities by a setting), the
    setting and blend weight chosen per fold on the other folds; also the blended probabilities so chosen."""
    classes = _classes(axis)
    gold = s.table[axis].to_numpy()
    grid = [(c, a) for c in candidates for a in BLEND_GRID]
    proba = np.full_like(s.fast[axis], np.nan)

    def choose(other: np.ndarray) -> tuple[float, float]:
        scores = [
            kappa(
                gold[other], np.array(classes)[blend(s.fast[axis][other], candidates[c][other], a).argmax(1)], classes
            )
            for c, a in grid
        ]
        return grid[int(np.argmax(scores))]

    def apply(rows: np.ndarray, setting: tuple[float, float]) -> np.ndarray:
        c, a = setting
        proba[rows] = blend(s.fast[axis][rows], candidates[c][rows], a)
        return np.array(classes, dtype=object)[proba[rows].argmax(1)]

    pred, chosen = cross_fitted(choose, apply, s.fold_of, s.scored)
    return pred, chosen, proba


def biased_cross_fitted(s: Setup, axis: str, proba: np.ndarray, target: str, dev_only: bool) -> tuple[np.ndarray, list]:
    """Labels of ``proba`` shifted per fold by the class biases fitted on the other folds (their development
    pages only when ``dev_only``)."""
    classes = _classes(axis)
    gold = s.table[axis].to_numpy()

    def choose(other: np.ndarray) -> tuple[float, ...]:
        rows = other[s.dev[other]] if dev_only else other
        return tuple(np.round(class_bias(proba[rows], gold[rows], classes, target=target), 2).tolist())

    def apply(rows: np.ndarray, bias: tuple[float, ...]) -> np.ndarray:
        return np.array(classes, dtype=object)[(np.log(np.clip(proba[rows], 1e-12, None)) + np.array(bias)).argmax(1)]

    return cross_fitted(choose, apply, s.fold_of, s.scored)


def stacked_cross_fitted(
    s: Setup, axis: str, emb_proba: np.ndarray, c: float = 1.0, class_weight: str | None = "balanced"
) -> np.ndarray:
    """Labels from a logistic regression on ``[log p_fast, log p_emb]`` fitted per fold on the other folds'
    held-out probabilities; a class the fast model's rules ruled out stays out."""
    classes = _classes(axis)
    gold = s.table[axis].to_numpy()
    feats = np.hstack([np.log(np.clip(s.fast[axis], 1e-6, None)), np.log(np.clip(emb_proba, 1e-6, None))])

    def choose(other: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=c, class_weight=class_weight, max_iter=5000).fit(feats[other], gold[other])

    def apply(rows: np.ndarray, clf: LogisticRegression) -> np.ndarray:
        p = clf.predict_proba(feats[rows])[:, [list(clf.classes_).index(k) for k in classes]]
        p = np.where(s.fast[axis][rows] > 0, p, 0.0)
        return np.array(classes, dtype=object)[p.argmax(1)]

    pred, _ = cross_fitted(choose, apply, s.fold_of, s.scored)
    return pred


def rule_features(texts: list[str]) -> np.ndarray:
    """The general properties the error analysis (``benchmarks/label_errors.py``) found commoner among the errors,
    as 0/1 columns: a reporting verb (``[reporting]`` of ``data/tone_rules.toml``), a number, and a live frame cue
    with no tone word (a relation described without evaluative charge)."""
    import re

    from label_errors import FIGURES, reporting_words

    from coopetition.measures.cues import live_frames, sentence_cues

    reporting = re.compile(alternation(reporting_words()))
    rows = []
    for text in texts:
        cues = sentence_cues(text)
        rows.append(
            [
                float(bool(reporting.search(text))),
                float(bool(FIGURES.search(text))),
                float(bool(live_frames(cues) - {"ending"}) and not cues.tone_cues),
            ]
        )
    return np.array(rows, dtype=np.float64)


def held_out_fast(s: Setup, extra: np.ndarray | dict[str, np.ndarray | None] | None) -> dict[str, np.ndarray]:
    """The fast model refitted fold by fold as :func:`coopetition.model.train.fit_model` fits it (same rows, weights,
    settings and the furniture and co-opetition rules of the labels), with ``extra`` columns beside its features
    (one array for both axes, or ``{axis: array or None}``)."""
    import scipy.sparse as sp

    from coopetition.measures.cues import live_frames, sentence_cues
    from coopetition.measures.labels import CUE_FEATURES, build_vectorizer, design_matrix
    from coopetition.model.train import SETTINGS

    extras = extra if isinstance(extra, dict) else {"frame": extra, "tone": extra}
    cues = [sentence_cues(t) for t in s.texts]
    axis_vw = {a: float(SETTINGS[f"{a}_vector_weight"]) for a in ("frame", "tone")}
    vw = max(axis_vw.values())
    proba = {a: np.full((len(s.table), len(_classes(a))), np.nan) for a in ("frame", "tone")}
    for train, test in s.split:
        vectorizer = build_vectorizer(ngram_range=SETTINGS["ngram_range"])
        vectorizer.fit([s.texts[i] for i in train])

        def x(rows: np.ndarray, vectorizer=vectorizer) -> sp.csr_matrix:
            return design_matrix(
                [s.texts[i] for i in rows], [cues[i] for i in rows], vectorizer, SETTINGS["cue_weight"], vw
            )

        base_train, base_test = x(train), x(test)
        width = len(vectorizer.vocabulary_) + len(CUE_FEATURES)
        for axis in ("frame", "tone"):
            more = extras.get(axis)
            x_train, x_test = (
                (base_train, base_test)
                if more is None
                else (
                    sp.hstack([base_train, sp.csr_matrix(more[train])], format="csr"),
                    sp.hstack([base_test, sp.csr_matrix(more[test])], format="csr"),
                )
            )
            scale = np.ones(x_train.shape[1])
            scale[width : base_train.shape[1]] = axis_vw[axis] / vw
            clf = LogisticRegression(C=SETTINGS[f"{axis}_c"], class_weight="balanced", max_iter=5000)
            clf.fit(x_train @ sp.diags(scale), s.table[axis].to_numpy()[train], sample_weight=s.weights[train])
            p = clf.predict_proba(x_test @ sp.diags(scale))
            proba[axis][test] = p[:, [list(clf.classes_).index(k) for k in _classes(axis)]]
        # the rules of coopetition.measures.labels._predict: furniture is none and neutral; no live cue, no co-opetition
        for i in test:
            if cues[i].furniture:
                proba["frame"][i] = np.eye(len(FRAMES))[FRAMES.index("none")]
                proba["tone"][i] = np.eye(len(TONES))[TONES.index("neutral")]
            elif not (live_frames(cues[i]) - {"ending"}):
                proba["frame"][i, FRAMES.index("coopetition")] = 0.0
                proba["frame"][i] /= proba["frame"][i].sum()
    return proba


def nested_biases(s: Setup, record) -> None:
    """Class biases chosen strictly inside the training folds: for each outer fold, the fast model and the embedding
    regression are refitted on 4 inner site-disjoint folds of its training sites, the biases are fitted on those inner
    held-out probabilities (the fast model's, and the blend's at the shipped C and a), and applied to the outer fold's
    held-out probabilities."""
    from sklearn.model_selection import GroupKFold

    groups = s.table["site"].to_numpy()
    c, a = float(ACCURATE_SETTINGS["C"]), {ax: float(ACCURATE_SETTINGS[f"{ax}_blend"]) for ax in ("frame", "tone")}
    outer_emb = {ax: held_out(s.emb, s.table, s.weights, ax, c, s.split) for ax in ("frame", "tone")}
    sources = {
        "fast": {ax: s.fast[ax] for ax in ("frame", "tone")},
        "accurate blend at the shipped C and a": {
            ax: blend(s.fast[ax], outer_emb[ax], a[ax]) for ax in ("frame", "tone")
        },
    }
    preds = {
        (src, ax, target, dev_only): np.empty(len(s.table), dtype=object)
        for src in sources
        for ax in ("frame", "tone")
        for target in ("kappa", "shares")
        for dev_only in (False, True)
    }
    chosen: dict = {key: [] for key in preds}
    for train, test in s.split:
        inner_scored = np.intersect1d(train, s.scored)
        inner = []
        for _, rows in GroupKFold(n_splits=4).split(inner_scored, groups=groups[inner_scored]):
            held = inner_scored[rows]
            inner.append((np.setdiff1d(train, np.flatnonzero(np.isin(groups, list(set(groups[held]))))), held))
        inner_s = s._replace(split=inner)
        inner_fast = held_out_fast(inner_s, None)
        inner_sources = {
            "fast": inner_fast,
            "accurate blend at the shipped C and a": {
                ax: blend(inner_fast[ax], held_out(s.emb, s.table, s.weights, ax, c, inner), a[ax])
                for ax in ("frame", "tone")
            },
        }
        for (src, ax, target, dev_only), pred in preds.items():
            rows = inner_scored[s.dev[inner_scored]] if dev_only else inner_scored
            bias = class_bias(inner_sources[src][ax][rows], s.table[ax].to_numpy()[rows], _classes(ax), target=target)
            chosen[(src, ax, target, dev_only)].append(tuple(np.round(bias, 2).tolist()))
            logp = np.log(np.clip(sources[src][ax][test], 1e-12, None)) + bias
            pred[test] = np.array(_classes(ax), dtype=object)[logp.argmax(axis=1)]
    for (src, ax, target, dev_only), pred in preds.items():
        on = "inner development pages" if dev_only else "inner scored sentences"
        record(
            f"nested: {src} + class biases for {target}, fitted inside the training folds on their {on}",
            ax,
            pred,
            f"biases per fold: {chosen[(src, ax, target, dev_only)]}",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--features", action="store_true", help="only the refits of the fast model with the rule features (slow)"
    )
    parser.add_argument(
        "--nested", action="store_true", help="only the class biases chosen inside the training folds (slow)"
    )
    args = parser.parse_args(argv)
    s = setup()
    rows: list[dict] = []
    out = OUT.with_name(
        "lab_labels_features.csv" if args.features else "lab_labels_nested.csv" if args.nested else OUT.name
    )

    def record(name: str, axis: str, pred: np.ndarray, note: str = "") -> None:
        rows.append(score_row(s.table, s.scored, s.dev, name, axis, pred, note))
        print(rows[-1], flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)

    if args.nested:
        nested_biases(s, record)
        return 0
    if args.features:
        for name, extra in (
            ("fast refitted here (check: the shipped CV's κ)", None),
            ("fast + reporting verb, number, frame cue without tone word", rule_features(s.texts)),
        ):
            proba = held_out_fast(s, extra)
            for axis in ("frame", "tone"):
                record(name, axis, argmax_labels(proba[axis], axis, s.scored))
                # the same refit as the accurate mode's fast part: blended with the embedding regression, then shifted
                emb = {c: held_out(s.emb, s.table, s.weights, axis, c, s.split) for c in C_GRID}
                pred, chosen, blended = blend_cross_fitted(s._replace(fast={**s.fast, axis: proba[axis]}), axis, emb)
                record(f"{name}, blended (C, a cross-fitted)", axis, pred, f"(C, a) per fold: {chosen}")
                pred, chosen = biased_cross_fitted(s, axis, blended, "shares", False)
                record(
                    f"{name}, blended, + class biases for shares (other folds' scored sentences)",
                    axis,
                    pred,
                    f"biases per fold: {chosen}",
                )
        return 0

    emb_lr = {
        axis: {c: held_out(s.emb, s.table, s.weights, axis, c, s.split) for c in C_GRID} for axis in ("frame", "tone")
    }
    blended = {}
    for axis in ("frame", "tone"):
        record("fast (shipped, data/labels_cv.csv)", axis, argmax_labels(s.fast[axis], axis, s.scored))
        pred, chosen, blended[axis] = blend_cross_fitted(s, axis, emb_lr[axis])
        record("accurate blend, C and a cross-fitted", axis, pred, f"(C, a) per fold: {chosen}")
        shipped = blend(
            s.fast[axis], emb_lr[axis][float(ACCURATE_SETTINGS["C"])], float(ACCURATE_SETTINGS[f"{axis}_blend"])
        )
        record("accurate blend at the shipped C and a", axis, argmax_labels(shipped, axis, s.scored))

    # 1. decision rules tuned for κ: class biases, cross-fitted
    for axis in ("frame", "tone"):
        for source, proba in (("fast", s.fast[axis]), ("accurate blend (C, a cross-fitted)", blended[axis])):
            for target in ("kappa", "shares"):
                for dev_only in (False, True):
                    pred, chosen = biased_cross_fitted(s, axis, proba, target, dev_only)
                    on = "other folds' development pages" if dev_only else "other folds' scored sentences"
                    record(
                        f"{source} + class biases for {target}, fitted on {on}",
                        axis,
                        pred,
                        f"biases per fold: {chosen}",
                    )

    # 3. the accurate mode's frame: other classifiers on the embedding, blended cross-fitted; a stacker
    for axis in ("frame", "tone"):
        scaled = StandardScaler().fit_transform(s.emb)
        std = {
            c: held_out_model(
                scaled, s, axis, lambda c=c: LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
            )
            for c in (0.003, 0.01, 0.03)
        }
        for c, proba in std.items():
            record(f"embedding standardised, LR C={c}", axis, argmax_labels(proba, axis, s.scored))
        pred, chosen, _ = blend_cross_fitted(s, axis, std)
        record(
            "blend with the standardised-embedding LR, C and a cross-fitted", axis, pred, f"(C, a) per fold: {chosen}"
        )
        svm = {
            c: held_out_model(
                s.emb,
                s,
                axis,
                lambda c=c: CalibratedClassifierCV(LinearSVC(C=c, class_weight="balanced"), method="sigmoid", cv=3),
            )
            for c in SVM_C
        }
        for c, proba in svm.items():
            record(f"embedding, calibrated linear SVM C={c}", axis, argmax_labels(proba, axis, s.scored))
        pred, chosen, _ = blend_cross_fitted(s, axis, svm)
        record("blend with the calibrated SVM, C and a cross-fitted", axis, pred, f"(C, a) per fold: {chosen}")
        # the embedding side weighed towards unseen-site text, or read by a small neural network
        for factor in (2.0, 4.0):
            heavier = s._replace(weights=np.where(s.dev, s.weights * factor, s.weights))
            cands = {c: held_out(s.emb, s.table, heavier.weights, axis, c, s.split) for c in C_GRID}
            pred, chosen, _ = blend_cross_fitted(s, axis, cands)
            record(
                f"blend with the embedding LR, development pages weighed {factor:g}× more, C and a cross-fitted",
                axis,
                pred,
                f"(C, a) per fold: {chosen}",
            )
        mlp = {
            alpha: held_out_model(
                s.emb,
                s,
                axis,
                lambda alpha=alpha: MLPClassifier(
                    hidden_layer_sizes=(128,), alpha=alpha, max_iter=300, early_stopping=True, random_state=0
                ),
            )
            for alpha in (1e-3, 1e-1)
        }
        for alpha, proba in mlp.items():
            record(f"embedding, MLP (128 hidden, alpha={alpha:g})", axis, argmax_labels(proba, axis, s.scored))
        pred, chosen, _ = blend_cross_fitted(s, axis, mlp)
        record("blend with the MLP, alpha and a cross-fitted", axis, pred, f"(alpha, a) per fold: {chosen}")
        for c, weight in ((0.1, "balanced"), (1.0, "balanced"), (1.0, None)):
            record(
                f"stacker: LR C={c}, class weights {weight}, on fast and embedding (C=4) log-probabilities, cross-fitted",
                axis,
                stacked_cross_fitted(s, axis, emb_lr[axis][4.0], c, weight),
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

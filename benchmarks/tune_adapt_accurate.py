"""Choose the accurate mode's adaptation settings by a simulation on development-half sites the models never saw.

``fit_labeller(mode="accurate")`` adapted two parts, the fast model and the embedding regressions, both with the
fast labeller's ``coopetition.model.labeller.SETTINGS``; what this script found is now
``coopetition.model.labeller.ACCURATE_MODE_SETTINGS``. Tuning them on the shipped models would be in-sample (both were trained on every
development page), so each trial here starts from models that have not seen its sites:

1. the development half's sites are split in two at random (seeded); one half is held out;
2. the fast model (``coopetition.model.train.fit_table``, the shipped settings) and the embedding regressions
   (``coopetition.model.accurate.fit_embedding_model``, the shipped C and blend weights) are fitted on every
   training row except the held-out sites' units;
3. the held-out sites are split in two again: 200 units of one part are sampled for coding
   (``sample_for_coding``, stratified), the models are adapted to them (the fast part with each setting of
   :data:`FAST_CONFIGS`, the last of which adapts tone only, the embedding part with each of :data:`CONFIGS`,
   or not at all), and the other part's
   units are scored with the blend, against the unadapted blend;
4. each split is scored both ways, and both outer halves are held out in turn: 4 trials a repeat (3 repeats);
5. the fast mode's own labels (no blend) are scored in the same trials, for the fast labeller's settings.

Development half only: nothing here reads the test half. Writes ``benchmarks/adapt_tuning_accurate_development.json``.

Run: ``OMP_NUM_THREADS=1 python benchmarks/tune_adapt_accurate.py`` (needs the extra ``[accurate]`` and the
embedding cache that ``benchmarks/accurate_labels.py`` fills).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from accurate_labels import setup
from bench_adapt import kappa

from coopetition.measures.cues import FRAMES, TONES, sentence_cues
from coopetition.measures.labels import _predict, design_matrix, model_from_arrays
from coopetition.measures.labels_accurate import blend, embedded_proba
from coopetition.model.accurate import ACCURATE_SETTINGS, adapt_embedding_model, fit_embedding_model
from coopetition.model.adapt import adapt_coefficients, written
from coopetition.model.coding import sample_for_coding
from coopetition.model.labeller import SETTINGS
from coopetition.model.train import fit_table

OUT = Path(__file__).with_name("adapt_tuning_accurate_development.json")
N = 200
#: the embedding part's settings tried (weight of a coded sentence, C, feature scale; None: not adapted, the
#: shipped embedding regressions kept); the second is the fast part's, which the embedding part had copied
CONFIGS: list[dict | None] = [
    None,
    *(
        {"weight": w, "C": c, "logit_scale": 1.0, "feature_scale": f}
        for w, c, f in [
            (10.0, 0.1, 1.0),
            (10.0, 1.0, 0.0),
            (1.0, 0.1, 1.0),
            (3.0, 0.1, 1.0),
            (3.0, 0.03, 1.0),
            (30.0, 0.1, 1.0),
            (10.0, 1.0, 1.0),
        ]
    ),
]
#: the fast part's settings tried in the accurate labeller (the first is the labeller's shipped SETTINGS)
#: (the last adapts tone only: the frame regression stays as fitted)
FAST_CONFIGS = [
    *({**SETTINGS, "weight": w, "C": c} for w, c in [(10.0, 0.1), (3.0, 0.1), (30.0, 0.1), (10.0, 0.03), (10.0, 0.3)]),
    {**SETTINGS, "weight": 3.0, "C": 0.1, "axes": ["tone"]},
]


def _fast_design(arrays: dict, texts: list[str]):
    m = model_from_arrays(arrays)
    return design_matrix(texts, [sentence_cues(t) for t in texts], m.vectorizer, m.cue_weight, m.vector_weight)


def _adapt_fast(arrays: dict, x, frames: list[str], tones: list[str], weights: np.ndarray, settings: dict) -> dict:
    m = model_from_arrays(arrays)
    out = dict(arrays)
    for axis, labels, classes in (("frame", frames, m.frame_classes), ("tone", tones, m.tone_classes)):
        if axis not in settings.get("axes", ("frame", "tone")):
            continue
        out[f"{axis}_coef"], out[f"{axis}_intercept"] = adapt_coefficients(
            x, labels, weights, arrays[f"{axis}_coef"], arrays[f"{axis}_intercept"], classes, settings, axis
        )
    return out


def _fast_proba(arrays: dict, texts: list[str]) -> dict[str, np.ndarray]:
    m = model_from_arrays(arrays)
    batch = _predict(texts, "sentences", m)
    return {
        "frame": batch.frame_proba[:, [m.frame_classes.index(c) for c in FRAMES]],
        "tone": batch.tone_proba[:, [m.tone_classes.index(c) for c in TONES]],
    }


def _labels(fast: dict[str, np.ndarray], emb_arrays: dict, x_emb: np.ndarray) -> dict[str, np.ndarray]:
    out = {}
    for axis, classes in (("frame", FRAMES), ("tone", TONES)):
        p = blend(
            fast[axis], embedded_proba(x_emb, emb_arrays, axis, classes), float(ACCURATE_SETTINGS[f"{axis}_blend"])
        )
        out[axis] = np.array(classes, dtype=object)[p.argmax(axis=1)]
    return out


def _mean_row(trials: list[dict], name: str, base: str) -> dict:
    """Mean κ of ``name`` over the trials, per axis, and in how many trials it beat ``base``."""
    row: dict = {}
    for axis in ("frame", "tone"):
        row[f"{axis}_kappa"] = round(float(np.mean([t[f"{name}: {axis}"] for t in trials])), 4)
        row[f"{axis}_raised_vs_unadapted"] = int(sum(t[f"{name}: {axis}"] > t[f"{base}: {axis}"] for t in trials))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    s = setup()
    table = s.table.assign(simplified=s.texts)
    dev_sites = np.array(sorted(set(table.loc[s.dev, "site"])))
    extra = written()
    trials: list[dict] = []
    for repeat in range(args.repeats):
        rng = np.random.default_rng(1000 + repeat)
        order = rng.permutation(dev_sites)
        halves = (set(order[: len(order) // 2]), set(order[len(order) // 2 :]))
        for outer, held in enumerate(halves):
            held_rows = np.flatnonzero(table["site"].isin(held).to_numpy())
            train = np.setdiff1d(np.arange(len(table)), held_rows)
            fast = fit_table(table.iloc[train])
            emb_model = fit_embedding_model(
                s.emb[train], table["frame"].iloc[train], table["tone"].iloc[train], sample_weight=s.weights[train]
            )
            x_written = _fast_design(fast, extra["text"].tolist())
            inner = rng.permutation(sorted(held))
            parts = (set(inner[: len(inner) // 2]), set(inner[len(inner) // 2 :]))
            for direction, (fit_sites, score_sites) in enumerate((parts, parts[::-1])):
                pool = table[table["site"].isin(fit_sites)]
                sheet = sample_for_coding(
                    pool[["id", "site", "text"]].rename(columns={"site": "doc_id", "text": "sentence"}),
                    N,
                    seed=repeat,
                )
                coded = np.flatnonzero(table["id"].isin(sheet["id"]).to_numpy())
                scored = np.flatnonzero(table["site"].isin(score_sites).to_numpy())
                texts = [s.texts[i] for i in coded]
                frames = table["frame"].iloc[coded].tolist()
                tones = table["tone"].iloc[coded].tolist()
                x = sp.vstack([_fast_design(fast, texts), x_written], format="csr")
                score_texts = [s.texts[i] for i in scored]
                gold = {axis: table[axis].iloc[scored] for axis in ("frame", "tone")}
                trial: dict = {
                    "repeat": repeat,
                    "outer": outer,
                    "direction": direction,
                    "coded": len(coded),
                    "scored": len(scored),
                }
                p_unadapted = _fast_proba(fast, score_texts)
                got = _labels(p_unadapted, emb_model, s.emb[scored])
                for axis, classes in (("frame", FRAMES), ("tone", TONES)):
                    trial[f"unadapted: {axis}"] = kappa(gold[axis], got[axis], classes)
                    # the fast mode's own labels, for the fast labeller's settings (not the blend)
                    own = np.array(classes, dtype=object)[p_unadapted[axis].argmax(axis=1)]
                    trial[f"fast mode, unadapted: {axis}"] = kappa(gold[axis], own, classes)
                emb_adapted = [
                    emb_model
                    if config is None
                    else adapt_embedding_model(s.emb[coded], frames, tones, config, arrays=emb_model)
                    for config in CONFIGS
                ]
                for f, fast_config in enumerate(FAST_CONFIGS):
                    weights = np.r_[np.full(len(coded), float(fast_config["weight"])), np.ones(len(extra))]
                    fast_adapted = _adapt_fast(
                        fast, x, frames + extra["frame"].tolist(), tones + extra["tone"].tolist(), weights, fast_config
                    )
                    p_adapted = _fast_proba(fast_adapted, score_texts)
                    for axis, classes in (("frame", FRAMES), ("tone", TONES)):
                        own = np.array(classes, dtype=object)[p_adapted[axis].argmax(axis=1)]
                        trial[f"fast mode, fast {f}: {axis}"] = kappa(gold[axis], own, classes)
                    for k, adapted in enumerate(emb_adapted):
                        got = _labels(p_adapted, adapted, s.emb[scored])
                        for axis, classes in (("frame", FRAMES), ("tone", TONES)):
                            trial[f"fast {f}, embedding {k}: {axis}"] = kappa(gold[axis], got[axis], classes)
                trials.append(trial)
                print(json.dumps(trial), flush=True)
    results = []
    names = [("unadapted", None, None)] + [
        (f"fast {f}, embedding {k}", f, k) for f in range(len(FAST_CONFIGS)) for k in range(len(CONFIGS))
    ]
    for name, f, k in names:
        row: dict = {"name": name}
        if f is not None and k is not None:
            row["fast_settings"] = FAST_CONFIGS[f]
            row["embedding_settings"] = CONFIGS[k]
        row.update(_mean_row(trials, name, "unadapted"))
        results.append(row)
    fast_mode = [
        {
            "name": f"fast mode, fast {f}",
            "fast_settings": config,
            **_mean_row(trials, f"fast mode, fast {f}", "fast mode, unadapted"),
        }
        for f, config in enumerate(FAST_CONFIGS)
    ]
    fast_mode.insert(
        0, {"name": "fast mode, unadapted", **_mean_row(trials, "fast mode, unadapted", "fast mode, unadapted")}
    )
    OUT.write_text(
        json.dumps(
            {
                "what": (
                    "mean κ of the accurate blend over trials on devpages development-half sites the models were not "
                    "fitted on (half the sites held out, refitted without them; 200 coded units of half the held-out "
                    "sites adapt, the other half is scored); the fast part is adapted with the labeller's settings, "
                    "the embedding part with each setting"
                ),
                "n": N,
                "trials": len(trials),
                "results": results,
                "fast_mode": fast_mode,
                "per_trial": trials,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(json.dumps(results + fast_mode, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

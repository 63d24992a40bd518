"""Choose the labeller's adaptation settings (``coopetition.model.labeller.SETTINGS``) on the devpages development half.

The same protocol as ``bench_adapt.py`` (split the half's sites in two, sample 200
sentences of one part with ``sample_for_coding``, adapt, score the other part), with
one random split scored both ways, for each setting in :data:`CONFIGS`. The
features of every sentence are built once, so each setting costs only its fits.
Development half only: the test half is never used for choosing.

Run: ``python benchmarks/tune_adapt.py`` (writes ``benchmarks/adapt_tuning_development.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from bench_adapt import coded_units, kappa

from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels import _predict, model_from_arrays
from coopetition.model.adapt import adapt_arrays as _adapt_arrays
from coopetition.model.adapt import design as _design
from coopetition.model.adapt import shipped_arrays as _shipped_arrays
from coopetition.model.adapt import written as _written
from coopetition.model.coding import sample_for_coding

#: the settings tried: (weight of a coded sentence, C, scale of the features; 0 = recalibrate the shipped scores only)
CONFIGS = [
    {"weight": w, "C": c, "logit_scale": 1.0, "feature_scale": f}
    for w, c, f in [
        (30.0, 1.0, 0.0),
        (3.0, 1.0, 0.0),
        (30.0, 1.0, 1.0),
        (30.0, 0.1, 1.0),
        (30.0, 0.03, 1.0),
        (10.0, 0.3, 1.0),
        (10.0, 0.1, 1.0),
        (3.0, 1.0, 1.0),
        (3.0, 0.3, 1.0),
    ]
]
N, REPEATS = 200, 1


def main() -> int:
    units = coded_units("development")
    written = _written()
    x_units, x_written = _design(units["sentence"].tolist()), _design(written["text"].tolist())
    sites = sorted(units["doc_id"].unique())
    trials = []
    for repeat in range(REPEATS):
        order = np.random.default_rng(repeat).permutation(sites)
        parts = (set(order[: len(order) // 2]), set(order[len(order) // 2 :]))
        for fit_sites, score_sites in (parts, parts[::-1]):
            pool = units[units["doc_id"].isin(fit_sites)]
            sheet = sample_for_coding(pool[["id", "doc_id", "sentence"]], N, seed=repeat)
            trials.append(
                (
                    units.index[units["id"].isin(sheet["id"])].to_numpy(),
                    units.index[units["doc_id"].isin(score_sites)].to_numpy(),
                )
            )

    def score(arrays, rows):
        m = model_from_arrays(arrays)
        batch = _predict(units["sentence"].iloc[rows].tolist(), "sentences", m)
        frames = [m.frame_classes[k] for k in batch.frame_proba.argmax(axis=1)]
        tones = [m.tone_classes[k] for k in batch.tone_proba.argmax(axis=1)]
        return kappa(units["frame"].iloc[rows], frames, FRAMES), kappa(units["tone"].iloc[rows], tones, TONES)

    shipped = [score(_shipped_arrays(), rows) for _, rows in trials]
    results = []
    for config in CONFIGS:
        adapted = []
        for coded_rows, score_rows in trials:
            x = sp.vstack([x_units[coded_rows], x_written], format="csr")
            frames = units["frame"].iloc[coded_rows].tolist() + written["frame"].tolist()
            tones = units["tone"].iloc[coded_rows].tolist() + written["tone"].tolist()
            weights = np.r_[np.full(len(coded_rows), config["weight"]), np.ones(len(written))]
            adapted.append(score(_adapt_arrays(x, frames, tones, weights, config), score_rows))
        row = {
            "settings": config,
            "frame_kappa_shipped": round(float(np.mean([s[0] for s in shipped])), 4),
            "frame_kappa_adapted": round(float(np.mean([a[0] for a in adapted])), 4),
            "tone_kappa_shipped": round(float(np.mean([s[1] for s in shipped])), 4),
            "tone_kappa_adapted": round(float(np.mean([a[1] for a in adapted])), 4),
        }
        results.append(row)
        print(json.dumps(row), flush=True)
    out = Path(__file__).with_name("adapt_tuning_development.json")
    out.write_text(
        json.dumps(
            {
                "what": "mean κ over one site split of the devpages development half scored both ways (200 coded sentences each)",
                "n": N,
                "trials": len(trials),
                "results": results,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Score the frozen, shipped frame and tone model on one half of the coded development pages.

``python benchmarks/score_devpages_labels.py --half test`` is the frozen score: the
model, lexicon, rules and settings are as shipped, nothing is tuned on its result,
and it is run once. It writes ``src/coopetition/data/devpages_labels_test.json`` (package data): κ,
accuracy and the confusion matrix of each axis against the coders, and the
corpus-level shares (the coders', raw classify-and-count, and corrected by
:func:`coopetition.model.quantify.corrected_shares` with intervals).

``--mode accurate`` scores the optional accurate mode instead (needs the extra ``[accurate]``) and
writes ``benchmarks/devpages_labels_<half>_accurate.json``, its shares corrected by the accurate mode's own
correction (``corrected_shares(..., mode="accurate")``, fitted on its site-disjoint held-out probabilities).

``--half development`` scores the half the model was trained on: an in-sample,
development number (``benchmarks/devpages_labels_development.json``), never an
estimate of what a new crawl gets; the site-disjoint cross-validation
(``benchmarks/labels_validation.json``) is that estimate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels import accurate_proba, model, predict_proba
from coopetition.measures.labels_accurate import MODES
from coopetition.model.quantify import corrected_shares
from coopetition.model.train import HALVES, devpage_units
from coopetition.model.validation import article_interval, validate

HERE = Path(__file__).parent
FROZEN_DIR = HERE.parent / "src" / "coopetition" / "data"


def score(half: str, *, n_boot: int = 500, mode: str = "fast") -> dict:
    """The shipped model (in ``mode``) against the coders on one half's coded units."""
    units = devpage_units(half=half)
    m = model()
    if mode == "fast":
        frame_p, tone_p = predict_proba(units["text"].tolist(), m)
    else:
        frame_p, tone_p = accurate_proba(units["text"].tolist())
    table = units.assign(
        frame_pred=[m.frame_classes[k] for k in frame_p.argmax(axis=1)],
        tone_pred=[m.tone_classes[k] for k in tone_p.argmax(axis=1)],
        **{f"p_{c}": frame_p[:, m.frame_classes.index(c)] for c in FRAMES},
        **{f"p_{c}": tone_p[:, m.tone_classes.index(c)] for c in TONES},
    )
    shares = corrected_shares(table, n_boot=n_boot, mode=mode)
    out = {"half": half, "mode": mode, "units": len(table), "sites": int(table["file"].nunique())}
    for axis, classes in (("frame", FRAMES), ("tone", TONES)):
        v = validate(table[f"{axis}_pred"], table[axis], classes=classes)
        low, high = article_interval(table[f"{axis}_pred"], table[axis], table["file"], classes=classes)
        out[axis] = {
            "kappa": round(v.kappa, 4),
            "kappa_low": round(low, 4),
            "kappa_high": round(high, 4),
            "accuracy": round(v.accuracy, 4),
            "macro_f1": round(v.macro_f1, 4),
            "confusion": {g: {p: int(v.confusion.loc[g, p]) for p in classes} for g in classes},
            "shares": {
                c: {
                    "coders": round(float((table[axis] == c).mean()), 4),
                    "raw": round(float((table[f"{axis}_pred"] == c).mean()), 4),
                }
                for c in classes
            },
        }
        kinds = ["raw"]
        if shares is not None:
            part = shares[shares["axis"] == axis].set_index("label")
            for c in classes:
                out[axis]["shares"][c] |= {
                    "raw": float(part.loc[c, "raw_share"]),
                    "corrected": float(part.loc[c, "corrected_share"]),
                    "low": float(part.loc[c, "low"]),
                    "high": float(part.loc[c, "high"]),
                }
            out[axis]["method"] = str(part["method"].iloc[0])
            kinds.append("corrected")
        for kind in kinds:
            out[axis][f"max_share_gap_{kind}"] = round(
                max(abs(s[kind] - s["coders"]) for s in out[axis]["shares"].values()), 4
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=HALVES, required=True)
    parser.add_argument("--mode", choices=MODES, default="fast", help="the labelling mode to score (default fast)")
    parser.add_argument("--boot", type=int, default=500, help="bootstrap resamples of the corrected shares' intervals")
    args = parser.parse_args(argv)
    result = score(args.half, n_boot=args.boot, mode=args.mode)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    result["commit"] = commit
    result["note"] = (
        f"frozen score of the shipped model ({args.mode} mode) on the test half, run once"
        if args.half == "test"
        else "development half: the shipped model was trained on these units, so this is an in-sample development number"
    )
    # the frozen test score of the default ships with the package (notebook 03 and the report show it from a wheel too)
    suffix = "" if args.mode == "fast" else f"_{args.mode}"
    path = (
        FROZEN_DIR if args.half == "test" and args.mode == "fast" else HERE
    ) / f"devpages_labels_{args.half}{suffix}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {k: result[k] for k in ("half", "units", "sites")}
            | {
                a: {k: v for k, v in result[a].items() if k == "kappa" or k.startswith("max_share_gap")}
                for a in ("frame", "tone")
            },
            indent=2,
        )
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

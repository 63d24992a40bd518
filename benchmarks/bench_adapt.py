"""Adapting works: a labeller fitted on ~200 coded sentences of some sites, scored on other sites.

On one half of ``../shared/devpages/`` (its site split, ``split.tsv``), the
sites are split in two at random (seeded): ``sample_for_coding`` picks ``n``
sentences of the first part, their hand coding (``frames.jsonl``) stands for
the researcher's, ``fit_labeller`` adapts the shipped model to them, and the
adapted labeller and the shipped model both label every coded sentence of the
second part. Each repeat also swaps the parts. κ is Cohen's, against the
coders' adjudicated labels.

Run: ``python benchmarks/bench_adapt.py --half development`` (tuning; writes
``benchmarks/adapt_development.json``; ``--mode accurate``: the same for a labeller of the accurate mode
against the shipped accurate mode, ``adapt_development_accurate.json``). ``--half test`` is for the frozen score,
run once by the lead after merging (writes ``benchmarks/adapt_test.json``).
The settings were chosen on the development half by ``tune_adapt.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels import accurate_labels, predict
from coopetition.model.coding import sample_for_coding
from coopetition.model.furniture_train import devpages_dir
from coopetition.model.labeller import ACCURATE_MODE_SETTINGS, SETTINGS, fit_labeller
from coopetition.model.train import devpage_split

HALVES = ("development", "test")


def coded_units(half: str, root: Path | None = None) -> pd.DataFrame:
    """Every coded sentence unit of one half of the devpages: ``id, doc_id, sentence, frame, tone``.

    The unit's text is its slice of the page with line breaks and the spaces around them
    removed, checked against the stored hash.
    """
    root = root or devpages_dir()
    if not (root / "frames.jsonl").is_file():
        raise SystemExit(f"{root}: no devpages here (frames.jsonl); the benchmark needs ../shared/devpages")
    files = {file for file, split in devpage_split(root.parent).items() if split == half}
    rows, pages = [], {}
    for line in (root / "frames.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if r["file"] not in files:
            continue
        if r["file"] not in pages:
            pages[r["file"]] = (root / "pages" / r["file"]).read_bytes().decode("utf-8")
        text = "".join(part.strip() for part in pages[r["file"]][r["start"] : r["end"]].split("\n")).strip()
        if hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] != r["sha"]:
            raise SystemExit(f"frames.jsonl: {r['id']} does not match its page {r['file']}")
        rows.append({"id": r["id"], "doc_id": r["file"], "sentence": text, "frame": r["frame"], "tone": r["tone"]})
    return pd.DataFrame(rows).sort_values("id", ignore_index=True)


def kappa(gold, labels, classes) -> float:
    return round(float(cohen_kappa_score(list(gold), list(labels), labels=list(classes))), 4)


def run(
    units: pd.DataFrame, *, n: int, repeats: int, strategy: str, base: str, settings: dict, mode: str = "fast"
) -> list[dict]:
    texts = units["sentence"].tolist()
    shipped_frame, shipped_tone = predict(texts) if mode == "fast" else accurate_labels(texts)[:2]
    units = units.assign(shipped_frame=shipped_frame, shipped_tone=shipped_tone)
    sites = sorted(units["doc_id"].unique())
    trials = []
    for repeat in range(repeats):
        order = np.random.default_rng(repeat).permutation(sites)
        parts = (set(order[: len(order) // 2]), set(order[len(order) // 2 :]))
        for direction, (fit_sites, score_sites) in enumerate((parts, parts[::-1])):
            pool = units[units["doc_id"].isin(fit_sites)]
            score = units[units["doc_id"].isin(score_sites)]
            sheet = sample_for_coding(pool[["id", "doc_id", "sentence"]], n, strategy=strategy, seed=repeat)
            coded = (
                sheet[["id"]]
                .merge(pool, on="id")[["sentence", "doc_id", "frame", "tone"]]
                .rename(columns={"sentence": "text"})
            )
            start = time.perf_counter()
            labeller = fit_labeller(coded, base=base, settings=settings, mode=mode)
            seconds = time.perf_counter() - start
            adapted = labeller.label(score["sentence"].tolist())
            trials.append(
                {
                    "repeat": repeat,
                    "direction": direction,
                    "coded": len(coded),
                    "fit_sites": len(fit_sites),
                    "scored": len(score),
                    "score_sites": len(score_sites),
                    "fit_seconds": round(seconds, 1),
                    "frame_kappa_shipped": kappa(score["frame"], score["shipped_frame"], FRAMES),
                    "frame_kappa_adapted": kappa(score["frame"], adapted["frame"], FRAMES),
                    "tone_kappa_shipped": kappa(score["tone"], score["shipped_tone"], TONES),
                    "tone_kappa_adapted": kappa(score["tone"], adapted["tone"], TONES),
                }
            )
    return trials


def summary(trials: list[dict]) -> dict:
    table = pd.DataFrame(trials)
    out = {}
    for axis in ("frame", "tone"):
        shipped, adapted = table[f"{axis}_kappa_shipped"], table[f"{axis}_kappa_adapted"]
        out[axis] = {
            "kappa_shipped": round(float(shipped.mean()), 4),
            "kappa_adapted": round(float(adapted.mean()), 4),
            "gain": round(float((adapted - shipped).mean()), 4),
            "trials_raised": int((adapted > shipped).sum()),
            "trials": len(table),
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--half",
        choices=HALVES,
        default="development",
        help="which half of the devpages site split (test: once, frozen)",
    )
    parser.add_argument("--n", type=int, default=200, help="coded sentences per fit (default 200)")
    parser.add_argument("--repeats", type=int, default=3, help="random site splits, each scored both ways (default 3)")
    parser.add_argument("--strategy", default="stratified", help="sample_for_coding strategy (default stratified)")
    parser.add_argument("--base", default="shipped", help="fit_labeller base (default shipped)")
    parser.add_argument(
        "--mode", choices=("fast", "accurate"), default="fast", help="the labelling mode (default fast)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="result file (default benchmarks/adapt_<half>[_accurate].json)"
    )
    args = parser.parse_args(argv)
    units = coded_units(args.half)
    result = {
        "what": "κ against hand coding on the other sites of one devpages half: the shipped model vs a labeller adapted on n coded sentences",
        "half": args.half,
        "units": len(units),
        "sites": int(units["doc_id"].nunique()),
        "n": args.n,
        "repeats": args.repeats,
        "strategy": args.strategy,
        "base": args.base,
        "mode": args.mode,
        "settings": {**SETTINGS, **(ACCURATE_MODE_SETTINGS if args.mode == "accurate" else {})},
    }
    trials = run(
        units, n=args.n, repeats=args.repeats, strategy=args.strategy, base=args.base, settings={}, mode=args.mode
    )
    result["trials"], result["summary"] = trials, summary(trials)
    print(json.dumps(result["summary"], indent=1))
    suffix = "" if args.mode == "fast" else "_accurate"
    out = args.out or Path(__file__).with_name(f"adapt_{args.half}{suffix}.json")
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

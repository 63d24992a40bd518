"""The path a user calls, ``load_corpus`` then ``tokenize``, against raw jieba on the same cleaned text,
for this checkout and for an earlier commit, side by side in one run.

Each measurement runs in a fresh interpreter with the article cache off: ``load_corpus`` on a folder
(default: the seeds), ``tokenize`` on every clean text, then ``jieba.lcut`` (jieba's default dictionary,
initialised before timing) on the same clean texts; each timed ``--rounds`` times, the fastest kept.
The ratio is jieba's seconds over the user path's: above 1, the whole path beats raw jieba alone.
The two checkouts take turns ``--repeats`` times and the fastest of each counts (the machine may be
shared). The earlier commit is checked out with ``git worktree`` by the caller and named by ``--old``.

Run: ``python benchmarks/bench_user_path.py --old /tmp/old-checkout [--folder seeds] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, os, sys, time, warnings
warnings.simplefilter("ignore")
import jieba
jieba.setLogLevel(60); jieba.initialize()
import coopetition as cp
from coopetition import load_corpus, tokenize
folder, rounds = sys.argv[1], int(sys.argv[2])
load_corpus(folder)  # imports, dictionaries and models loaded once, outside the timing
best_path = best_jieba = float("inf")
for _ in range(rounds):
    t = time.process_time()
    corpus = load_corpus(folder)
    for text in corpus["text"]:
        tokenize(text)
    best_path = min(best_path, time.process_time() - t)
    texts = list(corpus["text"])
    t = time.process_time()
    for text in texts:
        jieba.lcut(text)
    best_jieba = min(best_jieba, time.process_time() - t)

# the stages, in rounds of their own (the timers add a little): the functions load_corpus calls,
# found by name in its module (both layouts have them), and each cleaning step, timed in place
corpus_module = sys.modules[load_corpus.__module__]
spent = {}
def timed(stage, func):
    def run(*args, **kwargs):
        t = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.process_time() - t
    return run
STAGES = {"read_articles": "read", "extract_metadata": "metadata", "signature": "near-duplicates",
          "find_duplicates": "near-duplicates"}
for name, stage in STAGES.items():
    setattr(corpus_module, name, timed(stage, getattr(corpus_module, name)))
for step in sys.modules[corpus_module.clean_with_report.__module__].CLEANING_CHAIN:  # the chain the corpus runs
    stage = "furniture" if step.name == "boilerplate_lines" else "cleaning (other steps)"
    step.func = timed(stage, step.func)
best_stages, best_total = None, float("inf")
for _ in range(rounds):
    spent.clear()
    t = time.process_time()
    corpus = load_corpus(folder)
    for text in corpus["text"]:
        timed("tokenize", tokenize)(text)
    total = time.process_time() - t
    if total < best_total:
        best_total, best_stages = total, dict(spent)
best_stages["other (listing, catalog, table)"] = best_total - sum(best_stages.values())
print(json.dumps({"path_seconds": best_path, "jieba_seconds": best_jieba, "articles": len(texts),
                  "clean_chars": sum(map(len, texts)), "package": os.path.dirname(cp.__file__),
                  "stage_seconds": best_stages}))
"""


def measure(src: Path, folder: Path, rounds: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "COOPETITION_CACHE": "off", "COOPETITION_ROOT": str(src.parent)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(rounds)], capture_output=True, text=True, env=env
    )
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="a checkout of the earlier commit")
    parser.add_argument("--folder", type=Path, default=HERE.parent / "seeds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=HERE / "user_path.json")
    args = parser.parse_args(argv)
    checkouts = {"before": args.old.resolve(), "now": HERE.parent}
    best: dict[str, dict] = {}
    for _ in range(args.repeats):
        for name, root in checkouts.items():
            result = measure(root / "src", args.folder.resolve(), args.rounds)
            if name not in best or result["path_seconds"] < best[name]["path_seconds"]:
                best[name] = result
    for name, r in best.items():
        r["jieba_over_path"] = round(r["jieba_seconds"] / r["path_seconds"], 3)
        r["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=checkouts[name], capture_output=True, text=True
        ).stdout.strip()
        print(
            f"{name:7s} {r['commit']}: load_corpus + tokenize {r['path_seconds']:.3f} s CPU, raw jieba on the same clean "
            f"text {r['jieba_seconds']:.3f} s: ratio {r['jieba_over_path']:.2f}"
        )
    result = {"folder": args.folder.name, "rounds": args.rounds, "repeats": args.repeats, **best}
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

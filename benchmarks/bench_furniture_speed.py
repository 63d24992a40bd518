"""Benchmark: the furniture step before and after the fast ``line_features``, and with and
without the lexical vocabulary, side by side in one run.

Three variants of the step run interleaved:

- ``old``: the per-line ``line_features`` frozen in ``tests/test_furniture_speed_equality.py``
  (the code before the speed rewrite), swapped in for ``coopetition.text.furniture.line_features``,
  with the shipped model's vocabulary emptied (the step as it was before the vocabulary);
- ``previous``: the fast ``line_features``, the vocabulary emptied (the step of the commit
  before the vocabulary and context features, plus the two cheap context columns);
- ``last_round``: the step of the round before the glue cuts (``furniture.cut_glued`` swapped for a
  no-op) and the decision rules of that round (``decide``'s keywords);
  the label-opening context column stays (one regex over a page that holds a colon);
- ``new``: the step as shipped (fast features, context features, the vocabulary's lexical score,
  the glue cuts). Corpus: as in
``bench_clean.py``, the seeds and the 24 articles of ``../shared/external/articles``
(when present), decoded once, repeated ``--copies`` times (default 4). Times are CPU
time of this process, fastest of ``--repeats`` runs, old and new runs interleaved.

Measured: ``clean_text`` on the whole corpus (MB/s of raw UTF-8); then, step by
step as ``bench_clean.py`` times them, the furniture step alone (``drop_furniture_lines``
on the text the steps before it produce) and all other steps together
(``furniture_over_rest`` is the ratio of the two). Writes ``benchmarks/furniture_speed.json``.

``python benchmarks/bench_furniture_speed.py`` (``--copies 1 --repeats 1`` for a quick check).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from dataclasses import replace
from functools import partial

from bench_clean import source_texts

from coopetition import paths
from coopetition.text import furniture
from coopetition.text.clean import CLEANING_CHAIN, clean_text, drop_furniture_lines


def _old_line_features():
    path = paths.project_root() / "tests" / "test_furniture_speed_equality.py"
    spec = importlib.util.spec_from_file_location("_furniture_old", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.old_line_features


def _timings(texts: list[str]) -> dict[str, float]:
    """CPU seconds: the whole chain (clean_text), and the furniture step alone."""
    clock = time.process_time
    start = clock()
    for text in texts:
        clean_text(text)
    chain = clock() - start
    furniture_step = other_steps = 0.0
    for text in texts:
        for step in CLEANING_CHAIN:
            begin = clock()
            text, _ = step.apply(text)
            if step is drop_furniture_lines:
                furniture_step += clock() - begin
            else:
                other_steps += clock() - begin
    return {"chain_s": chain, "furniture_step_s": furniture_step, "other_steps_s": other_steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    sources = source_texts()
    texts = sources * args.copies
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    new, old = furniture.line_features, _old_line_features()
    shipped, loader = furniture.load_model(), furniture.load_model
    bare = replace(shipped, vocabulary=shipped.vocabulary[:0], vocabulary_weight=shipped.vocabulary_weight[:0])
    for text in sources:  # warm up: tables, caches, the class table of the fast path
        clean_text(text)
    cut, decide = furniture.cut_glued, furniture.decide
    no_cut = lambda lines: (list(lines), 0)  # noqa: E731
    last_rules = partial(decide, headline_min_han=0.0, label_skip=False, written_guard=False, both_halves=False)
    runs: dict[str, list[dict[str, float]]] = {"old": [], "previous": [], "last_round": [], "new": []}
    variants = (
        ("old", old, bare, no_cut, last_rules),
        ("previous", new, bare, no_cut, last_rules),
        ("last_round", new, shipped, no_cut, last_rules),
        ("new", new, shipped, cut, decide),
    )
    for _ in range(args.repeats):
        for name, impl, model, cutter, rules in variants:
            furniture.line_features, furniture.cut_glued, furniture.decide = impl, cutter, rules  # type: ignore[assignment]
            furniture.load_model = lambda model=model: model  # type: ignore[misc]
            try:
                runs[name].append(_timings(texts))
            finally:
                furniture.line_features, furniture.load_model = new, loader
                furniture.cut_glued, furniture.decide = cut, decide
    result = {
        "corpus": f"seeds + external articles x {args.copies}: {len(texts)} texts, {mb:.2f} MB UTF-8",
        "clock": f"process CPU time, fastest of {args.repeats} runs",
    }
    for name, rows in runs.items():
        best = {key: min(row[key] for row in rows) for key in rows[0]}
        rest = best["other_steps_s"]
        result[name] = {
            "clean_text_MB_per_s": round(mb / best["chain_s"], 2),
            "chain_s": round(best["chain_s"], 3),
            "furniture_step_s": round(best["furniture_step_s"], 3),
            "furniture_step_MB_per_s": round(mb / best["furniture_step_s"], 2),
            "other_steps_s": round(rest, 3),
            "furniture_over_rest": round(best["furniture_step_s"] / rest, 3),
        }
    result["furniture_step_speedup"] = round(result["old"]["furniture_step_s"] / result["new"]["furniture_step_s"], 2)
    result["furniture_step_new_over_previous"] = round(
        result["new"]["furniture_step_s"] / result["previous"]["furniture_step_s"], 2
    )
    result["furniture_step_new_over_last_round"] = round(
        result["new"]["furniture_step_s"] / result["last_round"]["furniture_step_s"], 2
    )
    result["clean_text_speedup"] = round(result["old"]["chain_s"] / result["new"]["chain_s"], 2)
    out = paths.project_root() / "benchmarks" / "furniture_speed.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Benchmark: the cleaning chain, in MB/s on one core, overall and per step.

The corpus is real articles: the seeds and, when present, the 24 articles of
``../shared/external/articles`` (read in place, never copied), decoded once,
then repeated ``--copies`` times (default 40, about 10 MB) and cleaned one
article at a time, as ``load_corpus`` cleans them. MB are UTF-8 megabytes of
the decoded raw text.

Each step of :data:`coopetition.text.clean.CLEANING_CHAIN` is timed on the text the
step before it produced, so the per-step figures add up to the chain; a step's
MB/s is the corpus size over that step's time (a step that skips its work when
its trigger is absent shows a very high figure). Times are CPU time of this
process (``time.process_time``), so other processes on a shared machine do not
count against it, and the fastest of ``--repeats`` runs is kept: noise only
ever adds time.
``--profile`` also prints the functions that take the most time (cProfile).

``python benchmarks/bench_clean.py`` (``--copies 4 --repeats 1`` for a quick check).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from coopetition import paths
from coopetition.reading.corpus import read_article
from coopetition.text.clean import CLEANING_CHAIN, clean_with_report


def source_texts() -> list[str]:
    """The decoded seeds and external articles (the latter only if present)."""
    files = sorted(paths.seeds_dir().glob("*.txt"))
    external = paths.project_root() / ".." / "shared" / "external" / "articles"
    if external.is_dir():
        files += sorted(external.glob("*.txt"))
    return [read_article(f)[0] for f in files]


def time_steps(texts: list[str]) -> dict[str, float]:
    """Seconds spent in each step over all texts (each step on its predecessor's output)."""
    spent = {step.name: 0.0 for step in CLEANING_CHAIN}
    clock = time.process_time
    for text in texts:
        for step in CLEANING_CHAIN:
            start = clock()
            text, _ = step.apply(text)
            spent[step.name] += clock() - start
    return spent


def time_chain(texts: list[str]) -> float:
    """Seconds for ``clean_with_report`` over all texts."""
    start = time.process_time()
    for text in texts:
        clean_with_report(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=40, help="how many times the source articles are repeated")
    parser.add_argument("--repeats", type=int, default=3, help="runs per timing; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    args = parser.parse_args()

    sources = source_texts()
    texts = sources * args.copies
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for text in sources:  # warm up: lazily built tables, OpenCC, regex caches
        clean_with_report(text)

    chain = min(time_chain(texts) for _ in range(args.repeats))
    runs = [time_steps(texts) for _ in range(args.repeats)]
    steps = {name: min(run[name] for run in runs) for name in runs[0]}
    total = sum(steps.values())

    print(f"cleaning chain on {len(texts)} articles ({len(sources)} sources x {args.copies}), {mb:.1f} MB, one core")
    print(f"whole chain (clean_with_report): {mb / chain:.1f} MB/s ({chain:.2f} s)")
    print(f"{'step':<20}{'MB/s':>10}{'share':>8}")
    for name, seconds in steps.items():
        rate = mb / seconds if seconds else float("inf")
        print(f"{name:<20}{rate:>10.1f}{seconds / total:>8.1%}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        time_chain(texts)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()

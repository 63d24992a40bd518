"""Speed of this quantity reader beside an earlier commit's, taking turns on the same load.

``bench_quantities.py`` times this reader against the one before issue 25 (ce3adca) in one process; the
ratio moves with the load of the shared machine. To tell whether a change made the reader slower, this
script runs that same timing (``bench_quantities.bench_speed``: every non-blank line of the seeds and the
24 external articles, cold caches, CPU seconds, fastest of ``--repeats``) in a fresh process for an
earlier commit's ``src`` (``git archive`` into a temporary folder) and for this checkout, ``--rounds`` times
taking turns (each first in every other round), and writes each run's milliseconds per line and its ratio to ce3adca.

Run: ``python benchmarks/bench_quantities_against.py --commit REV [--rounds 3] [--repeats 15]``; writes
``benchmarks/quantities_speed_against.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from coopetition import paths

ROOT = paths.project_root()
OUT = ROOT / "benchmarks" / "quantities_speed_against.json"
_CHILD = """
import json, sys
sys.path.insert(0, {bench!r})
from bench_quantities import bench_speed, corpus_articles
from coopetition import paths
folders = [paths.seeds_dir(), paths.project_root() / ".." / "shared" / "external" / "articles"]
print(json.dumps(bench_speed(corpus_articles(folders), {repeats})))
"""


def _timed(src: Path | None, repeats: int) -> dict:
    """``bench_speed`` in a fresh process, importing the reader from ``src`` (None: this checkout)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    code = _CHILD.format(bench=str(ROOT / "benchmarks"), repeats=repeats)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    line = result["new, by line"]
    return {"ms_per_line": line["ms_per_line"], "rows": line["rows"], "ratio": result["speedup new, by line"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", required=True, help="the earlier commit whose reader is timed beside this one")
    parser.add_argument("--rounds", type=int, default=3, help="turns of the two readers")
    parser.add_argument("--repeats", type=int, default=15, help="timed passes within each run (the fastest is kept)")
    parser.add_argument("--json", type=Path, default=OUT, help="results file")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.repeats < 1:
        parser.error(f"--rounds {args.rounds} / --repeats {args.repeats}: give 1 or more")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "src.tar"
        with archive.open("wb") as out:
            subprocess.run(["git", "archive", args.commit, "src"], cwd=ROOT, stdout=out, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        runs: dict[str, list[dict]] = {args.commit: [], "this checkout": []}
        for n in range(args.rounds):
            order = [args.commit, "this checkout"] if n % 2 == 0 else ["this checkout", args.commit]
            for name in order:  # each goes first in every other round: no reader always gets the warmer turn
                runs[name].append(_timed(Path(folder) / "src" if name == args.commit else None, args.repeats))
            print(f"round {n + 1}: {args.commit} {runs[args.commit][-1]}, this {runs['this checkout'][-1]}")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    results = {
        "what": "extract_quantities, one call per line (seeds + 24 external articles), CPU ms per line, fastest of "
        f"{args.repeats} passes per run; ratio = reader of ce3adca / this reader in the same run",
        "this checkout": head.stdout.strip(),
        "runs": runs,
        "best": {name: min(r["ms_per_line"] for r in rs) for name, rs in runs.items()},
    }
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results["best"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

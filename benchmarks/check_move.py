"""Issue 26's check that a move changes no output: the notebooks of a commit and of its parent, run on the seeds.

For each commit named, this exports it and its parent (``git archive``, nothing in the
checkout is written), runs every numbered notebook of each export on that export's
``seeds/`` with a fresh cache and figures folder (the kernel imports the export's own
``src/``), and compares every file the notebooks write (the tables, CSV, and the
figures, PNG) by SHA-256. It adds to ``benchmarks/move_check.json``, one row per
commit as soon as it is known: the files compared and those that differ (none, when
the commit moved code without changing what it computes), or that a tree's notebooks
do not run.

    python benchmarks/check_move.py abb996a eccd34c
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "move_check.json"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def export(commit: str, folder: Path) -> Path:
    """The tree of ``commit`` unpacked into ``folder`` (by ``git archive``; the checkout is not touched)."""
    folder.mkdir(parents=True)
    archive = folder.with_suffix(".tar")
    with archive.open("wb") as handle:
        subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    archive.unlink()
    return folder


def run_notebooks(tree: Path, work: Path) -> dict[str, str]:
    """Run the tree's numbered notebooks on its seeds; the SHA-256 of every file they wrote, by name."""
    figures, cache = work / "figures", work / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPETITION_")}
    env.update(
        COOPETITION_ROOT=str(tree),
        COOPETITION_FIGURES=str(figures),
        COOPETITION_CACHE=str(cache),
        PYTHONPATH=str(tree / "src"),  # the kernel imports this tree's package, not the installed one
        MPLBACKEND="Agg",
    )
    jupyter = Path(sys.executable).parent / "jupyter"
    for notebook in sorted((tree / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        subprocess.run(
            [str(jupyter), "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(work / "executed")]
            + ["--ExecutePreprocessor.kernel_name=python3", "--ExecutePreprocessor.timeout=900", str(notebook)],
            cwd=notebook.parent,
            env=env,
            check=True,
            capture_output=True,
        )
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(figures.iterdir()) if p.is_file()}


def check(commit: str, scratch: Path) -> dict:
    full = _git("rev-parse", commit)
    parent = _git("rev-parse", f"{full}^")
    hashes = {}
    row = {"commit": full[:7], "parent": parent[:7], "subject": _git("log", "-1", "--format=%s", full)[:120]}
    for label, rev in (("parent", parent), ("commit", full)):
        tree = export(rev, scratch / full[:7] / label / "tree")
        try:
            hashes[label] = run_notebooks(tree, scratch / full[:7] / label)
        except subprocess.CalledProcessError as exc:  # a tree whose notebooks do not run (a broken merge) is said so
            row["error"] = f"the notebooks of the {label} {rev[:7]} do not run: {Path(exc.cmd[-1]).name} failed"
            return row
    before, after = hashes["parent"], hashes["commit"]
    names = sorted(set(before) | set(after))
    return row | {
        "files_compared": len(names),
        "tables_compared": sum(n.endswith(".csv") for n in names),
        "figures_compared": sum(n.endswith(".png") for n in names),
        "differ": [n for n in names if before.get(n) != after.get(n)],
    }


def _save(row: dict) -> None:
    """Add or replace ``row`` in the result file (one row per commit, in commit order), at once."""
    rows = json.loads(OUT.read_text(encoding="utf-8"))["checks"] if OUT.is_file() else []
    rows = [r for r in rows if r["commit"] != row["commit"]] + [row]
    order = _git("rev-list", "--reverse", "HEAD").split()
    rows.sort(key=lambda r: next((i for i, c in enumerate(order) if c.startswith(r["commit"])), len(order)))
    OUT.write_text(json.dumps({"seeds": "each tree's own seeds/", "checks": rows}, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+", help="commits to compare with their parent")
    args = parser.parse_args(argv)
    for commit in args.commits:
        with tempfile.TemporaryDirectory(prefix="coopetition-move-check-") as scratch:
            row = check(commit, Path(scratch))
        _save(row)  # each commit's row as soon as it is known: a long run keeps what it measured
        result = row.get("error") or f"{row['files_compared']} files, {len(row['differ'])} differ"
        print(f"{row['commit']} vs {row['parent']}: {result}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

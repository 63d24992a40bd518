"""Check that a change to the quantity reader changed no row: hashes of every quantities table, per text
and per line, on the seeds, the 24 articles of ``../shared/external/articles`` and the development
half of ``../shared/devpages`` (cleaned page and gold content lines; the folders under ``../shared`` are
skipped when absent).

A hash covers the table's columns, dtypes, index and every row. Run it once on the code before the
change (``--write BEFORE.json``) and once after (``--against BEFORE.json``): it prints how many texts
differ and their names, never their text. The test half is never read.

Run: ``COOPETITION_CACHE=off python benchmarks/check_quantities_same.py --write /tmp/before.json``, then
``... --against /tmp/before.json`` (with ``PYTHONPATH=<checkout>/src`` to hash another checkout's reader).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import bench_devpages_quantities as devpages
import pandas as pd
from bench_quantities import corpus_articles

from coopetition import paths
from coopetition.measures.quantities import extract_quantities


def digest(table: pd.DataFrame) -> str:
    """The hash of a table: its columns, dtypes, index and rows."""
    shape = [list(table.columns), [str(t) for t in table.dtypes], table.index.tolist()]
    text = json.dumps([shape, table.to_dict("records")], ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def _per_line(text: str) -> str:
    return hashlib.sha256("".join(digest(extract_quantities(line)) for line in text.split("\n")).encode()).hexdigest()


def hashes() -> dict[str, str]:
    """Name → hash of the text's table and of its lines' tables, for every text read."""
    out = {}
    articles = corpus_articles([paths.seeds_dir(), paths.project_root() / ".." / "shared" / "external" / "articles"])
    for n, text in enumerate(articles):
        out[f"article {n}"] = digest(extract_quantities(text))
        out[f"article {n} by line"] = _per_line(text)
    if devpages.DEVPAGES.is_dir():
        for name, versions in devpages.page_texts("development").items():
            for mode, text in versions.items():
                out[f"{name} {mode}"] = digest(extract_quantities(text))
                out[f"{name} {mode} by line"] = _per_line(text)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the hashes here")
    group.add_argument("--against", type=Path, help="compare with hashes written before")
    args = parser.parse_args(argv)
    found = hashes()
    if args.write:
        args.write.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(found)} hashes written to {args.write}")
        return 0
    if not args.against.is_file():
        parser.error(f"--against: {args.against} is not a file (write it first with --write)")
    before = json.loads(args.against.read_text(encoding="utf-8"))
    differ = sorted(name for name in before.keys() | found.keys() if before.get(name) != found.get(name))
    print(f"{len(found)} texts hashed, {len(differ)} differ" + (": " + ", ".join(differ) if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

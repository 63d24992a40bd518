"""Check that a speed change changed no output: this checkout against a reference checkout.

For every seed, every article of ``../shared/external/articles`` and every page of one half of
``../shared/devpages`` (default the development half; the folders under ``../shared`` are skipped
when absent), each checkout computes, in a fresh interpreter with the article cache off, the
corpus row ``load_corpus`` gives (clean text, metadata, warnings, cleaning report, near-duplicate
flag, label; and each table's columns, types and index) and the tokens ``tokenize`` gives for its clean text, and hashes them
per article. The two checkouts must give the same hash for every article. Only the names of the
articles that differ are printed, never their text.

Run: ``python benchmarks/check_same_output.py --reference /tmp/ref-checkout [--half development]
[--reference-name COMMIT --json benchmarks/same_output.json]``
(the reference is a checkout of the code before the change, for example ``git archive HEAD | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent / ".." / "shared"

CHILD = r"""
import csv, hashlib, json, sys, tempfile, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import pandas as pd
from coopetition import load_corpus, tokenize

def digest(value):
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr).encode()).hexdigest()

def rows(corpus, group):
    out = {}
    for row in corpus.to_dict("records"):
        row = {k: (v.hex() if isinstance(v, bytes) else v) for k, v in row.items()}
        row["tokens"] = tokenize(row["text"])
        out[f"{group}/{row['file']}"] = digest(row)
    shape = [list(corpus.columns), [str(t) for t in corpus.dtypes], corpus.index.tolist()]
    out[f"{group}/(table of {corpus['file'].iloc[0] if len(corpus) == 1 else 'the folder'})"] = digest(shape)
    return out

seeds, external, devpages, half = sys.argv[1:5]
result = rows(load_corpus(seeds), "seeds")
if Path(external).is_dir():
    result.update(rows(load_corpus(external), "external"))
split = Path(devpages) / "split.tsv"
if split.is_file():
    with split.open(encoding="utf-8", newline="") as handle:
        files = sorted(r["file"] for r in csv.DictReader(handle, delimiter="\t") if r["split"] == half)
    for name in files:  # one page at a time: only this half's pages are read
        result.update(rows(load_corpus(Path(devpages) / "pages" / name), "devpages"))
print(json.dumps(result))
"""


def outputs(src: Path, half: str) -> dict[str, str]:
    """Per article, the hash of its row and tokens, as the checkout at ``src`` computes them."""
    env = {**os.environ, "PYTHONPATH": str(src), "COOPETITION_CACHE": "off", "COOPETITION_ROOT": str(src.parent)}
    env.pop("COOPETITION_SEEDS", None)
    args = [str(src.parent / "seeds"), str(SHARED / "external" / "articles"), str(SHARED / "devpages"), half]
    out = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(f"{src}: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="a checkout of the code before the change")
    parser.add_argument("--half", choices=("development", "test"), default="development")
    parser.add_argument("--reference-name", help="what the reference is, for the result file (a commit)")
    parser.add_argument("--json", type=Path, help="write the counts here (benchmarks/same_output.json)")
    args = parser.parse_args(argv)
    if not (args.reference / "src" / "coopetition").is_dir():
        parser.error(f"--reference {args.reference}: no src/coopetition in it (give a checkout of the project)")
    before = outputs(args.reference.resolve() / "src", args.half)
    now = outputs(HERE.parent / "src", args.half)
    differ = sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))
    counts: dict[str, dict[str, int]] = {}
    for name in sorted(before.keys() | now.keys()):
        group, _, item = name.partition("/")
        kind = "tables" if item.startswith("(table of") else "articles"
        counts.setdefault(group, {"articles": 0, "tables": 0, "differ": 0})[kind] += 1
        counts[group]["differ"] += name in differ
    print(f"{len(before)} entries ({', '.join(sorted(counts))}): {len(differ)} differ")
    for name in differ:
        print(f"  differs: {name}")
    if args.json is not None:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True)
        result = {
            "half": args.half,
            "reference": args.reference_name or str(args.reference),
            "now": commit.stdout.strip(),
            "groups": counts,
            "differ": differ,
        }
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

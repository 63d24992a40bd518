"""Quantities on the shared second corpus: recall, precision and attributes against a hand reading.

The gold is ``benchmarks/gold/quantities_external_odd.jsonl``: every quantity of the odd-numbered
articles of ``../shared/external/articles`` (development data; the even-numbered articles are kept
for scoring and were not read), kept as references: the article's sha1, character offsets and the
span's sha1, never the text. This script rebuilds each span from the article, checks both hashes,
then scores the package's path (``read_article`` → ``clean_text`` → ``extract_quantities``) with the
matching and totals of ``bench_devpages_quantities`` (same value and unit family, each gold row once;
optional rows count only when found).

Run: ``python benchmarks/bench_external_quantities.py [--show 20]``; writes
``benchmarks/external_quantities.json``. Skips (exit 0, says so) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_devpages_quantities import _rows, score_file  # noqa: E402

from coopetition import paths  # noqa: E402
from coopetition.reading.readers import read_article  # noqa: E402
from coopetition.text.clean import clean_text  # noqa: E402

GOLD = paths.project_root() / "benchmarks" / "gold" / "quantities_external_odd.jsonl"
OUT = paths.project_root() / "benchmarks" / "external_quantities.json"
ARTICLES = paths.project_root().parent / "shared" / "external" / "articles"
KEYS = ("gold", "matched", "found", "qualifier", "change", "both")


def _encoding(name: str) -> str:
    return "gb18030" if name.startswith("023_") else "utf-8"


def read_gold(articles: Path = ARTICLES) -> dict[str, list[dict]]:
    """file → gold rows with ``span`` rebuilt from the article; raises naming the row when a hash differs."""
    gold: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        name = row["file"]
        if name not in texts:
            raw = (articles / name).read_bytes()
            if hashlib.sha1(raw).hexdigest() != row["file_sha1"]:
                raise ValueError(f"{GOLD.name} row {number}: {name} is not the article the gold was read from (sha1)")
            texts[name] = raw.decode(_encoding(name))
        span = texts[name][row["start"] : row["end"]]
        if hashlib.sha1(span.encode("utf-8")).hexdigest() != row["span_sha1"]:
            raise ValueError(f"{GOLD.name} row {number}: the span at {row['start']}:{row['end']} of {name} differs")
        gold.setdefault(name, []).append({**row, "span": span})
    return gold


def score(articles: Path = ARTICLES) -> tuple[dict, dict]:
    gold = read_gold(articles)
    sums = dict.fromkeys(KEYS, 0)
    details = {}
    for name in sorted(gold):
        raw, _ = read_article(articles / name)
        result = score_file(_rows(clean_text(raw)), gold[name])
        details[name] = result
        for key in KEYS:
            sums[key] += result[key]
    matched = sums["matched"] or 1
    totals = {
        "data": "odd-numbered articles of ../shared/external (development; two coders, settled)",
        "articles": len(gold),
        "gold": sums["gold"],
        "found": sums["found"],
        "matched": sums["matched"],
        "recall": round(sums["matched"] / sums["gold"], 4),
        "precision": round(sums["matched"] / sums["found"], 4),
        "attributes": round(sums["both"] / matched, 4),
        "qualifier": round(sums["qualifier"] / matched, 4),
        "change": round(sums["change"] / matched, 4),
    }
    return totals, details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="list up to N misses and false finds")
    args = parser.parse_args(argv)
    if not ARTICLES.is_dir():
        print(f"skipped: {ARTICLES} is absent")
        return 0
    totals, details = score()
    OUT.write_text(json.dumps(totals, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(totals, ensure_ascii=False, indent=1))
    shown = 0
    for name, result in details.items():
        for kind in ("missed", "false"):
            for row in result[kind]:
                if shown < args.show:
                    print(f"{kind:6} {name} {row['span']!r} {row['value']} {row['unit']} {row.get('subject', '')}")
                    shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

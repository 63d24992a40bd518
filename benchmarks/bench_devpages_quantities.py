"""Quantities on the hand-read development pages: recall, precision and attributes per half.

Reads ``../shared/devpages/`` (200 real pages, hand-read quantities by ``QUANTITIES.md``), extracts
from each page of one half of the site split two ways and scores against the gold rows:

- ``cleaned``: as the package does, ``read_article`` → ``clean_text`` → ``extract_quantities``
  (precision then also pays for furniture the cleaning kept);
- ``content``: from the page's gold content and mixed lines only (``structure.jsonl``), so the
  grammar's own precision is visible.

Matching, per file: a found row matches a gold row with the same value (within 1e-6 relative;
the top of a range too when both give one) and the same unit key (money by currency code, ``%``,
``pp``, ``x``, a duration, or count/other: the two readers named counted nouns differently).
Each gold row matches at most once. A gold row marked ``optional`` (a fuzzy amount) counts
for recall only when found and never against precision.

- recall = matched gold rows / (required gold rows + optional rows found);
- precision = matched found rows / found rows;
- attributes = among matched rows, the share whose qualifier (bound) and change are both right
  (unit is part of the match); each attribute is also reported alone;
- currency_assumed = among matched money rows, the share whose ``currency_assumed`` flag agrees with
  the gold row's (QUANTITIES.md: set where money has no currency anywhere in the text); reported
  alone, not part of attributes.

Only the totals are written (``benchmarks/devpages_quantities.json``, one entry per half and
mode); ``--show`` lists misses and false finds, and refuses to on the test half.

Run: ``python benchmarks/bench_devpages_quantities.py --half development [--show 40]``
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from coopetition import paths
from coopetition.measures.quantities import extract_quantities
from coopetition.model.train import devpage_split
from coopetition.reading.readers import read_article
from coopetition.text.clean import clean_text

DEVPAGES = paths.project_root() / ".." / "shared" / "devpages"
OUT = paths.project_root() / "benchmarks" / "devpages_quantities.json"
CURRENCIES = frozenset({"CNY", "HKD", "USD", "JPY", "EUR", "TWD", "GBP", "KRW", "SGD", "MOP"})
DURATIONS = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds"})
#: the package's unit ``age`` (37岁) is a number of years: the readers wrote ``years``


def unit_key(unit: str) -> str:
    """The family a unit is scored by: the currency code for money, else %, pp, x, duration or count."""
    if unit in CURRENCIES or unit in ("%", "pp", "x"):
        return unit
    return "duration" if unit in DURATIONS or unit == "age" else "count"  # an age is read in years


def _close(a: float | None, b: float | None) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _no(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _same_value(found: dict, gold: dict) -> bool:
    if not _close(found["value"], gold["value"]):
        return False
    return _no(found["value_max"]) or _no(gold["value_max"]) or _close(found["value_max"], gold["value_max"])


def match(found: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """Pairs (found index, gold index): same value and unit key, each gold row once, in text order."""
    left = list(range(len(gold)))
    pairs = []
    for i, row in enumerate(found):
        hit = next(
            (g for g in left if _same_value(row, gold[g]) and unit_key(row["unit"]) == unit_key(gold[g]["unit"])), None
        )
        if hit is not None:
            left.remove(hit)
            pairs.append((i, hit))
    return pairs


def score_file(found: list[dict], gold: list[dict]) -> dict:
    pairs = match(found, gold)
    matched_gold = {g for _, g in pairs}
    required = sum(not g.get("optional") for g in gold)
    optional_found = sum(1 for g in matched_gold if gold[g].get("optional"))
    optional_matched_found = {i for i, g in pairs if gold[g].get("optional")}
    return {
        "gold": required + optional_found,
        "matched": len(pairs),
        "found": len(found),
        "qualifier": sum(found[i]["qualifier"] == gold[g]["qualifier"] for i, g in pairs),
        "change": sum(found[i]["change"] == gold[g]["change"] for i, g in pairs),
        "both": sum(
            found[i]["qualifier"] == gold[g]["qualifier"] and found[i]["change"] == gold[g]["change"] for i, g in pairs
        ),
        "missed": [gold[g] for g in range(len(gold)) if g not in matched_gold and not gold[g].get("optional")],
        "false": [found[i] for i in range(len(found)) if i not in {i for i, _ in pairs}],
        "wrong": [
            (found[i], gold[g])
            for i, g in pairs
            if (found[i]["qualifier"], found[i]["change"]) != (gold[g]["qualifier"], gold[g]["change"])
        ],
        "optional_found": len(optional_matched_found),
        "money": sum(unit_key(gold[g]["unit"]) in CURRENCIES for _, g in pairs),
        "assumed": sum(
            bool(found[i].get("currency_assumed")) == bool(gold[g].get("currency_assumed"))
            for i, g in pairs
            if unit_key(gold[g]["unit"]) in CURRENCIES
        ),
    }


def _rows(text: str, extract=extract_quantities) -> list[dict]:
    table = extract(text)
    columns = ["value", "value_max", "unit", "qualifier", "change", "span", "subject", "currency_assumed"]
    return table[[c for c in columns if c in table.columns]].to_dict("records")  # the old reader had no flag


def page_texts(half: str) -> dict[str, dict[str, str]]:
    """file → {"cleaned": cleaned page, "content": gold content + mixed lines} for one half."""
    split = devpage_split(DEVPAGES.parent)
    structure = {}
    for line in (DEVPAGES / "structure.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        structure[record["file"]] = record
    texts = {}
    for name in sorted(f for f, h in split.items() if h == half):
        raw, _ = read_article(DEVPAGES / "pages" / name)
        lines = raw.split("\n")
        mixed = [m["line"] if isinstance(m, dict) else m for m in structure[name]["mixed_lines"]]
        keep = sorted(structure[name]["content_lines"] + mixed)
        texts[name] = {"cleaned": clean_text(raw), "content": "\n".join(lines[n - 1] for n in keep)}
    return texts


def read_gold(half: str) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    for line in (DEVPAGES / f"quantities_{half}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold.setdefault(row["file"], []).append(row)
    return gold


def score_half(half: str, extract=extract_quantities) -> tuple[dict, dict]:
    """Totals per mode, and the per-file details (for ``--show`` on the development half)."""
    gold = read_gold(half)
    texts = page_texts(half)
    totals, details = {}, {}
    for mode in ("cleaned", "content"):
        sums = {k: 0 for k in ("gold", "matched", "found", "qualifier", "change", "both", "money", "assumed")}
        started = time.perf_counter()
        details[mode] = {}
        for name, versions in texts.items():
            result = score_file(_rows(versions[mode], extract), gold.get(name, []))
            details[mode][name] = result
            for k in sums:
                sums[k] += result[k]
        matched = sums["matched"] or 1
        totals[mode] = {
            "pages": len(texts),
            "gold": sums["gold"],
            "found": sums["found"],
            "matched": sums["matched"],
            "recall": round(sums["matched"] / sums["gold"], 4) if sums["gold"] else None,
            "precision": round(sums["matched"] / sums["found"], 4) if sums["found"] else None,
            "attributes": round(sums["both"] / matched, 4),
            "qualifier": round(sums["qualifier"] / matched, 4),
            "change": round(sums["change"] / matched, 4),
            "currency_assumed": round(sums["assumed"] / sums["money"], 4) if sums["money"] else None,
            "seconds": round(time.perf_counter() - started, 2),
        }
    return totals, details


def _show(details: dict, limit: int) -> None:
    for name, r in details.items():
        lines = [
            f"  MISS {g['span']!r} {g['value']} {g['unit']} q={g['qualifier']} c={g['change']}" for g in r["missed"]
        ]
        lines += [
            f"  FALSE {f['span']!r} {f['value']} {f['unit']} q={f['qualifier']} c={f['change']}" for f in r["false"]
        ]
        lines += [
            f"  ATTR {f['span']!r} q={f['qualifier']}/{g['qualifier']} c={f['change']}/{g['change']}"
            for f, g in r["wrong"]
        ]
        if lines:
            print(name)
            print("\n".join(lines[:limit]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("development", "test"), required=True)
    parser.add_argument("--show", type=int, default=0, help="list errors per page (development half only)")
    parser.add_argument("--mode", choices=("cleaned", "content"), default="content", help="which reading --show lists")
    parser.add_argument(
        "--old", action="store_true", help="also score the reader before issue 25 (benchmarks/old_quantities.py)"
    )
    parser.add_argument("--json", type=Path, default=OUT, help="results file (updated for this half)")
    args = parser.parse_args(argv)
    if not DEVPAGES.is_dir():
        print(f"{DEVPAGES}: not on this machine; nothing to score", file=sys.stderr)
        return 2
    if args.show and args.half == "test":
        print("--show lists per-page errors: development half only", file=sys.stderr)
        return 2
    totals, details = score_half(args.half)
    results = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
    results[args.half] = totals
    if args.old:
        from old_quantities import OLD_COMMIT, old_extract_quantities

        old, _ = score_half(args.half, old_extract_quantities())
        results[f"{args.half} (reader of {OLD_COMMIT})"] = old
        for mode, t in old.items():
            print(
                f"{'old ' + OLD_COMMIT:12} {mode:8} {t['gold']:5d} {t['found']:5d} {t['recall']:7.3f} {t['precision']:9.3f} {t['attributes']:10.3f}"
            )
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{'half':12} {'mode':8} {'gold':>5} {'found':>5} {'recall':>7} {'precision':>9} {'attributes':>10}")
    for mode, t in totals.items():
        print(
            f"{args.half:12} {mode:8} {t['gold']:5d} {t['found']:5d} {t['recall']:7.3f} {t['precision']:9.3f} {t['attributes']:10.3f}"
        )
    if args.show:
        _show(details[args.mode], args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

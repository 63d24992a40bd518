"""The precision errors of the quantity reader on the development pages, by kind: false finds and matched rows
with a wrong bound or change, in-sample and in the site-grouped estimate of ``bench_quantity_rules.py``.

For each error the table names its **kind** (a count of the firms named around it, an event count, a rank, a
duration that places or narrates, a time of day, a figure inside a quoted name, a user count read as money, a
loss or cut word that gives no direction…; :func:`kind_of`), the **token** that made the row (the unit or
classifier the reader read after the numeral, the family of the unit) and, for the site-grouped reading, the
rule family of the page's fold that, switched off alone, brings the error back when it is not there
in-sample (the estimate's own errors). Kinds are told from the row's span and the few characters around it by the patterns below; they
are for reading the errors, not part of the reader.

Only counts per kind, token and family, and the page names, are written (``quantity_precision_errors.json``);
no page text. The development half only: ``--half test`` is refused (the test half is never read).

Run: ``python benchmarks/quantity_precision_errors.py [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import bench_devpages_quantities as devpages
import bench_quantity_rules as rules

from coopetition import paths
from coopetition.measures.quantities import extract_quantities

OUT = paths.project_root() / "benchmarks" / "quantity_precision_errors.json"

#: (kind, test on the found row, the text before its span and after it), first that holds wins
_FALSE_KINDS: list[tuple[str, object]] = [
    ("rank after a list of ordinals (2、3、4名)", lambda r, b, a: r["noun"] == "名" and re.search(r"\d、\s*$", b)),
    ("time of day (上午9点, 12点后)", lambda r, b, a: r["unit"] == "points" and r["span"].endswith("点")),
    (
        "figure inside a quoted name or campaign (“1元店”)",
        lambda r, b, a: re.search('[“"「『][^”"」』]{0,4}$', b) and re.match('^[^”"」』,，。]{0,8}[”"」』]', a),
    ),
    (
        "count of the firms named around it (三家公司)",
        lambda r, b, a: r["unit"] == "firms" or r["span"].endswith(("家", "家公司")),
    ),
    ("a pronoun count (二人)", lambda r, b, a: r["span"] in ("二人", "两人")),
    ("event or aspect count (三场官司, 4个方面)", lambda r, b, a: r["family"] == "count" and bool(r["noun"])),
    ("duration placed in time or narrated (这两年, 十年纠葛)", lambda r, b, a: r["family"] == "duration"),
    (
        "user count read as money (MAU达5500万)",
        lambda r, b, a: r["family"] == "money" and re.search("用户|MAU|DAU|日活|月活", b[-20:]),
    ),
    ("currency after the amount (亿元台币)", lambda r, b, a: r["family"] == "money" and re.match("^台币|^新台币", a)),
    ("multiple written out (双倍)", lambda r, b, a: r["unit"] == "x"),
    ("bare magnitude read as a count (120亿)", lambda r, b, a: r["unit"] == "count" and not r["noun"]),
    ("money, other", lambda r, b, a: r["family"] == "money"),
]
_ATTRIBUTE_KINDS: list[tuple[str, object]] = [
    (
        "direction: a loss or cut word (损失, 裁员, 折价, 转亏)",
        lambda f, g, b, a: (
            g["change"] == "decrease" and f["change"] == "" and re.search("损失|裁员|折价|降价|转亏|亏损|浮亏", b[-24:])
        ),
    ),
    (
        "direction: a growth rate named in the clause (增速…高达35%)",
        lambda f, g, b, a: g["change"] == "increase" and f["change"] == "" and re.search("增速|增长", b[-40:]),
    ),
    ("direction: other", lambda f, g, b, a: f["change"] != g["change"]),
    (
        "bound: 内 after a span (48小时内)",
        lambda f, g, b, a: f["qualifier"] == "below" and g["qualifier"] == "" and a.startswith("内"),
    ),
    (
        "bound: an upper bound read as a level (最多)",
        lambda f, g, b, a: f["qualifier"] == "below" and not g["qualifier"],
    ),
    ("bound: an estimate (预计…将达到, 约为…的)", lambda f, g, b, a: "about" in (f["qualifier"], g["qualifier"])),
    ("bound: at least not read (破, 至少进帐, 的突破)", lambda f, g, b, a: g["qualifier"] == "at least"),
    ("bound: negated (尚未突破)", lambda f, g, b, a: f["qualifier"] == "at least" and g["qualifier"] == "below"),
    ("bound: other", lambda f, g, b, a: True),
]


def kind_of(row: dict, text: str, gold: dict | None = None) -> str:
    """The kind of one error: a false find (``gold`` None) or a matched row with a wrong bound or change."""
    start = int(row["start"])
    before, after = text[max(0, start - 40) : start], text[start + len(row["span"]) : start + len(row["span"]) + 12]
    if gold is None:
        return next((kind for kind, test in _FALSE_KINDS if test(row, before, after)), "other")
    return next(kind for kind, test in _ATTRIBUTE_KINDS if test(row, gold, before, after))


def token_of(row: dict) -> str:
    """What made the row: the family of its unit and the word read after the numeral (家, 名, 年, 亿…)."""
    word = re.sub(r"^[-+]?[\d.,\s零〇一二两三四五六七八九十百千万亿兆几数多余]+", "", row["span"])
    return f"{row['family']}: {word or row['span'][-1:]}"


def _page_errors(texts: dict[str, str], gold: dict[str, list[dict]], names: list[str]) -> dict[str, dict]:
    out = {}
    for name in names:
        rows = extract_quantities(texts[name]).to_dict("records")
        out[name] = devpages.score_file(rows, gold.get(name, []))
    return out


def _key(row: dict) -> tuple:
    return (row["span"], row["start"], row["qualifier"], row["change"])


def _error_keys(result: dict) -> set[tuple]:
    """The false finds and the rows with a wrong bound or change of one page's result."""
    return {_key(row) for row in result["false"]} | {_key(row) for row, _ in result["wrong"]}


def tabulate(results: dict[str, dict], texts: dict[str, str], cause: dict[str, list[str]] | None = None) -> dict:
    """Errors by kind: how many, on how many pages, by token, and (site-grouped) the family that brings each back."""
    table: dict[str, dict[str, dict]] = {"false finds": {}, "wrong bound or change": {}}
    for name, result in sorted(results.items()):
        items = [("false finds", f, None) for f in result["false"]]
        items += [("wrong bound or change", f, g) for f, g in result["wrong"]]
        for part, found, gold in items:
            kind = kind_of(found, texts[name], gold)
            entry = table[part].setdefault(
                kind, {"errors": 0, "pages": [], "tokens": Counter(), "rules off": Counter()}
            )
            entry["errors"] += 1
            entry["pages"].append(name)
            entry["tokens"][token_of(found)] += 1
            if cause is not None and _key(found) in cause.get(name, {}):
                for family in cause[name][_key(found)]:
                    entry["rules off"][family] += 1
    for part in table.values():
        for entry in part.values():
            entry["pages"] = sorted(set(entry["pages"]))
            entry["tokens"] = dict(sorted(entry["tokens"].items()))
            entry["rules off"] = dict(sorted(entry["rules off"].items()))
    return {
        part: dict(sorted(kinds.items(), key=lambda item: (-item[1]["errors"], item[0])))
        for part, kinds in table.items()
    }


def run(k: int = 5) -> dict:
    gold = devpages.read_gold("development")
    texts = {name: versions["cleaned"] for name, versions in devpages.page_texts("development").items()}
    names = sorted(texts)
    in_sample = _page_errors(texts, gold, names)
    fold = rules.folds_of(names, k)
    committed = json.loads(rules.OUT.read_text(encoding="utf-8"))["families switched off per fold"]
    grouped: dict[str, dict] = {}
    cause: dict[str, dict] = defaultdict(dict)
    for f in range(k):
        off = committed.get(str(f), [])
        pages = [name for name in names if fold[name] == f]
        with rules.switched_off(off):
            grouped.update(_page_errors(texts, gold, pages))
        for name in pages:
            new = _error_keys(grouped[name]) - _error_keys(in_sample[name])
            if not new:
                continue
            for family in off:  # which switched-off family, alone, brings the error back
                with rules.switched_off([family]):
                    alone = _error_keys(_page_errors(texts, gold, [name])[name])
                for key in new & alone:
                    cause[name].setdefault(key, []).append(family)
    return {
        "what": "development half, cleaned pages: false finds and wrong bound or change by kind; the site-grouped "
        "reading switches off per fold the families of benchmarks/quantity_rules.json",
        "in-sample": {"totals": rules.totals(list(in_sample.values())), **tabulate(in_sample, texts)},
        "site-grouped": {
            "totals": rules.totals([grouped[name] for name in names]),
            **tabulate(grouped, texts, cause),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="development", help="development only: the test half is never read here")
    parser.add_argument("--json", type=Path, default=OUT, help="results file")
    args = parser.parse_args(argv)
    if args.half != "development":
        print(f"--half {args.half}: this table lists per-page errors, development half only", file=sys.stderr)
        return 2
    if not devpages.DEVPAGES.is_dir():
        print(f"{devpages.DEVPAGES}: not on this machine; nothing to score", file=sys.stderr)
        return 2
    results = run()
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for reading in ("in-sample", "site-grouped"):
        print(reading, results[reading]["totals"])
        for part in ("false finds", "wrong bound or change"):
            for kind, entry in results[reading][part].items():
                print(f"  {part:22} {entry['errors']:3d} on {len(entry['pages']):2d} pages  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quantities: speed against the old reader, and money extraction against JioNLP's ``extract_money``.

Five measurements, printed as tables (and written as JSON, ``benchmarks/quantities_results.json``
by default):

0. **Speed, old against new, in one run**: every non-blank line of the seeds and of the second
   corpus (cleaned as the package cleans them), read one line at a time by the reader before
   issue 25 (``benchmarks/old_quantities.py`` takes it from git into a temporary folder) and by
   the current one; lines/s, rows/s and the ratio. Both are warmed on the hand-read sentences
   below first (dictionaries loaded), and every cache of the readers and the segmenter is cleared
   before each timed pass, so neither reads lines the other has already cut.

1. **Hand-read sentences** (``GOLD`` below, written for this benchmark in the
   patterns of Chinese business reporting; every amount read by hand):
   recall, precision, and the share of found amounts with the right currency.
   Traps (years, percentages, counts, model names) carry no gold amount, so
   anything found there costs precision.
2. **Real articles** (the second corpus, ``../shared/external/articles``, when
   present): per article, how many amounts each tool finds, how many they
   agree on (same value and currency), and the amounts only one of them finds,
   listed for a reader to judge.
3. **Devpages** (``../shared/devpages``, ``--half development`` by default; the test half is for the
   frozen score): recall, precision and attributes of the whole table
   (``bench_devpages_quantities.py``), and on the money subset (gold rows in a currency)
   coopetition against JioNLP side by side, on the gold content lines of each page (JioNLP given
   the simplified text, as coopetition reads it): an amount matches a gold amount with the same
   value (and top of range) within 1e-6 and the same currency; optional gold rows count only when
   found.

JioNLP is the baseline, not a dependency of the package: install it for the
benchmark only (``pip install jionlp==1.5.31``; it adds ``jiojio`` and
``zipfile36`` and leaves numpy/pandas alone). The script says so and stops
when it is missing.

Run: ``python benchmarks/bench_quantities.py [--half development|test] [--articles PATH] [--json OUT] [--show N]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import sys
from pathlib import Path

import bench_devpages_quantities as devpages

from coopetition import load_corpus, paths
from coopetition.measures.quantities import extract_quantities
from coopetition.text.clean import to_simplified

#: JioNLP's currency names → ISO codes
JIO_CURRENCY = {
    "元": "CNY",
    "人民币": "CNY",
    "港元": "HKD",
    "美元": "USD",
    "日元": "JPY",
    "欧元": "EUR",
    "新台币": "TWD",
    "台币": "TWD",
}

#: (sentence, [(value, value_max or None, currency)]): every amount of money a reader finds, in order
GOLD: list[tuple[str, list[tuple[float, float | None, str]]]] = [
    ("公司全年营收3000亿元,同比增长12%。", [(3e11, None, "CNY")]),
    ("总收入为人民币6,090亿元(860亿美元),同比增长10%。", [(6.09e11, None, "CNY"), (8.6e10, None, "USD")]),
    ("商品收入为1,953.04亿元,同比减少0.9%。", [(1.95304e11, None, "CNY")]),
    ("每股派息3.40港元,约等于320亿港元。", [(3.4, None, "HKD"), (3.2e10, None, "HKD")]),
    ("股价收于153.1港元,跌6.48%。", [(153.1, None, "HKD")]),
    ("市值一度达到1855亿美金。", [(1.855e11, None, "USD")]),
    ("美团的市值一天缩水784亿港元。", [(7.84e10, None, "HKD")]),
    ("平台投入约120亿元,覆盖超过3万个乡镇。", [(1.2e10, None, "CNY")]),
    ("京东为该入口支付的年费用估计在80-100亿元。", [(8e9, 1e10, "CNY")]),
    ("补贴预算在80亿至100亿元。", [(8e9, 1e10, "CNY")]),
    ("客单价在10万到20万元。", [(1e5, 2e5, "CNY")]),
    ("今年投入在50亿元至80亿元之间。", [(5e9, 8e9, "CNY")]),
    ("直播电商GMV的天花板在2万亿元到3万亿元之间。", [(2e12, 3e12, "CNY")]),
    ("全年营收8000亿日元,海外收入100亿欧元。", [(8e11, None, "JPY"), (1e10, None, "EUR")]),
    ("该片在台湾票房达10亿新台币。", [(1e9, None, "TWD")]),
    ("股息为港币1.5元。", [(1.5, None, "HKD")]),
    ("以约人民币157亿元回购约5,634万股股份。", [(1.57e10, None, "CNY")]),
    ("净利润不足二十亿元。", [(2e9, None, "CNY")]),
    ("交易额三点五万亿元。", [(3.5e12, None, "CNY")]),
    ("营收达100多亿元,净利润20余亿元。", [(1e10, None, "CNY"), (2e9, None, "CNY")]),
    ("快手营收同比增长20.5%,首次突破千亿达1134.7亿元。", [(1e11, None, "CNY"), (1.1347e11, None, "CNY")]),
    ("阿里赔京东10亿,恩怨长达10年。", [(1e9, None, "CNY")]),
    ("这家公司还因年亏近60亿受尽冷眼。", [(6e9, None, "CNY")]),
    ("一台服务器的价格涨到了220万-230万。", [(2.2e6, 2.3e6, "CNY")]),
    ("每股美国存托股摊薄收益为11.61元,市场预估8.81元。", [(11.61, None, "CNY"), (8.81, None, "CNY")]),
    ("融资5000万美元,估值超过10亿美元。", [(5e7, None, "USD"), (1e9, None, "USD")]),
    ("总现金为4,033亿元(569亿美元)。", [(4.033e11, None, "CNY"), (5.69e10, None, "USD")]),
    ("经营亏损收窄至51亿元。", [(5.1e9, None, "CNY")]),
    ("总市值一夜之间增加29.59亿美元(约合人民币214亿元)。", [(2.959e9, None, "USD"), (2.14e10, None, "CNY")]),
    ("每单罚款500元,大件罚款1000元。", [(500.0, None, "CNY"), (1000.0, None, "CNY")]),
    ("價格達到300億元，同比增長15%。", [(3e10, None, "CNY")]),
    ("新用户最高可领28元现金。", [(28.0, None, "CNY")]),
    ("售价US$999起。", [(999.0, None, "USD")]),
    # traps: no money here
    ("二零二三年全年,腾讯控股(00700.HK)公布业绩。", []),
    ("H100和A800芯片在618大促和双11期间供不应求。", []),
    ("用户数5.88亿,同比增长6.5%,环比增加超750万。", []),
    ("市场份额从2019年的66%降至2022年的44%。", []),
    ("商家可0元入驻,客服电话400-820-8820。", []),
    ("员工逾两万人,覆盖3家银行。", []),
    ("第三季度,Q3营收增长,排名第2。", []),
]


def _ours(text: str) -> list[tuple[float, float | None, str]]:
    table = extract_quantities(text)
    money = table[table["family"] == "money"]
    return [(v, None if math.isnan(m) else m, u) for v, m, u in zip(money["value"], money["value_max"], money["unit"])]


def _jio(jio, text: str) -> list[tuple[float, float | None, str]]:
    found = []
    with contextlib.redirect_stdout(io.StringIO()):
        entities = jio.ner.extract_money(text, with_parsing=True)
    for entity in entities:
        num, case = entity["detail"]["num"], entity["detail"]["case"]
        low, high = (float(num[0]), float(num[1])) if isinstance(num, list) else (float(num), None)
        found.append((low, high, JIO_CURRENCY.get(case, case)))
    return found


def _same_amount(a, b, *, rel: float = 1e-6) -> bool:
    def close(x, y):
        return (x is None and y is None) or (
            x is not None and y is not None and math.isclose(x, y, rel_tol=rel, abs_tol=0.006)
        )

    return close(a[0], b[0]) and close(a[1], b[1])


def score(found: list, gold: list) -> tuple[int, int, int, int]:
    """(matched, found, gold, matched with the right currency); one gold amount matches at most once."""
    left = list(gold)
    matched = right = 0
    for item in found:
        hit = next((g for g in left if _same_amount(item, g)), None)
        if hit is not None:
            left.remove(hit)
            matched += 1
            right += item[2] == hit[2]
    return matched, len(found), len(gold), right


def bench_gold(jio) -> dict:
    totals = {"ours": [0, 0, 0, 0], "jionlp": [0, 0, 0, 0]}
    misses = {"ours": [], "jionlp": []}
    for sentence, gold in GOLD:
        for name, found in (("ours", _ours(sentence)), ("jionlp", _jio(jio, sentence))):
            result = score(found, gold)
            totals[name] = [t + r for t, r in zip(totals[name], result)]
            if result[0] != len(gold) or result[1] != len(gold) or result[3] != result[0]:
                misses[name].append({"sentence": sentence, "found": found, "gold": gold})
    report = {}
    for name, (matched, found, gold, right) in totals.items():
        report[name] = {
            "recall": matched / gold,
            "precision": matched / found if found else 1.0,
            "unit_right": right / matched if matched else 0.0,
            "found": found,
            "gold": gold,
            "errors": misses[name],
        }
    return report


def bench_articles(jio, folder: Path, ids: tuple[str, ...]) -> dict:
    corpus = load_corpus(folder)
    rows = {}
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        if ids and doc_id not in ids:
            continue
        ours, theirs = _ours(text), _jio(jio, text)
        only_theirs = list(theirs)
        only_ours = []
        for item in ours:  # JioNLP rounds to cents (11.887元 → 11.89): agree within 0.1%
            hit = next((t for t in only_theirs if t[2] == item[2] and _same_amount(item, t, rel=1e-3)), None)
            if hit is None:
                only_ours.append(item)
            else:
                only_theirs.remove(hit)
        rows[doc_id] = {
            "ours": len(ours),
            "jionlp": len(theirs),
            "agree": len(ours) - len(only_ours),
            "only_ours": sorted(only_ours, key=str),
            "only_jionlp": sorted(only_theirs, key=str),
        }
    return rows


def _clear_caches() -> None:
    """Empty every ``lru_cache`` of the segmenter and of both readers (a timed pass starts cold)."""
    import functools
    import importlib
    import pkgutil

    import coopetition.measures.quantities as package

    names = [
        "coopetition.text.segment",
        "coopetition._old_quantities",
        "coopetition._old_numbers",
        "coopetition.measures.numerals",
    ]
    names += [f"coopetition.measures.quantities.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    for name in names:
        module = sys.modules.get(name) or (None if "_old_" in name else importlib.import_module(name))
        if module is None:
            continue
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper) and value.__name__ not in (
                "_jieba",
                "get_tokenizer",
                "_dictionary",
                "get_fast_tokenizer",
                "_domain_words",
                "stopwords",
                "_pos_tokenizer",
                "_cn2an",
                "old_extract_quantities",
            ):
                value.cache_clear()


def corpus_articles(folders: list[Path]) -> list[str]:
    """The articles in ``folders``, cleaned as the package cleans them."""
    texts = []
    for folder in folders:
        if folder.is_dir():
            texts += list(load_corpus(folder)["text"])
    return texts


def bench_speed(articles: list[str], repeats: int = 3) -> dict:
    """The old and the new reader on the same text, cold caches each pass, two ways: every non-blank line
    read alone (``extract_quantities(line)``), and every article read whole; both reported per line.

    A third way for the new reader only: every line read alone by ``extract_records`` and one table built
    for them all with ``records_table`` (the batch path; the old reader has none). Each way is timed
    ``repeats`` times, the readers taking turns, and the fastest pass is kept (the machine is shared:
    the slower passes measure the other users)."""
    import time

    from old_quantities import OLD_COMMIT, old_extract_quantities

    from coopetition.measures.quantities import extract_records, records_table

    lines = [line for text in articles for line in text.split("\n") if line.strip()]
    old_name = f"old ({OLD_COMMIT})"
    readers = {old_name: old_extract_quantities(), "new": extract_quantities}
    for read in readers.values():  # load dictionaries and models on other text than the timed lines
        for sentence, _ in GOLD:
            read(sentence)

    def batch(texts: list[str]) -> int:
        return len(records_table([record for text in texts for record in extract_records(text)]))

    ways = [
        (unit, texts, name, lambda texts, read=read: sum(len(read(text)) for text in texts))
        for unit, texts in (("line", lines), ("article", articles))
        for name, read in readers.items()
    ]
    ways.append(("line", lines, "new, one table", batch))
    best: dict[str, tuple[float, int]] = {}
    for _ in range(repeats):
        for unit, texts, name, run in ways:
            _clear_caches()
            started = time.process_time()
            found = run(texts)
            seconds = time.process_time() - started
            key = f"{name}, by {unit}"
            best[key] = min(best.get(key, (math.inf, 0)), (seconds, found))
    report = {}
    for unit, texts, name, _ in ways:
        key = f"{name}, by {unit}"
        seconds, found = best[key]
        report[key] = {
            "calls": len(texts),
            "lines": len(lines),
            "rows": found,
            "seconds": round(seconds, 3),
            "lines_per_s": round(len(lines) / seconds, 1),
            "rows_per_s": round(found / seconds, 1),
            "ms_per_line": round(1000 * seconds / len(lines), 3),
            "passes": repeats,
        }
    for unit, name in (("line", "new"), ("article", "new"), ("line", "new, one table")):
        report[f"speedup {name}, by {unit}"] = round(
            best[f"{old_name}, by {unit}"][0] / best[f"{name}, by {unit}"][0], 2
        )
    return report


def _money_gold(rows: list[dict]) -> list[dict]:
    return [r for r in rows if devpages.unit_key(r["unit"]) in devpages.CURRENCIES]


def _money_score(found: list[tuple], gold: list[dict]) -> tuple[int, int, int]:
    """(matched, found, gold counted): same value, top of range and currency; optional gold only when found."""
    left = list(range(len(gold)))
    matched_optional = matched = 0
    for value, value_max, currency in found:
        row = {"value": value, "value_max": value_max}
        hit = next((g for g in left if gold[g]["unit"] == currency and devpages._same_value(row, gold[g])), None)
        if hit is not None:
            left.remove(hit)
            matched += 1
            matched_optional += bool(gold[hit].get("optional"))
    required = sum(not g.get("optional") for g in gold)
    return matched, len(found), required + matched_optional


def bench_devpages_money(jio, half: str) -> dict:
    """Money subset of the devpages half: coopetition and JioNLP on each page's gold content lines."""
    gold = devpages.read_gold(half)
    texts = devpages.page_texts(half)
    totals = {"ours": [0, 0, 0], "jionlp": [0, 0, 0]}
    for name, versions in texts.items():
        money = _money_gold(gold.get(name, []))
        text = versions["content"]
        for tool, found in (("ours", _ours(text)), ("jionlp", _jio(jio, to_simplified(text)))):
            totals[tool] = [t + r for t, r in zip(totals[tool], _money_score(found, money))]
    return {
        tool: {
            "matched": m,
            "found": f,
            "gold": g,
            "recall": round(m / g, 4) if g else None,
            "precision": round(m / f, 4) if f else None,
        }
        for tool, (m, f, g) in totals.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=Path, default=paths.project_root() / ".." / "shared" / "external" / "articles"
    )
    parser.add_argument("--ids", nargs="*", default=["007", "008", "009", "014", "017"], help="article ids; none = all")
    parser.add_argument(
        "--json",
        type=Path,
        default=paths.project_root() / "benchmarks" / "quantities_results.json",
        help="write the results here",
    )
    parser.add_argument("--half", choices=("development", "test"), default="development", help="devpages half to score")
    parser.add_argument("--no-speed", action="store_true", help="skip the old-against-new speed run")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes of each reader (the fastest is kept)")
    parser.add_argument("--show", type=int, default=8, help="disagreements listed per article")
    args = parser.parse_args(argv)
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # JioNLP prints a banner on import
            import jionlp as jio
    except ImportError:
        print("JioNLP is the baseline of this benchmark: pip install jionlp==1.5.31", file=sys.stderr)
        return 2

    results = {}
    if not args.no_speed:
        results["speed"] = bench_speed(corpus_articles([paths.seeds_dir(), args.articles]), args.repeats)
        print(f"Speed (seeds + second corpus, cleaned; cold caches each pass; fastest of {args.repeats}):")
        print(
            f"{'reader, calls':28} {'lines':>6} {'rows':>6} {'seconds':>8} {'lines/s':>8} {'rows/s':>8} {'ms/line':>8}"
        )
        for name, r in results["speed"].items():
            if isinstance(r, dict):
                print(
                    f"{name:28} {r['lines']:6d} {r['rows']:6d} {r['seconds']:8.2f} {r['lines_per_s']:8.1f} {r['rows_per_s']:8.1f} {r['ms_per_line']:8.3f}"
                )
            else:
                print(f"{name}: {r}x")
        print()
    if devpages.DEVPAGES.is_dir():
        totals, _ = devpages.score_half(args.half)
        results[f"devpages {args.half}"] = totals
        results[f"devpages {args.half} money"] = bench_devpages_money(jio, args.half)
        print(f"Devpages, {args.half} half: whole table")
        print(f"{'mode':8} {'gold':>5} {'found':>5} {'recall':>7} {'precision':>9} {'attributes':>10}")
        for mode, t in totals.items():
            print(
                f"{mode:8} {t['gold']:5d} {t['found']:5d} {t['recall']:7.3f} {t['precision']:9.3f} {t['attributes']:10.3f}"
            )
        print(f"Devpages, {args.half} half: money subset (gold content lines), side by side")
        print(f"{'tool':8} {'gold':>5} {'found':>5} {'recall':>7} {'precision':>9}")
        for tool, r in results[f"devpages {args.half} money"].items():
            print(f"{tool:8} {r['gold']:5d} {r['found']:5d} {r['recall']:7.3f} {r['precision']:9.3f}")
        print()
    results["gold"] = bench_gold(jio)
    print(f"Hand-read money sentences: {len(GOLD)} sentences, {results['gold']['ours']['gold']} amounts")
    print(f"{'tool':8} {'recall':>7} {'precision':>9} {'unit right':>10} {'found':>6}")
    for name, r in results["gold"].items():
        print(f"{name:8} {r['recall']:7.3f} {r['precision']:9.3f} {r['unit_right']:10.3f} {r['found']:6d}")
    for name, r in results["gold"].items():
        for miss in r["errors"]:
            print(f"  {name} wrong: {miss['sentence']}  found={miss['found']}  gold={miss['gold']}")

    if args.articles.is_dir():
        results["articles"] = bench_articles(jio, args.articles, tuple(args.ids))
        print(f"\nReal articles ({args.articles}): amounts found, and agreement on value + currency")
        print(f"{'doc':5} {'ours':>5} {'jionlp':>7} {'agree':>6}")
        for doc_id, r in results["articles"].items():
            print(f"{doc_id:5} {r['ours']:5d} {r['jionlp']:7d} {r['agree']:6d}")
            for label in ("only_ours", "only_jionlp"):
                if r[label]:
                    print(f"      {label}: {r[label][: args.show]}{' …' if len(r[label]) > args.show else ''}")
    else:
        print(f"\n{args.articles}: not on this machine; real-article comparison skipped")
    if args.json:
        previous = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
        args.json.write_text(
            json.dumps(previous | results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

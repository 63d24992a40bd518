"""Which rules of the quantity grammar generalise: each rule family switched off in turn, on the
development pages (hand-read, site by site) and on the articles no rule was written for.

A *family* is one named grammar function, one word list of ``data/quantities.toml`` or one mask of
the lexer (:data:`FAMILIES`). For each, the benchmark switches it off (the function answers "no", the
word list is empty, the pattern never matches), reads every page again and compares with the full
reader:

- **development pages** (``../shared/devpages``, the development half, each page from its own site;
  the cleaned reading of ``bench_devpages_quantities.py``): per page, the errors the family fixes
  (missed gold rows, false finds and matched rows with a wrong bound or change, by the same
  matching), and so how many pages (= sites) it helps and hurts, and what share of its gain comes
  from its best page;
- **the articles** (the seeds and the 24 articles of ``../shared/external/articles``): how
  many rows it changes (a row's value, unit, bound and change), i.e. whether it fires at all on text
  it was not written for, and the errors it fixes on the odd-numbered ones, which two coders read by
  hand (``bench_external_quantities.py``; no rule was written from that reading);
- **held out** (leave one site out): the errors it fixes on each development page, counted only where
  it also helps some other page (a family that helps one page alone would not exist without that page),
  its harm always counted; and the single errors it fixes and makes (``changes right / wrong``: a missed
  gold row, a false find or a wrong bound or change that is there with the family off and not on, or
  the other way).

A family whose whole gain is one page and that changes nothing elsewhere is keyed to that page's
wording (issue 25: "no branch keyed to one example sentence").

**Site-grouped estimate.** The development pages are cut into 5 folds by site (sorted file names,
every fifth page). For each fold, every family that fixes errors there and on no page of the other
folds (it was written for that fold's pages, and nothing else on the development half shows it
holds) is switched off, and the fold is scored; the five folds add up to an estimate of the reader
on sites its rules were not written for.

Only the totals and per-family counts are written (``benchmarks/quantity_rules.json``); no page
text. The test half is never read here.

Run: ``python benchmarks/bench_quantity_rules.py [--folds 5] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import bench_devpages_quantities as devpages

from coopetition import load_corpus, paths
from coopetition.measures import quantities as package
from coopetition.measures.quantities import context, currency, extract_quantities, grammar, lexer, names
from coopetition.measures.quantities.lexicon import WordTable

OUT = paths.project_root() / "benchmarks" / "quantity_rules.json"
_NEVER = re.compile(r"(?!x)x")
_NO_WORDS = WordTable([])

#: the lexer's masks, in the order of ``lexer._NOT_QUANTITY_RES``
MASK_NAMES = (
    "URL, e-mail",
    "year range (2023-2024年)",
    "year, ISO date",
    "dotted date (2024.3.5)",
    "month and day (9月30日)",
    "year in Chinese numerals",
    "month and day in Chinese numerals",
    "quarter, half (Q3, H1)",
    "ordinal, ranking (第二, Top10)",
    "time of day (10:30, 3点半)",
    "time of day after 上午/下午",
    "hour before 前/后 (12点后)",
    "stock code in brackets with a quote widget",
    "quote widget after a share class (阿里巴巴-SW 9988 +1.23%)",
    "quote widget after a bare code (腾讯控股 700 +1.2%)",
    "run of page counters glued to their labels (阅读3.5万 点赞1.2万)",
    "page counter (阅读 3.5万, 点赞：1.2万)",
    "reading length (全文约3000字, 阅读约需8分钟)",
    "short-selling figures (沽空)",
    "stock code with exchange (.HK)",
    "stock code after exchange (HK0700)",
    "phone number",
    "shopping day (双11)",
    "ranking 前N名",
    "twelve months to a date",
)

#: the decrease words round 5 added (data/quantities.toml, [change]): a loss, a price cut, a job cut
ROUND5_CUTS = frozenset({"损失", "降价", "折价", "减价", "裁员", "裁减", "减员"})

#: family name → the patches that switch it off: (module, attribute, replacement)
FAMILIES: dict[str, list[tuple[object, str, object]]] = {
    "page currency (currency.page_currency)": [(package, "page_currency", lambda text: currency.PageCurrency())],
    "currency written after 元 (_currency_after)": [(grammar, "_currency_after", lambda after: "")],
    "promotion formula 满X减Y is no figure (_promotion)": [(grammar, "_promotion", lambda before, after: False)],
    "quoted slogan or name “分20亿” is no figure (_quoted_name)": [
        (grammar, "_quoted_name", lambda before, after, money=False, multiplied=False: False)
    ],
    "二人 as 'the two', like 两人 (_ARTICLE_NUMERALS)": [(grammar, "_ARTICLE_NUMERALS", frozenset({"一", "两"}))],
    "money verb before a bare magnitude (money_verb)": [(grammar, "_money_verb_before", lambda before: False)],
    "money noun after or in the clause (money_hint)": [
        (grammar, "MONEY_HINTS", _NO_WORDS),
        (grammar, "money_hint_in", lambda text: False),
    ],
    "user nouns (user_hint)": [(grammar, "_user_hint", lambda text: ""), (grammar, "_USER_HINTS", ())],
    "parallel figure inherits the unit (_PHRASE_END_RE)": [(grammar, "_PHRASE_END_RE", _NEVER)],
    "money-only 兆 (money_only_multipliers)": [(grammar, "_MONEY_ONLY_MULTIPLIERS", frozenset())],
    "lone 过/破 bounds a magnitude (_magnitude_bound)": [(grammar, "_magnitude_bound", lambda tail: "")],
    "bound adverb + verb (最多可领取, bound_adverb)": [(grammar, "_ADVERB_BOUND_RE", _NEVER)],
    "negated bound (尚未突破, bound_negation)": [(grammar, "_NEGATION_RE", _NEVER)],
    "estimate before 达 (_reached_bound)": [(grammar, "_reached_bound", lambda rest, before: "")],
    "内 bounds a span (below_after_span)": [(grammar, "_SPAN_BOUND_AFTER", _NO_WORDS)],
    "list joins share bound and change (_LIST_JOIN_RE)": [(grammar, "_LIST_JOIN_RE", _NEVER)],
    "parallel clause keeps the rate's direction (_parallel_clause)": [
        (grammar, "_parallel_clause", lambda segment: False)
    ],
    "growth-rate noun gives the direction (rate_direction)": [(context, "rate_direction", lambda subject: "")],
    "growth rate named in the clause before 增速…,高达35% (rate_in_clause)": [
        (
            grammar,
            "rate_in_clause",
            lambda before, own_figure=False: context.rate_direction(context._CLAUSE_RE.split(before)[-1]),
        )
    ],
    "a rate before a figure that ends its clause (_ends_its_clause)": [
        (grammar, "_ends_its_clause", lambda after: True)
    ],
    "a rate noun before 的 + noun qualifies the noun (_rate_head)": [(context, "_rate_head", lambda subject: subject)],
    "a change word before a noun qualifies it 亏损企业 (_modifies_a_noun)": [
        (context, "_modifies_a_noun", lambda rest: False)
    ],
    "a loss states the change of money or % only (_loss_governs)": [
        (grammar, "_loss_governs", lambda unit, word, surface="": True)
    ],
    "gap of a comparison 比行业快0.4个百分点 takes no rate (_comparison_gap)": [
        (grammar, "_comparison_gap", lambda before: False)
    ],
    "bound across the whole of a share 不足美团的10% (_share_bound)": [(grammar, "_share_bound", lambda before: "")],
    "Chinese-numeral count 三款 unless it enumerates (_enumerates)": [
        (grammar, "_enumerates", lambda before, after, classifier="": True)
    ],
    "market-size noun makes a magnitude money 三万亿的口子 (_market_size)": [
        (grammar, "_market_size", lambda after: False)
    ],
    "change named after the figure (change_after)": [(grammar, "change_after", lambda after, bare_noun=False: "")],
    "difference in a comparison 多/少 (change_compared)": [(grammar, "_COMPARED_CHANGE", {})],
    "a stated loss 亏损, 浮亏 is a decrease (change.decrease)": [
        (
            grammar,
            "_CHANGE_VERBS",
            WordTable([w for w in grammar._CHANGE_LABEL if "亏" not in w]),
        )
    ],
    "a loss or cut by another word 损失, 降价, 裁员 is a decrease (change.decrease, round 5)": [
        (grammar, "_CHANGE_VERBS", WordTable([w for w in grammar._CHANGE_LABEL if w not in ROUND5_CUTS]))
    ],
    "a loss paid back or claimed 赔偿损失 is a level (_loss_compensated)": [
        (grammar, "_loss_compensated", lambda before, word: False)
    ],
    "a count of the firms named around it 三家公司 (_names_the_firms)": [
        (grammar, "_names_the_firms", lambda before, after, preceding, numeral: False)
    ],
    "places in a ranking 斩获2、3、4名 (_ranks)": [(grammar, "_ranks", lambda before, after: False)],
    "quoted name before a campaign noun “十亿激赏”补贴 (_PROGRAM_AFTER_RE)": [(names, "_PROGRAM_AFTER_RE", _NEVER)],
    "streak 连涨三日 (_streak)": [(grammar, "_streak", lambda before: False)],
    "duration placed in time 未来三年 (time_place.before)": [(grammar, "_TIME_PLACE", _NO_WORDS)],
    "time frame 三年来 (time_place.after_unbounded)": [(grammar, "_TIME_FRAME", _NO_WORDS)],
    "point of the year 年中 (time_place.after_years)": [(grammar, "_YEAR_POINT", _NO_WORDS)],
    "window of a record 近三年新高 (time_place.record_after)": [(grammar, "_RECORD_AFTER_RE", _NEVER)],
    "demonstrative 该三城 (_DEMONSTRATIVE_RE)": [(grammar, "_DEMONSTRATIVE_RE", _NEVER)],
    "lead time 提前两个月": [(grammar, "_LEAD_TIME_BEFORE_RE", _NEVER)],
    "size of a listed set of firms (listed_counts)": [(grammar, "_LISTED_COUNTS", frozenset())],
    "as many as the items just listed 顺丰、中通…6家 (_counts_the_list)": [
        (grammar, "_counts_the_list", lambda before, numeral: False)
    ],
    "named group of firms 爱优腾三家 (firm_groups)": [(grammar, "_FIRM_GROUPS", _NO_WORDS)],
    "numeral inside a word 千人千面 (_inside_a_word)": [(grammar, "_inside_a_word", lambda *args: False)],
    "page counter 3501人阅读 (_FURNITURE_RE)": [(grammar, "_FURNITURE_RE", _NEVER)],
    "成 opening a word (_CHENG_WORD_RE)": [(grammar, "_CHENG_WORD_RE", _NEVER)],
    "span noun 一年时间 (_SPAN_AFTER_RE)": [(grammar, "_SPAN_AFTER_RE", _NEVER)],
    "从X到Y as two levels (_FROM_RE)": [(grammar, "_FROM_RE", _NEVER)],
    "list bullet is no minus (_LIST_BULLET_RE)": [(grammar, "_LIST_BULLET_RE", _NEVER)],
    "written-out forms 翻倍, 9块9, 三分之二 (_written_out_row)": [(grammar, "_written_out_row", lambda *args: None)],
    "halves 一半, 半个月 (_half_row)": [(grammar, "_half_row", lambda *args: [])],
    "fraction with a slash 腾讯的1/9 (_FRACTION_CONTEXT_RE)": [(grammar, "_FRACTION_CONTEXT_RE", _NEVER)],
    "figure names what follows it (_NAMED_AFTER_RE, subject only)": [(context, "_NAMED_AFTER_RE", _NEVER)],
    "hard line wrap inside a number (unwrap)": [(package, "unwrap", lambda text: text)],
    "multiplier split by a space 1万 亿元 (_Reader.multiplier)": [
        (lexer._Reader, "multiplier", lambda self, name: self.take(name, lexer._multiplier(self.text, self.at)))
    ],
    **{
        f"mask: {name}": [(lexer, "_NOT_QUANTITY_RES", lexer._NOT_QUANTITY_RES[:i] + lexer._NOT_QUANTITY_RES[i + 1 :])]
        for i, name in enumerate(MASK_NAMES)
    },
}


@contextmanager
def switched_off(families: list[str]) -> Iterator[None]:
    """The reader with ``families`` switched off (every cache emptied on the way in and out)."""
    from bench_quantities import _clear_caches

    with ExitStack() as stack:
        for name in families:
            for module, attribute, replacement in FAMILIES[name]:
                stack.enter_context(mock.patch.object(module, attribute, replacement))
        _clear_caches()
        try:
            yield
        finally:
            _clear_caches()


def _errors(result: dict) -> int:
    """Missed gold rows, false finds and matched rows with a wrong bound or change."""
    return len(result["missed"]) + len(result["false"]) + len(result["wrong"])


def _error_items(result: dict) -> set[tuple]:
    """The errors of one page as items that can be compared between two readings: a missed gold row, a
    false find, a matched row with a wrong bound or change (by span, value and unit)."""
    items = {("missed", g["span"], g["value"], g["unit"]) for g in result["missed"]}
    items |= {("false", f["span"], f["value"], f["unit"]) for f in result["false"]}
    return items | {("wrong", g["span"], g["value"], g["unit"]) for _, g in result["wrong"]}


def held_out_gain(fixed: dict[str, int]) -> int:
    """Leave one site out: the errors a family fixes on each page, counted only where it also helps some
    other page (a family that helps one page alone would not have been written without it); its harm
    always counts. A family that helps a single page scores minus what it hurts elsewhere."""
    helped = {page for page, v in fixed.items() if v > 0}
    return sum(v for page, v in fixed.items() if v < 0 or helped - {page})


def page_results(texts: dict[str, str], gold: dict[str, list[dict]]) -> dict[str, dict]:
    return {name: devpages.score_file(devpages._rows(text), gold.get(name, [])) for name, text in texts.items()}


def _row_keys(texts: list[str]) -> list[tuple]:
    keys = []
    for n, text in enumerate(texts):
        table = extract_quantities(text)
        cells = zip(table["span"], table["value"], table["unit"], table["qualifier"], table["change"])
        keys += [(n, *cell) for cell in cells]
    return keys


def _changed(before: list[tuple], after: list[tuple]) -> int:
    """Rows in one list and not the other (a changed row counts once on each side, so halved, rounded up)."""
    left, right = set(before), set(after)
    return (len(left - right) + len(right - left) + 1) // 2


def totals(results: list[dict]) -> dict:
    """recall, precision and attributes of per-page results, as ``bench_devpages_quantities`` counts them."""
    sums = {k: sum(r[k] for r in results) for k in ("gold", "matched", "found", "both")}
    return {
        "pages": len(results),
        **{k: sums[k] for k in ("gold", "found", "matched")},
        "recall": round(sums["matched"] / sums["gold"], 4) if sums["gold"] else None,
        "precision": round(sums["matched"] / sums["found"], 4) if sums["found"] else None,
        "attributes": round(sums["both"] / sums["matched"], 4) if sums["matched"] else None,
    }


def folds_of(names: list[str], k: int) -> dict[str, int]:
    """Every k-th page (sorted by file name, one site each) in the same fold."""
    return {name: i % k for i, name in enumerate(sorted(names))}


def _external_errors() -> int | None:
    """Errors on the hand-read odd external articles (``bench_external_quantities``: two coders who read
    them after the rules were written, none of which came from them), or None where they are absent."""
    import bench_external_quantities as external

    if not external.ARTICLES.is_dir() or not external.GOLD.is_file():
        return None
    return sum(_errors(result) for result in external.score()[1].values())


def run(k: int = 5, progress: Callable[[str], None] = lambda line: None) -> dict:
    gold = devpages.read_gold("development")
    texts = {name: versions["cleaned"] for name, versions in devpages.page_texts("development").items()}
    articles = []
    for folder in (paths.seeds_dir(), paths.project_root() / ".." / "shared" / "external" / "articles"):
        if folder.is_dir():
            articles += list(load_corpus(folder)["text"])
    base = page_results(texts, gold)
    base_rows = _row_keys(articles)
    base_external = _external_errors()
    fold = folds_of(list(texts), k)
    families = {}
    for name in FAMILIES:
        with switched_off([name]):
            off = page_results(texts, gold)
            rows = _row_keys(articles)
            external = _external_errors()
        fixed = {page: _errors(off[page]) - _errors(base[page]) for page in texts}
        gain = sum(v for v in fixed.values() if v > 0)
        right = sum(len(_error_items(off[page]) - _error_items(base[page])) for page in texts)
        wrong = sum(len(_error_items(base[page]) - _error_items(off[page])) for page in texts)
        families[name] = {
            "errors_fixed": sum(fixed.values()),
            "errors_fixed_held_out": held_out_gain(fixed),
            "changes_right": right,
            "changes_wrong": wrong,
            "pages_helped": sum(v > 0 for v in fixed.values()),
            "pages_hurt": sum(v < 0 for v in fixed.values()),
            "best_page_share": round(max(fixed.values()) / gain, 3) if gain else None,
            "folds_helped": sorted({fold[page] for page, v in fixed.items() if v > 0}),
            "article_rows_changed": _changed(base_rows, rows),
            "external_odd_errors_fixed": None
            if external is None or base_external is None
            else external - base_external,
            "_helped": sorted(page for page, v in fixed.items() if v > 0),
        }
        progress(
            f"{name}: {families[name]['errors_fixed']:+d} errors ({families[name]['errors_fixed_held_out']:+d} held out),"
            f" {families[name]['article_rows_changed']} rows, odd external {families[name]['external_odd_errors_fixed']}"
        )
    estimate = []
    off_by_fold = {}
    for f in range(k):
        local = sorted(n for n, r in families.items() if r["folds_helped"] == [f] and r["errors_fixed"] > 0)
        off_by_fold[str(f)] = local
        pages = {name: text for name, text in texts.items() if fold[name] == f}
        with switched_off(local):
            estimate += page_results(pages, gold).values()
    for record in families.values():
        record.pop("_helped")
    return {
        "development, all rules (cleaned)": totals(list(base.values())),
        f"development, site-grouped {k} folds (rules written only for a fold's pages off there)": totals(estimate),
        "families switched off per fold": off_by_fold,
        "families": dict(sorted(families.items())),
        "articles": len(articles),
        "article rows": len(base_rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5, help="site-grouped folds of the development half")
    parser.add_argument("--json", type=Path, default=OUT, help="results file")
    args = parser.parse_args(argv)
    if not devpages.DEVPAGES.is_dir():
        print(f"{devpages.DEVPAGES}: not on this machine; nothing to score", file=sys.stderr)
        return 2
    if args.folds < 2:
        parser.error(f"--folds: {args.folds} leaves nothing to hold out; give 2 or more")
    results = run(args.folds, progress=print)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for key in list(results)[:2]:
        print(key, results[key])
    print("switched off per fold:", results["families switched off per fold"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

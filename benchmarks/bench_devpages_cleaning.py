"""Benchmark: cleaning on the real pages of ``../shared/devpages`` against their line gold.

For every page of one half of ``devpages/split.tsv`` (``--half development``
or ``test``), the package's own path runs: ``coopetition.reading.corpus.read_article``
then ``coopetition.text.clean.clean_text``. Then, with each gold line normalised as
the chain normalises text (glosses, script, width) and cut to letters, digits
and Han characters (no spaces, no punctuation), and the clean text cut the same
way (so wrapped lines joined and glosses removed still match):

- **furniture removed**: the share of gold furniture lines whose normalised
  text no longer appears in the clean text;
- **content kept**: the share of gold content lines whose normalised text still
  appears in it;
- **mixed kept**: the share of mixed lines (furniture glued to content) whose
  middle third (normalised) still appears: the content part is expected to stay;
- lines of fewer than 2 Han characters or letters (``01``, ``-``, ``、``) are
  skipped in all three: they cannot be told apart from the same characters in the text;
- **junk in the top 20**: per page, ``tokenize(clean)`` (stopwords removed as
  the package removes them), the 20 most frequent terms; a page counts when one
  of them is a junk term (:data:`JUNK_TERMS`). Each junk term is traced
  (``junk_from``): ``furniture`` when a gold furniture line the cleaning kept
  holds it, else ``article`` (only content or mixed lines hold it: an article word,
  such as App on a page about apps);
- **glued cuts**: how many tails the furniture step cut at a glue point on the
  half's pages (``coopetition.text.furniture.cut_glued``: a byline or tags after
  a headline, a quote widget's numbers).

Scores pool lines over the half's pages. It writes
``benchmarks/devpages_cleaning.json`` (one entry per half, the other half's
entry kept) and prints a table. Tune on ``development`` only; ``test`` is for
the frozen score the lead runs once.

``python benchmarks/bench_devpages_cleaning.py --half development``

``--corrections`` scores against the gold with the corrections of
``benchmarks/gold/devpages_corrections.tsv`` applied (see ``devpages_corrections.py``) and writes
that score to ``benchmarks/gold/devpages_corrected_scores.json`` instead: the committed score
above stays on the official gold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from coopetition import paths
from coopetition.model.furniture_train import (
    _DROP_RE,
    chain_lines,
    devpages_dir,
    gold,
    half_files,
    normalise,
    scorable,
    score_clean,
)
from coopetition.reading.corpus import read_article
from coopetition.text.clean import clean_text
from coopetition.text.furniture import cut_glued
from coopetition.text.segment import tokenize

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devpages_corrections  # noqa: E402

RESULT_FILE = Path(__file__).with_name("devpages_cleaning.json")

#: Terms that betray furniture left in a page's top 20. Written for this
#: benchmark from the furniture kinds of devpages/SOURCES.md: menu and section
#: words, credit labels, URL parts, and widget words (share, comment, favourite,
#: read, click, app, login). Compared after tokenize (simplified, lower-case ASCII as tokenised).
JUNK_TERMS = frozenset(
    {
        # menus and navigation
        "首页",
        "正文",
        "导航",
        "频道",
        "栏目",
        "当前位置",
        "位置",
        "返回",
        "上一篇",
        "下一篇",
        "手机版",
        "电子报",
        # credits
        "来源",
        "编辑",
        "记者",
        "责任编辑",
        "责编",
        "原标题",
        "作者",
        "摄影",
        "图源",
        "稿源",
        "撰文",
        "本报",
        # URL parts
        "http",
        "https",
        "www",
        "com",
        "cn",
        "html",
        "htm",
        "shtml",
        "php",
        # widgets and prompts
        "分享",
        "评论",
        "收藏",
        "阅读",
        "点击",
        "app",
        "登录",
        "注册",
        "扫码",
        "二维码",
        "下载",
        "浏览",
        "点赞",
        "关注",
        "订阅",
        "客户端",
        "公众号",
        "举报",
        "转载",
        "版权",
        "免责声明",
        "声明",
        "字号",
    }
)


def _kept_furniture(raw: str, clean: str, row: dict) -> list[str]:
    """The gold furniture lines of a page the cleaning kept (chain-processed, lower case)."""
    haystack = _DROP_RE.sub("", clean).lower()  # as score_clean cuts it
    lines = raw.split("\n")
    kept = []
    for number in row["furniture_lines"]:
        norm = normalise(lines[number - 1])
        if scorable(norm) and norm in haystack:
            kept.append(chain_lines([lines[number - 1]])[0].lower())
    return kept


def score_page(file: str, devpages: Path, row: dict) -> dict:
    """Counts for one page: furniture/content/mixed lines scored and kept, its junk top terms
    and where each comes from, and the tails cut at a glue point."""
    raw = read_article(devpages / "pages" / file)[0]
    clean = clean_text(raw)
    out = {"file": file, **score_clean(raw, clean, row)}
    counts = Counter(tokenize(clean))
    top = [term for term, _ in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[:20]]
    out["junk_terms"] = sorted({t for t in top if t.lower() in JUNK_TERMS})
    kept = _kept_furniture(raw, clean, row) if out["junk_terms"] else []
    out["junk_from"] = {
        t: "furniture" if any(t.lower() in line for line in kept) else "article" for t in out["junk_terms"]
    }
    out["glued_cuts"] = cut_glued([line for line in chain_lines(raw.split("\n")) if line])[1]
    return out


def score_half(half: str, shared: Path | None = None, corrections: Path | None = None) -> dict:
    """The pooled scores of one half and its per-page counts (against the gold with the
    ``corrections`` TSV applied, when given)."""
    devpages = devpages_dir(shared)
    annotation = (
        gold(devpages) if corrections is None else devpages_corrections.corrected_annotation(devpages, corrections)
    )
    pages = [score_page(file, devpages, annotation[file]) for file in half_files(devpages, half)]
    total = {
        key: sum(p[key] for p in pages)
        for key in ("furniture", "furniture_removed", "content", "content_kept", "mixed", "mixed_kept")
    }
    return {
        "half": half,
        "pages": len(pages),
        "furniture_lines": total["furniture"],
        "furniture_removed": round(total["furniture_removed"] / max(total["furniture"], 1), 4),
        "content_lines": total["content"],
        "content_kept": round(total["content_kept"] / max(total["content"], 1), 4),
        "mixed_lines": total["mixed"],
        "mixed_kept": round(total["mixed_kept"] / max(total["mixed"], 1), 4),
        "pages_with_junk_in_top20": sum(bool(p["junk_terms"]) for p in pages),
        "junk_terms": dict(sorted(Counter(t for p in pages for t in p["junk_terms"]).items())),
        "pages_with_junk_from_kept_furniture": sum("furniture" in p["junk_from"].values() for p in pages),
        "junk_from": {
            source: dict(sorted(Counter(t for p in pages for t, s in p["junk_from"].items() if s == source).items()))
            for source in ("article", "furniture")
        },
        "glued_cuts": sum(p["glued_cuts"] for p in pages),
        "per_page": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("development", "test"), required=True)
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    devpages_corrections.add_option(parser)
    args = parser.parse_args(argv)
    if not (devpages_dir(args.shared) / "split.tsv").is_file():
        print(f"{devpages_dir(args.shared)}: not there; nothing to score", file=sys.stderr)
        return 1
    result = score_half(args.half, args.shared, args.corrections)
    if args.corrections is not None:
        result["corrections"] = len(devpages_corrections.read_corrections(args.corrections))
        out = devpages_corrections.store_corrected(f"cleaning_{args.half}", result)
    else:
        stored = json.loads(RESULT_FILE.read_text(encoding="utf-8")) if RESULT_FILE.is_file() else {}
        stored[args.half] = result
        RESULT_FILE.write_text(
            json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        out = RESULT_FILE
    print("| half | pages | furniture removed | content kept | mixed kept | pages with junk in top 20 |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| {result['half']} | {result['pages']} | {result['furniture_removed']:.3f} ({result['furniture_lines']} lines) | "
        f"{result['content_kept']:.3f} ({result['content_lines']} lines) | {result['mixed_kept']:.3f} ({result['mixed_lines']} lines) | "
        f"{result['pages_with_junk_in_top20']} |"
    )
    print("junk terms:", result["junk_terms"])
    print(
        f"pages whose junk comes from kept furniture: {result['pages_with_junk_from_kept_furniture']};",
        "by source:",
        result["junk_from"],
    )
    print("tails cut at a glue point:", result["glued_cuts"])
    print(f"wrote {out.resolve().relative_to(paths.project_root())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

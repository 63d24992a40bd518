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
  of them is a junk term (:data:`JUNK_TERMS`).

Scores pool lines over the half's pages. It writes
``benchmarks/devpages_cleaning.json`` (one entry per half, the other half's
entry kept) and prints a table. Tune on ``development`` only; ``test`` is for
the frozen score the lead runs once.

``python benchmarks/bench_devpages_cleaning.py --half development``
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from coopetition import paths
from coopetition.model.furniture_train import devpages_dir, gold, half_files, score_clean
from coopetition.reading.corpus import read_article
from coopetition.text.clean import clean_text
from coopetition.text.segment import tokenize

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


def score_page(file: str, devpages: Path, row: dict) -> dict:
    """Counts for one page: furniture/content/mixed lines scored and kept, and its junk top terms."""
    raw = read_article(devpages / "pages" / file)[0]
    clean = clean_text(raw)
    out = {"file": file, **score_clean(raw, clean, row)}
    counts = Counter(tokenize(clean))
    top = [term for term, _ in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[:20]]
    out["junk_terms"] = sorted({t for t in top if t.lower() in JUNK_TERMS})
    return out


def score_half(half: str, shared: Path | None = None) -> dict:
    """The pooled scores of one half and its per-page counts."""
    devpages = devpages_dir(shared)
    annotation = gold(devpages)
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
        "per_page": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("development", "test"), required=True)
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    args = parser.parse_args(argv)
    if not (devpages_dir(args.shared) / "split.tsv").is_file():
        print(f"{devpages_dir(args.shared)}: not there; nothing to score", file=sys.stderr)
        return 1
    result = score_half(args.half, args.shared)
    stored = json.loads(RESULT_FILE.read_text(encoding="utf-8")) if RESULT_FILE.is_file() else {}
    stored[args.half] = result
    RESULT_FILE.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print("| half | pages | furniture removed | content kept | mixed kept | pages with junk in top 20 |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| {result['half']} | {result['pages']} | {result['furniture_removed']:.3f} ({result['furniture_lines']} lines) | "
        f"{result['content_kept']:.3f} ({result['content_lines']} lines) | {result['mixed_kept']:.3f} ({result['mixed_lines']} lines) | "
        f"{result['pages_with_junk_in_top20']} |"
    )
    print("junk terms:", result["junk_terms"])
    print(f"wrote {RESULT_FILE.relative_to(paths.project_root())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

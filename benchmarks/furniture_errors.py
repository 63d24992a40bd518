"""Error analysis of the furniture classifier: which kinds of furniture survive and which content is lost.

On the development half of ``../shared/devpages`` (never the test half), every line gets a
site-grouped out-of-fold score (``GroupKFold`` by page, each page one site; the vocabulary of each
fold built from its training pages only) from two models: the shipped one (the hyper-parameters
and threshold of ``data/furniture_cv.json``; also under the decision rules of the round before,
``previous_rules``: no Han-share test for the headline, no written-text guard, only the cut half of a number cut a piece) and the one
before the vocabulary and the context features (logistic, C=0.01, prior 10, those columns zeroed,
its own CV threshold). Each gold
furniture line that stays, and each gold content line that goes, is counted by a kind read off its
text with the rough patterns below (first that matches). Only counts are written, no page text:
``benchmarks/furniture_errors.json``.

``python benchmarks/furniture_errors.py``
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from coopetition.model import furniture_train as ft
from coopetition.text.furniture import MODEL_FEATURES, decide
from coopetition.text.furniture_lexicon import CONTEXT_FEATURES

RESULT_FILE = Path(__file__).with_name("furniture_errors.json")

#: rough kinds of a line, tried in order (written for this analysis from the furniture kinds of
#: devpages/SOURCES.md and the issue: credits, dates, widgets, menus, lists, notices, spam)
FURNITURE_KINDS = (
    (
        "credit, byline or photo credit",
        r"来源|作者|编辑|记者|责编|撰文|稿源|/图|图/|摄影|Credit|图片|图像|报道\)|发表于",
    ),
    ("date or time line", r"(?:19|20)\d\d[-./年]\d|\d{1,2}:\d\d|星期|\d{1,2} \d{1,2} ?月|\b\d{2} [A-Z][a-z]{2}\b"),
    (
        "share, app, login or comment widget",
        r"分享|扫一扫|下载|登录|注册|评论|关注|APP|App|点赞|收藏|阅读|回答|查看|输入|联系|申请",
    ),
    ("notice, copyright or site prompt", r"版权|转载|侵删|声明|免责|提示|牢记|用户您好"),
    ("related list item (trailing id, 相关, 推荐)", r"\d{5,}$|相关|推荐|友情链接|排行"),
    ("menu, breadcrumb or section label", r"首页|位置|>|»|\||^.{1,8}$"),
    ("spam keyword line", r"^[^。!?]{40,}$"),
    ("sentence-like (summary, notice or caption as a sentence)", r"[。!?)]$"),
)
CONTENT_KINDS = (
    ("fragment of a broken sentence (under 6 characters)", r"^.{1,5}$"),
    ("table row", r"^\|"),
    ("Latin-script sentence", r"^[A-Za-z]"),
    ("headline-like (no sentence end)", r"^[^。!?]{6,60}$"),
    ("sentence", r"."),
)


def kind(line: str, kinds) -> str:
    """The first kind whose pattern the line matches (``other``)."""
    return next((name for name, pattern in kinds if re.search(pattern, line)), "other")


def errors(scores: np.ndarray, threshold: float, y: np.ndarray, rows) -> dict:
    dropped = scores > threshold
    kept_furniture = Counter(kind(rows[i][1], FURNITURE_KINDS) for i in np.flatnonzero((y == 1) & ~dropped))
    lost_content = Counter(kind(rows[i][1], CONTENT_KINDS) for i in np.flatnonzero((y == 0) & dropped))
    all_furniture = Counter(kind(rows[i][1], FURNITURE_KINDS) for i in np.flatnonzero(y == 1))
    return {
        "threshold": threshold,
        "furniture_kept_by_kind": {k: [kept_furniture[k], all_furniture[k]] for k in sorted(all_furniture)},
        "content_lost_by_kind": dict(sorted(lost_content.items())),
        **ft.rates(scores, y, threshold),
    }


def places(scores: np.ndarray, threshold: float, x: np.ndarray, y: np.ndarray) -> dict:
    """Where the content lines lost stand (counts): named by a rule (score 1), before or after the
    body, or inside it; and how often a line between two sentence lines inside the body is dropped."""
    column = {name: i for i, name in enumerate(MODEL_FEATURES)}
    on = lambda name: x[:, column[name]] > 0  # noqa: E731
    dropped = scores > threshold
    lost = (y == 0) & dropped
    named = scores >= 1.0
    edge = on("before_body") | on("after_body")
    between = on("prev:sentence_end") & on("next:sentence_end") & ~edge
    return {
        "content_lost_by_place": {
            "named by a rule": int((lost & named).sum()),
            "before or after the body": int((lost & ~named & edge).sum()),
            "inside the body": int((lost & ~named & ~edge).sum()),
        },
        "between_two_sentences_in_the_body": {
            "content": [int((between & (y == 0) & dropped).sum()), int((between & (y == 0)).sum())],
            "furniture": [int((between & (y == 1) & dropped).sum()), int((between & (y == 1)).sum())],
        },
    }


def main() -> int:
    try:
        chosen, (x, y, groups, rows) = ft.development_table()
    except FileNotFoundError as exc:
        print(f"{exc}; nothing to analyse", file=sys.stderr)
        return 1
    pages = ft.Pages(groups, rows)
    oof = ft.out_of_fold(x, y, groups, "logistic", chosen["c"], chosen["prior"], sites=chosen["sites"], pages=pages)
    shipped = decide(oof, x)
    # the same scores under the decision rules of the round before
    previous_rules = decide(oof, x, headline_min_han=0.0, label_skip=False, written_guard=False, both_halves=False)
    before_x = x.copy()
    before_x[:, [MODEL_FEATURES.index(f) for f in CONTEXT_FEATURES]] = 0.0
    before = decide(ft.out_of_fold(before_x, y, groups, "logistic", 0.01, 10.0), before_x)
    result = {
        "data": "devpages development half, site-grouped out-of-fold scores (5 folds), line level",
        "furniture_lines": int(y.sum()),
        "content_lines": int((y == 0).sum()),
        "shipped": {
            "model": chosen["model"],
            **errors(shipped, chosen["threshold"], y, rows),
            **places(shipped, chosen["threshold"], x, y),
        },
        "line_level_threshold": {
            "model": chosen["model"] + ", at the line-level threshold (before the chain's operating point)",
            **errors(shipped, chosen.get("line_level_threshold", chosen["threshold"]), y, rows),
            **places(shipped, chosen.get("line_level_threshold", chosen["threshold"]), x, y),
        },
        "previous_rules": {
            "model": chosen["model"] + ", the decision rules of the round before",
            **errors(previous_rules, ft.pick_page_threshold(previous_rules, rows), y, rows),
        },
        "before": {
            "model": "logistic C=0.01 prior=10 sites=0 without context",
            **errors(before, ft.pick_page_threshold(before, rows), y, rows),
        },
    }
    RESULT_FILE.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

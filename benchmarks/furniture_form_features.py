"""Candidate features of the *form* of furniture, compared by site-grouped CV before any is shipped.

Each candidate is a column added to the shipped model's columns (same C, prior and vocabulary
rule as ``data/furniture_cv.json``'s choice); the site-grouped out-of-fold scores (5 folds, each
fold's vocabulary from its own training pages), under the shipped decision rules, are compared
at the lowest threshold whose benchmark-style content kept (pooled over the held-out pages) reaches
0.988, 0.992 and 0.994. A candidate validates if it removes more furniture at the same content kept.

- ``bigram_repeat``: the share of a line's Han bigram occurrences that repeat within the line
  (keyword stuffing of hijacked templates: ``某某娱乐城,某某娱乐场,某某娱乐场注册``);
- ``item_run``: log of the length of the run of 3+ consecutive lines of 6-40 characters with no
  sentence end that the line stands in (a list of related headlines, with or without ids);
- ``keyword_segments``: 4+ segments between spaces, commas, ``、``, ``_`` or ``|``, at most 8
  characters each on average, and no sentence end (a keyword line with no verb);
- ``tail_run`` (round 5, issue 22's third hypothesis): log of the length of the run of 2+ consecutive
  lines of 6-40 characters with no sentence end that the line stands in *after the body* (after the
  last written line: the ``after_body`` column), a related list under the article, not a body's list.

On the development half only (never the test half); counts and rates only, no page text:
``benchmarks/furniture_form_features.json``.

``python benchmarks/furniture_form_features.py``
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

RESULT_FILE = Path(__file__).with_name("furniture_form_features.json")
CONTENT_LEVELS = (0.988, 0.992, 0.994)
_END_RE = re.compile(r"[。!?;…][”’\"'」』)\]】》]*$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_SEGMENT_RE = re.compile(r"[\s,、_|]+")


def bigram_repeat(line: str) -> float:
    han = "".join(_HAN_RE.findall(line))
    bigrams = [han[i : i + 2] for i in range(len(han) - 1)]
    if len(bigrams) < 6:
        return 0.0
    return sum(n for n in Counter(bigrams).values() if n > 1) / len(bigrams)


def _runs(item: list[bool], minimum: int) -> np.ndarray:
    """For each line, log1p of the length of the run of ``item`` lines it stands in (runs of ``minimum``+)."""
    out = np.zeros(len(item))
    i = 0
    while i < len(item):
        j = i
        while j < len(item) and item[j]:
            j += 1
        if j - i >= minimum:
            out[i:j] = np.log1p(j - i)
        i = max(j, i + 1)
    return out


def item_run(lines: list[str]) -> np.ndarray:
    return _runs([not _END_RE.search(line) and 6 <= len(line) <= 40 for line in lines], 3)


def tail_run(lines: list[str], after_body: np.ndarray) -> np.ndarray:
    """:func:`item_run` of the lines after the body, runs of two or more."""
    item = [bool(after) and not _END_RE.search(line) and 6 <= len(line) <= 40 for line, after in zip(lines, after_body)]
    return _runs(item, 2)


def keyword_segments(line: str) -> float:
    parts = [p for p in _SEGMENT_RE.split(line) if p]
    return float(len(parts) >= 4 and not _END_RE.search(line) and np.mean([len(p) for p in parts]) <= 8)


def main() -> int:
    try:
        chosen, (x, y, groups, rows) = ft.development_table()
    except FileNotFoundError as exc:
        print(f"{exc}; nothing to compare", file=sys.stderr)
        return 1
    pages = ft.Pages(groups, rows)
    candidates = {
        "bigram_repeat": np.array([bigram_repeat(row[1]) for row in rows]),
        "item_run": np.concatenate([item_run(pages.lines[g]) for g in sorted(pages.lines)]),
        "keyword_segments": np.array([keyword_segments(row[1]) for row in rows]),
    }
    after = x[:, MODEL_FEATURES.index("after_body")]
    tail = np.concatenate([tail_run(pages.lines[g], after[pages.members[g]]) for g in sorted(pages.lines)])

    def compare(columns: list[np.ndarray]) -> dict:
        matrix = np.hstack([x, *(c[:, None] for c in columns)])
        oof = ft.out_of_fold(
            matrix, y, groups, "logistic", chosen["c"], chosen["prior"], sites=chosen["sites"], pages=pages
        )
        scores = decide(oof, x)
        out = {}
        for level in CONTENT_LEVELS:
            threshold = ft.pick_page_threshold(scores, rows, min_content=level)
            out[f"content>={level}"] = {"threshold": threshold, **ft.page_rates(scores, rows, threshold)}
        return out

    result: dict = {
        "data": "devpages development half, site-grouped out-of-fold scores (5 folds), shipped decision rules",
        "model": chosen["model"],
        "variants": {"shipped columns": compare([])},
        "lines_with_the_feature": {},
    }
    for name, column in candidates.items():
        result["variants"][f"+ {name}"] = compare([column])
        result["lines_with_the_feature"][name] = {
            "furniture": int((column[y == 1] > 0).sum()),
            "content": int((column[y == 0] > 0).sum()),
        }
    result["variants"]["+ all three"] = compare(list(candidates.values()))
    result["variants"]["+ tail_run"] = compare([tail])
    result["lines_with_the_feature"]["tail_run"] = {
        "furniture": int((tail[y == 1] > 0).sum()),
        "content": int((tail[y == 0] > 0).sum()),
    }
    RESULT_FILE.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["variants"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

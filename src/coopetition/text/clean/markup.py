"""Cleaning, page-level debris: code lines, Markdown, URLs."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

import numpy as np

from coopetition.text.clean.patterns import (
    _CODE_MAX_CJK_SHARE,
    _CODE_RE,
    _LINK_CLOSE,
    _LINK_ONLY_LINE_RE,
    _LINK_OPEN,
    _MD_BOLD_RE,
    _MD_PASSES,
    _MD_TRIGGER_RE,
    MD_IMAGE_RE,
    MD_LINK_RE,
    URL_RE,
)
from coopetition.text.clean.rules import boilerplate_rules
from coopetition.text.clean.step import _step
from coopetition.text.clean.tables import _CJK_TABLE, _text_points

if TYPE_CHECKING:
    from coopetition.text.clean.rules import BoilerplateRules

# --- page-level debris: code, Markdown, URLs -------------------------------------------


def _line_kinds(text: str, lines: list[str]) -> list[int]:
    """Each line's kind for :func:`drop_code_lines`: 2 code, 1 free of CJK (code if next
    to code), 0 prose, -1 blank.

    A code line holds a match of :data:`_CODE_RE` and at most
    :data:`_CODE_MAX_CJK_SHARE` CJK among its visible (non-space) characters.
    The CJK and space counts of every line come from a few array passes, and
    the code matches from searches of :data:`_CODE_RE` through the lines that
    are not prose, joined (a match never crosses a line), each search going on
    from the line after the last match.
    """
    points = _text_points(text)  # the damage steps before often hand on the same text
    breaks = np.flatnonzero(points == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(points)]))
    cjk_sums = np.concatenate(([0], np.cumsum(_CJK_TABLE[points])))
    spaces = np.concatenate(([0], np.cumsum(points == 32)))
    cjk = cjk_sums[ends] - cjk_sums[starts]
    visible = (ends - starts) - (spaces[ends] - spaces[starts])
    rich = (cjk > _CODE_MAX_CJK_SHARE * visible).tolist()  # too much CJK to be code
    others = [i for i, r in enumerate(rich) if not r]  # the lines searched, joined: no prose
    searched = "\n".join(lines[i] for i in others)
    offsets = np.cumsum([0] + [len(lines[i]) + 1 for i in others]).tolist()
    code, match = set(), _CODE_RE.search(searched)
    while match:  # the first match of a line, then on from the next line
        k = bisect.bisect_right(offsets, match.start()) - 1
        code.add(others[k])
        match = _CODE_RE.search(searched, offsets[k + 1]) if k + 1 < len(others) else None
    return [
        0 if rich[i] else -1 if not line.strip() else 2 if i in code else 0 if cjk[i] else 1
        for i, line in enumerate(lines)
    ]


@_step("code_lines", "lines")
def drop_code_lines(text: str) -> tuple[str, int]:
    """Drop CSS/JS blobs: runs of lines of code and the CJK-free lines between them.

    A code line has braces, ``--custom-property:``, ``rgba(``, ``px``, ``@media``,
    ``function(``… and (almost) no CJK; a line with no CJK that stands in a run of
    code lines (a wrapped selector: ``div.section > p,``) goes with them. Prose
    with a brace or a semicolon keeps its CJK and stays.
    """
    if "{" not in text and "}" not in text:  # a blob of CSS or JS always has braces somewhere
        return text, 0
    lines = text.split("\n")
    kind = _line_kinds(text, lines)
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        if kind[i] in (1, 2):
            j = i
            while j < len(lines) and kind[j] != 0:
                j += 1
            if any(k == 2 for k in kind[i:j]):
                for k in range(i, j):
                    drop[k] = kind[k] > 0
            i = j
        else:
            i += 1
    n = sum(drop)
    if not n:
        return text, 0
    return "\n".join(line for line, d in zip(lines, drop) if not d), n


def _sub_at_line_starts(pattern: re.Pattern, text: str) -> tuple[str, int]:
    """Remove what ``pattern`` matches at line starts; ``pattern`` begins with the
    line break before the line (``\\n…``, which stays), not with ``^``: a literal
    first character is found at C speed, where ``^`` in multiline mode is tried
    at every position of the text."""
    lead = "\n" + text
    if pattern.search(lead) is None:  # most texts: no copy of the text made
        return text, 0
    out, n = pattern.subn("\n", lead)
    return out[1:], n


def _more_link(anchor: str, rules: "BoilerplateRules") -> bool:
    return bool(rules.more_link_re and rules.more_link_re.search(anchor))


@_step("markdown", "markup items")
def strip_markdown(text: str, *, rules: "BoilerplateRules | None" = None) -> tuple[str, int]:
    """Strip Markdown syntax, in ``.md`` files and in ``.txt`` files holding Markdown.

    Images go, with an italic caption or credit glued to them
    (``![](https://…/1000)_来源:视觉中国_``), even when a hard wrap cut the
    address; links keep their anchor text, except links that only point on
    (``[>>>详细](url)``, see ``more_links`` in ``data/boilerplate.toml``) and
    lines made only of links (a related-articles bar), which go whole;
    ``**bold**``, ``_italic_``, heading ``#`` marks, list and quote markers,
    horizontal rules, backslash escapes and stray HTML tags go, and the text they
    marked stays on its line.

    Example:
        >>> strip_markdown("# 标题\\n**作者|**张三\\n见[财报](https://x.cn/a)。")
        '标题\\n作者|张三\\n见财报。'
    """
    if not _MD_TRIGGER_RE.search(text):
        return text, 0
    rules = rules or boilerplate_rules()
    out, n_images = MD_IMAGE_RE.subn("", text) if "![" in text else (text, 0)

    def link(match: re.Match) -> str:
        anchor = match.group(1).replace("\n", "")
        return "" if _more_link(anchor, rules) else f"{_LINK_OPEN}{anchor}{_LINK_CLOSE}"

    out, n_links = MD_LINK_RE.subn(link, out) if "](" in out else (out, 0)
    n = n_images + n_links
    if n_links:
        out, k = _sub_at_line_starts(_LINK_ONLY_LINE_RE, out)
        out = out.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
        n += k
    out, k = _strip_bold(out)
    n += k
    for pattern, repl, triggers in _MD_PASSES:
        if not triggers or any(map(out.__contains__, triggers)):
            out, k = _sub_at_line_starts(pattern, out) if repl is None else pattern.subn(repl, out)
            n += k
    return out, n


def _strip_bold(text: str) -> tuple[str, int]:
    """Remove ``**`` and ``__`` marks, counting them. With one kind present a string
    replace does what :data:`_MD_BOLD_RE` does; with both, the pattern decides."""
    present = [mark for mark in ("**", "__") if mark in text]
    if len(present) == 1:
        return text.replace(present[0], ""), text.count(present[0])
    return _MD_BOLD_RE.subn("", text) if present else (text, 0)


@_step("urls", "addresses")
def drop_urls(text: str) -> tuple[str, int]:
    """Remove web addresses from running text (``https://…``, ``www.…``).

    An address ends at a space, a bracket, CJK text or CJK punctuation, so
    ``详见https://x.cn/a。`` keeps ``详见。``; ``news.qq.com`` without a scheme
    or ``www`` is a name, not an address, and stays.
    """
    if "http" not in text and "www." not in text:
        return text, 0
    return URL_RE.subn("", text)

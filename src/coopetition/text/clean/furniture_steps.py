"""Cleaning, site furniture: footers, tables of contents, furniture lines, line prefixes, inline credits, repeated lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopetition.text.clean.patterns import _ELLIPSIS_END_RE
from coopetition.text.clean.rules import _drop_lines, _line_index, boilerplate_rules
from coopetition.text.clean.step import _step

if TYPE_CHECKING:
    from coopetition.text.clean.rules import BoilerplateRules

FOOTER_WARN_SHARE = 0.2


@_step("footer_lines", "lines")
def drop_footer(
    text: str, *, rules: BoilerplateRules | None = None, warn_share: float = FOOTER_WARN_SHARE
) -> tuple[str, int]:
    """Drop everything from the first footer marker in the article's last third on
    (``【小贴士】``, ``版权说明``, ``推荐阅读``…).

    Markers count only in the last third of the text (by characters, so a tail
    of many short widget lines still counts as the end), where a page's footer
    stands; higher up they open a box and the article goes on after it (a
    marker at line 381 of 5,844 cuts nothing). The first line is never a
    footer. A cut that removes more than ``warn_share`` of the article's
    characters raises a :class:`~coopetition.reading.readers.CorpusWarning` saying how much.
    """
    rules = boilerplate_rules() if rules is None else rules
    first_break = text.find("\n")
    if first_break < 0:
        return text, 0
    cut = None
    for rule in (rules.footer_re, rules.tail_footer_re):
        if rule is None:
            continue
        for begin, _ in rule.lines(text, first_break + 1):
            if begin >= len(text) * 2 // 3:
                if cut is None or begin < cut:
                    cut = begin
                break
    if cut is None:
        return text, 0
    dropped = sum(1 for rest in text[cut:].split("\n") if rest)
    share = (len(text) - cut) / len(text)
    if share > warn_share:
        import warnings

        from coopetition._check import CorpusWarning

        marker = text[cut : text.find("\n", cut) if "\n" in text[cut:] else len(text)][:20]
        warnings.warn(
            f"a footer marker ({marker!r}) cut {share:.0%} of an article's text ({dropped} lines)",
            CorpusWarning,
            stacklevel=2,
        )
    return text[:cut].rstrip("\n"), dropped


@_step("toc_lines", "lines")
def drop_toc(text: str, *, rules: BoilerplateRules | None = None) -> tuple[str, int]:
    """Drop a table of contents: its marker (``【摘要】``) and the entries after it
    that recur later as headings."""
    rules = boilerplate_rules() if rules is None else rules
    if rules.toc_re is None:
        return text, 0
    found = next(iter(rules.toc_re.lines(text)), None)
    if found is None:
        return text, 0
    lines = text.split("\n")
    i = _line_index(text, found[0])
    end, dropped = i + 1, 1
    while end < len(lines) and (not lines[end] or lines[end] in lines[end + 1 :]):
        dropped += bool(lines[end])
        end += 1
    while end > i + 1 and not lines[end - 1]:  # leave the blank line before the text
        end -= 1
    return "\n".join(lines[:i] + lines[end:]), dropped


@_step("boilerplate_lines", "lines")
def drop_boilerplate_lines(text: str, *, rules: BoilerplateRules | None = None) -> tuple[str, int]:
    """Drop datelines, bylines, credits, notices, breadcrumbs, prompts, menus and
    image names, line by line (all rules in one pattern, one scan of the text)."""
    rules = boilerplate_rules() if rules is None else rules
    if rules.line_re is None:
        return text, 0
    return _drop_lines(text, list(rules.line_re.lines(text)))


@_step("boilerplate_lines", "lines")  # the report column keeps its name: furniture lines dropped
def drop_furniture_lines(
    text: str, *, rules: BoilerplateRules | None = None, threshold: float | None = None, model=None
) -> tuple[str, int]:
    """Drop the lines the furniture classifier scores over its threshold
    (:mod:`coopetition.text.furniture`: datelines, bylines, credits, menus, prompts,
    notices, repeated headlines…; the TOML rules are among its features).

    Furniture glued to text is cut first (:func:`~coopetition.text.furniture.cut_glued`: a
    byline or SEO tags after the headline, a quote widget's numbers; each cut counts one).
    A text of one non-blank line (a one-line record) is never dropped: a credit
    that opens it (``作者:张三 阿里与京东…``) is cut and its text kept.
    ``model``: a :class:`~coopetition.text.furniture.FurnitureModel` (default: the shipped one).
    """
    rules = boilerplate_rules() if rules is None else rules
    from coopetition.text import furniture

    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) == 1:
        lines[filled[0]], n = furniture.trim_leading_credit(lines[filled[0]])
        return ("\n".join(lines), n) if n else (text, 0)
    if not filled:
        return text, 0
    pieces, cuts = furniture.cut_glued([lines[i] for i in filled])  # a byline glued to a headline, a quote widget
    for i, piece in zip(filled, pieces):
        lines[i] = piece
    drop = {filled[k] for k in furniture.furniture_lines(pieces, model=model, rules=rules, threshold=threshold)}
    if not drop and not cuts:
        return text, 0
    return "\n".join(line for i, line in enumerate(lines) if i not in drop), len(drop) + cuts


@_step("line_prefixes", "prefixes")
def strip_line_prefixes(text: str, *, rules: BoilerplateRules | None = None) -> tuple[str, int]:
    """Cut labels from line starts (``(网经社讯)``, ``导读:``); the rest of the line stays.

    A line left empty by the cut goes; blank lines between paragraphs stay.
    """
    rules = boilerplate_rules() if rules is None else rules
    rule = rules.prefix_re
    if rule is None:
        return text, 0
    out, last, n = [], 0, 0
    for begin, end in list(rule.lines(text)):
        line = text[begin:end]
        while line:  # labels stack: "(网经社讯)导读:"
            line, k = rule.line.subn("", line, count=1)
            if not k:
                break
            n += k
        out.append(text[last:begin])
        if line:
            out.append(line)
            last = end
        else:
            last = end + 1
    if not n:
        return text, 0
    out.append(text[last:])
    return "".join(out).rstrip("\n"), n


@_step("inline_credits", "credits")
def strip_inline_credits(text: str, *, rules: BoilerplateRules | None = None) -> tuple[str, int]:
    """Cut credits that stand inside a paragraph: ``(记者 张三)``, ``(图源:视觉中国)``."""
    rules = boilerplate_rules() if rules is None else rules
    pattern = rules.inline_re
    if pattern is None or "(" not in text:
        return text, 0
    return pattern.subn("", text)


@_step("duplicate_lines", "lines")
def drop_duplicate_lines(text: str, *, min_chars: int = 8, min_stem: int = 15) -> tuple[str, int]:
    """Drop a repeated line (a title printed twice) and a truncated lead that
    repeats the start of a later paragraph (``导读: …微商B经济...``).

    Lines shorter than ``min_chars`` may repeat (headings such as ``结语``).
    """
    lines = text.split("\n")
    seen: set[str] = set()
    kept = []
    n = 0
    for i, line in enumerate(lines):
        stem = _ELLIPSIS_END_RE.sub("", line) if line.endswith(("...", "…")) else line
        truncated = stem != line and len(stem) >= min_stem
        if truncated and any(stem in other for j, other in enumerate(lines) if j != i):
            n += 1
            continue
        if len(line) >= min_chars and line in seen:
            n += 1
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept), n

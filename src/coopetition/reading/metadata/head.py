"""Metadata, where credits stand: the head and the tail of an article, as plain lines."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from coopetition._check import require_text
from coopetition.reading.metadata.rules import (
    _EMPHASIS_RE,
    _HEADING_RE,
    _IMAGE_RE,
    _ITALIC_RE,
    _LINK_RE,
    _LIST_MARK_RE,
    _SPACES_RE,
    metadata_rules,
    normalize_text,
)

if TYPE_CHECKING:
    from coopetition.reading.metadata.rules import MetadataRules

# --- the head and the tail ----------------------------------------------------------


class Line(NamedTuple):
    """A head or tail line as the rules read it: Markdown removed, with what it was."""

    text: str
    kind: str  # "heading", "caption" (italic beside or under an image), "italic", "image" (nothing but an image) or "text"


#: a line with none of these characters, and not starting with a list or quote mark, holds no Markdown
_MARKDOWN_CHARS = "#[]*_"  # five substring tests: faster than a set's isdisjoint over a long line
_LIST_STARTS = (">", "*", "+", "-")


_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def _plain(line: str) -> Line:
    """One raw line without Markdown: ``# T`` → heading T, ``![](u)_来源:X_`` → caption,
    ``*来源:X*`` → italic (a caption only under an image: :func:`_mark_captions`).
    Leftover HTML tags (``<cite id="x"></cite>``, a page saved half-rendered) go."""
    line = line.strip()
    if "<" in line:
        line = _HTML_TAG_RE.sub("", line).strip()
    if not any(char in line for char in _MARKDOWN_CHARS) and not line.startswith(_LIST_STARTS):
        return Line(line, "text")  # the common case: no Markdown rule can match
    heading = _HEADING_RE.match(line)
    if heading:
        return Line(_EMPHASIS_RE.sub("", _LINK_RE.sub(r"\1", heading.group(1))).strip(), "heading")
    had_image = bool(_IMAGE_RE.search(line))
    line = _IMAGE_RE.sub("", line)
    line = _LIST_MARK_RE.sub("", _EMPHASIS_RE.sub("", _LINK_RE.sub(r"\1", line))).strip()
    italic = _ITALIC_RE.match(line)
    if italic:
        return Line((italic.group(1) or italic.group(2)).strip(), "caption" if had_image else "italic")
    if had_image:
        return Line(line, "caption" if line else "image")
    return Line(line, "text")


def _mark_captions(lines: list[Line]) -> list[Line]:
    """An italic line right under an image is its caption (``_来源:视觉中国_`` credits the
    photo); anywhere else it is emphasis (``*本文来源:X*`` credits the article)."""
    return [
        line._replace(kind="caption") if line.kind == "italic" and i and lines[i - 1].kind == "image" else line
        for i, line in enumerate(lines)
    ]


def _join_open_titles(lines: list[str]) -> list[str]:
    """Join a line whose ``《`` is closed on the next line (a hard wrap inside a name)."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].count("《") > out[-1].count("》"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def read_head(raw: str, *, rules: MetadataRules | None = None) -> tuple[list[Line], list[Line]]:
    """The head and tail lines of a raw article, normalised and without Markdown.

    Only those lines are normalised, each cut to ``rules.line_chars``, so a
    20 MB article costs no more than a short one.

    Returns:
        ``(head, tail)``: the first ``rules.head_lines`` non-empty lines and
        the last ``rules.tail_lines`` non-empty lines after them.
    """
    rules = metadata_rules() if rules is None else rules
    require_text(raw, "raw")
    lines = [line for line in raw.splitlines() if line.strip()]
    n_head = min(len(lines), rules.head_lines)
    head = lines[:n_head]
    tail = lines[max(n_head, len(lines) - rules.tail_lines) :]
    block = normalize_text("\n".join(line[: rules.line_chars] for line in [*head, *tail])).split("\n")
    head, tail = block[:n_head], block[n_head:]
    plain = _mark_captions([_plain(line) for line in _join_open_titles(head)])
    return [line for line in plain if line.text or line.kind == "image"], _mark_captions(
        [_plain(line) for line in tail]
    )


def _strip(text: str, patterns: tuple[re.Pattern, ...]) -> str:
    """``text`` with every match of ``patterns`` removed, in order, and its spaces collapsed."""
    for pattern in patterns:
        text = pattern.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()

"""Cleaning, whitespace and wraps: hard line wraps joined, blank lines dropped."""

from __future__ import annotations

from dataclasses import dataclass

from coopetition.text.clean.patterns import (
    _ASCII_WORD_END_RE,
    _ASCII_WORD_START_RE,
    _CLOSER_RE,
    _CLOSERS,
    _CONTINUING_MARKS,
    _DIGIT_CUT_RE,
    _HEADING_MAX_CHARS,
    _LIST_ITEM_RE,
    _OPENER_RE,
    _SENTENCE_END_RE,
    _TAIL_CHARS,
    _TITLE_MAX_CHARS,
    _UNIT_START_RE,
)
from coopetition.text.clean.script import _one_blank_line
from coopetition.text.clean.step import _step


def _bracket_balance(line: str) -> int:
    """Opening brackets and quotes minus closing ones (positive: one is still open)."""
    return len(_OPENER_RE.findall(line)) - len(_CLOSER_RE.findall(line))


@dataclass(slots=True)
class _LineEnds:
    """What the join test reads of a (growing) line: its start, its end, its
    length and, when asked, its bracket balance; kept up to date in constant
    time per join, so a long run of wrapped lines costs linear time."""

    pieces: list[str]
    head: str
    tail: str
    length: int
    counted: int = 0
    running: int = 0

    @classmethod
    def of(cls, pieces: list[str]) -> "_LineEnds":
        line = pieces[0]
        return cls(pieces, line[: _HEADING_MAX_CHARS + 1], line[-_TAIL_CHARS:], len(line))

    def extend(self, glue: str, line: str) -> None:
        self.pieces += [glue, line]
        if self.length <= _HEADING_MAX_CHARS:
            self.head = (self.head + glue + line)[: _HEADING_MAX_CHARS + 1]
        self.tail = (self.tail + glue + line)[-_TAIL_CHARS:]
        self.length += len(glue) + len(line)

    @property
    def balance(self) -> int:
        """The bracket balance of the whole line (each piece is counted once)."""
        for piece in self.pieces[self.counted :]:
            self.running += _bracket_balance(piece)
        self.counted = len(self.pieces)
        return self.running


def _goes_on(line: _LineEnds, nxt: str, *, first: bool, paragraphed: bool) -> bool:
    """Whether ``line`` is cut mid-sentence and ``nxt`` carries the sentence on.

    ``paragraphed``: the text separates paragraphs by blank lines, so a heading
    stands alone and two adjacent lines are one paragraph whatever their length.
    """
    if nxt[0] in _CLOSERS or nxt[0] in _CONTINUING_MARKS:
        return True  # no line starts with a closing mark or a comma: it was cut off
    if _SENTENCE_END_RE.search(line.tail) or _LIST_ITEM_RE.match(nxt):
        return False
    if line.length <= _HEADING_MAX_CHARS and _LIST_ITEM_RE.match(line.head):
        return False  # a numbered heading
    if line.balance > 0:
        return True
    if first:
        return False  # the headline
    if line.length <= _TITLE_MAX_CHARS and not paragraphed:
        # a short line is a title, unless it ends on a number whose unit follows
        return bool(_DIGIT_CUT_RE.search(line.tail[-1:]) and _UNIT_START_RE.match(nxt))
    return True


@_step("line_joins", "joins")
def join_wrapped_lines(text: str) -> tuple[str, int]:
    """Join hard-wrapped lines: a line that ends mid-sentence goes on the next.

    ``一个今天日活7⏎亿的超级平台`` → ``一个今天日活7亿的超级平台``;
    ``《晚点⏎LatePost》`` → ``《晚点LatePost》``. A line is not joined when it ends
    a sentence (``。!?;…`` or ``:``), when the next line opens a list item
    (``1.``, ``一、``, ``(2)``, ``-``, ``•``), when it is a short numbered
    heading, or the first line (the headline), and never across a blank line (a
    paragraph break). In a text that separates its paragraphs by blank lines
    (most crawls, Markdown) that is all; in a text that does not, a short line
    (up to 30 characters) is a title and stays, unless a bracket or quote is
    still open or a number is cut from its unit. A line that starts with a
    closing mark or a comma (``”``, ``,``, ``。``) always goes on the line before.
    Two ASCII words are joined with a space, everything else directly.
    """
    if "\n" not in text:
        return text, 0
    lines = text.split("\n")
    # each blank line is one paragraph break; every other line break is within a paragraph
    n_breaks = lines.count("")
    paragraphed = n_breaks >= (len(lines) - 1) - 2 * n_breaks
    out: list[list[str]] = []  # each output line as its pieces, joined once at the end
    ends, n = None, 0  # ends: what the test reads of the last output line, made when first needed
    for line in lines:
        if line and out and out[-1][0]:  # two lines in a row (never across a blank line)
            ends = ends or _LineEnds.of(out[-1])
            if _goes_on(ends, line, first=len(out) == 1, paragraphed=paragraphed):
                glue = " " if _ASCII_WORD_END_RE.match(ends.tail[-1]) and _ASCII_WORD_START_RE.match(line) else ""
                ends.extend(glue, line)
                n += 1
                continue
        out.append([line])
        ends = None
    return "\n".join("".join(pieces) for pieces in out), n


@_step("blank_lines", "lines")
def drop_blank_lines(text: str) -> tuple[str, int]:
    """Drop the blank lines kept between paragraphs: the clean text is one paragraph a line."""
    out = _one_blank_line(text)  # each run of blank lines is one break
    n = out.count("\n\n")
    return out.replace("\n\n", "\n").strip("\n"), n

"""The features of the furniture line classifier (:mod:`coopetition.text.furniture`): one row per line.

Every non-blank line of an article, as the cleaning chain sees it after
glosses, mojibake, Markdown, URLs, script conversion and width folding, gets
features that hold across sites (:data:`FEATURES`): position from the top and
the bottom, length, shares of Han characters, digits, Latin letters and
punctuation, dates and times, sentence ends and commas, separators, link- and
handle-like tokens, bracketed credits, counts of label, widget, menu and
notice words (``data/furniture_words.toml``), whether each kind of rule of
``data/boilerplate.toml`` matches it, repetition, and the same features of the
line before and the line after.

Speed: :func:`line_features` computes the same values as the per-line regexes
it is specified by (``_HAN_RE`` … ``_LATIN_WORD_RE`` of :mod:`~coopetition.text.furniture_scan`, ``_TITLEISH_RE`` below), without a Python loop
per line and feature. Character classes are counted per line from one lookup
table over code points (built once per process from those regexes); each
remaining regex runs once over the lines joined by ``"\n"``, in a form that
cannot cross a line break, and only over the lines that hold a character every
match needs; line ends (sentence end, ellipsis, trailing id) and digit or Latin
runs are read off the code points. ``tests/test_furniture_speed_equality.py``
checks the matrix equals, value for value, that of the per-line code it replaced.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from coopetition.text.furniture_scan import (  # noqa: F401 - _CREDIT_LABEL_RE, _LEADING_CREDIT_RE, _SPEC: re-exported
    _BRACKET_OPEN,
    _CLASS_BYTES,
    _CLOSER,
    _COLON,
    _COMMA,
    _CREDIT_LABEL_CHAR,
    _CREDIT_LABEL_RE,
    _CREDIT_WORD_CHAR,
    _CREDIT_WORDS_RE,
    _DIGIT,
    _ELLIPSIS_RE,
    _END_MARK,
    _FOLDS_TO_ASCII,
    _HAN,
    _LATIN,
    _LEADING_CREDIT_RE,
    _LINK_CHAR,
    _MARK,
    _MULTI_BRACKET_CREDIT_RE,
    _MULTI_CREDIT_LABEL_RE,
    _MULTI_LINK_RE,
    _MULTI_SEPARATOR_RE,
    _MULTI_TABLE_ROW_RE,
    _MULTI_TIME_RE,
    _MULTI_YEAR_DATE_RE,
    _NAV_WORD_CHAR,
    _NAV_WORDS_RE,
    _NOTICE_WORD_CHAR,
    _NOTICE_WORDS_RE,
    _PIPE,
    _PUNCT,
    _QUOTE,
    _SEPARATOR_CHAR,
    _SPACE,
    _SPEC,
    _TOKEN_CHAR,
    _TOKEN_START,
    _UDIGIT,
    _WIDGET_WORD_CHAR,
    _WIDGET_WORDS_RE,
    WORDS_FILE,
    _char_classes,
    _counts_where,
    _inline_hits,
    _line_starts,
    _link_counts,
    _log1p,
    _month_day_lines,
    _runs_per_line,
    _small_latin,
)

__all__ = ["BASE_FEATURES", "FEATURES", "WORDS_FILE", "line_features"]

#: a line that may be a headline: 8-60 characters, no sentence end
TITLEISH_CHARS = (8, 60)
_TITLEISH_RE = re.compile(r"^.{%d,%d}$" % TITLEISH_CHARS)
#: lines each side whose features are averaged into the window features
WINDOW = 3

#: the window features: each the mean of a feature over the line and ``WINDOW`` lines each side
_WINDOWED = (
    ("window_sentence_end", "sentence_end"),
    ("window_log_length", "log_length"),
    ("window_han_share", "han_share"),
    ("window_short", "short"),
)
#: the features of one line, before its neighbours' are added
BASE_FEATURES: tuple[str, ...] = (
    "pos_top",
    "first",
    "second",
    "last",
    "lines_from_top",
    "lines_from_bottom",
    "log_length",
    "short",
    "han_share",
    "digit_share",
    "latin_share",
    "punct_share",
    "log_tokens",
    "short_tokens",
    "date",
    "time",
    "sentence_end",
    "log_sentence_marks",
    "log_commas",
    "log_separators",
    "link_handle",
    "bracket_credit",
    "credit_label",
    "credit_words",
    "widget_words",
    "nav_words",
    "notice_words",
    "rule_line",
    "rule_prefix",
    "rule_footer",
    "rule_inline",
    "repeated",
    "inside_other",
    "ellipsis_end",
    "counters",
    "quotes",
    "trailing_id",
    "window_sentence_end",
    "window_log_length",
    "window_han_share",
    "table_row",
    "latin_words",
    "window_short",
    "before_body",
    "after_body",
    "first_titleish",
)
#: every feature: the line's own, then its neighbours' (``prev:``, ``next:``), then whether they exist
FEATURES: tuple[str, ...] = (
    *BASE_FEATURES,
    *(f"prev:{name}" for name in BASE_FEATURES),
    *(f"next:{name}" for name in BASE_FEATURES),
    "has_prev",
    "has_next",
)


def _rule_hits(lines: list[str], rule) -> np.ndarray:
    """1.0 for each line a compiled TOML rule set matches (one scan of the joined text)."""
    if not lines:
        return np.zeros(0)
    return _hits_in("\n".join(lines), _line_starts(lines), rule)


def _hits_in(text: str, starts: np.ndarray, rule) -> np.ndarray:
    """:func:`_rule_hits` on the joined lines and their offsets."""
    hits = np.zeros(len(starts))
    if rule is None:
        return hits
    begins = [begin for begin, _ in rule.lines(text)]
    if begins:
        hits[np.searchsorted(starts, begins)] = 1.0
    return hits


def _inside_other(lines: list[str], joined: str | None = None, ellipsis_end: np.ndarray | None = None) -> np.ndarray:
    """1.0 for a line (of 6+ characters, its trailing ellipsis cut) that stands inside another, longer line.

    ``ellipsis_end``: per line, whether ``_ELLIPSIS_RE`` finds its ellipsis (only those lines are cut)."""
    out = np.zeros(len(lines))
    if joined is None:
        joined = "\n".join(lines)
    cut = [True] * len(lines) if ellipsis_end is None else ellipsis_end.tolist()
    counts = Counter(lines)
    for i, line in enumerate(lines):
        if len(line) < 6:
            continue  # its stem is shorter still
        stem = _ELLIPSIS_RE.sub("", line) if cut[i] else line
        if len(stem) >= 6 and joined.count(stem) > counts[line]:
            out[i] = 1.0
    return out


def _check_lines(lines: list[str], lengths: np.ndarray, text: str) -> None:
    if not lengths.all():
        raise ValueError(f"line_features: lines[{int(np.argmin(lengths))}] is empty (pass non-blank lines only)")
    if text.count("\n") != len(lines) - 1:
        i = next(i for i, line in enumerate(lines) if "\n" in line)
        raise ValueError(f"line_features: lines[{i}] holds a line break (pass the lines of text.split('\\n'))")


def line_features(lines: list[str], *, rules=None) -> np.ndarray:
    """The feature matrix (``len(lines)`` × ``len(FEATURES)``) of an article's non-blank lines.

    Args:
        lines: the article's non-blank lines, in order, as the chain sees them
            (simplified, width folded, whitespace normalised).
        rules: the :class:`~coopetition.text.clean.BoilerplateRules` whose matches
            are features (default: the packaged ones).

    Raises:
        ValueError: a line is empty or holds a line break.
    """
    if rules is None:
        from coopetition.text.clean import BOILERPLATE

        rules = BOILERPLATE  # the chain's own rules
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURES)))
    text = "\n".join(lines)
    lengths = np.fromiter(map(len, lines), np.int64, n)
    _check_lines(lines, lengths, text)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _char_classes()[points]  # (a copy: the per-text bits below leave the table alone)

    space = (classes & _SPACE) != 0
    token_start = ~space
    token_start[1:] &= space[:-1]  # a token starts after a space (the joining "\n" is one) or at the text's start
    classes |= token_start.astype(np.uint32) * np.uint32(_TOKEN_START)
    classes |= (~space).astype(np.uint32) * np.uint32(_TOKEN_CHAR)
    # every class counted per line at once: one bit column per class, summed over each line's
    # segment (which runs to the next line's start: its "\n" is a space, in no other class)
    # (the classes fill the low three bytes of each little-endian code: the fourth is never unpacked)
    bits = np.unpackbits(
        classes.astype("<u4", copy=False).view(np.uint8).reshape(-1, 4)[:, :_CLASS_BYTES], axis=1, bitorder="little"
    )
    per_line = np.add.reduceat(bits, starts, axis=0, dtype=np.int64)

    def of(bit: int) -> np.ndarray:
        return per_line[:, bit.bit_length() - 1]

    n_tokens = of(_TOKEN_START)
    token_chars = of(_TOKEN_CHAR)  # (not lengths minus spaces: a line's segment ends with the joining "\n")
    last_char = points[starts + lengths - 1]
    index = np.arange(n)
    n_udigits = of(_UDIGIT)
    n_latin = of(_LATIN)

    first_class = classes[starts]

    def scan(pattern: re.Pattern, candidates: np.ndarray) -> np.ndarray:
        return _counts_where(pattern, lines, text, starts, candidates)

    # each candidate mask is a condition every line with a match meets (what the pattern must consume)
    counts = {
        # (19|20)dd-m-d holds 6+ digits
        _MULTI_YEAR_DATE_RE: scan(_MULTI_YEAR_DATE_RE, n_udigits >= 6),
        _MULTI_TIME_RE: scan(_MULTI_TIME_RE, (n_udigits >= 3) & (of(_COLON) > 0)),
        _MULTI_SEPARATOR_RE: scan(_MULTI_SEPARATOR_RE, of(_SEPARATOR_CHAR) > 0),
        _MULTI_LINK_RE: _link_counts(lines, text, points, starts, of(_LINK_CHAR) > 0, bool(of(_FOLDS_TO_ASCII).any())),
        _MULTI_BRACKET_CREDIT_RE: scan(_MULTI_BRACKET_CREDIT_RE, (first_class & _BRACKET_OPEN) != 0),
        _MULTI_CREDIT_LABEL_RE: scan(_MULTI_CREDIT_LABEL_RE, (first_class & (_CREDIT_LABEL_CHAR | _SPACE)) != 0),
        _CREDIT_WORDS_RE: scan(_CREDIT_WORDS_RE, of(_CREDIT_WORD_CHAR) > 0),
        _WIDGET_WORDS_RE: scan(_WIDGET_WORDS_RE, of(_WIDGET_WORD_CHAR) > 0),
        _NAV_WORDS_RE: scan(_NAV_WORDS_RE, of(_NAV_WORD_CHAR) > 0),
        _NOTICE_WORDS_RE: scan(_NOTICE_WORDS_RE, of(_NOTICE_WORD_CHAR) > 0),
        _MULTI_TABLE_ROW_RE: scan(_MULTI_TABLE_ROW_RE, of(_PIPE) >= 3),
    }
    line_of = np.repeat(index, lengths + 1)[:-1]  # the line of each code point (a line's "\n" counts to it)
    # ``_SENTENCE_END_RE``: the last character before the line's closing quotes and brackets
    # (which are never marks) is a mark, or a dot after two small Latin letters
    position = np.arange(len(points))
    closer = (classes & _CLOSER) != 0
    last_open = np.maximum.accumulate(np.where(closer, -1, position))[starts + lengths - 1]
    inside = last_open >= starts
    at = np.where(inside, last_open, 0)
    end_char = points[at]
    after_letters = (
        (at - starts >= 2) & _small_latin(points[np.maximum(at - 1, 0)]) & _small_latin(points[np.maximum(at - 2, 0)])
    )
    sentence_end = inside & (((classes[at] & _END_MARK) != 0) | ((end_char == ord(".")) & after_letters))
    # ``_COUNTER_RE``: runs of 1-7 digits (``\d``) with a space or the line's edge on each side;
    # ``_LATIN_WORD_RE``: runs of 2+ Latin letters
    counters = _runs_per_line((classes & _UDIGIT) != 0, classes, line_of, n, lambda size: size <= 7, edges=True)
    latin_words = _runs_per_line((classes & _LATIN) != 0, classes, line_of, n, lambda size: size >= 2, edges=False)
    # a line's end, read off its last characters: ``(?:\.{3,}|…+)$`` and ``\d{5,}$``
    dots, trailing_id = lengths >= 3, lengths >= 5
    for back in range(5):
        at = np.maximum(starts + lengths - 1 - back, 0)  # (a shorter line is out already)
        if back < 3:
            dots &= points[at] == ord(".")
        trailing_id &= (classes[at] & _UDIGIT) != 0
    ellipsis_end = (last_char == ord("…")) | dots

    base = np.zeros((n, len(BASE_FEATURES)))
    column = BASE_FEATURES.index

    def put(name: str, values) -> None:
        base[:, column(name)] = values

    put("pos_top", index / (n - 1) if n > 1 else 0.0)
    put("first", index == 0)
    put("second", index == 1)
    put("last", (index == n - 1) & (n > 1))
    put("lines_from_top", np.minimum(index, 10) / 10)
    put("lines_from_bottom", np.minimum(n - 1 - index, 10) / 10)
    # every log-count feature from one table lookup (the table holds math.log1p of each count)
    logged = {
        "log_length": lengths,
        "log_tokens": n_tokens,
        "log_sentence_marks": of(_MARK),
        "log_commas": of(_COMMA),
        "log_separators": counts[_MULTI_SEPARATOR_RE],
        "link_handle": counts[_MULTI_LINK_RE],
        "credit_words": counts[_CREDIT_WORDS_RE],
        "widget_words": counts[_WIDGET_WORDS_RE],
        "nav_words": counts[_NAV_WORDS_RE],
        "notice_words": counts[_NOTICE_WORDS_RE],
        "counters": counters,
        "latin_words": latin_words,
    }
    base[:, [column(name) for name in logged]] = _log1p(np.stack(list(logged.values()), axis=1))
    put("short", lengths <= 8)
    put("han_share", of(_HAN) / lengths)
    put("digit_share", of(_DIGIT) / lengths)
    put("latin_share", n_latin / lengths)
    put("punct_share", of(_PUNCT) / lengths)
    with np.errstate(divide="ignore", invalid="ignore"):
        put("short_tokens", (n_tokens >= 3) & (token_chars / np.maximum(n_tokens, 1) <= 6))
    put("date", (counts[_MULTI_YEAR_DATE_RE] > 0) | _month_day_lines(text, starts, classes))
    put("time", counts[_MULTI_TIME_RE] > 0)
    put("sentence_end", sentence_end)
    put("bracket_credit", counts[_MULTI_BRACKET_CREDIT_RE] > 0)
    put("credit_label", counts[_MULTI_CREDIT_LABEL_RE] > 0)
    put("rule_line", _hits_in(text, starts, rules.line_re))
    put("rule_prefix", _hits_in(text, starts, rules.prefix_re))
    put(
        "rule_footer", np.maximum(_hits_in(text, starts, rules.footer_re), _hits_in(text, starts, rules.tail_footer_re))
    )
    put("rule_inline", _inline_hits(lines, text, rules.inline_re))
    first_at = dict(zip(reversed(lines), range(n - 1, -1, -1)))  # each line's first print (the earliest index wins)
    first_print = np.fromiter(map(first_at.__getitem__, lines), np.int64, n)
    repeated = first_print != index  # a headline's first print is not a repeat
    put("repeated", repeated & (lengths >= 4))
    put("inside_other", _inside_other(lines, text, ellipsis_end))
    put("ellipsis_end", ellipsis_end)
    put("quotes", of(_QUOTE) > 0)
    put("trailing_id", trailing_id)
    put("table_row", counts[_MULTI_TABLE_ROW_RE] > 0)
    low = np.maximum(index - WINDOW, 0)
    high = np.minimum(index + WINDOW + 1, n)
    # the four windows at once: running sums down each source column (a cumulative sum adds in
    # order, column by column, so each is the sum the column alone gives)
    sums = np.zeros((n + 1, len(_WINDOWED)))
    np.cumsum(base[:, [column(source) for _, source in _WINDOWED]], axis=0, out=sums[1:])
    base[:, [column(name) for name, _ in _WINDOWED]] = (sums[high] - sums[low]) / (high - low)[:, None]
    ends = base[:, column("sentence_end")] > 0
    base[:, column("before_body")] = np.cumsum(ends) - ends == 0  # no sentence ends before this line
    base[:, column("after_body")] = np.cumsum(ends[::-1])[::-1] - ends == 0  # none after it
    # a headline-like line: 8-60 characters (``_TITLEISH_RE`` on a line without a break), no sentence end, one separator at most
    titleish = np.flatnonzero(
        ~ends
        & (lengths >= TITLEISH_CHARS[0])
        & (lengths <= TITLEISH_CHARS[1])
        & (base[:, column("log_separators")] <= math.log1p(1))
    )
    if len(titleish):
        base[titleish[0], column("first_titleish")] = 1.0
    zero = np.zeros((1, base.shape[1]))
    prev = np.vstack([zero, base[:-1]])
    nxt = np.vstack([base[1:], zero])
    exists = np.ones(n)
    has_prev, has_next = exists.copy(), exists.copy()
    has_prev[0] = has_next[-1] = 0.0
    return np.hstack([base, prev, nxt, has_prev[:, None], has_next[:, None]])

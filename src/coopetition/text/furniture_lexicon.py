"""Features of the furniture classifier that need the whole page or a vocabulary (:mod:`coopetition.text.furniture`).

Two families are added to the per-line features of :mod:`coopetition.text.furniture_features`:

- **context** (:data:`CONTEXT_FEATURES`): whether a line continues the line before it
  (it opens with a comma, an enumeration comma or a closing mark, or the line
  before ends on an opening one) and whether the next line continues it. A sentence
  broken by crawl damage (``、华为、``) is article text, however short its pieces.
  Also whether the line opens with a short label and a colon (``温馨提示:``, ``摘要:``,
  ``数据来源:``): a notice or a credit, however sentence-like the rest;
- **lexical** (:func:`bag_pairs`): which characters and character bigrams a line
  holds, over a fixed vocabulary. The trainer
  (``coopetition.model.furniture_train``) keeps only items that occur on at least
  ``K`` different development sites, so nothing one site prints is memorised; the
  model gives each item a weight, and a line's lexical score is the sum of the
  weights of the items it holds (each counted once).

Both are computed for all of a page's lines at once, over the code points of the
lines joined by ``"\\n"`` (no Python loop per line).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from coopetition.text.charset import _CJK_RANGES

__all__ = [
    "CONTEXT_FEATURES",
    "bag_matrix",
    "bag_pairs",
    "bag_sums",
    "context_features",
    "item_keys",
    "key_items",
    "page_keys",
]

CONTEXT_FEATURES: tuple[str, ...] = ("continues_line", "continued_by_next", "number_cut", "label_opening")
#: a line that opens with one of these continues the line before it
_CONTINUING = ",、;:)」』”’"
#: a line that ends on one of these is continued by the next
_OPENING = ",、(「『“‘"
#: a short label and a colon open the line (``温馨提示:``, ``数据来源:``; not ``今天小编分享的互联网经验:``)
_LABEL_OPENING_RE = re.compile(r"^[^\W_]{2,6}[^\S\n]{0,2}:", re.M)
#: the same after a line break (its match starts one before the line): searched for, a "\n" is found at
#: C speed, where ``^`` in multiline mode is tried at every position (the first line is matched alone)
_LABEL_AFTER_BREAK_RE = re.compile(r"\n[^\W_]{2,6}[^\S\n]{0,2}:")
#: bigram keys start here: a character's key is its code point, a bigram's (first + 1) × this + second
_BASE = 0x110000


def _points(lines: list[str], text: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points of the joined lines (``text``, when the caller has joined them already), each
    line's start and length."""
    lengths = np.fromiter(map(len, lines), np.int64, len(lines))
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    text = "\n".join(lines) if text is None else text
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return points, starts, lengths


@lru_cache(maxsize=None)
def _table(chars: str) -> np.ndarray:
    """A boolean table over every code point: which are among ``chars``."""
    table = np.zeros(_BASE, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


@lru_cache(maxsize=1)
def _unit_start() -> np.ndarray:
    """A boolean table over every code point: which can open a unit after a number (``_UNIT_START_RE``)."""
    table = np.zeros(_BASE, dtype=bool)
    for lo, hi in _CJK_RANGES:
        table[lo : hi + 1] = True
    table[ord("%")] = True
    return table


def _member(points: np.ndarray, chars: str) -> np.ndarray:
    return _table(chars)[points]


def context_features(lines: list[str]) -> np.ndarray:
    """The :data:`CONTEXT_FEATURES` of a page's non-blank lines (``len(lines)`` × 4)."""
    n = len(lines)
    if not n:
        return np.zeros((0, len(CONTEXT_FEATURES)))
    text = "\n".join(lines)
    points, starts, lengths = _points(lines, text)
    opens_with = _member(points[starts], _CONTINUING)
    ends_on = _member(points[starts + lengths - 1], _OPENING)
    prev_ends_on = np.concatenate([[False], ends_on[:-1]])
    next_opens_with = np.concatenate([opens_with[1:], [False]])
    # a number cut from its unit: the line before ends on a digit or a dot, this one opens with a Han character or %
    # (``_UNIT_START_RE`` of the wrap step, read off the first code point of each line: a Han character or %)
    ends_on_digit = _member(points[starts + lengths - 1], "0123456789.")
    cut = np.concatenate([[False], ends_on_digit[:-1] & _unit_start()[points[starts[1:]]]])
    labelled = np.zeros(n, dtype=bool)
    if ":" in text:
        labelled[0] = _LABEL_OPENING_RE.match(text) is not None
        labelled[np.searchsorted(starts, [m.start() + 1 for m in _LABEL_AFTER_BREAK_RE.finditer(text)])] = True
    return np.column_stack([opens_with | prev_ends_on, ends_on | next_opens_with, cut, labelled]).astype(float)


def item_keys(items) -> np.ndarray:
    """The integer key of each vocabulary item (one character or a bigram).

    Raises:
        ValueError: an item is empty or longer than two characters.
    """
    keys = []
    for item in items:
        item = str(item)
        if len(item) == 1:
            keys.append(ord(item))
        elif len(item) == 2:
            keys.append((ord(item[0]) + 1) * _BASE + ord(item[1]))
        else:
            raise ValueError(f"furniture vocabulary: item {item!r} is not one character or a bigram")
    return np.array(keys, dtype=np.uint64)


def key_items(keys: np.ndarray) -> list[str]:
    """The items of integer keys (the inverse of :func:`item_keys`)."""
    return [chr(k) if k < _BASE else chr(k // _BASE - 1) + chr(k % _BASE) for k in map(int, keys)]


def _line_keys(lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every character and bigram key of the lines, and the line each stands in."""
    points, _, lengths = _points(lines)
    wide = points.astype(np.uint64)
    line_of = np.repeat(np.arange(len(lines)), lengths + 1)[:-1]
    inside = points != ord("\n")
    pair = inside[:-1] & inside[1:]
    keys = np.concatenate([wide[inside], ((wide[:-1] + 1) * _BASE + wide[1:])[pair]])
    return keys, np.concatenate([line_of[inside], line_of[:-1][pair]])


def page_keys(lines: list[str]) -> np.ndarray:
    """The distinct character and bigram keys of a page (sorted): what a site counts for."""
    if not lines:
        return np.zeros(0, dtype=np.uint64)
    return np.unique(_line_keys(lines)[0])


def bag_pairs(lines: list[str], vocabulary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(line, item)`` index pairs: which items of ``vocabulary`` (sorted keys) each line holds, each pair once."""
    if not lines or not len(vocabulary):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys, line_of = _line_keys(lines)
    at = np.minimum(np.searchsorted(vocabulary, keys), len(vocabulary) - 1)
    hit = vocabulary[at] == keys
    pairs = np.unique(line_of[hit].astype(np.int64) * len(vocabulary) + at[hit])
    return pairs // len(vocabulary), pairs % len(vocabulary)


class Lexicon:
    """Lookup tables of a vocabulary (sorted keys) and its weights, for scoring a page's lines
    fast: a character's item by code point, and a bigram's in a dense table over the characters
    that start and end one (looked up only where both do)."""

    def __init__(self, vocabulary: np.ndarray, weights: np.ndarray):
        self.size = len(vocabulary)
        self.weights = weights
        single = vocabulary < _BASE
        pairs = vocabulary[~single]
        chars = vocabulary[single].astype(np.int64)
        first, second = (pairs // _BASE - 1).astype(np.int64), (pairs % _BASE).astype(np.int64)
        # tables by code point up to the highest in the vocabulary; the last entry stands for every
        # code point above it (none of them is in the vocabulary), so the tables stay small
        self.top = int(max(chars.max(initial=0), first.max(initial=0), second.max(initial=0))) + 1
        self.char_item = np.full(self.top + 1, -1, dtype=np.int32)
        self.char_item[chars] = np.flatnonzero(single)
        # bigrams in a dense table by (first, second) over the characters that start or end one
        self.open_at = np.full(self.top + 1, -1, dtype=np.int32)
        self.close_at = np.full(self.top + 1, -1, dtype=np.int32)
        openers, closers = np.unique(first), np.unique(second)
        self.open_at[openers], self.close_at[closers] = np.arange(len(openers)), np.arange(len(closers))
        self.width = max(len(closers), 1)
        self.pair_table = np.full(max(len(openers), 1) * self.width, -1, dtype=np.int32)
        self.pair_table[self.open_at[first] * self.width + self.close_at[second]] = np.flatnonzero(~single)
        self.has_pairs = bool(len(pairs))

    def pairs(self, lines: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(line, item)`` of every item occurrence (a line may hold an item more than once)."""
        points, _, lengths = _points(lines)
        line_of = np.repeat(np.arange(len(lines)), lengths + 1)[:-1]
        capped = np.minimum(points, self.top)
        chars = self.char_item[capped]  # "\n" is no item: lines hold no break
        found = np.flatnonzero(chars >= 0)
        rows, items = [line_of[found]], [chars[found].astype(np.int64)]
        if self.has_pairs:
            first, second = self.open_at[capped[:-1]], self.close_at[capped[1:]]
            at = np.flatnonzero((first >= 0) & (second >= 0))  # never across "\n": it is in neither table
            item = self.pair_table[first[at] * self.width + second[at]]
            hit = item >= 0
            rows.append(line_of[at[hit]])
            items.append(item[hit].astype(np.int64))
        return np.concatenate(rows), np.concatenate(items)

    def sums(self, lines: list[str]) -> np.ndarray:
        """Per line, the sum of the weights of the items it holds (each item once)."""
        if not lines or not self.size:
            return np.zeros(len(lines))
        rows, items = self.pairs(lines)
        keys = np.sort(rows.astype(np.int64) * self.size + items)
        once = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
        return np.bincount(once // self.size, weights=self.weights[once % self.size], minlength=len(lines))


@lru_cache(maxsize=4)
def _lexicon(vocabulary: bytes, weights: bytes) -> Lexicon:
    return Lexicon(np.frombuffer(vocabulary, dtype=np.uint64), np.frombuffer(weights, dtype=np.float64))


def bag_sums(lines: list[str], vocabulary: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per line, the sum of the weights of the vocabulary items (sorted keys) it holds, each once."""
    lexicon = _lexicon(
        np.ascontiguousarray(vocabulary, dtype=np.uint64).tobytes(), np.ascontiguousarray(weights, np.float64).tobytes()
    )
    return lexicon.sums(lines)


def bag_matrix(lines: list[str], vocabulary: np.ndarray) -> np.ndarray:
    """The presence matrix (``len(lines)`` × ``len(vocabulary)``, 0/1) of the items each line holds (for training)."""
    out = np.zeros((len(lines), len(vocabulary)))
    rows, items = bag_pairs(lines, vocabulary)
    out[rows, items] = 1.0
    return out

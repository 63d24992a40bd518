"""Cleaning: the data-driven character and word tables (OpenCC, rare characters, variants, vocabulary)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
import opencc

from coopetition._data import data_lines, data_rows
from coopetition.text.charset import common_chars
from coopetition.text.clean.patterns import _STRONG_RANGES
from coopetition.text.patterns import alternation

if TYPE_CHECKING:
    from coopetition.text.clean.patterns import T

# --- data-driven tables ---------------------------------------------------------

_T2S = opencc.OpenCC("t2s")


def _cjk_chars() -> list[str]:
    return [chr(c) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(lo, hi + 1)]


def _codepoints(text: str) -> np.ndarray:
    """The text's code points as an array (one C pass; no Python loop per character)."""
    # "surrogatepass": a lone surrogate (JSON may carry one) is a code point like any other
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _from_codepoints(points: np.ndarray) -> str:
    return points.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _table(chars: Iterable[str]) -> np.ndarray:
    """A lookup table over all code points: True for ``chars``."""
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


def _traditional_forms() -> list[str]:
    """Characters OpenCC's t2s changes on their own: the marks of traditional script."""
    chars = _cjk_chars()
    converted = _T2S.convert("\n".join(chars)).split("\n")
    return [a for a, b in zip(chars, converted) if a != b]


#: True for a traditional form (a character t2s converts), by code point
_TRADITIONAL = _table(_traditional_forms())
#: True for a CJK character, by code point
_CJK_TABLE = _table(_cjk_chars())


@functools.lru_cache(maxsize=1)
def _rare_chars() -> tuple[str, ...]:
    """The CJK characters that are not common (built once, on first use)."""
    common = common_chars()
    return tuple(c for c in _cjk_chars() if c not in common)


@functools.lru_cache(maxsize=1)
def _rare_table() -> np.ndarray:
    """True at each rare CJK character (:func:`_rare_chars`) and strong damage mark
    (:data:`_STRONG_RANGES`), as a lookup table over all code points."""
    table = _table(_rare_chars())
    for lo, hi in _STRONG_RANGES:
        table[lo : hi + 1] = True
    return table


def _last_text_memo(func: Callable[[str], T]) -> Callable[[str], T]:
    """Keep ``func``'s answer for the last text object it was asked about.

    Steps of the chain ask about the text one after another, and a step that
    changes nothing returns the very object it was given: the next step's
    question is answered without a pass over the text. The text is compared by
    identity and held, so its id cannot be reused while the answer is kept.
    """
    last: list[tuple[str | None, T | None]] = [(None, None)]

    @functools.wraps(func)
    def wrapper(text: str) -> T:
        seen = last[0]  # one read: another thread may replace it
        if seen[0] is not text:
            seen = last[0] = (text, func(text))
        return seen[1]  # type: ignore[return-value]  # set by func(text) above whenever the text is new

    return wrapper


_text_points = _last_text_memo(_codepoints)  # the damage steps ask about one text in turn


@_last_text_memo
def _rare_positions(text: str) -> list[int]:
    """The offsets of the rare characters and strong damage marks of ``text`` (one array pass)."""
    return np.flatnonzero(_rare_table()[_text_points(text)]).tolist()


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (JSON may carry one; no decode gives one)."""
    points = _text_points(text)
    return bool(np.any((points >= 0xD800) & (points <= 0xDFFF)))


#: any traditional form (a character of :data:`_TRADITIONAL`), as one character class generated from the table:
#: one search answers "is there one?" faster than the code-point pass does on a short text
_TRADITIONAL_RE = re.compile("[" + re.escape("".join(map(chr, np.flatnonzero(_TRADITIONAL)))) + "]")


def has_traditional(text: str) -> bool:
    """Whether ``text`` holds a traditional form that :func:`to_simplified` would convert."""
    return _TRADITIONAL_RE.search(text) is not None


@_last_text_memo
def _n_traditional(text: str) -> int:
    """How many characters of the text are traditional forms (one array pass)."""
    return int(np.count_nonzero(_TRADITIONAL[_codepoints(text)]))


def _word_table(name: str, source: str, target: str) -> tuple[dict[str, str], re.Pattern | None]:
    table = {row[source]: row[target] for row in data_rows(name, delimiter="\t")}
    if not table:
        return table, None
    return table, re.compile(alternation(table))


#: variant spellings OpenCC maps wrongly (鍊接 → 炼接): fixed before conversion
VARIANTS, _VARIANT_RE = _word_table("variants.tsv", "variant", "simplified")
#: names conversion must leave as written (昇腾): the table's rows that map to themselves
_KEEP_RE = re.compile(alternation(w for w, s in VARIANTS.items() if w == s))
#: Taiwan/Hong Kong words folded to the mainland word in traditional-script text
TW_VOCABULARY, _TW_VOCABULARY_RE = _word_table("tw_vocabulary.tsv", "taiwan", "mainland")

#: words in which 著 is zhù; everywhere else a converted 著 is the particle 着
_ZHU_RE = re.compile(alternation(data_lines("zhu_words.txt")))
_ZHE_RE = re.compile("著")
_PLACEHOLDER = "\U000f0000"

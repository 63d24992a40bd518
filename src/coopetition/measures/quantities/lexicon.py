"""The words the quantity reader knows: units, currencies, multipliers, bounds, changes.

Everything here is read from ``data/quantities.toml`` (the vocabulary, with its sources in the
file header) and turned into lookup tables: a :class:`WordTable` finds the longest listed word
that starts or ends a text by set lookups, one per word length, so no alternation regex of
hundreds of characters is needed. :func:`last_word` and :func:`first_word` cut a phrase by
the package's segmenter and :func:`word_tag` looks up the jieba dictionary's part of
speech of a word (a table lookup: no tagging model runs).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from coopetition._data import read_text

__all__ = [
    "VOCAB",
    "UNITS",
    "UNIT_FAMILY",
    "MULTIPLIERS",
    "CURRENCY_PREFIXES",
    "CLASSIFIERS",
    "WordTable",
    "word_tag",
    "words_of",
    "last_word",
    "first_word",
]

VOCAB = tomllib.loads(read_text("quantities.toml"))

#: surface form written after a number → unit it reports
UNITS: dict[str, str] = {
    **VOCAB["duration"],
    **VOCAB["count"],
    **VOCAB["ratio"],
    **VOCAB["currency"],
    **VOCAB["other_unit"],
}
CURRENCY_PREFIXES: dict[str, str] = VOCAB["currency_prefix"]
CLASSIFIERS: tuple[str, ...] = tuple(VOCAB["classifier"]["words"])
MULTIPLIERS: dict[str, float] = {k: float(v) for k, v in VOCAB["multiplier"].items()}
#: unit → family: what may share an axis (never two currencies, never a level with a change)
UNIT_FAMILY: dict[str, str] = (
    {unit: "money" for unit in (*VOCAB["currency"].values(), *CURRENCY_PREFIXES.values())}
    | {"%": "percent", "pp": "percent", "x": "multiple"}
    | {unit: "count" for unit in (*VOCAB["count"].values(), *VOCAB["other_unit"].values(), "count")}
    | {unit: "duration" for unit in VOCAB["duration"].values()}
)


class WordTable:
    """A set of words found at the start or end of a text, longest first, by set lookups.

    Example:
        >>> table = WordTable(["元", "港元", "亿元"])
        >>> table.prefix("港元的", 0), table.suffix("收入3亿元"), table.prefix("美元", 0)
        ('港元', '亿元', '')
    """

    def __init__(self, words) -> None:
        words = {w for w in words if w}
        self.words = frozenset(words)
        lengths = sorted({len(w) for w in words}, reverse=True)
        self._groups = tuple((n, frozenset(w for w in words if len(w) == n)) for n in lengths)
        #: the first and last characters of the words: most places start or end no word, one set lookup says so
        self._firsts = frozenset(w[0] for w in words)
        self._lasts = frozenset(w[-1] for w in words)

    def prefix(self, text: str, at: int = 0) -> str:
        """The longest word starting at ``text[at]``, else ``""``."""
        if text[at : at + 1] not in self._firsts:
            return ""
        for n, group in self._groups:
            piece = text[at : at + n]
            if len(piece) == n and piece in group:
                return piece
        return ""

    def suffix(self, text: str) -> str:
        """The longest word ending ``text``, else ``""``."""
        if text[-1:] not in self._lasts:
            return ""
        for n, group in self._groups:
            if len(text) >= n and text[-n:] in group:
                return text[-n:]
        return ""

    def __contains__(self, word: str) -> bool:
        return word in self.words


def labelled(section: dict[str, list[str]]) -> dict[str, str]:
    """``{label: [words]}`` of the vocabulary as ``{word: label}``."""
    return {word: label for label, words in section.items() for word in words}


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, str]:
    """The jieba dictionary's word → part-of-speech table (read once; no tagging model runs)."""
    import jieba.posseg

    from coopetition.text.segment import get_tokenizer

    return jieba.posseg.POSTokenizer(get_tokenizer()).word_tag_tab


def word_tag(word: str) -> str:
    """The dictionary part of speech of ``word`` (``n``, ``v``…), ``eng`` for Latin, and ``x`` for a word
    the dictionary does not tag (a domain word such as 拼多多, as jieba's own tagger gives it)."""
    if not word:
        return ""
    if word.isascii() and word.isalnum():
        return "eng"
    return _dictionary().get(word, "x")


@lru_cache(maxsize=1)
def _cutter():
    """The segmenter's cut function: jieba-rs when installed (as the package segments), else jieba."""
    from coopetition.text import segment

    if segment.default_segmenter() == "rjieba":
        tokenizer = segment.get_fast_tokenizer()
        return lambda text: tokenizer.cut(text, True)
    tokenizer = segment.get_tokenizer()
    return lambda text: tokenizer.lcut(text, HMM=True)


@lru_cache(maxsize=65_536)
def words_of(text: str) -> tuple[str, ...]:
    """The words of a short phrase as the package's segmenter cuts them (no tagging)."""
    return tuple(_cutter()(text)) if text else ()


def last_word(text: str) -> str:
    """The last word of ``text`` as the segmenter cuts it, else ``""``."""
    words = words_of(text)
    return words[-1] if words else ""


def first_word(text: str) -> str:
    """The first word of ``text`` as the segmenter cuts it, else ``""``."""
    words = words_of(text)
    return words[0] if words else ""

"""The scanning machinery of the furniture features (:mod:`coopetition.text.furniture_features`).

What :func:`~coopetition.text.furniture_features.line_features` counts is specified by per-line
regexes (``_HAN_RE`` … ``_LATIN_WORD_RE``) and the word lists of ``data/furniture_words.toml``;
this module holds those, and the fast forms they are computed by: a table of character-class
bits per code point (built once per process from the very regexes), twins of the regexes that
run once over the lines joined by ``"\n"`` without crossing a line break, and the helpers that
turn matches and runs of code points into per-line counts. Moved out of ``furniture_features``
unchanged (outputs identical), so that module holds the features themselves.
"""

from __future__ import annotations

import math
import re
import tomllib
from functools import lru_cache

import numpy as np

from coopetition._data import read_text
from coopetition.text.charset import CJK
from coopetition.text.patterns import alternation

WORDS_FILE = "furniture_words.toml"


def _words(spec: dict, key: str) -> re.Pattern:
    words = spec.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"{WORDS_FILE}: '{key}' must be a non-empty list of words")
    return re.compile(alternation(words))


def _load_words() -> dict:
    try:
        return tomllib.loads(read_text(WORDS_FILE))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{WORDS_FILE} is not valid TOML: {exc}") from None


_SPEC = _load_words()
_CREDIT_WORDS_RE = _words(_SPEC, "credit_words")
_WIDGET_WORDS_RE = _words(_SPEC, "widget_words")
_NAV_WORDS_RE = _words(_SPEC, "nav_words")
_NOTICE_WORDS_RE = _words(_SPEC, "notice_words")
_CREDIT_LABEL_RE = re.compile(
    r"^[(\[【▲■●]?\s{0,2}(?:" + _words(_SPEC, "credit_labels").pattern + r")\s{0,2}(?:[|丨/:]|\s)"
)
_LEADING_CREDIT_RE = re.compile(_SPEC.get("one_line", {}).get("leading_credit", "(?!)"))

_HAN_RE = re.compile(f"[{CJK}]")
_DIGIT_RE = re.compile(r"[0-9]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_PUNCT_RE = re.compile(r"[^\w\s]")
_DATE_RE = re.compile(r"(?:19|20)\d{2}\s{0,2}[-/.年]\s{0,2}\d{1,2}\s{0,2}[-/.月]\s{0,2}\d{1,2}|\d{1,2}月\d{1,2}日")
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_SENTENCE_END_RE = re.compile(r"(?:[。!?;…]|(?<=[a-z]{2})\.)[”’\"'」』)\]】》]*$")
_SENTENCE_MARK_RE = re.compile(r"[。!?;]")
_COMMA_RE = re.compile(r"[,、]")
_SEPARATOR_RE = re.compile(r"[|丨·>»›/]|\s-\s")
_LINK_RE = re.compile(
    r"https?:|www\.|\.(?:com|cn|net|org|hk|tw|html?|jpe?g|png|gif|webp)\b|@\w|ID\s?:|微信号|公众号", re.I
)
_BRACKET_CREDIT_RE = re.compile(r"^[(\[【][^()\[\]【】]{1,20}[)\]】]")
_COUNTER_RE = re.compile(r"(?:^|\s)\d{1,7}(?=\s|$)")
_QUOTE_RE = re.compile(r"[“”「」\"]")
_ELLIPSIS_RE = re.compile(r"(?:\.{3,}|…+)$")
_TOKEN_RE = re.compile(r"\S+")
_TRAILING_ID_RE = re.compile(r"\d{5,}$")
_TABLE_ROW_RE = re.compile(r"^\|.*\|.*\||^[^|]{1,30}(?:\|[^|]{1,30}){2,}\|$")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _line_starts(lines: list[str]) -> np.ndarray:
    """The offset of each line in ``"\n".join(lines)``."""
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, lines[:-1]), np.int64, len(lines) - 1) + 1, out=starts[1:])
    return starts


# --- the fast path: one pass over the code points, one scan of the joined lines per regex -------
#
# Every regex above that ``line_features`` runs on one line has a twin below run once
# over the lines joined by "\n" (``re.M``: ``^``/``$`` at each line's edges). A twin never
# crosses a line break (``\s`` became ``[^\S\n]``, a negated class also excludes "\n"), and
# at a line edge its lookarounds see "\n" where the line alone sees nothing, which they
# treat alike (not a digit, not a letter, not a word character). So each line gets the
# matches it gets alone; a match is assigned to the line it starts in.

#: ``_DATE_RE``'s branches apart (a line holds a match of ``A|B`` iff it holds one of ``A`` or of ``B``): the full
#: date, and the month and day found from a literal ``月`` (fast), the digit before it read off the code points
_MULTI_YEAR_DATE_RE = re.compile(
    r"(?:19|20)\d{2}[^\S\n]{0,2}[-/.年][^\S\n]{0,2}\d{1,2}[^\S\n]{0,2}[-/.月][^\S\n]{0,2}\d{1,2}"
)
_MONTH_DAY_RE = re.compile(r"月\d{1,2}日")
_MULTI_TIME_RE = re.compile(_TIME_RE.pattern)
_MULTI_SEPARATOR_RE = re.compile(r"[|丨·>»›/]|[^\S\n]-[^\S\n]")
_MULTI_LINK_RE = re.compile(
    r"https?:|www\.|\.(?:com|cn|net|org|hk|tw|html?|jpe?g|png|gif|webp)\b|@\w|ID[^\S\n]?:|微信号|公众号", re.I
)
#: ``_MULTI_LINK_RE`` in lower case, without ``re.I``: run on text whose A-Z are lowered (:func:`_link_counts`)
_MULTI_LINK_LOWER_RE = re.compile(
    r"https?:|www\.|\.(?:com|cn|net|org|hk|tw|html?|jpe?g|png|gif|webp)\b|@\w|id[^\S\n]?:|微信号|公众号"
)
_MULTI_BRACKET_CREDIT_RE = re.compile(r"^[(\[【][^()\[\]【】\n]{1,20}[)\]】]", re.M)
_MULTI_CREDIT_LABEL_RE = re.compile(
    r"^[(\[【▲■●]?[^\S\n]{0,2}(?:" + _words(_SPEC, "credit_labels").pattern + r")[^\S\n]{0,2}(?:[|丨/:]|[^\S\n])", re.M
)
_MULTI_TABLE_ROW_RE = re.compile(r"^\|.*\|.*\||^[^|\n]{1,30}(?:\|[^|\n]{1,30}){2,}\|$", re.M)

#: ``_SENTENCE_END_RE``: the marks that end a sentence (besides a dot after two small letters), and the closing quotes and brackets after them
_SENTENCE_END_MARKS = "。!?;…"
_SENTENCE_CLOSERS = "”’\"'」』)]】》"
#: the characters a credit label line (``_CREDIT_LABEL_RE``) can start with, besides a space
_CREDIT_LABEL_FIRST = sorted({ord(c) for c in "([【▲■●"} | {ord(w[0]) for w in _SPEC["credit_labels"]})

#: bits of :func:`_char_classes`: the character classes features count, then the
#: characters a line must hold (or start or end with) for a regex to match in it
(
    _HAN,
    _DIGIT,
    _LATIN,
    _PUNCT,
    _SPACE,
    _MARK,
    _COMMA,
    _QUOTE,
    _UDIGIT,
    _COLON,
    _SEPARATOR_CHAR,
    _LINK_CHAR,
    _PIPE,
    _BRACKET_OPEN,
    _CREDIT_LABEL_CHAR,
    _CREDIT_WORD_CHAR,
    _WIDGET_WORD_CHAR,
    _NAV_WORD_CHAR,
    _NOTICE_WORD_CHAR,
    _CLOSER,
    _END_MARK,
    _TOKEN_START,
    _TOKEN_CHAR,
    _FOLDS_TO_ASCII,
) = (1 << k for k in range(24))
#: the bytes of a class code that hold the classes (24 bits; _TOKEN_START and _TOKEN_CHAR are set per text)
_CLASS_BYTES = 3

#: characters whose class regexes hold no escape or range a literal reading misses
_LITERAL_SETS = (
    (_COLON, ":"),
    (_SEPARATOR_CHAR, "|丨·>»›/-"),  # ``_SEPARATOR_RE``: one of these, or " - "
    (_LINK_CHAR, ":.@微公"),  # ``_LINK_RE``: every branch holds one (``ID\s?:``, ``www\.``, ``@\w``, ``微信号``…)
    (_PIPE, "|"),
    (_BRACKET_OPEN, "([【"),
    (_CREDIT_LABEL_CHAR, "".join(map(chr, _CREDIT_LABEL_FIRST))),
    (_CREDIT_WORD_CHAR, "".join(w[0] for w in _SPEC["credit_words"])),
    (_WIDGET_WORD_CHAR, "".join(w[0] for w in _SPEC["widget_words"])),
    (_NAV_WORD_CHAR, "".join(w[0] for w in _SPEC["nav_words"])),
    (_NOTICE_WORD_CHAR, "".join(w[0] for w in _SPEC["notice_words"])),
    (_CLOSER, _SENTENCE_CLOSERS),
    (_END_MARK, _SENTENCE_END_MARKS),
)


@lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """Class bits per code point (0 to 0x10FFFF). The classes are read off the very
    regexes the per-line features use (``[^\\w\\s]``, ``\\s``, ``\\d``, the CJK
    blocks over every code point; ``[0-9]``, ``[,、]``… over ASCII and their own
    characters), so a lookup counts what they count. Built once per process."""
    table = np.zeros(0x110000, dtype=np.uint32)
    everything = "".join(map(chr, range(0x110000)))
    ascii_chars = "".join(map(chr, range(128)))

    def mark(bit: int, pattern: str, universe: str) -> None:
        # the matched characters of the universe become NUL; NUL itself is decided by the regex alone
        marked = re.sub(pattern, "\0", universe).encode("utf-32-le", "surrogatepass")
        hit = np.frombuffer(marked, dtype=np.uint32) == 0
        hit[np.frombuffer(universe.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 0] = (
            re.fullmatch(pattern, "\0") is not None
        )
        table[np.frombuffer(universe.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)[hit]] |= bit

    for bit, pattern in ((_HAN, _HAN_RE.pattern), (_PUNCT, _PUNCT_RE.pattern), (_SPACE, r"\s"), (_UDIGIT, r"\d")):
        mark(bit, pattern, everything)
    mark(_FOLDS_TO_ASCII, "(?i)[a-z]", everything[128:])  # İ ı ſ K: what a case-insensitive ASCII letter also matches
    for bit, regex in (
        (_DIGIT, _DIGIT_RE),
        (_LATIN, _LATIN_RE),
        (_MARK, _SENTENCE_MARK_RE),
        (_COMMA, _COMMA_RE),
        (_QUOTE, _QUOTE_RE),
    ):
        mark(bit, regex.pattern, ascii_chars + regex.pattern)
    for bit, chars in _LITERAL_SETS:
        table[[ord(c) for c in chars]] |= bit
    return table


#: log1p of small counts, computed by :func:`math.log1p` (NumPy's may differ in the last bit)
_LOG1P = np.array([math.log1p(k) for k in range(4096)])


def _log1p(counts: np.ndarray) -> np.ndarray:
    if not counts.size or counts.max() < len(_LOG1P):
        return _LOG1P[counts]
    return np.array([math.log1p(k) for k in counts.ravel().tolist()]).reshape(counts.shape)


def _match_counts(pattern: re.Pattern, text: str, starts: np.ndarray) -> np.ndarray:
    """How many matches of ``pattern`` start in each line of the joined text."""
    found = [m.start() for m in pattern.finditer(text)]
    if not found:
        return np.zeros(len(starts), dtype=np.int64)
    return np.bincount(np.searchsorted(starts, found, side="right") - 1, minlength=len(starts))


def _counts_where(
    pattern: re.Pattern, lines: list[str], text: str, starts: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """:func:`_match_counts`, scanning only the ``candidates`` lines (a mask that holds
    every line a match can start in: a condition every match's line meets), joined alone."""
    picked = np.flatnonzero(candidates)
    if 2 * len(picked) >= len(lines):  # most lines: joining the few others out costs more than it saves
        return _match_counts(pattern, text, starts)
    out = np.zeros(len(lines), dtype=np.int64)
    if len(picked):
        subset = [lines[i] for i in picked.tolist()]
        out[picked] = _match_counts(pattern, "\n".join(subset), _line_starts(subset))
    return out


def _link_counts(
    lines: list[str], text: str, points: np.ndarray, starts: np.ndarray, candidates: np.ndarray, folds: bool
) -> np.ndarray:
    """Per line, the matches of ``_MULTI_LINK_RE`` (``re.I``): unless the text holds a character outside ASCII that
    an ASCII letter matches under ``re.I`` (``folds``), those of its lower-case twin in the text with A-Z lowered
    (the same offsets; without ``re.I``, a search starts only at the characters a match can start with)."""
    if folds:
        return _counts_where(_MULTI_LINK_RE, lines, text, starts, candidates)
    upper = (points >= ord("A")) & (points <= ord("Z"))
    if upper.any():
        lowered = np.where(upper, points + np.uint32(32), points).astype("<u4")
        text = lowered.tobytes().decode("utf-32-le", "surrogatepass")
        lines = text.split("\n")
    return _counts_where(_MULTI_LINK_LOWER_RE, lines, text, starts, candidates)


def _small_latin(points: np.ndarray) -> np.ndarray:
    return (points >= ord("a")) & (points <= ord("z"))


def _runs_per_line(
    member: np.ndarray, classes: np.ndarray, line_of: np.ndarray, n: int, keep, *, edges: bool
) -> np.ndarray:
    """Per line, how many maximal runs of ``member`` code points have a size ``keep``
    accepts (and, with ``edges``, a space or the text's edge on each side: the
    joining "\n" is a space, so a line's edge counts as one)."""
    before, after = np.zeros_like(member), np.zeros_like(member)
    before[1:], after[:-1] = member[:-1], member[1:]
    begins, ends = np.flatnonzero(member & ~before), np.flatnonzero(member & ~after) + 1  # a run is [begin, end)
    ok = keep(ends - begins)
    if edges:
        space = (classes & _SPACE) != 0
        ok &= (begins == 0) | space[np.maximum(begins - 1, 0)]
        ok &= (ends == len(member)) | space[np.minimum(ends, len(member) - 1)]
    return np.bincount(line_of[begins[ok]], minlength=n)


def _month_day_lines(text: str, starts: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Per line, whether ``\\d{1,2}月\\d{1,2}日`` matches in it: a ``月\\d{1,2}日`` after a ``\\d`` (class table bit)."""
    hits = np.zeros(len(starts), dtype=bool)
    if "月" not in text:
        return hits
    found = np.array([m.start() for m in _MONTH_DAY_RE.finditer(text)], dtype=np.int64)
    found = found[(found > 0) & ((classes[np.maximum(found - 1, 0)] & _UDIGIT) != 0)]
    hits[np.searchsorted(starts, found, side="right") - 1] = True
    return hits


def _inline_hits(lines: list[str], text: str, pattern: re.Pattern | None) -> np.ndarray:
    """1.0 for each line ``pattern`` (the inline credit rules) finds something in: only lines
    holding one of its required texts (:func:`~coopetition.text.clean.required_texts`) are searched."""
    hits = np.zeros(len(lines))
    if pattern is None:
        return hits
    from coopetition.text.clean import holds_one, required_texts

    needs = required_texts(pattern)
    if not holds_one(text, needs):
        return hits
    for i, line in enumerate(lines):
        if holds_one(line, needs) and pattern.search(line):
            hits[i] = 1.0
    return hits

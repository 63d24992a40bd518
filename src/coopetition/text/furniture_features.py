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
it is specified by (``_HAN_RE`` … ``_TITLEISH_RE`` below), without a Python loop
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
import tomllib
from collections import Counter
from functools import lru_cache

import numpy as np

from coopetition._data import read_text
from coopetition.text.charset import CJK

__all__ = ["BASE_FEATURES", "FEATURES", "WORDS_FILE", "line_features"]

WORDS_FILE = "furniture_words.toml"


def _words(spec: dict, key: str) -> re.Pattern:
    words = spec.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"{WORDS_FILE}: '{key}' must be a non-empty list of words")
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


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
#: a line that may be a headline: 8-60 characters, no sentence end
_TITLEISH_RE = re.compile(r"^.{8,60}$")
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


def _line_starts(lines: list[str]) -> np.ndarray:
    """The offset of each line in ``"\n".join(lines)``."""
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, lines[:-1]), np.int64, len(lines) - 1) + 1, out=starts[1:])
    return starts


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
        ~ends & (lengths >= 8) & (lengths <= 60) & (base[:, column("log_separators")] <= math.log1p(1))
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

"""Segmentation: sentences and content tokens.

``tokenize`` segments text with jieba's algorithm and one dictionary: jieba's
main dictionary, the package's domain words (``data/userdict.txt``, with
their frequency floors) and the Chinese aliases of ``data/actors.csv``; it
then drops stopwords (``data/stopwords.txt``), punctuation and bare numbers.

Two backends run that algorithm on that dictionary:

- ``"rjieba"`` (the default when installed): jieba-rs, jieba's algorithm
  compiled, through the ``rjieba`` binding. Its dictionary is the copy of
  jieba's ``dict.txt`` bundled in jieba-rs (the same 349,046 words, each with
  the same frequency and tag as jieba's own file: ``tests/test_segmenter_agreement.py``
  checks every entry), loaded in Rust in a tenth of a second instead of half a
  second word by word; then the domain words are added exactly as on the jieba path. Two places where jieba-rs
  differs from jieba are mended: it keeps a run of Latin letters, digits and
  ``. _ - % + # &`` whole (``news.qq.com``) where jieba splits it
  (``news/./qq/./com``), and it segments Han characters beyond jieba's range
  (CJK extensions, U+9FD6 on) as words where jieba gives each alone. So the
  two backends give the same tokens: ``tests/test_segmenter_agreement.py``
  measures it on both corpora and on random strings of tricky characters.
- ``"jieba"``: the pure-Python reference, jieba 0.42.

``COOPETITION_SEGMENTER=jieba`` (or ``rjieba``) chooses the process-wide
default; every function that segments also takes ``segmenter=``.

Each backend is built lazily, once per process, from the packaged files, so
the dictionary takes effect in every process, including worker processes
started after the parent loaded jieba (a user dictionary added to jieba's
global tokenizer at run time does not travel to ``spawn``-ed workers), and on
Dask workers. jieba's prefix-dictionary cache is written under
:func:`coopetition.paths.cache_dir`, not to a shared ``/tmp`` file.

Tokens keep the case they were written in (``TEMU``, ``Temu``);
:func:`term_key` is the folded key statistics count by (see
:func:`coopetition.measures.stats.fold_case`).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.util import find_spec
from itertools import compress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

from coopetition import paths
from coopetition._check import require_text
from coopetition._data import data_lines

__all__ = [
    "tokenize",
    "segment",
    "document_tokens",
    "split_sentences",
    "get_tokenizer",
    "get_fast_tokenizer",
    "default_segmenter",
    "domain_frequencies",
    "stopwords",
    "user_words",
    "is_content_token",
    "term_key",
    "term_keys",
    "SEGMENTERS",
    "SEGMENTER_ENV",
]

#: whether jieba-rs is installed (found without importing it: each backend is imported on first use)
_HAVE_RJIEBA = find_spec("rjieba") is not None


@lru_cache(maxsize=1)
def _jieba():
    """The ``jieba`` module, imported on first use (a process that only reads
    cached tokens never pays for it)."""
    with warnings.catch_warnings():  # jieba 0.42.1 imports the deprecated pkg_resources when setuptools is present
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)  # its DEBUG lines carry timings: they would make notebook output vary
    return jieba


#: the backends, fastest first
SEGMENTERS = ("rjieba", "jieba")
#: environment variable that chooses the default backend
SEGMENTER_ENV = "COOPETITION_SEGMENTER"

#: a sentence ends at 。！？!?；; or an ellipsis, together with closing quotes or brackets
_SENTENCE_RE = re.compile(r"[^。！？!?；;…\n]*(?:(?:[。！？!?；;]|…+)+[”’」』）)\]】》\"']*|\n|$)")
#: a bare number or an amount with no noun: 3,000 / 13.85 / 一二三 / 亿元 / 百万 / 2024年
_NUMBER_RE = re.compile(r"^[+\-]?[\d.,%〇零一二三四五六七八九十百千万亿两元倍年月日号]+$")
_LATIN_ONE_RE = re.compile(r"^[A-Za-z]$")
#: a token jieba-rs keeps whole but jieba splits: Latin letters and digits joined by . _ - % + # &
_JOINED_LATIN_RE = re.compile(r"[A-Za-z0-9+#&._%\-]*[+#&._%\-][A-Za-z0-9+#&._%\-]*")
#: how jieba splits such a run (``re_skip`` of ``jieba.finalseg``): words, decimals, percentages
_JIEBA_SKIP_RE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")

#: Han characters jieba-rs segments as words but jieba does not (jieba's Han class stops at
#: U+9FD5): CJK extensions A and B-G, the newest unified ideographs, compatibility ideographs.
#: jieba gives each one as a token of its own, so the jieba-rs path cuts the text around them.
_BEYOND_JIEBA_HAN_RE = re.compile("([\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003134f])")

#: frequency floor for a domain word listed without one. jieba's own dictionary
#: gives 微信 a frequency of 0 and 淘宝 3, so a bare entry loses to 信封 (412) in
#: 微信封禁 → 微/信封/禁; 1,000 ranks domain words with common words such as 禁.
MIN_FREQ = 1000

_lock = threading.Lock()
_tokenizer: "jieba.Tokenizer | None" = None
_fast_tokenizer = None
#: the (word, frequency) each backend gave the domain words, for the agreement test
_domain_freqs: dict[str, tuple[tuple[str, int], ...]] = {}


@lru_cache(maxsize=1)
def _domain_words() -> tuple[tuple[str, int | None, str | None], ...]:
    """Domain dictionary entries plus the Chinese actor aliases, as (word, freq, tag)."""
    from coopetition.text.actors import actor_aliases

    entries = []
    for line in data_lines("userdict.txt"):
        word, *rest = line.split()
        entries.append((word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None))
    listed = {word for word, _, _ in entries}
    entries += [(alias, None, None) for alias in actor_aliases() if not alias.isascii() and alias not in listed]
    return tuple(entries)


def user_words() -> tuple[str, ...]:
    """The words of the packaged domain dictionary (and the actor aliases)."""
    return tuple(word for word, _, _ in _domain_words())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The packaged stopword list."""
    return frozenset(data_lines("stopwords.txt"))


def default_segmenter() -> str:
    """The backend used when none is named: ``$COOPETITION_SEGMENTER``, else
    ``"rjieba"`` when it is installed, else ``"jieba"``.

    Raises:
        ValueError: when the variable names no backend, or names ``rjieba``
            and it is not installed.
    """
    return _resolve(None)


def _resolve(segmenter: str | None) -> str:
    if segmenter is None:
        segmenter = os.environ.get(SEGMENTER_ENV, "").strip().lower() or ("rjieba" if _HAVE_RJIEBA else "jieba")
        where = f"{SEGMENTER_ENV}={segmenter!r}"
    else:
        where = f"segmenter={segmenter!r}"
    if segmenter not in SEGMENTERS:
        raise ValueError(f"{where}: the segmenter must be one of {', '.join(SEGMENTERS)}")
    if segmenter == "rjieba" and not _HAVE_RJIEBA:
        raise ValueError(f"{where}: rjieba is not installed (pip install rjieba), use segmenter='jieba'")
    return segmenter


def _add_domain_words(add_word: Callable, suggest_freq: Callable[[str], int]) -> tuple[tuple[str, int], ...]:
    """Add the domain words to a tokenizer, each at ``max(suggested, MIN_FREQ)``
    unless the file gives a frequency; return the (word, frequency) pairs."""
    added = []
    for word, freq, tag in _domain_words():
        freq = freq or max(suggest_freq(word), MIN_FREQ)
        add_word(word, freq, tag)
        added.append((word, freq))
    return tuple(added)


def get_tokenizer() -> jieba.Tokenizer:
    """This process's pure-Python jieba tokenizer, with the domain dictionary loaded.

    Built on first use from the packaged files, so every process has the
    domain words: a spawned worker builds its own, a forked worker inherits
    the parent's finished tokenizer (it is published only once complete).
    """
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            tokenizer = _jieba().Tokenizer()
            cache = paths.cache_dir() / "jieba"
            cache.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(cache)
            tokenizer.initialize()
            _domain_freqs["jieba"] = _add_domain_words(
                tokenizer.add_word, lambda word: tokenizer.suggest_freq(word, False)
            )
            _tokenizer = tokenizer
        return _tokenizer


def _jieba_dictionary() -> Iterable[tuple[str, int, str | None]]:
    """Entries of jieba's main dictionary (its packaged ``dict.txt``) as (word, freq, tag)."""
    with _jieba().Tokenizer().get_dict_file() as handle:
        for line in handle:
            word, freq, *tag = line.decode("utf-8").split()
            yield word, int(freq), tag[0] if tag else None


def get_fast_tokenizer():
    """This process's jieba-rs tokenizer (``rjieba.Jieba``) with exactly the
    dictionary of :func:`get_tokenizer`: jieba's ``dict.txt`` plus the domain words.

    Built on first use, like :func:`get_tokenizer` (about half a second).

    Raises:
        ValueError: when rjieba is not installed.
    """
    global _fast_tokenizer
    _resolve("rjieba")
    with _lock:
        if _fast_tokenizer is None:
            import rjieba

            tokenizer = rjieba.Jieba()  # jieba-rs's copy of jieba's dict.txt, built in Rust
            _domain_freqs["rjieba"] = _add_domain_words(tokenizer.add_word, tokenizer.suggest_freq)
            _fast_tokenizer = tokenizer
        return _fast_tokenizer


def domain_frequencies(segmenter: str | None = None) -> dict[str, int]:
    """The frequency each domain word was given in a backend's dictionary
    (the same on both backends: the agreement test checks it)."""
    segmenter = _resolve(segmenter)
    (get_fast_tokenizer if segmenter == "rjieba" else get_tokenizer)()
    return dict(_domain_freqs[segmenter])


def _jieba_parts(word: str, tokenizer) -> tuple[str, ...] | None:
    """The pieces jieba cuts a jieba-rs token into, or None when jieba keeps it whole.

    jieba-rs keeps a run of Latin letters and digits joined by ``. _ - % + # &``
    whole (``news.qq.com``, ``80-100``); jieba splits it into ``re_skip`` pieces
    (words, decimals, percentages) unless its dictionary lists the run (``C++``).
    """
    if _JOINED_LATIN_RE.fullmatch(word) and not tokenizer.has_word(word):
        parts = tuple(part for part in _JIEBA_SKIP_RE.split(word) if part)
        return parts if parts != (word,) else None
    return None


#: what a token type's code in :class:`_TypeTable` says: leave it out, keep it, replace it
#: by jieba's pieces, or not seen yet (the lookup's default)
_DROP, _KEEP, _SPLIT, _NEW = 0, 1, 2, 3
_SPLIT_MARK, _NEW_MARK = bytes([_SPLIT]), bytes([_NEW])


class _Codes(dict):
    """Token type -> code; a type not seen yet reads :data:`_NEW` (and is not stored)."""

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        return _NEW


class _TypeTable:
    """Decisions per token type, made once: ``code`` maps each type seen to
    :data:`_DROP`, :data:`_KEEP` or :data:`_SPLIT`, and ``split`` the types to
    split to their pieces (themselves decided in ``code``)."""

    __slots__ = ("code", "split")

    def __init__(self) -> None:
        self.code: dict[str, int] = _Codes()
        self.split: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.code)

    def codes(self, words: list[str]) -> bytes:
        """The code of each word, :data:`_NEW` for a type not seen yet: one hash lookup per
        token, in C, into bytes (so a code is found by ``in``, a memchr, not a loop)."""
        return bytes(map(self.code.__getitem__, words))


#: per (backend, ``min_len``; None for every word): the decisions on the token types seen so far
_tables: dict[tuple, _TypeTable] = {}
#: types a table holds before it starts afresh (about 50 MB): memory stays bounded on any stream
_MAX_TYPES = 500_000


def _splice(words: list[str], codes: bytes, split: dict[str, tuple[str, ...]]) -> list[str]:
    """``words`` with each token coded :data:`_SPLIT` replaced by its pieces."""
    out: list[str] = []
    start = 0
    for at in compress(range(len(words)), map(_SPLIT.__eq__, codes)):
        out += words[start:at]
        out += split[words[at]]
        start = at + 1
    out += words[start:]
    return out


def _decided(words: list[str], kind: tuple, split_of: Callable | None, counts: Callable | None) -> list[str]:
    """``words`` with jieba-rs runs split as jieba splits them (``split_of``) and only
    the tokens that count kept (``counts``; None keeps every word).

    Each new token type is decided once in Python. Per token, the work is one
    hash lookup, done in C (:meth:`_TypeTable.codes`); a byte search says whether
    a type is new or to be split, and ``compress`` keeps the tokens coded
    :data:`_KEEP` with no further lookup.
    """
    table = _tables.get(kind)
    if table is None or len(table) > _MAX_TYPES:  # a fresh table (also a bound for endless streams of new words)
        table = _tables[kind] = _TypeTable()  # replaced, not cleared: another thread may be reading the old one
    codes = table.codes(words)
    if _NEW_MARK in codes:  # new types (after the first articles, rarely many)
        for word in {w for w, c in zip(words, codes) if c == _NEW}:
            parts = split_of(word) if split_of is not None else None
            if parts:
                table.split[word] = parts
                table.code[word] = _SPLIT
            for part in parts or (word,):
                table.code.setdefault(part, _KEEP if counts is None or counts(part) else _DROP)
        codes = table.codes(words)
    if _SPLIT_MARK in codes:
        words = _splice(words, codes, table.split)
        codes = table.codes(words)
    return words if counts is None else list(compress(words, codes))


def segment(text: str, *, segmenter: str | None = None) -> list[str]:
    """Every word of ``text``, spaces and punctuation included, as ``jieba.lcut`` gives them.

    Args:
        text: any text.
        segmenter: ``"rjieba"`` or ``"jieba"``; default :func:`default_segmenter`.

    Returns:
        The words in text order; joined, they give back ``text``.

    Example:
        >>> segment("微信封禁 news.qq.com")
        ['微信', '封禁', ' ', 'news', '.', 'qq', '.', 'com']
    """
    return _segment(text, _resolve(segmenter), None)


def _segment(text: str, segmenter: str, min_len: int | None) -> list[str]:
    """Every word (``min_len`` None) or the content tokens of at least ``min_len`` characters."""
    require_text(text, "text")
    counts = None if min_len is None else (lambda word: is_content_token(word, min_len=min_len))
    if segmenter == "jieba":
        words = get_tokenizer().lcut(text, HMM=True)
        return words if counts is None else _decided(words, ("jieba", min_len), None, counts)
    tokenizer = get_fast_tokenizer()
    return _decided(_fast_cut(text, tokenizer), ("rjieba", min_len), lambda word: _jieba_parts(word, tokenizer), counts)


def _fast_cut(text: str, tokenizer) -> list[str]:
    """jieba-rs's words, with the Han characters beyond jieba's range
    (:data:`_BEYOND_JIEBA_HAN_RE`) cut out as single tokens, as jieba gives them."""
    if _BEYOND_JIEBA_HAN_RE.search(text) is None:
        return tokenizer.cut(text, True)
    words: list[str] = []
    for at, piece in enumerate(_BEYOND_JIEBA_HAN_RE.split(text)):
        if at % 2:  # a captured character
            words.append(piece)
        elif piece:
            words += tokenizer.cut(piece, True)
    return words


@lru_cache(maxsize=500_000)
def is_content_token(token: str, *, min_len: int = 2) -> bool:
    """True for a token worth counting: not a stopword, punctuation, space,
    bare number or amount (Arabic or Chinese numerals, 亿元, 2024年) or lone Latin letter, and at
    least ``min_len`` characters long."""
    token = token.strip()
    if len(token) < min_len or token in stopwords():
        return False
    if _NUMBER_RE.match(token) or _LATIN_ONE_RE.match(token):
        return False
    return any(unicodedata.category(ch)[0] in "LN" for ch in token) and not all(
        unicodedata.category(ch)[0] == "N" or ch in ".,%" for ch in token
    )


def tokenize(text: str, *, min_len: int = 2, keep_stopwords: bool = False, segmenter: str | None = None) -> list[str]:
    """Segment text with the domain dictionary; return content tokens.

    Args:
        text: cleaned, simplified text (see :func:`coopetition.clean_text`).
        min_len: shortest token kept, in characters (2 drops single-character
            words such as 说, 店, 网, which carry little on their own).
        keep_stopwords: return every non-space token instead (for tone cues).
        segmenter: ``"rjieba"`` or ``"jieba"``; default :func:`default_segmenter`
            (both give the same tokens).

    Returns:
        Tokens in text order, in the case they were written.

    Example:
        >>> tokenize("微信小店承接交易,视频号制造增量")
        ['微信小店', '承接', '交易', '视频号', '制造', '增量']
    """
    segmenter = _resolve(segmenter)
    if keep_stopwords:
        return list(filter(str.strip, _segment(text, segmenter, None)))
    return _segment(text, segmenter, min_len)


def term_key(term: str) -> str:
    """The key a term is counted by: Latin letters case-folded (``TEMU``,
    ``Temu`` and ``temu`` are one term); Chinese is unchanged.

    Example:
        >>> term_key("TikTok电商")
        'tiktok电商'
    """
    return require_text(term, "term").lower()


def term_keys(terms: Iterable[str]) -> list[str]:
    """:func:`term_key` of each term, with one ``lower`` over the terms joined by line
    breaks (a term never holds one; if one does, term by term).

    Example:
        >>> term_keys(["TEMU", "京东"])
        ['temu', '京东']
    """
    terms = list(terms)
    try:
        keys = "\n".join(terms).lower().split("\n")
    except TypeError:  # not all str: term_key names the culprit
        keys = []
    return keys if len(keys) == len(terms) else [term_key(term) for term in terms]


def document_tokens(text: str, *, cache: bool = True, segmenter: str | None = None) -> list[str]:
    """:func:`tokenize` for a whole article, served from the article cache
    (:mod:`coopetition.cache`) when the same text was tokenised before;
    ``cache=False`` bypasses it."""
    from coopetition.cache import memo

    segmenter = _resolve(segmenter)
    return memo(f"tokens-{segmenter}", text, lambda: tokenize(text, segmenter=segmenter), use=cache)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at 。！？!?；; ellipses and line breaks.

    Closing quotes and brackets stay with the sentence they close; a ``?``
    inside ``www.x.com/?a`` is rare enough in news text to be ignored.

    Example:
        >>> split_sentences("合作终止。“你中有我”的竞合关系?\\n结语")
        ['合作终止。', '“你中有我”的竞合关系?', '结语']
    """
    sentences = (m.group().strip() for m in _SENTENCE_RE.finditer(text))
    return [s for s in sentences if s and any(unicodedata.category(ch)[0] in "LN" for ch in s)]

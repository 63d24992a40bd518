"""Segmentation: sentences and content tokens.

``tokenize`` runs jieba with the package's domain dictionary
(``data/userdict.txt`` plus the Chinese aliases of ``data/actors.csv``) and drops stopwords (``data/stopwords.txt``),
punctuation and bare numbers. The jieba tokenizer is built lazily, once per
process, from the packaged files, so the dictionary takes effect in every
process, including worker processes started after the parent loaded jieba
(a user dictionary added to jieba's global tokenizer at run time does not
travel to ``spawn``-ed workers). jieba's prefix-dictionary cache is written
under :func:`coopetition.paths.cache_dir`, not to a shared ``/tmp`` file.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from functools import lru_cache


with warnings.catch_warnings():  # jieba 0.42.1 imports the deprecated pkg_resources when setuptools is present
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import jieba

from coopetition import paths
from coopetition._data import data_lines

__all__ = ["tokenize", "document_tokens", "split_sentences", "get_tokenizer", "stopwords", "user_words", "is_content_token"]

jieba.setLogLevel(logging.WARNING)  # its DEBUG lines carry timings: they would make notebook output vary

#: a sentence ends at 。！？!?；; or an ellipsis, together with closing quotes or brackets
_SENTENCE_RE = re.compile(r"[^。！？!?；;…\n]*(?:(?:[。！？!?；;]|…+)+[”’」』）)\]】》\"']*|\n|$)")
#: a bare number or an amount with no noun: 3,000 / 13.85 / 一二三 / 亿元 / 百万 / 2024年
_NUMBER_RE = re.compile(r"^[+\-]?[\d.,%〇零一二三四五六七八九十百千万亿两元倍年月日号]+$")
_LATIN_ONE_RE = re.compile(r"^[A-Za-z]$")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


#: frequency floor for a domain word listed without one. jieba's own dictionary
#: gives 微信 a frequency of 0 and 淘宝 3, so a bare entry loses to 信封 (412) in
#: 微信封禁 → 微/信封/禁; 1,000 ranks domain words with common words such as 禁.
MIN_FREQ = 1000


@lru_cache(maxsize=1)
def _domain_words() -> tuple[tuple[str, int | None, str | None], ...]:
    """Domain dictionary entries plus the Chinese actor aliases, as (word, freq, tag)."""
    from coopetition.actors import actor_aliases

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


def get_tokenizer() -> jieba.Tokenizer:
    """This process's jieba tokenizer, with the domain dictionary loaded.

    Built on first use from the packaged files, so every process has the
    domain words: a spawned worker builds its own, a forked worker inherits
    the parent's finished tokenizer (it is published only once complete).
    """
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            tokenizer = jieba.Tokenizer()
            cache = paths.cache_dir() / "jieba"
            cache.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(cache)
            tokenizer.initialize()
            for word, freq, tag in _domain_words():
                tokenizer.add_word(word, freq or max(tokenizer.suggest_freq(word, False), MIN_FREQ), tag)
            _tokenizer = tokenizer
        return _tokenizer


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


def tokenize(text: str, *, min_len: int = 2, keep_stopwords: bool = False) -> list[str]:
    """Segment text with jieba and the domain dictionary; return content tokens.

    Args:
        text: cleaned, simplified text (see :func:`coopetition.clean_text`).
        min_len: shortest token kept, in characters (2 drops single-character
            words such as 说, 店, 网, which carry little on their own).
        keep_stopwords: return every non-space token instead (for tone cues).

    Returns:
        Tokens in text order.

    Example:
        >>> tokenize("微信小店承接交易,视频号制造增量")
        ['微信小店', '承接', '交易', '视频号', '制造', '增量']
    """
    words = get_tokenizer().lcut(text, HMM=True)
    if keep_stopwords:
        return [w for w in words if w.strip()]
    return [w for w in words if is_content_token(w, min_len=min_len)]


def document_tokens(text: str, *, cache: bool = True) -> list[str]:
    """:func:`tokenize` for a whole article, served from the article cache
    (:mod:`coopetition.cache`) when the same text was tokenised before;
    ``cache=False`` bypasses it."""
    from coopetition.cache import memo

    return memo("tokens", text, lambda: tokenize(text), use=cache)


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

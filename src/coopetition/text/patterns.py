"""Regex alternations of word lists: one builder for "escape, longest first, join".

Every vocabulary search of the package (outlet suffixes, furniture words, actor aliases, firm
names, currency names, the cleaning's word tables) is a regex alternation of a word list. At a
given place the regex engine takes the first alternative that matches, not the longest, so a word
must come before every shorter word that starts it (``港元`` before ``港``) or the longer one is
never found there. Sorting by length, longest first, does that; ties are put in code-point order,
so the pattern is the same string on every run whatever order the words came in (a set's order
changes with the hash seed).

Example:
    >>> alternation(["元", "港元", "亿元", "元"])
    '亿元|港元|元'
    >>> alternation(["HK$", "US$", "$"])
    'HK\\\\$|US\\\\$|\\\\$'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["NEVER", "alternation", "longest_first"]

#: a pattern that matches nowhere: the alternation of no words
NEVER = "(?!)"


def longest_first(words: Iterable[str], *, what: str = "longest_first: words") -> list[str]:
    """The distinct ``words``, longest first, words of one length in code-point order.

    Args:
        words: the words: a list, tuple, set or other iterable of strings (not one string,
            which would be read as its characters).
        what: the caller and argument the errors name (``"kwic: terms"``).

    Raises:
        TypeError: ``words`` is one string (or bytes) or not iterable, or a word is not a string.
        ValueError: a word is empty (it would match everywhere).
    """
    if isinstance(words, str):
        raise TypeError(f"{what} must be a list of words, not one str ({words!r}): write [{words!r}]")
    if isinstance(words, bytes | bytearray):
        raise TypeError(
            f"{what} must be a list of words (str), not {type(words).__name__} ({words!r:.60}): "
            "decode it (.decode('utf-8')) and give a list of str"
        )
    try:
        listed = list(words)
    except TypeError:
        raise TypeError(f"{what} must be a list of words, not {type(words).__name__}") from None
    for word in listed:  # before the set: a list among the words would give a bare "unhashable type"
        if not isinstance(word, str):
            raise TypeError(f"{what}: each word must be a string, not {type(word).__name__} ({word!r})")
    distinct = set(listed)
    if "" in distinct:
        raise ValueError(f"{what}: an empty word would match everywhere; drop it from the list")
    return sorted(distinct, key=lambda w: (-len(w), w))


def alternation(words: Iterable[str], *, escape: bool = True, what: str = "alternation: words") -> str:
    """A regex alternation of ``words`` (:func:`longest_first`), each escaped as a literal by default.

    Args:
        words: the words (duplicates count once): an iterable of strings, not one string.
        escape: ``True`` (default) matches each word literally (``$``, ``.``, ``|`` mean
            themselves); ``False`` joins them as they are, for a list whose entries are
            patterns on purpose (their length then orders them, not what they match).
        what: the caller and argument the errors name (``"kwic: terms"``).

    Returns:
        ``a|b|…`` to embed in a larger pattern (wrap it in ``(?:…)`` before a quantifier
        or next to other text), or :data:`NEVER` when there are no words: an empty
        alternation would match everywhere.

    Raises:
        TypeError, ValueError: as :func:`longest_first`.
    """
    ordered = longest_first(words, what=what)
    if not ordered:
        return NEVER
    return "|".join(map(re.escape, ordered) if escape else ordered)

"""Near-duplicate articles: the same story syndicated on two sites, found with MinHash.

Each article's cleaned text is reduced to its characters that carry content
(CJK, letters, digits: punctuation and spacing differ between sites), cut into
overlapping character shingles, and summarised by a datasketch ``MinHash``
with a fixed seed. Candidate pairs come from ``MinHashLSH`` (so a large corpus
is never compared pair by pair) and are kept when their estimated Jaccard
similarity reaches the threshold. In each group of near-duplicates the
article with the smallest ``doc_id`` is kept; the others are flagged.

The corpus table carries the flag as ``duplicate_of`` (the ``doc_id`` of the
kept copy, ``""`` for every kept or unique article). To keep duplicates out
of statistics, pass ``load_corpus(..., drop_duplicates=True)`` or filter a
loaded table with :func:`without_duplicates`.

Example:
    >>> corpus = without_duplicates(load_corpus("crawl/"))  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coopetition._check import require_text
from coopetition.text.charset import CJK

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

__all__ = [
    "SHINGLE",
    "NUM_PERM",
    "SEED",
    "SCHEME",
    "THRESHOLD",
    "MAX_CHARS",
    "signature",
    "DuplicateIndex",
    "find_duplicates",
    "lsh_bands",
    "without_duplicates",
    "minhash_permutations",
]

#: characters per shingle: 5 CJK characters is about two words
SHINGLE = 5
#: permutations per MinHash (the estimate's standard error is about 1/sqrt(NUM_PERM))
NUM_PERM = 128
#: the fixed seed of the hash permutations, so signatures are the same in every run and process
SEED = 1
#: datasketch's permutation scheme (its default since 2.0), named so stored signatures can be rebuilt
SCHEME = "affine32"
_DTYPE = np.uint32
#: estimated Jaccard similarity from which two articles are the same story
THRESHOLD = 0.8
#: only the first this many content characters are shingled: a copy shows in its first pages
MAX_CHARS = 50_000

_NOT_CONTENT_RE = re.compile(f"[^{CJK}0-9A-Za-z]+")
_BASE = 1_000_003  # the polynomial's base: a prime above every CJK code point
_WEIGHTS = np.array(
    [pow(_BASE, k, 2**32) for k in range(SHINGLE)], dtype=np.uint32
)  # the polynomial's terms modulo 2**32


#: the code points of content: the blocks of :data:`~coopetition.text.charset.CJK` (read from it, so
#: the two never disagree), ASCII digits and letters
_CONTENT_RANGES = (
    *((int(low, 16), int(high, 16)) for low, high in re.findall(r"\\u([0-9a-fA-F]{4})-\\u([0-9a-fA-F]{4})", CJK)),
    (0x30, 0x39),
    (0x41, 0x5A),
    (0x61, 0x7A),
)


@functools.lru_cache(maxsize=1)
def _content_table() -> np.ndarray:
    """Whether each code point (0 to 0x10FFFF) is content, in :data:`_CONTENT_RANGES`: one lookup per
    character instead of two comparisons per range. Built once per process (1.1 MB)."""
    table = np.zeros(0x110000, dtype=bool)
    for low, high in _CONTENT_RANGES:
        table[low : high + 1] = True
    return table


def _content_points(text: str) -> np.ndarray:
    """The code points of ``_NOT_CONTENT_RE.sub("", text[: 4 * MAX_CHARS])[:MAX_CHARS].lower()``,
    found with one NumPy pass over the code points instead of a regex and a new string (content is
    ideographs, digits and ASCII letters, and lowercasing moves only A-Z)."""
    points = np.frombuffer(text[: 4 * MAX_CHARS].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    content = points[_content_table()[points]][:MAX_CHARS]  # a copy: the bytes behind ``points`` are read-only
    content[(content >= 0x41) & (content <= 0x5A)] += np.uint32(0x20)
    return content


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the character shingles of a text's content, computed in numpy
    (a polynomial over code points; MinHash mixes them again, so collisions are all that matters)."""
    points = _content_points(text)
    if not len(points):
        return np.empty(0, dtype=np.uint32)
    if len(points) < SHINGLE:
        points = np.concatenate([points, np.zeros(SHINGLE - len(points), dtype=np.uint32)])
    n = len(points) - SHINGLE + 1
    hashes = points[:n] * _WEIGHTS[0]  # uint32 arithmetic wraps: the sum is taken modulo 2**32 as it goes
    for k in range(1, SHINGLE):
        hashes += points[k : k + n] * _WEIGHTS[k]
    return hashes


@functools.lru_cache(maxsize=1)
def minhash_permutations() -> np.ndarray:
    """The seeded permutations ``(a, b)``, drawn once per process by datasketch itself."""
    from datasketch import MinHash  # imported on first use: datasketch loads SciPy's integrators

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


#: the MurmurHash3 32-bit finalizer, which datasketch's ``affine32`` scheme applies to each input hash
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _min_hashes(hashes: np.ndarray) -> np.ndarray:
    """The MinHash values of 32-bit shingle hashes: datasketch's ``affine32`` update
    (fmix32, then ``a * h + b`` wrapping in uint32, then the minimum per permutation),
    computed in one numpy pass instead of a Python call per shingle."""
    s1, m1, s2, m2, s3 = _FMIX32
    h = hashes.astype(np.uint32)
    h ^= h >> s1
    h *= m1
    h ^= h >> s2
    h *= m2
    h ^= h >> s3
    a, b = minhash_permutations()
    values = np.multiply.outer(a, h)  # one row per permutation: each minimum runs along contiguous memory,
    values += b[:, None]  # twice as fast as down the columns; added in place, no second table
    return values.min(axis=1)


def signature(text: str) -> bytes:
    """The MinHash signature of a cleaned text, as bytes (picklable, ``b""`` when it has no content).

    The same values as a datasketch ``MinHash(num_perm=NUM_PERM, seed=SEED,
    scheme=SCHEME)`` updated with the shingle hashes (tests hold it to that).

    Example:
        >>> len(signature("拼多多与淘宝的竞争加剧。")) == 4 * NUM_PERM
        True
    """
    hashes = _shingle_hashes(require_text(text, "text"))
    if not len(hashes):
        return b""
    return _min_hashes(hashes).astype(_DTYPE).tobytes()


@functools.lru_cache(maxsize=16)
def lsh_bands(threshold: float = THRESHOLD) -> tuple[int, int]:
    """The LSH index's ``(bands, rows per band)`` for a threshold: datasketch's own choice
    (``MinHashLSH(threshold=threshold, num_perm=NUM_PERM)``, which weighs false positives and
    negatives by numerical integration), made once per threshold and process instead of once
    per index (about 12 ms, more than the rest of comparing a folder of 24 articles)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _minhash(values: np.ndarray) -> "LeanMinHash":
    """A signature's hash values as the datasketch object its LSH index takes (the lean,
    read-only kind: no permutations to carry)."""
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


class DuplicateIndex:
    """Near-duplicate pairs found as articles arrive, for a stream of articles.

    Each added signature is looked up in a datasketch ``MinHashLSH`` index of
    the articles before it, then inserted: every candidate pair is met once,
    from its later article, and kept when its estimated Jaccard similarity
    reaches the threshold. :meth:`result` joins the pairs into groups once the
    final ``doc_id`` values are known. :func:`find_duplicates` is this index
    filled in one go; :func:`coopetition.process_corpus` fills it while its
    worker processes run, so the comparison is not left for the end.

    Example:
        >>> index = DuplicateIndex()
        >>> for i, text in enumerate(["拼多多与淘宝的竞争加剧,双方在下沉市场正面交锋。"] * 2 + [""]):
        ...     index.add(i, signature(text))
        >>> index.result(["b", "a", "c"])
        ['a', '', '']
    """

    def __init__(self, *, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.values: list[np.ndarray | None] = []  # each article's hash values (None: no content)
        self.pairs: list[tuple[int, int]] = []
        self._lsh: MinHashLSH | None = None

    def add(self, position: int, sig: bytes) -> None:
        """Add the article at ``position`` (0, 1, 2, … in order) with its :func:`signature`."""
        if position != len(self.values):
            raise ValueError(f"articles are added in order: expected position {len(self.values)}, got {position}")
        if not sig:
            self.values.append(None)
            return
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(num_perm=NUM_PERM, params=lsh_bands(self.threshold))
        values = np.frombuffer(sig, dtype=_DTYPE)
        minhash = _minhash(values)
        for other in self._lsh.query(minhash):  # the same estimate as MinHash.jaccard
            if np.float64(np.count_nonzero(values == self.values[other])) / np.float64(NUM_PERM) >= self.threshold:
                self.pairs.append((other, position))
        self._lsh.insert(position, minhash)
        self.values.append(values)

    def result(self, doc_ids: Sequence[str]) -> list[str]:
        """For each article, the ``doc_id`` of the copy kept in its group (the smallest), or ``""``.

        Args:
            doc_ids: unique ids, one per article added, in the order added.
        """
        if len(doc_ids) != len(self.values):
            raise ValueError(f"{len(doc_ids)} doc_ids but {len(self.values)} signatures")
        parent = list(range(len(doc_ids)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in self.pairs:  # a group's root is its smallest doc_id
            a, b = sorted((root(i), root(j)), key=doc_ids.__getitem__)
            parent[b] = a
        return [doc_ids[root(i)] if root(i) != i else "" for i in range(len(doc_ids))]


def find_duplicates(doc_ids: Sequence[str], signatures: Sequence[bytes], *, threshold: float = THRESHOLD) -> list[str]:
    """For each article, the ``doc_id`` of the copy kept in its near-duplicate group, or ``""``.

    Args:
        doc_ids: unique ids; the smallest in a group is the copy kept.
        signatures: from :func:`signature`, in the same order (``b""``: never a duplicate).
        threshold: the estimated Jaccard similarity from which two articles match.

    Returns:
        A list parallel to ``doc_ids``.
    """
    if len(doc_ids) != len(signatures):
        raise ValueError(f"{len(doc_ids)} doc_ids but {len(signatures)} signatures")
    index = DuplicateIndex(threshold=threshold)
    for position, sig in enumerate(signatures):
        index.add(position, sig)
    return index.result(doc_ids)


def without_duplicates(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus without the flagged copies (rows whose ``duplicate_of`` is set), index reset.

    Raises:
        KeyError: the table has no ``duplicate_of`` column (it was not built by ``load_corpus``).
    """
    if "duplicate_of" not in corpus.columns:
        raise KeyError("the corpus has no duplicate_of column: build it with coopetition.load_corpus")
    return corpus[corpus["duplicate_of"] == ""].reset_index(drop=True)

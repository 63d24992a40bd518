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
from coopetition.clean import CJK

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = [
    "SHINGLE", "NUM_PERM", "SEED", "SCHEME", "THRESHOLD", "MAX_CHARS", "signature", "find_duplicates", "without_duplicates",
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
_WEIGHTS = np.array([pow(_BASE, k, 2**32) for k in range(SHINGLE)], dtype=np.uint32)  # the polynomial's terms modulo 2**32


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the character shingles of a text's content, computed in numpy
    (a polynomial over code points; MinHash mixes them again, so collisions are all that matters)."""
    content = _NOT_CONTENT_RE.sub("", text[: 4 * MAX_CHARS])[:MAX_CHARS].lower()
    if not content:
        return np.empty(0, dtype=np.uint32)
    points = np.frombuffer(content.encode("utf-32-le"), dtype=np.uint32)
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
    return (np.multiply.outer(h, a) + b).min(axis=0)


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


def _minhash(sig: bytes) -> "MinHash":
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(sig, dtype=_DTYPE), permutations=minhash_permutations())


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
    from datasketch import MinHashLSH

    hashes = {d: _minhash(s) for d, s in zip(doc_ids, signatures) if s}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for doc_id, minhash in hashes.items():
        lsh.insert(doc_id, minhash)
    parent = {d: d for d in hashes}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for doc_id in sorted(hashes):
        for other in sorted(lsh.query(hashes[doc_id])):
            if other != doc_id and hashes[doc_id].jaccard(hashes[other]) >= threshold:
                a, b = sorted((root(doc_id), root(other)))
                parent[b] = a
    return [root(d) if d in hashes and root(d) != d else "" for d in doc_ids]


def without_duplicates(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus without the flagged copies (rows whose ``duplicate_of`` is set), index reset.

    Raises:
        KeyError: the table has no ``duplicate_of`` column (it was not built by ``load_corpus``).
    """
    if "duplicate_of" not in corpus.columns:
        raise KeyError("the corpus has no duplicate_of column: build it with coopetition.load_corpus")
    return corpus[corpus["duplicate_of"] == ""].reset_index(drop=True)

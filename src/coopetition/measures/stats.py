"""Term statistics: frequencies per article and distinctive terms (G² keyness).

Terms are counted case-folded: ``TEMU``, ``Temu`` and ``temu`` are one term
(:func:`coopetition.text.segment.term_key`), named in every table and figure by
its most common spelling in the corpus (:func:`fold_case`).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coopetition._check import TEXTS_EXPECTED, container_hint, is_texts, texts_of
from coopetition.text.segment import document_tokens, term_keys, user_words

__all__ = ["term_frequencies", "fold_case", "keyness", "top_terms"]


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    """Rows by ``doc_id``, count (descending) and term: equal counts always come out in one order."""
    return table.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], ignore_index=True)


def _unique_ids(doc_ids: list, call: str, where: str) -> list:
    """``doc_ids`` if no two are equal; else a ``ValueError`` naming the repeated ones
    (two texts under one id would be counted as one article, their ``per_1k`` wrong)."""
    counts = Counter(doc_ids)
    if len(counts) != len(doc_ids):
        repeated = [d for d, n in counts.items() if n > 1]
        shown = ", ".join(map(repr, repeated[:5])) + (f" and {len(repeated) - 5:,} more" if len(repeated) > 5 else "")
        raise ValueError(
            f"{call}: each text needs its own id, but {where} repeats {shown}; "
            "give one row per article (or reset_index() for positions)"
        )
    return doc_ids


def _documents(corpus: object, call: str) -> tuple[list, list]:
    """``(doc_ids, token lists)`` of any text argument (see :func:`term_frequencies`)."""
    if isinstance(corpus, pd.DataFrame) and "tokens" in corpus.columns:
        where = "its doc_id column" if "doc_id" in corpus.columns else "its index"
        doc_ids = corpus["doc_id"].tolist() if "doc_id" in corpus.columns else corpus.index.tolist()
        return _unique_ids(doc_ids, call, where), corpus["tokens"].tolist()
    texts, index = texts_of(corpus, call)
    if index is None:
        return [0], [document_tokens(texts)]
    by_column = isinstance(corpus, pd.DataFrame) and "doc_id" in corpus.columns
    doc_ids = corpus["doc_id"].tolist() if isinstance(corpus, pd.DataFrame) and by_column else index.tolist()
    return _unique_ids(doc_ids, call, "its doc_id column" if by_column else "its index"), [
        document_tokens(t) for t in texts
    ]


def term_frequencies(corpus) -> pd.DataFrame:
    """Count content tokens per article.

    Args:
        corpus: a table with ``doc_id`` and ``text`` (a ``tokens`` column of
            token lists is used instead of re-tokenising when present); or a
            text, a list of texts or a pandas Series of texts, whose
            ``doc_id`` is then the position in the list, the Series' index, or
            ``0`` for one text.

    Returns:
        Tidy rows ``doc_id, term, count, per_1k`` (occurrences per 1,000
        content tokens of that article), sorted by ``doc_id``, count
        (descending) and term, so equal counts always come out in one order.
        Case variants of a Latin term are one row (see :func:`fold_case`).

    Raises:
        TypeError: ``corpus`` is not a str, list, Series or corpus DataFrame, or holds a non-str text.
        ValueError: a DataFrame has no ``text`` (or ``tokens``) column, or two texts share
            a ``doc_id`` (or an index label, for a Series or a DataFrame without ``doc_id``).

    Example:
        >>> term_frequencies(["京东与美团竞争", "美团与饿了么竞争"])["doc_id"].unique().tolist()
        [0, 1]
    """
    doc_ids, tokens = _documents(corpus, "term_frequencies(corpus=…)")
    rows = []
    for doc_id, toks in zip(doc_ids, tokens):
        total = len(toks)
        for term, count in Counter(toks).items():
            rows.append((doc_id, term, count, 1000 * count / total))
    table = pd.DataFrame(rows, columns=["doc_id", "term", "count", "per_1k"])
    return fold_case(_sorted(table))


def _documents_table(corpus) -> pd.DataFrame:
    """:func:`term_frequencies` of a text argument of :func:`keyness`, its errors naming keyness."""
    doc_ids, tokens = _documents(corpus, "keyness(freqs=…)")
    return term_frequencies(pd.DataFrame({"doc_id": doc_ids, "tokens": tokens}))


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and the distinct values of a column (a categorical's own, else factorised)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), column.cat.categories
    codes, uniques = pd.factorize(column)
    return codes.astype(np.int64), pd.Index(uniques)


def _display_names(spellings: pd.Index, totals: np.ndarray) -> tuple[np.ndarray, pd.Index]:
    """Which spellings have case variants, and each spelling's merged name: for
    a spelling with variants, the variant with the largest total, then the
    domain dictionary's, then the first in code-point order; any other
    spelling is its own name."""
    keys = pd.Index(term_keys(spellings), dtype=object)
    shared = np.asarray(keys.duplicated(keep=False))
    if not shared.any():
        return shared, spellings
    listed = {word for word in user_words() if word.isascii()}
    variants = pd.DataFrame({"term": spellings[shared], "key": keys[shared], "count": totals[shared]})
    variants["listed"] = variants["term"].isin(listed)
    variants = variants.sort_values(["key", "count", "listed", "term"], ascending=[True, False, False, True])
    display = variants.groupby("key", sort=False)["term"].first()
    names = spellings.to_numpy(dtype=object, copy=True)
    names[np.flatnonzero(shared)] = display.reindex(keys[shared]).to_numpy()
    return shared, pd.Index(names)


def _table_order(d: np.ndarray, c: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The order of rows by article code ``d``, count ``c`` descending, then term code
    ``t`` (all non-negative integers): one sort of a packed 64-bit key when the three fit
    in it (2-3 times faster than ``np.lexsort`` of the three), else ``np.lexsort``."""
    if not len(d):
        return np.empty(0, dtype=np.intp)
    top = int(c.max())
    bits_t, bits_c = int(t.max()).bit_length(), top.bit_length()
    if int(d.max()).bit_length() + bits_c + bits_t > 63:
        return np.lexsort((t, -c, d))
    key = d.astype(np.int64) << (bits_c + bits_t)
    key |= (top - c.astype(np.int64)) << bits_t
    key |= t
    return np.argsort(key, kind="stable")


def fold_case(freqs: pd.DataFrame) -> pd.DataFrame:
    """Merge the case variants of each term (``TEMU``, ``Temu``, ``temu``) into one row per article.

    The merged term is named by its most common spelling over the whole
    table, so a term has one name in every article and figure; a tie goes to
    the spelling in the domain dictionary (``data/userdict.txt``), then to
    the first in code-point order. Chinese terms are never changed. Works on
    integer codes, so millions of rows fold in well under a second.

    Args:
        freqs: tidy ``doc_id, term, count, per_1k`` rows, as
            :func:`term_frequencies` or
            :func:`coopetition.pipeline.frequencies_from_records` build them
            (categorical columns stay categorical).

    Returns:
        The same columns, ``per_1k`` recomputed, sorted by ``doc_id``, count
        (descending) and term; the table itself when no term has a case variant.

    Example:
        >>> table = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["TEMU", "Temu", "TEMU"],
        ...                       "count": [2, 1, 1], "per_1k": [0.0, 0.0, 0.0]})
        >>> fold_case(table)[["doc_id", "term", "count"]].values.tolist()
        [['a', 'TEMU', 3], ['b', 'TEMU', 1]]
    """
    t, spellings = _codes(freqs["term"])
    counts = freqs["count"].to_numpy().astype(np.int64)
    shared, names = _display_names(spellings, np.bincount(t, weights=counts, minlength=len(spellings)))
    if not shared.any():
        return freqs
    terms, rename = np.unique(names.to_numpy(dtype=object), return_inverse=True)  # sorted: a code is a rank
    d, docs = _codes(freqs["doc_id"])
    variant = shared[t]  # only rows of a spelling with variants can meet another row of their article and term
    t = rename.ravel()[t]
    merged = (
        pd.DataFrame({"d": d[variant], "t": t[variant], "c": counts[variant]})
        .groupby(["d", "t"], as_index=False)["c"]
        .sum()
    )
    d = np.concatenate([d[~variant], merged["d"].to_numpy()])
    t = np.concatenate([t[~variant], merged["t"].to_numpy()])
    c = np.concatenate([counts[~variant], merged["c"].to_numpy()])
    doc_rank = np.empty(len(docs), dtype=np.int64)
    doc_rank[np.argsort(docs.to_numpy(dtype=object), kind="stable")] = np.arange(len(docs))
    order = _table_order(doc_rank[d], c, t)
    d, t, c = d[order], t[order], c[order]
    totals = np.bincount(d, weights=c, minlength=len(docs))
    if isinstance(freqs["doc_id"].dtype, pd.CategoricalDtype):
        doc_column = pd.Categorical.from_codes(d, dtype=freqs["doc_id"].dtype)
    else:
        doc_column = docs.to_numpy(dtype=object)[d]
    if isinstance(freqs["term"].dtype, pd.CategoricalDtype):
        used = np.unique(t)
        term_column = pd.Categorical.from_codes(np.searchsorted(used, t), categories=terms[used])
    else:
        term_column = terms[t]
    table = pd.DataFrame(
        {
            "doc_id": doc_column,
            "term": term_column,
            "count": c.astype(freqs["count"].dtype),
            "per_1k": 1000 * c / totals[d],
        }
    )
    return table[list(freqs.columns)]


def top_terms(freqs: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most frequent terms of each article (ties broken by term)."""
    return freqs.groupby("doc_id", sort=True, group_keys=False).head(n).reset_index(drop=True)


def _g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Log-likelihood G² for counts a (in c tokens) against b (in d tokens)."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


#: the columns of a frequency table, as :func:`term_frequencies` returns it
_FREQUENCY_COLUMNS = ("doc_id", "term", "count")


def keyness(freqs, *, min_count: int = 3) -> pd.DataFrame:
    """Distinctive terms of each article against the rest of the corpus.

    The statistic is the log-likelihood G² (Dunning 1993; Rayson & Garside
    2000) of a term's count in the article versus in all other articles, with
    the log ratio (Hardie 2014: log2 of the ratio of relative frequencies, a
    zero count replaced by 0.5) as its effect size. G² ≥ 3.84 is p < 0.05 and
    G² ≥ 10.83 is p < 0.001 for one degree of freedom.

    Args:
        freqs: the output of :func:`term_frequencies`; or anything it takes (a
            corpus DataFrame, a list or Series of texts), counted first.
        min_count: ignore terms seen fewer times than this in the article.

    Returns:
        Rows ``doc_id, term, count, other_count, g2, log_ratio, direction``
        (``over`` when the article uses the term more than the rest, else
        ``under``), sorted by ``doc_id`` then G² (descending) then term. With
        a single article there is no "rest" and the table is empty.
    """
    columns = ["doc_id", "term", "count", "other_count", "g2", "log_ratio", "direction"]
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)):
        raise TypeError(
            f"keyness(min_count=…) expects a whole number of occurrences, got {type(min_count).__name__} {min_count!r}"
        )
    if min_count < 0:
        raise ValueError(f"keyness(min_count=…) must be 0 or more, got {min_count}")
    if not (isinstance(freqs, pd.DataFrame) and all(c in freqs.columns for c in _FREQUENCY_COLUMNS)):
        if not is_texts(freqs):
            raise TypeError(
                f"keyness(freqs=…) expects a frequency table or a {TEXTS_EXPECTED}, got {type(freqs).__name__}"
                f"{container_hint(freqs)}"
            )
        if isinstance(freqs, pd.DataFrame) and not {"text", "tokens"} & set(freqs.columns):
            raise ValueError(
                f"keyness(freqs=…): a DataFrame needs doc_id, term and count columns (a frequency table) "
                f"or a 'text' column (a corpus); it has {', '.join(map(repr, map(str, freqs.columns))) or 'no columns'}"
            )
        freqs = _documents_table(freqs)
    docs = freqs["doc_id"].unique()
    if len(docs) < 2:
        return pd.DataFrame(columns=columns)
    corpus_counts = freqs.groupby("term")["count"].sum()
    sizes = freqs.groupby("doc_id")["count"].sum()
    total = sizes.sum()
    parts = []
    for doc_id, group in freqs.groupby("doc_id", sort=True):
        group = group[group["count"] >= min_count]
        a = group["count"].to_numpy(dtype=float)
        b = corpus_counts.loc[group["term"]].to_numpy(dtype=float) - a
        c, d = float(sizes[doc_id]), float(total - sizes[doc_id])
        ratio = np.log2((np.maximum(a, 0.5) / c) / (np.maximum(b, 0.5) / d))
        parts.append(
            pd.DataFrame(
                {
                    "doc_id": doc_id,
                    "term": group["term"].to_numpy(),
                    "count": a.astype(int),
                    "other_count": b.astype(int),
                    "g2": _g2(a, b, c, d),
                    "log_ratio": ratio,
                    "direction": np.where(ratio > 0, "over", "under"),
                }
            )
        )
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["doc_id", "g2", "term"], ascending=[True, False, True], ignore_index=True)

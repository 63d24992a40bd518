"""Term statistics: frequencies per article and distinctive terms (G² keyness)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coopetition.segment import document_tokens

__all__ = ["term_frequencies", "keyness", "top_terms"]


def term_frequencies(corpus: pd.DataFrame) -> pd.DataFrame:
    """Count content tokens per article.

    Args:
        corpus: a table with ``doc_id`` and ``text``; a ``tokens`` column of
            token lists is used instead of re-tokenising when present.

    Returns:
        Tidy rows ``doc_id, term, count, per_1k`` (occurrences per 1,000
        content tokens of that article), sorted by ``doc_id``, count
        (descending) and term, so equal counts always come out in one order.
    """
    tokens = corpus["tokens"] if "tokens" in corpus.columns else corpus["text"].map(document_tokens)
    rows = []
    for doc_id, toks in zip(corpus["doc_id"], tokens):
        total = len(toks)
        for term, count in Counter(toks).items():
            rows.append((doc_id, term, count, 1000 * count / total))
    table = pd.DataFrame(rows, columns=["doc_id", "term", "count", "per_1k"])
    return table.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], ignore_index=True)


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


def keyness(freqs: pd.DataFrame, *, min_count: int = 3) -> pd.DataFrame:
    """Distinctive terms of each article against the rest of the corpus.

    The statistic is the log-likelihood G² (Dunning 1993; Rayson & Garside
    2000) of a term's count in the article versus in all other articles, with
    the log ratio (Hardie 2014: log2 of the ratio of relative frequencies, a
    zero count replaced by 0.5) as its effect size. G² ≥ 3.84 is p < 0.05 and
    G² ≥ 10.83 is p < 0.001 for one degree of freedom.

    Args:
        freqs: the output of :func:`term_frequencies`.
        min_count: ignore terms seen fewer times than this in the article.

    Returns:
        Rows ``doc_id, term, count, other_count, g2, log_ratio, direction``
        (``over`` when the article uses the term more than the rest, else
        ``under``), sorted by ``doc_id`` then G² (descending) then term. With
        a single article there is no "rest" and the table is empty.
    """
    columns = ["doc_id", "term", "count", "other_count", "g2", "log_ratio", "direction"]
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

"""Per-article text metrics: size, lexical diversity, numbers and framing in one table."""

from __future__ import annotations

import re

import pandas as pd

from coopetition.measures.labels import FRAMES
from coopetition.measures.quantities import article_quantities
from coopetition.measures.sentences import sentence_table
from coopetition.text.charset import CJK
from coopetition.text.segment import document_tokens

__all__ = ["text_metrics", "mattr", "MATTR_WINDOW"]

#: window of the moving-average type-token ratio, in tokens (Covington & McFall 2010 use 500
#: for long texts; these articles have 600-1,000 content tokens, so 100 keeps many windows)
MATTR_WINDOW = 100
_CJK_RE = re.compile(f"[{CJK}]")


def mattr(tokens: list[str], window: int = MATTR_WINDOW) -> float:
    """Moving-average type-token ratio (Covington & McFall 2010).

    The mean TTR of every window of ``window`` consecutive tokens; unlike the
    plain TTR it does not fall as a text grows. A text shorter than the window
    gets its plain TTR. Computed incrementally, in O(n).

    Example:
        >>> mattr(["a", "b", "a", "b"], window=2)
        1.0
    """
    if not tokens:
        return float("nan")
    if len(tokens) <= window:
        return len(set(tokens)) / len(tokens)
    counts: dict[str, int] = {}
    for token in tokens[:window]:
        counts[token] = counts.get(token, 0) + 1
    total = len(counts)
    for i in range(window, len(tokens)):
        new, old = tokens[i], tokens[i - window]
        counts[new] = counts.get(new, 0) + 1
        counts[old] -= 1
        if counts[old] == 0:
            del counts[old]
        total += len(counts)
    return total / (window * (len(tokens) - window + 1))


def text_metrics(corpus: pd.DataFrame, *, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row of metrics per article.

    Args:
        corpus: a table with ``doc_id`` and ``text`` (:func:`coopetition.load_corpus`).
        sentences: the output of :func:`coopetition.measures.sentences.sentence_table`
            for this corpus, if already computed (it is computed otherwise).

    Returns:
        ``doc_id, chars, cjk_chars, sentences, tokens, distinct_terms, ttr,
        mattr_100, mean_sentence_chars, quantities, quantities_per_1k_chars,
        share_competition, share_cooperation, share_coopetition, share_none,
        framing_share, mean_tone`` sorted by ``doc_id``. Frame shares are over
        all sentences; ``framing_share`` is the share that frames a relationship.
    """
    if sentences is None:
        sentences = sentence_table(corpus)
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        tokens = document_tokens(text)
        own = sentences[sentences["doc_id"] == doc_id]
        n_sent = len(own)
        chars = len(text.replace("\n", ""))
        quantities = len(article_quantities(text))
        row = {
            "doc_id": doc_id,
            "chars": chars,
            "cjk_chars": len(_CJK_RE.findall(text)),
            "sentences": n_sent,
            "tokens": len(tokens),
            "distinct_terms": len(set(tokens)),
            "ttr": len(set(tokens)) / len(tokens) if tokens else float("nan"),
            f"mattr_{MATTR_WINDOW}": mattr(tokens),
            "mean_sentence_chars": own["sentence"].str.len().mean() if n_sent else float("nan"),
            "quantities": quantities,
            "quantities_per_1k_chars": 1000 * quantities / chars if chars else float("nan"),
        }
        for frame in FRAMES:
            row[f"share_{frame}"] = (own["frame"] == frame).mean() if n_sent else float("nan")
        row["framing_share"] = 1 - row["share_none"] if n_sent else float("nan")
        row["mean_tone"] = own["tone_score"].mean() if n_sent else float("nan")
        rows.append(row)
    return pd.DataFrame(rows).sort_values("doc_id", ignore_index=True)

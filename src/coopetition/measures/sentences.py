"""Corpus → sentence tables: one row per sentence with its labels, and the
tables built from it (frame shares, tone by frame, keyword in context,
evidence, the HowNet audit)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from coopetition._check import require_text
from coopetition.cache import content_key, memo
from coopetition.measures.labels import FRAMES, hownet, label_sentences, lexicon
from coopetition.text.patterns import alternation
from coopetition.text.segment import segment, split_sentences, stopwords

__all__ = ["sentence_table", "frame_shares", "tone_by_frame", "kwic", "evidence", "hownet_audit", "MIN_FRAMING"]

#: fewer framing sentences than this and an article's frame shares are flagged ``too_few``
MIN_FRAMING = 5


def sentence_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence with its frame, tone and cues.

    Each article's sentences are labelled in one batch
    (:func:`coopetition.measures.labels.label_sentences`) and cached by article text.

    Returns:
        ``doc_id, sent_id, sentence, frame, tone, tone_score, frame_cues,
        tone_cues, actors, n_frame_cues, frame_prob`` (cues and actors joined
        with ``、``; ``frame_prob`` the model's probability of the frame),
        sorted by ``doc_id`` and ``sent_id``. ``sentence`` is as in the text.
    """
    rows: list[dict] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        require_text(text, f"text of {doc_id}")
        rows.extend(
            {"doc_id": doc_id, **row} for row in memo("sentences", text, functools.partial(_article_sentences, text))
        )
    columns = [
        "doc_id",
        "sent_id",
        "sentence",
        "frame",
        "tone",
        "tone_score",
        "frame_cues",
        "tone_cues",
        "actors",
        "n_frame_cues",
        "frame_prob",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values(["doc_id", "sent_id"], ignore_index=True)


def _article_sentences(text: str) -> list[dict]:
    sentences = split_sentences(text)
    rows = []
    for sent_id, (sentence, e) in enumerate(zip(sentences, label_sentences(sentences))):
        rows.append(
            {
                "sent_id": sent_id,
                "sentence": sentence,
                "frame": e.frame,
                "tone": e.tone,
                "tone_score": e.tone_score,
                "frame_cues": "、".join(f"{c}({n})" for c, _, n in e.frame_cues),
                "tone_cues": "、".join(f"{w}{v:+.2g}" for w, v in e.tone_cues),
                "actors": "、".join(e.actors),
                "n_frame_cues": sum(1 for _, _, n in e.frame_cues if n not in ("negated", "idle")),
                "frame_prob": e.frame_probability,
            }
        )
    return rows


def frame_shares(
    sentences: pd.DataFrame,
    *,
    n_boot: int = 2000,
    seed: int = 20251001,
    level: float = 0.95,
    min_framing: int = MIN_FRAMING,
) -> pd.DataFrame:
    """Share of each frame among an article's framing sentences, with bootstrap intervals.

    Sentences labelled ``none`` are left out of the denominator. Intervals are
    percentile intervals from ``n_boot`` resamples of the article's framing
    sentences (with replacement), drawn with a fixed seed. An article with
    fewer than ``min_framing`` framing sentences is flagged ``too_few``: its
    shares are kept but say little (one sentence makes a 100% bar).

    Returns:
        ``doc_id, frame, n, n_framing, share, low, high, too_few`` for the three frames, sorted.
    """
    rng = np.random.default_rng(seed)
    alpha = (1 - level) / 2
    rows = []
    frames = FRAMES[:3]
    for doc_id, group in sentences.groupby("doc_id", sort=True):
        labels = group.loc[group["frame"] != "none", "frame"].to_numpy()
        n = len(labels)
        codes = np.array([frames.index(label) for label in labels], dtype=int)
        if n:
            draws = rng.integers(0, n, size=(n_boot, n))
            boot = np.stack([(codes[draws] == k).mean(axis=1) for k in range(3)], axis=1)
        for k, frame in enumerate(frames):
            count = int((codes == k).sum()) if n else 0
            rows.append(
                {
                    "doc_id": doc_id,
                    "frame": frame,
                    "n": count,
                    "n_framing": n,
                    "share": count / n if n else np.nan,
                    "low": float(np.quantile(boot[:, k], alpha)) if n else np.nan,
                    "high": float(np.quantile(boot[:, k], 1 - alpha)) if n else np.nan,
                }
            )
    table = pd.DataFrame(rows, columns=["doc_id", "frame", "n", "n_framing", "share", "low", "high"])
    return table.assign(too_few=table["n_framing"] < min_framing)


def tone_by_frame(sentences: pd.DataFrame) -> pd.DataFrame:
    """Tone counts and net tone per article and frame, plus an ``all`` row per article.

    ``net`` = (positive − negative) / n, in [-1, 1]; ``mean_score`` the mean tone score.
    """
    rows = []
    for doc_id, group in sentences.groupby("doc_id", sort=True):
        for frame in (*FRAMES, "all"):
            part = group if frame == "all" else group[group["frame"] == frame]
            n = len(part)
            pos, neg = int((part["tone"] == "positive").sum()), int((part["tone"] == "negative").sum())
            rows.append(
                {
                    "doc_id": doc_id,
                    "frame": frame,
                    "n": n,
                    "positive": pos,
                    "neutral": n - pos - neg,
                    "negative": neg,
                    "net": (pos - neg) / n if n else np.nan,
                    "mean_score": float(part["tone_score"].mean()) if n else np.nan,
                }
            )
    return pd.DataFrame(rows)


def kwic(sentences: pd.DataFrame, terms: str | Iterable[str], *, width: int = 14) -> pd.DataFrame:
    """Keyword in context: every occurrence of each term in the sentence table.

    ``terms`` is a list of terms, or one term as a string (``"美团"`` is the one term 美团,
    not the characters 美 and 团).

    Returns:
        ``doc_id, sent_id, term, left, keyword, right, frame, sentence``, sorted by
        document, sentence and position.
    """
    pattern = re.compile(alternation([terms] if isinstance(terms, str) else terms, what="kwic: terms"))
    rows = []
    for row in sentences.itertuples():
        for m in pattern.finditer(row.sentence):
            rows.append(
                {
                    "doc_id": row.doc_id,
                    "sent_id": row.sent_id,
                    "position": m.start(),
                    "term": m.group(),
                    "left": row.sentence[max(0, m.start() - width) : m.start()],
                    "keyword": m.group(),
                    "right": row.sentence[m.end() : m.end() + width],
                    "frame": row.frame,
                    "sentence": row.sentence,
                }
            )
    table = pd.DataFrame(
        rows, columns=["doc_id", "sent_id", "position", "term", "left", "keyword", "right", "frame", "sentence"]
    )
    return table.sort_values(["doc_id", "sent_id", "position"], ignore_index=True).drop(columns="position")


def evidence(sentences: pd.DataFrame, *, per_frame: int = 2) -> pd.DataFrame:
    """The sentences that weigh most in each frame of each article.

    Weight = the model's probability of the frame, then the number of live
    frame cues, then the strength of the tone; ties keep text order.
    """
    framed = sentences[sentences["frame"] != "none"].assign(strength=lambda t: t["tone_score"].abs())
    keys = (
        ["doc_id", "frame", "frame_prob", "n_frame_cues", "strength", "sent_id"]
        if "frame_prob" in framed
        else ["doc_id", "frame", "n_frame_cues", "strength", "sent_id"]
    )
    ranked = framed.sort_values(keys, ascending=[True, True, *[False] * (len(keys) - 3), True])
    top = ranked.groupby(["doc_id", "frame"], sort=True).head(per_frame)
    return top[["doc_id", "frame", "sent_id", "sentence", "frame_cues", "tone", "tone_score", "tone_cues"]].reset_index(
        drop=True
    )


def _hownet_hits(texts: list[str], words: dict[str, float]) -> dict[str, int]:
    """How often each HowNet word is a token of ``texts``."""
    counts: dict[str, int] = {}
    for sentence in texts:
        for token in segment(sentence):
            if token in words:
                counts[token] = counts.get(token, 0) + 1
    return counts


def _hownet_rows(texts: list[str]) -> list[dict]:
    """Every HowNet word among the tokens of ``texts``: its polarity, hits and what coopetition does with it."""
    lex = lexicon()
    words = hownet()

    def reason(word: str) -> str:
        if word in lex.frame_vocab:
            return "frame cue: kept out of tone"
        if len(word) < 2:
            return "single character"
        if word in stopwords():
            return "stopword"
        if word in lex.neutral or word in lex.degree:
            return "no tone in business news"
        return "kept"

    counts = _hownet_hits(texts, words)
    return [{"word": w, "polarity": words[w], "hits": c, "reason": reason(w)} for w, c in counts.items()]


def hownet_audit(sentences: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The fitness check behind the tone lexicon: HowNet's most frequent hits in
    these sentences, before filtering, and what coopetition does with each.

    Returns:
        ``word, polarity, hits, kept, reason`` for the ``n`` most frequent
        HowNet words among the jieba tokens, sorted by hits then word.
    """
    texts = sentences["sentence"].tolist()
    # cached whole (the key covers the package's lexicons): a warm run loads neither HowNet nor the segmenter
    rows = memo("hownet-audit", content_key(*texts), lambda: _hownet_rows(texts))
    table = pd.DataFrame(rows, columns=["word", "polarity", "hits", "reason"])
    table["kept"] = table["reason"] == "kept"
    table = table.sort_values(["hits", "word"], ascending=[False, True], ignore_index=True).head(n)
    return table[["word", "polarity", "hits", "kept", "reason"]]

"""Framing and tone of sentences: two separate measurements, each explainable.

- :func:`frame_label` — how a sentence frames the relationship between firms:
  ``competition``, ``cooperation``, ``coopetition`` (both at once, named, or a
  move from one to the other) or ``none``. Cues: ``data/frames.toml``.
- :func:`tone_score` / :func:`tone_label` — the tone of the sentence, from the
  HowNet word list filtered for news plus a domain lexicon
  (``data/tone_hownet.tsv``, ``data/tone_rules.toml``), with negation, degree
  and contrast. Every frame cue is removed from the tone lexicon, so tone
  never re-reads the frame.
- :func:`explain` — the cues that decided both.

Corpus-level helpers build the per-sentence table, bootstrap frame shares,
tone by frame, keyword-in-context rows and the actor co-mention network.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np
import pandas as pd

from coopetition._data import data_rows, read_text
from coopetition.actors import find_actors
from coopetition.cache import memo
from coopetition.segment import get_tokenizer, split_sentences, stopwords

__all__ = [
    "FRAMES",
    "TONES",
    "frame_label",
    "tone_score",
    "tone_label",
    "explain",
    "Explanation",
    "sentence_table",
    "frame_shares",
    "tone_by_frame",
    "kwic",
    "actor_network",
    "evidence",
    "hownet_audit",
]

FRAMES = ("competition", "cooperation", "coopetition", "none")
TONES = ("positive", "neutral", "negative")


@lru_cache(maxsize=1)
def hownet() -> dict[str, float]:
    """The HowNet word list as shipped (``data/tone_hownet.tsv``), unfiltered: word → ±1."""
    return {row["word"]: float(row["polarity"]) for row in data_rows("tone_hownet.tsv", delimiter="\t")}


@dataclass(frozen=True)
class _Lexicon:
    frame_strong: dict[str, str]  # token -> frame (competition / cooperation / coopetition)
    frame_weak: dict[str, str]
    frame_phrases: dict[str, str]
    ending: frozenset[str]
    frame_negators: frozenset[str]
    frame_window: int
    cessation: frozenset[str]
    not_cues: frozenset[str]
    strong_longest_first: tuple[str, ...]  # for cues inside longer tokens: 合作开发 → 合作
    frame_vocab: frozenset[str]
    neutral: frozenset[str]
    relational: tuple[str, ...]
    clause_re: re.Pattern
    polarity: dict[str, float]
    degree: dict[str, float]
    contrast: frozenset[str]
    concessive: frozenset[str]
    contrast_after: float
    contrast_before: float
    tone_negators: frozenset[str]
    window: int
    smoothing: float
    neutral_band: float


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """Load and cross-filter the packaged frame and tone lexicons (once per process)."""
    frames = tomllib.loads(read_text("frames.toml"))
    rules = tomllib.loads(read_text("tone_rules.toml"))
    strong, weak, phrases = {}, {}, {}
    for frame in ("competition", "cooperation", "coopetition"):
        for word in frames[frame].get("strong", []):
            strong[word] = frame
        for word in frames[frame].get("weak", []):
            weak[word] = frame
        for phrase in frames[frame].get("phrases", []):
            phrases[phrase] = frame
    ending = frozenset(frames["ending"]["strong"])
    frame_vocab = set(strong) | set(weak) | set(phrases) | ending
    # the tone lexicon: HowNet, filtered, then the domain lists on top
    polarity: dict[str, float] = {}
    neutral = set(rules["neutral"]["words"])
    for word, value in hownet().items():
        if len(word) >= 2 and word not in stopwords() and word not in neutral:
            polarity[word] = value
    polarity.update({w: 1.0 for w in rules["positive"]["words"]})
    polarity.update({w: -1.0 for w in rules["negative"]["words"]})
    degree = {w: float(spec["weight"]) for spec in rules["degree"].values() for w in spec["words"]}
    for word in frame_vocab | neutral | set(degree):  # frame words, non-evaluative words and intensifiers carry no tone
        polarity.pop(word, None)
    marks = "|".join(re.escape(m) for m in frames["scope"]["clause_marks"])
    return _Lexicon(
        frame_strong=strong,
        frame_weak=weak,
        frame_phrases=phrases,
        ending=ending,
        frame_negators=frozenset(frames["scope"]["negators"]),
        frame_window=int(frames["scope"]["negation_window"]),
        cessation=frozenset(frames["scope"]["cessation"]),
        not_cues=frozenset(frames["scope"]["not_cues"]),
        strong_longest_first=tuple(c for c in sorted(strong, key=len, reverse=True) if len(c) >= 2),
        frame_vocab=frozenset(frame_vocab),
        neutral=frozenset(neutral),
        relational=tuple(frames["scope"]["relational"]),
        clause_re=re.compile(marks),
        polarity=polarity,
        degree=degree,
        contrast=frozenset(rules["contrast"]["markers"]),
        concessive=frozenset(rules["contrast"]["concessive"]),
        contrast_after=float(rules["contrast"]["after"]),
        contrast_before=float(rules["contrast"]["before"]),
        tone_negators=frozenset(rules["negation"]["words"]),
        window=int(rules["negation"]["window"]),
        smoothing=float(rules["score"]["smoothing"]),
        neutral_band=float(rules["score"]["neutral_band"]),
    )


def _clauses(sentence: str) -> list[list[str]]:
    """The sentence as clauses of jieba tokens (punctuation dropped)."""
    lex = lexicon()
    tokenizer = get_tokenizer()
    return [
        [t for t in tokenizer.lcut(part, HMM=True) if t.strip()]
        for part in lex.clause_re.split(sentence)
        if part.strip()
    ]


@dataclass(frozen=True)
class Explanation:
    """Why a sentence got its frame and tone.

    ``frame_cues`` holds ``(cue, frame, note)`` with note one of ``strong``,
    ``weak``, ``phrase`` (the cue counts), ``negated`` (it does not) or
    ``ended`` (a negated cooperation cue, counted as an ending); ``tone_cues`` holds
    ``(word, weight)`` after negation, degree and contrast.
    """

    sentence: str
    frame: str
    tone: str
    tone_score: float
    frame_cues: tuple[tuple[str, str, str], ...] = field(default=())
    tone_cues: tuple[tuple[str, float], ...] = field(default=())
    actors: tuple[str, ...] = field(default=())
    relational: bool = False


def _cue_of(token: str) -> tuple[str, str | None, str]:
    """The frame cue a token carries: itself, or a strong cue it starts or ends
    with (合作开发 → 合作), unless it is listed in ``not_cues`` (竞争力)."""
    lex = lexicon()
    if token in lex.frame_strong:
        return token, lex.frame_strong[token], "strong"
    if token in lex.frame_weak:
        return token, lex.frame_weak[token], "weak"
    if len(token) > 2 and token not in lex.not_cues:
        for cue in lex.strong_longest_first:
            if token.startswith(cue) or token.endswith(cue):
                return cue, lex.frame_strong[cue], "strong"
    return token, None, "strong"


def _negated_before(tokens: list[str], negators: frozenset[str]) -> bool:
    return any(t in negators for t in tokens)


def _frame(sentence: str, clauses: list[list[str]]) -> tuple[str, list[tuple[str, str, str]], tuple[str, ...], bool]:
    """Collect frame cues clause by clause and decide the label.

    A cue's note is ``strong``, ``weak`` or ``phrase`` when it counts,
    ``negated`` when a negator earlier in its clause cancels it, and ``ended``
    for a negated cooperation cue (不再续约), which counts as an ending.
    """
    lex = lexicon()
    actors = tuple(sorted({actor for _, actor in find_actors(sentence)}))
    relational = len(actors) >= 2 or any(marker in sentence for marker in lex.relational)
    cues: list[tuple[str, str, str]] = []
    for clause in clauses:
        text = "".join(clause)
        inside: set[int] = set()  # character offsets covered by a matched phrase
        for phrase, frame in lex.frame_phrases.items():
            at = text.find(phrase)
            if at >= 0:
                inside.update(range(at, at + len(phrase)))
                before = get_tokenizer().lcut(text[:at])[-lex.frame_window :]
                negated = _negated_before(before, lex.frame_negators)
                cues.append((phrase, frame, "negated" if negated else "phrase"))
        offset = 0
        for i, token in enumerate(clause):
            start, offset = offset, offset + len(token)
            if start in inside:
                continue  # 博弈 inside 零和博弈 is already counted as the phrase
            scope = clause[max(0, i - lex.frame_window) : i]
            negated = _negated_before(scope, lex.frame_negators)
            if token in lex.ending:
                cues.append((token, "ending", "negated" if negated else "strong"))
                continue
            cue, frame, kind = _cue_of(token)
            if frame is None:
                continue
            if negated:
                ended = frame == "cooperation" and kind == "strong" and _negated_before(scope, lex.cessation)
                cues.append((cue, "ending" if ended else frame, "ended" if ended else "negated"))
            elif kind == "strong" or relational:
                cues.append((cue, frame, kind))
    live = {frame for _, frame, note in cues if note != "negated"}
    if "coopetition" in live or {"competition", "cooperation"} <= live:
        label = "coopetition"
    elif any(note == "ended" for _, _, note in cues) or ("ending" in live and (live - {"ending"} or relational)):
        label = "coopetition"  # a partnership ends: a move from one frame to the other
    elif "competition" in live:
        label = "competition"
    elif "cooperation" in live:
        label = "cooperation"
    else:
        label = "none"
    return label, cues, actors, relational


def _split_modifiers(clause: list[str]) -> list[str]:
    """Split a token that jieba fused from a modifier and a polar word:
    明显改善 → 明显 改善, 不成功 → 不 成功."""
    lex = lexicon()
    out = []
    for token in clause:
        if token not in lex.polarity and len(token) > 2:
            for k in range(1, len(token) - 1):
                head, tail = token[:k], token[k:]
                if tail in lex.polarity and (head in lex.degree or head in lex.tone_negators):
                    out.extend((head, tail))
                    break
            else:
                out.append(token)
        else:
            out.append(token)
    return out


def _tone(clauses: list[list[str]]) -> tuple[float, list[tuple[str, float]]]:
    lex = lexicon()
    # clause weights: the turn of a contrast moves the weight to what follows
    turn = None
    for i, clause in enumerate(clauses):
        if clause and (clause[0] in lex.contrast or any(t in lex.contrast for t in clause[:2])):
            turn = i
    weights = [1.0] * len(clauses)
    if turn is not None and turn > 0:
        weights = [lex.contrast_before if i < turn else lex.contrast_after for i in range(len(clauses))]
    elif any(clause and clause[0] in lex.concessive for clause in clauses):
        weights = [lex.contrast_before if clause and clause[0] in lex.concessive else 1.0 for clause in clauses]
    cues: list[tuple[str, float]] = []
    for clause, clause_weight in zip(clauses, weights):
        clause = _split_modifiers(clause)
        for i, token in enumerate(clause):
            value = lex.polarity.get(token)
            if value is None:
                continue
            window = clause[max(0, i - lex.window) : i]
            flips = sum(1 for t in window if t in lex.tone_negators)
            degree = max((lex.degree[t] for t in window if t in lex.degree), default=1.0)
            value = value * degree * clause_weight * (-1 if flips % 2 else 1)
            cues.append((token, round(value, 4)))
    signed = sum(v for _, v in cues)
    total = sum(abs(v) for _, v in cues)
    return signed / (total + lex.smoothing), cues


def explain(sentence: str) -> Explanation:
    """Label a sentence and return the cues that decided frame and tone.

    Example:
        >>> e = explain("合作终止不是感情破裂,而是双方边际收益同时归零的理性结果")
        >>> e.frame, [c[:2] for c in e.frame_cues]
        ('coopetition', [('合作', 'cooperation'), ('终止', 'ending')])
    """
    clauses = _clauses(sentence)
    frame, frame_cues, actors, relational = _frame(sentence, clauses)
    score, tone_cues = _tone(clauses)
    band = lexicon().neutral_band
    tone = "positive" if score >= band else "negative" if score <= -band else "neutral"
    return Explanation(sentence, frame, tone, round(score, 4), tuple(frame_cues), tuple(tone_cues), actors, relational)


def frame_label(sentence: str) -> str:
    """How the sentence frames the relationship between firms.

    Returns:
        ``competition`` (rivalry: 竞争, 封杀, 屏蔽, 争夺…), ``cooperation``
        (partnership: 合作, 牵手, 联姻, and between firms 接入, 打通…),
        ``coopetition`` (both cues at once, a name for it such as 竞合 or
        相爱相杀, or a partnership ending: 合作终止, 分道扬镳, 不再续约) or
        ``none``. A cue after a negator in the same clause does not count
        (并未选择正面竞争). See :func:`explain` for the cues.
    """
    clauses = _clauses(sentence)
    return _frame(sentence, clauses)[0]


def tone_score(sentence: str) -> float:
    """Tone in [-1, 1]: ``S / (A + 1)`` over the weighted tone cues.

    Each polar word counts ±1, times its degree word (严重 2.0, 更加 1.5,
    略 0.6), flipped by a negator up to three tokens before it, and times 1.5
    after a contrast (但, 却, 然而…) or 0.5 before it or in a 虽然 clause.
    S is the signed sum, A the absolute sum. Frame words never count.
    """
    return round(_tone(_clauses(sentence))[0], 4)


def tone_label(sentence: str) -> str:
    """``positive``, ``negative`` or ``neutral``: :func:`tone_score` against the
    neutral band (|score| < 0.25 is neutral; one plain cue alone scores 0.5)."""
    return explain(sentence).tone


# --- corpus level -------------------------------------------------------------------


def sentence_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence with its frame, tone and cues.

    Returns:
        ``doc_id, sent_id, sentence, frame, tone, tone_score, frame_cues,
        tone_cues, actors`` (cues and actors joined with ``、``), sorted by
        ``doc_id`` and ``sent_id``.
    """
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        rows.extend({"doc_id": doc_id, **row} for row in memo("sentences", text, lambda text=text: _article_sentences(text)))
    columns = ["doc_id", "sent_id", "sentence", "frame", "tone", "tone_score", "frame_cues", "tone_cues", "actors", "n_frame_cues"]
    return pd.DataFrame(rows, columns=columns).sort_values(["doc_id", "sent_id"], ignore_index=True)


def _article_sentences(text: str) -> list[dict]:
    rows = []
    for sent_id, sentence in enumerate(split_sentences(text)):
        e = explain(sentence)
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
                "n_frame_cues": sum(1 for _, _, n in e.frame_cues if n != "negated"),
            }
        )
    return rows


def frame_shares(sentences: pd.DataFrame, *, n_boot: int = 2000, seed: int = 20251001, level: float = 0.95) -> pd.DataFrame:
    """Share of each frame among an article's framing sentences, with bootstrap intervals.

    Sentences labelled ``none`` are left out of the denominator. Intervals are
    percentile intervals from ``n_boot`` resamples of the article's framing
    sentences (with replacement), drawn with a fixed seed.

    Returns:
        ``doc_id, frame, n, n_framing, share, low, high`` for the three frames, sorted.
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
    return pd.DataFrame(rows, columns=["doc_id", "frame", "n", "n_framing", "share", "low", "high"])


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
                    "doc_id": doc_id, "frame": frame, "n": n, "positive": pos, "neutral": n - pos - neg, "negative": neg,
                    "net": (pos - neg) / n if n else np.nan,
                    "mean_score": float(part["tone_score"].mean()) if n else np.nan,
                }
            )
    return pd.DataFrame(rows)


def kwic(sentences: pd.DataFrame, terms: list[str], *, width: int = 14) -> pd.DataFrame:
    """Keyword in context: every occurrence of each term in the sentence table.

    Returns:
        ``doc_id, sent_id, term, left, keyword, right, frame, sentence``, sorted by
        document, sentence and position.
    """
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    rows = []
    for row in sentences.itertuples():
        for m in pattern.finditer(row.sentence):
            rows.append(
                {
                    "doc_id": row.doc_id, "sent_id": row.sent_id, "position": m.start(), "term": m.group(),
                    "left": row.sentence[max(0, m.start() - width) : m.start()],
                    "keyword": m.group(), "right": row.sentence[m.end() : m.end() + width],
                    "frame": row.frame, "sentence": row.sentence,
                }
            )
    table = pd.DataFrame(rows, columns=["doc_id", "sent_id", "position", "term", "left", "keyword", "right", "frame", "sentence"])
    return table.sort_values(["doc_id", "sent_id", "position"], ignore_index=True).drop(columns="position")


def actor_network(sentences: pd.DataFrame):
    """Actors as nodes, co-mention in a sentence as weighted edges.

    Each edge carries ``weight`` (sentences naming both), one count per frame,
    and ``dominant``: the most frequent frame among its framing sentences
    (``none`` when no such sentence; ties go to ``coopetition``, then the
    order of :data:`FRAMES`).

    Returns:
        A :class:`networkx.Graph`; nodes carry ``mentions`` (sentences naming the actor).
    """
    import networkx as nx

    graph = nx.Graph()
    for row in sentences.itertuples():
        actors = [a for a in row.actors.split("、") if a]
        for actor in actors:
            if actor not in graph:
                graph.add_node(actor, mentions=0)
            graph.nodes[actor]["mentions"] += 1
        for a, b in combinations(sorted(actors), 2):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0, **{f: 0 for f in FRAMES})
            graph.edges[a, b]["weight"] += 1
            graph.edges[a, b][row.frame] += 1
    for _, _, data in graph.edges(data=True):
        counts = {f: data[f] for f in ("coopetition", "competition", "cooperation")}
        best = max(counts.values())
        data["dominant"] = "none" if best == 0 else next(f for f in counts if counts[f] == best)
    return graph


def evidence(sentences: pd.DataFrame, *, per_frame: int = 2) -> pd.DataFrame:
    """The sentences that weigh most in each frame of each article.

    Weight = the number of live frame cues, then the strength of the tone;
    ties keep text order.
    """
    framed = sentences[sentences["frame"] != "none"].assign(strength=lambda t: t["tone_score"].abs())
    ranked = framed.sort_values(["doc_id", "frame", "n_frame_cues", "strength", "sent_id"], ascending=[True, True, False, False, True])
    top = ranked.groupby(["doc_id", "frame"], sort=True).head(per_frame)
    return top[["doc_id", "frame", "sent_id", "sentence", "frame_cues", "tone", "tone_score", "tone_cues"]].reset_index(drop=True)


def hownet_audit(sentences: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The fitness check behind the tone lexicon: HowNet's most frequent hits in
    these sentences, before filtering, and what coopetition does with each.

    Returns:
        ``word, polarity, hits, kept, reason`` for the ``n`` most frequent
        HowNet words among the jieba tokens, sorted by hits then word.
    """
    lex = lexicon()
    words = hownet()
    tokenizer = get_tokenizer()
    counts: dict[str, int] = {}
    for sentence in sentences["sentence"]:
        for token in tokenizer.lcut(sentence):
            if token in words:
                counts[token] = counts.get(token, 0) + 1

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

    table = pd.DataFrame(
        [{"word": w, "polarity": words[w], "hits": c, "reason": reason(w)} for w, c in counts.items()],
        columns=["word", "polarity", "hits", "reason"],
    )
    table["kept"] = table["reason"] == "kept"
    table = table.sort_values(["hits", "word"], ascending=[False, True], ignore_index=True).head(n)
    return table[["word", "polarity", "hits", "kept", "reason"]]

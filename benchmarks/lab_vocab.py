"""Issue 24, round 4: vocabulary beyond the coded words, and conflict words in plain reports.

Every candidate refits the fast model fold by fold on the site-disjoint folds of the shipped cross-validation
(``lab_labels.held_out_fast``: same rows, weights, settings and rules; the refit without extra columns reproduces
the shipped CV's κ) with extra columns beside its features. κ is reported on the development pages (development
half only; nothing here reads the test half) and on every scored sentence.

Candidates:

- ``clusters``: the words of ``data/word_vectors.npz`` (learned from many texts: each word embedded by
  multilingual-e5-small, tuned on some 9,000 outside sentences) grouped by k-means into ``k`` clusters
  (:func:`word_clusters`, seeded); a sentence gets the counts of its tokens' cluster ids (sublinear, L2-normalised)
  at a weight, so an unseen word of a cluster shares the weight its coded neighbours earned;
- ``expanded cues``: the frame cue lexicon of ``data/frames.toml`` (competition and cooperation, strong and weak)
  expanded by its nearest neighbours in the same vector space (:func:`expanded_lexicon`: a word whose cosine to a
  cue is at least a threshold and that is no cue already); a sentence gets the number of expanded words of each
  frame, and the same counts when the sentence is relational (two firms named or a relational marker);
- ``process``: reported legal or regulatory process (filed, accepted, ruled, announced: ``[process]`` of
  ``benchmarks/tone_process.toml``) against evaluative language (``[evaluative]``); columns: a process word, a process
  word with no evaluative word, an evaluative word (:func:`process_features`); ``process and negative``: those
  and a negative tone word in a plain process report, with and without a frame cue
  (:func:`process_negative_features`), in the tone regression only;
- ``per axis`` and ``combined``: the columns above given to one regression only (``{axis: columns}``), and the
  best of each at once.

Writes ``benchmarks/lab_vocab.csv`` (the columns of ``lab_labels.csv``).

Run: ``OMP_NUM_THREADS=1 python benchmarks/lab_vocab.py`` (needs the embedding cache of ``accurate_labels.py``
only for the setup; about a minute per candidate).
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from accurate_labels import argmax_labels, score_row, setup
from lab_labels import held_out_fast
from sklearn.cluster import MiniBatchKMeans

from coopetition._data import read_text
from coopetition.measures.cues import sentence_cues
from coopetition.measures.vectors import word_vectors
from coopetition.text.patterns import alternation
from coopetition.text.segment import tokenize

OUT = Path(__file__).with_name("lab_vocab.csv")
CLUSTER_SEED = 0


def word_clusters(k: int) -> dict[str, int]:
    """``{word: cluster id}``: k-means (seeded) on the unit-normalised vectors of ``data/word_vectors.npz``."""
    table = word_vectors()
    x = table.vectors.astype(np.float64)
    x /= np.clip(np.linalg.norm(x, axis=1, keepdims=True), 1e-9, None)
    labels = MiniBatchKMeans(n_clusters=k, random_state=CLUSTER_SEED, n_init=3, batch_size=4096).fit_predict(x)
    return {w: int(labels[i]) for w, i in table.index.items()}


def cluster_features(tokens: list[list[str]], clusters: dict[str, int], k: int) -> np.ndarray:
    """Each sentence's cluster-id counts, sublinear (1 + log) and L2-normalised."""
    rows, cols, vals = [], [], []
    for r, toks in enumerate(tokens):
        counts: dict[int, int] = {}
        for t in toks:
            if t in clusters:
                counts[clusters[t]] = counts.get(clusters[t], 0) + 1
        for c, n in counts.items():
            rows.append(r)
            cols.append(c)
            vals.append(1.0 + np.log(n))
    x = sp.csr_matrix((vals, (rows, cols)), shape=(len(tokens), k)).toarray()
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def frame_cue_words() -> dict[str, set[str]]:
    """The strong and weak cues of competition and cooperation in ``data/frames.toml``."""
    frames = tomllib.loads(read_text("frames.toml"))
    return {
        f: set(frames[f].get("strong", [])) | set(frames[f].get("weak", [])) for f in ("competition", "cooperation")
    }


def expanded_lexicon(threshold: float, per_cue: int = 10) -> dict[str, set[str]]:
    """Words near a frame's cues in the word-vector space: for each cue in the table, its ``per_cue`` nearest
    words whose cosine is at least ``threshold``; no cue of either frame, no single character; a word near both
    frames goes to the nearer."""
    table = word_vectors()
    x = table.vectors.astype(np.float64)
    x /= np.clip(np.linalg.norm(x, axis=1, keepdims=True), 1e-9, None)
    words = np.array(sorted(table.index, key=table.index.get))
    cues = frame_cue_words()
    every = set().union(*cues.values())
    best: dict[str, tuple[float, str]] = {}
    for frame, words_of in cues.items():
        for cue in sorted(words_of):
            if cue not in table.index:
                continue
            sims = x @ x[table.index[cue]]
            for j in np.argsort(-sims)[1 : per_cue + 1]:
                w = str(words[j])
                if sims[j] < threshold or w in every or len(w) < 2:
                    continue
                if w not in best or sims[j] > best[w][0]:
                    best[w] = (float(sims[j]), frame)
    out: dict[str, set[str]] = {f: set() for f in cues}
    for w, (_, f) in best.items():
        out[f].add(w)
    return out


def expanded_features(tokens: list[list[str]], relational: np.ndarray, lexicon: dict[str, set[str]]) -> np.ndarray:
    """Per frame: the number of expanded words (clipped at 3, scaled), and the same in a relational sentence."""
    out = []
    for toks, rel in zip(tokens, relational):
        row = []
        for f in ("competition", "cooperation"):
            n = min(sum(t in lexicon[f] for t in toks), 3) / 3
            row += [n, n * rel]
        out.append(row)
    return np.array(out, dtype=np.float64)


def process_words() -> dict[str, list[str]]:
    """``[process]`` and ``[evaluative]`` of ``benchmarks/tone_process.toml``."""
    data = tomllib.loads(Path(__file__).with_name("tone_process.toml").read_text(encoding="utf-8"))
    return {"process": data["process"]["words"], "evaluative": data["evaluative"]["words"]}


def process_features(texts: list[str]) -> np.ndarray:
    """A process word, a process word with no evaluative word, an evaluative word (0/1 each)."""
    import re

    words = process_words()
    pattern = {k: re.compile(alternation(v)) for k, v in words.items()}
    rows = []
    for t in texts:
        p, e = bool(pattern["process"].search(t)), bool(pattern["evaluative"].search(t))
        rows.append([float(p), float(p and not e), float(e)])
    return np.array(rows, dtype=np.float64)


def process_negative_features(texts: list[str]) -> np.ndarray:
    """A negative tone word in a sentence that reports a process and holds no evaluative word; and the same with
    a frame cue too (a conflict told as a record: 起诉, 判决, 竞争激烈 in a plain report), 0/1 each."""
    from coopetition.measures.cues import live_frames

    plain = process_features(texts)[:, 1]
    rows = []
    for t, p in zip(texts, plain):
        cues = sentence_cues(t)
        negative = any(w < 0 for _, w in cues.tone_cues)
        framed = bool(live_frames(cues) - {"ending"})
        rows.append([float(p and negative), float(p and negative and framed)])
    return np.array(rows, dtype=np.float64)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated candidate prefixes to run (default: all)")
    args = parser.parse_args(argv)
    s = setup()
    tokens = [tokenize(t, min_len=1, keep_stopwords=True) for t in s.texts]
    relational = np.array(
        [float(c.relational or len(c.actors) >= 2) for c in (sentence_cues(t) for t in s.texts)], dtype=np.float64
    )
    out = OUT
    rows: list[dict] = pd.read_csv(out).to_dict("records") if out.exists() and args.only else []

    def record(name: str, proba: dict[str, np.ndarray], note: str = "") -> None:
        for axis in ("frame", "tone"):
            row = score_row(s.table, s.scored, s.dev, name, axis, argmax_labels(proba[axis], axis, s.scored), note)
            rows[:] = [r for r in rows if not (r["candidate"] == name and r["axis"] == axis)] + [row]
            print(row, flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)

    candidates: dict[str, tuple[np.ndarray | dict[str, np.ndarray | None] | None, str]] = {}
    only = [o for o in args.only.split(",") if o]

    def wanted(name: str) -> bool:
        return not only or any(name.startswith(o) for o in only)

    if wanted("fast refitted"):
        candidates["fast refitted here (check: the shipped CV's κ)"] = (None, "")
    for k in (100, 300, 1000):
        if not any(wanted(f"clusters k={k}, weight {w:g}") for w in (0.5, 1.0)):
            continue
        feats = cluster_features(tokens, word_clusters(k), k)
        for w in (0.5, 1.0):
            if wanted(f"clusters k={k}, weight {w:g}"):
                candidates[f"clusters k={k}, weight {w:g}"] = (
                    feats * w,
                    f"coverage {float((feats.sum(1) > 0).mean()):.3f}",
                )
    for threshold in (0.6, 0.7):
        name = f"expanded cues, cosine ≥ {threshold:g}"
        if wanted(name):
            lex = expanded_lexicon(threshold)
            feats = expanded_features(tokens, relational, lex)
            note = f"{len(lex['competition'])} competition, {len(lex['cooperation'])} cooperation words"
            candidates[name] = (feats, note)
    if wanted("process"):
        candidates["process: process word, process without evaluative, evaluative"] = (process_features(s.texts), "")
    if wanted("process and negative"):
        candidates["process and negative: tone only, a negative word in a plain process report (and framed)"] = (
            {"frame": None, "tone": np.hstack([process_features(s.texts), process_negative_features(s.texts)])},
            "",
        )
    if wanted("per axis"):
        k100 = cluster_features(tokens, word_clusters(100), 100)
        k1000 = cluster_features(tokens, word_clusters(1000), 1000)
        candidates["per axis: clusters k=100, weight 0.5, tone only"] = ({"frame": None, "tone": k100 * 0.5}, "")
        candidates["per axis: clusters k=1000, weight 1, frame only"] = ({"frame": k1000, "tone": None}, "")
        candidates["per axis: clusters k=1000 (frame, weight 1) and k=100 (tone, weight 0.5)"] = (
            {"frame": k1000, "tone": k100 * 0.5},
            "",
        )
    if wanted("combined"):
        k100 = cluster_features(tokens, word_clusters(100), 100)
        expanded = expanded_features(tokens, relational, expanded_lexicon(0.6))
        tone = np.hstack([k100 * 0.5, process_features(s.texts), process_negative_features(s.texts)])
        candidates["combined: expanded cues (cosine ≥ 0.6) for frame; clusters k=100 (0.5) and process for tone"] = (
            {"frame": expanded, "tone": tone},
            "",
        )
    for name, (extra, note) in candidates.items():
        record(name, held_out_fast(s, extra), note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

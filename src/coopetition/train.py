"""Train the frame and tone model on hand-coded sentences: ``python -m coopetition.train``.

Training data (the codebook: ``../shared/gold/CODEBOOK.md``):

- ``../shared/gold/seed_sentences.jsonl`` and ``external_sentences.jsonl``;
- ``data/coded_sentences.jsonl``: sentences hand-coded from the odd-numbered
  articles of the second corpus, committed as references only
  (``id, file, start, end, frame, tone, sha1``); their text is rebuilt from
  ``../shared/external/articles/`` (decoded, OpenCC-simplified, sliced) and
  checked against the hash, so no third-party text is in the repository;
- ``data/constructed_sentences.jsonl``: sentences written for this project in
  the patterns of real news, coded by the same codebook;
- ``data/constructed_articles.jsonl``: the sentences of 30 news-style articles
  written for this project, coded the same way (two coders, adjudicated).

Even-numbered articles of the second corpus are held out for judging and are
refused. The script cross-validates by article (:mod:`coopetition.validation`),
writes the held-out predictions to ``data/labels_cv.csv`` (ids and labels, no
text), fits on everything and writes ``data/labels_model.npz``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from coopetition import paths
from coopetition._data import read_text
from coopetition.corpus import CorpusError, read_article
from coopetition.clean import to_simplified
from coopetition.cues import FRAMES, TONES, sentence_cues
from coopetition.labels import CUE_FEATURES, MODEL_FILE, build_vectorizer, design_matrix, simplify_all

__all__ = ["shared_dir", "training_table", "written_texts", "peer_table", "fit_model", "save_model", "text_hash", "main"]

#: the article number at the start of a second-corpus file name (001_qq_….txt)
_ARTICLE_NUMBER_RE = re.compile(r"^(\d+)_")

#: the model's settings, chosen by article-held-out cross-validation (see the README)
#: (constructed sentences weigh 0.3 of a real one: they taught the failure classes
#: without pulling the model towards written style; κ on real text rose ~0.01–0.03)
SETTINGS = {
    "frame_c": 4.0, "tone_c": 2.0, "cue_weight": 1.0, "class_weight": "balanced", "ngram_range": (1, 3), "constructed_weight": 0.3,
    # the word-vector block (coopetition.vectors): both regressions read it, frame at half tone's weight
    # (frame κ rose at 0.3–0.7 and fell at 1 on the tuning splits)
    "tone_vector_weight": 1.0, "frame_vector_weight": 0.5,
}


def shared_dir() -> Path:
    """``../shared`` beside the project root, where the hand coding lives."""
    return paths.project_root().parent / "shared"


def text_hash(text: str) -> str:
    """The SHA-1 of a sentence's UTF-8 text: checks a rebuilt reference."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise CorpusError(f"{path}: missing (training needs ../shared/ beside the project)")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{n}: not JSON ({exc.msg})") from None
    return rows


def _packaged_jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]


def written_texts() -> list[str]:
    """The text of every sentence written for this project (``data/constructed_*.jsonl``), in file order."""
    return [r["text"] for name in ("constructed_sentences.jsonl", "constructed_articles.jsonl") for r in _packaged_jsonl(name)]


def peer_table(path: Path) -> pd.DataFrame:
    """One outside labelled set of ``../shared/peer/`` (tab-separated, no quoting; every column text)."""
    return pd.read_csv(path, sep="\t", dtype=str, quoting=3)


def _require_odd(file: str, where: str) -> None:
    match = _ARTICLE_NUMBER_RE.match(file)
    if not match or int(match.group(1)) % 2 == 0:
        raise CorpusError(f"{where}: {file} is not an odd-numbered article; even-numbered ones are held out for judging")


def rebuild_texts(refs: Sequence[dict], articles: Path, where: str) -> list[str]:
    """The text of each reference ``{file, start, end, sha1}``, checked against its hash.

    Raises:
        CorpusError: an article is missing, even-numbered, or a slice does not match its hash.
    """
    simplified: dict[str, str] = {}
    texts = []
    for ref in refs:
        _require_odd(ref["file"], where)
        if ref["file"] not in simplified:
            simplified[ref["file"]] = to_simplified(read_article(articles / ref["file"])[0])
        text = simplified[ref["file"]][ref["start"] : ref["end"]]
        if text_hash(text) != ref["sha1"]:
            raise CorpusError(f"{where}: {ref['id']} ({ref['file']} {ref['start']}–{ref['end']}) does not match its hash: the article changed")
        texts.append(text)
    return texts


def training_table(shared: Path | None = None) -> pd.DataFrame:
    """Every hand-coded sentence: ``id, set, article, text, frame, tone``.

    ``set`` is ``seeds``, ``second corpus`` (the shared gold and the committed
    references) or ``constructed``; ``article`` groups sentences for
    article-held-out cross-validation. Duplicated texts keep their first row.
    """
    shared = shared or shared_dir()
    gold = shared / "gold"
    rows = [
        {"id": r["id"], "set": "seeds", "article": f"seed-{r['article']}", "text": r["text"], "frame": r["frame"], "tone": r["tone"]}
        for r in _jsonl(gold / "seed_sentences.jsonl")
    ]
    for r in _jsonl(gold / "external_sentences.jsonl"):
        _require_odd(r["file"], "external_sentences.jsonl")
        rows.append({"id": r["id"], "set": "second corpus", "article": r["file"], "text": r["text"], "frame": r["frame"], "tone": r["tone"]})
    refs = _packaged_jsonl("coded_sentences.jsonl")
    texts = rebuild_texts(refs, shared / "external" / "articles", "data/coded_sentences.jsonl")
    rows += [{"id": r["id"], "set": "second corpus", "article": r["file"], "text": t, "frame": r["frame"], "tone": r["tone"]} for r, t in zip(refs, texts)]
    rows += [
        {"id": r["id"], "set": "constructed", "article": f"constructed-{r['id']}", "text": r["text"], "frame": r["frame"], "tone": r["tone"]}
        for r in _packaged_jsonl("constructed_sentences.jsonl")
    ]
    rows += [
        {"id": r["id"], "set": "constructed", "article": f"written-{r['article']}", "text": r["text"], "frame": r["frame"], "tone": r["tone"]}
        for r in _packaged_jsonl("constructed_articles.jsonl")
    ]
    table = pd.DataFrame(rows)
    bad = table[~table["frame"].isin(FRAMES) | ~table["tone"].isin(TONES)]
    if len(bad):
        raise CorpusError(f"training data: {bad['id'].iloc[0]} has labels outside the codebook ({bad['frame'].iloc[0]}, {bad['tone'].iloc[0]})")
    key = table["text"].map(lambda t: re.sub(r"\W", "", t))
    return table[~key.duplicated()].reset_index(drop=True)


def fit_model(
    texts: Sequence[str], frames: Sequence[str], tones: Sequence[str], *, constructed: Sequence[bool] | None = None, settings: dict | None = None
) -> dict[str, np.ndarray]:
    """Fit the frame and tone regressions; return the model as plain arrays.

    Args:
        texts: sentences in either script.
        frames, tones: their hand-coded labels.
        constructed: True for a written (not real-news) sentence, weighted
            ``constructed_weight``; default all real.
        settings: overrides of :data:`SETTINGS`.

    Returns:
        The arrays :func:`coopetition.labels.model_from_arrays` reads.
    """
    s = {**SETTINGS, **(settings or {})}
    simplified = simplify_all(texts, "texts")
    cues = [sentence_cues(t) for t in simplified]
    vectorizer = build_vectorizer(ngram_range=s["ngram_range"])
    vectorizer.fit(simplified)
    axis_weights = {"frame": float(s["frame_vector_weight"]), "tone": float(s["tone_vector_weight"])}
    # one matrix serves both models at labelling time: it carries the word-vector block at the
    # larger of the two weights; each model is fitted with the block scaled to its own weight,
    # and its coefficients are scaled the same way, so x @ coef reads the block at that weight
    vector_weight = max(axis_weights.values())
    x = design_matrix(simplified, cues, vectorizer, s["cue_weight"], vector_weight)
    width = len(vectorizer.vocabulary_) + len(CUE_FEATURES)  # the columns before the word-vector block
    weights = np.where(np.asarray(constructed if constructed is not None else [False] * len(simplified), dtype=bool), s["constructed_weight"], 1.0)
    fitted, coef = {}, {}
    for axis, labels, c in (("frame", frames, s["frame_c"]), ("tone", tones, s["tone_c"])):
        scale = np.ones(x.shape[1])
        scale[width:] = axis_weights[axis] / vector_weight if vector_weight else 0.0
        clf = LogisticRegression(C=c, class_weight=s["class_weight"], max_iter=5000, solver="lbfgs")
        clf.fit(x @ sp.diags(scale), list(labels), sample_weight=weights)
        fitted[axis], coef[axis] = clf, (clf.coef_ * scale).astype(np.float32)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {
        "vocabulary": np.array(vocabulary, dtype=str),
        "idf": vectorizer.idf_.astype(np.float64),
        "cue_weight": np.array(s["cue_weight"]),
        "ngram_range": np.array(s["ngram_range"], dtype=np.int64),
        "cue_features": np.array(CUE_FEATURES, dtype=str),
        **{f"{axis}_classes": np.array(clf.classes_, dtype=str) for axis, clf in fitted.items()},
        **{f"{axis}_coef": axis_coef for axis, axis_coef in coef.items()},
        "vector_weight": np.array(vector_weight),
        **{f"{axis}_intercept": clf.intercept_.astype(np.float32) for axis, clf in fitted.items()},
    }


def save_model(arrays: dict[str, np.ndarray], path: Path) -> Path:
    """Write the model arrays as a compressed ``.npz`` (no pickled objects)."""
    np.savez_compressed(path, **arrays)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, then fit on every hand-coded sentence and write the model."""
    from coopetition.validation import CV_FILE, cross_validate, cv_table

    parser = argparse.ArgumentParser(prog="python -m coopetition.train", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    args = parser.parse_args(argv)
    table = training_table(args.shared)
    print(f"training sentences: {len(table)} ({table['set'].value_counts().to_dict()})")
    data = paths.project_root() / "src" / "coopetition" / "data"
    if not args.no_cv:
        predictions = cross_validate(table)
        predictions.to_csv(data / CV_FILE, index=False)
        print(cv_table(predictions).to_string(index=False))
    save_model(fit_model(table["text"], table["frame"], table["tone"], constructed=table["set"] == "constructed"), data / MODEL_FILE)
    print(f"wrote {data / MODEL_FILE} ({(data / MODEL_FILE).stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

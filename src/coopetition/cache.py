"""A content-addressed cache of per-article work (cleaned text, tokens, sentence labels, quantities).

An entry's key is the SHA-256 of its kind, the pipeline version and the
input text, so a changed article, a changed dictionary or a changed line of
this package's code can never be served a stale result: the key simply
differs. Entries are JSON files under ``<cache>/<kind>/<ab>/<key>.json``
(:func:`coopetition.paths.cache_dir`, ``.cache/`` by default, git-ignored);
the folder is safe to delete at any time. Set ``COOPETITION_CACHE=off`` to
disable it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

from coopetition import paths

__all__ = ["pipeline_version", "memo", "enabled"]

T = TypeVar("T")
_DEPENDENCIES = ("jieba", "opencc", "cn2an", "pandas")


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of everything that decides a result: this package's code and data
    files and the versions of the libraries that clean, segment and parse."""
    digest = hashlib.sha256()
    package = resources.files("coopetition")
    files = sorted(
        (str(p.relative_to(Path(str(package)))), p)
        for p in Path(str(package)).rglob("*")
        if p.is_file() and p.suffix in (".py", ".txt", ".toml", ".csv", ".tsv")
    )
    for name, path in files:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    for dependency in _DEPENDENCIES:
        digest.update(f"{dependency}=={metadata.version(dependency)}".encode())
    return digest.hexdigest()[:16]


def enabled() -> bool:
    """False when ``COOPETITION_CACHE`` is ``off``, ``0`` or ``false``."""
    return os.environ.get("COOPETITION_CACHE", "").lower() not in ("off", "0", "false")


def _path(kind: str, key_text: str) -> Path:
    key = hashlib.sha256(f"{kind}\0{pipeline_version()}\0".encode() + key_text.encode("utf-8", "surrogatepass")).hexdigest()
    return paths.cache_dir() / kind / key[:2] / f"{key}.json"


def memo(kind: str, key_text: str, compute: Callable[[], T], *, use: bool = True) -> T:
    """Return the cached result of ``compute()`` for ``key_text``, computing and
    storing it on a miss. ``compute`` must return JSON-serialisable data.

    ``use=False`` bypasses the cache for this call. Writes are atomic (a temporary file renamed into place), so parallel
    workers and an interrupted run never leave a half-written entry; an
    unreadable entry is recomputed.
    """
    if not (use and enabled()):
        return compute()
    path = _path(kind, key_text)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    result = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    os.replace(tmp, path)
    return result

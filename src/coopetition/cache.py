"""A content-addressed cache of per-article work (cleaned text, tokens, sentence labels, quantities).

An entry's key is the SHA-256 of its kind, the pipeline version and the
input text, so a changed article, a changed dictionary or a changed line of
this package's code can never be served a stale result: the key simply
differs. Entries are JSON files under ``<cache>/<kind>/<ab>/<key>.json``
(:func:`coopetition.paths.cache_dir`, ``.cache/`` by default, git-ignored);
the folder is safe to delete at any time. Set ``COOPETITION_CACHE=off`` to
disable it.

The cache is only an optimisation: an entry that cannot be written (a full
disk, a read-only folder) switches the cache off for the rest of the process
with one :class:`CacheWarning` naming the folder, and the run goes on.

Figures are stored the same way: :func:`store_file` keeps a copy of each PNG
under ``<cache>/figures/`` named by the key of the data and code it was drawn
from, so ``cached_figure`` in :mod:`coopetition.output.plotting` copies it instead of
drawing a figure whose inputs did not change, into any output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import warnings
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TypeVar

from coopetition import _data, paths

__all__ = ["pipeline_version", "memo", "enabled", "content_key", "cached_file", "store_file", "CacheWarning"]

T = TypeVar("T")
_DEPENDENCIES = ("jieba", "rjieba", "opencc", "cn2an", "pandas", "scikit-learn", "trafilatura", "datasketch")


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of everything that decides a result: this package's code and data
    files and the versions of the libraries that clean, segment and parse."""
    digest = hashlib.sha256()
    package = resources.files("coopetition")
    files = sorted(
        (str(p.relative_to(Path(str(package)))), p)
        for p in Path(str(package)).rglob("*")
        if p.is_file() and p.suffix in (".py", ".txt", ".toml", ".csv", ".tsv", ".jsonl", ".npz")
    )
    override = _data.override_dir()  # data files read instead of the package's (COOPETITION_DATA_DIR)
    if override is not None:
        files += sorted((f"override/{p.name}", p) for p in override.iterdir() if p.is_file())
    for name, path in files:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    for dependency in _DEPENDENCIES:
        digest.update(f"{dependency}=={metadata.version(dependency)}".encode())
    return digest.hexdigest()[:16]


class CacheWarning(RuntimeWarning):
    """The cache cannot be written and is off for the rest of the process; results are unchanged."""


#: this package's folder, as a frame may spell it (as imported, and resolved)
_PACKAGE_DIRS = tuple(
    {os.path.join(str(Path(__file__).parent), ""), os.path.join(str(Path(__file__).resolve().parent), "")}
)
#: the reason the cache was switched off in this process (a write failed), or ""
_OFF = ""


def _switch_off(exc: OSError, where: Path | None) -> None:
    """Turn the cache off for this process after a failed write, with one warning naming the folder."""
    global _OFF
    if _OFF:
        return
    if isinstance(exc, paths.OutputError):  # already one sentence naming the entry
        _OFF = str(exc)
    else:
        _OFF = str(paths.output_error(where if where is not None else paths.cache_dir(create=False), exc))
    frame = sys._getframe(1)  # the warning points at the user's call, the first frame outside the package
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIRS):
        frame = frame.f_back
    warnings.warn_explicit(
        f"the cache is off for the rest of this run: {_OFF}. Results are the same, only slower; "
        "COOPETITION_CACHE names another folder",
        CacheWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=frame.f_globals.get("__name__", "<unknown>"),
    )


def _reset() -> None:
    """Let the cache be written again (for tests and a long session after space was freed)."""
    global _OFF
    _OFF = ""


def enabled() -> bool:
    """False when ``COOPETITION_CACHE`` is ``off``, ``0`` or ``false`` (and no folder was configured
    from code), or after a write failed in this process (see :class:`CacheWarning`)."""
    if _OFF:
        return False
    if "cache" in paths.configure():
        return True
    return os.environ.get("COOPETITION_CACHE", "").lower() not in ("off", "0", "false")


def _path(kind: str, key_text: str) -> Path:
    key = hashlib.sha256(
        f"{kind}\0{pipeline_version()}\0".encode() + key_text.encode("utf-8", "surrogatepass")
    ).hexdigest()
    return paths.cache_dir() / kind / key[:2] / f"{key}.json"


def content_key(*parts: bytes | str) -> str:
    """SHA-256 of the pipeline version and ``parts`` (each length-prefixed, so parts never run together)."""
    digest = hashlib.sha256(pipeline_version().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else bytes(part)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _figure_path(key: str) -> Path:
    return paths.cache_dir() / "figures" / key[:2] / f"{key}.png"


def cached_file(key: str) -> Path | None:
    """The PNG stored under ``key`` by :func:`store_file`, or None (also when the cache is off)."""
    if not enabled():
        return None
    path = _figure_path(key)
    return path if path.is_file() else None


def store_file(key: str, source: Path) -> None:
    """Keep a copy of ``source`` (a PNG just written) under ``key``; atomic, like :func:`memo`
    (a failed write switches the cache off with a :class:`CacheWarning`)."""
    if not enabled():
        return
    data = Path(source).read_bytes()
    path = None
    try:
        path = _figure_path(key)
        paths.write_atomically(path, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        _switch_off(exc, path.parent if path is not None else None)


def _write_json(path: Path, value) -> None:
    """Write ``value`` as JSON atomically: a temporary file renamed into place
    (:func:`coopetition.paths.write_atomically`)."""
    text = json.dumps(value, ensure_ascii=False)
    paths.write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def memo(kind: str, key_text: str, compute: Callable[[], T], *, use: bool = True) -> T:
    """Return the cached result of ``compute()`` for ``key_text``, computing and
    storing it on a miss. ``compute`` must return JSON-serialisable data.

    ``use=False`` bypasses the cache for this call. Writes are atomic (a temporary file renamed into place), so parallel
    workers and an interrupted run never leave a half-written entry; an
    unreadable entry is recomputed. An entry that cannot be written (a full
    disk) switches the cache off for the process with a :class:`CacheWarning`:
    the result is returned all the same.
    """
    if not (use and enabled()):
        return compute()
    try:
        path = _path(kind, key_text)
    except OSError as exc:  # the folder cannot even be made
        _switch_off(exc, None)
        return compute()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    result = compute()
    try:
        _write_json(path, result)
    except OSError as exc:
        _switch_off(exc, path.parent.parent.parent)
    return result

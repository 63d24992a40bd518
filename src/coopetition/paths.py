"""Every location the project reads or writes, in one place.

The project root is found from the ``COOPETITION_ROOT`` environment variable,
else by walking up from the current working directory and then from this
file to the first folder holding ``pyproject.toml``. Notebooks and tests ask
this module for folders; none of them spells a path.

Overrides (all optional):

- ``COOPETITION_ROOT``: the project root.
- ``COOPETITION_SEEDS``: a folder of ``.txt`` articles to read instead of ``seeds/``.
- ``COOPETITION_FIGURES``: where figures and tables are written instead of ``figures/``.
- ``COOPETITION_CACHE``: where caches live instead of ``.cache/`` (git-ignored, safe to delete).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["project_root", "seeds_dir", "figures_dir", "cache_dir", "catalog_path"]

_MARKER = "pyproject.toml"


def _find_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / _MARKER).is_file() and (folder / "src" / "coopetition").is_dir():
            return folder
    return None


def project_root() -> Path:
    """Return the project root (the folder holding ``pyproject.toml``).

    Raises:
        FileNotFoundError: when no override is set and no ancestor of the
            working directory or of this package holds the project.
    """
    override = os.environ.get("COOPETITION_ROOT")
    if override:
        return Path(override).expanduser().resolve()
    for start in (Path.cwd().resolve(), Path(__file__).resolve().parent):
        root = _find_root(start)
        if root is not None:
            return root
    raise FileNotFoundError(
        "cannot find the coopetition project root (a folder with pyproject.toml and "
        "src/coopetition); set COOPETITION_ROOT to point at it"
    )


def _folder(env: str, default: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser().resolve()
    return project_root() / default


def seeds_dir() -> Path:
    """Folder of raw articles: ``COOPETITION_SEEDS`` or ``<root>/seeds``."""
    return _folder("COOPETITION_SEEDS", "seeds")


def figures_dir(*, create: bool = True) -> Path:
    """Folder for figures and tables: ``COOPETITION_FIGURES`` or ``<root>/figures``."""
    folder = _folder("COOPETITION_FIGURES", "figures")
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_dir(*, create: bool = True) -> Path:
    """Folder for caches (jieba's prefix dictionary, cleaned text): safe to delete.

    ``COOPETITION_CACHE`` names another folder; ``off`` disables the article
    cache (see :mod:`coopetition.cache`) and leaves jieba's file in ``.cache/``.
    """
    override = os.environ.get("COOPETITION_CACHE")
    if override and override.lower() not in ("off", "0", "false"):
        folder = Path(override).expanduser().resolve()
    else:
        try:
            folder = project_root() / ".cache"
        except FileNotFoundError:  # installed outside a checkout: a per-user cache
            folder = Path.home() / ".cache" / "coopetition"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def catalog_path(folder: Path | None = None) -> Path:
    """The metadata catalog that sits beside the articles."""
    return (folder if folder is not None else seeds_dir()) / "catalog.csv"

"""Every location the project reads or writes, in one place.

The project root is found from the ``COOPETITION_ROOT`` environment variable,
else by walking up from the current working directory and then from this
file to the first folder holding ``pyproject.toml``. Notebooks and tests ask
this module for folders; none of them spells a path.

Each folder is chosen in this order: :func:`configure` (from code), else an
environment variable, else the project checkout. Outside a checkout (an
installed wheel used from another analysis) no project root is needed: the
cache falls back to the user's cache folder (``platformdirs``), and figures
and articles go where the caller says.

Overrides (all optional):

- ``COOPETITION_ROOT``: the project root.
- ``COOPETITION_SEEDS``: a folder of ``.txt`` articles to read instead of ``seeds/``.
- ``COOPETITION_FIGURES``: where figures and tables are written instead of ``figures/``.
- ``COOPETITION_CACHE``: where caches live instead of ``.cache/`` (git-ignored, safe to delete).
- ``COOPETITION_EXCLUDE``: folders (or files) never read as articles, separated by
  ``os.pathsep`` (``:``): an output folder inside the folder of articles.
- ``COOPETITION_ERRORS``: ``raise`` (default) or ``skip``: what the notebooks' ``load_corpus``
  does with a file it cannot read (``python -m coopetition report --errors skip`` sets it).

Outputs are written by :func:`write_atomically`: to a temporary name in the
same folder, renamed into place, so a crash or a full disk never leaves a
half-written file under the real name.

Figures are written into a checkout's ``figures/`` only when the working
directory is inside that checkout (or ``COOPETITION_ROOT`` names it): a
notebook copied out of the checkout, run where it was copied, never writes into
the checkout it came from, even though the package it imports lives there.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = [
    "configure",
    "reset_configuration",
    "project_root",
    "seeds_dir",
    "figures_dir",
    "cache_dir",
    "catalog_path",
    "excluded",
    "write_atomically",
    "OutputError",
    "load_errors",
]

_MARKER = "pyproject.toml"
#: folders set from code by :func:`configure`; they win over the environment
_CONFIGURED: dict[str, Path] = {}
_ENV = {
    "seeds": "COOPETITION_SEEDS",
    "figures": "COOPETITION_FIGURES",
    "cache": "COOPETITION_CACHE",
    "exclude": "COOPETITION_EXCLUDE",
}


def _as_path(name: str, value: object) -> Path:
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise TypeError(f"{name} must be a folder path (str or os.PathLike), not {type(value).__name__}")
    return Path(value).expanduser().resolve()


def configure(
    *,
    figures: str | os.PathLike | None = None,
    cache: str | os.PathLike | None = None,
    seeds: str | os.PathLike | None = None,
    exclude: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
) -> dict[str, Path]:
    """Set the figures, cache and articles folders from code (they win over the environment).

    Args:
        figures: where :func:`coopetition.save_figure` and ``write_table`` write.
        cache: where the article and figure caches live.
        seeds: the folder of ``.txt`` articles :func:`coopetition.load_corpus` reads.
        exclude: a folder (or a list of them) never read as articles, such as
            an output folder inside the articles folder (see :func:`excluded`).

    Returns:
        Every folder set so far by ``configure``, by name (``exclude``: a tuple).

    Example:
        >>> import coopetition
        >>> coopetition.configure(figures="out/figures", cache="out/cache")  # doctest: +SKIP
    """
    for name, value in (("figures", figures), ("cache", cache), ("seeds", seeds)):
        if value is not None:
            _CONFIGURED[name] = _as_path(name, value)
    if exclude is not None:
        values = [exclude] if isinstance(exclude, (str, os.PathLike)) else exclude
        if not isinstance(values, Iterable):
            raise TypeError(f"exclude must be a folder path or a list of them, not {type(exclude).__name__}")
        _CONFIGURED["exclude"] = tuple(_as_path("exclude", v) for v in values)  # type: ignore[assignment]
    return dict(_CONFIGURED)


def excluded() -> tuple[Path, ...]:
    """The folders never read as articles: :func:`configure` ``(exclude=...)``, else
    ``COOPETITION_EXCLUDE`` (paths separated by ``os.pathsep``), else none.
    :func:`coopetition.load_corpus` adds those given as its ``exclude``."""
    if "exclude" in _CONFIGURED:
        return _CONFIGURED["exclude"]  # type: ignore[return-value]
    value = os.environ.get(_ENV["exclude"], "")
    return tuple(Path(part).expanduser().resolve() for part in value.split(os.pathsep) if part)


class OutputError(OSError):
    """An output that cannot be written; the message is one sentence naming the path and why."""

    def __str__(self) -> str:
        return str(self.strerror)


def output_error(path: Path, exc: OSError) -> OutputError:
    """One sentence naming ``path`` for an ``OSError`` met while writing it (a full disk, no permission)."""
    if exc.errno == errno.ENOSPC:
        why = "the disk is full (no space left on the device); free some space or write elsewhere"
    elif exc.errno == errno.EDQUOT:
        why = "the disk quota is exceeded; free some space or write elsewhere"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"{exc.strerror or 'not allowed'}; choose a folder you can write to"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):  # mkdir over a file, or a file on the way
        why = "a file stands where a folder is needed (it, or a folder on its way, is a file); name a folder"
    else:
        why = exc.strerror or str(exc)
    return OutputError(exc.errno, f"cannot write {path}: {why}")


def write_atomically(target: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Write a file by ``write(temporary)`` then rename it to ``target`` (``os.replace``).

    The temporary file sits in the target's folder (a hidden name ending in the
    target's suffix, so a writer that reads the suffix, like matplotlib's
    ``savefig``, still works), so the rename is atomic: a reader, a crash or a
    full disk never sees a half-written ``target``. The temporary file is removed
    when ``write`` fails.

    Raises:
        OutputError: ``write`` or the rename failed with an ``OSError`` (a full
            disk, no permission); one sentence naming ``target`` and why.
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp{target.suffix}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise output_error(target, exc) from None
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    return target


def reset_configuration() -> None:
    """Forget every folder set by :func:`configure` (the environment and the checkout decide again)."""
    _CONFIGURED.clear()


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


def _working_root() -> Path | None:
    """The checkout the caller works in: ``COOPETITION_ROOT``, else the one holding the working directory."""
    override = os.environ.get("COOPETITION_ROOT")
    if override:
        return Path(override).expanduser().resolve()
    return _find_root(Path.cwd().resolve())


def _override(name: str) -> Path | None:
    if name in _CONFIGURED:
        return _CONFIGURED[name]
    value = os.environ.get(_ENV[name])
    return Path(value).expanduser().resolve() if value else None


def _folder(name: str, default: str) -> Path:
    override = _override(name)
    if override is not None:
        return override
    try:
        if name == "figures":  # written: only the checkout the caller works in, never the package's own by its path
            root = _working_root()
            if root is None:
                raise FileNotFoundError(name)
            return root / default
        return project_root() / default
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no {name} folder: outside a coopetition checkout, say where with "
            f"coopetition.configure({name}=...) or the {_ENV[name]} environment variable"
            + (" (or pass directory= to save_figure)" if name == "figures" else "")
        ) from None


def seeds_dir() -> Path:
    """Folder of raw articles: :func:`configure`, ``COOPETITION_SEEDS`` or ``<root>/seeds``."""
    return _folder("seeds", "seeds")


def figures_dir(*, create: bool = True) -> Path:
    """Folder for figures and tables: :func:`configure`, ``COOPETITION_FIGURES`` or ``<root>/figures``.

    Raises:
        FileNotFoundError: outside a project checkout with no folder configured;
            the message says how to name one.
    """
    folder = _folder("figures", "figures")
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_dir(*, create: bool = True) -> Path:
    """Folder for caches (jieba's prefix dictionary, cleaned text, figure stamps): safe to delete.

    :func:`configure` or ``COOPETITION_CACHE`` names another folder; ``off``
    disables the article cache (see :mod:`coopetition.cache`) and leaves
    jieba's file in the default folder: ``<root>/.cache`` in a checkout, else
    the user's cache folder (``platformdirs.user_cache_dir("coopetition")``).
    """
    override = _CONFIGURED.get("cache") or os.environ.get("COOPETITION_CACHE")
    if override and str(override).lower() not in ("off", "0", "false"):
        folder = Path(override).expanduser().resolve()
    else:
        try:
            folder = project_root() / ".cache"
        except FileNotFoundError:  # installed outside a checkout: a per-user cache
            import platformdirs

            folder = Path(platformdirs.user_cache_dir("coopetition"))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


#: what :func:`load_errors` accepts (the ``errors`` of :func:`coopetition.load_corpus`)
ERRORS_MODES = ("raise", "skip")


def load_errors() -> str:
    """What the notebooks' ``load_corpus`` does with an unreadable file: ``COOPETITION_ERRORS``, else ``"raise"``.

    Raises:
        ValueError: ``COOPETITION_ERRORS`` is set to something other than ``raise`` or ``skip``.
    """
    value = os.environ.get("COOPETITION_ERRORS", "").strip().lower() or "raise"
    if value not in ERRORS_MODES:
        raise ValueError(f"COOPETITION_ERRORS must be 'raise' or 'skip', not {os.environ['COOPETITION_ERRORS']!r}")
    return value


def catalog_path(folder: Path | None = None) -> Path:
    """The metadata catalog that sits beside the articles."""
    return (folder if folder is not None else seeds_dir()) / "catalog.csv"

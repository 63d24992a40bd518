"""Reading, the corpus folder: what it holds (articles, catalogs, left-out files) and the catalog rows that name its articles."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coopetition import paths
from coopetition.reading.problems import check_errors, settle_problems
from coopetition.reading.readers import (
    ARTICLE_SUFFIXES,
    CorpusError,
    Problem,
    corpus_warning,
    file_kind,
    printable,
    require_path,
)
from coopetition.text.charset import CJK

#: files of a corpus folder that are not articles besides the catalog: the coding sheet and a fitted labeller (:mod:`coopetition.model.labeller`)
NOT_ARTICLES = ("coding.csv", "coding.xlsx", "labeller.npz")
#: the columns of ``seeds/catalog.csv``, in order
CATALOG_COLUMNS = ("doc_id", "file", "title", "outlet", "date", "script", "note")

_DOC_ID_RE = re.compile(r"^(\d+)_")
#: a character that can make a token: an article without one has nothing to count
_CONTENT_RE = re.compile(f"[{CJK}A-Za-z0-9]")
#: every ASCII byte but a Latin letter: what bytes.translate deletes to count the letters
_NOT_LATIN = bytes(b for b in range(128) if not chr(b).isalpha())
#: an article whose letters are mostly Latin is flagged (is it a Chinese article?): below this share
#: of Chinese characters among its letters, once it has :data:`_SCRIPT_MIN_LETTERS` letters
_MIN_CHINESE_SHARE = 0.2
_SCRIPT_MIN_LETTERS = 200
#: row fields that travel from a worker to :func:`corpus_frame` and are not columns
_PRIVATE = ("id_choices", "minhash", "source")


def read_catalog(folder: Path) -> pd.DataFrame:
    """Read ``catalog.csv`` beside the articles (empty table when there is none).

    A row's ``file`` is a file name, or ``name#id`` for one record of a
    ``.jsonl``/``.csv`` dump (its ``id`` field, else its line number).

    Raises:
        CorpusError: a column is missing, a ``doc_id`` or ``file`` repeats, or a date is not ISO.
    """
    path = paths.catalog_path(folder)
    try:
        info = path.stat()
    except FileNotFoundError:  # no catalog (a broken link named catalog.csv is reported by list_corpus)
        return pd.DataFrame(columns=list(CATALOG_COLUMNS), dtype=str)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the catalog ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):  # never opened: a FIFO would block
        raise CorpusError(f"{path}: {file_kind(info.st_mode)}, not a catalog file; rename it or make it a CSV file")
    try:
        catalog = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise CorpusError(f"{path}: not a UTF-8 CSV catalog ({exc})") from None
    except pd.errors.EmptyDataError:
        raise CorpusError(
            f"{path}: the catalog is empty; it needs a header row ({', '.join(CATALOG_COLUMNS)}), "
            "or delete it to read the metadata from the files"
        ) from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the catalog ({exc.strerror or exc})") from None
    missing = [c for c in CATALOG_COLUMNS if c not in catalog.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    # checked on plain lists (a catalog is small: pandas' per-call cost would be most of the work)
    files = catalog["file"].tolist()
    for column, values in (("doc_id", catalog["doc_id"].tolist()), ("file", files)):
        seen: set[str] = set()
        repeated = []  # every later copy, in order (as ``duplicated()`` marks them)
        for value in values:
            if column == "doc_id" and not value.strip():  # an empty doc_id is not stated
                continue
            if value in seen:
                repeated.append(value)
            seen.add(value)
        if repeated:
            raise CorpusError(f"{path}: {column} repeats: {', '.join(repeated)}")
    for date, file in zip(catalog["date"].tolist(), files):
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise CorpusError(f"{path}: date {date!r} of {file} is not an ISO date (YYYY-MM-DD)") from None
    return catalog[list(CATALOG_COLUMNS)]


#: a folder holding one of these, or both of :data:`_REPORT_FOLDERS`, is a report's output, never read
_REPORT_FILES = ("report.html",)
_REPORT_FOLDERS = ("figures", "notebooks")


@dataclass
class Listing:
    """What is under a corpus folder (:func:`list_corpus`).

    Attributes:
        root: the folder (or, for a single file, that file).
        files: the article files, in order of ``names``.
        names: each file as the corpus names it: its path relative to the
            folder, with ``/`` (``sub/a.txt``); the ``path`` column.
        problems: entries that cannot be read as they are listed (a symbolic
            link that loops or points nowhere, a FIFO, a socket, a device, a
            folder that cannot be listed), one :class:`~coopetition.reading.readers.Problem` each.
        unsupported: files with no reader, counted by extension (``".pdf": 3``).
        hidden: hidden files and folders (a name starting with ``.``), by relative path.
        left_out: what else was left out on purpose, each with why (excluded
            folders, the cache and figures folders, a report's output, a
            catalog in a subfolder).
    """

    root: Path
    files: list[Path] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unsupported: Counter = field(default_factory=Counter)
    hidden: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """One sentence per kind of file left out (unsupported types by count, hidden files,
        excluded folders), naming the folder; ``[]`` when every file is read."""
        where = self.root
        out = []
        if self.unsupported:
            kinds = ", ".join(
                f"{n:,} {ext}" for ext, n in sorted(self.unsupported.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            out.append(f"{where}: skipped {kinds}: no reader for these (supported: {', '.join(ARTICLE_SUFFIXES)})")
        hidden = self.hidden
        if hidden:
            names = ", ".join(hidden[:5]) + (f" and {len(hidden) - 5:,} more" if len(hidden) > 5 else "")
            plural = "s" if len(hidden) > 1 else ""
            out.append(
                f"{where}: skipped {len(hidden):,} hidden file{plural} or folder{plural} (a name starting with '.'): {names}"
            )
        out.extend(f"{where}: skipped {note}" for note in self.left_out)
        return out


def _is_report_output(folder: Path) -> bool:
    """A folder the report wrote (it holds ``report.html``, or both ``figures/`` and ``notebooks/``)."""
    return any((folder / name).is_file() for name in _REPORT_FILES) or all(
        (folder / name).is_dir() for name in _REPORT_FOLDERS
    )


def _entry_problem(path: Path, exc: OSError, is_link: bool) -> Problem:
    if exc.errno == errno.ELOOP:
        return Problem(
            str(path), "a symbolic link that loops (it points back to itself, directly or through other links)"
        )
    if exc.errno == errno.ENOENT and is_link:
        return Problem(str(path), f"a broken symbolic link (its target {os.readlink(path)} does not exist)")
    return Problem(str(path), f"cannot be read ({exc.strerror or exc})")


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def list_corpus(path: str | Path, *, exclude: Iterable[str | os.PathLike] | str | os.PathLike | None = None) -> Listing:
    """Every article file under ``path``, read recursively, and an account of everything else.

    Subfolders are read (a file's name in the corpus is its path relative to
    ``path``); symbolic links are followed, a folder reached twice (a link to
    an ancestor) is read once. Left out, and counted in :attr:`Listing.left_out`
    or :attr:`Listing.unsupported`: files with no reader, hidden files and
    folders (``.git``, ``.DS_Store``), ``catalog.csv`` (the top folder's is the
    catalog), folders under ``exclude`` or :func:`coopetition.paths.excluded`,
    the cache and figures folders (:mod:`coopetition.paths`),
    and a subfolder that is a report's output (it holds ``report.html``, or
    ``figures/`` and ``notebooks/``). A symbolic link that loops or points
    nowhere, a FIFO, a socket or a device is never opened: it is a
    :class:`~coopetition.reading.readers.Problem`, for the caller's ``errors`` to settle.

    Args:
        path: a folder of articles, or one article file (a corpus of one).
        exclude: folders (or files) never read, besides :func:`coopetition.paths.excluded`.

    Raises:
        CorpusError: ``path`` does not exist or is not a folder or a file.
    """
    root = Path(require_path(path)).expanduser()
    skip = {
        **_output_folders(),
        **dict.fromkeys(paths.excluded(), "excluded (COOPETITION_EXCLUDE)"),
        **dict.fromkeys(_excluded(exclude), "excluded (exclude=)"),
    }
    listing = Listing(root)
    real_root = Path(os.path.realpath(root))
    for folder, why in skip.items():
        if why.startswith("excluded") and (folder == real_root or folder in real_root.parents):
            setting = why[why.index("(") + 1 : -1]
            raise CorpusError(
                f"{root}: nothing to read, it is {'' if folder == real_root else 'inside '}a folder that is "
                f"excluded ({setting}: {folder})"
            )
    try:
        top = root.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT and not root.is_symlink():
            what = "file" if os.path.splitext(root.name)[1].lower() in ARTICLE_SUFFIXES else "folder of articles"
            raise CorpusError(f"{root}: no such {what}") from None
        raise CorpusError(str(_entry_problem(root, exc, root.is_symlink()))) from None
    if stat.S_ISREG(top.st_mode):
        listing.files, listing.names = [root], [printable(root.name)]
        return listing
    if not stat.S_ISDIR(top.st_mode):
        kind = next((k for test, k in _SPECIAL_KINDS if test(top.st_mode)), "not a folder or a file")
        raise CorpusError(f"{root}: {kind}, not a folder of articles")
    found: list[tuple[str, Path]] = []
    seen = {(top.st_dev, top.st_ino)}
    pending = [(root, "", Path(os.path.realpath(root)))]
    while pending:
        folder, prefix, real_folder = pending.pop()
        try:
            with os.scandir(folder) as listed:
                entries = sorted(listed, key=lambda e: e.name)
        except OSError as exc:
            listing.problems.append(Problem(str(folder), f"a folder that cannot be listed ({exc.strerror or exc})"))
            continue
        for entry in entries:
            name, full = f"{prefix}{printable(entry.name)}", Path(entry.path)  # the name in tables; full is read
            if entry.name.startswith("."):
                listing.hidden.append(name)
                continue
            is_link = entry.is_symlink()
            real = (
                Path(os.path.realpath(full)) if is_link else real_folder / entry.name
            )  # never raises, even for a loop
            if real in skip:
                listing.left_out.append(f"{name}: {skip[real]}")
                continue
            try:
                info = entry.stat(follow_symlinks=True)
            except OSError as exc:
                listing.problems.append(_entry_problem(full, exc, is_link))
                continue
            if stat.S_ISDIR(info.st_mode):
                if (info.st_dev, info.st_ino) in seen:
                    listing.problems.append(
                        Problem(str(full), "a link to a folder already read (a loop, or a second way in)")
                    )
                elif _is_report_output(full):
                    listing.left_out.append(f"{name}/: a report's output (report.html, figures/, notebooks/)")
                else:
                    seen.add((info.st_dev, info.st_ino))
                    pending.append((full, f"{name}/", real))
                continue
            if not stat.S_ISREG(info.st_mode):
                kind = next((k for test, k in _SPECIAL_KINDS if test(info.st_mode)), "not a regular file")
                listing.problems.append(Problem(str(full), f"{kind}, not an article file"))
                continue
            suffix = os.path.splitext(entry.name)[1].lower()
            if entry.name == paths.catalog_path(root).name:
                if prefix:
                    listing.left_out.append(f"{name}: only the top folder's catalog.csv is read")
                continue
            if entry.name in NOT_ARTICLES and not prefix:
                continue  # the corpus's coding sheet (coopetition.model.coding), read by labeller_for
            if suffix not in ARTICLE_SUFFIXES:
                listing.unsupported[suffix or "(no extension)"] += 1
                continue
            found.append((name, full))
    found.sort(key=lambda item: item[0])
    listing.names = [name for name, _ in found]
    listing.files = [full for _, full in found]
    listing.problems.sort(key=lambda p: p.where)
    return listing


def _output_folders() -> dict[Path, str]:
    """The package's own output folders (cache, figures), never read as articles."""
    found = {}
    for folder, what in (
        (lambda: paths.cache_dir(create=False), "the cache folder"),
        (lambda: paths.figures_dir(create=False), "the figures folder"),
    ):
        try:
            found[folder().resolve()] = what
        except (OSError, RuntimeError):  # outside a checkout with nothing configured: no such folder
            continue
    return found


def _excluded(exclude) -> set[Path]:
    if exclude is None:
        return set()
    values = [exclude] if isinstance(exclude, (str, os.PathLike)) else exclude
    if not isinstance(values, Iterable):
        raise TypeError(f"exclude must be a path or a list of paths, not {type(exclude).__name__}")
    return {
        Path(require_path(v, "each path in exclude") if not isinstance(v, os.PathLike) else v).expanduser().resolve()
        for v in values
    }


def warn_left_out(listing: Listing) -> None:
    """A :class:`CorpusWarning` for each kind of file :func:`list_corpus` left out (see :meth:`Listing.summary`)."""
    for sentence in listing.summary():
        corpus_warning(sentence)


def corpus_catalog(listing: Listing) -> pd.DataFrame:
    """The catalog beside the listed files, indexed by ``file``, checked against them.

    Raises:
        CorpusError: a catalog row whose file is absent (for a folder).
    """
    single = listing.files == [listing.root]
    folder = listing.root.parent if single else listing.root
    catalog = read_catalog(folder).set_index("file", drop=False)
    names = set(listing.names) if not single else {printable(listing.root.name)}
    absent = [key for key in catalog.index if catalog_file(key, names) not in names]
    if absent and not single:
        raise CorpusError(f"{paths.catalog_path(folder)}: lists {', '.join(absent)}, not found in {folder}")
    return catalog


def catalog_for(path: Path, *, exclude=None, errors: str = "raise") -> tuple[list[Path], pd.DataFrame]:
    """The article files under ``path`` (a folder, read recursively, or one file) and the
    catalog beside them, indexed by ``file``, checked against each other.

    Files with no reader and hidden files are left out with a :class:`CorpusWarning`
    (:func:`list_corpus`); entries that cannot be read (a looping or broken link,
    a FIFO) are settled by ``errors`` (:func:`settle_problems`).

    Raises:
        CorpusError: a missing or empty folder, a catalog row whose file is absent,
            or (``errors="raise"``) an entry that cannot be read.
    """
    listing = list_corpus(path, exclude=exclude)
    warn_left_out(listing)
    settle_problems(listing.problems, check_errors(errors))
    _require_files(listing)
    return listing.files, corpus_catalog(listing)


def _require_files(listing: Listing) -> None:
    if not listing.files:
        raise CorpusError(f"{listing.root}: no articles in this folder (looked for {', '.join(ARTICLE_SUFFIXES)})")


def catalog_file(key: str, names: Iterable[str] | None = None) -> str:
    """The file a catalog key names: the key itself (``page#2.txt``: a ``#`` may be part of a
    file name), else the longest part before a ``#`` that is one of ``names``
    (``d#x.jsonl#a#1`` → ``d#x.jsonl``, a record's id may hold ``#`` too), else the part
    before the first ``#``."""
    if names is not None:
        names = names if isinstance(names, (set, frozenset, dict)) else set(names)
        if key in names:
            return key
        cuts = [i for i, ch in enumerate(key) if ch == "#"]
        for i in reversed(cuts):
            if key[:i] in names:
                return key[:i]
    return key.split("#", 1)[0]


def catalog_rows(catalog: pd.DataFrame | None, names: Iterable[str] | None = None) -> dict[str, dict[str, dict]]:
    """The catalog as ``{file name: {file key: row}}``, so each file's rows travel with it to a worker
    (``names``: the listed files, so a ``#`` in a file name is read right; see :func:`catalog_file`)."""
    grouped: dict[str, dict[str, dict]] = {}
    if catalog is not None:
        names = set(names) if names is not None else None
        for row in catalog.to_dict("records"):
            grouped.setdefault(catalog_file(row["file"], names), {})[row["file"]] = row
    return grouped

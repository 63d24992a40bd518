"""Building the corpus table: read every article file, join the catalog, clean, describe.

``load_corpus`` is the one entry point the notebooks use. A folder may mix
every format :mod:`coopetition.reading.readers` reads (``.txt``, ``.md``, ``.html``,
``.htm``, ``.jsonl``, ``.csv``); a record-per-line file gives one row per
record. Metadata comes from ``catalog.csv`` when it has a row for the
article, else from the file's own metadata and the text
(:mod:`coopetition.reading.metadata`). Near-duplicates are flagged
(:mod:`coopetition.reading.dedup`), and articles that deserve a look — empty after
cleaning, an absurdly long line or title — raise a :class:`CorpusWarning`
naming the file and keep a note in the ``warnings`` column.
"""

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
from coopetition.cache import content_key, memo
from coopetition.cache import enabled as cache_enabled
from coopetition.text.charset import cjk_count
from coopetition.text.charset import CJK
from coopetition.text.clean import REPORT_COLUMNS, clean_with_report, detect_script, to_simplified
from coopetition.reading.dedup import THRESHOLD, DuplicateIndex, find_duplicates, signature, without_duplicates
from coopetition.reading.metadata import metadata_rules
from coopetition.reading.metadata import extract_metadata
from coopetition.reading.metadata import find_date as parse_date
from coopetition.reading.readers import (
    ARTICLE_SUFFIXES,
    CorpusError,
    CorpusWarning,
    Problem,
    RawArticle,
    corpus_warning,
    file_kind,
    printable,
    read_article,
    read_articles,
    require_path,
)

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "read_article",
    "read_catalog",
    "load_corpus",
    "article_record",
    "file_records",
    "settle_problems",
    "read_each",
    "list_corpus",
    "check_corpus",
    "Listing",
    "assign_doc_ids",
    "parse_date",
    "CATALOG_COLUMNS",
    "CORPUS_COLUMNS",
]

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
        raise CorpusError(f"{path}: the catalog is empty; it needs a header row ({', '.join(CATALOG_COLUMNS)}), "
                          "or delete it to read the metadata from the files") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the catalog ({exc.strerror or exc})") from None
    missing = [c for c in CATALOG_COLUMNS if c not in catalog.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("doc_id", "file"):
        stated = catalog[column][catalog[column].str.strip() != ""] if column == "doc_id" else catalog[column]
        repeated = stated[stated.duplicated()].tolist()
        if repeated:
            raise CorpusError(f"{path}: {column} repeats: {', '.join(repeated)}")
    for row in catalog.itertuples():
        if row.date:
            try:
                dt.date.fromisoformat(row.date)
            except ValueError:
                raise CorpusError(f"{path}: date {row.date!r} of {row.file} is not an ISO date (YYYY-MM-DD)") from None
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
            kinds = ", ".join(f"{n:,} {ext}" for ext, n in sorted(self.unsupported.items(), key=lambda kv: (-kv[1], kv[0])))
            out.append(f"{where}: skipped {kinds}: no reader for these (supported: {', '.join(ARTICLE_SUFFIXES)})")
        hidden = self.hidden
        if hidden:
            names = ", ".join(hidden[:5]) + (f" and {len(hidden) - 5:,} more" if len(hidden) > 5 else "")
            plural = "s" if len(hidden) > 1 else ""
            out.append(f"{where}: skipped {len(hidden):,} hidden file{plural} or folder{plural} (a name starting with '.'): {names}")
        out.extend(f"{where}: skipped {note}" for note in self.left_out)
        return out


def _is_report_output(folder: Path) -> bool:
    """A folder the report wrote (it holds ``report.html``, or both ``figures/`` and ``notebooks/``)."""
    return any((folder / name).is_file() for name in _REPORT_FILES) or all((folder / name).is_dir() for name in _REPORT_FOLDERS)


def _entry_problem(path: Path, exc: OSError, is_link: bool) -> Problem:
    if exc.errno == errno.ELOOP:
        return Problem(str(path), "a symbolic link that loops (it points back to itself, directly or through other links)")
    if exc.errno == errno.ENOENT and is_link:
        return Problem(str(path), f"a broken symbolic link (its target {os.readlink(path)} does not exist)")
    return Problem(str(path), f"cannot be read ({exc.strerror or exc})")


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"))


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
    skip = {**_output_folders(), **dict.fromkeys(paths.excluded(), "excluded (COOPETITION_EXCLUDE)"),
            **dict.fromkeys(_excluded(exclude), "excluded (exclude=)")}
    listing = Listing(root)
    real_root = Path(os.path.realpath(root))
    for folder, why in skip.items():
        if why.startswith("excluded") and (folder == real_root or folder in real_root.parents):
            setting = why[why.index("(") + 1:-1]
            raise CorpusError(f"{root}: nothing to read, it is {'' if folder == real_root else 'inside '}a folder that is "
                              f"excluded ({setting}: {folder})")
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
            real = Path(os.path.realpath(full)) if is_link else real_folder / entry.name  # never raises, even for a loop
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
                    listing.problems.append(Problem(str(full), "a link to a folder already read (a loop, or a second way in)"))
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
    for folder, what in ((lambda: paths.cache_dir(create=False), "the cache folder"),
                         (lambda: paths.figures_dir(create=False), "the figures folder")):
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
    return {Path(require_path(v, "each path in exclude") if not isinstance(v, os.PathLike) else v).expanduser().resolve()
            for v in values}


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


def _id_choices(article: RawArticle) -> tuple[str, ...]:
    """The ``doc_id`` candidates of an article, most preferred first (see :func:`assign_doc_ids`)."""
    if article.key != article.file:  # a record: stem-id, then the catalog key (with its subfolder)
        choices = (article.key, article.file)
    else:  # a file: its numeric prefix, stem and name, then its path in the corpus (a subfolder's file)
        name = Path(article.file)
        prefix = _DOC_ID_RE.match(name.name)
        choices = (prefix.group(1) if prefix else name.stem, name.stem, name.name, name.with_suffix("").as_posix(), name.as_posix())
    return tuple(dict.fromkeys(choices))


def assign_doc_ids(choices: list[tuple[str, ...]], fixed: list[str | None] | None = None) -> list[str]:
    """Unique ``doc_id`` values: each article takes its first candidate that no other
    article wants at the same step and none has taken; the rest get ``-2``, ``-3``…

    Deterministic for a given order, never an error: ``20250912_a.txt`` and
    ``20250912_b.txt`` both want ``20250912``, so they fall back to their
    stems; ``a.txt`` and ``a.md`` fall back to their full names; ``x/a.txt``
    and ``y/a.txt`` to their paths without the extension (``x/a``, ``y/a``).

    Args:
        choices: per article, its candidates (numeric prefix, stem, file name).
        fixed: per article, an id it must keep (a catalog ``doc_id``), or ``None``.

    Example:
        >>> assign_doc_ids([("000", "000_x"), ("001", "001_y"), ("2025", "2025_a"), ("2025", "2025_b")])
        ['000', '001', '2025_a', '2025_b']
    """
    result = list(fixed) if fixed is not None else [None] * len(choices)
    taken = {d for d in result if d}
    pending = [i for i, d in enumerate(result) if not d]
    for level in range(max((len(c) for c in choices), default=0)):
        wanted = Counter(choices[i][level] for i in pending if level < len(choices[i]))
        for i in pending:
            if level < len(choices[i]) and wanted[choices[i][level]] == 1 and choices[i][level] not in taken:
                result[i] = choices[i][level]
                taken.add(result[i])
        pending = [i for i in pending if not result[i]]
    for i in pending:  # wanted by several at every step: the first takes its first free candidate,
        free = next((c for c in choices[i] if c not in taken), None)  # the rest are numbered
        base, n = choices[i][-1], 2
        candidate = free if free is not None else base
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        result[i] = candidate
        taken.add(candidate)
    return result  # type: ignore[return-value]


def _warnings(article: RawArticle, text: str) -> list[str]:
    """What deserves a look in one article: bytes that did not decode, no words after cleaning,
    little Chinese text, an absurdly long line or title."""
    limits = metadata_rules()
    notes = list(article.notes)
    lost = article.raw.count("\ufffd")
    if lost:
        notes.append(f"{lost:,} {'character' if lost == 1 else 'characters'} did not decode (a damaged or cut-off file); cleaning drops them")
    if not _CONTENT_RE.search(text):
        notes.append("no words are left after cleaning (it was empty, punctuation or site furniture only)")
    chinese, latin = cjk_count(text), len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    if chinese + latin >= _SCRIPT_MIN_LETTERS and chinese < _MIN_CHINESE_SHARE * (chinese + latin):
        notes.append(f"only {chinese / (chinese + latin):.0%} of its letters are Chinese characters: is it a Chinese article?")
    longest = max(map(len, article.raw.splitlines()), default=0)
    if longest > limits.long_line_chars:
        notes.append(f"a line of {longest:,} characters (over {limits.long_line_chars:,}); is it one article?")
    title = article.given.get("title", "")
    if len(title) > limits.title_chars:
        notes.append(f"its title of {len(title):,} characters is cut to {limits.title_chars}")
    return notes


def _cleaned(raw: str) -> list:
    """The clean text, the cleaning report and the near-duplicate signature (as hex),
    the cached part of an article's record."""
    text, report = clean_with_report(raw)
    return [text, report, signature(text).hex()]


def article_record(article: RawArticle | str | Path, meta: dict | None = None, *, cache: bool = True) -> dict:
    """Clean and describe one article as a corpus row (a plain, picklable dict).

    Args:
        article: a :class:`~coopetition.reading.readers.RawArticle`, or the path of a
            file that holds one article.
        meta: its catalog row, if it has one (the catalog is authoritative:
            an empty field means "not stated"); otherwise title, outlet, date,
            author and script come from the file and the text.
        cache: serve and store the cleaned text in the article cache.

    Returns:
        The row, with ``doc_id`` provisional until :func:`corpus_frame` makes
        every id unique, and ``warnings`` noting an empty or oversized article.

    Raises:
        CorpusError: the file is empty, binary or undecodable, or holds several records.
    """
    if not isinstance(article, RawArticle):
        articles = read_articles(article)
        if len(articles) != 1:
            raise CorpusError(f"{article}: holds {len(articles)} records; read it with file_records")
        article = articles[0]
    raw = article.raw
    text, report, minhash = memo("clean", raw, lambda: _cleaned(raw), use=cache)
    found = extract_metadata(raw, article.given, clean=text)
    if meta is not None:
        row = {k: to_simplified(v) if k in ("title", "outlet") else v for k, v in meta.items()}
        row = {**found, **{k: row[k] for k in CATALOG_COLUMNS}, "id_choices": ()}
        if not row["doc_id"].strip():  # an empty doc_id is not stated, like any empty field: the file's own
            row["id_choices"] = _id_choices(article)
            row["doc_id"] = row["id_choices"][0]
    else:
        row = {**found, "script": detect_script(raw), "note": "", "id_choices": _id_choices(article)}
        row["doc_id"] = row["id_choices"][0]
    return {
        "doc_id": row["doc_id"],
        "file": article.file,
        "path": article.name or article.file,
        "title": row["title"],
        "outlet": row["outlet"],
        "site": row["site"],
        "date": row["date"],
        "author": row["author"],
        "url": row["url"],
        "script": row["script"],
        "format": article.format,
        "note": row["note"],
        "encoding": article.encoding,
        "warnings": "; ".join(_warnings(article, text)),
        "raw": raw,
        "text": text,
        "raw_chars": len(raw),
        "clean_chars": len(text),
        **report,
        "id_choices": row["id_choices"],
        "minhash": bytes.fromhex(minhash),
        "source": article.source,
    }


def file_records(path: str | Path, rows: dict[str, dict] | None = None, *, cache: bool = True, name: str | None = None,
                 problems: list | None = None) -> list[dict]:
    """Every article of one file as corpus rows (:func:`article_record`).

    Args:
        path: a file in any supported format.
        rows: its catalog rows by ``file`` key (name, or ``name#id`` for a record).
        name: the file as the corpus names it (its path relative to the corpus folder).
        problems: a list collecting the bad records of a dump, whose good
            records are kept (default: the first bad record raises).
    """
    rows = rows or {}
    return [article_record(a, rows.get(a.file), cache=cache) for a in read_articles(path, name=name, problems=problems)]


#: what to do with a file that cannot be read: ``raise`` one error naming every such file, after
#: reading the others, or ``skip`` it with a warning naming it and the reason
ERRORS = ("raise", "skip")
#: unreadable files named one per line in the error before "and k more"
_LISTED_PROBLEMS = 20


def check_errors(errors: object) -> str:
    """``errors`` if it is one of :data:`ERRORS`; else a ``ValueError`` naming them."""
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(map(repr, ERRORS))}, not {errors!r}")
    return errors  # type: ignore[return-value]


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def settle_problems(problems: list, errors: str, *, hint: str = "errors='skip' loads the rest with a warning for each",
                    stacklevel: int = 3) -> None:
    """Act on the files and records that could not be read.

    Each problem is a :class:`~coopetition.reading.readers.Problem` (a file, or one
    record of a dump) or a :class:`CorpusError` message naming its file. With
    ``errors="raise"``, one :class:`CorpusError` lists them all, so one run finds
    every bad file and record of a crawl; with ``"skip"``, each is a
    :class:`CorpusWarning` naming it (``<file>: skipped: <reason>``;
    ``<file>: line 3 (id 'a17'): skipped: <reason>`` for a record, whose file's
    other records are read) and loading goes on. ``hint`` says in the error what
    the caller can do about them. Warnings point at the user's call and are shown
    for every problem, every time (``stacklevel`` is kept for callers; unused).
    """
    if not problems:
        return
    problems = [p if isinstance(p, Problem) else Problem(*str(p).partition(": ")[::2]) for p in problems]
    if errors == "skip":
        for problem in problems:
            tail = "; the file's other records are read" if problem.record else ""
            corpus_warning(f"{problem.where}: skipped: {problem.reason}{tail}")
        return
    if len(problems) == 1:
        raise CorpusError(str(problems[0]))
    records = sum(p.record for p in problems)
    files = len(problems) - records
    what = " and ".join(x for x in (_count(files, "file") if files else "", _count(records, "record") if records else "") if x)
    listed = "\n".join(f"  {p}" for p in problems[:_LISTED_PROBLEMS])
    more = f"\n  and {len(problems) - _LISTED_PROBLEMS:,} more" if len(problems) > _LISTED_PROBLEMS else ""
    raise CorpusError(f"{what} could not be read ({hint}):\n{listed}{more}")


def read_each(files: list[Path], read, errors: str, *, problems: list | None = None, **settle) -> list:
    """``read(file)`` for every file, in order, then :func:`settle_problems` on ``problems``
    (what the caller found before, and what ``read`` adds to it: a dump's bad records) and
    the files whose read raised a :class:`CorpusError`: the results of the others
    (``settle``: its ``hint``)."""
    results, problems = [], problems if problems is not None else []
    for file in files:
        try:
            results.append(read(file))
        except CorpusError as exc:
            problems.append(str(exc))
    settle_problems(problems, errors, **settle)
    return results


def check_corpus(path: str | Path, *, errors: str = "raise", exclude=None,
                 hint: str = "errors='skip' loads the rest with a warning for each") -> Listing:
    """Check, before any long work, that every article file under ``path`` can be read:
    listing and decoding only (records parsed, nothing cleaned), as :func:`load_corpus` reads them.

    Args:
        path: a folder of articles (read with its subfolders) or one file.
        errors: ``"raise"``: one :class:`CorpusError` naming every file and record
            that cannot be read; ``"skip"``: a :class:`CorpusWarning` for each.
        exclude: folders never read, as in :func:`load_corpus`.
        hint: what the caller can do about them, for the error.

    Returns:
        The :class:`Listing` (files left out are warned about, as by :func:`load_corpus`).

    Raises:
        CorpusError: no such folder, no article in it, a catalog row whose file is
            absent, or (``errors="raise"``) the files and records that cannot be read.
    """
    check_errors(errors)
    listing = list_corpus(path, exclude=exclude)
    warn_left_out(listing)
    if not listing.problems:
        _require_files(listing)
    corpus_catalog(listing)
    names = dict(zip(listing.files, listing.names))
    problems: list = list(listing.problems)
    read_each(listing.files, lambda file: read_articles(file, name=names[file], problems=problems), errors,
              problems=problems, hint=hint)
    _require_files(listing)
    return listing


def load_corpus(path: str | Path | None = None, *, drop_duplicates: bool = False, errors: str = "raise",
                exclude: str | os.PathLike | Iterable[str | os.PathLike] | None = None) -> pd.DataFrame:
    """Load, decode, clean and describe every article in a folder and its subfolders.

    Args:
        path: a folder of articles (default :func:`coopetition.paths.seeds_dir`,
            which honours ``COOPETITION_SEEDS``), read with its subfolders, or a
            single file (a corpus of one), in any format of
            :mod:`coopetition.reading.readers`. What is left out and why is in
            :func:`list_corpus`: files with no reader (one warning counting them
            by type), hidden files, a report's output folder.
        drop_duplicates: leave out the articles flagged as near-duplicates of
            another (``duplicate_of`` set; the copy with the smallest
            ``doc_id`` stays). Same as :func:`coopetition.reading.dedup.without_duplicates`.
        errors: ``"raise"`` (default): every file is read, then one
            :class:`CorpusError` names each file and record that could not be
            (empty, binary, undecodable, a looping or broken symbolic link, a
            FIFO; a bad record of a ``.jsonl``/``.csv``, by line and id);
            ``"skip"``: such a file, or such a record (the file's other records
            are kept), is left out with a :class:`CorpusWarning` naming it and
            the reason.
        exclude: folders (or files) never read, such as an output folder
            inside ``path``; added to :func:`coopetition.paths.excluded`
            (``COOPETITION_EXCLUDE``).

    Returns:
        One row per article, sorted by ``doc_id``, with the catalog's
        ``doc_id, file, title, outlet, date, script, note``, plus ``path``
        (the file relative to the folder, ``sub/dump.jsonl``), ``site``,
        ``author``, ``url``, ``format``, the ``encoding`` used, ``warnings``,
        ``duplicate_of``, ``raw`` (the text as read), ``text`` (cleaned,
        simplified), ``raw_chars``, ``clean_chars``, and one ``n_<step>``
        column per cleaning step. Without a catalog row, metadata comes from
        the file (page metadata, record fields) and the text: ``outlet`` is
        the outlet the article credits (``来源:X``, ``X讯``, ``出品|X``…, see
        :mod:`coopetition.reading.metadata`), ``site`` the hosting site when the file
        names it (a page's site name, a record's ``site`` or ``url`` host;
        ``""`` for plain text), so a repost reads outlet X, site Y.

    Raises:
        CorpusError: naming the file, for a missing folder or a catalog row
            whose file is absent; naming every such file, for empty, binary or
            undecodable files and bad records (unless ``errors="skip"``).
        ValueError: ``errors`` is not one of :data:`ERRORS`.

    Warns:
        CorpusWarning: naming the file, for an article empty after cleaning,
            with bytes that did not decode, or with an absurdly long line or
            title; and for each file skipped with ``errors="skip"``.
    """
    check_errors(errors)
    path = Path(require_path(path)).expanduser() if path is not None else paths.seeds_dir()
    listing = list_corpus(path, exclude=exclude)
    warn_left_out(listing)
    if not listing.problems:
        _require_files(listing)
    grouped = catalog_rows(corpus_catalog(listing), listing.names)
    names = dict(zip(listing.files, listing.names))
    problems: list = list(listing.problems)
    records = read_each(
        listing.files, lambda file: file_records(file, grouped.get(names[file]), name=names[file], problems=problems), errors,
        problems=problems,
    )
    _require_files(listing)
    corpus = corpus_frame([row for rows in records for row in rows], path)
    return without_duplicates(corpus) if drop_duplicates else corpus


def _duplicates(doc_ids: list[str], signatures: list[bytes], cache: bool, index: DuplicateIndex | None = None) -> list[str]:
    """:func:`~coopetition.reading.dedup.find_duplicates`, from the cache when the same
    articles were compared before (a re-run then needs no LSH index at all), or
    from ``index`` when the caller has already filled it with these signatures."""
    compare = (lambda: index.result(doc_ids)) if index is not None else (lambda: find_duplicates(doc_ids, signatures))
    if not (cache and cache_enabled()):
        return compare()
    key = content_key("duplicates", repr(THRESHOLD), *doc_ids, *signatures)
    return memo("duplicates", key, compare)


def corpus_frame(rows: list[dict], where: Path, *, cache: bool = True, duplicates: DuplicateIndex | None = None) -> pd.DataFrame:
    """The corpus table from :func:`article_record` rows: unique ``doc_id`` values
    (:func:`assign_doc_ids`), warnings raised, duplicates flagged, sorted, labelled.
    ``cache=False`` compares the articles afresh instead of reading the cache;
    ``duplicates`` is a :class:`~coopetition.reading.dedup.DuplicateIndex` already
    holding the rows' signatures, in order.

    Raises:
        CorpusError: naming ``where``, when there is no article at all.
    """
    if not rows:
        raise CorpusError(f"{where}: no articles")
    fixed = [row["doc_id"] if not row["id_choices"] else None for row in rows]
    for row, doc_id in zip(rows, assign_doc_ids([row["id_choices"] or (row["doc_id"],) for row in rows], fixed)):
        row["doc_id"] = doc_id
        if row["warnings"]:
            corpus_warning(f"{_where(row)}: {row['warnings']}")
    corpus = pd.DataFrame(rows)
    corpus["duplicate_of"] = _duplicates(corpus["doc_id"].tolist(), corpus["minhash"].tolist(), cache, duplicates)
    corpus = corpus.drop(columns=list(_PRIVATE)).sort_values("doc_id", kind="stable").reset_index(drop=True)
    corpus["label"] = _labels(corpus)
    return corpus[[*CORPUS_COLUMNS, *REPORT_COLUMNS]]


def _where(row: dict) -> str:
    """The article in a message: its path, and for a record of a dump its id (``/crawl/dump.jsonl#a17``)."""
    source = row["source"] or row["file"]
    if row["file"] != row.get("path", row["file"]) and row["file"].startswith(f"{row['path']}#"):
        return f"{source}#{row['file'][len(row['path']) + 1:]}"
    return source


def doc_label(row) -> str:
    """A short label for plots: ``"003 HiShop 2015-06"``."""
    parts = [row["doc_id"], row["outlet"] or "(no outlet)", row["date"][:7] if row["date"] else "undated"]
    return " ".join(parts)


def _labels(corpus: pd.DataFrame) -> pd.Series:
    """:func:`doc_label` of every row, by column rather than row by row."""
    outlet = corpus["outlet"].where(corpus["outlet"] != "", "(no outlet)")
    month = corpus["date"].str[:7].where(corpus["date"] != "", "undated")
    return corpus["doc_id"] + " " + outlet + " " + month


CORPUS_COLUMNS = (
    "doc_id", "file", "path", "title", "outlet", "site", "date", "author", "url", "script", "format", "encoding", "note",
    "label", "warnings", "duplicate_of", "raw", "text", "raw_chars", "clean_chars",
)

"""Building the corpus table: read every article file, join the catalog, clean, describe.

``load_corpus`` is the one entry point the notebooks use. A folder may mix
every format :mod:`coopetition.readers` reads (``.txt``, ``.md``, ``.html``,
``.htm``, ``.jsonl``, ``.csv``); a record-per-line file gives one row per
record. Metadata comes from ``catalog.csv`` when it has a row for the
article, else from the file's own metadata and the text
(:mod:`coopetition.metadata`). Near-duplicates are flagged
(:mod:`coopetition.dedup`), and articles that deserve a look — empty after
cleaning, an absurdly long line or title — raise a :class:`CorpusWarning`
naming the file and keep a note in the ``warnings`` column.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

from coopetition import paths
from coopetition.cache import content_key, memo
from coopetition.cache import enabled as cache_enabled
from coopetition.charset import cjk_count
from coopetition.clean import CJK, REPORT_COLUMNS, clean_with_report, detect_script, to_simplified
from coopetition.dedup import THRESHOLD, DuplicateIndex, find_duplicates, signature, without_duplicates
from coopetition.metadata import RULES as METADATA_RULES
from coopetition.metadata import extract_metadata
from coopetition.metadata import find_date as parse_date
from coopetition.readers import (
    ARTICLE_SUFFIXES,
    CorpusError,
    CorpusWarning,
    RawArticle,
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
    "assign_doc_ids",
    "parse_date",
    "CATALOG_COLUMNS",
    "CORPUS_COLUMNS",
]

#: files of a corpus folder that are not articles besides the catalog: a coding sheet (:mod:`coopetition.coding`)
NOT_ARTICLES = ("coding.csv",)
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
    if not path.exists():
        return pd.DataFrame(columns=list(CATALOG_COLUMNS), dtype=str)
    try:
        catalog = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise CorpusError(f"{path}: not a UTF-8 CSV catalog ({exc})") from None
    missing = [c for c in CATALOG_COLUMNS if c not in catalog.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("doc_id", "file"):
        repeated = catalog[column][catalog[column].duplicated()].tolist()
        if repeated:
            raise CorpusError(f"{path}: {column} repeats: {', '.join(repeated)}")
    for row in catalog.itertuples():
        if row.date:
            try:
                dt.date.fromisoformat(row.date)
            except ValueError:
                raise CorpusError(f"{path}: date {row.date!r} of {row.file} is not an ISO date (YYYY-MM-DD)") from None
    return catalog[list(CATALOG_COLUMNS)]


def _article_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CorpusError(f"{path}: no such folder of articles")
    not_articles = {paths.catalog_path(path).name, *NOT_ARTICLES}
    with os.scandir(path) as entries:  # file or not from the directory listing, without a stat per file
        names = sorted(
            e.name for e in entries if os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES and e.name not in not_articles and e.is_file()
        )
    files = [path / name for name in names]
    if not files:
        raise CorpusError(f"{path}: no articles in this folder (looked for {', '.join(ARTICLE_SUFFIXES)})")
    return files


def catalog_for(path: Path) -> tuple[list[Path], pd.DataFrame]:
    """The article files under ``path`` (a folder or one file) and the catalog
    beside them, indexed by ``file``, checked against each other.

    Raises:
        CorpusError: a missing or empty folder, or a catalog row whose file is absent.
    """
    files = _article_files(path)
    folder = path if path.is_dir() else path.parent
    catalog = read_catalog(folder).set_index("file", drop=False)
    names = {f.name for f in files}
    absent = [key for key in catalog.index if key.split("#", 1)[0] not in names]
    if absent and path.is_dir():
        raise CorpusError(f"{paths.catalog_path(folder)}: lists {', '.join(absent)}, not found in {folder}")
    return files, catalog


def catalog_rows(catalog: pd.DataFrame | None) -> dict[str, dict[str, dict]]:
    """The catalog as ``{file name: {file key: row}}``, so each file's rows travel with it to a worker."""
    grouped: dict[str, dict[str, dict]] = {}
    if catalog is not None:
        for row in catalog.to_dict("records"):
            grouped.setdefault(row["file"].split("#", 1)[0], {})[row["file"]] = row
    return grouped


def _id_choices(article: RawArticle) -> tuple[str, ...]:
    """The ``doc_id`` candidates of an article, most preferred first (see :func:`assign_doc_ids`)."""
    if "#" in article.file:  # a record: stem-id, then the catalog key
        choices = (article.key, article.file)
    else:
        name = Path(article.file)
        prefix = _DOC_ID_RE.match(name.name)
        choices = (prefix.group(1) if prefix else name.stem, name.stem, name.name)
    return tuple(dict.fromkeys(choices))


def assign_doc_ids(choices: list[tuple[str, ...]], fixed: list[str | None] | None = None) -> list[str]:
    """Unique ``doc_id`` values: each article takes its first candidate that no other
    article wants at the same step and none has taken; the rest get ``-2``, ``-3``…

    Deterministic for a given order, never an error: ``20250912_a.txt`` and
    ``20250912_b.txt`` both want ``20250912``, so they fall back to their
    stems; ``a.txt`` and ``a.md`` fall back to their full names.

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
    for i in pending:  # the same file name in two folders: the first keeps it, the rest are numbered
        base, n = choices[i][-1], 2
        candidate = base
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        result[i] = candidate
        taken.add(candidate)
    return result  # type: ignore[return-value]


def _warnings(article: RawArticle, text: str) -> list[str]:
    """What deserves a look in one article: bytes that did not decode, no words after cleaning,
    little Chinese text, an absurdly long line or title."""
    limits = METADATA_RULES
    notes = []
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
        article: a :class:`~coopetition.readers.RawArticle`, or the path of a
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
    else:
        row = {**found, "script": detect_script(raw), "note": "", "id_choices": _id_choices(article)}
        row["doc_id"] = row["id_choices"][0]
    return {
        "doc_id": row["doc_id"],
        "file": article.file,
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


def file_records(path: str | Path, rows: dict[str, dict] | None = None, *, cache: bool = True) -> list[dict]:
    """Every article of one file as corpus rows (:func:`article_record`).

    Args:
        path: a file in any supported format.
        rows: its catalog rows by ``file`` key (name, or ``name#id`` for a record).
    """
    rows = rows or {}
    return [article_record(a, rows.get(a.file), cache=cache) for a in read_articles(path)]


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


def settle_problems(problems: list[str], errors: str, *, hint: str = "errors='skip' loads the rest with a warning for each",
                    stacklevel: int = 3) -> None:
    """Act on the files that could not be read (each a :class:`CorpusError` message naming its file).

    With ``errors="raise"``, one :class:`CorpusError` lists them all, so one run
    finds every bad file of a crawl; with ``"skip"``, each is a
    :class:`CorpusWarning` (``skipped: <reason>``) and loading goes on. ``hint``
    says in the error what the caller can do about them; ``stacklevel`` points a
    warning at the caller's caller (the user's call of the loading function).
    """
    if not problems:
        return
    if errors == "skip":
        for problem in problems:
            file, _, reason = problem.partition(": ")
            warnings.warn(f"{file}: skipped: {reason}", CorpusWarning, stacklevel=stacklevel)
        return
    if len(problems) == 1:
        raise CorpusError(problems[0])
    listed = "\n".join(f"  {p}" for p in problems[:_LISTED_PROBLEMS])
    more = f"\n  and {len(problems) - _LISTED_PROBLEMS:,} more" if len(problems) > _LISTED_PROBLEMS else ""
    raise CorpusError(f"{len(problems):,} files could not be read ({hint}):\n{listed}{more}")


def read_each(files: list[Path], read, errors: str, **settle) -> list:
    """``read(file)`` for every file, in order, then :func:`settle_problems` on the files whose
    read raised a :class:`CorpusError`: the results of the others (``settle``: its ``hint``)."""
    results, problems = [], []
    for file in files:
        try:
            results.append(read(file))
        except CorpusError as exc:
            problems.append(str(exc))
    settle_problems(problems, errors, **{"stacklevel": 4, **settle})
    return results


def load_corpus(path: str | Path | None = None, *, drop_duplicates: bool = False, errors: str = "raise") -> pd.DataFrame:
    """Load, decode, clean and describe every article in a folder.

    Args:
        path: a folder of articles (default :func:`coopetition.paths.seeds_dir`,
            which honours ``COOPETITION_SEEDS``) or a single file, in any
            format of :mod:`coopetition.readers`.
        drop_duplicates: leave out the articles flagged as near-duplicates of
            another (``duplicate_of`` set; the copy with the smallest
            ``doc_id`` stays). Same as :func:`coopetition.dedup.without_duplicates`.
        errors: ``"raise"`` (default): every file is read, then one
            :class:`CorpusError` names each file that could not be (empty,
            binary, undecodable, a bad record); ``"skip"``: such a file is left
            out with a :class:`CorpusWarning` naming it and the reason.

    Returns:
        One row per article, sorted by ``doc_id``, with the catalog's
        ``doc_id, file, title, outlet, date, script, note``, plus ``site``,
        ``author``, ``url``, ``format``, the ``encoding`` used, ``warnings``,
        ``duplicate_of``, ``raw`` (the text as read), ``text`` (cleaned,
        simplified), ``raw_chars``, ``clean_chars``, and one ``n_<step>``
        column per cleaning step. Without a catalog row, metadata comes from
        the file (page metadata, record fields) and the text: ``outlet`` is
        the outlet the article credits (``来源:X``, ``X讯``, ``出品|X``…, see
        :mod:`coopetition.metadata`), ``site`` the hosting site when the file
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
    files, catalog = catalog_for(path)
    grouped = catalog_rows(catalog)
    records = read_each(files, lambda file: file_records(file, grouped.get(file.name)), errors)
    corpus = corpus_frame([row for rows in records for row in rows], path)
    return without_duplicates(corpus) if drop_duplicates else corpus


def _duplicates(doc_ids: list[str], signatures: list[bytes], cache: bool, index: DuplicateIndex | None = None) -> list[str]:
    """:func:`~coopetition.dedup.find_duplicates`, from the cache when the same
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
    ``duplicates`` is a :class:`~coopetition.dedup.DuplicateIndex` already
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
            warnings.warn(f"{row['source'] or row['file']}: {row['warnings']}", CorpusWarning, stacklevel=3)
    corpus = pd.DataFrame(rows)
    corpus["duplicate_of"] = _duplicates(corpus["doc_id"].tolist(), corpus["minhash"].tolist(), cache, duplicates)
    corpus = corpus.drop(columns=list(_PRIVATE)).sort_values("doc_id", kind="stable").reset_index(drop=True)
    corpus["label"] = _labels(corpus)
    return corpus[[*CORPUS_COLUMNS, *REPORT_COLUMNS]]


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
    "doc_id", "file", "title", "outlet", "site", "date", "author", "url", "script", "format", "encoding", "note",
    "label", "warnings", "duplicate_of", "raw", "text", "raw_chars", "clean_chars",
)

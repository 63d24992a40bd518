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

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from coopetition import paths
from coopetition.cache import content_key, memo
from coopetition.cache import enabled as cache_enabled
from coopetition.reading.dedup import THRESHOLD, DuplicateIndex, find_duplicates, signature, without_duplicates
from coopetition.reading.listing import (  # noqa: F401 - moved to their own module; still importable from here
    _CONTENT_RE,
    _DOC_ID_RE,
    _MIN_CHINESE_SHARE,
    _NOT_LATIN,
    _PRIVATE,
    _REPORT_FILES,
    _REPORT_FOLDERS,
    _SCRIPT_MIN_LETTERS,
    _SPECIAL_KINDS,
    CATALOG_COLUMNS,
    NOT_ARTICLES,
    Listing,
    _entry_problem,
    _excluded,
    _is_report_output,
    _output_folders,
    _require_files,
    catalog_file,
    catalog_for,
    catalog_rows,
    corpus_catalog,
    list_corpus,
    read_catalog,
    warn_left_out,
)
from coopetition.reading.metadata import METADATA_FIELDS, extract_metadata, metadata_rules
from coopetition.reading.metadata import find_date as parse_date  # noqa: F401 - importable from here, as before
from coopetition.reading.problems import (  # noqa: F401 - moved to their own module; still importable from here
    _LISTED_PROBLEMS,
    ERRORS,
    _count,
    check_errors,
    read_each,
    settle_problems,
)
from coopetition.reading.readers import (  # noqa: F401 - importable from here, as before
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
from coopetition.text.charset import (
    CJK,  # noqa: F401 - importable from here, as before
    cjk_count,
)
from coopetition.text.clean import REPORT_COLUMNS, clean_with_report, detect_script, to_simplified

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


def _id_choices(article: RawArticle) -> tuple[str, ...]:
    """The ``doc_id`` candidates of an article, most preferred first (see :func:`assign_doc_ids`)."""
    if article.key != article.file:  # a record: stem-id, then the catalog key (with its subfolder)
        choices: tuple[str, ...] = (article.key, article.file)
    else:  # a file: its numeric prefix, stem and name, then its path in the corpus (a subfolder's file)
        name = Path(article.file)
        prefix = _DOC_ID_RE.match(name.name)
        choices = (
            prefix.group(1) if prefix else name.stem,
            name.stem,
            name.name,
            name.with_suffix("").as_posix(),
            name.as_posix(),
        )
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
    result: list[str | None] = list(fixed) if fixed is not None else [None] * len(choices)
    taken: set[str | None] = {d for d in result if d}
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


_NO_WORDS = "no words are left after cleaning (it was empty, punctuation or site furniture only)"


def _warnings(article: RawArticle, text: str) -> list[str]:
    """What deserves a look in one article: bytes that did not decode, no words after cleaning,
    little Chinese text, an absurdly long line or title."""
    limits = metadata_rules()
    notes = list(article.notes)
    lost = article.raw.count("\ufffd")
    if lost:
        notes.append(
            f"{lost:,} {'character' if lost == 1 else 'characters'} did not decode (a damaged or cut-off file); cleaning drops them"
        )
    if not _CONTENT_RE.search(text):
        notes.append(_NO_WORDS)
    chinese, latin = cjk_count(text), len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    if chinese + latin >= _SCRIPT_MIN_LETTERS and chinese < _MIN_CHINESE_SHARE * (chinese + latin):
        notes.append(
            f"only {chinese / (chinese + latin):.0%} of its letters are Chinese characters: is it a Chinese article?"
        )
    longest = max(map(len, article.raw.splitlines()), default=0)
    if longest > limits.long_line_chars:
        notes.append(f"a line of {longest:,} characters (over {limits.long_line_chars:,}); is it one article?")
    title = article.given.get("title", "")
    if len(title) > limits.title_chars:
        notes.append(f"its title of {len(title):,} characters is cut to {limits.title_chars}")
    return notes


#: the metadata a catalogued article's text is read for: what its catalog row does not state
_NOT_CATALOGUED = tuple(field for field in METADATA_FIELDS if field not in CATALOG_COLUMNS)


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
    # a catalog row states title, outlet and date: only the other fields are looked for in the text
    found = extract_metadata(raw, article.given, clean=text, fields=None if meta is None else _NOT_CATALOGUED)
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


def file_records(
    path: str | Path,
    rows: dict[str, dict] | None = None,
    *,
    cache: bool = True,
    name: str | None = None,
    problems: list | None = None,
) -> list[dict]:
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


def check_corpus(
    path: str | Path,
    *,
    errors: str = "raise",
    exclude=None,
    hint: str = "errors='skip' loads the rest with a warning for each",
) -> Listing:
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
    read_each(
        listing.files,
        lambda file: read_articles(file, name=names[file], problems=problems),
        errors,
        problems=problems,
        hint=hint,
    )
    _require_files(listing)
    return listing


def load_corpus(
    path: str | Path | None = None,
    *,
    drop_duplicates: bool = False,
    errors: str = "raise",
    exclude: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
) -> pd.DataFrame:
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
        simplified; then the template lines a site repeats across its articles
        dropped, :func:`drop_site_lines`), ``raw_chars``, ``clean_chars``, and one ``n_<step>``
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
        listing.files,
        lambda file: file_records(file, grouped.get(names[file]), name=names[file], problems=problems),
        errors,
        problems=problems,
    )
    _require_files(listing)
    rows = [row for rows in records for row in rows]
    drop_site_lines(rows)
    corpus = corpus_frame(rows, path)
    return without_duplicates(corpus) if drop_duplicates else corpus


def drop_site_lines(rows: list[dict]) -> list[int]:
    """The corpus pass of the cleaning: drop from each row's text the template lines its site repeats
    across its articles (:mod:`coopetition.text.furniture_site`), counted in ``n_boilerplate_lines``.
    The site is the registrable domain of the row's ``url`` (or of a ``site`` that is a host; on a
    content platform, the account), else its
    ``site`` name (the domain the rows giving that name and a URL give, when one), else the one site
    its folder's rows name, else its folder (:func:`~coopetition.text.furniture_site.site_groups`).
    Returns how many lines each row lost."""
    from coopetition.text.furniture_site import drop_site_furniture

    texts, dropped = drop_site_furniture([row["text"] for row in rows], row_site_groups(rows))
    for row, text, n in zip(rows, texts, dropped):
        if n:
            site_lines_dropped(row, text, n)
    return dropped


def check_site_records(records: object, caller: str) -> None:
    """Refuse ``records`` the corpus pass cannot read: not a list of dicts (TypeError), or a record
    without ``text`` or ``counts`` (packed, as :func:`coopetition.pipeline.iter_records`'s) or without
    a ``path`` (ValueError), or whose ``text``, ``path``, ``site`` or ``url`` is not a string (TypeError; ``""``
    when not known). Each error names the record by its index and path."""
    if not isinstance(records, list):
        raise TypeError(f"{caller}: records must be a list of dicts, not {type(records).__name__}")
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise TypeError(
                f"{caller}: records must be a list of dicts, but record {i} is a {type(record).__name__} ({record!r:.60})"
            )
        where = (
            f"{caller}: record {i} ({record['path']!r})"
            if isinstance(record.get("path"), str)
            else f"{caller}: record {i}"
        )
        if "text" not in record or "counts" not in record:
            raise ValueError(f"{where} has no text or no counts")
        for field in ("path", "site", "url"):
            if field not in record:
                raise ValueError(f"{where} has no {field!r} field")
            if not isinstance(record[field], str):
                raise TypeError(f"{where}: {field!r} must be a string ('' when not known), not {record[field]!r}")
        if not isinstance(record["text"], str):
            raise TypeError(f"{where}: 'text' must be a string (its cleaned text), not {type(record['text']).__name__}")


def row_site_groups(rows: list[dict]) -> list[tuple[str, str]]:
    """The group each row's site furniture is counted in (:func:`~coopetition.text.furniture_site.site_groups`
    of its ``site``, its folder and its ``url``). The folder is the one of the file the row was read
    from (``source``, made absolute), so rows read by :func:`coopetition.pipeline.process_file` without
    a ``name`` fall in the same groups as :func:`load_corpus`'s; else the folder of its ``path``."""
    from coopetition.text.furniture_site import site_groups

    folders = [os.path.dirname(os.path.abspath(row["source"]) if row.get("source") else row["path"]) for row in rows]
    return site_groups([row["site"] for row in rows], folders, [row["url"] for row in rows])


def site_lines_dropped(row: dict, text: str, n: int) -> None:
    """Set a row's ``text`` and ``clean_chars`` to ``text``, its cleaned text without the ``n`` lines
    :func:`drop_site_lines` dropped, count them in ``n_boilerplate_lines`` and note a page left
    with no words (a page of the template only) in ``warnings``."""
    row["text"], row["clean_chars"] = text, len(text)
    row["n_boilerplate_lines"] += n
    if not _CONTENT_RE.search(text) and _NO_WORDS not in row["warnings"]:
        row["warnings"] = "; ".join(filter(None, [row["warnings"], _NO_WORDS]))


def _duplicates(
    doc_ids: list[str], signatures: list[bytes], cache: bool, index: DuplicateIndex | None = None
) -> list[str]:
    """:func:`~coopetition.reading.dedup.find_duplicates`, from the cache when the same
    articles were compared before (a re-run then needs no LSH index at all), or
    from ``index`` when the caller has already filled it with these signatures."""
    compare = (lambda: index.result(doc_ids)) if index is not None else (lambda: find_duplicates(doc_ids, signatures))
    if not (cache and cache_enabled()):
        return compare()
    key = content_key("duplicates", repr(THRESHOLD), *doc_ids, *signatures)
    return memo("duplicates", key, compare)


def corpus_frame(
    rows: list[dict], where: Path, *, cache: bool = True, duplicates: DuplicateIndex | None = None
) -> pd.DataFrame:
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
    doc_ids = [row["doc_id"] for row in rows]
    duplicate_of = _duplicates(doc_ids, [row["minhash"] for row in rows], cache, duplicates)
    # sorted and laid out as lists, one per column (the private fields never become columns): a table
    # built once, where building it from the rows, then dropping, sorting and reordering copied it four times
    order = sorted(range(len(rows)), key=doc_ids.__getitem__)
    columns: dict[str, list] = {}
    for name in (*CORPUS_COLUMNS, *REPORT_COLUMNS):
        columns[name] = (
            [duplicate_of[i] for i in order] if name == "duplicate_of" else [rows[i].get(name) for i in order]
        )
    parts = zip(columns["doc_id"], columns["outlet"], columns["date"])
    columns["label"] = [doc_label({"doc_id": d, "outlet": o, "date": t}) for d, o, t in parts]
    return pd.DataFrame(columns)


def _where(row: dict) -> str:
    """The article in a message: its path, and for a record of a dump its id (``/crawl/dump.jsonl#a17``)."""
    source = row["source"] or row["file"]
    if row["file"] != row.get("path", row["file"]) and row["file"].startswith(f"{row['path']}#"):
        return f"{source}#{row['file'][len(row['path']) + 1 :]}"
    return source


def doc_label(row) -> str:
    """A short label for plots: ``"003 HiShop 2015-06"``. A missing outlet or date (empty, ``None``
    or NaN) reads ``(no outlet)`` or ``undated``."""
    outlet, date = row["outlet"], row["date"]
    outlet = outlet if isinstance(outlet, str) and outlet else "(no outlet)"
    month = date[:7] if isinstance(date, str) and date else "undated"
    return f"{row['doc_id']} {outlet} {month}"


CORPUS_COLUMNS = (
    "doc_id",
    "file",
    "path",
    "title",
    "outlet",
    "site",
    "date",
    "author",
    "url",
    "script",
    "format",
    "encoding",
    "note",
    "label",
    "warnings",
    "duplicate_of",
    "raw",
    "text",
    "raw_chars",
    "clean_chars",
)

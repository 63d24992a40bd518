"""Reading article files: one reader per input format, all returning :class:`RawArticle` items.

A crawl produces plain text (``.txt``, in any supported encoding), Markdown
(``.md``, read as text: the cleaning chain strips the syntax and the metadata
reader takes a ``# heading`` as the title), web pages (``.html``/``.htm``,
main text and page metadata through trafilatura) and dumps with one article
per record (``.jsonl``/``.csv``: a ``text`` or ``content`` field, plus optional
``id``, ``title``, ``date``, ``outlet``, ``site``, ``url``, ``author``).

:func:`read_articles` picks the reader by the file's extension; every reader
returns a list, so a record-per-line file simply yields many articles.

Example:
    >>> [(a.file, a.key) for a in read_articles("dump.jsonl")]  # doctest: +SKIP
    [('dump.jsonl#a17', 'dump-a17'), ('dump.jsonl#2', 'dump-2')]
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from coopetition._check import CorpusWarning  # noqa: F401 - defined on the ground floor: cleaning warns with it too
from coopetition.reading.articles import (  # noqa: F401 - moved to their own module; still importable from here
    _PACKAGE_DIRS,
    META_FIELDS,
    TEXT_FIELDS,
    CorpusError,
    Problem,
    RawArticle,
    corpus_warning,
)
from coopetition.reading.decoding import (  # noqa: F401 - moved to their own module; still importable from here
    _BOMS,
    _CONTROL_BYTES,
    _LEGACY,
    _PLAUSIBLE_RE,
    _UTF8_DAMAGE_FEW,
    _UTF8_DAMAGE_SHARE,
    _UTF16,
    _UTF16_MIN_SHARE,
    FILE_KINDS,
    _damaged_utf8,
    _nul_damaged_utf8,
    _plausible_share,
    _read_bytes,
    _utf16_without_bom,
    decode_bytes,
    file_kind,
    printable,
    read_article,
    require_path,
)
from coopetition.reading.metadata import stated_date

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "Problem",
    "corpus_warning",
    "RawArticle",
    "READERS",
    "ARTICLE_SUFFIXES",
    "decode_bytes",
    "printable",
    "file_kind",
    "read_article",
    "read_articles",
    "read_text_file",
    "read_html",
    "read_jsonl",
    "read_csv",
]

# --- one reader per format -----------------------------------------------------------
#
# Every reader takes the file's path and, keyword-only, ``name`` (the file as the corpus names it:
# its path relative to the corpus folder, default its file name) and ``problems``: for a dump,
# ``None`` raises a CorpusError at the first bad record, a list collects one Problem per bad
# record and the good records are returned (errors="skip" skips a record, not its file).


def read_text_file(path: Path, *, name: str | None = None, problems: list | None = None) -> list[RawArticle]:
    """A ``.txt`` or ``.md`` file: one article, the decoded file as its raw text."""
    text, encoding = read_article(path)
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    name = name or printable(path.name)
    return [RawArticle(name, name, text, encoding, fmt, {}, str(path), (), name)]


def _clean_given(values: dict) -> dict:
    return {
        k: printable(str(v).strip()) for k, v in values.items() if k in META_FIELDS and v is not None and str(v).strip()
    }


#: libxml2 (under lxml and trafilatura) builds no tree below 256 levels of elements without its
#: "huge" option: the text below never reaches the extractor (measured: text 253 ``<div>`` deep in
#: ``<html><body>`` is extracted, 254 deep is not). A page with no extracted text that nests
#: deeper than this is read without its layout (a little below the limit, to be safe)
HTML_MAX_DEPTH = 250
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: tags whose text is never article text
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
#: tags that end a line of text
_BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 tr section article header footer blockquote pre table ul ol dd dt".split()
)
#: tags that close an open tag of the same name (``<p>a<p>b``), so they do not nest
_SELF_CLOSING = frozenset({"p", "li", "option", "tr", "td", "th", "dt", "dd"})


class _FlatText(HTMLParser):
    """Every text node of a page outside scripts, styles and the head, a line per block,
    and the depth its tags nest to. Python's own tokenizer builds no tree, so it has no
    depth limit: this is the text of a page nested too deep for libxml2."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.depth = 0
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID_TAGS:
            return
        if tag in _SELF_CLOSING and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)
        self.stack.append(tag)
        self.depth = max(self.depth, len(self.stack))
        self.hidden += tag in _HIDDEN_TAGS

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self.hidden -= top in _HIDDEN_TAGS
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def _flat_text(html: str) -> tuple[str, int]:
    """The text of every tag of a page (see :class:`_FlatText`) and the depth its tags nest to."""
    parser = _FlatText()
    parser.feed(html)
    parser.close()
    return parser.text(), parser.depth


def read_html(path: Path, *, name: str | None = None, problems: list | None = None) -> list[RawArticle]:
    """A web page: its main text and metadata (title, date, site name, author, url)
    extracted by trafilatura. A page with no main text yields an empty article
    (flagged later by the corpus), not an error.

    A page whose tags nest deeper than :data:`HTML_MAX_DEPTH` (libxml2's limit)
    loses its text in trafilatura: its text is then taken from every tag, with
    Python's own HTML tokenizer, and the article notes why (its ``warnings``).
    """
    import trafilatura  # imported here: only HTML input pays for it

    name = name or printable(path.name)
    html, encoding = read_article(path)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure becomes one clear error naming the file
        raise CorpusError(f"{path}: trafilatura could not read this page ({type(exc).__name__}: {exc})") from None
    from coopetition.reading.metadata import page_head_fields  # the package's own name rules for the <head>

    if isinstance(doc, dict):  # only with as_dict=True, which is not asked for
        raise TypeError(f"{path}: trafilatura returned a dict where a Document was asked for")
    text = (doc.text or "") if doc is not None else ""
    notes: tuple[str, ...] = ()
    if not text.strip():
        flat, depth = _flat_text(html)
        if depth > HTML_MAX_DEPTH and flat:
            text = flat
            notes = (
                f"its tags nest {depth:,} deep, deeper than the HTML parser reads (about 256 levels), so its text "
                "was taken from every tag without the page's layout (menus and footers may remain)",
            )
        elif flat.strip():  # say why the page reads as empty: it is not empty
            notes = (
                f"trafilatura found no main text in this page, so none is read, though its tags hold {len(flat):,} "
                "characters of text (menus or links only? plain text saved as .html? rename it .txt to read all of it)",
            )
    if doc is None:
        given = _clean_given(page_head_fields(html))
    else:  # trafilatura drops a <meta> author with no space in it (every Chinese name): the head is read again
        given = _clean_given(
            {
                "title": doc.title,
                "date": doc.date,
                "site": doc.sitename,
                "author": doc.author,
                "url": doc.url,
                **page_head_fields(html),
            }
        )
    return [RawArticle(name, name, text, encoding, "html", given, str(path), notes, name)]


class _RecordError(CorpusError):
    """A bad record of a dump; ``problem`` says which and why."""

    def __init__(self, path: Path, where: str, reason: str):
        super().__init__(f"{path}: {where}: {reason}")
        self.problem = Problem(f"{path}: {where}", reason, record=True)


def _record_article(
    path: Path, name: str, record: object, where: str, index: int, fmt: str, encoding: str
) -> RawArticle:
    """One record of a dump as a :class:`RawArticle` (``where`` is ``line N``, the record's
    line in the file; its ``id`` is added when it has one).

    Raises:
        _RecordError: the record is not an object, has no text, or states no date in its date field.
    """
    if not isinstance(record, dict):
        raise _RecordError(path, where, f"a record must be an object with a text field, not {type(record).__name__}")
    raw_id = record.get("id")
    notes: tuple[str, ...] = ()
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float, type(None))):  # {"$oid": …}, true, [1]
        notes = (
            f"its id {json.dumps(raw_id, ensure_ascii=False, default=str)[:60]} is a {type(raw_id).__name__}, "
            "not text or a number, so the record is named by its line",
        )
        raw_id = None
    ident = printable("" if raw_id is None else str(raw_id).strip())  # an id of 0 is an id
    if ident:
        where = f"{where} (id {ident!r})"
    field_name = next((f for f in TEXT_FIELDS if f in record), None)
    if field_name is None:
        raise _RecordError(path, where, f"the record has no {' or '.join(TEXT_FIELDS)} field")
    text = record[field_name]
    if not isinstance(text, str):
        raise _RecordError(path, where, f"the {field_name} field must be text, not {type(text).__name__}")
    date = record.get("date")
    if date not in (None, "") and not stated_date(date if isinstance(date, (int, float)) else str(date)):
        raise _RecordError(path, where, f"date {date!r} is not a date (year, month and day)")
    record_key = ident or str(index)
    return RawArticle(
        f"{name}#{record_key}",
        f"{Path(name).stem}-{record_key}",
        text,
        encoding,
        fmt,
        _clean_given(record),
        str(path),
        notes,
        name,
    )


def _bad_record(path: Path, where: str, reason: str, problems: list | None, bad: list[Problem]) -> None:
    """Raise at a bad record (``problems`` is None), else keep it for the caller."""
    if problems is None:
        raise CorpusError(f"{path}: {where}: {reason}")
    bad.append(Problem(f"{path}: {where}", reason, record=True))


#: bad records of one dump named one by one; the rest are counted in one more problem
MAX_RECORD_PROBLEMS = 20


def _note_repeated_ids(articles: list[RawArticle], lines: list[int]) -> list[RawArticle]:
    """The records of a dump, each whose key (its ``id``, else its line) another record
    of the file shares noting it: their ``doc_id`` values are numbered apart, and one
    catalog row ``name#id`` would apply to each."""
    where: dict[str, list[int]] = {}
    for article, line in zip(articles, lines):
        where.setdefault(article.file, []).append(line)
    if all(len(found) == 1 for found in where.values()):
        return articles
    out = []
    for article in articles:
        found = where[article.file]
        if len(found) > 1:
            key = article.file.rpartition("#")[2]
            note = (
                f"{len(found):,} records of this file have the key {key!r} (lines {', '.join(map(str, found[:10]))}"
                f"{', …' if len(found) > 10 else ''}): their doc_ids are numbered apart, and a catalog row "
                f"for {article.file} would apply to each"
            )
            article = replace(article, notes=(*article.notes, note))
        out.append(article)
    return out


def _settle_records(
    path: Path, articles: list[RawArticle], bad: list[Problem], problems: list | None, lines: list[int] | None = None
) -> list[RawArticle]:
    """The good records of a dump (see :func:`_note_repeated_ids`, given each one's
    ``lines``); its bad ones go to ``problems`` (the first
    :data:`MAX_RECORD_PROBLEMS`, then one counting the rest).

    Raises:
        CorpusError: the file holds no record at all.
    """
    if not articles and not bad:
        raise CorpusError(f"{path}: no records in this file")
    if problems is not None:
        problems.extend(bad[:MAX_RECORD_PROBLEMS])
        if len(bad) > MAX_RECORD_PROBLEMS:
            rest = len(bad) - MAX_RECORD_PROBLEMS
            problems.append(
                Problem(
                    str(path),
                    f"{rest:,} more bad record{'s' if rest > 1 else ''} after the {MAX_RECORD_PROBLEMS} above",
                    record=True,
                )
            )
    return _note_repeated_ids(articles, lines) if lines is not None else articles


def read_jsonl(path: Path, *, name: str | None = None, problems: list | None = None) -> list[RawArticle]:
    """A JSON Lines dump: one JSON object per line; blank lines are skipped.

    Args:
        path: the file.
        name: the file as the corpus names it (default its file name).
        problems: ``None`` to raise at the first bad line; a list to collect a
            :class:`Problem` for each bad line and return the good records.

    Raises:
        CorpusError: naming the file and line, for a line that is not a JSON
            object or has no text field (unless ``problems`` collects them),
            or a file with no readable record.
    """
    name = name or printable(path.name)
    text, encoding = read_article(path)
    articles: list[RawArticle] = []
    lines: list[int] = []
    bad: list[Problem] = []
    for number, line in enumerate(
        text.split("\n"), start=1
    ):  # not splitlines(): U+2028 or U+0085 inside a record is text
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _bad_record(path, f"line {number}", f"not JSON ({exc.msg})", problems, bad)
            continue
        except RecursionError:
            _bad_record(path, f"line {number}", "JSON nested too deep to read", problems, bad)
            continue
        try:
            articles.append(_record_article(path, name, record, f"line {number}", number, "jsonl", encoding))
            lines.append(number)
        except _RecordError as exc:
            if problems is None:
                raise
            bad.append(exc.problem)
    return _settle_records(path, articles, bad, problems, lines)


def read_csv(path: Path, *, name: str | None = None, problems: list | None = None) -> list[RawArticle]:
    """A CSV dump with a header row and one article per row.

    Args:
        path: the file.
        name: the file as the corpus names it (default its file name).
        problems: ``None`` to raise at the first bad row; a list to collect a
            :class:`Problem` for each bad row and return the good records (a
            row that breaks the CSV syntax ends the reading of the file: the
            rows before it are kept).

    Raises:
        CorpusError: naming the file and row (its line in the file), for a
            malformed row, a missing text column or a file with no row.
    """
    name = name or printable(path.name)
    text, encoding = read_article(path)
    csv.field_size_limit(sys.maxsize)  # articles are long fields
    reader = csv.DictReader(io.StringIO(text, newline=""))
    articles: list[RawArticle] = []
    lines: list[int] = []
    bad: list[Problem] = []
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise CorpusError(f"{path}: line 1: the header row is not valid CSV ({exc})") from None
    # a spreadsheet's export writes "Text", " text" or "ID": the header is read without case or spaces
    reader.fieldnames = [
        h.strip().lower() if h.strip().lower() in (*TEXT_FIELDS, *META_FIELDS, "id") else h for h in header
    ]
    if header and not set(TEXT_FIELDS) & set(reader.fieldnames):
        raise CorpusError(
            f"{path}: line 1: the header names no {' or '.join(TEXT_FIELDS)} column, so no row has a text "
            f"(its columns: {', '.join(map(repr, header[:12]))}{', …' if len(header) > 12 else ''})"
        )
    try:
        for row in reader:
            if None in row:
                _bad_record(path, f"line {reader.line_num}", "more fields than the header names", problems, bad)
                continue
            try:
                articles.append(
                    _record_article(path, name, row, f"line {reader.line_num}", reader.line_num, "csv", encoding)
                )
                lines.append(reader.line_num)
            except _RecordError as exc:
                if problems is None:
                    raise
                bad.append(exc.problem)
    except csv.Error as exc:
        _bad_record(
            path,
            f"line {reader.line_num}",
            f"not valid CSV ({exc}); the rest of the file cannot be read",
            problems,
            bad,
        )
    return _settle_records(path, articles, bad, problems, lines)


#: the reader for each supported extension (lower case)
READERS: dict[str, Callable[..., list[RawArticle]]] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}
ARTICLE_SUFFIXES = tuple(READERS)


def read_articles(path: str | Path, *, name: str | None = None, problems: list | None = None) -> list[RawArticle]:
    """Every article in one file, read by the reader for its extension.

    Args:
        path: the file.
        name: the file as the corpus names it, its path relative to the corpus
            folder (``sub/a.txt``); default its file name. It is the article's
            ``file`` (and the start of a record's ``file``, ``sub/dump.jsonl#7``).
        problems: for a ``.jsonl``/``.csv`` dump, a list that collects a
            :class:`Problem` for each bad record while the good ones are read
            (default ``None``: the first bad record raises).

    Raises:
        CorpusError: an unsupported extension, or what the reader raises.
    """
    path = Path(require_path(path))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise CorpusError(
            f"{path}: unsupported file type {path.suffix or '(none)'} (supported: {', '.join(ARTICLE_SUFFIXES)})"
        )
    return reader(path, name=name, problems=problems)

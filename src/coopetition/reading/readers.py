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
import os
import re
import stat
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from coopetition._check import CorpusWarning  # defined on the ground floor: cleaning warns with it too
from coopetition.text.charset import CJK, common_share
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


class CorpusError(ValueError):
    """A file or catalog the corpus cannot use; the message names the file and the reason."""


class Problem(NamedTuple):
    """A file, or one record of a ``.jsonl``/``.csv`` dump, that cannot be read.

    ``where`` names it (``/crawl/dump.jsonl: line 3 (id 'a17')`` for a record),
    ``reason`` says why; ``record`` is true for a record, whose file's other
    records are still read. ``str(problem)`` is ``"<where>: <reason>"``.
    """

    where: str
    reason: str
    record: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


#: the package folder (coopetition/, above reading/), as the interpreter may spell it in a frame (as imported, and resolved)
_PACKAGE_DIRS = tuple({os.path.join(str(Path(__file__).parent.parent), ""), os.path.join(str(Path(__file__).resolve().parent.parent), "")})


def corpus_warning(message: str) -> None:
    """Issue a :class:`CorpusWarning` pointing at the user's call (the first frame outside
    this package), shown every time it is issued.

    Python shows a warning once per message and place; a crawl's problems are
    each a distinct message, and a notebook cell run again must show them again,
    so no registry remembers them. Filters still apply: ``warnings.filterwarnings
    ("ignore", category=CorpusWarning)`` silences them and ``"error"`` raises them.
    """
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIRS):
        frame = frame.f_back
    warnings.warn_explicit(
        message, CorpusWarning, frame.f_code.co_filename, frame.f_lineno,
        module=frame.f_globals.get("__name__", "<unknown>"), registry={},
    )  # no module_globals (as warnings.warn): from the REPL, ``python -c`` or stdin, its loader raises ImportError


#: fields a record or a page may state about its article, besides the text
META_FIELDS = ("title", "date", "outlet", "site", "url", "author")
#: record fields that hold the article's text, in order of preference
TEXT_FIELDS = ("text", "content")


@dataclass(frozen=True)
class RawArticle:
    """One article as read from its file, before cleaning (plain and picklable).

    Attributes:
        file: the catalog key: the file name, or ``name#id`` for a record of a
            multi-record file (its ``id`` field, else its 1-based line or row).
        key: the name its ``doc_id`` is derived from (the file name, or
            ``stem-id`` for a record).
        raw: the text that goes to cleaning (the decoded file; a page's main
            text; a record's ``text`` field).
        encoding: the encoding the file was decoded with.
        format: ``txt``, ``md``, ``html``, ``jsonl`` or ``csv``.
        given: what the format itself states (page metadata, record fields),
            only the non-empty ones among :data:`META_FIELDS`.
        source: the path, for messages.
        notes: what the reader had to do to get the text (a page nested beyond
            the HTML parser's depth, read without its layout), for the
            article's ``warnings``.
        name: the file it came from as the corpus names it (its path relative
            to the corpus folder, ``sub/dump.jsonl``): the ``path`` column.
    """

    file: str
    key: str
    raw: str
    encoding: str
    format: str
    given: dict = field(default_factory=dict)
    source: str = ""
    notes: tuple[str, ...] = ()
    name: str = ""


# --- decoding ---------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: legacy encodings tried when a file is not UTF-8, scored by how common the characters are
_LEGACY = ("gb18030", "big5")
_UTF16 = ("utf-16-le", "utf-16-be")
#: bad UTF-8 sequences, as a share of the characters beyond ASCII, that a file may hold and still be
#: read as damaged UTF-8 (one cut-off character in a short article; a GBK file fails on nearly all)
_UTF8_DAMAGE_SHARE = 0.01
#: ...or this many, however short the file, as long as 20 good characters stand for each bad one
_UTF8_DAMAGE_FEW = 3
#: share of plausible characters a BOM-less UTF-16 decode needs
_UTF16_MIN_SHARE = 0.9
_PLAUSIBLE_RE = re.compile(f"[\t\n\r\x20-\x7e{CJK}\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00a0-\u00ff]")


def _plausible_share(text: str) -> float:
    """Share of characters a text article is made of (ASCII, CJK, CJK and full-width
    punctuation); a wrong UTF-16 byte order scatters into other planes."""
    return len(_PLAUSIBLE_RE.findall(text)) / len(text) if text else 0.0


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The text and byte order of BOM-less UTF-16, or ``None`` if it is not that."""
    if len(data) % 2:
        return None
    best = None
    for encoding in _UTF16:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if share >= _UTF16_MIN_SHARE and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def decode_bytes(data: bytes, name: str | Path) -> tuple[str, str]:
    """Decode the bytes of one file, naming ``name`` in any error.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such (UTF-8
    with a few bad bytes, as a crawl that cut off a character leaves it, is read
    with U+FFFD in their place, which cleaning drops and counts); UTF-16
    without a BOM is recognised by its byte pattern (most code units decode to
    ordinary text in one byte order only); other files are tried as GB18030
    (a superset of GBK) and Big5, and the decode whose characters are most
    common wins.

    Returns:
        ``(text, encoding)``.

    Raises:
        CorpusError: the data is empty, binary, or no supported encoding decodes it.
        TypeError: ``data`` is not bytes.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    if not data.strip():
        raise CorpusError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{name}: starts with a {encoding} byte-order mark but does not decode ({exc.reason})") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        padded = _nul_damaged_utf8(data)
        if padded is not None:
            return padded, "utf-8"
        raise CorpusError(f"{name}: looks binary (it holds NUL bytes and is not UTF-16 text), not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 at byte {exc.start:,} of {len(data):,}"
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    decoded = {}
    for encoding in _LEGACY:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    scores = {enc: common_share(text)[1] for enc, text in decoded.items()}
    best = max(decoded, key=lambda enc: (scores[enc], -_LEGACY.index(enc))) if decoded else None
    if best is not None and scores[best] >= 0.5:
        return decoded[best], best
    utf16 = _utf16_without_bom(data)  # pure CJK UTF-16 has no NUL byte at all
    if utf16 is not None and common_share(utf16[0])[1] >= 0.5:
        return utf16
    if best is None:
        tried = ", ".join(("utf-8", *_LEGACY, *_UTF16))
        raise CorpusError(f"{name}: {utf8_error}, and no other supported encoding decodes it (tried {tried})")
    raise CorpusError(
        f"{name}: {utf8_error}, and as {best} only {scores[best]:.0%} of its Chinese characters are common ones; "
        "it is probably binary or in an unsupported encoding"
    )


#: control bytes text never holds (all but tab, line ends and form feed; NUL is counted apart)
_CONTROL_BYTES = re.compile(b"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def _nul_damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text cut off by NUL bytes (a download that stopped inside a preallocated file leaves
    its tail as NULs) or with a stray NUL or two: the text, each NUL (a run at the end as one) a
    U+FFFD, which cleaning drops and the article's warnings count ("a damaged or cut-off file");
    ``None`` for anything else with NULs (binary files hold NULs all through)."""
    body = data.rstrip(b"\x00")
    inner = body.count(b"\x00")
    if not body.strip() or inner > _UTF8_DAMAGE_FEW or _CONTROL_BYTES.search(body):
        return None  # other control bytes beside a NUL: a binary file
    try:
        text = body.replace(b"\x00", "\ufffd".encode()).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(text) < 20 * (inner + 1):  # as for damaged UTF-8: 20 good characters for each bad one
        return None
    return text + ("\ufffd" if len(body) < len(data) else "")


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a character cut off at the end of a crawl, a stray
    byte), decoded with each bad sequence as U+FFFD, which cleaning drops and counts;
    ``None`` when the bad sequences are more than :data:`_UTF8_DAMAGE_FEW` and
    :data:`_UTF8_DAMAGE_SHARE` of the non-ASCII characters (a GBK or Big5 file
    fails on nearly every character)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= 0 or bad > max(_UTF8_DAMAGE_FEW, _UTF8_DAMAGE_SHARE * len(text)):
        return None  # a legacy file fails at once, on a bound every character can only lower
    wide = len(text) - len(text.encode("ascii", "ignore")) - bad  # characters beyond ASCII, in C
    return text if bad <= max(_UTF8_DAMAGE_FEW, _UTF8_DAMAGE_SHARE * wide) and wide >= 20 * bad else None


def require_path(value: object, name: str = "path") -> str | Path:
    """Return ``value`` if it is a ``str`` or a ``Path`` (any other ``os.PathLike`` of text, such
    as pytest's ``tmpdir``, as a ``Path``); else raise a ``TypeError`` naming ``name``; an empty
    string is a ``ValueError`` (it would be read as the current folder)."""
    if not isinstance(value, (str, Path)) and isinstance(value, os.PathLike):
        text = os.fspath(value)
        if isinstance(text, str):
            value = Path(text)
    if not isinstance(value, (str, Path)):
        raise TypeError(f"{name} must be a str or Path, not {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{name} is an empty string: give a folder or a file ('.' for the current folder)")
    return value


def printable(name: str) -> str:
    """``name`` as text every writer accepts: a file name's undecodable bytes (held as lone
    surrogates by Python) and a JSON string's lone surrogates become ``\\xNN`` escapes,
    so a ``doc_id`` or a ``path`` can always be written to a UTF-8 CSV or a figure's table."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        data = name.encode("utf-8", "surrogateescape")  # undecodable bytes of a file name
    except UnicodeEncodeError:
        data = name.encode("utf-8", "surrogatepass")  # lone surrogates (a JSON "\\ud800")
    return data.decode("utf-8", "backslashreplace")


#: what a path that is not a regular file is, by its ``st_mode`` (never opened: a FIFO would block the reader)
FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
              (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def file_kind(mode: int) -> str:
    """What a non-regular file is, for messages: ``"a FIFO (named pipe)"``."""
    return next((kind for test, kind in FILE_KINDS if test(mode)), "not a regular file")


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # checked first: opening a FIFO blocks until a writer comes
            raise CorpusError(f"{path}: {file_kind(info.st_mode)}, not an article file")
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def read_article(path: str | Path) -> tuple[str, str]:
    """Decode one article file (see :func:`decode_bytes`).

    Returns:
        ``(text, encoding)``: the decoded text exactly (line endings included)
        and the name of the encoding used.

    Raises:
        CorpusError: the file is missing, empty, binary, or no supported encoding decodes it.
    """
    path = Path(require_path(path))
    return decode_bytes(_read_bytes(path), path)


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
    return {k: printable(str(v).strip()) for k, v in values.items() if k in META_FIELDS and v is not None and str(v).strip()}


#: libxml2 (under lxml and trafilatura) builds no tree below 256 levels of elements without its
#: "huge" option: the text below never reaches the extractor (measured: text 253 ``<div>`` deep in
#: ``<html><body>`` is extracted, 254 deep is not). A page with no extracted text that nests
#: deeper than this is read without its layout (a little below the limit, to be safe)
HTML_MAX_DEPTH = 250
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: tags whose text is never article text
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
#: tags that end a line of text
_BLOCK_TAGS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr section article header footer blockquote pre table ul ol dd dt".split())
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
            html, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except Exception as exc:  # noqa: BLE001 - any parser failure becomes one clear error naming the file
        raise CorpusError(f"{path}: trafilatura could not read this page ({type(exc).__name__}: {exc})") from None
    from coopetition.reading.metadata import page_head_fields  # the package's own name rules for the <head>

    text = (doc.text or "") if doc is not None else ""
    notes: tuple[str, ...] = ()
    if not text.strip():
        flat, depth = _flat_text(html)
        if depth > HTML_MAX_DEPTH and flat:
            text = flat
            notes = (f"its tags nest {depth:,} deep, deeper than the HTML parser reads (about 256 levels), so its text "
                     "was taken from every tag without the page's layout (menus and footers may remain)",)
        elif flat.strip():  # say why the page reads as empty: it is not empty
            notes = (f"trafilatura found no main text in this page, so none is read, though its tags hold {len(flat):,} "
                     "characters of text (menus or links only? plain text saved as .html? rename it .txt to read all of it)",)
    if doc is None:
        given = _clean_given(page_head_fields(html))
    else:  # trafilatura drops a <meta> author with no space in it (every Chinese name): the head is read again
        given = _clean_given(
            {"title": doc.title, "date": doc.date, "site": doc.sitename, "author": doc.author, "url": doc.url, **page_head_fields(html)}
        )
    return [RawArticle(name, name, text, encoding, "html", given, str(path), notes, name)]


class _RecordError(CorpusError):
    """A bad record of a dump; ``problem`` says which and why."""

    def __init__(self, path: Path, where: str, reason: str):
        super().__init__(f"{path}: {where}: {reason}")
        self.problem = Problem(f"{path}: {where}", reason, record=True)


def _record_article(path: Path, name: str, record: object, where: str, index: int, fmt: str, encoding: str) -> RawArticle:
    """One record of a dump as a :class:`RawArticle` (``where`` is ``line N``, the record's
    line in the file; its ``id`` is added when it has one).

    Raises:
        _RecordError: the record is not an object, has no text, or states no date in its date field.
    """
    if not isinstance(record, dict):
        raise _RecordError(path, where, f"a record must be an object with a text field, not {type(record).__name__}")
    raw_id, notes = record.get("id"), ()
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float, type(None))):  # {"$oid": …}, true, [1]
        notes = (f"its id {json.dumps(raw_id, ensure_ascii=False, default=str)[:60]} is a {type(raw_id).__name__}, "
                 "not text or a number, so the record is named by its line",)
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
        f"{name}#{record_key}", f"{Path(name).stem}-{record_key}", text, encoding, fmt, _clean_given(record), str(path), notes, name
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
            note = (f"{len(found):,} records of this file have the key {key!r} (lines {', '.join(map(str, found[:10]))}"
                    f"{', …' if len(found) > 10 else ''}): their doc_ids are numbered apart, and a catalog row "
                    f"for {article.file} would apply to each")
            article = replace(article, notes=(*article.notes, note))
        out.append(article)
    return out


def _settle_records(path: Path, articles: list[RawArticle], bad: list[Problem], problems: list | None,
                    lines: list[int] | None = None) -> list[RawArticle]:
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
            problems.append(Problem(str(path), f"{rest:,} more bad record{'s' if rest > 1 else ''} after the {MAX_RECORD_PROBLEMS} above",
                                    record=True))
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
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 or U+0085 inside a record is text
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
    reader.fieldnames = [h.strip().lower() if h.strip().lower() in (*TEXT_FIELDS, *META_FIELDS, "id") else h for h in header]
    if header and not set(TEXT_FIELDS) & set(reader.fieldnames):
        raise CorpusError(f"{path}: line 1: the header names no {' or '.join(TEXT_FIELDS)} column, so no row has a text "
                          f"(its columns: {', '.join(map(repr, header[:12]))}{', …' if len(header) > 12 else ''})")
    try:
        for row in reader:
            if None in row:
                _bad_record(path, f"line {reader.line_num}", "more fields than the header names", problems, bad)
                continue
            try:
                articles.append(_record_article(path, name, row, f"line {reader.line_num}", reader.line_num, "csv", encoding))
                lines.append(reader.line_num)
            except _RecordError as exc:
                if problems is None:
                    raise
                bad.append(exc.problem)
    except csv.Error as exc:
        _bad_record(path, f"line {reader.line_num}", f"not valid CSV ({exc}); the rest of the file cannot be read", problems, bad)
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
        raise CorpusError(f"{path}: unsupported file type {path.suffix or '(none)'} (supported: {', '.join(ARTICLE_SUFFIXES)})")
    return reader(path, name=name, problems=problems)

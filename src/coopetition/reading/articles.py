"""Reading, the article type and its errors: :class:`RawArticle`, :class:`CorpusError`, :class:`Problem`, :func:`corpus_warning`."""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from coopetition._check import CorpusWarning


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
_PACKAGE_DIRS = tuple(
    {os.path.join(str(Path(__file__).parent.parent), ""), os.path.join(str(Path(__file__).resolve().parent.parent), "")}
)


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
        message,
        CorpusWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=frame.f_globals.get("__name__", "<unknown>"),
        registry={},
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

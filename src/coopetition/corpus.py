"""Reading articles: decode raw files, join the catalog, clean, and build the corpus table.

``load_corpus`` is the one entry point the notebooks use; ``read_article``
decodes a single file and says which encoding it used.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pandas as pd

from coopetition import paths
from coopetition.cache import memo
from coopetition.clean import CJK, REPORT_COLUMNS, clean_with_report, detect_outlet, detect_script, to_simplified

__all__ = ["CorpusError", "read_article", "read_catalog", "load_corpus", "article_record", "parse_date", "CATALOG_COLUMNS"]

#: the columns of ``seeds/catalog.csv``, in order
CATALOG_COLUMNS = ("doc_id", "file", "title", "outlet", "date", "script", "note")

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: legacy encodings tried when a file is not UTF-8, scored by how common the characters are
_LEGACY = ("gb18030", "big5")
_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?!\d)")
_DOC_ID_RE = re.compile(r"^(\d+)_")
_HEADER_LINES = 6


class CorpusError(ValueError):
    """A file or catalog the corpus cannot use; the message names the file and the reason."""


def _common_share(text: str) -> float:
    """Share of CJK characters that are common in either script.

    Common = level-1 of GB2312 (the 3,755 most used simplified characters) or
    the "frequently used" block of Big5 (5,401 traditional characters). A wrong
    legacy decode scatters into rare characters, so the right one scores higher.
    """
    cjk = re.findall(f"[{CJK}]", text)
    return sum(map(_is_common, cjk)) / len(cjk) if cjk else 0.0


@functools.lru_cache(maxsize=None)
def _is_common(ch: str) -> bool:
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def read_article(path: str | Path) -> tuple[str, str]:
    """Decode one article file.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; other
    files are tried as GB18030 (a superset of GBK) and Big5, and the decode
    whose characters are most common wins.

    Returns:
        ``(text, encoding)``: the decoded text exactly (line endings included)
        and the name of the encoding used.

    Raises:
        CorpusError: the file is missing, empty, binary, or no supported encoding decodes it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise CorpusError(f"{path}: starts with a {encoding} byte-order mark but does not decode ({exc.reason})") from None
    if b"\x00" in data:
        raise CorpusError(f"{path}: looks binary (it holds NUL bytes), not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = {}
    for encoding in _LEGACY:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not decoded:
        tried = ", ".join(("utf-8", *_LEGACY))
        raise CorpusError(f"{path}: no supported encoding decodes it (tried {tried})")
    scores = {enc: _common_share(text) for enc, text in decoded.items()}
    best = max(decoded, key=lambda enc: (scores[enc], -_LEGACY.index(enc)))
    if scores[best] < 0.5:
        raise CorpusError(
            f"{path}: not UTF-8, and as {best} only {scores[best]:.0%} of its Chinese characters are common ones; "
            "it is probably binary or in an unsupported encoding"
        )
    return decoded[best], best


def parse_date(text: str, *, lines: int = _HEADER_LINES, max_chars: int = 40) -> str:
    """The first full date (year, month, day) on a short header line, as ISO, or ``""``.

    Only the first ``lines`` non-empty lines of at most ``max_chars`` characters
    are read: a dateline is short, and a date inside the first paragraph is
    usually an event, not the publication.

    Example:
        >>> parse_date("京东和微信合作\\n2015-06-09|HiShop\\n导读:4月…")
        '2015-06-09'
    """
    head = [line for line in text.splitlines() if line.strip()][:lines]
    head = [line for line in head if len(line.strip()) <= max_chars]  # datelines are short
    for match in _DATE_RE.finditer("\n".join(head)):
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            continue
    return ""


def read_catalog(folder: Path) -> pd.DataFrame:
    """Read ``catalog.csv`` beside the articles (empty table when there is none).

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
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not files:
        raise CorpusError(f"{path}: no .txt articles in this folder")
    return files


def _doc_id(file: Path) -> str:
    match = _DOC_ID_RE.match(file.name)
    return match.group(1) if match else file.stem


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """Load, decode and clean every ``.txt`` article in a folder.

    Args:
        path: a folder of articles (default :func:`coopetition.paths.seeds_dir`,
            which honours ``COOPETITION_SEEDS``) or a single ``.txt`` file.

    Returns:
        One row per article, sorted by ``doc_id``, with the catalog's
        ``doc_id, file, title, outlet, date, script, note``, the ``encoding``
        used, ``raw`` (the decoded file exactly), ``text`` (cleaned,
        simplified), ``raw_chars``, ``clean_chars``, and one ``n_<step>``
        column per cleaning step counting what that step removed or changed.
        Articles with no catalog row still load: title from the first cleaned
        line, outlet from the furniture rules, date from the header lines.

    Raises:
        CorpusError: naming the file, for a missing folder, an empty, binary or
            undecodable file, or a catalog row whose file is absent.
    """
    path = Path(path) if path is not None else paths.seeds_dir()
    files, catalog = catalog_for(path)
    rows = [article_record(file, catalog.loc[file.name].to_dict() if file.name in catalog.index else None) for file in files]
    return corpus_frame(rows, path)


def corpus_frame(rows: list[dict], where: Path) -> pd.DataFrame:
    """The corpus table from :func:`article_record` rows: one ``doc_id`` each
    (else :class:`CorpusError` naming ``where``), sorted, labelled, in column order."""
    corpus = pd.DataFrame(rows)
    repeated = corpus["doc_id"][corpus["doc_id"].duplicated()].tolist()
    if repeated:
        raise CorpusError(f"{where}: two articles share doc_id {', '.join(repeated)}")
    corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    corpus["label"] = corpus.apply(doc_label, axis=1)
    return corpus[[*CORPUS_COLUMNS, *REPORT_COLUMNS]]


def article_record(file: Path, meta: dict | None = None, *, cache: bool = True) -> dict:
    """Read, decode and clean one article into a corpus row (a plain, picklable dict).

    Args:
        file: the ``.txt`` file.
        meta: its catalog row, if it has one (the catalog is authoritative:
            an empty field means "not stated"); otherwise title, outlet, date
            and script are derived from the text.
        cache: serve and store the cleaned text in the article cache.

    Raises:
        CorpusError: the file is empty, binary, undecodable, or all furniture.
    """
    raw, encoding = read_article(file)
    text, report = memo("clean", raw, lambda: list(clean_with_report(raw)), use=cache)
    if not text.strip():
        raise CorpusError(f"{file}: nothing is left after cleaning (the whole file is site furniture)")
    if meta is not None:
        meta = {k: to_simplified(v) if k in ("title", "outlet") else v for k, v in meta.items()}
    else:
        meta = {
            "doc_id": _doc_id(file),
            "title": text.split("\n", 1)[0],
            "outlet": detect_outlet(to_simplified(raw)),
            "date": parse_date(raw),
            "script": detect_script(raw),
            "note": "",
        }
    return {
        "doc_id": meta["doc_id"],
        "file": file.name,
        "title": meta["title"],
        "outlet": meta["outlet"],
        "date": meta["date"],
        "script": meta["script"],
        "note": meta["note"],
        "encoding": encoding,
        "raw": raw,
        "text": text,
        "raw_chars": len(raw),
        "clean_chars": len(text),
        **report,
    }


def catalog_for(path: Path) -> tuple[list[Path], pd.DataFrame]:
    """The article files under ``path`` (a folder or one file) and the catalog
    beside them, indexed by file name, checked against each other.

    Raises:
        CorpusError: a missing or empty folder, or a catalog row whose file is absent.
    """
    files = _article_files(path)
    folder = path if path.is_dir() else path.parent
    catalog = read_catalog(folder).set_index("file", drop=False)
    names = {f.name for f in files}
    absent = [name for name in catalog.index if name not in names]
    if absent and path.is_dir():
        raise CorpusError(f"{paths.catalog_path(folder)}: lists {', '.join(absent)}, not found in {folder}")
    return files, catalog


def doc_label(row) -> str:
    """A short label for plots: ``"003 HiShop 2015-06"``."""
    parts = [row["doc_id"], row["outlet"] or "(no outlet)", row["date"][:7] if row["date"] else "undated"]
    return " ".join(parts)


CORPUS_COLUMNS = (
    "doc_id", "file", "title", "outlet", "date", "script", "encoding", "note",
    "label", "raw", "text", "raw_chars", "clean_chars",
)

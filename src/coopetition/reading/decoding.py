"""Reading, decoding: bytes → text in UTF-8/16, GB18030 or Big5, damaged files named; paths checked and printed."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from coopetition.reading.articles import CorpusError
from coopetition.text.charset import CJK, common_share

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
                raise CorpusError(
                    f"{name}: starts with a {encoding} byte-order mark but does not decode ({exc.reason})"
                ) from None
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
FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


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

"""Cleaning, encoding damage: line endings, pinyin glosses, mis-decoded spans recovered or removed."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator

from coopetition.text.charset import common_share
from coopetition.text.clean.patterns import (
    _DAMAGE_GAP_RE,
    _NON_ASCII_RUN_RE,
    _ORPHAN_GLOSS_RE,
    _QUESTION_RUN_RE,
    _REDECODINGS,
    _STRAY_TRAIL_RE,
    _STRONG_RE,
    _TONED_RE,
    _UTF8_RUN_RE,
    ANNOTATION_RE,
    DAMAGE_RE,
)
from coopetition.text.clean.step import _step
from coopetition.text.clean.tables import _codepoints, _has_surrogate, _rare_positions, _rare_table

# --- encoding-level steps ----------------------------------------------------------


@_step("crlf", "line endings")
def normalize_newlines(text: str) -> tuple[str, int]:
    """CRLF and lone CR become LF."""
    n = text.count("\r")
    if not n:
        return text, 0
    return text.replace("\r\n", "\n").replace("\r", "\n"), n


@_step("annotations", "pinyin glosses")
def strip_reading_annotations(text: str) -> tuple[str, int]:
    """Remove pinyin glosses glued after characters: ``網(wǎng)`` → ``網``.

    Parentheses holding anything but one tone-marked pinyin syllable survive:
    ``(千次展示成本)``, ``(WXG)``, ``(1)``, ``(0條)``.
    """
    if not _TONED_RE.search(text):  # every gloss carries a tone mark
        return text, 0
    return ANNOTATION_RE.subn("", text)


def _utf8_read_as_gbk(run: str, *, min_share: float = 0.9) -> tuple[str, int]:
    """Re-decode the stretches of a run that are UTF-8 read as GBK; the rest stays.

    The run is encoded back to GBK bytes, character by character; from each
    character boundary, a stretch of bytes that is valid UTF-8 (two or more
    multi-byte characters) and decodes to common Chinese replaces the
    characters it came from. A UTF-8 character cut by the end of the stretch
    (an odd number of them shares GBK's two-byte grid) is lost with the
    character that held its first byte. Returns the text and the number of
    stretches recovered.
    """
    data, starts = bytearray(), []
    for ch in run:
        starts.append(len(data))
        try:
            data += ch.encode("gbk")
        except UnicodeEncodeError:
            data += b"\x00"  # a character GBK cannot hold cannot be mojibake from it
    starts.append(len(data))
    encoded = bytes(data)
    out, i, n = [], 0, 0
    while i < len(run):
        match = _UTF8_RUN_RE.match(encoded, starts[i]) if len(run[i].encode("utf-8")) == 3 else None
        if match:
            decoded = match.group().decode("utf-8")
            n_cjk, share = common_share(decoded)
            if n_cjk >= 2 and share >= min_share:
                j = i
                while starts[j] < match.end():
                    j += 1
                out.append(decoded)
                i, n = j, n + 1
                continue
        out.append(run[i])
        i += 1
    return "".join(out), n


def _redecode(run: str, *, min_share: float = 0.9, max_lost: float = 0.25) -> str | None:
    """The text a mis-decoded run stood for, if re-decoding its bytes gives common
    Chinese; else ``None``.

    Each of :data:`_REDECODINGS` is tried: the run is encoded back to the bytes the
    wrong decoder read, and decoded as it should have been. Bytes lost by the first
    decode come out as U+FFFD and are dropped; a candidate that loses more than
    ``max_lost`` of its characters, or whose CJK characters are less than
    ``min_share`` common (or no more common than the run's own), is refused.
    """
    _, before = common_share(run)
    best, best_share = None, max(min_share, before + 0.2)
    for wrong, right in _REDECODINGS:
        try:  # a U+FFFD of the wrong decode stands for lost bytes: skip them
            data = b"".join(piece.encode(wrong) for piece in run.split("\ufffd"))
        except UnicodeEncodeError:
            continue
        candidate = data.decode(right, errors="replace")
        lost = candidate.count("\ufffd")
        candidate = candidate.replace("\ufffd", "")
        n_cjk, share = common_share(candidate)
        if n_cjk >= 3 and lost <= max_lost * (len(candidate) + lost) and share >= best_share:
            best, best_share = candidate, share
    return best


@_step("recovered_spans", "spans re-decoded")
def recover_mojibake(text: str) -> tuple[str, int]:
    """Re-decode runs of mojibake whose original bytes survive.

    UTF-8 read as GBK turns ``双方`` into ``鍙屾柟``; encoding those characters
    back to GBK and decoding the bytes as UTF-8 gives the text again, even in the
    middle of good text (:func:`_utf8_read_as_gbk`). A whole run of GBK read as
    Big5, or Big5 read as GBK, is re-decoded the other way (:func:`_redecode`).
    Only runs of six or more non-ASCII characters with at least two rare
    characters are tried, and a re-decoding is kept only when it is common
    Chinese; what cannot be recovered is left to :func:`remove_encoding_damage`.

    Example:
        >>> recover_mojibake("报道称鍙屾柟杈炬垚鍚堜綔。")
        '报道称双方达成合作。'
    """
    rare = _rare_positions(text)
    if len(rare) < 2:
        return text, 0
    # a run never crosses a line: only lines with two rare characters are read
    line_starts = [text.rfind("\n", 0, i) + 1 for i in rare]
    lines = sorted({b for a, b in zip(line_starts, line_starts[1:]) if a == b})
    runs = (
        match
        for begin in lines
        for match in _NON_ASCII_RUN_RE.finditer(text, begin, (text.find("\n", begin) + 1 or len(text) + 1) - 1)
    )
    out, last, n = [], 0, 0
    for match in runs:
        start, end = match.span()
        if bisect.bisect_left(rare, end) - bisect.bisect_left(rare, start) < 2:
            continue
        fixed, k = _utf8_read_as_gbk(match.group())
        if not k:
            recovered = _redecode(match.group())
            fixed, k = (recovered, 1) if recovered is not None else (fixed, 0)
        if k:
            out.append(text[last:start])
            out.append(fixed)
            last, n = end, n + k
    if not n:
        return text, 0
    out.append(text[last:])
    return "".join(out), n


def _rare_spans(text: str) -> list[tuple[int, int]]:
    """Spans of rare characters, damage marks and ``?`` that a wrong decode left.

    Suspicious characters (rare CJK, :data:`_STRONG_DAMAGE` marks, ``?``) at most
    two characters apart form one cluster. A cluster is damage when it holds

    - a strong mark and anything else suspicious (``辈┩ㄗ稍``);
    - a ``?`` (a byte the decoder could not read) followed by rare characters,
      the misaligned run after the lost byte: ``??`` and one rare character, or
      ``?`` and two rare characters;
    - eight rare characters or more, most of the cluster (a run of mojibake).

    Real text has rare words now and then (揶揄, 佼佼者, 魑魅魍魉), seldom eight rare
    characters together, and a real ``?`` ends a sentence: rare characters before
    it (``“揶揄?”``) do not count.
    """
    spans: list[tuple[int, int]] = []
    cluster: list[int] = []  # offsets of suspicious characters, each one character long

    def close() -> None:
        if not cluster:
            return
        kinds = [text[at] for at in cluster]
        n_strong = sum(1 for k in kinds if _STRONG_RE.match(k))
        n_q = kinds.count("?")
        after_q = kinds[kinds.index("?") :] if n_q else []
        n_rare_after_q = len(after_q) - after_q.count("?") - sum(1 for k in after_q if _STRONG_RE.match(k))
        n_rare = len(kinds) - n_q - n_strong
        start, end = cluster[0], cluster[-1] + 1
        damaged = (
            (n_strong and len(kinds) >= 2)
            or (n_q >= 2 and n_rare_after_q >= 1)
            or (n_q >= 1 and n_rare_after_q >= 2)
            or (n_rare >= 8 and n_rare >= 0.7 * (end - start))
        )
        if damaged:
            if not n_strong and n_rare < 8:
                start = cluster[kinds.index("?")]  # the damage starts at the lost byte
            trail = _STRAY_TRAIL_RE.match(text, end)
            spans.append((start, trail.end() if trail else end))

    # the suspicious characters: rare ones and damage marks (one array pass, shared with the
    # other damage steps) and every "?"
    for at in heapq.merge(_rare_positions(text), _offsets(text, "?")):
        if cluster and not (at - cluster[-1] <= 3 and _DAMAGE_GAP_RE.fullmatch(text, cluster[-1] + 1, at)):
            close()
            cluster = []
        cluster.append(at)
    close()
    if "??" in text:
        for m in _QUESTION_RUN_RE.finditer(text):
            if _rare_table()[_codepoints(m.group())].any():
                spans.append(m.span())
    return spans


def _offsets(text: str, char: str) -> Iterator[int]:
    """The offsets of ``char`` in ``text``, in order."""
    at = text.find(char)
    while at >= 0:
        yield at
        at = text.find(char, at + 1)


@_step("damaged_spans", "garbled spans")
def remove_encoding_damage(text: str) -> tuple[str, int]:
    """Remove spans garbled by a wrong or misaligned decode, and count them.

    Two detectors, joined: the shapes of :data:`DAMAGE_RE` (orphan glosses,
    ``??`` runs, stray trail bytes, U+FFFD) and clusters of rare characters and
    damage marks (:func:`_rare_spans`). ``通道??焓值膬?nèi)容`` → ``通道容``;
    ``大廠們?yōu)楹渭w搶灘`` → ``大廠們搶灘``; ``合作之旅?這一`` is left alone.
    The characters under the damage are lost: they cannot be recovered from
    what was delivered (:func:`recover_mojibake` has already taken what can).
    """
    shapes = "\ufffd" in text or "??" in text or _ORPHAN_GLOSS_RE.search(text) or _has_surrogate(text)
    suspects = bool(_rare_positions(text))
    if not (shapes or suspects):
        return text, 0
    spans = [m.span() for m in DAMAGE_RE.finditer(text)] if shapes else []
    spans = sorted(spans + (_rare_spans(text) if suspects or "??" in text else []))
    if not spans:
        return text, 0
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out), len(merged)

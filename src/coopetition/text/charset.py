"""Facts about characters, shared by the decoder (which legacy encoding is right?)
and the cleaner (is this run encoding damage?): one definition of "common"."""

from __future__ import annotations

import functools
import re

__all__ = ["CJK", "cjk_count", "common_chars", "is_common", "common_share"]

#: the CJK ideograph blocks (Extension A, the URO, compatibility ideographs)
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")


@functools.lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """Every common character, decoded once from the two code ranges (a few
    thousand two-byte decodes, not two encodes per CJK code point)."""
    chars = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: lead bytes 0xB0-0xD7, trail bytes 0xA1-0xFE
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # the few unassigned codes at the end of the level
    for code in range(0xA440, 0xC67F):  # Big5 "frequently used": 0xA440-0xC67E
        try:
            ch = code.to_bytes(2, "big").decode("big5")
        except UnicodeDecodeError:
            continue  # trail bytes 0x7F-0xA0 are not codes
        if ch.encode("big5") == code.to_bytes(2, "big"):  # a character Big5 also codes elsewhere counts by its own code
            chars.add(ch)
    return frozenset(chars)


def is_common(ch: str) -> bool:
    """Whether a character is common in either script.

    Common = level 1 of GB2312 (the 3,755 most used simplified characters) or
    the "frequently used" block of Big5 (5,401 traditional characters). A wrong
    decode scatters into rare characters, so rarity is what damage looks like.
    """
    return ch in common_chars()


#: the code-point ranges of :data:`CJK`, for counting a long text with NumPy
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
#: texts at least this long are counted with NumPy (one pass over the code points), shorter ones by regex
_LONG_TEXT = 512


def cjk_count(text: str) -> int:
    """How many CJK ideographs (:data:`CJK`) ``text`` holds."""
    if len(text) < _LONG_TEXT:
        return len(_CJK_RE.findall(text))
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return int(sum(np.count_nonzero((points >= lo) & (points <= hi)) for lo, hi in _CJK_RANGES))


def common_share(text: str) -> tuple[int, float]:
    """``(number of CJK characters, share of them that are common)`` in ``text``.

    Example:
        >>> common_share("腾讯与京东")
        (5, 1.0)
    """
    cjk = _CJK_RE.findall(text)
    if not cjk:
        return 0, 0.0
    common = common_chars()
    return len(cjk), sum(ch in common for ch in cjk) / len(cjk)

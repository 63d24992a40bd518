"""Facts about characters, shared by the decoder (which legacy encoding is right?)
and the cleaner (is this run encoding damage?): one definition of "common"."""

from __future__ import annotations

import functools
import re

__all__ = ["CJK", "is_common", "common_share"]

#: the CJK ideograph blocks (Extension A, the URO, compatibility ideographs)
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")


@functools.lru_cache(maxsize=None)
def is_common(ch: str) -> bool:
    """Whether a character is common in either script.

    Common = level 1 of GB2312 (the 3,755 most used simplified characters) or
    the "frequently used" block of Big5 (5,401 traditional characters). A wrong
    decode scatters into rare characters, so rarity is what damage looks like.
    """
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def common_share(text: str) -> tuple[int, float]:
    """``(number of CJK characters, share of them that are common)`` in ``text``.

    Example:
        >>> common_share("腾讯与京东")
        (5, 1.0)
    """
    cjk = _CJK_RE.findall(text)
    if not cjk:
        return 0, 0.0
    return len(cjk), sum(map(is_common, cjk)) / len(cjk)

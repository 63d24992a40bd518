"""Numerals: read one written number (Arabic, full-width, Chinese or mixed) as a float.

Text → number, nothing else: :mod:`coopetition.measures.quantities` finds the number
phrases and decides what they measure; this module only reads them. Chinese
numerals go through cn2an; Arabic numerals may carry thousands separators and
a space (``1,953.04``, ``1 000``).
"""

from __future__ import annotations

import math
import re
import warnings
from decimal import Decimal
from functools import lru_cache

from coopetition._check import require_text

__all__ = ["ARABIC", "CHINESE", "CHINESE_DIGITS", "parse_numeral", "digit_value", "scale"]


@lru_cache(maxsize=1)
def _cn2an():
    """The ``cn2an`` module, imported on first use (a run served from the cache never needs it)."""
    with warnings.catch_warnings():  # cn2an logs a deprecation notice from its own dependency on import
        warnings.simplefilter("ignore")
        import cn2an
    return cn2an


#: an Arabic numeral: digits, thousands separators (ASCII or full-width comma), decimals
ARABIC = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
#: the Chinese digits (no place words)
CHINESE_DIGITS = "〇零一二两三四五六七八九"
#: a Chinese numeral: digits, place words and multipliers, an optional 点 decimal part
CHINESE = rf"[{CHINESE_DIGITS}十百千万亿]+(?:点[{CHINESE_DIGITS}]+)?"

_ARABIC_RE = re.compile(rf"{ARABIC}")
_SEPARATOR_RE = re.compile(r"[,，\s]")
_PLACE_FIRST_RE = re.compile("^[十百千万亿]")
_DIGIT_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def parse_numeral(text: str) -> float | None:
    """The value of one numeral, or ``None`` when it is not a number.

    Args:
        text: an Arabic (``1,953.04``), Chinese (``三万亿``, ``三点五``) or
            place-first (``千亿`` = 一千亿) numeral, without multiplier or unit.

    Returns:
        The value as a float; ``None`` for what only looks like a numeral: a
        run of digits with no place word (``二零二三``, read digit by digit, is
        a year or a code, not an amount), or one led by 零 (``零一``).

    Example:
        >>> parse_numeral("1,953.04"), parse_numeral("两千亿"), parse_numeral("二零二三")
        (1953.04, 200000000000.0, None)
    """
    require_text(text, "text")
    plain = _SEPARATOR_RE.sub("", text)
    if not plain:
        return None
    if _ARABIC_RE.fullmatch(plain):
        return float(plain)
    if plain[0] in "零〇" and len(plain) > 1:
        return None
    if len(plain) > 1 and all(ch in _DIGIT_VALUE for ch in plain):
        return None  # 二零二三, 七八: digit strings, not amounts (七八成 is read as a range by the caller)
    if _PLACE_FIRST_RE.match(plain):
        plain = "一" + plain  # 千亿, 百万, 十余
    try:
        return float(_cn2an().cn2an(plain, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def digit_value(char: str) -> int | None:
    """The value of one Chinese digit (``七`` → 7), else ``None``."""
    return _DIGIT_VALUE.get(char)


def scale(value: float, factor: float) -> float:
    """``value * factor`` computed in decimal, so a written decimal times a power of ten stays exact.

    A float product carries binary noise into tables (``8.8 * 1e8`` is ``880000000.0000001``);
    both operands are taken at their shortest decimal reading (``repr``), multiplied exactly and
    rounded once.

    Example:
        >>> scale(8.8, 1e8), scale(2.3, 1e8), scale(1.41, 1e12)
        (880000000.0, 230000000.0, 1410000000000.0)
    """
    if not (math.isfinite(value) and math.isfinite(factor)):
        return value * factor
    return float(Decimal(repr(value)) * Decimal(repr(factor)))

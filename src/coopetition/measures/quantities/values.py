"""Stage two of the quantity reader, the numbers: the value (and top of range) a number phrase states.

:func:`_numbers` reads number × multiplier (+ remainder), fuzzy numerals (数万, 十几) and ranges
(七八成, 80-100亿) off a :class:`.lexer.Phrase`; the grammar (:mod:`.grammar`) decides what the
figure is (unit, bound, change). Table tests in ``tests/test_quantities_grammar.py``.
"""

from __future__ import annotations

import math
from typing import TypeGuard

from coopetition.measures.numerals import digit_value, parse_numeral, scale
from coopetition.measures.quantities.lexer import Phrase
from coopetition.measures.quantities.lexicon import MULTIPLIERS, UNITS

_PLACE_VALUE = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}


def _value(numeral: str, mult: str | None) -> float | None:
    """The numeral times its multiplier, exact in decimal terms (8.8亿 is 880000000.0, not …0000001)."""
    value = parse_numeral(numeral)
    factor = MULTIPLIERS.get(mult or "", 1.0)
    return value if value is None or factor == 1.0 else scale(value, factor)  # times one: as read


def _chinese(numeral: str | None) -> TypeGuard[str]:
    return bool(numeral and not numeral[0].isdigit())


def _place_first(numeral: str | None) -> TypeGuard[str]:
    """True for a numeral that starts with its place word: 亿, 千万 (a round magnitude)."""
    return bool(numeral and numeral[0] in "十百千万亿")


def _numbers(m: Phrase, *, signed: bool = True) -> tuple[float, float, bool] | None:
    """``(value, value_max, fuzzy)`` of a number phrase; ``value_max`` is NaN for a single figure
    (and for a range whose top cannot be read); ``None`` when the numeral cannot be read. A minus
    written before a numeral makes it negative when ``signed`` (not when it is a list bullet)."""
    fuzzy = bool(
        m.group("fuzzy")
        or m.group("lofuzzy")
        or m.group("fuzzy2")
        or "多" in (m.group("unit") or "") + (m.group("lomult") or "")
    )
    if m.group("vague"):  # 上千: 1000; 数万, 几十: 2万-9万, 20-90 (QUANTITIES.md)
        vmult = m.group("vmult")
        assert vmult is not None  # _vague takes both groups of _VAGUE_RE
        magnitude = math.prod(_PLACE_VALUE[ch] for ch in vmult)
        if m.group("vague") == "上":
            return magnitude, math.nan, fuzzy
        return scale(2, magnitude), scale(9, magnitude), True
    if pct := m.group("pct"):  # 百分之二十五
        value = parse_numeral(pct)
        return None if value is None else (value, math.nan, fuzzy)
    lo, hi, lomult, himult = m.group("lo"), m.group("hi"), m.group("lomult"), m.group("himult")
    assert lo is not None  # past the written-out forms, the common phrase starts with its numeral
    pair = _digit_pair(lo) if _chinese(lo) and not hi else None
    if pair:  # 七八成: seventy to eighty percent
        factor = MULTIPLIERS.get(lomult or "", 1.0)
        return pair[0] * factor, pair[1] * factor, True
    value = _value(lo, lomult or (himult if hi and not m.group("lounit") else None))  # 80-100亿元: 亿 on both
    if value is None:
        return None
    if m.group("lofuzzy") == "几" and lo.endswith("十") and not hi:  # 十几 = 11-19, 二十几万 = 21万-29万
        unit_value = MULTIPLIERS.get(lomult or "", 1.0)
        return value + scale(1, unit_value), value + scale(9, unit_value), True
    if rest_text := m.group("rest"):  # 2兆3000亿元: the remainder, in a smaller multiplier
        rest = _value(rest_text, m.group("restmult"))
        # the multiplier the remainder is below: the phrase's own (3亿5000万), else the place word that ends
        # the Chinese numeral (三亿5000万), as the lexer found it when it took the remainder
        if rest is None or rest >= MULTIPLIERS[lomult or lo[-1]]:
            return None
        value += rest
    value_max = _value(hi, himult or lomult) if hi else None
    if signed and m.group("minus"):
        value = -value  # 净利润为-5.2亿元
    if value_max is not None and m.group("himinus"):
        value_max = -value_max  # 由-10%至-5%
    return value, math.nan if value_max is None else value_max, fuzzy


def _digit_pair(numeral: str) -> tuple[int, int] | None:
    """七八 → (7, 8): two neighbouring Chinese digits state a range."""
    if len(numeral) != 2:
        return None
    a, b = digit_value(numeral[0]), digit_value(numeral[1])
    return (a, b) if a is not None and b is not None and b == a + 1 else None


def _incompatible(lo_unit: str | None, hi_unit: str | None) -> bool:
    if not lo_unit or not hi_unit:
        return False
    return UNITS.get(lo_unit, lo_unit) != UNITS.get(hi_unit, hi_unit)

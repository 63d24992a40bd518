"""Figures that belong to a name, a slogan or a formula, not to a measurement.

``../shared/devpages/QUANTITIES.md`` leaves out "numerals inside names and set phrases (百亿补贴 as a
campaign name, 双11…)" and the promos a site runs. Two forms of it recur across outlets:

- **a slogan or a name in quotation marks** — the quotation holds a money verb and the figure
  (“分20亿”, a red-packet slogan; “欠122亿”LOGO), or the figure and a name ending with a name head
  of ``data/quantities.toml`` (“1元更香节”, “1元店”). A quoted figure with any other noun
  (“500万罚单”, 「24岁老大哥」) or in a quoted sentence (“一年买两个多亿”) is read as a figure;
- **a promotion formula** — 满99减20, 满200返100, 满300元减50元: a threshold and an offer, the terms
  of a deal, not an amount anyone spent or earned;
- **the size of a list the text has just written** — "small counts of items the text itself lists
  (北京、上海、成都三地)": the count right after as many listed items (顺丰、中通、圆通、申通、韵达和极兔6家,
  刘强东与李国庆二人) says how many names came before it, not a new figure.

Table tests in ``tests/test_quantities_names.py`` (simplified and traditional).
"""

from __future__ import annotations

import re

from coopetition.measures.numerals import parse_numeral
from coopetition.measures.quantities.context import _CLAUSE_RE
from coopetition.measures.quantities.lexicon import VOCAB, alternatives

__all__ = ["quoted_name", "promotion", "counts_the_list"]

_MONEY_VERBS = frozenset(VOCAB["money_verb"]["words"])
_QUOTES = VOCAB["quoted_name"]
_NAME_HEADS = tuple(_QUOTES["name_heads"])
#: an opening quotation mark, then at most a few characters of the quotation before the figure
_OPEN_RE = re.compile(
    "["
    + _QUOTES["open"]
    + "]([^"
    + _QUOTES["open"]
    + _QUOTES["close"]
    + r"\s,，。;；:：!?！？]{0,%d})$" % _QUOTES["before_at_most"]
)
_OPEN_SPAN = _QUOTES["before_at_most"] + 1
#: at most a few characters of name after the figure, then the closing quotation mark
_CLOSE_RE = re.compile(
    "^([^"
    + _QUOTES["open"]
    + _QUOTES["close"]
    + r"\d,，。;；:：!?！？、]{0,%d})[" % _QUOTES["after_at_most"]
    + _QUOTES["close"]
    + "]"
)

#: the characters of ``before`` a formula can take: every part of 满 9999.99 元 立减 is within them
_FORMULA_AT_MOST = 24
_THRESHOLD = alternatives(VOCAB["promotion"]["threshold"])
_OFFER = alternatives(VOCAB["promotion"]["offer"])
#: 满99减20: the threshold before an offer (元 may follow it), and the offer after a threshold
_THRESHOLD_RE = re.compile(f"(?:{_THRESHOLD})\\s*$")
_OFFER_AFTER_RE = re.compile(f"^\\s*元?\\s*(?:{_OFFER})\\s*\\d")
_OFFER_BEFORE_RE = re.compile(f"(?:{_THRESHOLD})\\s*\\d+(?:\\.\\d+)?\\s*元?\\s*(?:{_OFFER})\\s*$")


def quoted_name(before: str, after: str) -> bool:
    """True when the figure between ``before`` and ``after`` is part of a quoted slogan or name: the
    quotation opens right before it with one money verb and closes right after it (“分20亿”), or it
    holds the figure and a short name ending with a name head (“1元更香节”, “1元店”). A figure quoted
    alone (“20亿”), with another noun (“500万罚单”) or in a quoted sentence (“一年买两个多亿”) is a figure."""
    opened = _OPEN_RE.search(before.rstrip("\x00")[-_OPEN_SPAN:])  # the mark and what follows it, no more
    if opened is None:
        return False
    closed = _CLOSE_RE.match(after)
    if closed is None:
        return False
    lead, name = opened.group(1), closed.group(1)
    if lead:
        return lead in _MONEY_VERBS and not name  # “分20亿”, “欠122亿”: a slogan
    return name.endswith(_NAME_HEADS) if name else False


def promotion(before: str, after: str) -> bool:
    """True for the threshold or the offer of a promotion formula: 满99减20, 满200返100, 满300元减50元."""
    tail = before[-_FORMULA_AT_MOST:]  # a formula is short: 满 + a threshold + an offer word
    return bool(_THRESHOLD_RE.search(tail) and _OFFER_AFTER_RE.match(after)) or bool(_OFFER_BEFORE_RE.search(tail))


#: what joins the items of a list: 、 and the conjunctions
_LIST_JOIN_RE = re.compile(alternatives(VOCAB["listed_items"]["joins"]))
_ITEM_AT_MOST = VOCAB["listed_items"]["item_at_most"]
_LIST_AT_MOST = 2 * _ITEM_AT_MOST * (_ITEM_AT_MOST + 2)


def counts_the_list(before: str, numeral: str) -> bool:
    """True when ``numeral`` is the number of items listed right before it in its clause (each a short
    name with no digit): 顺丰、中通、圆通、申通、韵达和极兔6家, 北京、上海、成都三地."""
    # the longest list that can count: 2 × item_at_most items of item_at_most characters and a join each
    clause = _CLAUSE_RE.split(before[-_LIST_AT_MOST:])[-1].rstrip(" \x00")
    items = _LIST_JOIN_RE.split(clause)
    if len(items) < 2 or len(items) > 2 * _ITEM_AT_MOST:
        return False
    if not all(
        0 < len(item.strip(' \x00“”"')) <= _ITEM_AT_MOST and not any(ch.isdigit() for ch in item) for item in items
    ):
        return False
    return parse_numeral(numeral) == len(items)

"""The currency of bare money: what the page states elsewhere, else CNY flagged as assumed.

An amount with a currency word of its own (港元, 美元, 人民币, US$, ¥…) keeps it. An amount
whose only currency word is 元, or money read from context with no currency word at all
(营收300亿), takes the currency the page states for its figures:

- a currency named with 下同 ("人民币(下同)", "港元,下同"): that currency;
- a Hong Kong market report (港股, 恒指, 恒生指数… named twice, or once with amounts in 港元; none in
  人民币): HKD,
  and a bare ``$`` there is the Hong Kong dollar, not the US one;
- a page that writes its amounts in 新台币 and none in 人民币: TWD;

otherwise it is CNY, flagged ``currency_assumed`` unless the page names renminbi somewhere
(人民币, RMB: QUANTITIES.md flags money "where [it] has no currency anywhere in the text", and the
development reader flagged a bare 元 on a page that names only 美元 too). The words are data
(``[page_currency]`` in ``data/quantities.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coopetition.measures.quantities.lexicon import CURRENCY_PREFIXES, VOCAB, WordTable
from coopetition.text.patterns import alternation

__all__ = ["PageCurrency", "page_currency"]

_SETTINGS = VOCAB["page_currency"]
_NAMES = {**VOCAB["currency"], **CURRENCY_PREFIXES}
_NAMED = {name: code for name, code in _NAMES.items() if name not in _SETTINGS["not_a_name"]}
_NAME_RE = re.compile(alternation(_NAMED))
#: 人民币(下同), 港元,下同: the currency of every bare amount that follows
_SAME_BELOW_RE = re.compile(rf"({alternation(_NAMED)})\s*[(（,，]?\s*(?:{alternation(_SETTINGS['same_below'])})")
_MARKET = tuple(_SETTINGS["hk_market"])
_CURRENCY_WORDS = WordTable(_NAMED)
_BARE_DOLLAR = "$"


@dataclass
class PageCurrency:
    """The currency a page states for bare money (``""``: none stated) and whether it is a HK market page."""

    code: str = ""
    hong_kong: bool = False
    #: the page names renminbi somewhere (人民币, RMB): a bare 元 is then CNY by the page, not assumed
    yuan_named: bool = False

    def settle(self, row: dict) -> None:
        """Give a money ``row`` the page's currency when it writes none, and set ``currency_assumed``."""
        row["currency_assumed"] = False
        if row["family"] != "money":
            return
        written = _written_currency(row)
        if written == _BARE_DOLLAR and self.hong_kong:
            row["unit"] = "HKD"
        if written:
            return
        if self.code:
            row["unit"] = self.code
        else:
            row["currency_assumed"] = row["unit"] == "CNY" and not self.yuan_named


def _written_currency(row: dict) -> str:
    """The currency word written in or right around a money row's span, else ``""``."""
    sentence, span = row["sentence"], row["span"]
    at = max(0, sentence.find(span))
    around = sentence[max(0, at - 5) : at] + span + sentence[at + len(span) : at + len(span) + 4]
    names = [m.group() for m in _NAME_RE.finditer(around)]
    if not names:
        return ""
    if any(name != _BARE_DOLLAR for name in names):
        return names[-1]
    return _BARE_DOLLAR


def page_currency(text: str) -> PageCurrency:
    """What ``text`` (simplified) states about the currency of its bare amounts."""
    stated = _SAME_BELOW_RE.search(text)
    counts: dict[str, int] = {}
    for m in _NAME_RE.finditer(text):
        code = _NAMED[m.group()]
        counts[code] = counts.get(code, 0) + 1
    market = sum(text.count(word) for word in _MARKET)
    hong_kong = (market >= 2 or (market > 0 and counts.get("HKD", 0) > 0)) and not _yuan_written(text)
    if stated:
        return PageCurrency(_NAMED[stated.group(1)], hong_kong)
    if hong_kong:
        return PageCurrency("HKD", True)
    if counts.get("TWD", 0) and not _yuan_written(text):
        return PageCurrency("TWD")
    return PageCurrency(yuan_named=counts.get("CNY", 0) > 0)


def _yuan_written(text: str) -> bool:
    """True when the page writes an amount in 人民币 (or RMB) anywhere."""
    return any(word in text for word in _SETTINGS["renminbi"])


def _currency_after(after: str) -> str:
    """A currency named right after 元 (2.16兆元新台币, 300亿元港币): Taiwan and Hong Kong write it there."""
    head = after.lstrip(" ")
    for name in _CURRENCY_AFTER_YUAN:
        if head.startswith(name):
            return CURRENCY_PREFIXES[name]
    return ""


#: currencies written after 元 (not 美元: 50亿元美元债 is yuan, then a dollar bond)
_CURRENCY_AFTER_YUAN = tuple(VOCAB["grammar"]["currency_after_yuan"])

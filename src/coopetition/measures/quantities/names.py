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
from coopetition.measures.quantities.context import _CLAUSE_RE, sentence_actors
from coopetition.measures.quantities.lexicon import VOCAB, WordTable, word_tag, words_of
from coopetition.text.patterns import alternation

__all__ = ["quoted_name", "promotion", "counts_the_list", "money_verb_before", "names_the_firms", "ranks"]

_MONEY_VERBS = frozenset(VOCAB["money_verb"]["words"])
_QUOTES = VOCAB["quoted_name"]
_NAME_HEADS = tuple(_QUOTES["name_heads"])
#: nouns after a quoted figure and name that make the quotation the name of a campaign or a benefit
_PROGRAM_AFTER_RE = re.compile(
    r"^\s*[^\s,，。;；:：!?！？、()（）的]{0,%d}(?:%s)"
    % (_QUOTES["program_at_most"], alternation(_QUOTES["program_heads"]))
)
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
_THRESHOLD = alternation(VOCAB["promotion"]["threshold"])
#: nouns in a quotation that make its money a commitment (“5000元创业基金”)
_COMMITS_RE = re.compile(alternation(_QUOTES["commitments"]))
_OFFER = alternation(VOCAB["promotion"]["offer"])
#: 满99减20: the threshold before an offer (元 may follow it), and the offer after a threshold
_THRESHOLD_RE = re.compile(f"(?:{_THRESHOLD})\\s*$")
_OFFER_AFTER_RE = re.compile(f"^\\s*元?\\s*(?:{_OFFER})\\s*\\d")
_OFFER_BEFORE_RE = re.compile(f"(?:{_THRESHOLD})\\s*\\d+(?:\\.\\d+)?\\s*元?\\s*(?:{_OFFER})\\s*$")


def quoted_name(before: str, after: str, *, money: bool = False, multiplied: bool = False) -> bool:
    """True when the figure between ``before`` and ``after`` is part of a quoted slogan or name: the
    quotation opens right before it with one money verb and closes right after it (“分20亿”), or it
    holds the figure and a short name ending with a name head (“1元更香节”, “1元店”) or set before the noun of a
    campaign or a benefit (“十亿激赏”新用户补贴, “2小时极速审核”权益). A figure quoted
    alone (“20亿”), with another noun (“500万罚单”) or in a quoted sentence (“一年买两个多亿”) is a figure.
    ``money``: the figure has a currency unit, ``multiplied``: a 万/亿 multiplier after a numeral; quoted before a program's noun
    it is the money the program commits (“3800亿元新基建投资”计划, “10亿元商家扶持”计划), a figure, as is any money
    with a commitment noun in the quotation (“5000元创业基金”); a small price names the program (“1元秒杀”活动)."""
    opened = _OPEN_RE.search(before.rstrip("\x00")[-_OPEN_SPAN:])  # the mark and what follows it, no more
    if opened is None:
        return False
    closed = _CLOSE_RE.match(after)
    if closed is None:
        return False
    lead, name = opened.group(1), closed.group(1)
    if lead:
        return lead in _MONEY_VERBS and not name  # “分20亿”, “欠122亿”: a slogan
    committed = money and (multiplied or bool(_COMMITS_RE.search(name)))
    if name and not committed and _PROGRAM_AFTER_RE.match(after[closed.end() :]):
        return True  # “十亿激赏”新用户补贴, “2小时极速审核”权益: the name of what the noun after it names
    return name.endswith(_NAME_HEADS) if name else False


def promotion(before: str, after: str) -> bool:
    """True for the threshold or the offer of a promotion formula: 满99减20, 满200返100, 满300元减50元."""
    tail = before[-_FORMULA_AT_MOST:]  # a formula is short: 满 + a threshold + an offer word
    return bool(_THRESHOLD_RE.search(tail) and _OFFER_AFTER_RE.match(after)) or bool(_OFFER_BEFORE_RE.search(tail))


#: what joins the items of a list: 、 and the conjunctions
_LIST_JOIN_RE = re.compile(alternation(VOCAB["listed_items"]["joins"]))
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


def money_verb_before(before: str) -> bool:
    """True when the word right before a figure moves money (欠122亿, 分20亿, 砸了10亿)."""
    tail = before.rstrip(' \x00“"「『')
    words = list(words_of(tail[-8:])) if tail else []
    if words and words[-1] in ("了", "掉", "出", "走") and len(words) > 1:
        words = words[:-1]
    return bool(words) and words[-1] in _MONEY_VERBS


_FIRMS = VOCAB["named_firms"]
_FIRM_GROUPS = WordTable(VOCAB["grammar"]["firm_groups"])
#: a word before the count that makes its firms new ones (另有三家公司, 其他三家): not the ones named before
_NEW_FIRMS_RE = re.compile("(?:" + alternation(_FIRMS["new_firms"]) + r")\s*$")
#: a word right after the count that makes its firms new ones (三家新公司)
_NEW_AFTER = tuple(_FIRMS["new_after"])
#: a generic firm noun after at most a few characters of modifier (电商企业, 外卖平台): the firms the text named
_FIRM_NOUN_RE = re.compile(
    r"^[^\s,，。;；:：!?！？、的]{0,%d}?(?:%s)" % (_FIRMS["modifier_at_most"], alternation(_FIRMS["firm_nouns"]))
)
#: the end of a sentence: only the sentence right before the count's may hold the firms it points at
_SENTENCE_END_RE = re.compile(r"[。！？!?\n]+")
#: the end of the count's noun phrase: a clause break, then what the phrase is set beside (三家版权方,爱优腾…)
_APPOSITION_RE = re.compile(r"^[^,，:：;；。、]{0,%d}[,，:：—（(]+\s*" % _FIRMS["noun_at_most"])


def names_the_firms(before: str, after: str, preceding: str, numeral: str) -> bool:
    """True when a count of firms (三家, 四家) is the number of firms the text names right around it, so it
    points at them and counts nothing new ("small counts of items the text itself lists"): ``preceding``
    (the text before the count's sentence, up to 200 characters) names exactly that many distinct firms and
    the count's own sentence names none before it (京东、拼多多、阿里巴巴股价分化明显。本文分析三家电商企业…)
    and the count's noun is a generic firm noun or none (三家银行 and 三家新公司 are others), or a group of firms the industry names in one word is set beside it (三家国内版权方,爱优腾又联合…).
    另有三家, 其他三家, 共三家 are new firms. Only the sentence right before the count's is read."""
    count = parse_numeral(numeral)
    if not count or count < 3 or _NEW_FIRMS_RE.search(before[-4:]):
        return False  # 两家 is an article already (the two); 另有三家: others
    beside = _APPOSITION_RE.match(after)
    if beside and _FIRM_GROUPS.prefix(after[beside.end() :]):
        return True
    if not preceding or sentence_actors(before) or not _names_a_firm(after):
        return False
    sentences = [piece for piece in _SENTENCE_END_RE.split(preceding) if piece.strip(" \x00")]
    last = sentences[-1] if sentences else ""
    return len({actor for _, _, _, actor in sentence_actors(last)}) == count


def _names_a_firm(after: str) -> bool:
    """True when what follows a count of firms (after its 家) is a generic firm noun (电商企业, 外卖平台) or no
    noun (均录得增长, 的营收): the count may point at firms named before; 三家新公司 and 三家银行 count others."""
    after = after.lstrip(" \x00")
    if after.startswith(_NEW_AFTER):
        return False
    if _FIRM_NOUN_RE.match(after):
        return True
    words = words_of(after[:6])
    return not words or not word_tag(words[0]).startswith(("n", "j"))


_RANKS = VOCAB["rank"]
#: a verb of placing, then at most a few characters and bare numerals joined by 、 (分别斩获2、3、): the places
_RANK_LIST_RE = re.compile(
    "(?:"
    + alternation(_RANKS["verbs"])
    + r")[^,，;；。\d]{0,%d}(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*、\s*)+$" % _RANKS["between_at_most"]
)
_CLAUSE_END_RE = re.compile(r"^\s*(?:[,，;；。!！?？)）]|$)")


def ranks(before: str, after: str) -> bool:
    """True when a count of 名 closes a list of bare numerals after a verb of placing, with no noun after it
    (分别斩获2、3、4名; 分列第…): places in a ranking, ordinals ("not quantities"), not people. 分别招聘2、3、4名
    工程师 and 共有2、3、4名 are counts."""
    return bool(_CLAUSE_END_RE.match(after) and _RANK_LIST_RE.search(before[-40:]))

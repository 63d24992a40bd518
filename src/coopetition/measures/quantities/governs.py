"""What a word before or after a figure governs (issue 25, round 4): the grammar's reach, read from the
clause and not from a page's words.

- :func:`_share_bound`: a bound word reaches over the whole a share is taken of (不足美团的10%: below);
- :func:`_market_size`: a noun of a market's size after a bare magnitude makes it money (三万亿的口子);
- :func:`_enumerates`: a count in Chinese numerals that enumerates a list (三个维度: …) measures nothing;
- :func:`_loss_governs`: a loss or a cut (亏损, 降价) states the change of an amount or a percentage (a job
  cut, 裁员, also of people), not of a span or a count;
- :func:`_loss_compensated`: a loss that is paid back or claimed (赔偿损失10亿元) states no change;
- :func:`_ends_its_clause`: a rate named before a figure may give it a direction only when the figure
  ends its clause (高达35%。, not 超过50%的用户);
- :func:`_comparison_gap`: a figure after 比…快 is the gap of a comparison, which no rate gives a direction.

Word lists in ``data/quantities.toml`` (``market_size``, ``bound_share``, ``enumeration``, ``comparison_gap``,
``loss_governs``, ``loss_object``).
"""

from __future__ import annotations

import re

from coopetition.measures.quantities.context import _BOUND_WORDS, _CLAUSE_RE
from coopetition.measures.quantities.lexicon import UNIT_FAMILY, VOCAB, WordTable, word_tag, words_of
from coopetition.text.patterns import alternation

_VOCAB = VOCAB


def _first_label(pairs) -> dict[str, str]:
    """``{word: label}`` of ``(word, label)`` pairs, the first label of a word winning."""
    labels: dict[str, str] = {}
    for word, label in pairs:
        labels.setdefault(word, label)
    return labels


#: the label of each bound word before a figure (超过: at least, 不足: below, 约: about, 达: reached)
_BOUND_BEFORE_LABEL = _first_label(_BOUND_WORDS)

#: what may follow a figure that stands alone in a parallel construction (而支付宝仅8.93亿,)
_PHRASE_END_RE = re.compile(
    r"^\s*(?:[,;:。！？!?)）、/]|$|和|与|及|或|而|左右|以上|以下|上下|多|余|之间|的(?:水平|规模|体量))"
)


_MARKET_SIZE = WordTable(VOCAB["market_size"]["words"])
_MARKET_BETWEEN = tuple(VOCAB["market_size"]["between"])
_MARKET_SIZE_NOUNS = WordTable(VOCAB["market_size"]["size_nouns"])


def _market_size(after: str) -> bool:
    """True when a noun of a market's size follows a figure, past 左右, 级 and 的 (三万亿的口子, 20亿左右的盘子,
    千亿级市场), and ends its noun phrase: the figure is the money that market turns over. A longer noun
    (市场主体, 市场营销) or a noun after it (市场人群, 生意伙伴) is what the figure counts; a noun of the size
    itself (千亿市场规模) keeps the market's."""
    rest = after.lstrip(" ")
    for word in _MARKET_BETWEEN:
        rest = rest[len(word) :] if rest.startswith(word) else rest
    noun = _MARKET_SIZE.prefix(rest)
    if not noun:
        return False
    words = words_of(rest[:10])
    if words[0] != noun:
        return False  # 市场主体, 市场营销人员: the segmenter reads a longer noun
    following = rest[len(noun) :]
    if _MARKET_SIZE_NOUNS.prefix(following):
        return True
    return len(words) < 2 or not word_tag(words[1]).startswith("n")  # 千亿市场。, 千亿市场的, 万亿市场正在形成


_SHARE_RE = re.compile(
    "(?P<word>"
    + alternation(_VOCAB["bound_share"]["words"])
    + r")(?P<whole>(?:[A-Za-z][A-Za-z0-9.\-]*|[^\d\x00的了]){1,12})的\s*$"
)
_NOT_A_WHOLE = tuple(_VOCAB["bound_share"]["not_a_whole"])


def _share_bound(before: str) -> str:
    """The bound of a share or a multiple taken of a whole named between a bound word and 的 (不足美团的10%:
    below; 超过行业平均水平的两倍: at least), else ``""``."""
    if not before.rstrip().endswith("的"):
        return ""  # most figures: no 的 right before them, nothing to split
    m = _SHARE_RE.search(_CLAUSE_RE.split(before[-40:])[-1])
    if not m or m.group("whole").lstrip().startswith(_NOT_A_WHOLE):
        return ""
    return _BOUND_BEFORE_LABEL[m.group("word")]


_LOSS = _VOCAB["loss_governs"]
#: each word of a loss or a cut (亏损, 降价, 裁员) and what it states the change of: unit families, or the unit people
LOSS_GOVERNS: dict[str, frozenset[str]] = {
    word: frozenset({"money", "percent"}) for word in _LOSS["money_or_share"]
} | {word: frozenset({"money", "percent", "people"}) for word in _LOSS["money_share_or_people"]}


_CUT_WORDS = frozenset(_LOSS["cut_words"])
_TIMES = frozenset(_LOSS["times"])


def _loss_governs(unit: str, word: str, surface: str = "") -> bool:
    """True when the loss or cut word ``word`` (亏损, 降价, 裁员) can state the change of a figure in ``unit``
    (its unit word ``surface``): an amount of money or a percentage is what is lost or cut (亏损10亿元, 降价5%),
    and people, posts and branches are what a job cut cuts (裁员2000人, 裁员约1.8万个职位, 裁减300家网点); a span
    or a count of times is how long or how often (亏损了三年, 降价三次, 裁员3轮)."""
    if word in _CUT_WORDS and UNIT_FAMILY.get(unit) != "duration" and surface not in _TIMES:
        return True
    governed = LOSS_GOVERNS[word]
    return unit in governed or UNIT_FAMILY.get(unit) in governed


_LOSS_OBJECT = _VOCAB["loss_object"]
_LOSS_OBJECT_RE = re.compile(alternation(_LOSS_OBJECT["verbs"]))
_LOSS_MODIFIER_TAGS = tuple(_LOSS_OBJECT["between_tags"])
_LOSS_BETWEEN = frozenset(_LOSS_OBJECT["between_words"])
#: a relative clause of the loss's cause or bearer between the verb and the loss (由此造成的, 给其造成的)
_LOSS_RELATIVE_RE = re.compile(
    "(?:"
    + alternation(_LOSS_OBJECT["relative_openers"])
    + ")所?(?:"
    + alternation(_LOSS_OBJECT["relative_verbs"])
    + ")的"
)


def _loss_compensated(before: str, word: str) -> bool:
    """True when the loss word ``word`` before a figure is the object of a verb that pays it back or claims
    it (赔偿经济损失10亿元, 索赔损失9000万元): the figure is the amount of a compensation, a level. Between the
    verb and the loss word stand at most a few characters, all modifiers of the loss (经济, 京东的, 相关, 了) or
    a relative clause of the loss's cause or bearer (由此造成的, 给其造成的), no verb or adverb (因赔付激增损失10亿元, 补偿用户导致损失2亿元: a
    loss of its own)."""
    clause = _CLAUSE_RE.split(before)[-1]
    at = clause.rfind(word)
    if at < 0:
        return False
    head = clause[:at]
    for m in _LOSS_OBJECT_RE.finditer(head, max(0, at - _LOSS_OBJECT["at_most"] - 2)):
        between = head[m.end() :]
        if len(between) <= _LOSS_OBJECT["at_most"] and (
            _LOSS_RELATIVE_RE.fullmatch(between)
            or all(w in _LOSS_BETWEEN or word_tag(w).startswith(_LOSS_MODIFIER_TAGS) for w in words_of(between))
        ):
            return True
    return False


def _ends_its_clause(after: str) -> bool:
    """True when nothing but a bound, a list join or the clause's end follows a figure (高达35%、18%。): the
    figure is the clause's complement, so a rate named before it may be what it measures; a figure followed
    by 的 and a noun or by a verb (超过50%的用户, 30%来自海外) measures that noun or is a subject of its own."""
    return bool(_PHRASE_END_RE.match(after))


_ENUMERATION = _VOCAB["enumeration"]
#: a list after a count: a colon, 、, 分别… within 12 characters of its clause, or the line's end (三个维度:…)
_ENUM_AFTER_RE = re.compile(
    r"^[^,，。;；!?！？\n]{0,12}?(?:" + alternation(_ENUMERATION["list_after"]) + r")|^[ \x00]*(?:\n|$)"
)
_LIST_JOINS = frozenset(_ENUMERATION["list_joins"])
_PRONOUNS = WordTable(_ENUMERATION["pronouns"])
_EVENT_CLASSIFIERS = frozenset(_ENUMERATION["event_classifiers"])
#: the words a listed item may end with: nouns, verbal nouns, names the dictionary does not know, Latin (用户, 革命,
#: 拼多多, AI); before its last word an item may also hold a verb or an adjective (创新业务, 精细化运营期)
_ITEM_TAGS = ("n", "x", "eng", "j", "vn")
_ITEM_INNER_TAGS = (*_ITEM_TAGS, "v", "a", "b")
#: what no listed item holds: a time word, a pronoun, an aspect particle (今年, 各自, 了: a clause's own words)
_NOT_IN_AN_ITEM_TAGS = ("t", "r", "ul", "uz", "ug")
_ASIDE_RE = re.compile(r"[(（][^()（）]*[)）]")


def _lists_before(clause: str) -> bool:
    """True when ``clause`` ends with a list whose items the segmenter cuts as words joined by 、/和/与/及 and
    whose last item ends it with a noun (用户、供应链、技术; 数字媒体及娱乐和创新业务; asides in brackets left
    out), not with a join inside a word (参与, 涉及) or a subject and its verb or time word after a join
    (腾讯和阿里今年各自进行了). A list with 、 (never a preposition) may list verb phrases (入淘宝、入支付宝
    和最新的入高德); with only 和/与/及 both items around the last join are one to three words of a noun phrase."""
    words = words_of(_ASIDE_RE.sub("", clause)[-30:].rstrip(" \x00"))
    joins = [i for i, word in enumerate(words) if word in _LIST_JOINS]
    if not joins or joins[-1] in (0, len(words) - 1):
        return False
    last, first = words[joins[-1] + 1 :], words[joins[-1] - 1]
    if not word_tag(last[-1]).startswith(_ITEM_TAGS):
        return False
    inner = [word_tag(w) for w in last[:-1]]
    if "、" in words[: joins[-1] + 1]:
        return len(last) <= 4 and not any(t.startswith(_NOT_IN_AN_ITEM_TAGS) for t in inner)
    return (
        len(last) <= 3 and word_tag(first).startswith(_ITEM_TAGS) and all(t.startswith(_ITEM_INNER_TAGS) for t in inner)
    )


def _beside_a_pronoun(before: str, after: str, classifier: str) -> bool:
    """True when a pronoun stands right before a count of people (我们三个, 他们三位), not before a count of
    events that a noun or verb follows (他们三次提价: the times they raised prices)."""
    if not _PRONOUNS.suffix(before.rstrip(" ")):
        return False
    following = words_of(after[:6].lstrip(" ")) if after[:1].strip() else ()
    event = bool(following) and word_tag(following[0]).startswith(("n", "v"))
    return not (classifier in _EVENT_CLASSIFIERS and event)


def _enumerates(before: str, after: str, classifier: str = "") -> bool:
    """True when a count in Chinese numerals with a classifier (三个维度, 四个板块) enumerates what the text
    lists before or after it, or stands beside a pronoun (我们三个): no measurement. ``after`` starts after
    the classifier ``classifier``."""
    clause = _CLAUSE_RE.split(before)[-1]
    return bool(_ENUM_AFTER_RE.match(after) or _lists_before(clause) or _beside_a_pronoun(clause, after, classifier))


_GAP_WORDS = WordTable(_VOCAB["comparison_gap"]["words"])
#: a comparison marker, not inside 占比, 比例, 比重, 比率
_COMPARISON_MARK_RE = re.compile(r"(?<!占)比(?![例重率])|较|相比|相较")


def _comparison_gap(before: str) -> bool:
    """True when a figure is the gap of a comparison in its clause: a comparative right before it and 比/较
    earlier (增速比行业快0.4个百分点, 較同業高2%): the figure is the difference, not a growth rate."""
    if not _GAP_WORDS.suffix(before.rstrip(" \x00")):
        return False  # most figures: no comparative right before them
    clause = _CLAUSE_RE.split(before)[-1].rstrip(" \x00")
    gap = _GAP_WORDS.suffix(clause)
    head = clause[: -len(gap)]
    # the marker needs what it compares with before the comparative: 较同业高, not 较高 (relatively high)
    return any(m.end() < len(head) for m in _COMPARISON_MARK_RE.finditer(head))

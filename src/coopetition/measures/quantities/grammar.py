"""Stage two of the quantity reader: the grammar that turns a number phrase into rows.

:func:`read_phrase` takes one :class:`.lexer.Phrase` and the text around it and applies the
rules below, each a named function (table tests in ``tests/test_quantities_grammar.py``):

- :func:`_not_a_quantity`: names, dates, articles (一家, 二人), set phrases, bare numbers, durations that
  only place something in time (未来三年, 十几年间, 近三年新高), index points of an argument (三点建议), the
  size of a list just given (优酷、爱奇艺、腾讯视频三家), quoted slogans and promotion formulas (:mod:`.names`);
- :func:`_numbers`: number × multiplier (+ remainder), fuzzy numerals (数万, 十几), ranges (七八成, 80-100亿);
- :func:`_split_range`: 从X到Y and 增长10%至300亿 read as two figures;
- :func:`_unit`: the unit (a currency before or after, a counted noun, money by its verb or noun or
  clause, inheritance by a parallel figure: 营收、利润分别为3亿、2亿元);
- :func:`_bound` and :func:`_reached_bound`: at least / below / about from the words around;
- :func:`_change` and :func:`.context.rate_in_clause`: increase / decrease for a stated change (a loss
  too: 亏损, 蚀), "" for a level;
- :func:`_written_out_row`, :func:`_half_row`: 翻了一番, 双倍, 9块9, 三分之二, 一半, 半个月.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from coopetition.measures.numerals import CHINESE_DIGITS, digit_value, parse_numeral, scale
from coopetition.measures.quantities.context import (
    _BOUND_AFTER,
    _CHANGE_TRAIL,
    _CHANGE_WORDS,
    _CLAUSE_RE,
    _FILLERS,
    _USER_HINTS,
    MONEY_HINTS,
    _ends_with_noun,
    _is_one_verb,
    _row,
    _strip_trail,
    _subject,
    _user_hint,
    change_after,
    money_hint_in,
    rate_in_clause,
    sentence_actors,
)
from coopetition.measures.quantities.currency import _currency_after
from coopetition.measures.quantities.governs import (
    _BOUND_BEFORE_LABEL,
    _PHRASE_END_RE,
    LOSS_GOVERNS,
    _comparison_gap,
    _ends_its_clause,
    _enumerates,
    _first_label,
    _loss_compensated,
    _loss_governs,
    _market_size,
    _share_bound,
)
from coopetition.measures.quantities.lexer import MASK, Phrase, match_at
from coopetition.measures.quantities.lexicon import (
    CLASSIFIERS,
    CURRENCY_PREFIXES,
    UNIT_FAMILY,
    UNITS,
    VOCAB,
    WordTable,
    first_word,
    word_tag,
    words_of,
)
from coopetition.measures.quantities.names import counts_the_list as _counts_the_list
from coopetition.measures.quantities.names import money_verb_before as _money_verb_before
from coopetition.measures.quantities.names import names_the_firms as _names_the_firms
from coopetition.measures.quantities.names import promotion as _promotion
from coopetition.measures.quantities.names import quoted_name as _quoted_name
from coopetition.measures.quantities.names import ranks as _ranks
from coopetition.measures.quantities.values import (
    _chinese,
    _incompatible,
    _numbers,
    _place_first,
)
from coopetition.text.patterns import alternation

__all__ = ["read_phrase"]

_VOCAB = VOCAB
_MASK = MASK
#: a multiplier of 10^12 that is read only for an amount of money (带宽100兆 is 100 Mbps)
_MONEY_ONLY_MULTIPLIERS = frozenset(VOCAB["grammar"]["money_only_multipliers"])
#: a hyphen at the start of a line is a list bullet (-5家门店…), not the sign of the figure after it
_LIST_BULLET_RE = re.compile(r"(?:^|\n)[\s\x00]*$")


@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """The words of ``sentence`` (the package's segmenter) with their offsets."""
    spans, offset = [], 0
    for token in words_of(sentence):
        spans.append((offset, offset + len(token), token))
        offset += len(token)
    return tuple(spans)


def _inside_a_word(sentence: str, start: int, end: int) -> bool:
    """True when the segmenter puts a Chinese numeral inside a longer word (千人千面, 三四线, 一年一度)."""
    for t_start, t_end, token in _tokens(sentence):
        if t_end <= start or t_start >= end:
            continue
        if t_start < start and t_end <= end and token[: start - t_start] in _BOUND_PREFIXES:
            continue  # 近九成, 近三成: a bound the segmenter glued to the figure, no longer word
        if (t_start < start or t_end > end) and len(token) > end - start and not re.search(r"\d", token):
            return True
    return False


def _next_noun(text: str) -> str:
    """The first word of ``text`` when the dictionary tags it a noun (what a classifier counts: 3万个乡镇)."""
    word = first_word(text[:10]) if text.strip(_MASK) else ""
    if word and word_tag(word).startswith(("n", "eng")) and re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", word):
        return word
    return ""


#: page counters on forum and news pages: 3501 人阅读
_FURNITURE_RE = re.compile(r"^\s*(?:人)?(?:阅读|回复|浏览|点赞|评论|关注|收藏|转发|获赞)")
#: 成 that starts a word (成为, 成本): not 三成 = 30%
_CHENG_WORD_RE = re.compile("^(?:为|本|员|交|长|功|立|熟|就|绩|果|品|型|都|了|形|效|败|真)")
#: a duration that names a point in time, not a span: 三年前, 两年后
#: classifiers of firms and people: a small count of them after the names is the list's size, no figure
_LISTED_COUNTS = frozenset(VOCAB["grammar"]["listed_counts"])
_FIRM_GROUPS = WordTable(VOCAB["grammar"]["firm_groups"])
_TIME_PLACE = WordTable(VOCAB["time_place"]["before"])
_STREAK_WORDS = WordTable(VOCAB["change_streak"]["words"])
#: every word that bounds the figure after it (超过, 近, 约…)
_BOUND_PREFIXES = frozenset(word for words in VOCAB["bound_before"].values() for word in words)
_ESTIMATE_BEFORE = WordTable(VOCAB["bound_estimate"]["right_before"])
_ESTIMATE_WORDS = tuple(VOCAB["bound_estimate"]["in_clause"])
_SPAN_BOUND_AFTER = WordTable(VOCAB["bound_after"]["below_after_span"])
_TIME_FRAME = WordTable(VOCAB["time_place"]["after_unbounded"])
_YEAR_POINT = WordTable(VOCAB["time_place"]["after_years"])
_RECORD_AFTER_RE = re.compile("^(?:以来|来|内|之内)?的?(?:" + alternation(VOCAB["time_place"]["record_after"]) + ")")
_TIME_POINT_RE = re.compile(r"^(?:前|后|之前|之后|以前|以后|以来前)")
_FROM_RE = re.compile(r"(?:从|由)(?:[^,，;；]{0,8}的)?\s*$")
_TO_LEVEL_RE = re.compile(r"(?:至|到)$")
#: numerals that stand alone as an article or a pronoun before a classifier: 一家, 两人, 二人 (the two)
_ARTICLE_NUMERALS = frozenset({"一", "两", "二"})
_BOUND_MAGNITUDE = {word: label for label, words in _VOCAB["bound_magnitude"].items() for word in words}
#: a bound adverb, a modal and one word before a figure (最多可领取100元): the word must be a verb
_ADVERB_BOUND_RE = re.compile(
    "(?:(?P<least>"
    + alternation(_VOCAB["bound_adverb"]["at least"])
    + ")|(?P<most>"
    + alternation(_VOCAB["bound_adverb"]["below"])
    + "))(?:"
    + alternation(_VOCAB["bound_adverb"]["modal"])
    + ")?(?P<verb>[\u4e00-\u9fff]{1,3})了?$"
)
_NEGATION_RE = re.compile("(?:" + alternation(_VOCAB["bound_negation"]["words"]) + ")$")
_COMPARED_CHANGE = {word: label for label, words in _VOCAB["change_compared"].items() for word in words}
_COMPARISON_RE = re.compile(r"比|较|相比|相较")
_CHANGE_LINKS = WordTable({*_VOCAB["change_link"]["words"], *_CHANGE_TRAIL})
#: a demonstrative right before a count or a span points back at what is already named (该三城, 这两年)
_DEMONSTRATIVE_RE = re.compile(r"(?:这|那|(?<![应本活])该|(?<![因如由对彼为至借据])此|上述|前述)\s*$")
#: a lead time says when, it measures nothing: 提前两个月就召开了发布会
_LEAD_TIME_BEFORE_RE = re.compile(r"提前\s*$")
#: what a fraction written with a slash follows: the thing it is a share of (腾讯的1/9) or a level or bound
_FRACTION_CONTEXT_RE = re.compile(r"(?:的|为|占|约|近|超过|超|逾|达|不到|不足|仅)$")
#: what follows a duration that measures a span (仅一年时间, 长达两年之久): 一年 is then a figure, not an article
_SPAN_AFTER_RE = re.compile(r"^(?:的)?(?:时间|之久|光景)")
#: what a parallel clause may hold and still share the direction of the rate before it (第三年得保证200%)
_LEVEL_IN_CLAUSE_RE = re.compile(r"占|为|是|达|至|到|率|比|较|从|由|有")


_LIST_JOIN_RE = re.compile(r"^\s*(?:和|、|及|与|以及|或)\s*$")


def _bound(before: str, after: str, fuzzy: bool, vague: str | bool, *, magnitude: bool = False) -> str:
    """``at least``, ``below``, ``about`` or ``""`` from the words around a figure; a ``magnitude``
    (a figure with 万/亿…) may also be bounded by a lone 过 or 破 (日活过亿, 日破千万)."""
    word = _BOUND_AFTER_WORDS.prefix(after.lstrip(" "))
    if word:
        return _BOUND_AFTER_LABEL[word]
    if vague:
        return "at least" if vague == "上" else "about"  # 上千: a thousand and more; 数万, 几十: a range
    if fuzzy:
        return "about"
    tail = before.rstrip(" \x00")
    prefix = _CURRENCY_PREFIX_WORDS.suffix(tail)
    tail = tail[: len(tail) - len(prefix)]  # 约人民币157亿元: the bound sits before the currency
    for _ in range(3):  # 估计在80亿, 超过了3万: a filler may sit between the word and the figure
        word = _BOUND_BEFORE_WORDS.suffix(tail)
        if word:
            label = _BOUND_BEFORE_LABEL[word]
            if word == "近" and tail.endswith(("最近", "附近")):
                return ""
            if label != "reached" and _NEGATION_RE.search(tail[: -len(word)]):
                return {"at least": "below", "below": "at least"}.get(label, label)  # 不能低于60%: at least
            return _reached_bound(tail[: -len(word)], before) if label == "reached" else label
        stripped = next((tail[: -len(f)] for f in _FILLERS if tail.endswith(f)), None)
        if stripped is None:
            break
        tail = stripped
    if magnitude and _magnitude_bound(tail):
        return _magnitude_bound(tail)
    adverb = _ADVERB_BOUND_RE.search(tail)
    if adverb and _is_one_verb(adverb.group("verb")):  # 最多可领取100元, 至少需要投入50万元
        return "at least" if adverb.group("least") else "below"
    return ""  # 高于京东自有渠道的150%: a bound word with a noun between it and the figure bounds the noun


def _reached_bound(rest: str, before: str) -> str:
    """The bound of a level reached (达, 高达…): a bound word just before it (最多高达3年: below), an
    estimate (或达, 预计…将达到: about), else none."""
    word = _BOUND_BEFORE_WORDS.suffix(rest)
    if word and _BOUND_BEFORE_LABEL[word] != "reached":
        return _BOUND_BEFORE_LABEL[word]
    if _ESTIMATE_BEFORE.suffix(rest):
        return "about"
    clause = _CLAUSE_RE.split(before)[-1]
    return "about" if any(word in clause for word in _ESTIMATE_WORDS) else ""


def _magnitude_bound(tail: str) -> str:
    """The bound of a lone 过/破 ending ``tail`` when jieba reads it as a word of its own and not as
    the experiential 过 of a one-character verb (赚过, 去过); ``""`` otherwise."""
    if not tail.endswith(tuple(_BOUND_MAGNITUDE)):
        return ""
    words = _tokens(tail[-8:])
    if not words or words[-1][2] not in _BOUND_MAGNITUDE:
        return ""  # 经过, 通过, 不过, 打破: a longer word
    if len(words) > 1:
        if len(words[-2][2]) == 1 and word_tag(words[-2][2]).startswith("v"):
            return ""  # 赚过100亿元: has earned, not over
    return _BOUND_MAGNITUDE[words[-1][2]]


def _streak(before: str) -> bool:
    """True when ``before`` ends with a change verb in a streak (连涨, 连续下跌)."""
    tail = before.rstrip(" \x00")
    verb = _CHANGE_VERBS.suffix(tail)
    return bool(verb) and bool(_STREAK_WORDS.suffix(tail[: -len(verb)]))


def _change(before: str, after: str, *, percent: bool = False) -> str:
    """``increase``/``decrease`` when the sentence gives the figure as a change; ``""`` for a level
    (增长至300亿元 and 由26%增至32% state levels)."""
    clause = _CLAUSE_RE.split(before)[-1].rstrip()
    tail = _strip_trail(clause, periods=False)
    if _TO_LEVEL_RE.search(tail):
        return ""
    # 增速要在1000%到2000%: a rate of change, then a modal; 同比增 长9%: a verb split by a space in spaced page text
    squeezed = tail[:-6] + tail[-6:].replace(" ", "")
    for text in (tail, _strip_trail(tail, _CHANGE_LINKS, periods=False), squeezed):
        word = _CHANGE_VERBS.suffix(text)
        if word:
            return _CHANGE_LABEL[word]
    if tail.endswith(tuple(_COMPARED_CHANGE)) and _COMPARISON_RE.search(tail[:-1]):
        return _COMPARED_CHANGE[tail[-1]]  # 比上一年又多了4亿元: the difference
    return change_after(after, bare_noun=percent)


_CURRENCY_PREFIX_WORDS = WordTable(CURRENCY_PREFIXES)


_BOUND_BEFORE_WORDS = WordTable(_BOUND_BEFORE_LABEL)
_BOUND_AFTER_LABEL = _first_label(_BOUND_AFTER)
_BOUND_AFTER_WORDS = WordTable(_BOUND_AFTER_LABEL)
_CHANGE_LABEL = _first_label(_CHANGE_WORDS)
_CHANGE_VERBS = WordTable(_CHANGE_LABEL)


def _currency_before(before: str) -> str:
    tail = before.rstrip(" \x00")
    word = _BOUND_BEFORE_WORDS.suffix(tail)  # 人民币约3亿元
    if word:
        tail = tail[: -len(word)].rstrip()
    prefix = _CURRENCY_PREFIX_WORDS.suffix(tail)
    return CURRENCY_PREFIXES[prefix] if prefix else ""


def read_phrase(m: Phrase, masked: str, sentence: str, previous: dict | None, preceding: str = "") -> list[dict]:
    """The rows one number phrase stands for (two for 从X到Y, none for a non-quantity); ``preceding`` is the
    sentence before (what a count of firms may point back at)."""
    start, end = m.span()
    bullet = m.group("minus") == "-" and bool(_LIST_BULLET_RE.search(masked[:start]))
    start += bullet  # the bullet is not part of the figure
    before, after = masked[:start], masked[end:]
    if m.group("double") or m.group("kuai") or m.group("numerator"):
        row = _written_out_row(m, before, after, sentence, previous)
        return [row] if row else []
    if m.group("half"):
        return _half_row(m, before, after, sentence, previous)
    surface = "%" if m.group("pct") else (m.group("unit") or m.group("lounit") or "")
    if not (m.group("vague") or m.group("pct")) and _not_a_quantity(m, surface, before, after, sentence, preceding):
        return []
    numbers = _numbers(m, signed=not bullet)
    if numbers is None:
        return []
    value, value_max, fuzzy = numbers
    if m.group("hi") and (
        math.isnan(value_max) or value_max <= value or _incompatible(m.group("lounit"), m.group("unit"))
    ):
        return _split_range(m, masked, sentence, previous)
    lo = m.group("lo")
    multiplied = bool(
        m.group("lomult") or m.group("himult") or m.group("vague") or (_chinese(lo) and re.search("[万亿]", lo))
    )
    unit, noun = _unit(surface, after[len(m.group("fuzzy2") or "") :], before, previous, multiplied, _chinese(lo))
    if unit is None:
        return []
    if _MONEY_ONLY_MULTIPLIERS & {m.group("lomult"), m.group("himult")} and not (
        UNIT_FAMILY.get(UNITS.get(surface, "")) == "money" or _currency_before(before)
    ):
        # 带宽100兆, 内存为512兆: 兆 as mega, not a trillion of anything; a trillion is money written
        # as such (2.2兆元, 新台币2.2兆), never money inherited from another figure of the sentence
        return []
    if surface == "成":
        tenth = digit_value(after[:1]) if not re.match(f"^.[{CHINESE_DIGITS}十百千万亿]", after) else None
        value = scale(value + (tenth or 0) / 10, 10)  # 三成 = 30%, 三成五 = 35%
        value_max = scale(value_max, 10)
    if value == 0 and UNIT_FAMILY.get(unit) == "money":
        return []  # 0元入驻, 0元购: free, not an amount
    if m.group("hi") and m.group("dash") in ("至", "到") and _FROM_RE.search(_CLAUSE_RE.split(before)[-1]):
        return _split_range(m, masked, sentence, previous)  # 从3000万到6000万: two levels
    bound = _bound(before, after, fuzzy, m.group("vague") or "", magnitude=multiplied or _place_first(lo))
    if not bound and UNIT_FAMILY.get(unit) in ("percent", "multiple"):
        bound = _share_bound(before)  # 不足美团的10%: a share of a whole, bounded
    change = _change(before, after, percent=UNIT_FAMILY.get(unit) == "percent")
    loss = _loss_word(before) if change == "decrease" else ""
    if loss and (value < 0 or not _loss_governs(unit, loss, surface) or _loss_compensated(before, loss)):
        change = ""  # 亏损-2亿: the minus states the loss; 亏损了三年: how long; 赔偿损失10亿元: a compensation
    if change and UNIT_FAMILY.get(unit) == "duration" and _streak(before):
        change = ""  # 连涨三日: how long a rise lasted, not a change
    if not bound and UNIT_FAMILY.get(unit) == "duration" and _SPAN_BOUND_AFTER.prefix(after.lstrip(" ")):
        bound = "below"  # 三年内, 一天内通过: within
    if not bound and lo and lo[0] in "百千万亿" and not m.group("hi"):
        bound = "about"  # 百亿元补贴, 千亿: one unit of a round magnitude, about (QUANTITIES.md)
    joined = previous is not None and bool(_LIST_JOIN_RE.match(before[previous["end"] :]))
    if joined and previous is not None and not bound and previous["family"] == UNIT_FAMILY.get(unit):
        bound = previous["qualifier"]  # 月活分别超过12亿和6亿: both are lower bounds
    if joined and previous is not None and not change:
        change = previous["change"]  # 分别同比下降了7.8%和5.6%: both fell
    elif (
        previous is not None
        and not change
        and previous["change"]
        and UNIT_FAMILY.get(unit) == "percent"
        and unit == previous["unit"]
        and _parallel_clause(before[previous["end"] :])
        and _ends_its_clause(after)
    ):
        change = previous["change"]  # 头两年增速要在1000%到2000%,第三年得保证200%: the same rate, later
    row = _row(value, value_max, unit, noun, bound, change, sentence[start:end], sentence, sentence[:start], previous)
    if not row["change"] and UNIT_FAMILY.get(unit) == "percent":
        if not _comparison_gap(before):  # 增速比行业快0.4个百分点: a gap, no rate
            row["change"] = rate_in_clause(before, own_figure=not _ends_its_clause(after))  # 增速放缓至12%
        row["signed_value"] = -row["value"] if row["change"] == "decrease" else row["value"]
    if row["unit"] in ("people", "count") and noun in ("人", ""):  # 活跃买家达8.8亿人: people who are users
        hinted = next((u for hint, u in _USER_HINTS if hint in row["subject"]), None)
        if hinted:
            row["unit"], row["family"] = hinted, UNIT_FAMILY[hinted]
    return [row]


def _written_out_row(m: Phrase, before: str, after: str, sentence: str, previous: dict | None) -> dict | None:
    """The row of a figure written without a numeral and unit pair: a doubling (翻了一番, 翻一倍 = 2 x,
    an increase; 翻了两番 = 4 x) or a colloquial price (9块9 = 9.9 CNY)."""
    if m.group("double") == "双倍":
        value, unit, change = 2.0, "x", ""  # 赔付双倍差额: twice, not a stated change
    elif m.group("double"):
        fan = m.group("fan")
        power = digit_value(fan) if fan else 1
        assert power is not None  # _DOUBLE_RE's group is one of 一两三
        value, unit, change = 2.0**power, "x", "increase"
    elif numerator_text := m.group("numerator"):  # 三分之二: 66.7%
        denominator_text = m.group("denominator")
        assert denominator_text is not None  # _fraction takes both groups of _FRACTION_RE
        numerator, denominator = parse_numeral(numerator_text), parse_numeral(denominator_text)
        if not numerator or not denominator:
            return None
        if m.group("slash") and not (numerator < denominator and _FRACTION_CONTEXT_RE.search(before.rstrip())):
            return None  # 3/15, 24/7: a date, a schedule; 腾讯的1/9, 约为1/400: a share of something
        value, unit, change = 100.0 * numerator / denominator, "%", _change(before, after)
    else:
        kuai, jiao = m.group("kuai"), m.group("jiao")
        assert kuai is not None and jiao is not None  # _kuai takes both groups of _KUAI_RE
        tenths = digit_value(jiao)  # 9块九, else an Arabic digit: 9块9
        value = (parse_numeral(kuai) or 0.0) + (tenths if tenths is not None else int(jiao)) / 10
        unit, change = _currency_before(before) or "CNY", _change(before, after)
    bound = _bound(before, after, False, False) or (_share_bound(before) if unit == "%" else "")
    return _row(value, math.nan, unit, "", bound, change, m.group(), sentence, sentence[: m.start()], previous)


def _half_row(m: Phrase, before: str, after: str, sentence: str, previous: dict | None) -> list[dict]:
    """一半 (50%, a change when a change verb precedes: 缩小一半) and half a period (半年, 半个月: 0.5 of
    its unit), unless the period only places something in time (半年前, 未来半年)."""
    surface = m.group("unit") or ""
    if m.group("half") == "一半":
        value, unit = 50.0, "%"
    elif UNIT_FAMILY.get(UNITS.get(surface, "")) == "duration":
        value, unit = 0.5, UNITS[surface]
        if _placed_in_time(before, after) or _DEMONSTRATIVE_RE.search(before):
            return []  # 半年前, 未来半年, 半年来, 这半年: when, not how long
    else:
        return []
    bound = _bound(before, after, False, False) or (_share_bound(before) if unit == "%" else "")
    return [
        _row(
            value,
            math.nan,
            unit,
            "",
            bound,
            _change(before, after),
            m.group(),
            sentence,
            sentence[: m.start()],
            previous,
        )
    ]


def _placed_in_time(before: str, after: str) -> bool:
    """True when a duration only places something in time (QUANTITIES.md, not quantities): after a word
    that places it (未来三年, 过去一年, 前十个月), before a time frame it opens with no bound (十几年间,
    三年来; 近五年来 is measured: 近 bounds it), as a point (三年前, 半年后), a lead time (提前两个月) or the
    window of a record (创近三年新高, 五年内新低)."""
    return bool(
        _TIME_PLACE.suffix(before.rstrip(" \x00"))
        or (_TIME_FRAME.prefix(after) and not _bound(before, "", False, False))
        or _TIME_POINT_RE.match(after)
        or _LEAD_TIME_BEFORE_RE.search(before)
        or _RECORD_AFTER_RE.match(after)  # 创近三年新高: the window of a record
    )


#: the decrease words that name a loss or a cut (亏损, 损失, 降价, 裁员: data/quantities.toml)
_LOSS_WORDS = frozenset(word for word in LOSS_GOVERNS if _CHANGE_LABEL.get(word) == "decrease")


def _loss_word(before: str) -> str:
    """The loss word right before a figure (亏损, 浮亏, 损失), else ``""``."""
    tail = _strip_trail(_CLAUSE_RE.split(before)[-1].rstrip(), periods=False)
    word = _CHANGE_VERBS.suffix(tail)
    return word if word in _LOSS_WORDS else ""


def _parallel_clause(segment: str) -> bool:
    """True when ``segment`` (the text between two figures) is a short clause that names no new
    subject and no level verb, so its figure continues the one before (第三年得保证200%)."""
    if not segment[:1] or segment[0] not in ",，;；" or len(segment) > 14 or _LEVEL_IN_CLAUSE_RE.search(segment):
        return False
    own = _subject(segment)
    return not own or not _ends_with_noun(own)


def _not_a_quantity(m: Phrase, surface: str, before: str, after: str, sentence: str, preceding: str = "") -> bool:
    """True for a number phrase that names, dates or counts nothing: 5G, 成为, 2023年, 三年前,
    20周年, 一家公司, 千人千面, a bare 618, 百万富翁, 3501 人阅读."""
    lo, lomult, himult = m.group("lo"), m.group("lomult"), m.group("himult")
    assert lo is not None  # only the common phrase gets here, and it starts with its numeral
    unit = UNITS.get(surface, "")
    multiplied = bool(re.search("[万亿]", (lomult or "") + (himult or "")))
    if _promotion(before, after) or _quoted_name(
        before, after, money=UNIT_FAMILY.get(unit) == "money", multiplied=multiplied
    ):
        return True  # 满99减20: a promotion formula; “分20亿”, “1元店”: a name or slogan (names.py)
    if (
        not surface
        and not (lomult or himult)
        and not (_chinese(lo) and re.search("[万亿]", lo))
        and not _currency_before(before)
    ):
        return True  # a bare number: a list marker, a model name (618, H100), a code
    if not surface and not (lomult or himult) and re.match(r"\s?[A-Za-z0-9]", after):
        return True  # 5G, 3C, 24H: a name (5.2万亿GMV, 1000万tokens are figures)
    if surface == "成" and (_CHENG_WORD_RE.match(after) or (not _chinese(lo) and float(parse_numeral(lo) or 99) > 10)):
        return True  # 成为, 成本
    if unit == "years" and (
        lomult or himult or re.search("[万亿]", lo) or (lo.isdigit() and len(lo) == 4) or re.match(r"\s?\d", after)
    ):
        return True  # 2023年, 百万年薪, 2023年5月: not a span of years
    if unit == "years" and _YEAR_POINT.prefix(after):
        return True  # 618年中, 3年底: a point of the year
    if UNIT_FAMILY.get(unit) == "duration" and (
        _placed_in_time(before, after) or (surface == "周" and after.startswith("年"))
    ):
        return True  # 未来三年, 三年来首次, 三年前: the duration says when; 20周年: an anniversary
    if UNIT_FAMILY.get(unit) in ("count", "duration") and _DEMONSTRATIVE_RE.search(before):
        return True  # 该三城, 这两年: a thing or a time already named, not a new figure
    if (
        surface in _LISTED_COUNTS
        and _chinese(lo)
        and not lomult
        and len({actor for _, end, _, actor in sentence_actors(sentence) if end <= len(before)}) >= 2
    ):
        return True  # 优酷、爱奇艺、腾讯视频三家: a count of the firms the sentence has just listed
    if surface and UNIT_FAMILY.get(unit, "count") == "count" and not lomult and _counts_the_list(before, lo):
        return True  # 顺丰、中通、圆通、申通、韵达和极兔6家: as many as the names just listed (names.py)
    if surface in _LISTED_COUNTS and _chinese(lo) and not lomult and _FIRM_GROUPS.suffix(before.rstrip(' \x00"“”「」')):
        return True  # 爱优腾三家: the size of a group the industry names in one word
    if unit == "firms" and _chinese(lo) and not lomult and _names_the_firms(before, after, preceding, lo):
        return True  # 京东、拼多多、阿里巴巴…。三家公司的: the firms the sentence before named (names.py)
    if surface == "名" and _ranks(before, after):
        return True  # 分别斩获2、3、4名: places in a ranking, not people (names.py)
    if unit == "points" and _chinese(lo) and not lomult and not re.search("[万亿千百]", lo):
        return True  # 三点建议, 两点原因: points of an argument, not of an index
    if unit == "age" and re.match(r"[月末]", after):
        return True  # 岁月, 岁末: not an age
    if _chinese(lo):
        measured_span = UNIT_FAMILY.get(unit) == "duration" and (
            bool(_bound(before, after, False, False))
            or lo == "两"
            or bool(_SPAN_AFTER_RE.match(after))
            or bool(_SPAN_BOUND_AFTER.prefix(after))
        )
        money = UNIT_FAMILY.get(unit) == "money" and not re.match("[化论]", after)  # 一元钱 is an amount, 一元化 a word
        if (
            not lomult
            and lo in _ARTICLE_NUMERALS
            and not m.group("hi")
            and surface not in ("倍", "成", "个百分点")
            and not measured_span
            and not money
        ):
            return True  # 一年, 两人, 一家公司: an article, not a figure (近两年, 仅一年时间 measure a span)
        if _inside_a_word(sentence, *m.span()) and not measured_span:
            return True  # 千人千面, 三四线
    if not lomult and lo[0] in "百千万亿" and not (surface and len(lo) > 1):  # 重回千亿美金: a unit makes it an amount
        if not (_bound(before, after, False, False, magnitude=True) or _change(before, after) or _market_size(after)):
            return True  # 百万富翁, 万亿级: a word; 突破千亿, 日活过亿, 千亿市场 are figures
    return surface in ("", "人") and bool(_FURNITURE_RE.match(after))  # 3501 人阅读


def _split_range(m: Phrase, masked: str, sentence: str, previous: dict | None) -> list[dict]:
    """Read ``X至Y`` as two figures: 从3000万上升到6000万, 增长10%至300亿元."""
    cut = m.start("dash")
    rows = []
    first = match_at(masked[:cut], m.start())
    if first and first.group("lo") and not first.group("hi"):
        rows = read_phrase(first, masked[:cut] + _MASK * (len(masked) - cut), sentence, previous)
    if m.group("hi") and m.group("dash") in ("至", "到", "-", "~", "～", "—", "–"):
        second = match_at(masked, m.start("himinus") if m.group("himinus") else m.start("hi"))
        if second:
            rows += read_phrase(second, masked, sentence, rows[-1] if rows else previous)
    return rows


#: count units that are classifiers: the noun after them is what is counted (3家银行, 104位科学家)
_COUNTING_CLASSIFIERS = tuple(VOCAB["grammar"]["counting_classifiers"])


def _unit(
    surface: str, after: str, before: str, previous: dict | None, multiplied: bool, chinese: bool
) -> tuple[str, str] | tuple[None, None]:
    """The unit and the counted noun of a figure."""
    if surface in UNITS:
        unit = UNITS[surface]
        if UNIT_FAMILY[unit] == "money" and unit == "CNY" and surface == "元":
            unit = _currency_before(before) or _currency_after(after) or unit  # 港币3.40元, 2.16兆元新台币
        if UNIT_FAMILY[unit] != "count":
            return unit, ""
        return unit, (
            _next_noun(after) if surface in _COUNTING_CLASSIFIERS else ""
        ) or surface  # 104位科学家: people, 科学家
    if surface in CLASSIFIERS:
        if chinese and not multiplied and _enumerates(before, after, surface):
            return None, None  # 三种方式, 五个阶段: an enumeration, not a measurement
        return "count", _next_noun(after)
    prefix = _currency_before(before)
    if prefix:
        return prefix, ""
    if multiplied and _money_verb_before(before) and not re.match(r"\s?[A-Za-z]", after):
        return "CNY", ""  # 欠了122亿, 砸下50亿: money, whatever the clause counts
    following = _CLAUSE_RE.split(after[:8])[0]
    segment = before[previous["end"] :] if previous else before
    clause = _CLAUSE_RE.split(segment)[-1][-12:] + "|" + _subject(segment)
    user = _user_hint(following)  # 6亿抖音日活用户: the noun right after wins over the clause
    if user:
        return user, ""
    if multiplied and (MONEY_HINTS.prefix(following.lstrip(' “"')) or _market_size(after)):
        return "CNY", ""  # 30亿补贴, 14亿资金, 5.2万亿GMV, 三万亿的口子: the noun after names money
    user = _user_hint(clause)
    if user:
        return user, ""
    if previous is not None and multiplied and previous["family"] in ("money", "count") and _PHRASE_END_RE.match(after):
        return previous["unit"], previous["noun"]  # 月活达13.71亿,而支付宝仅8.93亿: a parallel figure
    if multiplied and money_hint_in(clause):
        return "CNY", ""  # 阿里赔京东10亿
    if previous is not None and multiplied and not _subject(segment):  # 广告收入同比增长12.5%,首次突破千亿
        for hint, unit in _USER_HINTS:
            if hint in previous["subject"]:
                return unit, ""
        if money_hint_in(previous["subject"]):
            return "CNY", ""
    return "count", ""

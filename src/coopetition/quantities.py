"""Quantities: the numbers an article rests on, each with its unit, bound and direction.

Text → table. :func:`extract_quantities` reads every number phrase of a text
as one unit — numeral (Arabic, full-width, Chinese or mixed, read by
:mod:`coopetition.numbers` with cn2an) + multiplier (万, 亿, 万亿, 兆 = 10^12
in money; 2兆3000亿, 3亿5000万 read whole) + the unit written after it — and
reports, per figure, its value (exact in decimal terms: 8.8亿 is 880000000; a
minus written right before the digits makes it negative; a range as
``value``–``value_max``), its unit (currency code, ``%``, ``pp``, ``x``, a
counted noun, a duration), its bound (超过, 至少 → at least; 不足, 最多, 最高达 →
below, the upper bound; 约 → about; 达 reports a level reached, with no
bound), whether the sentence gives it as a change (同比增长6.5% → increase)
or a level, and what it measures.

Beyond earnings releases, reporting writes figures in short forms, read here by
rules that hold across outlets: a lone 过/破 before a round magnitude is a
lower bound (日活过亿, 日破千万); a negated bound turns over (不能低于60% → at
least); 城 counts cities; 37岁 is an ``age``; a doubling is 2 x, an increase
(翻倍, 翻了个倍; 翻了两番 = 4 x); 9块9 is 9.9 CNY; a promotion 满99减20 gives a
threshold (a plain CNY amount) and a discount (a CNY decrease); a bare amount
after a verb that moves money (欠122亿, 分20亿) is CNY; a rate of change keeps
its direction across a modal (增速要在…) and into a short parallel clause that
names nothing new (第三年得保证200%); 多/少 before a figure in a comparison is
the difference (比上年多了4亿元). Time offsets say when, not how long, and are
not read (两年后, 提前两个月, 这两年).

The vocabulary (units, multipliers, bound and direction words) is the data file
``data/quantities.toml``. What is *not* a quantity is masked before numbers
are read: dates and years in any numerals (2024年, 二零二三年, 9月30日),
quarters (第三季度, Q3), ordinals (第二), times, stock codes (09618.HK), phone
numbers, URLs, product days (双11); a bare number with no unit and no
multiplier (list markers, model names such as H100 or 618) is never read, and
a Chinese numeral inside a word or a set phrase (一年不如一年, 零一万物, 毛一年)
is left alone.
"""

from __future__ import annotations

import math
import re
import tomllib
from functools import lru_cache

import pandas as pd

from coopetition._check import require_text
from coopetition._data import read_text
from coopetition.actors import find_actors
from coopetition.cache import memo
from coopetition.clean import fold_width, to_simplified
from coopetition.numbers import ARABIC, CHINESE, CHINESE_DIGITS, digit_value, parse_numeral, scale
from coopetition.segment import get_tokenizer, segment, split_sentences

__all__ = [
    "extract_quantities",
    "article_quantities",
    "quantity_table",
    "QUANTITY_COLUMNS",
    "UNITS",
    "UNIT_FAMILY",
    "MULTIPLIERS",
]

_VOCAB = tomllib.loads(read_text("quantities.toml"))

#: surface form written after a number → unit it reports
UNITS: dict[str, str] = {**_VOCAB["duration"], **_VOCAB["count"], **_VOCAB["ratio"], **_VOCAB["currency"]}
CURRENCY_PREFIXES: dict[str, str] = _VOCAB["currency_prefix"]
CLASSIFIERS: tuple[str, ...] = tuple(_VOCAB["classifier"]["words"])
MULTIPLIERS: dict[str, float] = {k: float(v) for k, v in _VOCAB["multiplier"].items()}
#: unit → family: what may share an axis (never two currencies, never a level with a change)
UNIT_FAMILY: dict[str, str] = (
    {unit: "money" for unit in _VOCAB["currency"].values()}
    | {"%": "percent", "pp": "percent", "x": "multiple"}
    | {unit: "count" for unit in (*_VOCAB["count"].values(), "count")}
    | {unit: "duration" for unit in _VOCAB["duration"].values()}
)
QUANTITY_COLUMNS = [
    "value", "value_max", "unit", "family", "noun", "qualifier", "change", "signed_value",
    "span", "sentence", "subject", "actor", "year", "start",
]

_PLACE_VALUE = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}
_BOUND_WORDS = sorted(
    ((word, label) for label, words in _VOCAB["bound_before"].items() for word in words),
    key=lambda pair: len(pair[0]), reverse=True,
)
_BOUND_AFTER = sorted(
    ((word, label) for label, words in _VOCAB["bound_after"].items() for word in words),
    key=lambda pair: len(pair[0]), reverse=True,
)


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


#: 兆 as the metric prefix mega (300兆瓦, 100兆B): a unit of measure, not the multiplier 10^12
_MEGA = rf"(?:{_alternatives(_VOCAB['mega_unit']['words'])}|[A-Za-z])"
#: multipliers; 兆 only where no unit of measure follows it
_MULT = "|".join(
    re.escape(w) + (f"(?!{_MEGA})" if w.endswith("兆") else "") for w in sorted(MULTIPLIERS, key=len, reverse=True)
)
#: a multiplier of 10^12 that is read only for an amount of money (带宽100兆 is 100 Mbps)
_MONEY_ONLY_MULTIPLIERS = frozenset({"兆"})
_UNIT = _alternatives([*UNITS, *CLASSIFIERS])
_NUM = rf"(?:{ARABIC}|{CHINESE})"
#: a minus sign written right before the digits (净利润为-5.2亿元, 至-3%); a dash between two
#: numbers (10-15%, 2023-2024年) is a range, never a sign
_MINUS = r"(?<!%)[-−](?=\d)"
#: a hyphen at the start of a line is a list bullet (-5家门店…), not the sign of the figure after it;
#: the true minus sign − never is
_LIST_BULLET_RE = re.compile(r"(?:^|\n)[\s\x00]*$")
#: one number phrase: numeral + multiplier + unit, or a range of two, or 百分之…, or 数万/上千
QUANTITY_RE = re.compile(
    # not inside a Latin word, a decimal, a path or an ordinal; a sign may follow a colon (净利润:-5亿元)
    rf"(?:(?<![A-Za-z0-9._/:@第\-−])|(?<=:)(?={_MINUS}))"
    rf"(?:(?P<vague>[数几上])(?P<vmult>[十百千万亿]+)"
    rf"|百分之(?P<pct>{_NUM})"
    rf"|(?P<double>翻了?(?:个?倍|一倍|(?P<fan>[一两三])番|番))"  # 翻倍, 翻了个倍, 翻了一番 (2 x), 翻了两番 (4 x)
    rf"|(?P<kuai>\d+|[{CHINESE_DIGITS}十]+)块(?P<jiao>[0-9{CHINESE_DIGITS}])(?![0-9万亿.])"  # 9块9: 9.9 yuan
    rf"|(?P<minus>{_MINUS})?(?P<lo>{_NUM})\s?(?P<lofuzzy>多|余|几)?(?P<lomult>{_MULT})?"
    rf"(?:(?<=[兆亿])(?P<rest>\d+(?:[,，]\d{{3}})*)(?P<restmult>亿|千万|百万|十万|万))?"  # 2兆3000亿元, 3亿5000万元
    rf"(?:\s?(?P<lounit>{_UNIT})?\s?(?P<dash>-|~|～|—|–|至|到)\s?(?P<himinus>(?<=[至到~～])(?:{_MINUS}))?(?P<hi>{_NUM})\s?(?P<himult>{_MULT})?)?)"
    rf"(?P<fuzzy>多|余|几)?\s?(?P<unit>{_UNIT})?(?P<fuzzy2>多|余)?(?P<between>之间)?"
)

#: what is never a quantity; each match is masked before numbers are read
_NOT_QUANTITY_RES = tuple(re.compile(p, re.I) for p in (
    r"(?:https?://|www\.)[^\s\u4e00-\u9fff,。;)]+|[\w.+-]+@[\w-]+\.[\w.]+",  # URLs, e-mail
    r"(?<!\d)(?:1[89]|20)\d{2}\s*[-~至到—]\s*(?:1[89]|20)\d{2}\s*财?年",  # 2023-2024年
    r"(?<!\d)(?:1[89]|20)\d{2}\s*(?:财年|年度|年|[-/]\s*\d{1,2}(?!\d)(?:\s*[-/]\s*\d{1,2}(?!\d))?|\.\d{1,2}\.\d{1,2}(?!\d))",  # years, ISO dates
    r"(?<!\d)\d{1,2}\s*(?:月(?!活)|日(?!活)|号)(?:\s*\d{1,2}\s*[日号])?",  # 9月30日
    rf"[{'〇零一二三四五六七八九'}]{{4}}\s*年度?",  # 二零二三年
    r"[一二三四五六七八九十]{1,3}月(?!活)(?:[一二三四五六七八九十]{1,3}[日号])?|[一二三四五六七八九十]{1,3}[日号](?!活)",
    r"(?:前|第)?[一二三四1-4]\s*(?:季度|财季|季)|Q\s*[1-4]|[1-4]\s*Q|(?<![A-Za-z])H[12](?![0-9])",  # quarters, halves
    r"第\s*(?:\d+|[一二三四五六七八九十百千两]+)|(?:No\.?|Top|TOP)\s*\d+",  # ordinals, rankings
    r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?|(?<!\d)\d{1,2}\s*点(?:钟|半|\d{1,2}分)?(?![\d%])",  # times of day
    r"\d{4,6}\s*\.\s*(?:HK|SH|SZ|SS|US|T|KS)\b|(?:股票代码|证券代码|代码)\s*[::]?\s*[A-Z]*\d+|(?:HK|SH|SZ)\s?\d{4,6}",  # stock codes
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)400-?\d{3}-?\d{4}(?!\d)",  # phone numbers
    r"双\s*(?:11|12|十一|十二)",  # shopping days
    r"(?:排名|位列|排)?前\s*(?:\d+|[一二三四五六七八九十百千]+)\s*(?:名|位|强)",  # rankings: 前2000名
    r"(?:截至|截止)[^,，。;；]{0,20}?的\s*(?:\d+|[一二三四五六七八九十]+)\s*个月",  # the twelve months to a date: a period
))
_MASK = "\x00"
#: a hard line wrap inside a number phrase (超4⏎万亿元, 1700⏎亿元, 高达⏎50%): read as a space; not a
#: line that opens with a date (a headline, then "2024年3月,…" or "2024-03-05 来源:…": two sentences)
_WRAP_RE = re.compile(
    r"(?<=[^。！？!?；;:：\n])\n(?![ \t]*\d{1,4}[ \t]*(?:年\d{0,2}月?|月\d{1,2}日?|[-/.]\d{1,2}[-/.]\d))"
    r"(?=[ \t]*(?:\d|[万亿千百]+[元美港%]|万|亿|兆|元|%|年|个百分点|倍))"
)
_CLAUSE_RE = re.compile(r"[,;:，；：。！？!?]")
#: page counters on forum and news pages: 3501 人阅读
_FURNITURE_RE = re.compile(r"^\s*(?:人)?(?:阅读|回复|浏览|点赞|评论|关注|收藏|转发|获赞)")
#: 成 that starts a word (成为, 成本): not 三成 = 30%
_CHENG_WORD_RE = re.compile("^(?:为|本|员|交|长|功|立|熟|就|绩|果|品|型|都|了|形|效|败|真)")
#: a duration that names a point in time, not a span: 三年前, 两年后
_TIME_POINT_RE = re.compile(r"^(?:前|后|之前|之后|以前|以后|以来前)")
_FROM_RE = re.compile(r"(?:从|由)(?:[^,，;；]{0,8}的)?\s*$")
_TO_LEVEL_RE = re.compile(r"(?:至|到)$")
_FILLERS = ("了", "在", "是", "有", "以", " ", "\x00", "已", "已经", "将", "则", "仅")
_CHANGE_TRAIL = tuple(sorted(
    {*(w for w, _ in _BOUND_WORDS), "同比", "环比", "同期", "分别", "约", "了", "为", "达", " ", "再", "又", "大幅", "显著",
     "一度", "曾", "更是", "也", "均", "都", "再次", "仍", "就", "则", *CURRENCY_PREFIXES},
    key=len, reverse=True,
))
_CHANGE_WORDS = sorted(
    ((w, label) for label, words in (*_VOCAB["change"].items(), *_VOCAB["change_noun"].items()) for w in words),
    key=lambda pair: len(pair[0]), reverse=True,
)
#: a change named after its figure: 10%的增长, 10%的降幅 (6款增加到8款 gives a level, then another)
_CHANGE_AFTER_RE = re.compile(
    "^的(?:同比|环比)?(?:(?P<increase>" + _alternatives([*_VOCAB["change"]["increase"], *_VOCAB["change_noun"]["increase"]])
    + ")|(?P<decrease>" + _alternatives([*_VOCAB["change"]["decrease"], *_VOCAB["change_noun"]["decrease"]]) + "))(?![至到])"
)
_YEAR = r"(?:(?:1[89]|20)\d{2}\s*财?年度?|[〇零一二三四五六七八九]{4}年度?)"
_SUB_PERIOD = r"(?:第?[一二三四1-4]\s*(?:季度|财季|季(?!节))|前三季度|全年|[上下]半年|Q[1-4]|\d{1,2}月(?:份)?|[一二三四五六七八九十]{1,3}月)"
_PERIOD_RE = re.compile(rf"(?:截至|截止)?(?:{_YEAR}(?:{_SUB_PERIOD})?|第?[一二三四1-4]\s*(?:季度|财季|季(?!节))|前三季度|Q[1-4])")
_LEAD_TIME_RE = re.compile(
    rf"^(?:截至|截止|在|于|到|至)?\s*(?:{_YEAR}|{_SUB_PERIOD}|\d{{1,2}}日|[一二三四五六七八九十]{{1,3}}日|止|年底|年初|年末|期间|的|内|底|末|,|\s)+"
)
_LEAD_RE = re.compile(
    r"^(?:[-*#>\\\s]|\(\d+\)|\d+[、.]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))*"
    r"(?:而且|而|但是|但|且|同时|其中|此外|另外|并且|并|不过|此番|其(?![他中余实次])|据悉|据了解|相比之下|对比之下|与此同时)?(?:是|为)?"
    r"(?:(?:这|那|该)(?:款|个|家|些|种|项|次|一)?)?"
    r"(?:(?:计划|准备|决定)将?|将|推动|带动|拉动|撬动|驱动|带来|使得?|让|令|帮助|促使)?(?:我们的|我们|本公司的|公司的|其(?![他中余实次]))?"
)
#: a condition before the subject: 排除汇率波动后, 按固定汇率计算
_CONDITION_RE = re.compile(r"(?:排除|剔除|扣除|不计|按|以)[^,，]*?(?:后|外|计算|计)|(?:截至|截止)[^,，]*?止?(?:年度|季度|期间)的?")
#: a conjunction inside a clause: the subject is what follows it
_CONJUNCTION_RE = re.compile(r".*(?:并且|而且|且|同时|而)(?=.)")
_SAYS_RE = re.compile(r".*(?:显示|表示|透露|获悉|了解到|指出|公布|宣布|提到|认为|相信|建议|称)")
_COMPARE_RE = re.compile(
    r"(?:较|比|相比|相较于?|对比|由|从)(?=去年|上年|上一|同期|前年|此前|之前|年初|上季|过去|\d|[〇零一二三四五六七八九十\x00]|$)"
    r"|(?:已经|已)?(?:高于|低于|超过|多于|少于|相当于)(?=.)"
)
_SUBJECT_TRAIL = tuple(sorted({
    *(w for w, _ in _BOUND_WORDS), *(w for w, _ in _CHANGE_WORDS), *_FILLERS, *CURRENCY_PREFIXES,
    "同比", "环比", "同期", "一度", "曾经", "曾", "首次", "再次", "仍然", "仍", "也", "都", "就", "还", "分别", "则",
    "的", "从", "由", "持续", "长达", "过去", "近年", "带来", "获得", "贡献", "拥有", "有着", "占", "占比为", "一举",
    "将会", "将", "预计", "有望", "已", "需要", "需", "要", "会", "能", "可", "在", "其", "在内", "加起来", "一共", "总共",
    "至", "到", "等于", "约等于", "相当于", "翻倍", "翻番", "翻", "派发", "或", "和", "及", "与",
    "按年", "按季", "按月", "年", "季", "目前", "现在", "当前", "如今", "此前", "之前", "今年", "去年", "明年", "最终", "至今", "显著", "明显", "净", "逆势",
    "已达", "突破了", "超出", "大约", "大概", "接近于", "仅为", "只", "便", "即", "相比", "相较", "比",
}, key=len, reverse=True))
_CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
#: a time adverbial between a subject and its verb: 市值一天缩水, 营收全年增长
_TRAIL_TIME_RE = re.compile(rf"(?:[一两三四五六七八九十\d]+(?:天|日|年|个月|周|小时)(?:内|来|之内)?|单日|当天|当日|全年|年内|一度|曾|{_YEAR}|{_SUB_PERIOD}|的|截至|截止|在)+$")
#: what is left when the clause before a figure names no thing: never a subject
_FRAGMENT_RE = re.compile(r"^(?:较|比|相比|相较|由|从|去年|上年|同期|其中|此外|而|和|与|及|或|以及|同时|的|同比|环比|左右|以上|以下|上下)|^.$")
_MONEY_HINT_RE = re.compile(_alternatives(_VOCAB["money_hint"]["words"]))
_MONEY_VERBS = frozenset(_VOCAB["money_verb"]["words"])
_BOUND_MAGNITUDE = {word: label for label, words in _VOCAB["bound_magnitude"].items() for word in words}
#: a bound adverb, a modal and one word before a figure (最多可领取100元): the word must be a verb
_ADVERB_BOUND_RE = re.compile(
    "(?:(?P<least>" + _alternatives(_VOCAB["bound_adverb"]["at least"]) + ")|(?P<most>"
    + _alternatives(_VOCAB["bound_adverb"]["below"]) + "))(?:" + _alternatives(_VOCAB["bound_adverb"]["modal"])
    + ")?(?P<verb>[\u4e00-\u9fff]{1,3})了?$"
)
_NEGATION_RE = re.compile("(?:" + _alternatives(_VOCAB["bound_negation"]["words"]) + ")$")
_COMPARED_CHANGE = {word: label for label, words in _VOCAB["change_compared"].items() for word in words}
_COMPARISON_RE = re.compile(r"比|较|相比|相较")
_CHANGE_LINKS = tuple(sorted({*_VOCAB["change_link"]["words"], *_CHANGE_TRAIL}, key=len, reverse=True))
#: 满99减20, 满200返100: the threshold before an offer, and the offer after a threshold
#: a demonstrative right before a count or a span points back at what is already named (该三城, 这两年)
_DEMONSTRATIVE_RE = re.compile(r"(?:这|那|(?<![应本活])该|(?<![因如由对彼为至借据])此|上述|前述)\s*$")
#: a lead time says when, it measures nothing: 提前两个月就召开了发布会
_LEAD_TIME_BEFORE_RE = re.compile(r"提前\s*$")
_PROMO_THRESHOLD_RE = re.compile(
    "(?:" + _alternatives(_VOCAB["promotion"]["threshold"]) + r")\s*$"
)
_PROMO_OFFER_AFTER_RE = re.compile(r"^\s*元?\s*(?:" + _alternatives(_VOCAB["promotion"]["offer"]) + r")\s*\d")
_PROMO_OFFER_BEFORE_RE = re.compile(
    "(?:" + _alternatives(_VOCAB["promotion"]["threshold"]) + r")\s*\d+(?:\.\d+)?\s*元?\s*(?:"
    + _alternatives(_VOCAB["promotion"]["offer"]) + r")\s*$"
)
#: what follows a duration that measures a span (仅一年时间, 长达两年之久): 一年 is then a figure, not an article
_SPAN_AFTER_RE = re.compile(r"^(?:的)?(?:时间|之久|光景)")
#: what a parallel clause may hold and still share the direction of the rate before it (第三年得保证200%)
_LEVEL_IN_CLAUSE_RE = re.compile(r"占|为|是|达|至|到|率|比|较|从|由|有")
_USER_HINTS = (("日活", "DAU"), ("DAU", "DAU"), ("月活", "MAU"), ("MAU", "MAU"), ("粉丝", "fans"), ("用户", "users"), ("会员", "users"), ("买家", "users"), ("消费者", "users"),
               ("商家", "merchants"), ("商户", "merchants"))


def _mask(sentence: str) -> str:
    """``sentence`` with every non-quantity (date, code, URL…) replaced by a mask character, offsets kept."""
    for pattern in _NOT_QUANTITY_RES:
        sentence = pattern.sub(lambda m: _MASK * len(m.group()), sentence)
    return sentence


@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[tuple[int, int, str], ...]:
    spans, offset = [], 0
    for token in segment(sentence):
        spans.append((offset, offset + len(token), token))
        offset += len(token)
    return tuple(spans)


def _inside_a_word(sentence: str, start: int, end: int) -> bool:
    """True when jieba puts a Chinese numeral inside a longer word (千人千面, 三四线, 一年一度)."""
    for t_start, t_end, token in _tokens(sentence):
        if t_end <= start or t_start >= end:
            continue
        if (t_start < start or t_end > end) and len(token) > end - start and not re.search(r"\d", token):
            return True
    return False


@lru_cache(maxsize=1)
def _pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(get_tokenizer())


@lru_cache(maxsize=65_536)
def _pos(phrase: str) -> tuple:
    """jieba's words and part-of-speech tags of a short phrase (``.word``, ``.flag``), kept:
    the phrases read around figures recur (亿元的…, 同比增长), and tagging one runs an HMM in Python."""
    return tuple(_pos_tokenizer().lcut(phrase))


def _next_noun(text: str) -> str:
    """The first word of ``text`` when jieba tags it a noun (the thing a classifier counts: 3万个乡镇)."""
    words = _pos(text[:10]) if text.strip(_MASK) else []
    if words and words[0].flag.startswith(("n", "eng")) and re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", words[0].word):
        return words[0].word
    return ""


#: two figures joined as a list share their direction
_LIST_JOIN_RE = re.compile(r"^\s*(?:和|、|及|与|以及|或)\s*$")
#: a comparison whose yardstick is the figure: 已高于京东自有渠道的150%
_COMPARED_TO_RE = re.compile(r"(高于|超过|多于|低于|少于|不足|不到)[^,，。;；:：\d%\x00]{1,12}$")


def _bound(before: str, after: str, fuzzy: bool, vague: bool, *, magnitude: bool = False) -> str:
    """``at least``, ``below``, ``about`` or ``""`` from the words around a figure; a ``magnitude``
    (a figure with 万/亿…) may also be bounded by a lone 过 or 破 (日活过亿, 日破千万)."""
    for word, label in _BOUND_AFTER:
        if after.startswith(word):
            return label
    if vague:
        return "at least"
    if fuzzy:
        return "about"
    tail = before.rstrip(" \x00")
    prefix = _longest_ending(tail, _PREFIXES_LONGEST_FIRST)
    tail = tail[: len(tail) - len(prefix)]  # 约人民币157亿元: the bound sits before the currency
    for _ in range(3):  # 估计在80亿, 超过了3万: a filler may sit between the word and the figure
        for word, label in _BOUND_WORDS:
            if tail.endswith(word):
                if word == "近" and tail.endswith(("最近", "附近")):
                    return ""
                if label != "reached" and _NEGATION_RE.search(tail[: -len(word)]):
                    return {"at least": "below", "below": "at least"}.get(label, label)  # 不能低于60%: at least
                return "" if label == "reached" else label
        stripped = next((tail[: -len(f)] for f in _FILLERS if tail.endswith(f)), None)
        if stripped is None:
            break
        tail = stripped
    if magnitude and _magnitude_bound(tail):
        return _magnitude_bound(tail)
    adverb = _ADVERB_BOUND_RE.search(tail)
    if adverb and _is_one_verb(adverb.group("verb")):  # 最多可领取100元, 至少需要投入50万元
        return "at least" if adverb.group("least") else "below"
    comparison = _COMPARED_TO_RE.search(before)
    if comparison:  # 成本已高于京东自有渠道的150%, 时长已超过微信入口3倍
        return "below" if comparison.group(1) in ("低于", "少于", "不足", "不到") else "at least"
    return ""


def _magnitude_bound(tail: str) -> str:
    """The bound of a lone 过/破 ending ``tail`` when jieba reads it as a word of its own and not as
    the experiential 过 of a one-character verb (赚过, 去过); ``""`` otherwise."""
    if not tail.endswith(tuple(_BOUND_MAGNITUDE)):
        return ""
    words = _tokens(tail[-8:])
    if not words or words[-1][2] not in _BOUND_MAGNITUDE:
        return ""  # 经过, 通过, 不过, 打破: a longer word
    if len(words) > 1:
        verb = _pos(words[-2][2])
        if len(words[-2][2]) == 1 and verb and verb[0].flag.startswith("v"):
            return ""  # 赚过100亿元: has earned, not over
    return _BOUND_MAGNITUDE[words[-1][2]]


def _change(before: str, after: str) -> str:
    """``increase``/``decrease`` when the sentence gives the figure as a change; ``""`` for a level
    (增长至300亿元 and 由26%增至32% state levels)."""
    clause = _CLAUSE_RE.split(before)[-1].rstrip()
    tail = _strip_trail(clause, periods=False)
    if _TO_LEVEL_RE.search(tail):
        return ""
    # 增速要在1000%到2000%: a rate of change, then a modal
    for text in (tail, _strip_trail(tail, _CHANGE_LINKS, periods=False)):
        label = next((label for word, label in _CHANGE_WORDS if text.endswith(word)), "")
        if label:
            return label
    if tail.endswith(tuple(_COMPARED_CHANGE)) and _COMPARISON_RE.search(tail[:-1]):
        return _COMPARED_CHANGE[tail[-1]]  # 比上一年又多了4亿元: the difference
    m = _CHANGE_AFTER_RE.match(after)
    if m:
        return "increase" if m.group("increase") else "decrease"
    return ""


def _subject(before: str) -> str:
    """The noun phrase a figure measures: the last clause before it that names one, less
    lead-ins, a leading period, comparisons (较去年…) and the verbs and bounds right before
    the number. Empty rather than a fragment."""
    clauses = _CLAUSE_RE.split(before)
    subject = _clause_subject(clauses[-1])
    if not subject and len(clauses) > 1 and not clauses[-1].strip().startswith("的"):
        subject = _clause_subject(clauses[-2])  # 毛利:同比增长23%
    return subject


def _clause_subject(clause: str) -> str:
    clause = clause.replace("*", "")
    for opening, closing in (("(", ")"), ("《", "》"), ("“", "”")):
        if clause.count(opening) > clause.count(closing):
            clause = clause[clause.rindex(opening) + 1 :]
    clause = _SAYS_RE.sub("", clause, count=1)
    clause = _CONDITION_RE.sub("", clause)
    clause = _COMPARE_RE.split(clause)[0]
    clause = _CONJUNCTION_RE.sub("", clause, count=1)
    subject = _LEAD_RE.sub("", clause, count=1)
    subject = _strip_trail(_LEAD_TIME_RE.sub("", subject, count=1), _SUBJECT_TRAIL)
    subject = _CJK_SPACE_RE.sub("", subject).strip(" “”\"'《》\x00-#、")
    if subject.count("(") != subject.count(")"):
        subject = subject.strip("()")  # a bracket left open by the cut: CPM(千次展示成本)
    return "" if _FRAGMENT_RE.search(subject) else subject


_PREFIXES_LONGEST_FIRST = tuple(sorted(CURRENCY_PREFIXES, key=len, reverse=True))


def _currency_after(after: str) -> str:
    """A currency named right after 元 (2.16兆元新台币, 300亿元港币): Taiwan and Hong Kong write it there."""
    head = after.lstrip(" ")
    for name in _CURRENCY_AFTER_YUAN:
        if head.startswith(name):
            return CURRENCY_PREFIXES[name]
    return ""


#: currencies written after 元 (not 美元: 50亿元美元债 is yuan, then a dollar bond)
_CURRENCY_AFTER_YUAN = ("新台币", "人民币", "港币")


def _currency_before(before: str) -> str:
    tail = before.rstrip(" \x00")
    for word, _ in _BOUND_WORDS:  # 人民币约3亿元
        if tail.endswith(word):
            tail = tail[: -len(word)].rstrip()
            break
    for prefix in _PREFIXES_LONGEST_FIRST:
        if tail.endswith(prefix):
            return CURRENCY_PREFIXES[prefix]
    return ""


def _value(numeral: str, mult: str | None) -> float | None:
    """The numeral times its multiplier, exact in decimal terms (8.8亿 is 880000000.0, not …0000001)."""
    value = parse_numeral(numeral)
    return None if value is None else scale(value, MULTIPLIERS.get(mult or "", 1.0))


def _chinese(numeral: str | None) -> bool:
    return bool(numeral) and not numeral[0].isdigit()


def _read_match(m: re.Match, masked: str, sentence: str, previous: dict | None) -> list[dict]:
    """The rows one number phrase stands for (two for 从X到Y, none for a non-quantity)."""
    start, end = m.span()
    bullet = m.group("minus") == "-" and bool(_LIST_BULLET_RE.search(masked[:start]))
    start += bullet  # the bullet is not part of the figure
    before, after = masked[:start], masked[end:]
    if m.group("double") or m.group("kuai"):
        return [_written_out_row(m, before, after, sentence, previous)]
    surface = "%" if m.group("pct") else (m.group("unit") or m.group("lounit") or "")
    if not (m.group("vague") or m.group("pct")) and _not_a_quantity(m, surface, before, after, sentence):
        return []
    numbers = _numbers(m, signed=not bullet)
    if numbers is None:
        return []
    value, value_max, fuzzy = numbers
    if m.group("hi") and (math.isnan(value_max) or value_max <= value or _incompatible(m.group("lounit"), m.group("unit"))):
        return _split_range(m, masked, sentence, previous)
    lo = m.group("lo")
    multiplied = bool(m.group("lomult") or m.group("himult") or m.group("vague") or (_chinese(lo) and re.search("[万亿]", lo)))
    unit, noun = _unit(surface, after[len(m.group("fuzzy2") or ""):], before, previous, multiplied, _chinese(lo))
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
    bound = _bound(before, after, fuzzy, bool(m.group("vague")), magnitude=multiplied or _place_first(lo))
    change = _change(before, after)
    if previous is not None and not change and _LIST_JOIN_RE.match(before[previous["end"]:]):
        change = previous["change"]  # 分别同比下降了7.8%和5.6%: both fell
    elif previous is not None and not change and previous["change"] and UNIT_FAMILY.get(unit) == "percent" \
            and unit == previous["unit"] and _parallel_clause(before[previous["end"]:]):
        change = previous["change"]  # 头两年增速要在1000%到2000%,第三年得保证200%: the same rate, later
    row = _row(value, value_max, unit, noun, bound, change, sentence[start:end], sentence, sentence[:start], previous)
    if row["unit"] in ("people", "count") and noun in ("人", ""):  # 活跃买家达8.8亿人: people who are users
        hinted = next((u for hint, u in _USER_HINTS if hint in row["subject"]), None)
        if hinted:
            row["unit"], row["family"] = hinted, UNIT_FAMILY[hinted]
    return [row]


def _written_out_row(m: re.Match, before: str, after: str, sentence: str, previous: dict | None) -> dict:
    """The row of a figure written without a numeral and unit pair: a doubling (翻倍, 翻了个倍 = 2 x,
    an increase; 翻了两番 = 4 x) or a colloquial price (9块9 = 9.9 CNY)."""
    if m.group("double"):
        fan = m.group("fan")
        value, unit, change = 2.0 ** (digit_value(fan) if fan else 1), "x", "increase"
    else:
        jiao = m.group("jiao")
        value = (parse_numeral(m.group("kuai")) or 0.0) + (digit_value(jiao) if digit_value(jiao) is not None else int(jiao)) / 10
        unit, change = _currency_before(before) or "CNY", _change(before, after)
    bound = _bound(before, after, False, False)
    return _row(value, math.nan, unit, "", bound, change, m.group(), sentence, sentence[: m.start()], previous)


def _place_first(numeral: str | None) -> bool:
    """True for a numeral that starts with its place word: 亿, 千万 (a round magnitude)."""
    return bool(numeral) and numeral[0] in "十百千万亿"


def _parallel_clause(segment: str) -> bool:
    """True when ``segment`` (the text between two figures) is a short clause that names no new
    subject and no level verb, so its figure continues the one before (第三年得保证200%)."""
    if not segment[:1] or segment[0] not in ",，;；" or len(segment) > 14 or _LEVEL_IN_CLAUSE_RE.search(segment):
        return False
    own = _subject(segment)
    return not own or not _ends_with_noun(own)


def _promotion(before: str, after: str) -> bool:
    """True for the two bare amounts of a promotion: 满99减20 (99 is the threshold, 20 the discount)."""
    return bool(_PROMO_THRESHOLD_RE.search(before) and _PROMO_OFFER_AFTER_RE.match(after)) or bool(
        _PROMO_OFFER_BEFORE_RE.search(before)
    )


def _money_verb_before(before: str) -> bool:
    """True when the word right before a figure moves money (欠122亿, 分20亿, 砸了10亿)."""
    tail = before.rstrip(" \x00“\"「『")
    words = [w for _, _, w in _tokens(tail[-8:])] if tail else []
    if words and words[-1] in ("了", "掉", "出", "走") and len(words) > 1:
        words = words[:-1]
    return bool(words) and words[-1] in _MONEY_VERBS


def _not_a_quantity(m: re.Match, surface: str, before: str, after: str, sentence: str) -> bool:
    """True for a number phrase that names, dates or counts nothing: 5G, 成为, 2023年, 三年前,
    20周年, 一家公司, 千人千面, a bare 618, 百万富翁, 3501 人阅读."""
    lo, lomult, himult = m.group("lo"), m.group("lomult"), m.group("himult")
    unit = UNITS.get(surface, "")
    if not surface and re.match(r"\s?[A-Za-z0-9]", after):
        return True  # 5G, 3C, 24H: a name
    if surface == "成" and (_CHENG_WORD_RE.match(after) or (not _chinese(lo) and float(parse_numeral(lo) or 99) > 10)):
        return True  # 成为, 成本
    if unit == "years" and (lomult or himult or re.search("[万亿]", lo) or (lo.isdigit() and len(lo) == 4) or re.match(r"\s?\d", after)):
        return True  # 2023年, 百万年薪, 2023年5月: not a span of years
    if UNIT_FAMILY.get(unit) == "duration" and (
            _TIME_POINT_RE.match(after) or _LEAD_TIME_BEFORE_RE.search(before) or (surface == "周" and after.startswith("年"))):
        return True  # 三年前, 提前两个月: a point in time; 20周年: an anniversary
    if UNIT_FAMILY.get(unit) in ("count", "duration") and _DEMONSTRATIVE_RE.search(before):
        return True  # 该三城, 这两年: a thing or a time already named, not a new figure
    if unit == "age" and re.match(r"[月末]", after):
        return True  # 岁月, 岁末: not an age
    if _chinese(lo):
        measured_span = UNIT_FAMILY.get(unit) == "duration" and (
            bool(_bound(before, after, False, False)) or lo == "两" or bool(_SPAN_AFTER_RE.match(after)))
        if not lomult and lo in ("一", "两") and not m.group("hi") and surface not in ("倍", "成", "个百分点") and not measured_span:
            return True  # 一年, 两人, 一家公司: an article, not a figure (近两年, 仅一年时间 measure a span)
        if _inside_a_word(sentence, *m.span()) and not measured_span:
            return True  # 千人千面, 三四线
    if not surface and not (lomult or himult) and not (_chinese(lo) and re.search("[万亿]", lo)) \
            and not _currency_before(before) and not _promotion(before, after):
        return True  # a bare number: a list marker, a model name (618, H100), a code
    if not lomult and lo[0] in "百千万亿" and not (surface and len(lo) > 1):  # 重回千亿美金: a unit makes it an amount
        if not (_bound(before, after, False, False, magnitude=True) or _change(before, after)):
            return True  # 百万富翁, 万亿级: a word; 突破千亿, 日活过亿 are figures
    return surface in ("", "人") and bool(_FURNITURE_RE.match(after))  # 3501 人阅读


def _numbers(m: re.Match, *, signed: bool = True) -> tuple[float, float, bool] | None:
    """``(value, value_max, fuzzy)`` of a number phrase; ``value_max`` is NaN for a single figure
    (and for a range whose top cannot be read); ``None`` when the numeral cannot be read. A minus
    written before a numeral makes it negative when ``signed`` (not when it is a list bullet)."""
    fuzzy = bool(m.group("fuzzy") or m.group("lofuzzy") or m.group("fuzzy2") or "多" in (m.group("unit") or "") + (m.group("lomult") or ""))
    if m.group("vague"):  # 数万, 上千
        return math.prod(_PLACE_VALUE[ch] for ch in m.group("vmult")), math.nan, fuzzy
    if m.group("pct"):  # 百分之二十五
        value = parse_numeral(m.group("pct"))
        return None if value is None else (value, math.nan, fuzzy)
    lo, hi, lomult, himult = m.group("lo"), m.group("hi"), m.group("lomult"), m.group("himult")
    pair = _digit_pair(lo) if _chinese(lo) and not hi else None
    if pair:  # 七八成: seventy to eighty percent
        scale = MULTIPLIERS.get(lomult or "", 1.0)
        return pair[0] * scale, pair[1] * scale, True
    value = _value(lo, lomult or (himult if hi and not m.group("lounit") else None))  # 80-100亿元: 亿 on both
    if value is None:
        return None
    if m.group("rest"):  # 2兆3000亿元: the remainder, in a smaller multiplier
        rest = _value(m.group("rest"), m.group("restmult"))
        if rest is None or rest >= MULTIPLIERS[lomult]:
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


def _split_range(m: re.Match, masked: str, sentence: str, previous: dict | None) -> list[dict]:
    """Read ``X至Y`` as two figures: 从3000万上升到6000万, 增长10%至300亿元."""
    cut = m.start("dash")
    rows = []
    first = QUANTITY_RE.match(masked[:cut], m.start())
    if first and first.group("lo") and not first.group("hi"):
        rows = _read_match(first, masked[:cut] + _MASK * (len(masked) - cut), sentence, previous)
    if m.group("hi") and m.group("dash") in ("至", "到", "-", "~", "～", "—", "–"):
        second = QUANTITY_RE.match(masked, m.start("himinus") if m.group("himinus") else m.start("hi"))
        if second:
            rows += _read_match(second, masked, sentence, rows[-1] if rows else previous)
    return rows


#: count units that are classifiers: the noun after them is what is counted (3家银行, 104位科学家)
_COUNTING_CLASSIFIERS = ("位", "名", "家", "件", "笔")
#: what may follow a figure that stands alone in a parallel construction (而支付宝仅8.93亿,)
_PHRASE_END_RE = re.compile(r"^\s*(?:[,;:。！？!?)）、/]|$|和|与|及|或|而|左右|以上|以下|上下|多|余|之间|的(?:水平|规模|体量))")


def _unit(surface: str, after: str, before: str, previous: dict | None, multiplied: bool, chinese: bool) -> tuple[str, str] | tuple[None, None]:
    """The unit and the counted noun of a figure."""
    if surface in UNITS:
        unit = UNITS[surface]
        if UNIT_FAMILY[unit] == "money" and unit == "CNY" and surface == "元":
            unit = _currency_before(before) or _currency_after(after) or unit  # 港币3.40元, 2.16兆元新台币
        if UNIT_FAMILY[unit] != "count":
            return unit, ""
        return unit, (_next_noun(after) if surface in _COUNTING_CLASSIFIERS else "") or surface  # 104位科学家: people, 科学家
    if surface in CLASSIFIERS:
        if chinese and not multiplied:
            return None, None  # 三种方式, 五个阶段: an enumeration, not a measurement
        return "count", _next_noun(after)
    prefix = _currency_before(before)
    if prefix:
        return prefix, ""
    if _promotion(before, after) or (multiplied and _money_verb_before(before)):
        return "CNY", ""  # 满99减20, 欠122亿: money, whatever the clause counts
    following = _CLAUSE_RE.split(after[:8])[0]
    segment = before[previous["end"]:] if previous else before
    clause = _CLAUSE_RE.split(segment)[-1][-12:] + "|" + _subject(segment)
    for text in (following, clause):  # 6亿抖音日活用户: the noun right after wins over the clause
        for hint, unit in _USER_HINTS:
            if hint in text:
                return unit, ""
    if previous is not None and multiplied and previous["family"] in ("money", "count") and _PHRASE_END_RE.match(after):
        return previous["unit"], previous["noun"]  # 月活达13.71亿,而支付宝仅8.93亿: a parallel figure
    if multiplied and _MONEY_HINT_RE.search(clause):
        return "CNY", ""  # 阿里赔京东10亿
    if previous is not None and multiplied and not _subject(segment):  # 广告收入同比增长12.5%,首次突破千亿
        for hint, unit in _USER_HINTS:
            if hint in previous["subject"]:
                return unit, ""
        if _MONEY_HINT_RE.search(previous["subject"]):
            return "CNY", ""
    return "count", ""


def _row(value, value_max, unit, noun, bound, change, span, sentence, before, previous) -> dict:
    clause = _CLAUSE_RE.split(before)[-1]
    segment = before[previous["end"]:] if previous is not None else before
    subject = _subject(segment)
    if subject and not _ends_with_noun(subject):
        subject = ""  # 就撕开了一个, 前几日甚: a fragment, not a noun phrase
    named_after = _NAMED_AFTER_RE.match(sentence[len(before) + len(span):])
    if named_after and (not subject or _ends_with_verb(_strip_trail(clause))) and not _CHANGE_AFTER_RE.match(named_after.group()):
        subject = named_after.group(1)  # 定下了全年超3万亿元的总成交额目标: the figure names what follows it
    elif subject and _is_one_verb(subject):
        subject = ""  # 吸引了500万名用户: a verb is not what is measured
    if previous is not None and not subject:
        subject = previous["subject"]  # 份额从66%降至44%, 6,090亿元(860亿美元),同比增长10%: the same thing
        actor = previous["actor"]
    else:
        actor = _actor(subject, clause, before, sentence)
    years = list(_PERIOD_RE.finditer(before))
    sign = -1.0 if change == "decrease" else 1.0
    return {
        "value": float(value), "value_max": float(value_max), "unit": unit, "family": UNIT_FAMILY.get(unit, "count"),
        "noun": noun, "qualifier": bound, "change": change, "signed_value": sign * float(value),
        "span": span.strip(), "sentence": sentence, "subject": subject, "actor": actor,
        "year": years[-1].group().replace(" ", "") if years else "", "end": len(before) + len(span),
    }


#: a figure that names what follows it: 3万亿元的总成交额(GMV)目标
_NAMED_AFTER_RE = re.compile(r"^的([^,，。;；:：!?！？的\s\d%]{2,14}?)(?=[,，。;；:：!?！？]|$|是|为|将|已|在|达|超|中|也|都|和)")


#: verbs that report a level and never name the measured thing (达到30%的新高: the subject is before)
_LEVEL_VERBS = frozenset({"达", "达到", "为", "是", "高达", "约为", "仅为", "占", "占比", "有", "超过", "突破"})


def _ends_with_verb(phrase: str) -> bool:
    """True when ``phrase`` ends with an action verb (定下, 创下, 花费), not a verb of level (达到, 为)."""
    words = _pos(phrase)
    return bool(words) and words[-1].flag.startswith("v") and words[-1].word not in _LEVEL_VERBS


@lru_cache(maxsize=16)
def _by_length(words: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """``words`` grouped by length, longest first: a clause's end is looked up once per
    length (a set lookup each) instead of tested against every word."""
    lengths = sorted({len(w) for w in words if w}, reverse=True)
    return tuple((n, frozenset(w for w in words if len(w) == n)) for n in lengths)


def _strip_trail(clause: str, words: tuple[str, ...] = (), *, periods: bool = True) -> str:
    """``clause`` less the ``words`` (longest first; default: bounds, fillers and adverbs) and,
    with ``periods``, the time phrases that end it, until none is left at its end."""
    words = words or _CHANGE_TRAIL
    changed = True
    while changed and clause:
        changed = False
        trimmed = _TRAIL_TIME_RE.sub("", clause) if periods else clause
        if trimmed != clause:
            clause, changed = trimmed, True
        ending = _longest_ending(clause, words)
        if ending:
            clause, changed = clause[: -len(ending)], True
    return clause


def _longest_ending(text: str, words: tuple[str, ...]) -> str:
    """The longest of ``words`` that ends ``text``, else ``""``."""
    for n, group in _by_length(words):
        if len(text) >= n and text[-n:] in group:
            return text[-n:]
    return ""


#: jieba tags of a word that can end a noun phrase: nouns, verbal and adjectival nouns, names, Latin, brackets
#: words jieba may tag as verbs or pronouns that still name what a figure measures (广告收入, 股息每股)
_MEASURE_WORDS = frozenset({"时长", "收入", "支出", "投入", "消费", "捐款", "交易", "成交", "占比", "增速", "每股", "销售", "出货", "下载", "涨幅", "跌幅"})
_MEASURE_ENDINGS = tuple(sorted({*_MEASURE_WORDS, *_VOCAB["money_hint"]["words"], *(hint for hint, _ in _USER_HINTS)}, key=len, reverse=True))
_NOUN_TAGS = ("n", "vn", "an", "eng", "j", "l", "x", "nz", "nr", "ns", "nt", "ng", "i")


def _ends_with_noun(phrase: str) -> bool:
    words = _pos(phrase)
    if not words:
        return False
    if phrase.endswith(_MEASURE_ENDINGS):  # 快手2023年营收: jieba may split 营收 after a year
        return True
    last = words[-1]
    return (
        last.flag.startswith(_NOUN_TAGS)
        or not re.search("[\u4e00-\u9fff]", last.word)
        or last.word in _MEASURE_WORDS
        or _MONEY_HINT_RE.fullmatch(last.word) is not None
    )


def _is_one_verb(phrase: str) -> bool:
    """True when jieba reads ``phrase`` as one verb (or verbal noun: 融资, 优惠)."""
    words = _pos(phrase)
    return len(words) == 1 and words[0].flag.startswith("v")


def _actor(subject: str, clause: str, before: str, sentence: str) -> str:
    """The firm a figure belongs to: named in its subject, else in its clause, else the
    nearest before it in the sentence; empty rather than a guess."""
    for found in (find_actors(subject), find_actors(clause)):
        if found:
            return found[0][1]
    found = find_actors(before)
    return found[-1][1] if found else ""  # a firm named only after the figure owns a later clause


def _prepare(text: str) -> str:
    """Simplified script, folded width and line wraps inside numbers undone; same length as far as
    OpenCC keeps it."""
    return _WRAP_RE.sub(" ", fold_width(to_simplified(text)))


def extract_quantities(text: str) -> pd.DataFrame:
    """Every quantity stated in ``text``, one row each, in text order.

    Args:
        text: cleaned text (one article, or any sentence), simplified or traditional script.

    Returns:
        A table with :data:`QUANTITY_COLUMNS`:

        - ``value`` in plain units (13.85亿 → 1.385e9, 2.2兆元 → 2.2e12, 40% → 40, 三成 → 30,
          净利润为-5.2亿元 → -5.2e8), exact in decimal terms, and
          ``value_max``, the top of a range (80亿至100亿元 → 8e9, 1e10), else NaN;
        - ``unit``: a currency code (``CNY``, ``HKD``, ``USD``, ``JPY``, ``EUR``,
          ``TWD``), ``%``, ``pp`` (percentage points), ``x`` (multiple), a count
          (``users``, ``DAU``, ``MAU``, ``fans``, ``merchants``, ``firms``,
          ``orders``, ``people``, ``items``, ``cities``, ``age``, or ``count``), or a duration
          (``years``, ``months``, ``days``, ``hours``, ``minutes``…);
          ``family`` groups them (money, percent, multiple, count, duration) and
          ``noun`` keeps the counted noun as written (粉丝, 乡镇);
        - ``qualifier``: ``at least`` (超过, 突破, 逾, 以上, 过亿, 至少), ``below``, the
          upper bound (不足, 不到, 低于, 以下, 不超过, 最多, 最高达), ``about`` (约, 近,
          左右, 多, 余) or empty (达 reports a level reached);
        - ``change``: ``increase``/``decrease`` when the figure is a change
          (同比增长6.5%), empty for a level (增至32%); ``signed_value`` is the value
          with the sign of the change;
        - ``span`` (the matched text), ``sentence``, ``subject`` (what is measured,
          empty rather than a fragment), ``actor`` (the firm it belongs to),
          ``year`` (the period stated before it in its sentence), ``start``
          (offset in the simplified text).

    Raises:
        TypeError: when ``text`` is not a str.

    Example:
        >>> row = extract_quantities("美团的市值一天缩水784亿港元").iloc[0]
        >>> float(row["value"]), row["unit"], row["change"], row["subject"]
        (78400000000.0, 'HKD', 'decrease', '美团的市值')
    """
    require_text(text, "text")
    text = _prepare(text)
    rows: list[dict] = []
    offset = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, offset)
        base = at if at >= 0 else offset
        offset = base + len(sentence)
        masked = _mask(sentence)
        previous = None
        position = 0
        while (m := QUANTITY_RE.search(masked, position)) is not None:
            position = max(m.end(), position + 1)
            if m.start() == m.end():
                continue
            for row in _read_match(m, masked, sentence, previous):
                row["start"] = base + sentence.find(row["span"], m.start())
                rows.append(row)
                previous = row
    return _table(rows)


def _table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS).astype(
        {"value": float, "value_max": float, "signed_value": float, "start": int}
    )


def article_quantities(text: str) -> pd.DataFrame:
    """:func:`extract_quantities` for a whole article, through the article cache."""
    require_text(text, "text")
    return _table(memo("quantities", text, lambda: extract_quantities(text).to_dict("records")))


def quantity_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Quantities of every article: ``doc_id, date`` and :data:`QUANTITY_COLUMNS`,
    sorted by article and position.

    Args:
        corpus: a table with ``doc_id``, ``date`` and ``text`` (see :func:`coopetition.load_corpus`).
    """
    parts = []
    for doc_id, date, text in zip(corpus["doc_id"], corpus["date"], corpus["text"]):
        table = article_quantities(text)
        table.insert(0, "date", date)
        table.insert(0, "doc_id", doc_id)
        parts.append(table)
    columns = ["doc_id", "date", *QUANTITY_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True).sort_values(["doc_id", "start"], ignore_index=True)[columns]

"""Quantities: the numbers an article rests on, normalised and tied to their sentence.

``extract_quantities`` finds amounts of money, percentages, multiples, user
and firm counts, and durations, with Arabic or Chinese numerals (read with
cn2an), 万/亿 multipliers, ranges and qualifiers; it leaves out dates and
years, list markers, times of day, names with digits (618, B2C, 3C, 24H),
URLs and page counters (3501 人阅读).
"""

from __future__ import annotations

import math
import re
import warnings

import pandas as pd

from coopetition.actors import find_actors
from coopetition.cache import memo
from coopetition.segment import get_tokenizer, split_sentences

__all__ = ["extract_quantities", "article_quantities", "quantity_table", "QUANTITY_COLUMNS", "UNITS"]

with warnings.catch_warnings():  # cn2an logs a deprecation notice from its own dependency on import
    warnings.simplefilter("ignore")
    import cn2an

#: unit vocabulary: what each surface form is reported as
UNITS = {
    "元": "CNY", "块钱": "CNY", "美元": "USD", "%": "%", "％": "%", "个百分点": "pp", "倍": "x",
    "月活用户": "users", "日活用户": "users", "月活": "users", "日活": "users", "名用户": "users",
    "用户": "users", "人": "users", "家企业": "firms", "家公司": "firms", "家": "firms",
    "年": "years", "个月": "months", "天": "days", "页": "pages", "字": "characters",
    "单": "orders", "笔": "orders",
}
MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}
QUALIFIERS = {
    "at least": ("超过", "超", "突破", "达到", "达", "逾", "高于", "不少于", "至少", "多达", "上"),
    "below": ("不足", "低于", "不到", "少于", "未满", "不超过"),
    "about": ("约", "大约", "估计", "预计", "近", "将近", "接近", "约为", "数", "几"),
}
AFTER_QUALIFIERS = {"以上": "at least", "多": "at least", "余": "at least", "左右": "about", "上下": "about", "以下": "below"}
CHANGE = {
    "decrease": ("下降", "下滑", "降至", "降低", "减少", "下跌", "跌", "缩水", "萎缩"),
    "increase": ("增长", "提升", "增加", "上升", "升至", "增", "提高", "攀升", "翻"),
}
QUANTITY_COLUMNS = ["value", "value_max", "unit", "qualifier", "change", "span", "sentence", "subject", "actor", "year", "start"]

_CN = "〇零一二三四五六七八九十百千两"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUMBER = rf"(?:{_ARABIC}|[{_CN}]+)"
QUANTITY_RE = re.compile(
    rf"(?<![A-Za-z0-9.\-/:第])"  # not inside a Latin word, a decimal, a date, a URL, or an ordinal
    rf"(?:(?P<vague>[数几上])(?P<vmult>{_MULT})(?P<vmult2>{_MULT})?"  # 数万亿, 上万
    rf"|(?P<bare>百万|千万|万亿|十万|百亿|千亿)"  # 突破百万: read only after a qualifier
    rf"|百分之(?P<pct>[{_CN}]+)"
    rf"|(?P<lo>{_NUMBER})(?P<range>(?:%|％)?\s*(?:-|~|—|–|至|到)\s*(?P<hi>{_NUMBER}))?(?P<fuzzy0>多|余|几)?(?P<mult>{_MULT})?)"
    rf"(?P<fuzzy>几|多|余)?"
    rf"(?:(?P<unit>{_UNIT})|(?![A-Za-z\d.]))"  # a number glued to letters is a name: 3C, 24H, B2C
)
#: a four-digit year, a month or day: never a quantity
_DATE_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}\s*(?:年|-|/|\.)|(?<!\d)\d{1,2}\s*(?:月(?!活)|日|号)(?!\d)")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s\u4e00-\u9fff,。;)]+", re.I)
_TIME_RE = re.compile(r"\d{1,2}:\d{2}|\d{1,2}\s*点(?:钟|半|\d)")
#: page counters on forum and news pages
_FURNITURE_RE = re.compile(r"^\s*(?:人)?(?:阅读|回复|浏览|点赞|评论|关注|收藏|转发|获赞|粉丝)")
_YEAR_RE = re.compile(r"(?:截至|截止)?(?:1[89]|20)\d{2}年(?:第?[一二三四1-4]季度|[上下]半年|前三季度|\d{1,2}月(?:份)?)?")
_CLAUSE_RE = re.compile(r"[,;:,;:。!?]")
_LEAD_RE = re.compile(
    r"^(?:\(\d+\)|\d+[、.]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))?"
    r"(?:而且|而|但是|但|且|同时|其中|此外|另外|并且|不过|此番)?"
    r"(?:.*?(?:数据|报告|财报|调查|统计)显示)?(?:其)?"
)
_TRAIL_WORDS = tuple(sorted({
    "同比", "环比", "同期", "已经", "已", "仅", "只有", "只剩", "只", "就", "也", "都", "为", "是", "在", "将", "达到", "达",
    "超过", "超", "突破", "逾", "高于", "低于", "不足", "不到", "约", "估计", "预计", "近", "接近", "从", "的", "有", "拥有",
    "有着", "持续", "长达", "过去", "近年", "其", *CHANGE["decrease"], *CHANGE["increase"],
}, key=len, reverse=True))
_USER_NOUN_RE = re.compile("月活|日活|用户")
_COMPARISON_RE = re.compile("(?:已经|已)?(?:高于|低于|超过|多于|少于|相当于|达到)(?=.)")
_TIME_PHRASE_RE = re.compile(r"(?:在)?过去[一二三四五六七八九十\d]+(?:年|个月)|(?:1[89]|20)\d{2}年(?:第?[一二三四1-4]季度|[上下]半年|\d{1,2}月)?(?:的)?")


def _number(text: str) -> float | None:
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _qualifier(before: str, fuzzy: str | None, vague: str | None) -> str:
    if vague or fuzzy:
        return "at least" if (vague in ("数", "几", "上") or fuzzy) else "about"
    tail = before.rstrip("在为是到了已仅有 ")[-4:]  # 估计在80亿: the qualifier sits before a filler
    for label in ("below", "at least", "about"):  # 不超过 before 超过
        if any(tail.endswith(word) for word in QUALIFIERS[label]):
            return label
    clause = _CLAUSE_RE.split(before)[-1]
    comparison = _COMPARISON_RE.search(clause)
    if comparison:  # 已超过微信入口3倍, 已高于京东自有渠道的150%
        return "below" if ("低于" in comparison.group() or "少于" in comparison.group()) else "at least"
    return ""


def _change(before: str) -> str:
    tail = before[-6:]
    for label, words in CHANGE.items():
        if any(word in tail for word in words):
            return label
    return ""


def _subject(before: str, unit_noun: str, after: str) -> str:
    """What is measured: the clause before the number, less lead-ins, time
    phrases and the verbs and qualifiers right before the figure. A user count
    names itself (13.85亿月活用户); a duration names what follows it
    (十几年的“相爱相杀”)."""
    if unit_noun in ("月活用户", "日活用户", "月活", "日活", "名用户", "用户"):
        return unit_noun
    if UNITS.get(unit_noun) in ("years", "months", "days") and after.startswith("的"):
        return _CLAUSE_RE.split(after[1:])[0][:16].strip("“”\"")
    clause = _CLAUSE_RE.split(before)[-1]
    for opening, closing in (("(", ")"), ("《", "》")):
        if clause.count(opening) > clause.count(closing):
            clause = clause[clause.rindex(opening) + 1 :]  # inside an open bracket
    clause = _COMPARISON_RE.split(clause)[0]  # 成本已高于京东自有渠道的150%: the subject is the cost
    subject = _LEAD_RE.sub("", clause, count=1)
    subject = _TIME_PHRASE_RE.sub("", subject)
    changed = True
    while changed and subject:
        changed = False
        for word in _TRAIL_WORDS:
            if subject.endswith(word):
                subject, changed = subject[: -len(word)], True
                break
    return subject.strip(" ()“”\"'《")


def _inside_a_word(sentence: str, start: int, end: int) -> bool:
    """True when jieba puts the match inside a longer word (千人千面, 三四线)."""
    offset = 0
    for token in get_tokenizer().lcut(sentence):
        t_start, t_end = offset, offset + len(token)
        offset = t_end
        if t_end <= start or t_start >= end:
            continue
        if (t_start < start or t_end > end) and len(token) > end - start and not re.search(r"\d", token):
            return True
    return False


def extract_quantities(text: str) -> pd.DataFrame:
    """Every quantity stated in ``text``, one row each, in text order.

    Args:
        text: cleaned text (one article, or any sentence).

    Returns:
        A table with :data:`QUANTITY_COLUMNS`:

        - ``value`` — in plain units: 80亿 → 8e9, 13.85亿 → 1.385e9, 百万 → 1e6,
          40% → 40 (percent as its figure), 3倍 → 3;
        - ``value_max`` — the top of a range (80-100亿元 → 1e10), else NaN;
        - ``unit`` — ``CNY``, ``USD``, ``%``, ``pp`` (percentage points), ``x``
          (multiple), ``users``, ``firms``, ``years``, ``months``, ``days``,
          ``pages``, ``characters``, ``orders``, or ``count`` (a bare 亿/万 figure);
        - ``qualifier`` — ``at least`` (超过, 突破, 达…), ``below`` (不足, 低于…),
          ``about`` (约, 估计…) or empty; ``change`` — ``increase``/``decrease``
          when a verb before the figure says so;
        - ``span`` (the matched text), ``sentence``, ``subject`` (what is
          measured), ``actor`` (the first firm named before the figure in its
          sentence, else anywhere in it), ``year`` (the period stated before
          the figure in its sentence: 2024年二季度), ``start`` (offset in ``text``).

    Example:
        >>> extract_quantities("2023年视频号带货GMV超3000亿元")[["value", "unit", "qualifier", "subject", "year"]].iloc[0].tolist()
        [300000000000.0, 'CNY', 'at least', '视频号带货GMV', '2023年']
    """
    rows = []
    offset = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, offset)
        base = at if at >= 0 else offset
        offset = base + len(sentence)
        masked = _URL_RE.sub(lambda m: " " * len(m.group()), sentence)
        blocked = set()
        for pattern in (_DATE_RE, _TIME_RE):
            for m in pattern.finditer(masked):
                blocked.update(range(m.start(), m.end()))
        previous: tuple[int, str, str, str] | None = None  # end, subject, span and unit of the last figure
        for m in QUANTITY_RE.finditer(masked):
            row = _read_match(m, masked, sentence, blocked)
            if row is None:
                continue
            if previous and previous[2] in row["subject"]:
                row["subject"] = previous[1]  # 份额从66%降至44%: one subject, two figures
            if previous and row["unit"] == "count" and not m.group("unit"):
                row["unit"] = previous[3]  # 月活达13.71亿,而支付宝仅8.93亿: a parallel figure keeps the unit
            previous = (m.end(), row["subject"], row["span"], row["unit"])
            row["start"] = base + m.start()
            rows.append(row)
    return _table(rows)


def _table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS).astype({"value": float, "value_max": float, "start": int})


def _read_match(m: re.Match, masked: str, sentence: str, blocked: set[int]) -> dict | None:
    start, end = m.span()
    if start == end or any(i in blocked for i in range(start, end)):
        return None
    unit_noun = m.group("unit") or ""
    after = masked[end:]
    if unit_noun in ("", "人") and _FURNITURE_RE.match(after):
        return None  # 3501 人阅读, 阅读数
    if unit_noun == "年" and (re.match(r"\s*\d", after) or (m.group("lo") or "").isdigit() and len(m.group("lo")) == 4):
        return None
    mult = MULTIPLIERS.get(m.group("mult") or "", 1.0)
    before = masked[:start]
    if m.group("bare"):
        if not _qualifier(before, None, None):
            return None  # 百万 alone is a word (百万富翁), not a figure
        value, value_max = MULTIPLIERS[m.group("bare")], math.nan
    elif m.group("vague"):
        value = MULTIPLIERS[m.group("vmult")] * MULTIPLIERS.get(m.group("vmult2") or "", 1.0)
        value_max = math.nan
    elif m.group("pct"):
        value, value_max, unit_noun = _number(m.group("pct")), math.nan, "%"
    else:
        lo, hi = m.group("lo"), m.group("hi")
        chinese = not re.match(r"\d", lo)
        if not unit_noun and not m.group("mult") and not (chinese and re.search("[万亿]", lo)):
            return None  # a bare number: a list marker, a name (618), a count with no unit
        if chinese and not m.group("mult") and len(lo) == 1 and lo in "一两" and unit_noun not in ("倍", "年", "个月", "天"):
            return None  # 一家, 两人: an article, not a figure
        if chinese and _inside_a_word(sentence, start, end):
            return None
        value = _number(lo)
        value_max = _number(hi) if hi else math.nan
        if value is None or (hi and value_max is None):
            return None
        value *= mult
        if hi:
            value_max *= mult
    if unit_noun in ("年",) and m.group("mult"):
        return None
    subject = _subject(before, unit_noun, after)
    unit = UNITS.get(unit_noun) or ("users" if _USER_NOUN_RE.search(subject) else "count")
    clause_actors = find_actors(_CLAUSE_RE.split(before)[-1])
    actors_before = find_actors(before)
    actors_all = find_actors(sentence)
    actor = (clause_actors[0] if clause_actors else actors_before[-1] if actors_before else actors_all[0] if actors_all else ("", ""))[1]
    years = list(_YEAR_RE.finditer(before))
    return {
        "value": float(value),
        "value_max": float(value_max),
        "unit": unit,
        "qualifier": AFTER_QUALIFIERS.get(after[:2], AFTER_QUALIFIERS.get(after[:1], "")) or _qualifier(before, m.group("fuzzy") or m.group("fuzzy0"), m.group("vague")),
        "change": _change(before),
        "span": sentence[start:end],
        "sentence": sentence,
        "subject": subject,
        "actor": actor,
        "year": years[-1].group() if years else "",
    }


def article_quantities(text: str) -> pd.DataFrame:
    """:func:`extract_quantities` for a whole article, through the article cache."""
    return _table(memo("quantities", text, lambda: extract_quantities(text).to_dict("records")))


def quantity_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Quantities of every article: ``doc_id, date`` and :data:`QUANTITY_COLUMNS`,
    sorted by article and position."""
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

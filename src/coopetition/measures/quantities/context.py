"""The words around a figure: what it measures (its subject), whose it is (its actor), its period.

The subject is read from the clause: the noun phrase before the verb and the number in the
same clause, less lead-ins (据悉, 其中), conditions (按固定汇率计算), comparisons (较去年…)
and the verbs, bounds and time words right before the number. Whether a phrase ends with a noun
or a verb is looked up in the jieba dictionary (:func:`.lexicon.last_word`), never tagged by a
model. Also here: the bound and change words shared with :mod:`.grammar`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coopetition.measures.quantities.lexicon import (
    CURRENCY_PREFIXES,
    UNIT_FAMILY,
    VOCAB,
    WordTable,
    first_word,
    last_word,
    word_tag,
)

_VOCAB = VOCAB
_PLACE_VALUE = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}
_BOUND_WORDS = sorted(
    ((word, label) for label, words in _VOCAB["bound_before"].items() for word in words),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_BOUND_AFTER = sorted(
    ((word, label) for label, words in _VOCAB["bound_after"].items() for word in words if label != "below_after_span"),
    key=lambda pair: len(pair[0]),
    reverse=True,
)


_CLAUSE_RE = re.compile(r"[,;:，；：。！？!?]")
_FILLERS = tuple(_VOCAB["subject"]["fillers"])
_CHANGE_TRAIL = tuple(
    sorted(
        {
            *(w for w, _ in _BOUND_WORDS),
            "同比",
            "环比",
            "同期",
            "分别",
            "约",
            "了",
            "为",
            "达",
            " ",
            "再",
            "又",
            "大幅",
            "显著",
            "一度",
            "曾",
            "更是",
            "也",
            "均",
            "都",
            "再次",
            "仍",
            "就",
            "则",
            *CURRENCY_PREFIXES,
        },
        key=len,
        reverse=True,
    )
)
_CHANGE_WORDS = sorted(
    ((w, label) for label, words in (*_VOCAB["change"].items(), *_VOCAB["change_noun"].items()) for w in words),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
#: a change named after its figure: 10%的增长, 10%的降幅 (6款增加到8款 gives a level, then another)
_CHANGE_AFTER = WordTable(
    [
        *_VOCAB["change"]["increase"],
        *_VOCAB["change_noun"]["increase"],
        *_VOCAB["change"]["decrease"],
        *_VOCAB["change_noun"]["decrease"],
    ]
)
_BOUND_AFTER_WORDS = WordTable(w for label, words in _VOCAB["bound_after"].items() for w in words)
_CHANGE_NOUNS_AFTER = frozenset(w for words in _VOCAB["change_noun"].values() for w in words)
_CHANGE_AFTER_LABEL = {
    w: label for section in ("change", "change_noun") for label, words in _VOCAB[section].items() for w in words
}


def change_after(after: str, *, bare_noun: bool = False) -> str:
    """``increase``/``decrease`` when the text after a figure names it a change (10%的同比增长), else ``""``;
    with ``bare_noun`` (a percentage) a rate noun right after it counts too (以2.3%涨幅领跑)."""
    after = after[len(_BOUND_AFTER_WORDS.prefix(after)) :]  # 5%以上的同比增长
    lead = 1 if after.startswith("的") else 0
    at = lead + next((len(w) for w in ("同比", "环比") if after.startswith(w, lead)), 0)
    word = _CHANGE_AFTER.prefix(after, at)
    if not lead and not (bare_noun and word in _CHANGE_NOUNS_AFTER):
        return ""  # 2.3%涨幅: a rate noun may follow the figure directly; a verb needs 的 (10%的增长)
    if not word or after[at + len(word) : at + len(word) + 1] in ("至", "到"):
        return ""
    if _modifies_a_noun(after[at + len(word) : at + len(word) + 6]):
        return ""  # 10%的亏损企业: the change word qualifies the noun after it, which the figure measures
    return _CHANGE_AFTER_LABEL[word]


#: nouns of a rate or a trend that a change word heads without losing its direction (增长速度, 增长态势, 下降幅度)
_RATE_HEADS = WordTable([*_VOCAB["rate_head"]["words"], *_CHANGE_NOUNS_AFTER])


def _modifies_a_noun(rest: str) -> bool:
    """True when ``rest`` (the text right after a change word) opens with a noun of its own that the word
    qualifies (亏损企业, 增长空间), not with the clause's end, a verb, a suffix (亏损额 is the loss) or a noun
    of a rate or a trend, which the change word and the figure measure together (30%的增长速度, 20%的增长态势)."""
    if _RATE_HEADS.prefix(rest):
        return False
    word = first_word(rest) if rest[:1].strip() else ""
    return len(word) > 1 and word_tag(word).startswith("n") and re.fullmatch("[\u4e00-\u9fff]+", word) is not None


_YEAR = r"(?:(?:1[89]|20)\d{2}\s*财?年度?|[〇零一二三四五六七八九]{4}年度?)"
_QUARTER = r"第?[一二三四1-4]\s*(?:季度|财季|季(?!节))|前三季度|Q[1-4]"
_SUB_PERIOD = rf"(?:{_QUARTER}|全年|[上下]半年|(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月份?)"
#: a stated period: a year with an optional part of it (2024年第三季度, 2023财年), or a quarter alone
_YEAR_PERIOD_RE = re.compile(rf"(?:截至|截止)?{_YEAR}{_SUB_PERIOD}?")
_QUARTER_PERIOD_RE = re.compile(rf"(?:截至|截止)?(?:{_QUARTER})")
#: time words that open a clause before its subject (2024年第三季度, 截至9月30日止, 年底)
_LEAD_TIME_OPEN_RE = re.compile(r"(?:截至|截止|在|于|到|至)?\s*")
_LEAD_TIME_PIECES = tuple(
    re.compile(p)
    for p in (
        _YEAR,
        _SUB_PERIOD,
        r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日|止|年底|年初|年末|期间|的|内|底|末|,|\s",
    )
)
#: what opens a clause before its subject, in order, each optional: list markers, a connective, 是/为,
#: a demonstrative, a causative or plan verb, a possessive (其中…, 但…, 这家…, 推动…, 我们的…)
_LEAD_RES = tuple(
    re.compile(p)
    for p in (
        r"(?:[-*#>\\\s]|\(\d+\)|\d+[、.]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))*",
        r"(?:而且|而|但是|但|且|同时|其中|此外|另外|并且|并|不过|此番|其(?![他中余实次])|据悉|据了解|相比之下|对比之下|与此同时)?",
        r"(?:是|为)?(?:(?:这|那|该)(?:款|个|家|些|种|项|次|一)?)?",
        r"(?:(?:计划|准备|决定)将?|将|推动|带动|拉动|撬动|驱动|带来|使得?|让|令|帮助|促使)?",
        r"(?:我们的|我们|本公司的|公司的|其(?![他中余实次]))?",
    )
)
#: a condition before the subject: 排除汇率波动后, 按固定汇率计算
_CONDITION_RE = re.compile(
    r"(?:排除|剔除|扣除|不计|按|以)[^,，]*?(?:后|外|计算|计)|(?:截至|截止)[^,，]*?止?(?:年度|季度|期间)的?"
)
#: a conjunction inside a clause: the subject is what follows it
_CONJUNCTION_RE = re.compile(r".*(?:并且|而且|且|同时|而)(?=.)")
_SAYS_RE = re.compile(r".*(?:显示|表示|透露|获悉|了解到|指出|公布|宣布|提到|认为|相信|建议|称)")
_COMPARE_RE = re.compile(
    r"(?:较|比|相比|相较于?|对比|由|从)(?=去年|上年|上一|同期|前年|此前|之前|年初|上季|过去|\d|[〇零一二三四五六七八九十\x00]|$)"
    r"|(?:已经|已)?(?:高于|低于|超过|多于|少于|相当于)(?=.)"
)
_SUBJECT_TRAIL = tuple(
    sorted(
        {
            *(w for w, _ in _BOUND_WORDS),
            *(w for w, _ in _CHANGE_WORDS),
            *_FILLERS,
            *CURRENCY_PREFIXES,
            *_VOCAB["subject"]["trail"],
        },
        key=len,
        reverse=True,
    )
)
#: the two trails as word tables: the longest word that ends a clause, by one set lookup per length
_CHANGE_TRAIL_WORDS = WordTable(_CHANGE_TRAIL)
_SUBJECT_TRAIL_WORDS = WordTable(_SUBJECT_TRAIL)
_CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
#: a time adverbial between a subject and its verb: 市值一天缩水, 营收全年增长
_TRAIL_TIME_RES = tuple(
    re.compile(p)
    for p in (
        r"[一两三四五六七八九十\d]+(?:天|日|年|个月|周|小时)(?:内|来|之内)?$",
        r"(?:单日|当天|当日|全年|年内|一度|曾|的|截至|截止|在)$",
        rf"{_YEAR}$",
        rf"{_SUB_PERIOD}$",
    )
)
#: what is left when the clause before a figure names no thing: never a subject
_FRAGMENT_RE = re.compile(
    r"^(?:较|比|相比|相较|由|从|去年|上年|同期|其中|此外|而|和|与|及|或|以及|同时|的|同比|环比|左右|以上|以下|上下)|^.$"
)
MONEY_HINTS = WordTable(_VOCAB["money_hint"]["words"])


def money_hint_in(text: str) -> bool:
    """True when ``text`` holds a word that makes a bare figure money (营收, 市值, 赔…)."""
    return any(word in text for word in MONEY_HINTS.words)


_USER_HINTS = tuple(_VOCAB["user_hint"].items())


@lru_cache(maxsize=8192)
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
    subject = _strip_lead_time(_strip_lead(clause))
    subject = _strip_trail(subject, _SUBJECT_TRAIL_WORDS)
    subject = _CJK_SPACE_RE.sub("", subject).strip(" “”\"'《》\x00-#、")
    if subject.count("(") != subject.count(")"):
        subject = subject.strip("()")  # a bracket left open by the cut: CPM(千次展示成本)
    return "" if _FRAGMENT_RE.search(subject) else subject


def _row(value, value_max, unit, noun, bound, change, span, sentence, before, previous) -> dict:
    clause = _CLAUSE_RE.split(before)[-1]
    segment = before[previous["end"] :] if previous is not None else before
    subject = _subject(segment)
    if subject and not _ends_with_noun(subject):
        subject = ""  # 就撕开了一个, 前几日甚: a fragment, not a noun phrase
    named_after = _NAMED_AFTER_RE.match(sentence[len(before) + len(span) :])
    if named_after and (not subject or _ends_with_verb(_strip_trail(clause))) and not change_after(named_after.group()):
        subject = named_after.group(1)  # 定下了全年超3万亿元的总成交额目标: the figure names what follows it
    elif subject and _is_one_verb(subject):
        subject = ""  # 吸引了500万名用户: a verb is not what is measured
    if previous is not None and not subject:
        subject = previous["subject"]  # 份额从66%降至44%, 6,090亿元(860亿美元),同比增长10%: the same thing
        actor = previous["actor"]
    else:
        actor = _actor(subject, clause, before, sentence)
    years = [period for end, period in _periods(sentence) if end <= len(before)]
    sign = -1.0 if change == "decrease" else 1.0
    return {
        "value": float(value),
        "value_max": float(value_max),
        "unit": unit,
        "family": UNIT_FAMILY.get(unit, "count"),
        "noun": noun,
        "qualifier": bound,
        "change": change,
        "signed_value": sign * float(value),
        "span": span.strip(),
        "sentence": sentence,
        "subject": subject,
        "actor": actor,
        "year": years[-1].replace(" ", "") if years else "",
        "end": len(before) + len(span),
    }


#: a figure that names what follows it: 3万亿元的总成交额(GMV)目标
_NAMED_AFTER_RE = re.compile(
    r"^的([^,，。;；:：!?！？的\s\d%]{2,14}?)(?=[,，。;；:：!?！？]|$|是|为|将|已|在|达|超|中|也|都|和)"
)


#: verbs that report a level and never name the measured thing (达到30%的新高: the subject is before)
_LEVEL_VERBS = frozenset(_VOCAB["subject"]["level_verbs"])


def _strip_lead(clause: str) -> str:
    """``clause`` less what opens it before its subject (:data:`_LEAD_RES`, each taken once, in order)."""
    at = 0
    for pattern in _LEAD_RES:
        m = pattern.match(clause, at)
        assert m is not None  # every lead pattern is optional, so it matches the empty string
        at = m.end()
    return clause[at:]


def _strip_lead_time(clause: str) -> str:
    """``clause`` less the time words that open it (2024年第三季度, 截至9月30日止的), when it opens with one."""
    opening = _LEAD_TIME_OPEN_RE.match(clause)
    assert opening is not None  # the pattern is optional, so it matches the empty string
    at = opening.end()
    moved = True
    start = at
    while moved:
        moved = False
        for pattern in _LEAD_TIME_PIECES:
            m = pattern.match(clause, at)
            if m and m.end() > at:
                at, moved = m.end(), True
                break
    return clause[at:] if at > start else clause


def _strip_trail_time(clause: str) -> str:
    """``clause`` less the time words that end it (一天内, 全年, 2023年第三季度)."""
    moved = True
    while moved and clause:
        moved = False
        for pattern in _TRAIL_TIME_RES:
            m = pattern.search(clause)
            if m and m.start() < len(clause):
                clause, moved = clause[: m.start()], True
                break
    return clause


@lru_cache(maxsize=4096)
def _periods(sentence: str) -> tuple[tuple[int, str], ...]:
    """The periods stated in ``sentence`` as ``(end, text)``, in order (a year-based one wins where two
    overlap); read once per sentence, each figure takes the last that ends before it."""
    found = sorted(
        [*_YEAR_PERIOD_RE.finditer(sentence), *_QUARTER_PERIOD_RE.finditer(sentence)],
        key=lambda m: (m.start(), -m.end()),
    )
    periods, end = [], -1
    for m in found:
        if m.start() >= end:
            periods.append((m.end(), m.group()))
            end = m.end()
    return tuple(periods)


def _ends_with_verb(phrase: str) -> bool:
    """True when ``phrase`` ends with an action verb (定下, 创下, 花费), not a verb of level (达到, 为)."""
    word = last_word(phrase) if phrase else ""
    return word_tag(word).startswith("v") and word not in _LEVEL_VERBS


def _strip_trail(clause: str, words: WordTable | None = None, *, periods: bool = True) -> str:
    """``clause`` less the ``words`` (longest first; default: bounds, fillers and adverbs) and,
    with ``periods``, the time phrases that end it, until none is left at its end."""
    table = words or _CHANGE_TRAIL_WORDS
    changed = True
    while changed and clause:
        changed = False
        trimmed = _strip_trail_time(clause) if periods else clause
        if trimmed != clause:
            clause, changed = trimmed, True
        ending = table.suffix(clause)
        if ending:
            clause, changed = clause[: -len(ending)], True
    return clause


#: jieba tags of a word that can end a noun phrase: nouns, verbal and adjectival nouns, names, Latin, brackets
#: words jieba may tag as verbs or pronouns that still name what a figure measures (广告收入, 股息每股)
_MEASURE_WORDS = frozenset(_VOCAB["subject"]["measure_words"])
_MEASURE_ENDINGS = tuple(
    sorted({*_MEASURE_WORDS, *_VOCAB["money_hint"]["words"], *(hint for hint, _ in _USER_HINTS)}, key=len, reverse=True)
)
_NOUN_TAGS = ("n", "vn", "an", "eng", "j", "l", "x", "nz", "nr", "ns", "nt", "ng", "i")


def _ends_with_noun(phrase: str) -> bool:
    """True when the last dictionary word of ``phrase`` is a noun (or Latin, a bracket, a measure word)."""
    phrase = phrase.rstrip()
    if not phrase:
        return False
    if phrase.endswith(_MEASURE_ENDINGS):  # 快手2023年营收
        return True
    last = last_word(phrase)
    return (
        word_tag(last).startswith(_NOUN_TAGS)
        or not re.search("[\u4e00-\u9fff]", last)
        or last in _MEASURE_WORDS
        or last in MONEY_HINTS
    )


def _is_one_verb(phrase: str) -> bool:
    """True when ``phrase`` is one dictionary word tagged a verb (or verbal noun: 融资, 优惠)."""
    return bool(phrase) and first_word(phrase) == phrase and word_tag(phrase).startswith("v")


@lru_cache(maxsize=4096)
def sentence_actors(sentence: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every actor mention of a (simplified) sentence as ``(start, end, alias, actor)``, found once."""
    from coopetition.text.actors import _alias_re, actor_aliases

    aliases = actor_aliases()
    return tuple((m.start(), m.end(), m.group(), aliases[m.group()]) for m in _alias_re().finditer(sentence))


def _actor(subject: str, clause: str, before: str, sentence: str) -> str:
    """The firm a figure belongs to: named in its subject, else in its clause, else the
    nearest before it in the sentence; empty rather than a guess."""
    mentions = [m for m in sentence_actors(sentence) if m[1] <= len(before)]
    named = sorted((subject.find(alias), actor) for _, _, alias, actor in mentions if alias in subject)
    if named:
        return named[0][1]
    cut = len(before) - len(clause)
    in_clause = [actor for start, _, _, actor in mentions if start >= cut]
    if in_clause:
        return in_clause[0]
    return mentions[-1][3] if mentions else ""  # a firm named only after the figure owns a later clause


#: rate nouns and the direction they state (增速, 涨幅: increase; 降幅, 跌幅: decrease)
_RATE_NOUNS = {w: label for label, words in _VOCAB["change_noun"].items() for w in words}


def _user_hint(text: str) -> str:
    """The user unit (users, DAU, MAU, fans, merchants) a text names, else ``""``."""
    return next((unit for hint, unit in _USER_HINTS if hint in text), "")


_NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万亿")


def _rate_head(subject: str) -> str:
    """The words of ``subject`` after its last 的 when a noun follows that 的 (增速最快的品类占比为 → 品类占比为:
    the head of the noun phrase), else all of it (营收增速高于行业平均的)."""
    head = subject.rsplit("的", 1)
    if len(head) < 2 or not re.match("[\u4e00-\u9fff]", head[1]) or head[1][0] in _NUMERAL_CHARS:
        return subject  # 较去年同期的15%放缓至: 的 before a figure, no noun it qualifies
    return head[1] if _strip_trail(head[1], _SUBJECT_TRAIL_WORDS) else subject


def rate_direction(subject: str) -> str:
    """``increase``/``decrease`` when ``subject`` names a rate of change (增速, 涨幅, 降幅), else ``""``.
    A rate noun before a 的 that a noun follows qualifies that noun (增速最快的品类占比为: the share of a
    category), so only the words after such a 的 are read."""
    subject = _rate_head(subject)
    found = [(subject.rfind(word), label) for word, label in _RATE_NOUNS.items() if word in subject]
    return max(found)[1] if found else ""


def rate_in_clause(before: str, *, own_figure: bool = False) -> str:
    """The direction of a growth-rate noun in the figure's clause, or in the clause before when the
    figure's own names nothing (同比增速遥遥领先行业,高达35%: the rate is named before the comma) and the
    figure is not ``own_figure``, one that a noun or verb after it makes the measure of something else
    (增速为20%,30%来自海外)."""
    clauses = _CLAUSE_RE.split(before)
    direction = rate_direction(clauses[-1])
    if not direction and not own_figure and len(clauses) > 1 and not _clause_subject(clauses[-1]):
        direction = rate_direction(clauses[-2])
    return direction

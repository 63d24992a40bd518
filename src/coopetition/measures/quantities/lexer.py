"""Stage one of the quantity reader: text → masked text → number phrases.

Two steps, each small:

1. :func:`mask` hides what is never a quantity (dates, years, quarters, ordinals, times of day,
   stock codes, phone numbers, URLs, shopping days), keeping offsets: every hidden character
   becomes ``MASK``.
2. :func:`scan` walks the masked text and, at each place a number may start, reads one
   *number phrase* as a sequence of tokens, each found by a short pattern or a word-table lookup:

   ``[minus] numeral [多|余|几] [multiplier] [remainder] [[unit] dash [minus] numeral [multiplier]]
   [多|余|几] [unit] [多|余] [之间]``

   or one of the written-out forms: a vague magnitude (数万, 上千), 百分之…, a doubling (翻了一番,
   翻了两番) or a colloquial price (9块9). The phrase keeps each token's text and offsets
   (:class:`Phrase`), so the grammar (:mod:`.grammar`) decides what the phrase measures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coopetition.measures.numerals import ARABIC, CHINESE, CHINESE_DIGITS
from coopetition.measures.quantities.lexicon import CLASSIFIERS, CURRENCY_PREFIXES, MULTIPLIERS, UNITS, VOCAB, WordTable
from coopetition.text.patterns import alternation

__all__ = ["MASK", "Phrase", "mask", "may_hold_number", "scan", "match_at", "unwrap"]

MASK = "\x00"

#: what is never a quantity; each match is masked before numbers are read
_YEAR_HEAD = r"(?<!\d)(?:1[89]|20)\d{2}"


def _needed(needs: tuple[str, ...] | re.Pattern | Callable[[str], object]) -> Callable[[str], object]:
    """A test that a text holds any of ``needs``: words (``in``, quicker than a pattern's search for a
    few literal words), a pattern as it is, or a test of its own (two conditions that must both hold)."""
    if isinstance(needs, re.Pattern):
        return needs.search
    if callable(needs):
        return needs

    def holds(text: str, words: tuple[str, ...] = needs) -> bool:
        for word in words:
            if word in text:
                return True
        return False

    return holds


#: what is never a quantity, each with what the text must hold for the pattern to be tried (one of
#: the words, or a match of a short pattern): each match is masked before numbers are read
#: a mobile number or a 400 number written without dashes: what a phone number pattern needs where the
#: text holds no dash (the start of each number is a literal digit: a quick search)
_PHONE_START = re.compile(r"1[3-9]\d{9}|400\d{7}")
#: a clock time's 点 (3点钟, 3点半, 3点15分)
_CLOCK_POINT = re.compile(r"点[钟半\d]")
#: a dash of a range of years (2023-2024年)
_YEAR_DASH = re.compile("[-~至到—]")
#: a Chinese numeral right before 月, 日 or 号: what a day or month written in Chinese numerals needs
_CHINESE_DATE = re.compile("[一二三四五六七八九十][月日号]")
#: what a ranking (前10名) needs after its 前
_RANK_WORD = re.compile("[名位强]")
#: page counters a site prints beside an article (阅读 3.5万, 点赞：1.2万, 全文约3000字, 阅读约需8分钟): a label
#: and a colon or a space before the number (阅读量达10万 has a verb and is read), or the reading length.
#: Cleaning removes the space between a Han label and a digit (阅读 3.5万 点赞 1.2万 -> 阅读3.5万 点赞1.2万):
#: a label glued to its number is a counter only in a run of two or more counters (阅读3.5万 点赞1.2万, 阅读3.5万
#: 评论200); a glued label alone is prose, read (该话题阅读量10亿, 微博话题阅读3.2亿 网友热议, 视频播放10万次)
_COUNTER = VOCAB["page_counter"]
_COUNTER_LABELS = alternation(_COUNTER["labels"], what="quantities.toml: page_counter.labels")
_COUNTER_RE = (
    "(?:"
    + _COUNTER_LABELS
    + r")(?:\s*[:：]\s*|\s+)\d+(?:\.\d+)?\s*[万亿]?\+?次?(?![\d.万亿]|\s*[个条家款项位名年月天元倍%种件人本部场轮])"
)
#: a counter of a run is followed by a space, the end, or the next label's first word (阅读10万+点赞5万; not 点赞200人)
_LABEL_HEADS = alternation({label[:2] for label in _COUNTER["labels"]}, what="quantities.toml: page_counter.labels")
_GLUED_COUNTER_RE = (
    "(?:(?:" + _COUNTER_LABELS + r")\s*[:：]?\s*\d+(?:\.\d+)?[万亿]?\+?次?(?=\s|$|" + _LABEL_HEADS + r")[ \t]*){2,}"
)
_READING_RE = (
    r"(?:全文|本文)(?:共约|共|约|大约)?\s*\d[\d,]*\s*字|(?:阅读(?:约|大约)?需要?|预计阅读时间)(?:约|大约)?\s*\d+\s*分钟"
)
#: a label right before a colon, a space or a digit: what every counter needs (one search, quicker than a test
#: per label)
_COUNTER_NEEDS = re.compile("(?:" + _COUNTER_LABELS + r")[:：\s\d]")
#: a signed percentage glued to its sign (+1.23%, -2.10%): what a quote widget in prose needs
_QUOTE_SIGN = re.compile(r"[-+−▲▼↑↓]\d+(?:\.\d+)?%")
#: the quote of a widget after its name: a signed percentage first (a quote label may stand before it), then
#: numbers with no unit after them
_WIDGET_QUOTE = (
    r"(?=\s*(?:股价|现价)?\s*[-+−▲▼↑↓]\d+(?:\.\d+)?%)(?:\s*(?:股价|现价))?"
    r"(?:\s*[-+−▲▼↑↓]?\$?\d+(?:\.\d+)?%?(?![\d.]*\s*(?:[万亿元%个家]|港[元币]|美[元金])))+"
)


#: a quote widget with a bare code after a Chinese name (腾讯控股 700 +1.2%, 騰訊控股 700 +1.2% 385.2): a signed
#: percentage (a quote label may stand before it), then numbers (cleaning glues the code to the name: 腾讯控股700
#: +1.2%); since the round 5 review it must end its line or be
#: followed by another field of the widget (a quote label with a price, 报128.5; another name with its code and its
#: signed percentage, 美团-W 3690 -2.1%, or with the widget an earlier mask has hidden), not by prose (营收 1500 +12%,超出预期 is read).
#: 一-鿿 is U+4E00-U+9FFF written out (the pattern stays under 200 characters)
_BARE_CODE_WIDGET = (
    r"(?<=[一-鿿])\s*\d{3,5}(?:\s*[股现]价)?\s*[-+−▲▼↑↓]\d[\d.]*%(?:\s+[-+−]?\$?\d[\d.]*%?)*"
    r"(?=[ \t]*(?:\n|$)|[ \t|｜]*(?:(?:报|[现股]价|最新价)\s*\$?\d|[一-鿿A-Za-z]{2,12}(?:-\s?[A-Z]+)?"
    r"\s*(?:\d{3,6}\s*[-+−]\d|\x00)))"
)


def _quote_sign(text: str) -> bool:
    return "%" in text and bool(_QUOTE_SIGN.search(text))


_NOT_QUANTITY_RES = tuple(
    (re.compile(p), _needed(needs))
    for p, needs in (
        (
            r"(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww]{3}\.)[^\s\u4e00-\u9fff,。;)]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]+",
            ("://", "www", "WWW", "@"),
        ),  # URLs, e-mail
        (
            _YEAR_HEAD + r"\s*[-~至到—]\s*(?:1[89]|20)\d{2}\s*财?年",
            lambda t: "年" in t and _YEAR_DASH.search(t),
        ),  # 2023-2024年
        (
            _YEAR_HEAD + r"\s*(?:财年|年度|年|[-/]\s*\d{1,2}(?!\d)(?:\s*[-/]\s*\d{1,2}(?!\d))?)",
            ("年", "-", "/"),
        ),  # years, ISO dates
        (_YEAR_HEAD + r"\.\d{1,2}\.\d{1,2}(?!\d)", (".",)),  # 2024.3.5
        (r"(?<!\d)\d{1,2}\s*(?:月(?!活)|日(?!活)|号)(?:\s*\d{1,2}\s*[日号])?", ("月", "日", "号")),  # 9月30日
        (r"[〇零一二三四五六七八九]{4}\s*年度?", ("年",)),  # 二零二三年
        # a day of the month (五月三日, 三日上午), not a count of days after a verb that lasts or before 内 (连涨三日, 三日内)
        (
            r"[一二三四五六七八九十]{1,3}月(?!活)(?:[一二三四五六七八九十]{1,3}[日号])?|(?<![一二三四五六七八九十涨跌升降连续期达近])"
            r"[一二三四五六七八九十]{1,3}(?:号|日(?!活|内|之内|以内))",
            _CHINESE_DATE,
        ),
        (
            r"(?:前|第)?[一二三四1-4]\s*(?:季度|财季|季)|[Qq]\s*[1-4]|[1-4]\s*[Qq]|(?<![A-Za-z])[Hh][12](?![0-9])",
            ("季", "Q", "q", "H", "h"),
        ),  # quarters, halves
        (
            r"第\s*(?:\d+|[一二三四五六七八九十百千两]+)(?:\s*个\s*(?:\d+|[一二三四五六七八九十两]+)\s*年)?"
            r"|(?:No\.?|NO\.?|Top|TOP|top)\s*\d+",
            ("第", "No", "NO", "Top", "TOP", "top"),
        ),  # ordinals, rankings; the period an ordinal counts (第三个十年, 第二个五年: the third decade)
        (
            r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?|(?<!\d)\d{1,2}\s*点(?:钟|半|\d{1,2}分)",
            lambda t: ":" in t or ("点" in t and _CLOCK_POINT.search(t)),
        ),  # times of day
        (
            r"(?:上午|下午|晚上|凌晨|早上|中午|傍晚|今晚|当晚|晚|早)\s*\d{1,2}\s*点",
            ("点",),
        ),  # 下午3点 (恒指跌85点 is an index move)
        (r"(?<!\d)\d{1,2}\s*点(?=前|后|之前|之后|起|开始)", ("点前", "点后", "点之", "点起", "点开")),  # 12点后: a time
        # a stock code in brackets after a firm's name (腾讯(00700)), with the quote a widget glued after it
        # (美团(03690.HK) +2.35% 128.5): ticker, price change and price are page furniture, not figures
        # (阿里巴巴-SW(09988) 股价 +2.35% 128.5, 騰訊控股(00700) 現價 $385.2 (+1.2%)): a quote label (股价, 现价)
        # with no verb, then numbers with no unit; 股价上涨3% is a sentence, read
        (
            r"[((]\s*\d{4,6}(?:\.HK)?\s*[))](?:\s*(?:股价|现价|报价|最新价)\s*[:：]?(?=\s*[-+−▲▼↑↓(（]?\s*\$?\d))?"
            r"(?:\s*[(（]?\s*[-+−▲▼↑↓]?\s*\$?\d+(?:\.\d+)?%?\s*[)）]?(?![\d.]*\s*[万亿元港美%个家]))*",
            ("(", "\uff08"),
        ),
        # a quote widget glued into prose with no brackets (阿里巴巴-SW 9988 +1.23%, 美团-W 股价 -2.10% 128.5): a
        # share-class suffix, then a signed percentage and numbers with no unit (股价升2.3%报385.2港元 is read)
        # (a 6-digit A-share code too: 中芯国际-U 688981 +2.1%)
        (r"-\s?(?:SW|SWR|W|WR|S|B|U|P|R)(?![A-Za-z])(?:\s*\d{3,6}(?!\d))?" + _WIDGET_QUOTE, _quote_sign),
        # the same with a bare code after the name (腾讯控股 700 +1.2%), ending the line or followed by another
        # field of the widget (营收 1500 +12%,超出预期 is a sentence: read)
        (_BARE_CODE_WIDGET, _quote_sign),
        (_GLUED_COUNTER_RE, _COUNTER_NEEDS),  # a run of counters as cleaning leaves it: 阅读3.5万 点赞1.2万
        (_COUNTER_RE, _COUNTER_NEEDS),  # page counters: 阅读 3.5万, 点赞：1.2万
        (_READING_RE, ("全文", "本文", "阅读")),  # the reading length: 全文约3000字, 阅读约需8分钟
        # short-selling figures of a quote box (沽空金额3.2亿, 沽空比率12.5%)
        (r"沽空(?:金额|比率|比例|额|率)?\s*[:：]?\s*\$?\d+(?:[.,]\d+)*\s*(?:[万亿]|百万)?(?:港?元)?%?", ("沽空",)),
        (
            r"\d{4,6}\s*\.\s*(?:HK|SH|SZ|SS|US|T|KS|hk|sh|sz|ss|us|t|ks)\b|(?:股票代码|证券代码|代码)\s*[::]?\s*[A-Za-z]*\d+",
            (".", "代码"),
        ),  # codes
        (r"(?:HK|SH|SZ|hk|sh|sz)\s?\d{4,6}", ("HK", "SH", "SZ", "hk", "sh", "sz")),  # codes
        (
            r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)400-?\d{3}-?\d{4}(?!\d)",
            lambda t: "-" in t or _PHONE_START.search(t),
        ),  # phone numbers
        (r"双\s*(?:11|12|十一|十二)", ("双",)),  # shopping days
        (
            r"(?:排名|位列|排)?前\s*(?:\d+|[一二三四五六七八九十百千]+)\s*(?:名|位|强)",
            lambda t: "前" in t and _RANK_WORD.search(t),
        ),  # rankings: 前2000名
        (
            r"(?:截至|截止)[^,，。;；]{0,20}?的\s*(?:\d+|[一二三四五六七八九十]+)\s*个月",
            ("截至", "截止"),
        ),  # the twelve months to a date
    )
)

#: a hard line wrap inside a number phrase (超4⏎万亿元, 高达⏎50%): read as a space; not a line that opens
#: with a date (a headline, then "2024年3月,…": two sentences)
_WRAP_RE = re.compile(
    r"(?<=[^。！？!?；;:：\n])\n(?![ \t]*\d{1,4}[ \t]*(?:年\d{0,2}月?|月\d{1,2}日?|[-/.]\d{1,2}[-/.]\d))"
    r"(?=[ \t]*(?:\d|[万亿千百]+[元美港%]|万|亿|兆|元|%|年|个百分点|倍))"
)

#: where a number phrase may start: not inside a Latin word, a decimal, a path or an ordinal;
#: a sign may follow a colon (净利润:-5亿元)
_START_RE = re.compile(
    r"(?<![A-Za-z0-9._/@第\-−])(?<!\d:)(?:[数几上][十百千万亿]|百分之|翻|双倍|一?半|[-−]?\d|[〇零一二两三四五六七八九十百千万亿])"
)
#: what every number phrase starts with, whatever stands before it: a text with none of these holds no phrase
_MAY_START_RE = re.compile(r"[数几上][十百千万亿]|百分之|翻|双倍|半|\d|[〇零一二两三四五六七八九十百千万亿]")
_NUMERAL_RE = re.compile(rf"{ARABIC}|{CHINESE}")
#: a minus written right before the digits (净利润为-5.2亿元); a dash between two numbers is a range
_MINUS_RE = re.compile(r"(?<!%)[-−](?=\d)")
_VAGUE_RE = re.compile(r"([数几上])([十百千万亿]+)")
_PCT_RE = re.compile(rf"百分之({ARABIC}|{CHINESE})")
#: 翻了一番, 翻一倍 (2 x), 翻了两番 (4 x), 双倍 (2 x); 翻倍, 翻番, 翻了个倍 state no numeral and are no
#: quantity (QUANTITIES.md: a span is a number and its unit; stop 28's coders read none of them)
_DOUBLE_RE = re.compile(r"翻了?(?:一倍|([一两三])番)|双倍")
#: 半年, 半个月, 半小时 (half a period: 0.5 of its unit) and 一半 (50%); not 上半年, 下半年, 大半
_HALF_RE = re.compile(r"(?<![上下大多前后])(?:一半|半(?=个?(?:年|月|天|小时|周|星期)))")
#: 三分之二, 四分之一: a fraction, read as a percentage
_FRACTION_RE = re.compile(rf"([{CHINESE_DIGITS}十百]+)分之([{CHINESE_DIGITS}十]+)")
#: 1/9, 1/400: a fraction written with a slash (read as a percentage where the grammar finds one)
_SLASH_RE = re.compile(r"(\d{1,4})/(\d{1,4})(?![\d/.])")
_KUAI_RE = re.compile(rf"(\d+|[{CHINESE_DIGITS}十]+)块([0-9{CHINESE_DIGITS}])(?![0-9万亿.])")  # 9块9: 9.9 yuan
_REST_RE = re.compile(r"\d+(?:[,，]\d{3})*")  # 2兆3000亿元: the remainder after 兆/亿
_DASH_RE = re.compile(r"-|~|～|—|–|至|到")
_SPACE_RE = re.compile(r"\s")

_FUZZY = WordTable(["多", "余", "几"])
_FUZZY_AFTER = WordTable(["多", "余"])
_UNIT_WORDS = WordTable([*UNITS, *CLASSIFIERS])
_MULTIPLIER_WORDS = WordTable(MULTIPLIERS)
_REST_MULTIPLIERS = WordTable(["亿", "千万", "百万", "十万", "万"])
#: 兆 as the metric prefix mega (300兆瓦, 100兆B): a unit of measure, so no multiplier
_MEGA_UNITS = WordTable(VOCAB["mega_unit"]["words"])
#: how far after the first figure a range's dash can start: a space, the longest unit word, a space
_RANGE_REACH = 1 + max(map(len, _UNIT_WORDS.words)) + 1 + 1


@dataclass
class Phrase:
    """One number phrase: its tokens by name (``lo``, ``lomult``, ``unit``…) with their offsets.

    It answers like a regex match (``group``, ``start``, ``end``, ``span``) so the grammar reads
    a token by its name.
    """

    begin: int
    finish: int = 0
    tokens: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def group(self, name: str | int = 0) -> str | None:
        token = self.tokens.get(name)  # type: ignore[arg-type]  # tokens are named: 0 is the whole phrase
        if token is not None:
            return token[2]
        return self.text if name == 0 else None

    def start(self, name: str | None = None) -> int:
        return self.begin if name is None else self.tokens[name][0] if name in self.tokens else -1

    def end(self, name: str | None = None) -> int:
        return self.finish if name is None else self.tokens[name][1] if name in self.tokens else -1

    def span(self) -> tuple[int, int]:
        return self.begin, self.finish

    text: str = ""


class _Reader:
    """A cursor over the masked text that takes one token at a time."""

    def __init__(self, text: str, at: int, phrase: Phrase) -> None:
        self.text, self.at, self.phrase = text, at, phrase

    def take(self, name: str | None, found: str) -> bool:
        if not found:
            return False
        if name:
            self.phrase.tokens[name] = (self.at, self.at + len(found), found)
        self.at += len(found)
        return True

    def pattern(self, name: str | None, regex: re.Pattern) -> re.Match | None:
        m = regex.match(self.text, self.at)
        if m and m.end() > self.at:
            self.take(name, m.group())
            return m
        return None

    def space(self) -> None:
        if self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def multiplier(self, name: str) -> None:
        """The multiplier here, whole where a space splits it (1万 亿元: 万亿, from spaced page text): the
        token holds the word as listed, its offsets cover the space."""
        found = _multiplier(self.text, self.at)
        after = self.at + len(found)
        if found and self.text[after : after + 1] == " ":
            rest = _multiplier(self.text, after + 1)
            if rest and found + rest in _MULTIPLIER_WORDS.words:
                self.phrase.tokens[name] = (self.at, after + 1 + len(rest), found + rest)
                self.at = after + 1 + len(rest)
                return
        self.take(name, found)

    def word(self, name: str, table: WordTable) -> str:
        found = table.prefix(self.text, self.at)
        self.take(name, found)
        return found


def _multiplier(text: str, at: int) -> str:
    """The multiplier at ``text[at]``; 兆 only where no unit of measure follows (300兆瓦 is mega)."""
    found = _MULTIPLIER_WORDS.prefix(text, at)
    if found.endswith("兆"):
        after = at + len(found)
        if _MEGA_UNITS.prefix(text, after) or (after < len(text) and text[after].isascii() and text[after].isalpha()):
            return ""
    return found


def _general(r: _Reader) -> bool:
    """``[minus] numeral [fuzzy] [multiplier] [remainder] [range]``: the common phrase."""
    r.pattern("minus", _MINUS_RE)
    if not r.pattern("lo", _NUMERAL_RE):
        return False
    r.space()
    r.word("lofuzzy", _FUZZY)
    r.multiplier("lomult")
    lomult = r.phrase.group("lomult") or r.phrase.group("lo")
    if lomult and lomult[-1] in "兆亿":  # 2兆3000亿元, 3亿5000万元
        mark = r.at
        if r.pattern("rest", _REST_RE) and not r.word("restmult", _REST_MULTIPLIERS):
            r.at = mark
            r.phrase.tokens.pop("rest")
    _range(r)
    return True


def _range(r: _Reader) -> None:
    """``[unit] dash [minus] numeral [multiplier]``: the top of a range, all or nothing."""
    if _DASH_RE.search(r.text, r.at, r.at + _RANGE_REACH) is None:
        return  # no dash within reach (a space, the longest unit, a space): no range, nothing taken
    mark, saved = r.at, dict(r.phrase.tokens)
    r.space()
    r.word("lounit", _UNIT_WORDS)
    r.space()
    dash = r.pattern("dash", _DASH_RE)
    if dash:
        r.space()
        if dash.group() in "至到~～":
            r.pattern("himinus", _MINUS_RE)
        if r.pattern("hi", _NUMERAL_RE):
            r.space()
            r.multiplier("himult")
            return
    r.at, r.phrase.tokens = mark, saved


#: what 点 may not stand before to be an index level's unit (点赞, 点击: a counter's label)
_POINT_NOT_BEFORE = frozenset(VOCAB["grammar"]["point_not_before"])


def _tail(r: _Reader) -> None:
    """``[多|余|几] [unit] [多|余] [之间]``: what follows every phrase."""
    r.word("fuzzy", _FUZZY)
    r.space()
    mark = r.at
    if r.word("unit", _UNIT_WORDS) == "点" and r.text[r.at : r.at + 1] in _POINT_NOT_BEFORE:
        r.at = mark
        r.phrase.tokens.pop("unit")
    r.word("fuzzy2", _FUZZY_AFTER)
    r.take("between", "之间" if r.text.startswith("之间", r.at) else "")


def _vague(r: _Reader, m: re.Match) -> None:  # 数万, 上千
    r.take(None, m.group())
    r.phrase.tokens |= {"vague": (m.start(1), m.end(1), m.group(1)), "vmult": (m.start(2), m.end(2), m.group(2))}


def _percent(r: _Reader, m: re.Match) -> None:  # 百分之二十五
    r.take(None, m.group())
    r.phrase.tokens["pct"] = (m.start(1), m.end(1), m.group(1))


def _double(r: _Reader, m: re.Match) -> None:  # 翻了一番, 翻了两番, 双倍
    r.take("double", m.group())
    if m.group(1):
        r.phrase.tokens["fan"] = (m.start(1), m.end(1), m.group(1))


def _fraction(r: _Reader, m: re.Match) -> None:  # 三分之二
    r.take(None, m.group())
    r.phrase.tokens |= {
        "denominator": (m.start(1), m.end(1), m.group(1)),
        "numerator": (m.start(2), m.end(2), m.group(2)),
    }


def _slash(r: _Reader, m: re.Match) -> None:  # 1/9
    r.take(None, m.group())
    r.phrase.tokens |= {
        "numerator": (m.start(1), m.end(1), m.group(1)),
        "denominator": (m.start(2), m.end(2), m.group(2)),
        "slash": (m.start(), m.end(), m.group()),
    }


def _half(r: _Reader, m: re.Match) -> None:  # 一半, 半年
    r.take("half", m.group())


def _kuai(r: _Reader, m: re.Match) -> None:  # 9块9
    r.take(None, m.group())
    r.phrase.tokens |= {"kuai": (m.start(1), m.end(1), m.group(1)), "jiao": (m.start(2), m.end(2), m.group(2))}


#: the written-out forms, tried in order before the common phrase: (a cheap test that the form may
#: start at ``text[at]``, its pattern, the reader that takes its tokens)
_WRITTEN_OUT = (
    (lambda text, at: text[at] in "数几上", _VAGUE_RE, _vague),
    (lambda text, at: text.startswith("百分之", at), _PCT_RE, _percent),
    (lambda text, at: text[at] in "翻双", _DOUBLE_RE, _double),
    (lambda text, at: "分之" in text[at + 1 : at + 5], _FRACTION_RE, _fraction),
    (lambda text, at: text[at] in "一半", _HALF_RE, _half),
    (lambda text, at: "/" in text[at + 1 : at + 6], _SLASH_RE, _slash),
    (lambda text, at: "块" in text[at + 1 : at + 6], _KUAI_RE, _kuai),
)

#: an ASCII digit starts most phrases: of the written-out forms only 1/9 and 9块9 can start with one
_DIGITS = frozenset("0123456789")
_AFTER_DIGITS = _WRITTEN_OUT[-2:]


def match_at(text: str, at: int, *, checked: bool = False) -> Phrase | None:
    """The number phrase starting exactly at ``text[at]``, else ``None`` (``checked``: the caller has
    already found that a phrase may start there)."""
    if not checked and _START_RE.match(text, at) is None:
        return None
    phrase = Phrase(at)
    r = _Reader(text, at, phrase)
    for may_start, pattern, read in _WRITTEN_OUT if text[at] not in _DIGITS else _AFTER_DIGITS:
        if may_start(text, at) and (m := pattern.match(text, at)) is not None:
            read(r, m)
            break
    else:
        if not _general(r):
            return None
    if phrase.group("half") != "一半":
        _tail(r)
    phrase.finish = r.at
    phrase.text = text[at : r.at]
    return phrase


#: a Chinese numeral that alone is a bare number (not 万, 亿: 过亿 reads a bare 亿)
_LONE_NUMERALS = frozenset(CHINESE_DIGITS + "十百千")
#: the first characters of whatever can extend a phrase past its first numeral: another numeral or a
#: decimal point, a multiplier, a unit or classifier, a fuzzy word, a range, the written-out 一半, 三分之二, 三块五
_EXTENDS = frozenset(
    {word[0] for word in (*UNITS, *CLASSIFIERS, *MULTIPLIERS, *_FUZZY.words, "之间") if word}
    | set(CHINESE_DIGITS + "十百千万亿兆点半分块")
    | set("0123456789-~～—–至到.,，/")
)
_ARABIC_RE = re.compile(ARABIC)
#: how far before a numeral a currency written before an amount (人民币, US$) can make it money: the
#: longest currency word, the longest bound word between (人民币约三…, 美元超过…) and spaces around it
_CURRENCY_REACH = 12
#: any currency word written before an amount (one search of the window instead of a test per word)
_CURRENCY_PREFIX_RE = re.compile(alternation(CURRENCY_PREFIXES))


def _lone_numeral(text: str, at: int) -> bool:
    """True when ``text[at]`` starts a numeral that nothing extends and no currency precedes (一起, 统一,
    唯一; list markers, 618, H100): its phrase would be the numeral alone, a bare number the grammar
    never reads."""
    if text[at] in _DIGITS:
        m = _ARABIC_RE.match(text, at)
        end = m.end() if m else at + 1
    elif text[at] in _LONE_NUMERALS:
        end = at + 1
    else:
        return False
    after = text[end : end + 1]
    if after and (after in _EXTENDS or after.isspace()):
        return False
    start = at
    while start and text[start - 1] in " \x00":  # the grammar reads a currency past spaces and masks
        start -= 1
    window = text[max(0, start - _CURRENCY_REACH) : start]
    return _CURRENCY_PREFIX_RE.search(window) is None


def scan(text: str, at: int = 0) -> Phrase | None:
    """The first number phrase at or after ``text[at]`` that the grammar may read, else ``None``: a lone
    Chinese numeral that nothing extends (:func:`_lone_numeral`) is passed over."""
    for start in _START_RE.finditer(text, at):
        if _lone_numeral(text, start.start()):
            continue
        phrase = match_at(text, start.start(), checked=True)
        if phrase is not None:
            return phrase
    return None


def may_hold_number(text: str) -> bool:
    """False when no number phrase can start anywhere in ``text`` (no numeral, 百分之, 翻倍, 一半…): the
    reader then has nothing to read, masked or not."""
    return _MAY_START_RE.search(text) is not None


def mask(sentence: str) -> str:
    """``sentence`` with every non-quantity (date, code, URL…) replaced by ``MASK``, offsets kept."""
    for pattern, needs in _NOT_QUANTITY_RES:
        if needs(sentence):
            sentence = pattern.sub(_masked, sentence)
    return sentence


def _masked(m: re.Match) -> str:
    return MASK * len(m.group())


def unwrap(text: str) -> str:
    """``text`` with hard line wraps inside number phrases read as spaces (same length)."""
    return _WRAP_RE.sub(" ", text) if "\n" in text else text

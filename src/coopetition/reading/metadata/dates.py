"""Metadata, dates: labelled dates, datelines, month names and ROC years; stated dates."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from coopetition._check import require_text
from coopetition.reading.metadata.head import read_head
from coopetition.reading.metadata.rules import COPYRIGHT_MARKS, DATE_RE, metadata_rules, normalize_text, texts_re

if TYPE_CHECKING:
    from coopetition.reading.metadata.head import Line
    from coopetition.reading.metadata.rules import MetadataRules

# --- dates ----------------------------------------------------------------------------


#: a date written with a month name ("15 Mar 2024", "March 15, 2024"): read by dateparser, only on such lines
_MONTH_NAME_DATE_RE = re.compile(
    r"(?<![A-Za-z\d])(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+(?:19|20)\d{2}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})(?![\d])"
)
#: a date of the Republic of China calendar (Taiwan): 民国113年3月15日 is 2024-03-15
_ROC_DATE_RE = re.compile(r"民国\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: a day-first date: "18 12 月, 2025" (a WordPress theme's Chinese locale), "18/12/2025" (Hong Kong):
#: read by dateparser (day, month, year order), only on such lines
_DAY_FIRST_DATE_RE = re.compile(
    r"(?<![\d/.-])\d{1,2}\s*(?:/|-|\.|\s)\s*\d{1,2}\s*(?:月\s*,?|/|-|\.)\s*(?:19|20)\d{2}(?![\d/.-])"
)
#: a numeric date of the ROC calendar (Taiwan): 114/12/18 is 2025-12-18
_ROC_NUMERIC_RE = re.compile(r"(?<![\d/.])(1\d{2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d/.])")
#: the longest line read for the rare forms (day first, ROC numeric): a dateline or a labelled meta line
_RARE_FORM_CHARS = 80
#: a month and day without a year: "12月18日 10:32"; the year comes from the page's copyright line
_MONTH_DAY_RE = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COPYRIGHT_YEAR_RE = re.compile(r"(?:©|\(c\)|copyright|版权)\D{0,12}((?:19|20)\d{2})(?:\s*-\s*((?:19|20)\d{2}))?", re.I)
#: a weekday: a date with one on the page's first line, above the headline, is the site's clock
#: ("星期四, 18 12 月, 2025" in a theme's top bar: the day of the crawl), not the article's date
_WEEKDAY_RE = re.compile(
    r"星期[一二三四五六日天]|周[一二三四五六日]|礼拜[一二三四五六日天]|\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
)
_DIGIT_RE = re.compile(r"\d")
#: a stored page's date marker opening the text: " date 2024-03-15"
_DATE_MARKER_RE = re.compile(r"^\s*date\s+((?:19|20)\d{2}-\d{2}-\d{2})\b")
#: what follows a dateline's date when the lede is glued to it: a time, a wire's 消息/电/讯
_DATELINE_AFTER_RE = re.compile(r"\s*(\d{1,2}:\d{2}|(早间|午间|晚间|上午|下午|晚)?\s*(消息|电|讯)|\s)")
#: an outlet or place before a glued dateline's date: short, no punctuation or digits
_DATELINE_BEFORE_RE = re.compile(r"^[A-Za-z\u4e00-\u9fff·\s]{0,12}$")


@functools.lru_cache(maxsize=8)
def _date_parser(languages: tuple[str, ...], order: tuple[tuple[str, str], ...]):
    """A dateparser parser for ``languages`` that requires a full date, made once: building one
    (what ``dateparser.parse`` does on every call) costs ten times the parse."""
    from dateparser.date import DateDataParser  # only pages with such a date pay for the import

    return DateDataParser(
        languages=list(languages), settings={"REQUIRE_PARTS": ["day", "month", "year"], **dict(order)}
    )


def _parsed_dates(
    line: str, pattern: re.Pattern, languages: tuple[str, ...], order: tuple[tuple[str, str], ...]
) -> list[tuple[int, str]]:
    """``(offset, ISO)`` of each match of ``pattern`` in ``line`` that dateparser reads as a full date."""
    if not pattern.search(line):
        return []
    parser = _date_parser(languages, order)
    found = []
    for match in pattern.finditer(line):
        parsed = parser.get_date_data(match.group(0)).date_obj
        if parsed is not None:
            found.append((match.start(), parsed.date().isoformat()))
    return found


#: what every month-name date holds (a capital, then a small letter): a line without it is searched no further
_MONTH_NAME_HINT_RE = re.compile(r"[A-Z][a-z]")


def _month_name_dates(line: str) -> list[tuple[int, str]]:
    """``(offset, ISO)`` of each month-name date of ``line`` (``15 Mar 2024``, ``March 15, 2024``)."""
    if not _MONTH_NAME_HINT_RE.search(line):
        return []  # most Chinese lines: the month-name search, tried at every position, is ten times slower
    return _parsed_dates(line, _MONTH_NAME_DATE_RE, ("en",), (("PREFER_DAY_OF_MONTH", "first"),))


def _day_first_dates(line: str) -> list[tuple[int, str]]:
    """``(offset, ISO)`` of each day-first date of ``line`` (``18 12 月, 2025``, ``18/12/2025``)."""
    return _parsed_dates(line, _DAY_FIRST_DATE_RE, ("zh", "en"), (("DATE_ORDER", "DMY"),))


def _all_dates(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, ISO)`` of every full date of ``line``: numeric and 年月日 forms, the
    ROC calendar, month names. A date that does not exist (2023-02-30) is no date."""
    if not _DIGIT_RE.search(line):
        return []  # every form holds a digit: most lines stop here
    found = []
    for match in DATE_RE.finditer(line):
        try:
            found.append((match.start(), match.end(), dt.date(*(int(g) for g in match.groups())).isoformat()))
        except ValueError:
            continue
    if "民国" in line:
        for match in _ROC_DATE_RE.finditer(line):
            year, month, day = (int(g) for g in match.groups())
            try:
                found.append((match.start(), match.end(), dt.date(year + 1911, month, day).isoformat()))
            except ValueError:
                continue
    found.extend((start, -1, iso) for start, iso in _month_name_dates(line))  # end -1: a month-name date
    if found or len(line) > _RARE_FORM_CHARS:
        return sorted(found)  # day-first and ROC numeric forms: only on a short line with no common form
    found.extend((start, -1, iso) for start, iso in _day_first_dates(line))  # … or a day-first one
    for match in _ROC_NUMERIC_RE.finditer(line):
        roc_year, _, roc_month, roc_day = match.groups()
        try:
            found.append((match.start(), -1, dt.date(int(roc_year) + 1911, int(roc_month), int(roc_day)).isoformat()))
        except ValueError:
            continue
    return sorted(found)


def _month_day_date(head: list[Line], tail: list[Line], rules: MetadataRules) -> str:
    """A dateline's month and day (``12月18日 10:32``) with the year of the page's copyright line
    (``© 2025 某某网``, the later year of a range), or ``""`` when the page prints no such year."""
    days = [
        (int(match.group(1)), int(match.group(2)))
        for line in head
        if "月" in line.text and rules.dateline_shaped(line.text) and not rules.update_label.search(line.text)
        for match in _MONTH_DAY_RE.finditer(line.text)
    ]
    if not days:  # most pages: no month and day on a dateline, no copyright line to read
        return ""
    years = [
        int(match.group(2) or match.group(1))
        for line in (*head, *tail)
        if any(mark in line.text for mark in COPYRIGHT_MARKS)
        for match in _COPYRIGHT_YEAR_RE.finditer(line.text)
    ]
    for month, day in days if years else ():
        try:
            return dt.date(max(years), month, day).isoformat()
        except ValueError:
            continue
    return ""


def _ranked_dates(line: str, *, rules: MetadataRules) -> tuple[tuple[int, str], ...]:
    """:func:`_ranked_line_dates`, read once per line and rule set: the headline's furniture test and
    the date ask for the same head lines."""
    return _ranked_line_dates(line, rules)


@functools.lru_cache(maxsize=4096)
def _ranked_line_dates(line: str, rules: MetadataRules) -> tuple[tuple[int, str], ...]:
    """``(rank, ISO)`` of the publication dates a head or tail line states: rank 0 for a
    stored date marker or a date labelled as the publication (发布时间:, 发表于, 日期:),
    1 for a date on a dateline (a short line that is not prose, or a date opening a
    line or glued after a short outlet name and before a time or 消息/电/讯). Never a
    date labelled as an update (更新时间, 最后更新), nor one inside a sentence."""
    marker = _DATE_MARKER_RE.match(line)
    if marker:
        return ((0, iso_date(marker.group(1))),)
    found = []
    is_dateline = rules.dateline_shaped(line)
    for start, end, iso in _all_dates(line):
        before = line[max(0, start - 12) : start]
        if rules.update_label.search(before):
            continue
        if rules.publish_label.search(before):
            found.append((0, iso))
        elif end < 0:  # a month-name date on a dateline, not a quoted post's signature ("— 某人 (@x) February 2, 2021")
            if is_dateline and "@" not in line and not line.startswith(("—", "-", "–")):
                found.append((1, iso))
        elif is_dateline or _glued_dateline(line, start, end):
            found.append((1, iso))
    return tuple(found)


def _glued_dateline(line: str, start: int, end: int) -> bool:
    """A dateline glued to its lede: ``2026-01-25某某…`` (a numeric date opening the line,
    not before a comma), ``某某网2021年4月10日早间消息 …`` (after a short name, before a
    wire's 消息/电/讯 or a time)."""
    after = line[end:].removeprefix("日")
    if start == 0 and not after.startswith((",", ",")) and line[4:5] in ("-", "/", "."):
        return True
    return bool(
        _DATELINE_BEFORE_RE.match(line[:start])
        and _DATELINE_AFTER_RE.match(after)
        and (start == 0 or not after[:1].isspace())
    )


def _dates_in(line: str, *, rules: MetadataRules) -> list[str]:
    """The publication dates a head or tail line states (see :func:`_ranked_dates`)."""
    return [iso for _, iso in _ranked_dates(line, rules=rules)]


def iso_date(value: str) -> str:
    """The first full date (year, month, day) in ``value`` as ISO, or ``""``.

    Example:
        >>> iso_date("2023年12月29日 10:05"), iso_date("2023/2/30"), iso_date("去年")
        ('2023-12-29', '', '')
    """
    for match in DATE_RE.finditer(require_text(value, "value")):
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            continue
    return ""


_COMPACT_DATE_RE = re.compile(r"^\s*((?:19|20)\d{2})(\d{2})(\d{2})\s*$")
_EPOCH_RE = re.compile(r"^\s*\d{9,10}(\d{3})?(\.\d+)?\s*$")
#: epoch times in dumps are read in China Standard Time, the zone of the outlets this package reads
_CST = dt.timezone(dt.timedelta(hours=8))


def stated_date(value: object) -> str:
    """A date field of a record or page as ISO, or ``""``: any form :func:`iso_date`
    reads, a compact ``20231229``, or epoch seconds or milliseconds (read in UTC+8).

    Example:
        >>> stated_date("20231229"), stated_date(1703814300), stated_date("1703814300000"), stated_date("昨天")
        ('2023-12-29', '2023-12-29', '2023-12-29', '')
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    text = require_text(value, "value")
    compact = _COMPACT_DATE_RE.match(text)
    if compact:
        return iso_date("-".join(compact.groups()))
    if _EPOCH_RE.match(text):
        seconds = float(text) / (1000 if len(text.strip().split(".")[0]) == 13 else 1)
        return dt.datetime.fromtimestamp(seconds, _CST).date().isoformat()
    return iso_date(text)


def _date(head: list[Line], tail: list[Line], rules: MetadataRules, raw: str = "") -> str:
    ranked = [
        (rank, i, iso)
        for i, line in enumerate(head)
        for rank, iso in _ranked_dates(line.text, rules=rules)
        if rank == 0 or i > 0 or len(head) < 3 or not _WEEKDAY_RE.search(line.text)  # not the site's clock
    ]
    if raw and not any(rank == 0 for rank, _, _ in ranked):  # no labelled date in the head: read a little further
        ranked += [
            (0, len(head) + i, iso)
            for i, line in enumerate(_labelled_lines(raw, rules))
            for rank, iso in _ranked_dates(line, rules=rules)
            if rank == 0
        ]
    if ranked:
        return min(ranked)[2]  # a labelled date first, then the first dateline
    in_tail = {d for line in tail for d in _dates_in(line.text, rules=rules)}
    if len(in_tail) == 1:
        return in_tail.pop()
    return "" if in_tail else _month_day_date(head, tail, rules)  # several dates close a page of related links


_DATE_LABEL_HINTS = ("时间", "日期", "发布", "发表", "時間", "發佈", "發布", "發表", "Published", "published", "date")
#: any of the hints, found by one search (a line holds one exactly when this finds it)
_DATE_LABEL_HINT_RE: re.Pattern = texts_re(_DATE_LABEL_HINTS) or re.compile("(?!)")  # (no hints: matches nothing)


def _labelled_lines(raw: str, rules: MetadataRules) -> list[str]:
    """The lines just beyond the head (up to ``rules.date_lines`` non-empty lines) that may hold
    a labelled publication date, normalised; a page's meta line often stands under a long menu."""
    lines = [
        line
        for line in raw.split("\n", rules.date_lines + rules.head_lines)[: rules.date_lines + rules.head_lines]
        if line.strip()
    ]
    more = [
        line[: rules.line_chars]
        for line in lines[rules.head_lines : rules.date_lines]
        if _DATE_LABEL_HINT_RE.search(line)
    ]
    return normalize_text("\n".join(more)).split("\n") if more else []


def find_date(raw: str, *, rules: MetadataRules | None = None) -> str:
    """The publication date an article states, as ISO, or ``""``.

    The first dateline in the head (a short line that is not prose, or a date
    labelled ``发布时间:``/``发表于``), wherever it stands among the first
    ``rules.head_lines`` non-empty lines; a date labelled as an update
    (``更新时间``, ``最后更新``, ``修改于``) is skipped, and a date inside a
    sentence is an event, not the dateline. Else the one date of the tail (a
    closing ``2023年12月29日``); several dates there are related links.

    Example:
        >>> find_date("京东和微信合作\\n更新时间:2015-07-01\\n2015-06-09|HiShop\\n4月,京东与微信达成合作。")
        '2015-06-09'
    """
    rules = metadata_rules() if rules is None else rules
    return _date(*read_head(raw, rules=rules), rules, raw)

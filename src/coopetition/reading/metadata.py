"""Metadata from the text itself: title, outlet, date and author of an article with no catalog row.

The rules read the raw text (decoded, simplified, width-folded, pinyin glosses
removed), not the cleaned text: cleaning removes the very lines that carry
credits, bylines and datelines. They look only where such lines stand — the
head of the article (its first non-empty lines) and its tail (closing
credits) — never the middle, so a source merely quoted in the body
(``据路透社报道``) is never taken for the outlet. The patterns are data, in
``data/metadata.toml``, with the conventions they come from.

- title: the best-scoring head line (:func:`title_candidates`: position, shape,
  furniture signs and repetition, weighted by a logistic regression fitted on
  real pages of many sites, ``data/title_model.toml``); ``""`` when none scores
  above the model's threshold. Never a paragraph, never with ``#``.
- outlet: the first credit in the head (``来源:X`` anywhere on a line, ``本文由X授权``,
  ``以下文章来源于X``, ``出品|X``, ``X讯``, ``《X》独家获悉``, ``X记者``); then credits
  at positions that section labels and slogans share (``【X】``, ``(X)`` opening the
  lede, ``X M月D日消息``, ``X/记者``, a name beside a date), kept only when the
  gazetteer ``data/outlets.tsv`` knows the name; else a closing credit
  (``文章为X原创``, ``X出品内容``); else a head line that is a known outlet's name.
- date: a labelled publication date (``发布时间:``), else the first dateline in the
  head (a short line, a date opening a line, a glued ``X2021年4月10日消息``), in
  numeric, 年月日, month-name (dateparser) and ROC forms; update times skipped;
  else a single date in the tail.
- author: ``作者|X``, ``文丨X``, ``记者 X``, ``撰文/X`` with any separator; the names
  stop at the word holding the next label (``上海报道``, ``某某新闻编辑``).
- stated fields (a page's or record's title, site and author) pass the same rules:
  a stated author is read as a byline, a page title is no site name.

Emphasis is no part of a line: ``**X**``, ``*X*`` and ``_X_`` read as ``X``; an
italic line right under an image is its caption, never the article's credit.

Example:
    >>> extract_metadata("# 京东与阿里竞争加剧\\n来源:证券日报\\n2023-12-29 10:05\\n文丨张三 编辑丨李四\\n正文。")["outlet"]
    '证券日报'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import tomllib
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from coopetition._check import require_text
from coopetition._data import read_text
from coopetition.text.clean import compose, fold_width, holds_one, normalize_newlines, required_texts, strip_reading_annotations, to_simplified

__all__ = [
    "MetadataRules",
    "load_metadata_rules",
    "RULES",
    "Gazetteer",
    "load_outlets",
    "OUTLETS",
    "extract_metadata",
    "find_title",
    "title_candidates",
    "TITLE_FEATURES",
    "TitleModel",
    "load_title_model",
    "find_outlet",
    "self_named_outlet",
    "find_date",
    "find_author",
    "site_from_page_title",
    "page_head_fields",
    "iso_date",
    "stated_date",
    "normalize_text",
    "METADATA_FIELDS",
]

#: the metadata columns this module fills
METADATA_FIELDS = ("title", "outlet", "site", "date", "author", "url")

DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?!\d)")
_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)?")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"\*\*|__")
_LIST_MARK_RE = re.compile(r"^(?:>\s*|[*+\-]\s+(?:_\d+_\s*)?)+")
_ITALIC_RE = re.compile(r"^_(.+)_$|^\*(.+)\*$")  # single emphasis, after "**" and "__" are gone
_MIDDOT_RE = re.compile(r"(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])")
_SPACES_RE = re.compile(r"\s+")
_NAME_SPLIT_RE = re.compile(r"[、,;/|丨和&]+")
#: what ends a word of a byline: the word holding a label is cut whole ("每日经济新闻编辑", "上海报道")
_WORD_END_RE = re.compile(r"[\s、,;/|丨&()]")

#: raw text → the form metadata rules read: LF line ends, no pinyin glosses, simplified, width-folded
normalize_text = compose(normalize_newlines, strip_reading_annotations, to_simplified, fold_width)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the line caches key on it
class MetadataRules:
    """Compiled metadata rules: see ``data/metadata.toml`` for their meaning."""

    head_lines: int
    date_lines: int
    tail_lines: int
    line_chars: int
    title_chars: int
    long_line_chars: int
    site_chars: int
    site_separator: re.Pattern
    title_furniture: tuple[re.Pattern, ...]
    title_strip: tuple[re.Pattern, ...]
    outlet_head: tuple[re.Pattern, ...]
    outlet_guarded: tuple[re.Pattern, ...]
    outlet_after_dateline: tuple[re.Pattern, ...]
    outlet_tail: tuple[re.Pattern, ...]
    strong_suffixes: tuple[str, ...]
    standalone_chars: int
    quoted_before: tuple[str, ...]
    not_outlets: frozenset[str]
    outlet_strip: tuple[re.Pattern, ...]
    self_reference: tuple[re.Pattern, ...]
    self_mentions: int
    update_label: re.Pattern
    publish_label: re.Pattern
    dateline_chars: int
    prose_marks: re.Pattern
    author_patterns: tuple[re.Pattern, ...]
    author_stop: re.Pattern
    author_name: re.Pattern
    author_prose: re.Pattern


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"metadata rule {where} = {pattern!r} does not compile: {exc}") from None


def load_metadata_rules(source: str | None = None) -> MetadataRules:
    """Read and compile the metadata rules from TOML text (default: the packaged ``metadata.toml``).

    Raises:
        ValueError: naming the rule when a pattern does not compile.
    """
    spec = tomllib.loads(source if source is not None else read_text("metadata.toml"))
    limits, title, outlet, date, author = (spec[k] for k in ("limits", "title", "outlet", "date", "author"))
    suffix = "|".join(sorted(map(re.escape, outlet["suffixes"]), key=len, reverse=True))

    def many(table: dict, key: str) -> tuple[re.Pattern, ...]:
        return tuple(_compile(p.replace("{suffix}", suffix), key) for p in table[key])

    return MetadataRules(
        head_lines=limits["head_lines"],
        date_lines=limits["date_lines"],
        tail_lines=limits["tail_lines"],
        line_chars=limits["line_chars"],
        title_chars=limits["title_chars"],
        long_line_chars=limits["long_line_chars"],
        site_chars=limits["site_chars"],
        site_separator=_compile(title["site_separator"], "site_separator"),
        title_furniture=many(title, "furniture"),
        title_strip=many(title, "strip"),
        outlet_head=many(outlet, "head"),
        outlet_guarded=many(outlet, "guarded_head"),
        outlet_after_dateline=many(outlet, "after_dateline"),
        outlet_tail=many(outlet, "tail"),
        strong_suffixes=tuple(outlet["strong_suffixes"]),
        standalone_chars=outlet["standalone_chars"],
        quoted_before=tuple(outlet["quoted_before"]),
        not_outlets=frozenset(outlet["not_outlets"]),
        outlet_strip=many(outlet, "strip"),
        self_reference=many(outlet, "self_reference"),
        self_mentions=outlet["self_mentions"],
        update_label=_compile(date["update_labels"], "update_labels"),
        publish_label=_compile(date["publish_labels"], "publish_labels"),
        dateline_chars=date["dateline_chars"],
        prose_marks=_compile(date["prose_marks"], "prose_marks"),
        author_patterns=many(author, "patterns"),
        author_stop=_compile(author["stop_labels"], "stop_labels"),
        author_name=_compile(author["name"], "name"),
        author_prose=_compile(author["prose_marks"], "prose_marks"),
    )


RULES = load_metadata_rules()


# --- the outlet gazetteer -----------------------------------------------------------------

#: what a portal or outlet appends to its name for a channel: "环球网科技" is 环球网's tech desk
_CHANNEL_WORDS = ("科技", "财经", "综合", "频道", "客户端", "APP", "app", "新闻", "资讯", "娱乐", "体育", "汽车", "国际")
_OUTLET_KINDS = frozenset({"agency", "paper", "broadcaster", "portal", "tech", "business", "self_media", "hk", "macau", "tw", "overseas"})
_REGIONS = frozenset({"mainland", "hk", "macau", "tw", "overseas"})


_KEY_DROP_RE = re.compile(r"[\s《》“”\"'·.]")


def _outlet_key(name: str) -> str:
    """The form two outlet names are compared in: no spaces or quotes, Latin lower-cased. The
    gazetteer holds each name as written and simplified, so a lookup needs no OpenCC pass."""
    return _KEY_DROP_RE.sub("", name).lower()


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Known news outlets: every name and alias (either script) → the outlet's name, simplified."""

    names: dict[str, str]

    def canonical(self, name: str) -> str:
        """The outlet ``name`` names (its row's name, simplified), or ``""`` when it is not known."""
        return self.names.get(_outlet_key(name), "")

    def known_prefix(self, name: str) -> str:
        """The longest known outlet ``name`` starts with when the rest is a channel word
        (``环球网科技`` → ``环球网``), else ``""``."""
        for cut in range(len(name) - 1, 1, -1):
            head, rest = name[:cut], name[cut:]
            if rest in _CHANNEL_WORDS and self.canonical(head):
                return head
        return ""


def load_outlets(source: str | None = None, *, where: str = "outlets.tsv") -> Gazetteer:
    """Read the outlet gazetteer (default: the packaged ``data/outlets.tsv``).

    Raises:
        ValueError: naming the file and line of a row without four columns, an empty name,
            or an unknown kind or region.
    """
    text = source if source is not None else read_text("outlets.tsv")
    names: dict[str, str] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if cells != ["name", "aliases", "kind", "region"]:
                raise ValueError(f"{where}: line {number}: the header must be name, aliases, kind, region (tab-separated), not {line!r}")
            header_seen = True
            continue
        if len(cells) != 4 or not cells[0].strip():
            raise ValueError(f"{where}: line {number}: a row needs a name and four tab-separated columns, not {line!r}")
        name, aliases, kind, region = (c.strip() for c in cells)
        if kind not in _OUTLET_KINDS or region not in _REGIONS:
            raise ValueError(f"{where}: line {number}: kind {kind!r} / region {region!r} is not one of {sorted(_OUTLET_KINDS)} / {sorted(_REGIONS)}")
        canonical = normalize_text(name)
        for form in (name, *aliases.split("｜")):
            if form.strip():
                names.setdefault(_outlet_key(form), canonical)
                names.setdefault(_outlet_key(normalize_text(form)), canonical)  # folded widths, simplified
    if not header_seen:
        raise ValueError(f"{where}: no header line (name, aliases, kind, region)")
    return Gazetteer(names)


OUTLETS = load_outlets()


# --- the head and the tail ----------------------------------------------------------


class Line(NamedTuple):
    """A head or tail line as the rules read it: Markdown removed, with what it was."""

    text: str
    kind: str  # "heading", "caption" (italic beside or under an image), "italic", "image" (nothing but an image) or "text"


#: a line with none of these characters, and not starting with a list or quote mark, holds no Markdown
_MARKDOWN_CHARS = frozenset("#[]*_")
_LIST_STARTS = (">", "*", "+", "-")


_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def _plain(line: str) -> Line:
    """One raw line without Markdown: ``# T`` → heading T, ``![](u)_来源:X_`` → caption,
    ``*来源:X*`` → italic (a caption only under an image: :func:`_mark_captions`).
    Leftover HTML tags (``<cite id="x"></cite>``, a page saved half-rendered) go."""
    line = line.strip()
    if "<" in line:
        line = _HTML_TAG_RE.sub("", line).strip()
    if _MARKDOWN_CHARS.isdisjoint(line) and not line.startswith(_LIST_STARTS):
        return Line(line, "text")  # the common case: no Markdown rule can match
    heading = _HEADING_RE.match(line)
    if heading:
        return Line(_EMPHASIS_RE.sub("", _LINK_RE.sub(r"\1", heading.group(1))).strip(), "heading")
    had_image = bool(_IMAGE_RE.search(line))
    line = _IMAGE_RE.sub("", line)
    line = _LIST_MARK_RE.sub("", _EMPHASIS_RE.sub("", _LINK_RE.sub(r"\1", line))).strip()
    italic = _ITALIC_RE.match(line)
    if italic:
        return Line((italic.group(1) or italic.group(2)).strip(), "caption" if had_image else "italic")
    if had_image:
        return Line(line, "caption" if line else "image")
    return Line(line, "text")


def _mark_captions(lines: list[Line]) -> list[Line]:
    """An italic line right under an image is its caption (``_来源:视觉中国_`` credits the
    photo); anywhere else it is emphasis (``*本文来源:X*`` credits the article)."""
    return [
        line._replace(kind="caption") if line.kind == "italic" and i and lines[i - 1].kind == "image" else line
        for i, line in enumerate(lines)
    ]


def _join_open_titles(lines: list[str]) -> list[str]:
    """Join a line whose ``《`` is closed on the next line (a hard wrap inside a name)."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].count("《") > out[-1].count("》"):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def read_head(raw: str, *, rules: MetadataRules = RULES) -> tuple[list[Line], list[Line]]:
    """The head and tail lines of a raw article, normalised and without Markdown.

    Only those lines are normalised, each cut to ``rules.line_chars``, so a
    20 MB article costs no more than a short one.

    Returns:
        ``(head, tail)``: the first ``rules.head_lines`` non-empty lines and
        the last ``rules.tail_lines`` non-empty lines after them.
    """
    require_text(raw, "raw")
    lines = [line for line in raw.splitlines() if line.strip()]
    n_head = min(len(lines), rules.head_lines)
    head = lines[:n_head]
    tail = lines[max(n_head, len(lines) - rules.tail_lines):]
    block = normalize_text("\n".join(line[: rules.line_chars] for line in [*head, *tail])).split("\n")
    head, tail = block[:n_head], block[n_head:]
    plain = _mark_captions([_plain(line) for line in _join_open_titles(head)])
    return [line for line in plain if line.text or line.kind == "image"], _mark_captions([_plain(line) for line in tail])


def _strip(text: str, patterns: tuple[re.Pattern, ...]) -> str:
    """``text`` with every match of ``patterns`` removed, in order, and its spaces collapsed."""
    for pattern in patterns:
        text = pattern.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()


# --- dates ----------------------------------------------------------------------------


#: a date written with a month name ("15 Mar 2024", "March 15, 2024"): read by dateparser, only on such lines
_MONTH_NAME_DATE_RE = re.compile(
    r"(?<![A-Za-z\d])(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+(?:19|20)\d{2}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})(?![\d])"
)
#: a date of the Republic of China calendar (Taiwan): 民国113年3月15日 is 2024-03-15
_ROC_DATE_RE = re.compile(r"民国\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: a stored page's date marker opening the text: " date 2024-03-15"
_DATE_MARKER_RE = re.compile(r"^\s*date\s+((?:19|20)\d{2}-\d{2}-\d{2})\b")
#: what follows a dateline's date when the lede is glued to it: a time, a wire's 消息/电/讯
_DATELINE_AFTER_RE = re.compile(r"\s*(\d{1,2}:\d{2}|(早间|午间|晚间|上午|下午|晚)?\s*(消息|电|讯)|\s)")
#: an outlet or place before a glued dateline's date: short, no punctuation or digits
_DATELINE_BEFORE_RE = re.compile(r"^[A-Za-z\u4e00-\u9fff·\s]{0,12}$")


def _month_name_dates(line: str) -> list[tuple[int, str]]:
    """``(offset, ISO)`` of each month-name date of ``line`` that dateparser reads as a full date."""
    if not _MONTH_NAME_DATE_RE.search(line):
        return []
    import dateparser  # only lines with a month-name date pay for it

    found = []
    for match in _MONTH_NAME_DATE_RE.finditer(line):
        parsed = dateparser.parse(match.group(0), languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
        if parsed is not None:
            found.append((match.start(), parsed.date().isoformat()))
    return found


def _all_dates(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, ISO)`` of every full date of ``line``: numeric and 年月日 forms, the
    ROC calendar, month names. A date that does not exist (2023-02-30) is no date."""
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
    return sorted(found)


def _ranked_dates(line: str, *, rules: MetadataRules) -> list[tuple[int, str]]:
    """``(rank, ISO)`` of the publication dates a head or tail line states: rank 0 for a
    stored date marker or a date labelled as the publication (发布时间:, 发表于, 日期:),
    1 for a date on a dateline (a short line that is not prose, or a date opening a
    line or glued after a short outlet name and before a time or 消息/电/讯). Never a
    date labelled as an update (更新时间, 最后更新), nor one inside a sentence."""
    marker = _DATE_MARKER_RE.match(line)
    if marker:
        return [(0, iso_date(marker.group(1)))]
    found = []
    is_dateline = len(line) <= rules.dateline_chars and not rules.prose_marks.search(line)
    for start, end, iso in _all_dates(line):
        before = line[max(0, start - 12): start]
        if rules.update_label.search(before):
            continue
        if rules.publish_label.search(before):
            found.append((0, iso))
        elif end < 0:  # a month-name date on a dateline, not a quoted post's signature ("— 某人 (@x) February 2, 2021")
            if is_dateline and "@" not in line and not line.startswith(("—", "-", "–")):
                found.append((1, iso))
        elif is_dateline or _glued_dateline(line, start, end):
            found.append((1, iso))
    return found


def _glued_dateline(line: str, start: int, end: int) -> bool:
    """A dateline glued to its lede: ``2026-01-25某某…`` (a numeric date opening the line,
    not before a comma), ``某某网2021年4月10日早间消息 …`` (after a short name, before a
    wire's 消息/电/讯 or a time)."""
    after = line[end:].removeprefix("日")
    if start == 0 and not after.startswith((",", ",")) and line[4:5] in ("-", "/", "."):
        return True
    return bool(_DATELINE_BEFORE_RE.match(line[:start]) and _DATELINE_AFTER_RE.match(after) and (start == 0 or not after[:1].isspace()))


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
    ranked = [(rank, i, iso) for i, line in enumerate(head) for rank, iso in _ranked_dates(line.text, rules=rules)]
    if raw and not any(rank == 0 for rank, _, _ in ranked):  # no labelled date in the head: read a little further
        ranked += [(0, len(head) + i, iso) for i, line in enumerate(_labelled_lines(raw, rules)) for rank, iso in _ranked_dates(line, rules=rules) if rank == 0]
    if ranked:
        return min(ranked)[2]  # a labelled date first, then the first dateline
    in_tail = {d for line in tail for d in _dates_in(line.text, rules=rules)}
    return in_tail.pop() if len(in_tail) == 1 else ""  # several dates close a page of related links


_DATE_LABEL_HINTS = ("时间", "日期", "发布", "发表", "時間", "發佈", "發布", "發表", "Published", "published", "date")


def _labelled_lines(raw: str, rules: MetadataRules) -> list[str]:
    """The lines just beyond the head (up to ``rules.date_lines`` non-empty lines) that may hold
    a labelled publication date, normalised; a page's meta line often stands under a long menu."""
    lines = [line for line in raw.split("\n", rules.date_lines + rules.head_lines)[: rules.date_lines + rules.head_lines] if line.strip()]
    more = [line[: rules.line_chars] for line in lines[rules.head_lines: rules.date_lines] if any(h in line for h in _DATE_LABEL_HINTS)]
    return normalize_text("\n".join(more)).split("\n") if more else []


def find_date(raw: str, *, rules: MetadataRules = RULES) -> str:
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
    return _date(*read_head(raw, rules=rules), rules, raw)


# --- outlet ---------------------------------------------------------------------------


def _clean_outlet(name: str, rules: MetadataRules) -> str:
    name = _MIDDOT_RE.sub("·", _strip(name, rules.outlet_strip))
    if len(name) < 2 or name in rules.not_outlets or any(name.startswith(n) for n in rules.not_outlets if len(n) > 2):
        return ""
    return name


def _may_match(pattern: re.Pattern, line: str) -> bool:
    """False when ``line`` holds none of the texts every match of ``pattern`` holds
    (:func:`~coopetition.text.clean.required_texts`): most lines, and no regex runs."""
    return holds_one(line, required_texts(pattern))


#: id of a tuple of patterns → (the tuple, each pattern with its required texts): read once per rule set
_PLANS: dict[int, tuple[tuple, tuple[tuple[re.Pattern, tuple[str, ...]], ...]]] = {}


def _plan(patterns: tuple[re.Pattern, ...]) -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    entry = _PLANS.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        entry = _PLANS[id(patterns)] = (patterns, tuple((p, required_texts(p)) for p in patterns))
    return entry[1]


def _outlet_in(line: str, patterns: tuple[re.Pattern, ...], rules: MetadataRules, *, guard: Gazetteer | None = None, quoted: bool = True) -> str:
    """The first outlet ``patterns`` credit on ``line``, or ``""``; with ``guard``, only a
    name the gazetteer knows (or its known part before a channel word), a ``《X》`` column,
    or one ending with a strong suffix; with ``quoted``, never one after 据/援引."""
    for pattern, required in _plan(patterns):
        if required and not any(text in line for text in required):
            continue  # the line holds no text every match holds: most lines, and no regex runs
        for match in pattern.finditer(line):
            before = line[max(0, match.start("outlet") - 4): match.start("outlet")]
            if quoted and any(word in before or match.group("outlet").startswith(word) for word in rules.quoted_before):
                continue  # "据新华社记者报道": a quoted source
            name = _clean_outlet(match.group("outlet"), rules)
            if name.isascii():  # "来源: Rest of World - …": a known name of several words
                name = _longest_known(line[match.start("outlet"):], OUTLETS) or name
            if name and guard is not None:
                name = _known_or_strong(name, rules, guard)
            if name:
                return name
    return ""


def _longest_known(rest: str, outlets: Gazetteer) -> str:
    """The longest known outlet of several Latin words that ``rest`` starts with, or ``""``."""
    words = rest[:40].split()
    for n in range(min(len(words), 5), 1, -1):
        name = " ".join(words[:n])
        if outlets.canonical(name):
            return name
    return ""


def _known_or_strong(name: str, rules: MetadataRules, outlets: Gazetteer) -> str:
    if name.startswith("《") or outlets.canonical(name):
        return name
    if outlets.known_prefix(name):
        return outlets.known_prefix(name)
    # a suffix needs two characters before it: 新华社, 某某网, 某某日报 are outlets, 财报, 简报, 周报 words
    return name if any(name.endswith(suffix) and len(name) >= len(suffix) + 2 for suffix in rules.strong_suffixes) else ""


_TOKEN_SPLIT_RE = re.compile(r"[\s·|丨/:,]+")


def _outlet_on_dateline(line: str, rules: MetadataRules, outlets: Gazetteer) -> str:
    """A known outlet printed as a word of a dateline (``编辑:甲 某某APP 时间:2025-07-22``)."""
    if not DATE_RE.search(line) or len(line) > rules.dateline_chars or rules.prose_marks.search(line):
        return ""
    for token in _TOKEN_SPLIT_RE.split(DATE_RE.sub(" ", line)):
        if len(token) >= 3 and outlets.canonical(token) and _clean_outlet(token, rules):
            return token
    return ""


def _as_printed(name: str, lines: list[Line], outlets: Gazetteer) -> str:
    """``name``, or the outlet's full name when ``name`` abbreviates it and the page prints the
    full name too (``每经记者`` … ``《每日经济新闻》记者`` → 每日经济新闻): the page's own credit."""
    full = outlets.canonical(name)
    if not full or len(full) <= len(name):
        return name
    text = "\n".join(line.text for line in lines).replace(name, "")
    return full if full in text else name


def _outlet(head: list[Line], tail: list[Line], rules: MetadataRules, outlets: Gazetteer = OUTLETS) -> str:
    found = ""
    for line in head:
        if line.kind in ("caption", "image"):
            continue  # "_来源:视觉中国_" under a picture credits the photo
        text = line.text
        found = (
            _outlet_in(text, rules.outlet_head, rules)
            or _outlet_in(text, rules.outlet_after_dateline, rules, guard=outlets, quoted=False)
            or _outlet_in(text, rules.outlet_guarded, rules, guard=outlets)
            or _outlet_on_dateline(text, rules, outlets)
        )
        if found:
            break
    if not found:
        for line in tail:
            if line.kind not in ("caption", "image") and (found := _outlet_in(line.text, rules.outlet_tail, rules)):
                break
    if not found:  # a logo line: nothing but a known outlet's name
        found = next(
            (line.text for line in head if line.kind == "text" and len(line.text) >= rules.standalone_chars and outlets.canonical(line.text)),
            "",
        )
    return _as_printed(found, [*head, *tail], outlets) if found else ""


def self_named_outlet(text: str, *, rules: MetadataRules = RULES) -> str:
    """The outlet an article names as the one its sources speak to, or ``""``.

    A last resort for articles with no credit line: ``庄帅告诉市界`` … ``对市界表示``
    … ``向市界透露``. A name must recur (``rules.self_mentions`` times): an outlet
    quoted in passing (``对《华尔街日报》表示``) is named once. Firms of the alias
    table and words such as 记者, 媒体, 我们 never count.

    Example:
        >>> self_named_outlet("庄帅告诉市界,价格战结束了。一位员工对市界表示,当当会入驻。")
        '市界'
        >>> self_named_outlet("他对《华尔街日报》表示,价格战结束了。")
        ''
    """
    from coopetition.text.actors import actor_aliases

    counts: dict[str, int] = {}
    for pattern in rules.self_reference:
        for match in pattern.finditer(text):
            name = _clean_outlet(match.group("outlet"), rules)
            if name and name not in actor_aliases():
                counts[name] = counts.get(name, 0) + 1
    named = [name for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= rules.self_mentions]
    return named[0] if named else ""


def find_outlet(raw: str, *, rules: MetadataRules = RULES) -> str:
    """The outlet an article credits, or ``""``.

    Credits are read in the head (``来源:X``, ``本文由X授权``, ``以下文章来源于X``,
    ``出品|X``, ``X讯``, ``X北京12月29日电``, ``《X》独家获悉``, ``X记者``), then
    in the tail (``文章为X原创``, ``X出品内容``, ``来源:X``). Photo credits under
    pictures, a paper's self-reference (``本报``) and a source quoted with
    ``据``/``援引`` are not outlets; neither is anything in the body.

    Example:
        >>> find_outlet("标题\\n腾讯科技讯 12月29日消息,据路透社报道,京东……")
        '腾讯科技'
    """
    return _outlet(*read_head(raw, rules=rules), rules)


# --- author ---------------------------------------------------------------------------


def _names(value: str, rules: MetadataRules) -> list[str]:
    """The names a byline value starts with: up to the word holding the next label, not a sentence."""
    stop = rules.author_stop.search(value)
    if stop:  # cut before the whole word: "甲 上海报道", "甲 某某新闻编辑 乙"
        words_before = [m.end() for m in _WORD_END_RE.finditer(value, 0, stop.start())]
        value = value[: words_before[-1] if words_before else 0]
    value = re.split(r"[()]", value, maxsplit=1)[0]
    if rules.author_prose.search(value):
        return []  # "记者 从京东方面获悉,双方已恢复合作。": a sentence, not a byline
    names = []
    for chunk in _NAME_SPLIT_RE.split(value):  # "甲 乙" is two names, "John Smith" one
        chunk = chunk.strip()
        tokens = [chunk] if rules.author_name.match(chunk) and chunk.isascii() else chunk.split()
        names.extend(t for t in tokens if rules.author_name.match(t))
    return names


@functools.lru_cache(maxsize=4096)
def _byline(text: str, rules: MetadataRules) -> str:
    """The names the first byline pattern finds in ``text``, joined by ``、``, or ``""``."""
    for pattern in rules.author_patterns:
        match = pattern.search(text) if _may_match(pattern, text) else None
        names = _names(match.group("names"), rules) if match else []
        if names:
            return "、".join(dict.fromkeys(names))
    return ""


def _author(head: list[Line], tail: list[Line], rules: MetadataRules) -> str:
    for lines in (head, tail):
        for line in lines:
            if line.kind != "image" and (names := _byline(line.text, rules)):
                return names
    return ""


def find_author(raw: str, *, rules: MetadataRules = RULES) -> str:
    """The author(s) a byline names, joined by ``、``, or ``""``.

    Bylines are ``作者|X``, ``文丨X``, ``撰文/X``, ``记者 X``, ``(记者 X)``,
    ``**作者|**X`` and ``作者X`` after a comma, with any separator
    (``| 丨 / :`` or a space), in the head, else the tail. The names run to the
    next label: ``文丨甲 乙 编辑丨丙`` gives ``甲、乙``.

    Example:
        >>> find_author("标题\\n**文丨沈一 管二 编辑丨管二**\\n正文。")
        '沈一、管二'
    """
    return _author(*read_head(raw, rules=rules), rules)


# --- title ----------------------------------------------------------------------------


def _strip_title(title: str, rules: MetadataRules) -> str:
    return _strip(title, rules.title_strip)


def _is_paragraph(text: str, rules: MetadataRules) -> bool:
    return "。" in text or len(text) > rules.title_chars


def _is_furniture(line: Line, rules: MetadataRules) -> bool:
    text = line.text
    return (
        line.kind in ("caption", "italic", "image")
        or any(p.search(text) for p in rules.title_furniture)
        or bool(_dates_in(text, rules=rules))
        or bool(_outlet_in(text, rules.outlet_head, rules))
        or not re.search(r"[\u4e00-\u9fffA-Za-z]", text)
    )


#: the features a head line is scored on as the headline (data/title_model.toml holds their weights)
TITLE_FEATURES = (
    "first_line", "position", "before_body", "next_is_paragraph", "heading", "emphasis",
    "title_length", "short", "long", "han_share", "latin_share", "digit_share",
    "sentence", "commas", "separators", "menu_words", "part_of_line", "furniture_rule",
    "dateline", "credit", "repeated", "holds_another", "ends_colon", "bracket_start", "question",
    "label_start", "list_number", "next_is_meta", "keyword_list", "line_parts", "outlet_name",
    "first_clean", "longest_clean",
)
_SEPARATORS_RE = re.compile(r"\s[-–—|丨]\s|[_|丨]")
_SPLIT_PARTS_RE = re.compile(r"\s*(?:\s[-–—]\s|[_|丨]|-\s)\s*")
_SECTION_TAG_RE = re.compile(r"^\[[^\]]{1,8}\]\s*")
_ORIGINAL_TITLE_RE = re.compile(r"^\(?\s*原标题\s*:\s*(.+?)\)?$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")
_LABEL_START_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,4}\s*[:|丨/@]")
_DATE_LIKE_RE = re.compile(r"(19|20)\d{2}\s*(年|-|/|\.)\s*\d{1,2}(?!\d)|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}:\d{2}")
_LIST_NUMBER_RE = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、)]|^\(\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*\)")


@dataclass(frozen=True)
class TitleModel:
    """Weights of the headline score (a logistic regression over :data:`TITLE_FEATURES`)."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float


def load_title_model(source: str | None = None, *, where: str = "title_model.toml") -> TitleModel:
    """Read the headline score's weights (default: the packaged ``data/title_model.toml``).

    Raises:
        ValueError: naming the file when a feature of :data:`TITLE_FEATURES` has no weight,
            a weight is not a number, or an unknown feature is weighted.
    """
    spec = tomllib.loads(source if source is not None else read_text("title_model.toml"))
    weights = spec.get("weights", {})
    missing, unknown = set(TITLE_FEATURES) - set(weights), set(weights) - set(TITLE_FEATURES)
    if missing or unknown:
        raise ValueError(f"{where}: weights must name exactly the title features; missing {sorted(missing)}, unknown {sorted(unknown)}")
    values = [weights[f] for f in TITLE_FEATURES] + [spec.get("intercept"), spec.get("threshold")]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise ValueError(f"{where}: every weight, the intercept and the threshold must be numbers")
    return TitleModel(tuple(float(weights[f]) for f in TITLE_FEATURES), float(spec["intercept"]), float(spec["threshold"]))


class TitleCandidate(NamedTuple):
    """A head line (or the longest part of one) as a headline candidate, with its features."""

    text: str
    line: int  # index among the head lines
    features: tuple[float, ...]


def _share(pattern: re.Pattern, text: str) -> float:
    return len(pattern.findall(text)) / len(text) if text else 0.0


def _variants(text: str) -> list[tuple[str, bool]]:
    """A head line and, when separators cut it into parts (``标题|栏目``, ``站名- 站名官网- 标题``,
    ``(原标题:X | Y)``), its longest part."""
    original = _ORIGINAL_TITLE_RE.match(text)
    inner = original.group(1).strip() if original else text
    parts = [p.strip() for p in _SPLIT_PARTS_RE.split(inner) if p.strip()]
    longest = max(parts, key=len) if parts else ""
    found = [(text, False)]
    if longest and longest != text:
        others = [p for p in parts if p is not longest]
        tags_after = parts[0] is longest and all(len(p) <= 6 for p in others)  # "标题|封面故事", "标题|腾讯|抖音"
        sites_before = len(parts) >= 3 and parts[-1] is longest  # "某站- 某站官网- 标题"
        if tags_after or sites_before:
            found[0] = (longest, False)
        else:
            found.append((longest, True))
    untagged = _SECTION_TAG_RE.sub("", text, count=1)
    if untagged != text and untagged:
        found[0] = (untagged, False)  # "[国际新闻] 标题": a section tag is no part of the headline (a 【专栏】 tag is)
    return found


_KEYWORD_SPLIT_RE = re.compile(r"\s*[,、_|丨;]+\s*")


def _is_keyword_list(text: str) -> bool:
    """A run of keywords (a hijacked template's SEO line: ``某某外卖,某某外卖红包,某某外卖优惠券,…``):
    four items or more, three of which share a two-character word. A headline's enumeration
    (``京东物流、圆通、中通、菜鸟``) names different things."""
    items = [item for item in _KEYWORD_SPLIT_RE.split(text) if item]
    if len(items) < 4:
        return False
    counts: dict[str, int] = {}
    for item in items:
        for bigram in {item[k: k + 2] for k in range(len(item) - 1)}:
            counts[bigram] = counts.get(bigram, 0) + 1
    return any(n >= 3 and _HAN_RE.match(b) and len(_HAN_RE.findall(b)) == 2 for b, n in counts.items())


def title_candidates(head: list[Line], tail: list[Line] = (), *, rules: MetadataRules = RULES) -> list[TitleCandidate]:
    """Every head line that could be the headline, with the features it is scored on.

    Each line up to ``rules.head_lines`` is a candidate, and so is the longest part of a line
    that separators cut. Features hold across sites: position (first line, rank, before any
    paragraph, right above one), shape (length, Han/Latin/digit share, sentence marks, commas,
    separators, menu-like runs of short words), furniture signs (the title furniture rules,
    a date, a credit or byline), and repetition (the text recurs in another head or tail
    line: a breadcrumb's end, alt text, a repeated headline).
    """
    texts = [line.text for line in head]
    others = [*texts, *(line.text for line in tail)]
    # only short lines can be a candidate or a meta line under one: a paragraph's credits are never asked for
    credits = [len(text) <= rules.title_chars and bool(_outlet_in(text, rules.outlet_head, rules) or _byline(text, rules)) for text in texts]
    meta = [len(text) <= rules.dateline_chars and (credit or bool(DATE_RE.search(text))) for text, credit in zip(texts, credits)]
    out: list[TitleCandidate] = []
    seen_paragraph = False
    for i, line in enumerate(head):
        full = _strip_title(line.text, rules)
        is_para = _is_paragraph(line.text, rules)
        if full and not is_para and not (credits[i] and DATE_RE.search(full)):  # a dateline with its credit: never a headline
            next_para = i + 1 < len(head) and _is_paragraph(head[i + 1].text, rules)
            next_meta = any(meta[i + 1: i + 3])
            furniture = any(p.search(full) for p in rules.title_furniture)
            dateline = bool(_DATE_LIKE_RE.search(full))  # a full date, a month (2025年3月), a day (3月15日), a time
            credit = credits[i]
            n_parts = len([p for p in _SPLIT_PARTS_RE.split(full) if p.strip()])
            for text, part in _variants(full):
                n = len(text)
                if not n:
                    continue
                words = text.split()
                repeated = n >= 4 and any(text in o for j, o in enumerate(others) if j != i)
                holds = any(6 <= len(o) < n and o in text for j, o in enumerate(texts) if j != i)
                features = (
                    float(i == 0), 1.0 / (1 + i), float(not seen_paragraph), float(next_para),
                    float(line.kind == "heading"), float(line.kind in ("italic", "caption", "image")),
                    float(6 <= n <= 40), float(n < 6 or (len(_HAN_RE.findall(text)) < 4 and len(words) < 3)), float(n > 40),
                    _share(_HAN_RE, text), _share(_LATIN_RE, text), _share(_DIGIT_RE, text),
                    float("。" in text or text.endswith(";")), float(text.count(",") >= 2),
                    min(len(_SEPARATORS_RE.findall(text)), 3) / 3,
                    float(len(words) >= 3 and sum(map(len, words)) <= 4 * len(words)),
                    float(part), float(furniture), float(dateline), float(credit),
                    float(repeated), float(holds), float(text.endswith(":")),
                    float(text.startswith(("【", "[", "("))), float(text.endswith("?")),
                    float(bool(_LABEL_START_RE.match(text))), float(bool(_LIST_NUMBER_RE.match(text))), float(next_meta),
                    float(_is_keyword_list(text)), min(n_parts, 6) / 6,
                    float(bool(OUTLETS.canonical(text)) or (3 <= n <= 8 and text.endswith(rules.strong_suffixes))),
                    0.0, 0.0,  # first_clean, longest_clean: page-relative, filled by _rank_features
                )
                if not features[_KEYWORD_LIST]:  # too rare in the development pages to learn: a rule
                    out.append(TitleCandidate(text, i, features))
        seen_paragraph = seen_paragraph or is_para
    return _rank_features(out)


_KEYWORD_LIST = TITLE_FEATURES.index("keyword_list")
_HEADING, _BEFORE_BODY = TITLE_FEATURES.index("heading"), TITLE_FEATURES.index("before_body")
#: indices in TITLE_FEATURES of what makes a candidate "clean" (no furniture sign)
_DIRTY = tuple(TITLE_FEATURES.index(f) for f in ("short", "long", "menu_words", "keyword_list", "furniture_rule", "dateline", "credit", "label_start", "list_number", "emphasis", "sentence", "outlet_name"))


def _rank_features(candidates: list[TitleCandidate]) -> list[TitleCandidate]:
    """Fill the two page-relative features: the first clean candidate before the body (the
    hand rule of old), and the longest clean one with mostly Han characters."""
    before, han = TITLE_FEATURES.index("before_body"), TITLE_FEATURES.index("han_share")
    clean = [k for k, c in enumerate(candidates) if c.features[before] and not any(c.features[d] for d in _DIRTY)]
    first = clean[0] if clean else -1
    longest = max((k for k in clean if candidates[k].features[han] >= 0.5), key=lambda k: len(candidates[k].text), default=-1)
    return [c._replace(features=(*c.features[:-2], float(k == first), float(k == longest))) for k, c in enumerate(candidates)]


@functools.cache
def _title_model() -> TitleModel:
    return load_title_model()


def _score(candidate: TitleCandidate, model: TitleModel) -> float:
    z = model.intercept + sum(w * f for w, f in zip(model.weights, candidate.features))
    return 1.0 / (1.0 + math.exp(-z))


def _title(head: list[Line], rules: MetadataRules, tail: list[Line] = (), model: TitleModel | None = None) -> str:
    model = model or _title_model()
    candidates = title_candidates(head, tail, rules=rules)
    headings = [c for c in candidates if c.features[_HEADING] and c.features[_BEFORE_BODY] and len(c.text) <= rules.title_chars]
    if headings:  # Markdown marks its headline: the best-scoring heading before the body, whatever its score
        return max(headings, key=lambda c: _score(c, model)).text
    best, best_score = "", model.threshold
    for candidate in candidates:
        score = _score(candidate, model)
        if score > best_score:
            best, best_score = candidate.text, score
    return best


def find_title(raw: str, *, rules: MetadataRules = RULES) -> str:
    """The headline of an article, or ``""`` when it prints none.

    A Markdown heading (without its ``#``), else the first head line that is
    short (at most ``rules.title_chars`` characters), holds no ``。``, and is
    not furniture: app and login prompts, breadcrumbs, menu items, images,
    bylines, credit lines and datelines. The search stops at the first body
    paragraph, so a lede or a later section heading is never the title.
    Repost markers (``(转)``) are removed.

    Example:
        >>> find_title("打开APP\\n网易首页>网易号>正文\\n京东与阿里竞争加剧\\n2023-12-29\\n正文第一段。")
        '京东与阿里竞争加剧'
    """
    head, tail = read_head(raw, rules=rules)
    return _title(head, rules, tail)


# --- what a page or record states ---------------------------------------------------------


def _given_author(value: str, rules: MetadataRules) -> str:
    """A stated author read as a byline: ``作者:甲`` → 甲; ``责任编辑:乙`` (an editor) → ``""``."""
    names = _byline(value, rules)
    if names:
        return names
    if rules.author_stop.match(value):
        return ""  # the field opens with another label: 责任编辑, 来源, 摄影…
    return "、".join(dict.fromkeys(_names(value, rules)))


def _width(text: str) -> int:
    """Display width: a CJK character counts two, a Latin letter one ("Example News" is as wide as 6 CJK)."""
    return sum(1 if ord(char) < 0x2E80 else 2 for char in text)


def _site_name(name: str, headline: str, rules: MetadataRules) -> str:
    """``name`` when it can name a site: short (``rules.site_chars`` CJK characters, or as
    wide), and neither the headline nor a part of it; else ``""``."""
    name = name.strip()
    if not name or _width(name) > 2 * rules.site_chars:
        return ""
    if headline and (name in headline or headline in name):
        return ""
    return name


def _split_page_title(title: str, rules: MetadataRules) -> tuple[str, str]:
    """``(headline, site)`` of a page title: ``标题_财经频道_某某网`` → ``("标题", "某某网")``.
    A trailing part is a site name only when it is short and shorter than the headline."""
    headline, site = title.strip(), ""
    for cut in reversed(list(rules.site_separator.finditer(headline))):
        before, after = headline[: cut.start()].strip(), headline[cut.end():].strip()
        first = rules.site_separator.split(before)[0].strip()
        if not after or _width(after) >= _width(first) or not _site_name(after, first, rules):
            break
        headline, site = before, site or after
    return headline, site


def site_from_page_title(title: str, *, headline: str = "", rules: MetadataRules = RULES) -> str:
    """The site a page's ``<title>`` names after its last separator (`` - ``, ``_``, ``|``), or ``""``.

    Only a short part that is not the headline counts: a title with no separator,
    or one whose parts are all headline, names no site.

    Example:
        >>> site_from_page_title("美团抖音外卖之战升级 佣金最低降至2.5% - 财经频道")
        '财经频道'
        >>> site_from_page_title("快手|拼多多的下沉之战"), site_from_page_title("京东与阿里竞争加剧")
        ('', '')
    """
    title = normalize_text(require_text(title, "title")).strip()
    found_headline, site = _split_page_title(title, rules)
    if not site:
        return ""
    return _site_name(site, normalize_text(headline).strip() or found_headline, rules)


def page_head_fields(html: str, *, rules: MetadataRules = RULES) -> dict[str, str]:
    """The author and site a web page's ``<head>`` states, read with this module's rules.

    ``<meta name="author">`` (a one-word Chinese name is a name: trafilatura drops
    authors without a space), and the site from ``og:site_name`` or
    ``application-name``, else the part of ``<title>`` after its last separator
    (:func:`site_from_page_title`). Only the fields found are returned.

    Example:
        >>> page_head_fields('<html><head><meta name="author" content="作者：王晓明"><title>京东与阿里竞争加剧 - 某某网</title></head></html>')
        {'author': '王晓明', 'site': '某某网'}
    """
    from lxml import html as lxml_html  # trafilatura's parser: only HTML input pays for it

    require_text(html, "html")
    try:
        tree = lxml_html.fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - an unparseable head states nothing
        return {}
    meta: dict[str, str] = {}
    for element in tree.iterfind(".//head/meta[@content]"):
        key = (element.get("name") or element.get("property") or element.get("itemprop") or "").strip().lower()
        value = normalize_text(element.get("content") or "").strip()
        if key and value:
            meta.setdefault(key, value)
    headline = meta.get("og:title", "")
    author = next((a for k in ("author", "article:author", "dc.creator") if (a := _given_author(meta.get(k, ""), rules))), "")
    site = next((s for k in ("og:site_name", "application-name") if (s := _site_name(meta.get(k, ""), headline, rules))), "")
    site = site or site_from_page_title(tree.findtext(".//head/title") or "", headline=headline, rules=rules)
    return {k: v for k, v in (("author", author), ("site", site)) if v}


# --- all at once ------------------------------------------------------------------------


def _site_of(url: str) -> str:
    if "//" not in url:
        return ""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def extract_metadata(raw: str, given: dict | None = None, *, clean: str | None = None, rules: MetadataRules = RULES) -> dict[str, str]:
    """Title, outlet, site, date, author and url of one article.

    What the format states (``given``: page metadata from trafilatura, a
    record's fields) comes first; the text fills the rest. ``outlet`` is a
    stated outlet, else the outlet the article credits, else the hosting site;
    ``site`` is the hosting site when the format names it (a page's site name,
    a record's ``site``, else the part of a stated title after its last
    separator, else the host of its ``url``), ``""`` for plain files.

    Stated fields pass the same name rules as the text: a stated author is read
    as a byline (``作者:甲`` → 甲; ``责任编辑:乙`` names an editor, no author), a
    stated site that is long or part of the headline is a page title, not a
    site, and a stated title loses a site name after its last separator
    (``标题 - 某某网`` → 标题).

    Args:
        raw: the article as decoded (any script; Markdown allowed).
        given: stated fields among :data:`METADATA_FIELDS` (empty ones ignored).
        clean: the article's clean text, when the caller has it: the last-resort
            outlet (:func:`self_named_outlet`) is read from it instead of from a
            normalised copy of the whole raw text (a second OpenCC pass).

    Returns:
        A dict with every key of :data:`METADATA_FIELDS` (``""`` when unknown);
        a stated title longer than ``rules.title_chars`` is cut, ending in ``…``.
    """
    given = {k: str(v).strip() if k == "url" else normalize_text(str(v)).strip() for k, v in (given or {}).items() if v}
    head, tail = read_head(raw, rules=rules)
    headline, title_site = _split_page_title(given.get("title", ""), rules)
    title = _strip_title(headline, rules) if headline else _title(head, rules, tail)
    if len(title) > rules.title_chars:
        title = title[: rules.title_chars - 1] + "…"
    url = given.get("url", "")
    stated_site = given.get("site", "")
    if rules.site_separator.search(stated_site):
        stated_site = site_from_page_title(stated_site, headline=title, rules=rules)
    site = _site_name(stated_site, title, rules) or title_site or _site_of(url)
    return {
        "title": title,
        "outlet": given.get("outlet") or _outlet(head, tail, rules) or site or self_named_outlet(normalize_text(raw) if clean is None else clean, rules=rules),
        "site": site,
        "date": stated_date(given.get("date", "")) or _date(head, tail, rules, raw),
        "author": _given_author(given.get("author", ""), rules) or _author(head, tail, rules),
        "url": url,
    }

"""Metadata, the title: head-line candidates, their features and the fitted title model."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from coopetition._data import read_text
from coopetition.reading.metadata.credits import _byline, _head_credit
from coopetition.reading.metadata.dates import _dates_in
from coopetition.reading.metadata.head import _strip, read_head
from coopetition.reading.metadata.linear import LinearModel, load_linear_model
from coopetition.reading.metadata.rules import DATE_RE, current_outlets, metadata_rules
from coopetition.text.actors import _alias_re

if TYPE_CHECKING:
    from coopetition.reading.metadata.head import Line
    from coopetition.reading.metadata.rules import MetadataRules

# --- title ----------------------------------------------------------------------------


def _strip_title(title: str, rules: MetadataRules) -> str:
    return _strip(title, rules.title_strip)


@functools.lru_cache(maxsize=8)
def _furniture_re(rules: MetadataRules) -> re.Pattern:
    """The title furniture rules as one search (any of them matches)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in rules.title_furniture))


def _publish_dated(text: str, rules: MetadataRules) -> bool:
    """``text`` holds a date labelled as the publication (``发布网友 发布时间:2023-03-08``): a meta line."""
    date = DATE_RE.search(text) if any(ch.isdigit() for ch in text) else None
    return bool(date and rules.publish_label.search(text, 0, date.start()))


def _is_paragraph(text: str, rules: MetadataRules) -> bool:
    return "。" in text or len(text) > rules.title_chars


def _is_furniture(line: Line, rules: MetadataRules) -> bool:
    text = line.text
    return (
        line.kind in ("caption", "italic", "image")
        or bool(_furniture_re(rules).search(text))
        or bool(_dates_in(text, rules=rules))
        or bool(_head_credit(text, rules))
        or not re.search(r"[\u4e00-\u9fffA-Za-z]", text)
    )


#: the features a head line is scored on as the headline (data/title_model.toml holds their weights)
TITLE_FEATURES = (
    "first_line",
    "position",
    "before_body",
    "next_is_paragraph",
    "heading",
    "emphasis",
    "title_length",
    "short",
    "long",
    "han_share",
    "latin_share",
    "digit_share",
    "sentence",
    "commas",
    "separators",
    "menu_words",
    "part_of_line",
    "furniture_rule",
    "dateline",
    "credit",
    "repeated",
    "holds_another",
    "ends_colon",
    "bracket_start",
    "question",
    "label_start",
    "list_number",
    "next_is_meta",
    "keyword_list",
    "line_parts",
    "outlet_name",
    "names_actor",
    "after_furniture",
    "first_clean",
    "longest_clean",
)
_SEPARATORS_RE = re.compile(r"\s[-–—|丨]\s|[_|丨]")
_SPLIT_PARTS_RE = re.compile(r"\s*(?:\s[-–—]\s|[_|丨]|-\s)\s*")
#: a site name glued to a page title by a bare hyphen: "标题-某某网" (a hyphen inside a headline has no
#: outlet-like name after it, so only these endings cut)
_GLUED_SITE_RE = re.compile(r"^(.{6,}?)\s*-\s*([^\s-]{2,12})$")
_SITE_SUFFIXES = ("网", "报", "新闻", "财经", "科技", "观察", "周刊", "日报", "时报", "在线", "资讯", "频道", "官网")
_SECTION_TAG_RE = re.compile(r"^\[[^\]]{1,8}\]\s*")
#: a headline behind a list bullet or a repost's source label: "• 标题", "文章来源于某某:标题",
#: "以下文章来源于某某:标题" (WeChat's repost head), "转载自某某:标题"; 来自 only after 文章/本文
#: (a headline may open with it: "来自星星的你:一部韩剧的十年")
_BEHIND_LABEL_RE = re.compile(
    r"^(?:[•●▪■◆►▶]\s*|(?:(?:以下)?(?:文章|本文)(?:来自|來自)|(?:以下)?(?:文章|本文)?(?:来源于|來源於|转载自|轉載自|转自|轉自))"
    r"[^:,。]{1,20}:\s*)(.{6,})$"
)
_ORIGINAL_TITLE_RE = re.compile(r"^\(?\s*原标题\s*:\s*(.+?)\)?$")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")
_LABEL_START_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]{1,4}\s*[:|丨/@]")
_DATE_LIKE_RE = re.compile(r"(19|20)\d{2}\s*(年|-|/|\.)\s*\d{1,2}(?!\d)|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}:\d{2}")
_LIST_NUMBER_RE = re.compile(
    r"^(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、)]|^\(\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*\)"
)


#: the headline score's weights (kept under its old name)
TitleModel = LinearModel


def load_title_model(source: str | None = None, *, where: str = "title_model.toml") -> TitleModel:
    """Read the headline score's weights (default: the packaged ``data/title_model.toml``).

    Raises:
        ValueError: naming the file when a feature of :data:`TITLE_FEATURES` has no weight,
            a weight is not a number, or an unknown feature is weighted.
    """
    text = source if source is not None else read_text("title_model.toml")
    return load_linear_model(text, TITLE_FEATURES, where=where, what="title")


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
    glued = _GLUED_SITE_RE.match(text)
    if glued and len(found) == 1 and glued.group(2).endswith(_SITE_SUFFIXES):
        found[0] = (glued.group(1), False)  # "标题-某某网": a site name glued on by a bare hyphen
    untagged = _SECTION_TAG_RE.sub("", text, count=1)
    if untagged != text and untagged:
        found[0] = (untagged, False)  # "[国际新闻] 标题": a section tag is no part of the headline (a 【专栏】 tag is)
    behind = _BEHIND_LABEL_RE.match(found[0][0])
    if behind:  # "• 标题" (a list bullet), "文章来源于某某:标题" (a repost's label): no part of the headline
        found[0] = (behind.group(1).strip(), found[0][1])
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
        for bigram in {item[k : k + 2] for k in range(len(item) - 1)}:
            counts[bigram] = counts.get(bigram, 0) + 1
    return any(n >= 3 and _HAN_RE.match(b) and len(_HAN_RE.findall(b)) == 2 for b, n in counts.items())


def title_candidates(
    head: list[Line], tail: Sequence[Line] = (), *, rules: MetadataRules | None = None
) -> list[TitleCandidate]:
    """Every head line that could be the headline, with the features it is scored on.

    Each line up to ``rules.head_lines`` is a candidate, and so is the longest part of a line
    that separators cut. Features hold across sites: position (first line, rank, before any
    paragraph, right above one), shape (length, Han/Latin/digit share, sentence marks, commas,
    separators, menu-like runs of short words), furniture signs (the title furniture rules,
    a date, a credit or byline), and repetition (the text recurs in another head or tail
    line: a breadcrumb's end, alt text, a repeated headline).
    """
    rules = metadata_rules() if rules is None else rules
    texts = [line.text for line in head]
    others = [*texts, *(line.text for line in tail)]
    joined = "\n".join(others)
    long_texts = [(j, o) for j, o in enumerate(texts) if len(o) >= 6]  # the head lines another can hold
    breakless = joined.count("\n") == len(others) - 1  # no line holds a break (the reader's never do)
    # only short lines can be a candidate or a meta line under one: a paragraph's credits are never asked for
    credits = [
        len(text) <= rules.title_chars and bool(_head_credit(text, rules) or _byline(text, rules)) for text in texts
    ]
    meta = [
        len(text) <= rules.dateline_chars and (credit or bool(DATE_RE.search(text)))
        for text, credit in zip(texts, credits)
    ]
    out: list[TitleCandidate] = []
    seen_paragraph = False
    paragraphs = [_is_paragraph(text, rules) for text in texts]
    actors = _alias_re()
    furniture_re, outlets = _furniture_re(rules), current_outlets()
    above_furniture = False  # the line above is page furniture (a breadcrumb 首页 > 资讯, 您的位置:)
    for i, line in enumerate(head):
        is_para = paragraphs[i]
        full = "" if is_para else _strip_title(line.text, rules)  # a paragraph is never a candidate: not stripped
        after_furniture, above_furniture = above_furniture, False  # a CMS prints its headline under its furniture
        if (
            full and not (credits[i] and DATE_RE.search(full)) and not _publish_dated(full, rules)
        ):  # a dateline with its credit, or a date labelled as the publication (发布时间:…): never a headline
            # the title furniture rules, searched once a candidate line (a paragraph or a meta line: never)
            furniture = above_furniture = bool(furniture_re.search(full))
            next_para = i + 1 < len(head) and paragraphs[i + 1]
            next_meta = any(meta[i + 1 : i + 3])
            dateline = bool(_DATE_LIKE_RE.search(full))  # a full date, a month (2025年3月), a day (3月15日), a time
            credit = credits[i]
            n_parts = len([p for p in _SPLIT_PARTS_RE.split(full) if p.strip()])
            for text, part in _variants(full):
                n = len(text)
                if not n:
                    continue
                words = text.split()
                han = len(_HAN_RE.findall(text))
                # in another head or tail line: a text holds no line break, so its count in the joined lines
                # is the sum of its counts in each, and one line more than its own holds it
                repeated = n >= 4 and (
                    joined.count(text) > others[i].count(text)
                    if breakless
                    else any(text in o for j, o in enumerate(others) if j != i)
                )
                holds = any(len(o) < n and o in text for j, o in long_texts if j != i)
                features = (
                    float(i == 0),
                    1.0 / (1 + i),
                    float(not seen_paragraph),
                    float(next_para),
                    float(line.kind == "heading"),
                    float(line.kind in ("italic", "caption", "image")),
                    float(6 <= n <= 40),
                    float(n < 6 or (han < 4 and len(words) < 3)),
                    float(n > 40),
                    han / n,
                    _share(_LATIN_RE, text),
                    _share(_DIGIT_RE, text),
                    float("。" in text or text.endswith(";")),
                    float(text.count(",") >= 2),
                    min(len(_SEPARATORS_RE.findall(text)), 3) / 3,
                    float(len(words) >= 3 and sum(map(len, words)) <= 4 * len(words)),
                    float(part),
                    float(furniture),
                    float(dateline),
                    float(credit),
                    float(repeated),
                    float(holds),
                    float(text.endswith(":")),
                    float(text.startswith(("【", "[", "("))),
                    float(text.endswith("?")),
                    float(bool(_LABEL_START_RE.match(text))),
                    float(bool(_LIST_NUMBER_RE.match(text))),
                    float(next_meta),
                    float(_is_keyword_list(text)),
                    min(n_parts, 6) / 6,
                    float(bool(outlets.canonical(text)) or (3 <= n <= 8 and text.endswith(rules.strong_suffixes))),
                    float(bool(actors.search(text))),
                    float(after_furniture),
                    0.0,
                    0.0,  # first_clean, longest_clean: page-relative, filled by _rank_features
                )
                if not features[_KEYWORD_LIST]:  # too rare in the development pages to learn: a rule
                    out.append(TitleCandidate(text, i, features))
        seen_paragraph = seen_paragraph or is_para
    return _rank_features(out)


_KEYWORD_LIST = TITLE_FEATURES.index("keyword_list")
_HEADING, _BEFORE_BODY = TITLE_FEATURES.index("heading"), TITLE_FEATURES.index("before_body")
#: indices in TITLE_FEATURES of what makes a candidate "clean" (no furniture sign)
_DIRTY = tuple(
    TITLE_FEATURES.index(f)
    for f in (
        "short",
        "long",
        "menu_words",
        "keyword_list",
        "furniture_rule",
        "dateline",
        "credit",
        "label_start",
        "list_number",
        "emphasis",
        "sentence",
        "outlet_name",
    )
)


def _rank_features(candidates: list[TitleCandidate]) -> list[TitleCandidate]:
    """Fill the two page-relative features: the first clean candidate before the body (the
    hand rule of old), and the longest clean one with mostly Han characters."""
    before, han = TITLE_FEATURES.index("before_body"), TITLE_FEATURES.index("han_share")
    clean = [k for k, c in enumerate(candidates) if c.features[before] and not any(c.features[d] for d in _DIRTY)]
    first = clean[0] if clean else -1
    longest = max(
        (k for k in clean if candidates[k].features[han] >= 0.5), key=lambda k: len(candidates[k].text), default=-1
    )
    return [
        c._replace(features=(*c.features[:-2], float(k == first), float(k == longest)))
        for k, c in enumerate(candidates)
    ]


@functools.cache
def _title_model() -> TitleModel:
    return load_title_model()


def _score(candidate: TitleCandidate, model: TitleModel) -> float:
    return model.probability(candidate.features)


def _title(head: list[Line], rules: MetadataRules, tail: Sequence[Line] = (), model: TitleModel | None = None) -> str:
    model = model or _title_model()
    candidates = title_candidates(head, tail, rules=rules)
    headings = [
        c for c in candidates if c.features[_HEADING] and c.features[_BEFORE_BODY] and len(c.text) <= rules.title_chars
    ]
    if headings:  # Markdown marks its headline: the best-scoring heading before the body, whatever its score
        return max(headings, key=lambda c: _score(c, model)).text
    return model.best((c.text, c.features) for c in candidates)


def find_title(raw: str, *, rules: MetadataRules | None = None) -> str:
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
    rules = metadata_rules() if rules is None else rules
    head, tail = read_head(raw, rules=rules)
    return _title(head, rules, tail)

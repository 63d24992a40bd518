"""Metadata, all fields at once: what a page or record states, and :func:`extract_metadata`."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from coopetition._check import require_text
from coopetition.reading.metadata.credits import _author, _byline, _names, _outlet, self_named_outlet
from coopetition.reading.metadata.dates import _date, stated_date
from coopetition.reading.metadata.head import read_head
from coopetition.reading.metadata.rules import METADATA_FIELDS, metadata_rules, normalize_text
from coopetition.reading.metadata.title import _strip_title, _title

if TYPE_CHECKING:
    from coopetition.reading.metadata.head import Line
    from coopetition.reading.metadata.rules import MetadataRules

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
        before, after = headline[: cut.start()].strip(), headline[cut.end() :].strip()
        first = rules.site_separator.split(before)[0].strip()
        if not after or _width(after) >= _width(first) or not _site_name(after, first, rules):
            break
        headline, site = before, site or after
    return headline, site


def site_from_page_title(title: str, *, headline: str = "", rules: MetadataRules | None = None) -> str:
    """The site a page's ``<title>`` names after its last separator (`` - ``, ``_``, ``|``), or ``""``.

    Only a short part that is not the headline counts: a title with no separator,
    or one whose parts are all headline, names no site.

    Example:
        >>> site_from_page_title("美团抖音外卖之战升级 佣金最低降至2.5% - 财经频道")
        '财经频道'
        >>> site_from_page_title("快手|拼多多的下沉之战"), site_from_page_title("京东与阿里竞争加剧")
        ('', '')
    """
    rules = metadata_rules() if rules is None else rules
    title = normalize_text(require_text(title, "title")).strip()
    found_headline, site = _split_page_title(title, rules)
    if not site:
        return ""
    return _site_name(site, normalize_text(headline).strip() or found_headline, rules)


def page_head_fields(html: str, *, rules: MetadataRules | None = None) -> dict[str, str]:
    """The author and site a web page's ``<head>`` states, read with this module's rules.

    ``<meta name="author">`` (a one-word Chinese name is a name: trafilatura drops
    authors without a space), and the site from ``og:site_name`` or
    ``application-name``, else the part of ``<title>`` after its last separator
    (:func:`site_from_page_title`). Only the fields found are returned.

    Example:
        >>> page_head_fields('<html><head><meta name="author" content="作者：王晓明"><title>京东与阿里竞争加剧 - 某某网</title></head></html>')
        {'author': '王晓明', 'site': '某某网'}
    """
    rules = metadata_rules() if rules is None else rules
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
    author = next(
        (a for k in ("author", "article:author", "dc.creator") if (a := _given_author(meta.get(k, ""), rules))), ""
    )
    site = next(
        (s for k in ("og:site_name", "application-name") if (s := _site_name(meta.get(k, ""), headline, rules))), ""
    )
    site = site or site_from_page_title(tree.findtext(".//head/title") or "", headline=headline, rules=rules)
    return {k: v for k, v in (("author", author), ("site", site)) if v}


# --- all at once ------------------------------------------------------------------------


def _site_of(url: str) -> str:
    if "//" not in url:
        return ""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def extract_metadata(
    raw: str,
    given: dict | None = None,
    *,
    clean: str | None = None,
    rules: MetadataRules | None = None,
    fields: Collection[str] | None = None,
) -> dict[str, str]:
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
        fields: the fields the caller reads (default: all of :data:`METADATA_FIELDS`); the
            others are not looked for and come back ``""`` (``load_corpus`` asks a catalogued
            article only for what its catalog row does not state). A field read is the same
            whatever else is asked for.

    Returns:
        A dict with every key of :data:`METADATA_FIELDS` (``""`` when unknown or not asked for);
        a stated title longer than ``rules.title_chars`` is cut, ending in ``…``.

    Raises:
        ValueError: ``fields`` names a field not in :data:`METADATA_FIELDS`.
    """
    rules = metadata_rules() if rules is None else rules
    require_text(raw, "raw")
    want = _wanted(fields)
    given = {k: str(v).strip() if k == "url" else normalize_text(str(v)).strip() for k, v in (given or {}).items() if v}
    read: list[tuple[list[Line], list[Line]]] = []

    def lines() -> tuple[list[Line], list[Line]]:  # the head and tail, read once and only when a field needs them
        if not read:
            read.append(read_head(raw, rules=rules))
        return read[0]

    headline, title_site = _split_page_title(given.get("title", ""), rules)
    stated_site = given.get("site", "")
    separated = bool(rules.site_separator.search(stated_site))
    title = ""
    if "title" in want or stated_site or separated:  # a stated site is judged against the title
        if headline:
            title = _strip_title(headline, rules)
        else:
            head, tail = lines()
            title = _title(head, rules, tail)
        if len(title) > rules.title_chars:
            title = title[: rules.title_chars - 1] + "…"
    url = given.get("url", "")
    if separated:
        stated_site = site_from_page_title(stated_site, headline=title, rules=rules)
    site = _site_name(stated_site, title, rules) or title_site or _site_of(url)
    found = {"site": site, "url": url}
    if "title" in want:
        found["title"] = title
    if "outlet" in want:
        found["outlet"] = (
            given.get("outlet")
            or _outlet(*lines(), rules)
            or site
            or self_named_outlet(normalize_text(raw) if clean is None else clean, rules=rules)
        )
    if "date" in want:
        found["date"] = stated_date(given.get("date", "")) or _date(*lines(), rules, raw)
    if "author" in want:
        found["author"] = _given_author(given.get("author", ""), rules) or _author(*lines(), rules)
    return {field: found.get(field, "") if field in want else "" for field in METADATA_FIELDS}


def _wanted(fields: Collection[str] | None) -> frozenset[str]:
    if fields is None:
        return frozenset(METADATA_FIELDS)
    if isinstance(fields, str) or not all(isinstance(f, str) for f in fields):
        raise ValueError(f"extract_metadata: fields must be a collection of field names, not {fields!r}")
    unknown = sorted(set(fields) - set(METADATA_FIELDS))
    if unknown:
        raise ValueError(f"extract_metadata: fields {unknown} are not among {METADATA_FIELDS}")
    return frozenset(fields)

"""Metadata, credits: the outlet (credits checked against the gazetteer) and the author (bylines)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from coopetition.reading.metadata.head import read_head
from coopetition.reading.metadata.outlet_model import _clean_outlet, best_outlet_index, outlet_candidates
from coopetition.reading.metadata.rules import (
    _NAME_SPLIT_RE,
    _WORD_END_RE,
    DATE_RE,
    current_outlets,
    metadata_rules,
    texts_re,
)
from coopetition.text.clean import required_texts

if TYPE_CHECKING:
    from coopetition.reading.metadata.head import Line
    from coopetition.reading.metadata.rules import Gazetteer, MetadataRules

# --- outlet ---------------------------------------------------------------------------


class _Plan(NamedTuple):
    """How a tuple of credit patterns is tried on a line: one test for all, then each with its own."""

    union: re.Pattern | None
    each: tuple[tuple[re.Pattern, re.Pattern | None], ...]


#: id of a tuple of patterns → (the tuple, its plan): read once per rule set
_PLANS: dict[int, tuple[tuple, _Plan]] = {}


def _plan(patterns: tuple[re.Pattern, ...]) -> _Plan:
    """Each pattern with one compiled test of the texts every match holds
    (:func:`~coopetition.text.clean.required_texts`): a line that fails it runs no regex; and one
    test of all the patterns' texts together (``None`` when a pattern requires none): a line that
    fails it runs no pattern at all."""
    entry = _PLANS.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        needs = [required_texts(p) for p in patterns]
        union = None if not all(needs) else texts_re(t for texts in needs for t in texts)
        entry = _PLANS[id(patterns)] = (patterns, _Plan(union, tuple(zip(patterns, map(texts_re, needs)))))
    return entry[1]


def _outlet_in(
    line: str,
    patterns: tuple[re.Pattern, ...],
    rules: MetadataRules,
    *,
    guard: Gazetteer | None = None,
    quoted: bool = True,
    rejected: list[str] | None = None,
) -> str:
    """The first outlet ``patterns`` credit on ``line``, or ``""``; with ``guard``, only a
    name the gazetteer knows (or its known part before a channel word), a ``《X》`` column,
    or one ending with a strong suffix (the names the guard turns away go to ``rejected``);
    with ``quoted``, never one after 据/援引."""
    plan = _plan(patterns)
    if plan.union is not None and not plan.union.search(line):
        return ""  # the line holds none of the texts any pattern requires: most lines
    for pattern, required in plan.each:
        if required is not None and not required.search(line):
            continue  # the line holds no text every match holds: most lines, and no regex runs
        for match in pattern.finditer(line):
            before = line[max(0, match.start("outlet") - 4) : match.start("outlet")]
            if quoted and any(word in before or match.group("outlet").startswith(word) for word in rules.quoted_before):
                continue  # "据新华社记者报道": a quoted source
            name = _clean_outlet(match.group("outlet"), rules)
            if name.isascii():  # "来源: Rest of World - …": a known name of several words, or one before a separator
                rest = line[match.start("outlet") :]
                name = _longest_known(rest, current_outlets()) or _latin_name(rest, name)
            if name and guard is not None:
                vouched = _known_or_strong(name, rules, guard)
                if not vouched and rejected is not None:
                    rejected.append(name)
                name = vouched
            if name:
                return name
    return ""


def _head_credit(text: str, rules: MetadataRules) -> str:
    """The unguarded head credit of a line (``_outlet_in`` with ``rules.outlet_head``), asked by
    the outlet and the headline alike: read once per line and gazetteer."""
    return _cached_head_credit(text, rules, current_outlets())


@functools.lru_cache(maxsize=4096)
def _cached_head_credit(text: str, rules: MetadataRules, outlets: Gazetteer) -> str:
    return _outlet_in(text, rules.outlet_head, rules)


def _longest_known(rest: str, outlets: Gazetteer) -> str:
    """The longest known outlet of several Latin words that ``rest`` starts with, or ``""``."""
    words = rest[:40].split()
    for n in range(min(len(words), 5), 1, -1):
        name = " ".join(words[:n])
        if outlets.canonical(name):
            return name
    return ""


#: a Latin name of up to five words (small joining words allowed inside) ending at a separator or the line's end
_LATIN_NAME_RE = re.compile(
    r"[A-Z][A-Za-z0-9&.'’]*(?:\s+(?:[A-Z0-9][A-Za-z0-9&.'’]*|of|the|and|for|on|de|&)){1,4}(?=\s*(?:[-–—|丨:,(]|$))"
)


def _latin_name(rest: str, name: str) -> str:
    """The Latin name of several words ``rest`` opens with when a separator or the line's end closes it
    (``Rest of World - 标题`` → Rest of World), else ``name`` (``Reuters 路透社`` → Reuters)."""
    match = _LATIN_NAME_RE.match(rest)
    return match.group(0) if match and len(match.group(0)) <= 40 else name


def _known_or_strong(name: str, rules: MetadataRules, outlets: Gazetteer) -> str:
    if name.startswith("《") or outlets.canonical(name):
        return name
    if outlets.known_prefix(name):
        return outlets.known_prefix(name)
    # a suffix needs two characters before it: 新华社, 某某网, 某某日报 are outlets, 财报, 简报, 周报 words
    return (
        name if any(name.endswith(suffix) and len(name) >= len(suffix) + 2 for suffix in rules.strong_suffixes) else ""
    )


_TOKEN_SPLIT_RE = re.compile(r"[\s·|丨/:,]+")


def _outlet_on_dateline(line: str, rules: MetadataRules, outlets: Gazetteer) -> str:
    """A known outlet printed as a word of a dateline (``编辑:甲 某某APP 时间:2025-07-22``)."""
    if not DATE_RE.search(line) or not rules.dateline_shaped(line):
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


def _outlet(head: list[Line], tail: list[Line], rules: MetadataRules, outlets: Gazetteer | None = None) -> str:
    """The credited outlet (:func:`_credit`), else the best outlet candidate the page itself
    offers (:func:`~coopetition.reading.metadata.outlet_model.best_outlet_index`: a site no gazetteer
    knows), as the page prints it."""
    return outlet_and_kind(head, tail, rules, outlets)[0]


#: what decided a page's outlet (:func:`outlet_and_kind`): a credit rule, or the outlet score's
#: best candidate by where it was found (``model:<source>``), or nothing
CREDIT_KINDS = ("head_credit", "after_dateline", "guarded_credit", "dateline_known", "tail_credit", "logo_known")


def outlet_and_kind(
    head: list[Line], tail: list[Line], rules: MetadataRules, outlets: Gazetteer | None = None
) -> tuple[str, str]:
    """``(outlet, kind)``: the outlet :func:`_outlet` reads and what decided it, one of
    :data:`CREDIT_KINDS`, ``model:<source>`` (the outlet score's candidate and where it was found),
    or ``""`` when nothing did. The benchmark counts pages right and wrong by kind."""
    outlets = current_outlets() if outlets is None else outlets
    turned_away: list[tuple[str, int]] = []
    found, kind = _credit(head, tail, rules, outlets, turned_away)
    if not found:
        candidates = outlet_candidates(head, tail, rules, outlets, turned_away)
        best = best_outlet_index(candidates)
        if best >= 0:
            found, kind = candidates[best].text, f"model:{candidates[best].source}"
    return (_as_printed(found, [*head, *tail], outlets), kind) if found else ("", "")


def _credit(
    head: list[Line],
    tail: list[Line],
    rules: MetadataRules,
    outlets: Gazetteer,
    turned_away: list[tuple[str, int]] | None = None,
) -> tuple[str, str]:
    """``(outlet, kind)`` the credit rules find: an unguarded credit in the head, a guarded one the
    gazetteer vouches for, a closing credit, a logo line naming a known outlet; or ``("", "")``. The
    names at guarded positions that the gazetteer did not vouch for go to ``turned_away``, with their
    head line's index: candidates for a site no gazetteer knows. A line where a site quotes a wire
    right after its dateline (``某某网3月20日消息 据X报道``) credits X or nothing: the site's own
    name before the date is no credit then."""
    rejected: list[str] = []
    for index, line in enumerate(head):
        if line.kind in ("caption", "image"):
            continue  # "_来源:视觉中国_" under a picture credits the photo
        text = line.text
        found, kind = _head_credit(text, rules), "head_credit"
        if not found:
            found, kind = (
                _outlet_in(text, rules.outlet_after_dateline, rules, guard=outlets, quoted=False, rejected=rejected),
                "after_dateline",
            )
        if not found and not rejected:  # a quoted wire turned away: the site's name beside the date is none
            found, kind = (
                _outlet_in(text, rules.outlet_guarded, rules, guard=outlets, rejected=rejected),
                "guarded_credit",
            )
        if not found:
            found, kind = _outlet_on_dateline(text, rules, outlets), "dateline_known"
        if turned_away is not None:
            turned_away.extend((name, index) for name in rejected)
        rejected.clear()
        if found:
            return found, kind
    for line in tail:
        if line.kind not in ("caption", "image") and (found := _outlet_in(line.text, rules.outlet_tail, rules)):
            return found, "tail_credit"
    logo = next(  # a logo line: nothing but a known outlet's name
        (
            line.text
            for line in head
            if line.kind == "text" and len(line.text) >= rules.standalone_chars and outlets.canonical(line.text)
        ),
        "",
    )
    return (logo, "logo_known") if logo else ("", "")


def self_named_outlet(text: str, *, rules: MetadataRules | None = None) -> str:
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
    rules = metadata_rules() if rules is None else rules
    from coopetition.text.actors import actor_aliases

    counts: dict[str, int] = {}
    for pattern in rules.self_reference:
        for match in pattern.finditer(text):
            name = _clean_outlet(match.group("outlet"), rules)
            if name and name not in actor_aliases():
                counts[name] = counts.get(name, 0) + 1
    named = [name for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= rules.self_mentions]
    return named[0] if named else ""


def find_outlet(raw: str, *, rules: MetadataRules | None = None) -> str:
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
    rules = metadata_rules() if rules is None else rules
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
    names: list[str] = []
    for chunk in _NAME_SPLIT_RE.split(value):  # "甲 乙" is two names, "John Smith" one
        chunk = chunk.strip()
        tokens = [chunk] if rules.author_name.match(chunk) and chunk.isascii() else chunk.split()
        names.extend(t for t in tokens if rules.author_name.match(t))
    return names


@functools.lru_cache(maxsize=4096)
def _byline(text: str, rules: MetadataRules) -> str:
    """The names the first byline pattern finds in ``text``, joined by ``、``, or ``""``."""
    plan = _plan(rules.author_patterns)
    if plan.union is not None and not plan.union.search(text):
        return ""  # no byline label on the line: most lines
    for pattern, required in plan.each:
        match = pattern.search(text) if required is None or required.search(text) else None
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


def find_author(raw: str, *, rules: MetadataRules | None = None) -> str:
    """The author(s) a byline names, joined by ``、``, or ``""``.

    Bylines are ``作者|X``, ``文丨X``, ``撰文/X``, ``记者 X``, ``(记者 X)``,
    ``**作者|**X`` and ``作者X`` after a comma, with any separator
    (``| 丨 / :`` or a space), in the head, else the tail. The names run to the
    next label: ``文丨甲 乙 编辑丨丙`` gives ``甲、乙``.

    Example:
        >>> find_author("标题\\n**文丨沈一 管二 编辑丨管二**\\n正文。")
        '沈一、管二'
    """
    rules = metadata_rules() if rules is None else rules
    return _author(*read_head(raw, rules=rules), rules)

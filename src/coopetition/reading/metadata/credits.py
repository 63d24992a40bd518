"""Metadata, credits: the outlet (credits checked against the gazetteer) and the author (bylines)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from coopetition.reading.metadata.head import read_head
from coopetition.reading.metadata.outlet_model import (
    Credit,
    _clean_outlet,
    best_outlet_index,
    outlet_candidates,
    rules_pick,
)
from coopetition.reading.metadata.rules import (
    _NAME_SPLIT_RE,
    _WORD_END_RE,
    current_outlets,
    metadata_rules,
    texts_re,
)
from coopetition.text.clean import required_texts

if TYPE_CHECKING:
    from coopetition.reading.metadata.head import Line
    from coopetition.reading.metadata.outlet_model import OutletWords
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


def _names_in(
    line: str, patterns: tuple[re.Pattern, ...], rules: MetadataRules, *, quoted: bool = True
) -> Iterator[str]:
    """Every outlet name ``patterns`` credit on ``line``, in pattern order, cleaned; with ``quoted``,
    never one after 据/援引."""
    plan = _plan(patterns)
    if plan.union is not None and not plan.union.search(line):
        return  # the line holds none of the texts any pattern requires: most lines
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
            if name:
                yield name


def _outlet_in(line: str, patterns: tuple[re.Pattern, ...], rules: MetadataRules) -> str:
    """The first outlet ``patterns`` credit on ``line`` (:func:`_names_in`), or ``""``."""
    return next(_names_in(line, patterns, rules), "")


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


def _as_printed(name: str, lines: list[Line], outlets: Gazetteer) -> str:
    """``name``, or the outlet's full name when ``name`` abbreviates it and the page prints the
    full name too (``每经记者`` … ``《每日经济新闻》记者`` → 每日经济新闻): the page's own credit."""
    full = outlets.canonical(name)
    if not full or len(full) <= len(name):
        return name
    text = "\n".join(line.text for line in lines).replace(name, "")
    return full if full in text else name


def _outlet(head: list[Line], tail: list[Line], rules: MetadataRules, outlets: Gazetteer | None = None) -> str:
    """The outlet the page credits (:func:`outlet_and_kind`), as the page prints it."""
    return outlet_and_kind(head, tail, rules, outlets)[0]


def outlet_and_kind(
    head: list[Line],
    tail: list[Line],
    rules: MetadataRules,
    outlets: Gazetteer | None = None,
    words: OutletWords | None = None,
) -> tuple[str, str]:
    """``(outlet, kind)``: the outlet of the page as it prints it, and what decided it; ``("", "")``
    when nothing did. The name the credit rules would take (:func:`~coopetition.reading.metadata.
    outlet_model.rules_pick`) decides when the gazetteer knows it (or it is a ``《X》`` column): the
    gazetteer is general knowledge, not written from pages. Any other name, the rules' own included,
    is a candidate like those the page offers, and the best-scoring one passing the outlet score's
    threshold is the outlet (:func:`~coopetition.reading.metadata.outlet_model.best_outlet_index`):
    a credit rule written from some pages does not decide alone on a name no list knows; its
    kind, the name's form and its label are weighed, with weights learned by site-grouped CV."""
    outlets = current_outlets() if outlets is None else outlets
    credits = _credits(head, tail, rules)
    pick = rules_pick(credits, head, rules, outlets)
    if pick is not None and (outlets.canonical(pick.name) or pick.name.startswith("《")):
        return _as_printed(pick.name, [*head, *tail], outlets), pick.source  # a name the gazetteer knows decides
    candidates = outlet_candidates(head, tail, rules, outlets, credits, words, pick.name if pick else "")
    best = best_outlet_index(candidates)
    if best < 0:
        return "", ""
    return _as_printed(candidates[best].text, [*head, *tail], outlets), candidates[best].source


def _credits(head: list[Line], tail: list[Line], rules: MetadataRules) -> list[Credit]:
    """The names the credit rules find, as outlet candidates: a line's unguarded head credit
    (``来源:X``, ``X讯``…), else the wire a site quotes right after its dateline (``某某网3月20日消息
    据X报道``: the site's own name beside the date is none then), else every name at a position that
    section labels, columns and slogans share (``【X综合报道】``, ``X报道 …``, ``文|X``, a name beside a
    date); then each tail line's closing credit. Photo credits under pictures are none."""
    found: list[Credit] = []
    for index, line in enumerate(head):
        if line.kind in ("caption", "image"):
            continue  # "_来源:视觉中国_" under a picture credits the photo
        text = line.text
        if name := _head_credit(text, rules):
            found.append(Credit(name, index, "head_credit", text))
        elif wires := list(_names_in(text, rules.outlet_after_dateline, rules, quoted=False)):
            found.extend(Credit(name, index, "after_dateline", text) for name in wires)
        else:
            found.extend(
                Credit(name, index, "guarded_credit", text) for name in _names_in(text, rules.outlet_guarded, rules)
            )
    for line in tail:
        if line.kind not in ("caption", "image") and (name := _outlet_in(line.text, rules.outlet_tail, rules)):
            found.append(Credit(name, -1, "tail_credit", line.text))
    return found


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

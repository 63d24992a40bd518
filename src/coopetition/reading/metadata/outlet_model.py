"""Metadata, the outlet of a site no gazetteer knows: candidates read from the page itself, scored.

The credit rules (:mod:`~coopetition.reading.metadata.credits`) take a name at a
position that section labels and slogans share only when the gazetteer knows it.
On a site nobody listed, the outlet is unknown by definition; so when the rules
find nothing, every string at an outlet position becomes a candidate:

- a credit at a guarded position (``【X综合报道 记者 甲】``, ``X报道 …``, ``X 3月2日消息``,
  ``文|X``, ``X/记者``, ``X· 2025-11-02``), also without its channel and desk words
  (``环球网科技综合`` → ``环球网科技`` → ``环球网``);
- a word of a dateline (``编辑:甲 某某APP 时间:2025-07-22``);
- a short head line standing alone (a logo line);
- the site name after a title separator (``标题_某某网``, ``标题 - 某某``, ``标题｜某某``,
  ``(原标题:… | 某某)``);
- a copyright line (``©2025 某某网 版权所有``, ``Copyright … 某某``);
- ``某某客户端``, ``某某官方账号``.

Each gets the features of :data:`OUTLET_FEATURES`: where it was found, how
outlet-like it reads (an outlet suffix, a desk word, a section word, a slogan's
characters, length, Latin), whether the gazetteer knows it (a prior, not a
decision) and whether the page repeats it. A logistic regression fitted on the
development pages (``benchmarks/fit_outlet_model.py``; weights as plain numbers in
``data/outlet_model.toml``) scores them; the best candidate is the outlet when its
probability passes the model's threshold.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from coopetition._data import read_text
from coopetition.reading.metadata.head import _strip
from coopetition.reading.metadata.linear import LinearModel, load_linear_model
from coopetition.reading.metadata.rules import _CHANNEL_WORDS, _MIDDOT_RE, COPYRIGHT_MARKS, DATE_RE
from coopetition.text.patterns import longest_first

if TYPE_CHECKING:
    from coopetition.reading.metadata.head import Line
    from coopetition.reading.metadata.rules import Gazetteer, MetadataRules

#: where a candidate was found (one-hot): a credit rule's kind, or a position the page offers; then how it reads
SOURCES = (
    "head_credit",
    "after_dateline",
    "tail_credit",
    "guarded_credit",
    "dateline_word",
    "logo_line",
    "title_suffix",
    "copyright",
    "app_account",
)
#: the credit rules whose position no section label or slogan shares (``来源:X``, ``X讯``, ``本文为X原创``)
_UNGUARDED = ("head_credit", "after_dateline", "tail_credit")
OUTLET_FEATURES = (
    *SOURCES,
    "trimmed",
    "position",
    "in_tail",
    "known",
    "strong_suffix",
    "outlet_suffix",
    "desk_end",
    "section_affix",
    "short",
    "long",
    "latin",
    "slogan",
    "digits",
    "repeats",
    "after_byline_label",
    "person_like",
    "logo_suffix",
    "credit_word",
    "prose_line",
    "credit_label",
    "account_form",
    "rules_pick",
)


@dataclass(frozen=True, eq=False)
class OutletWords:
    """The word lists of ``data/outlet_words.toml``."""

    outlet_suffixes: tuple[str, ...]
    desk_words: tuple[str, ...]
    section_words: frozenset[str]
    slogan_chars: frozenset[str]
    byline_labels: tuple[str, ...]
    surnames: tuple[str, ...]
    credit_labels: tuple[str, ...]
    account_marks: tuple[str, ...]
    placeholder_ends: tuple[str, ...]

    @functools.cached_property
    def trim_ends(self) -> tuple[str, ...]:
        """The channel and desk words a name may end with, longest first."""
        return tuple(longest_first({*_CHANNEL_WORDS, *self.desk_words}))

    @functools.cached_property
    def section_affixes(self) -> tuple[str, ...]:
        return tuple(w for w in self.section_words if len(w) >= 2 and w not in self.outlet_suffixes)


_WORD_LISTS = (
    "outlet_suffixes",
    "desk_words",
    "section_words",
    "slogan_chars",
    "byline_labels",
    "surnames",
    "credit_labels",
    "account_marks",
    "placeholder_ends",
)


def load_outlet_words(source: str | None = None, *, where: str = "outlet_words.toml") -> OutletWords:
    """Read the outlet word lists (default: the packaged ``data/outlet_words.toml``).

    Raises:
        ValueError: naming the file when a list is missing or holds anything but non-empty strings.
    """
    spec = tomllib.loads(source if source is not None else read_text("outlet_words.toml"))
    lists = {}
    for key in _WORD_LISTS:
        value = spec.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{where}: {key} must be a non-empty list of non-empty strings")
        lists[key] = value
    return OutletWords(
        tuple(lists["outlet_suffixes"]),
        tuple(lists["desk_words"]),
        frozenset(lists["section_words"]),
        frozenset(lists["slogan_chars"]),
        tuple(lists["byline_labels"]),
        tuple(lists["surnames"]),
        tuple(lists["credit_labels"]),
        tuple(lists["account_marks"]),
        tuple(lists["placeholder_ends"]),
    )


def load_outlet_model(source: str | None = None, *, where: str = "outlet_model.toml") -> LinearModel:
    """Read the outlet score's weights (default: the packaged ``data/outlet_model.toml``).

    Raises:
        ValueError: naming the file when a feature of :data:`OUTLET_FEATURES` has no weight,
            an unknown feature is weighted, or a weight is not a number.
    """
    text = source if source is not None else read_text("outlet_model.toml")
    return load_linear_model(text, OUTLET_FEATURES, where=where, what="outlet")


@functools.cache
def outlet_words() -> OutletWords:
    return load_outlet_words()


@functools.cache
def outlet_model() -> LinearModel:
    return load_outlet_model()


class Credit(NamedTuple):
    """A name a credit rule found (``credits._credits``): its head line's index (-1 in the tail), the
    rule's kind (one of :data:`SOURCES`) and the line's text."""

    name: str
    line_index: int
    source: str
    line: str


class OutletCandidate(NamedTuple):
    """A string at an outlet position, with its features and where it was found (one of the sources)."""

    text: str
    features: tuple[float, ...]
    source: str = ""


_COPYRIGHT_RE = re.compile(r"©|\(c\)|copyright|版权所有|版权归", re.IGNORECASE)
_COPYRIGHT_DROP_RE = re.compile(
    r"©|\(c\)|copyright|all rights? reserved|版权所有|版权归|保留所有权利|不得转载|\d{4}(\s*-\s*\d{4})?|[.,:;()@]",
    re.IGNORECASE,
)
_APP_RE = re.compile(r"(?P<outlet>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?P<kind>客户端|官方账号|官方帐号|官方微博)")
#: texts an app account holds: a line without them runs no regex
_APP_KINDS = ("客户端", "官方账号", "官方帐号", "官方微博")
#: characters no outlet name holds: separators of breadcrumbs, menus and title-site pairs
_NO_NAME_CHARS = frozenset("-_|｜丨>›»/\\")
#: the kinds of the credit rules' names (:class:`Credit`): one holding a separator is cut into its names
_RULE_KINDS = ("head_credit", "after_dateline", "tail_credit", "guarded_credit")
_NAME_PARTS_RE = re.compile(r"[-_|｜丨>›»/\\]+")
#: a space between two Han characters: names in a row (``甲 乙 深圳报道``), never one outlet's name
_HAN_GAP_RE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
_GLUED_SITE_RE = re.compile(r"^.{6,}?\s*-\s*([^\s-]{2,12})$")
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")
_DATELINE_SPLIT_RE = re.compile(r"[\s·|丨/,]+")
_LABEL_RE = re.compile(r"^[^:]{1,6}:")
#: what follows an outlet's name in a credit, perhaps after a date: 报道, 消息, 讯, 记者, 电, 获悉
_CREDIT_WORD_RE = re.compile(
    r"\s*》?\s*(?:(?:19|20)\d{2}\s*年\s*)?(?:\d{1,2}\s*月\s*\d{1,2}\s*日)?\s*(?:早间|午间|晚间|上午|下午|晚)?\s*"
    r"(?:综合)?(?:报道|报导|消息|讯|记者|电|获悉|专讯|快讯|独家)"
)


class _Raw(NamedTuple):
    """A string at an outlet position before its features: where it was found and what stands around it."""

    text: str
    source: str
    line_index: int  # its head line, -1 in the tail
    trimmed: bool  # a channel or desk word cut off its end
    labelled: bool  # right after a byline label (文/, 编辑:)
    credit_label: bool  # right after a credit label (来源:, 转载自, 本文来自)
    account: bool  # its line names an account (公众号, 微信号, ID:)
    credit_word: bool  # a credit word follows it on its line (X报道, X 3月2日消息, X记者)
    prose_line: bool  # its line is prose (long, or holding 。!?;)


def _clean_outlet(name: str, rules: MetadataRules) -> str:
    """``name`` without the marks around a credit, or ``""`` when it is too short or no outlet (本报, 网友…)."""
    name = _MIDDOT_RE.sub("·", _strip(name, rules.outlet_strip))
    if len(name) < 2 or name in rules.not_outlets or name.startswith(_long_not_outlets(rules)):
        return ""
    return name


@functools.lru_cache(maxsize=8)
def _long_not_outlets(rules: MetadataRules) -> tuple[str, ...]:
    """The words of ``rules.not_outlets`` longer than two characters: no outlet starts with one (视觉中国…)."""
    return tuple(sorted(n for n in rules.not_outlets if len(n) > 2))


def _ends_with(name: str, suffixes: tuple[str, ...]) -> bool:
    """``name`` ends with one of ``suffixes`` and has two characters before it (某某网, not 财报)."""
    return name.endswith(suffixes) and any(name.endswith(s) and len(name) >= len(s) + 2 for s in suffixes)


def _all_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _trimmed(name: str, words: OutletWords) -> list[str]:
    """``name`` less the channel and desk words it ends with, one at a time (环球网科技综合 → 环球网科技 → 环球网)."""
    out: list[str] = []
    while name.endswith(words.trim_ends):
        cut = next((w for w in words.trim_ends if name.endswith(w) and len(name) - len(w) >= 2), "")
        if not cut:
            return out
        name = name[: -len(cut)]
        out.append(name)
    return out


def _raw_candidates(
    head: list[Line], tail: list[Line], rules: MetadataRules, credits: Sequence[Credit], words: OutletWords
) -> list[_Raw]:
    """Every string at an outlet position of the page (tail lines get index -1)."""
    found: list[_Raw] = []
    line = ""

    def add(name: str, source: str, index: int) -> None:
        name = name.strip(" \t“”\"'《》「」【】()")
        if source in _RULE_KINDS and any(ch in _NO_NAME_CHARS for ch in name):
            for part in _NAME_PARTS_RE.split(name):  # "来源:某某网-某某日报": each outlet is a candidate
                if part and not any(ch in _NO_NAME_CHARS for ch in part):
                    add(part, source, index)
            return
        if 2 <= len(name) <= 20:
            at = line.find(name)
            labelled = at > 0 and any(label in line[max(0, at - 4) : at] for label in words.byline_labels)
            credit_label = at > 0 and any(label in line[max(0, at - 8) : at] for label in words.credit_labels)
            account = any(mark in line for mark in words.account_marks)
            credit = at >= 0 and bool(_CREDIT_WORD_RE.match(line, at + len(name)))
            prose = not rules.dateline_shaped(line)
            marks = (labelled, credit_label, account, credit, prose)
            found.append(_Raw(name, source, index, False, *marks))
            found.extend(_Raw(t, source, index, True, *marks) for t in _trimmed(name, words))

    for credit in credits:
        line = credit.line
        add(credit.name, credit.source, credit.line_index)

    for index, head_line in enumerate(head):
        if head_line.kind in ("caption", "image"):
            continue
        text = line = head_line.text
        if (DATE_RE.search(text) or _TIME_RE.search(text)) and rules.dateline_shaped(text):
            for token in _DATELINE_SPLIT_RE.split(_TIME_RE.sub(" ", DATE_RE.sub(" ", text))):
                if not _LABEL_RE.match(token) and not any(ch.isdigit() for ch in token):
                    add(token.rstrip(":"), "dateline_word", index)
        if head_line.kind in ("text", "heading") and len(text) <= 12 and "。" not in text:
            add(text, "logo_line", index)
        if index < 3:
            parts = [p for p in rules.site_separator.split(text.strip("()")) if p.strip()]
            glued = _GLUED_SITE_RE.match(text)
            if len(parts) >= 2:
                add(parts[-1], "title_suffix", index)
            elif glued:  # "标题-某某网": a bare hyphen, the model judges the name after it
                add(glued.group(1), "title_suffix", index)
    for index, any_line in [*enumerate(head), *((-1, t) for t in tail)]:
        line = any_line.text
        if any(mark in line for mark in COPYRIGHT_MARKS) and _COPYRIGHT_RE.search(line):
            rest = _COPYRIGHT_DROP_RE.sub(" ", line).split()
            if rest:  # "©2025 某某网 版权所有" → 某某网; "Copyright © 2025 Some News" → Some News
                add(" ".join(rest[:4]) if rest[0].isascii() and len(rest) <= 4 else rest[0], "copyright", index)
        for match in _APP_RE.finditer(line) if any(kind in line for kind in _APP_KINDS) else ():
            if not any(kind in match.group("outlet") for kind in ("官方", "客户")):
                add(match.group("outlet"), "app_account", index)
    return found


def rules_pick(credits: Sequence[Credit], head: list[Line], rules: MetadataRules, outlets: Gazetteer) -> Credit | None:
    """The name the credit rules alone would take, as a :class:`Credit`: the first (head first, then
    tail) that an unguarded rule found, or that a guarded rule found and the gazetteer vouches for (a
    known name, or its known part before a channel word: 环球网科技 → 环球网), a ``《X》`` column, or a
    name with a strong suffix (某某日报, 某某网); else a known outlet printed as a word of a dateline
    (``dateline_known``), else a head line that is nothing but a known outlet's name (``logo_known``).
    When the gazetteer knows the name, it decides; else it is a feature of the candidate it names."""
    for credit in credits:
        name = _clean_outlet(credit.name, rules)
        if not name:
            continue
        if credit.source in _UNGUARDED or name.startswith("《") or outlets.canonical(name):
            return credit._replace(name=name)
        if prefix := outlets.known_prefix(name):
            return credit._replace(name=prefix)
        if _ends_with(name, rules.strong_suffixes):
            return credit._replace(name=name)
    for index, line in enumerate(head):
        text = line.text
        if line.kind not in ("caption", "image") and DATE_RE.search(text) and rules.dateline_shaped(text):
            for token in _DATELINE_SPLIT_RE.split(DATE_RE.sub(" ", text)):
                if len(token) >= 3 and outlets.canonical(token) and _clean_outlet(token, rules):
                    return Credit(token, index, "dateline_known", text)
    for index, line in enumerate(head):
        if line.kind == "text" and len(line.text) >= rules.standalone_chars and outlets.canonical(line.text):
            return Credit(line.text, index, "logo_known", line.text)
    return None


def outlet_candidates(
    head: list[Line],
    tail: list[Line],
    rules: MetadataRules,
    outlets: Gazetteer,
    credits: Sequence[Credit] = (),
    words: OutletWords | None = None,
    pick: str = "",
) -> list[OutletCandidate]:
    """Every string at an outlet position of the page, with the features of :data:`OUTLET_FEATURES`;
    ``credits``: the names the credit rules found (``credits._credits`` collects them); ``words``: the
    word lists (default: the packaged ones; the honest CV passes lists less the words one held-out site
    could have taught); ``pick``: the name the rules alone would take (:func:`rules_pick`)."""
    words = outlet_words() if words is None else words
    page = "\n".join(line.text for line in (*head, *tail))
    candidates = []
    for raw in _raw_candidates(head, tail, rules, credits, words):
        source, index = raw.source, raw.line_index
        name = _clean_outlet(raw.text, rules)
        if (
            not name
            or name in words.section_words
            or name.endswith(words.placeholder_ends)
            or any(ch in _NO_NAME_CHARS for ch in name)
            or _HAN_GAP_RE.search(name)
        ):
            continue  # a section label, a CMS placeholder, a breadcrumb, a title with its site, names in a row
        n = len(name)
        suffixed = _ends_with(name, words.outlet_suffixes)
        features = (
            *(float(source == s) for s in SOURCES),
            float(raw.trimmed),
            1.0 / (1 + index) if index >= 0 else 0.0,
            float(index < 0),
            float(bool(outlets.canonical(name) or outlets.known_prefix(name))),
            float(_ends_with(name, rules.strong_suffixes)),
            float(suffixed),
            float(name.endswith(words.desk_words)),
            float(name.startswith(words.section_affixes) or name.endswith(words.section_affixes)),
            float(n <= 2),
            float(n > 10),
            float(name.isascii()),
            float(any(ch in words.slogan_chars for ch in name)),
            float(any(ch.isdigit() for ch in name)),
            min(page.count(name) - 1, 3) / 3,
            float(raw.labelled),
            float(2 <= n <= 3 and not suffixed and name.startswith(words.surnames) and _all_han(name)),
            float(source == "logo_line" and suffixed),
            float(raw.credit_word),
            float(raw.prose_line),
            float(raw.credit_label),
            float(raw.account),
            float(name == pick),
        )
        candidates.append(OutletCandidate(name, features, source))
    return candidates


def best_outlet_index(candidates: list[OutletCandidate], model: LinearModel | None = None) -> int:
    """The index of the best-scoring candidate when its probability passes the model's threshold, else -1."""
    return (model or outlet_model()).best_index([c.features for c in candidates])

"""Metadata, the rules as data: fields, the rule set (``data/metadata.toml``) and the outlet gazetteer (``data/outlets.tsv``), each read on first use."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from coopetition._data import read_text
from coopetition.text.clean import compose, fold_width, normalize_newlines, strip_reading_annotations, to_simplified
from coopetition.text.patterns import alternation, longest_first

#: the metadata columns this module fills
METADATA_FIELDS = ("title", "outlet", "site", "date", "author", "url")

#: texts every copyright line holds one of (© 2025 某某网, Copyright …, 版权所有): a line without them is no copyright line
COPYRIGHT_MARKS = ("©", "版权", "opyright", "OPYRIGHT", "(c)", "(C)")
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

    def dateline_shaped(self, text: str) -> bool:
        """True when ``text`` is short enough for a dateline and holds no prose mark: a line a date
        or a credit may stand on alone, not a sentence that mentions one."""
        return len(text) <= self.dateline_chars and not self.prose_marks.search(text)


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"metadata rule {where} = {pattern!r} does not compile: {exc}") from None


def _not_xun_word(words: list[str]) -> str:
    """A lookbehind for each of ``outlet.xun_words`` without its 讯: the 讯 after it ends that word.

    Raises:
        ValueError: a word does not end in 讯 or is 讯 alone.
    """
    for word in words:
        if not isinstance(word, str) or len(word) < 2 or not word.endswith("讯"):
            raise ValueError(f"metadata.toml: outlet.xun_words: {word!r} is not a word ending in 讯")
    return "".join(f"(?<!{re.escape(word[:-1])})" for word in longest_first(words, what="outlet.xun_words"))


def load_metadata_rules(source: str | None = None) -> MetadataRules:
    """Read and compile the metadata rules from TOML text (default: the packaged ``metadata.toml``).

    Raises:
        ValueError: naming the rule when a pattern does not compile.
    """
    spec = tomllib.loads(source if source is not None else read_text("metadata.toml"))
    limits, title, outlet, date, author = (spec[k] for k in ("limits", "title", "outlet", "date", "author"))
    suffix = alternation(
        outlet["suffixes"], what=f"{'metadata.toml' if source is None else 'metadata rules'}: outlet.suffixes"
    )
    not_xun_word = _not_xun_word(outlet["xun_words"])

    def many(table: dict, key: str) -> tuple[re.Pattern, ...]:
        return tuple(
            _compile(p.replace("{suffix}", suffix).replace("{not_xun_word}", not_xun_word), key) for p in table[key]
        )

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


@functools.cache
def metadata_rules() -> MetadataRules:
    """The package's own rules (``data/metadata.toml``), read and compiled on first use, then kept."""
    return load_metadata_rules()


# --- the outlet gazetteer -----------------------------------------------------------------

#: what a portal or outlet appends to its name for a channel: "环球网科技" is 环球网's tech desk
_CHANNEL_WORDS = (
    "科技",
    "财经",
    "综合",
    "频道",
    "客户端",
    "APP",
    "app",
    "新闻",
    "资讯",
    "娱乐",
    "体育",
    "汽车",
    "国际",
)
_OUTLET_KINDS = frozenset(
    {"agency", "paper", "broadcaster", "portal", "tech", "business", "self_media", "hk", "macau", "tw", "overseas"}
)
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
        if not name.endswith(_CHANNEL_WORDS):
            return ""  # most names: no channel word at the end, no lookup
        for cut in range(len(name) - 1, 1, -1):
            head, rest = name[:cut], name[cut:]
            if rest in _CHANNEL_WORDS and self.canonical(head):
                return head
        return ""

    def without(self, names: Iterable[str]) -> Gazetteer:
        """This gazetteer less every outlet ``names`` names (all of its forms), and those names
        themselves: what the gazetteer would be had no one written those outlets in."""
        gone = {self.canonical(name) for name in names if name} - {""}
        keys = {_outlet_key(n) for name in names if name for n in (name, normalize_text(name))}
        return Gazetteer({k: v for k, v in self.names.items() if v not in gone and k not in keys})


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
                raise ValueError(
                    f"{where}: line {number}: the header must be name, aliases, kind, region (tab-separated), not {line!r}"
                )
            header_seen = True
            continue
        if len(cells) != 4 or not cells[0].strip():
            raise ValueError(f"{where}: line {number}: a row needs a name and four tab-separated columns, not {line!r}")
        name, aliases, kind, region = (c.strip() for c in cells)
        if kind not in _OUTLET_KINDS or region not in _REGIONS:
            raise ValueError(
                f"{where}: line {number}: kind {kind!r} / region {region!r} is not one of {sorted(_OUTLET_KINDS)} / {sorted(_REGIONS)}"
            )
        canonical = normalize_text(name)
        for form in (name, *aliases.split("｜")):
            if form.strip():
                names.setdefault(_outlet_key(form), canonical)
                names.setdefault(_outlet_key(normalize_text(form)), canonical)  # folded widths, simplified
    if not header_seen:
        raise ValueError(f"{where}: no header line (name, aliases, kind, region)")
    return Gazetteer(names)


@functools.cache
def known_outlets() -> Gazetteer:
    """The package's outlet gazetteer (``data/outlets.tsv``), read on first use, then kept."""
    return load_outlets()


#: the gazetteer standing in for the packaged one inside :func:`outlets_in_use` (``None``: the packaged one).
#: A context variable, not module state: each thread and each asyncio task sees only its own ``with`` block.
_STAND_IN: contextvars.ContextVar[Gazetteer | None] = contextvars.ContextVar("outlets_in_use", default=None)


def current_outlets() -> Gazetteer:
    """The gazetteer the rules read: the packaged one, or the one :func:`outlets_in_use` put in its place."""
    stand_in = _STAND_IN.get()
    return known_outlets() if stand_in is None else stand_in


@contextlib.contextmanager
def outlets_in_use(outlets: Gazetteer) -> Iterator[Gazetteer]:
    """Read metadata with ``outlets`` as the gazetteer inside the ``with`` block: the benchmark
    scores each page with its own outlet taken out, as a site the gazetteer never heard of.
    Scoped to the block and to the calling thread or task (a :class:`contextvars.ContextVar`):
    another thread reading metadata meanwhile still reads the packaged gazetteer."""
    if not isinstance(outlets, Gazetteer):
        raise TypeError(f"outlets_in_use: outlets must be a Gazetteer, not {type(outlets).__name__}")
    token = _STAND_IN.set(outlets)
    try:
        yield outlets
    finally:
        _STAND_IN.reset(token)


def texts_re(texts: Iterable[str]) -> re.Pattern | None:
    """One search that finds any of ``texts`` (longest first), or ``None`` when there are none: a
    line the search misses holds none of them (:func:`~coopetition.text.clean.holds_one` as one regex)."""
    texts = longest_first(texts)
    return re.compile(alternation(texts)) if texts else None


def __getattr__(name: str):
    """``RULES`` and ``OUTLETS`` (the package's rules and gazetteer) are read on first use, not at import."""
    if name == "RULES":
        return metadata_rules()
    if name == "OUTLETS":
        return known_outlets()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Cleaning, the furniture rule engine: boilerplate rules as data (``data/boilerplate.toml``), compiled and pre-filtered."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from coopetition._check import require_text
from coopetition._data import read_text
from coopetition.text.clean.pattern_reading import max_width, required_literals

# --- boilerplate (rules are data) -----------------------------------------------------


def _any_of(patterns: tuple[re.Pattern, ...], flags: int = 0) -> re.Pattern | None:
    """One compiled pattern matching where any of ``patterns`` matches (one pass, not one per rule)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags)


@dataclass(frozen=True)
class _LineRule:
    """A rule set matched line by line, found by a few scans of the whole text.

    All rules are OR-ed into one pattern per kind: rules anchored at the line
    start share one ``^(?:…)`` (one cheap test per position, a real try per
    line), those that can only match a short line also share a length test, and
    the rest are searched for anywhere. Each candidate line is confirmed by
    ``line`` on the line alone, so a pattern whose ``\\s`` could reach across a
    newline in the whole text still means what it says on one line.
    """

    line: re.Pattern
    scans: tuple[re.Pattern, ...]
    #: per scan, texts one of which a match holds (:func:`required_texts`): a text holding none is not searched
    needs: tuple[tuple[str, ...], ...]
    #: the anchored rules as ``^(?:…)`` (tried on the first line) and as ``\n(?:…)``
    #: (searched for: a literal first character is found at C speed, where ``^``
    #: in multiline mode is tried at every position of the text)
    first: re.Pattern | None = None
    led: re.Pattern | None = None

    def lines(self, text: str, start: int = 0) -> Iterator[tuple[int, int]]:
        """(start, end) offsets of each line of ``text`` (from offset ``start``, a
        line start) that matches, in order."""
        begins: set[int] = set()
        if self.first is not None and self.first.match(text, start):
            begins.add(start)
        scans = [(scan, 0, start) for scan, texts in zip(self.scans, self.needs) if holds_one(text, texts)]
        if self.led is not None:  # a match starts at the line break before the line
            scans.append((self.led, 1, max(start - 1, 0)))
        for scan, offset, pos in scans:
            while (match := scan.search(text, pos)) is not None:
                at = match.start() + offset
                begin = text.rfind("\n", 0, at) + 1
                end = text.find("\n", at)
                if begin < at or end != at:
                    begins.add(begin)
                if end < 0:
                    break
                pos = end + 1 - offset
        for begin in sorted(begins):
            end = text.find("\n", begin)
            end = len(text) if end < 0 else end
            if begin < end and self.line.search(text[begin:end]):
                yield begin, end


def _line_rule(patterns: tuple[re.Pattern, ...]) -> _LineRule | None:
    """Build the scans of a rule set (see :class:`_LineRule`).

    Anchored rules are sorted by the longest line they can match: one branch
    for any length, and one per :data:`_WIDTH_TIERS` step behind a length test,
    so a long body line is tried against few rules. An anchored rule that
    starts with ``^.{0,N}`` is scanned for without that part, anywhere (its
    candidates are confirmed on the line).
    """
    line = _any_of(patterns)
    if line is None:
        return None
    anchored = [p for p in patterns if p.pattern.startswith("^") and "|" not in _top_level(p.pattern)]
    floating = [re.compile(_LEADING_ANY_RE.sub("", p.pattern)) for p in anchored if _LEADING_ANY_RE.match(p.pattern)]
    anchored = [p for p in anchored if not _LEADING_ANY_RE.match(p.pattern)]
    floating += [p for p in patterns if not p.pattern.startswith("^") or "|" in _top_level(p.pattern)]
    widths = {p: _max_line_width(p) for p in anchored}
    # tiers nest, widest outside: a long line fails one length test, not one per tier
    nested, lower_bounds = "", (0, *_WIDTH_TIERS)
    for lower, upper in zip(lower_bounds, (*_WIDTH_TIERS, float("inf"))):
        tier = [f"(?:{p.pattern[1:]})" for p in anchored if lower < widths[p] <= upper]
        if tier:  # a tier without rules of its own adds no length test
            inner = "|".join(tier + ([nested] if nested else []))
            # (possessive: a line over the limit fails at once instead of trying every shorter length)
            nested = inner if upper == float("inf") else f"(?=[^\\n]{{1,{upper}}}+$)(?:{inner})"
    first = re.compile(f"^(?:{nested})", re.M) if nested else None
    led = re.compile(f"\n(?:{nested})", re.M) if nested else None
    # each floating rule scanned alone: a literal start is searched for at C speed,
    # which an alternation of them loses
    scans = tuple(re.compile(p.pattern, re.M) for p in floating)
    return _LineRule(line, scans, tuple(map(required_texts, scans)), first, led)


#: an anchored rule that skips up to N characters first: "^.{0,40}(未经|…)"
_LEADING_ANY_RE = re.compile(r"\^\.\{0,\d+\}")
#: line-length steps: a rule that can only match lines of up to 64 characters is
#: not tried on a line of 100
_WIDTH_TIERS = (64, 160)


def _max_line_width(pattern: re.Pattern) -> int | float:
    """The longest line an anchored pattern ending in ``$`` can match (else infinity)."""
    top = _top_level(pattern.pattern)
    if not top.endswith("$") or top.endswith("\\$"):
        return float("inf")
    width = max_width(pattern.pattern)  # read off the source (pattern_reading): no private stdlib parser
    return int(width) if width != float("inf") else width


def _top_level(pattern: str) -> str:
    """The characters of a pattern outside brackets and groups (to see a top-level ``|``)."""
    depth, out, escaped, in_class = 0, [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=512)
def required_texts(pattern: re.Pattern) -> tuple[str, ...]:
    """Literal texts one of which every match of ``pattern`` holds, or ``()``.

    Read off the pattern's top level by :mod:`~coopetition.text.clean.pattern_reading`: its longest literal
    run (``人阅读`` in ``\\d\\s{0,2}人阅读``), or a group or alternation every match
    passes through, one text per branch (``(未经|禁止)…`` gives ``未经``, ``禁止``),
    whichever has the longest shortest text. A rule is searched for only in text
    holding one of them: a substring test at C speed instead of a regex search
    that cannot start from a literal and is tried at every position.

    Example:
        >>> required_texts(re.compile(r"(作者|文)\\s*[|丨/:]"))
        ('作者', '文')
    """
    return required_literals(pattern.pattern, pattern.flags)


def holds_one(text: str, texts: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``texts`` (from :func:`required_texts`; ``()`` holds always)."""
    if len(texts) == 1:  # most rules: one substring test
        return texts[0] in text
    return not texts or any(t in text for t in texts)


def _drop_lines(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, int]:
    """``text`` without the lines at ``spans`` (each with its newline)."""
    out, last, n = [], 0, 0
    for begin, end in spans:
        out.append(text[last:begin])
        last, n = end + 1, n + 1
    if not n:
        return text, 0
    out.append(text[last:])
    return "".join(out).rstrip("\n") if last > len(text) else "".join(out), n


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled furniture rules: see ``data/boilerplate.toml`` for their meaning."""

    lines: tuple[re.Pattern, ...]
    prefixes: tuple[re.Pattern, ...]
    footers: tuple[re.Pattern, ...]
    toc: tuple[re.Pattern, ...]
    outlets: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    inline: tuple[re.Pattern, ...] = ()
    tail_footers: tuple[re.Pattern, ...] = ()
    more_links: tuple[re.Pattern, ...] = ()

    #: compiled once, in ``__post_init__``: one pass per line, not one per rule
    line_re: _LineRule | None = field(init=False, repr=False, compare=False)
    prefix_re: _LineRule | None = field(init=False, repr=False, compare=False)
    footer_re: _LineRule | None = field(init=False, repr=False, compare=False)
    tail_footer_re: _LineRule | None = field(init=False, repr=False, compare=False)
    toc_re: _LineRule | None = field(init=False, repr=False, compare=False)
    inline_re: re.Pattern | None = field(init=False, repr=False, compare=False)
    more_link_re: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, key, build in _COMBINED:
            object.__setattr__(self, name, build(getattr(self, key)))


#: (attribute, rule key, how its rules are combined)
_COMBINED = (
    ("line_re", "lines", _line_rule),
    ("prefix_re", "prefixes", _line_rule),
    ("footer_re", "footers", _line_rule),
    ("tail_footer_re", "tail_footers", _line_rule),
    ("toc_re", "toc", _line_rule),
    ("inline_re", "inline", _any_of),
    ("more_link_re", "more_links", _any_of),
)
_RULE_KEYS = ("lines", "prefixes", "footers", "toc", "inline", "tail_footers", "more_links")


def load_boilerplate_rules(source: str | None = None) -> BoilerplateRules:
    """Read and compile boilerplate rules from TOML text (default: the packaged file).

    Raises:
        ValueError: naming the rule when a pattern does not compile, or the TOML
            when it does not parse.
    """
    if source is None:
        source = read_text("boilerplate.toml")
    try:
        spec = tomllib.loads(require_text(source, "source"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"boilerplate rules are not valid TOML: {exc}") from None
    tables = [spec.get("generic", {}), *spec.get("outlets", {}).values()]

    def compiled(key: str, patterns: Iterable[str]) -> tuple[re.Pattern, ...]:
        out = []
        for pattern in patterns:
            try:
                out.append(re.compile(pattern))
            except re.error as exc:
                raise ValueError(f"boilerplate rule {key} = {pattern!r} does not compile: {exc}") from None
        return tuple(out)

    rules = {key: compiled(key, [p for table in tables for p in table.get(key, [])]) for key in _RULE_KEYS}
    outlets = tuple(
        (name, compiled("detect", table.get("detect", []))) for name, table in spec.get("outlets", {}).items()
    )
    return BoilerplateRules(outlets=outlets, **rules)


@functools.cache
def boilerplate_rules() -> BoilerplateRules:
    """The package's own rules (``data/boilerplate.toml``), read and compiled on first use, then kept."""
    return load_boilerplate_rules()


def __getattr__(name: str) -> BoilerplateRules:
    """``BOILERPLATE``, the package's rules, is read on first use rather than at import."""
    if name == "BOILERPLATE":
        return boilerplate_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def detect_outlet(text: str, *, rules: BoilerplateRules | None = None) -> str:
    """Name the outlet whose ``detect`` patterns match a line of cleaned-script text, or ``""``."""
    rules = boilerplate_rules() if rules is None else rules
    lines = require_text(text).split("\n")
    for name, patterns in rules.outlets:
        if any(p.search(line) for p in patterns for line in lines):
            return name
    return ""


def _line_index(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


#: a footer cut that removes more than this share of an article's characters is warned

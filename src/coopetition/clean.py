"""Cleaning: turn a raw scraped article into clean, simplified text.

Every step is a small pure ``str -> str`` function (a :class:`Step`) that also
knows how to count what it changed, so a corpus can carry a cleaning report.
The default chain, :data:`CLEANING_CHAIN`, lists the steps in the order they
run; build your own chain for another corpus with :func:`compose`::

    >>> from coopetition.clean import compose, strip_reading_annotations, to_simplified
    >>> compose(strip_reading_annotations, to_simplified)("網(wǎng)絡(luò)")
    '网络'

Site furniture (datelines, bylines, footers) is declared as data in
``data/boilerplate.toml``, not in code.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
import opencc

from coopetition._data import data_lines, read_text

__all__ = [
    "Step",
    "compose",
    "normalize_newlines",
    "strip_reading_annotations",
    "remove_encoding_damage",
    "to_simplified",
    "fold_width",
    "normalize_whitespace",
    "drop_footer",
    "drop_toc",
    "drop_boilerplate_lines",
    "strip_line_prefixes",
    "drop_duplicate_lines",
    "CLEANING_CHAIN",
    "clean_text",
    "clean_with_report",
    "detect_script",
    "detect_outlet",
    "BoilerplateRules",
    "load_boilerplate_rules",
]

# --- character classes -------------------------------------------------------

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: one pinyin syllable carrying a tone mark (the glosses in the seeds all do)
PINYIN_SYLLABLE = rf"[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}"

# --- compiled patterns -------------------------------------------------------

#: a reading annotation glued after a character: 網(wǎng), 業(yè), A(chǔ)
ANNOTATION_RE = re.compile(rf"(?<=\S)[(（]{PINYIN_SYLLABLE}[)）]")

#: a gloss whose "(" was eaten by a misaligned GBK decode: ?nèi)
_ORPHAN_GLOSS = rf"\?{PINYIN_SYLLABLE}\)"
#: spans garbled by a byte-misaligned GBK decode. Three shapes, all starting at
#: the "?" the decoder put in place of an unreadable byte:
#:   ??焓值膬?nèi)  -- misaligned characters ending in an orphan gloss
#:   ?jī)?yōu)  ?dú)w  ?yè)P -- orphan glosses, with the stray trail byte
#:   ??焓峙c      -- misaligned characters ending in a stray ASCII trail byte
#: and any U+FFFD replacement characters. A lone "?" between sentences is
#: punctuation and is kept.
DAMAGE_RE = re.compile(
    rf"(?:\?{{2}}[{CJK}]{{1,8}}?)?(?:{_ORPHAN_GLOSS})+(?:[A-Za-z](?![A-Za-z]))?"
    rf"|\?{{2}}[{CJK}]{{1,8}}?[\x40-\x7e](?=[{CJK}])"
    r"|\ufffd+"
)

_FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
_CJK_CHAR_RE = re.compile(f"[{CJK}]")
_SCRIPT_SAMPLE = 4000
_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_HSPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’,.;:!?()\\-—|"
#: a space between CJK text and a digit, letter or mark carries nothing ("9 月 30 日");
#: a space between two CJK characters separates phrases in headlines and is kept
_CJK_SPACE_RE = re.compile(
    rf"(?<=[{CJK}{_PUNCT}]) +(?![{CJK}])"
    rf"|(?<![{CJK}]) +(?=[{CJK}{_PUNCT}])"
    rf"|(?<=[{_PUNCT}]) +|(?<! ) +(?=[{_PUNCT}])"
)
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")
_ELLIPSIS_END_RE = re.compile(r"(\.{3,}|…+)$")

_T2S = opencc.OpenCC("t2s")


#: words in which 著 is zhù; everywhere else a converted 著 is the particle 着
_ZHU_RE = re.compile("|".join(sorted(data_lines("zhu_words.txt"), key=len, reverse=True)))
_ZHE_RE = re.compile("著")
_PLACEHOLDER = "\U000f0000"


# --- the step type -------------------------------------------------------------


@dataclass
class Step:
    """A named cleaning step: call it as ``str -> str``; ``apply`` also counts.

    Args:
        name: the column suffix in the cleaning report (``n_<name>``).
        func: ``(text, **options) -> (new_text, count)``.
        unit: what ``count`` counts, for the report's legend.
    """

    name: str
    func: Callable[..., tuple[str, int]] = field(repr=False)
    unit: str = "items"

    def __call__(self, text: str, **options) -> str:
        return self.func(text, **options)[0]

    def apply(self, text: str, **options) -> tuple[str, int]:
        """Return the cleaned text and how many items this step changed or removed."""
        return self.func(text, **options)


def compose(*steps: Callable[[str], str]) -> Callable[[str], str]:
    """Chain ``str -> str`` functions left to right into one function."""

    def chained(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return chained


def _step(name: str, unit: str):
    def wrap(func: Callable[..., tuple[str, int]]) -> Step:
        step = Step(name, func, unit)
        functools.update_wrapper(step, func)  # type: ignore[arg-type]
        return step

    return wrap


# --- encoding-level steps ----------------------------------------------------------


@_step("crlf", "line endings")
def normalize_newlines(text: str) -> tuple[str, int]:
    """CRLF and lone CR become LF."""
    n = text.count("\r")
    return text.replace("\r\n", "\n").replace("\r", "\n"), n


@_step("annotations", "pinyin glosses")
def strip_reading_annotations(text: str) -> tuple[str, int]:
    """Remove pinyin glosses glued after characters: ``網(wǎng)`` → ``網``.

    Parentheses holding anything but one tone-marked pinyin syllable survive:
    ``(千次展示成本)``, ``(WXG)``, ``(1)``, ``(0條)``.
    """
    return ANNOTATION_RE.subn("", text)


@_step("damaged_spans", "garbled spans")
def remove_encoding_damage(text: str) -> tuple[str, int]:
    """Remove spans garbled by a misaligned GBK decode (see :data:`DAMAGE_RE`).

    ``通道??焓值膬?nèi)容`` → ``通道容``; ``合作之旅?這一`` is left alone.
    The characters under the damage are lost: they cannot be recovered
    from what was delivered, so the span is dropped and counted.
    """
    return DAMAGE_RE.subn("", text)


def detect_script(text: str, *, threshold: float = 0.02) -> str:
    """Return ``"traditional"`` when OpenCC t2s would change more than
    ``threshold`` of the CJK characters (of the first 4,000 characters of the
    text: a script shows in any page of it), else ``"simplified"``."""
    sample = "".join(_CJK_CHAR_RE.findall(text[:_SCRIPT_SAMPLE]))
    if not sample:
        return "simplified"
    changed = sum(map(str.__ne__, sample, _T2S.convert(sample)))
    return "traditional" if changed / len(sample) > threshold else "simplified"


@_step("simplified_chars", "characters converted")
def to_simplified(text: str) -> tuple[str, int]:
    """Traditional → simplified with OpenCC's ``t2s`` configuration.

    ``t2s`` (OpenCC's own standard, with its phrase table) is chosen over
    ``tw2s``/``hk2s``: these articles are mainland text machine-converted to
    traditional script, not Taiwan or Hong Kong writing. ``tw2s`` turns
    ``饿了么`` into ``饿了幺`` and ``显著`` into ``显着``; ``tw2sp`` would also
    rewrite vocabulary (``资讯`` → ``信息``). ``t2s`` keeps phrases right
    (``乾坤`` stays, ``乾淨`` → ``干净``) but leaves the particle ``著`` (``随著``)
    alone, so in a traditional text every ``著`` outside a zhù word
    (``data/zhu_words.txt``) becomes ``着``. Simplified text passes unchanged.
    """
    converted = _T2S.convert(text)
    if detect_script(text) == "traditional" and "著" in converted:
        kept = _ZHU_RE.sub(lambda m: m.group().replace("著", _PLACEHOLDER), converted)
        converted = _ZHE_RE.sub("着", kept).replace(_PLACEHOLDER, "著")
    return converted, sum(map(str.__ne__, text, converted))


@_step("width_folded", "characters folded")
def fold_width(text: str) -> tuple[str, int]:
    """Full-width ASCII forms become ASCII (``１２％`` → ``12%``, ``，`` → ``,``).

    The seeds write ``, ? ! : ; ( )`` as ASCII already; folding the rest keeps
    one form per mark. CJK marks with no ASCII twin (``。、“”《》【】``) stay.
    """
    folded = _FULLWIDTH_RE.sub(lambda m: " " if m.group() == "\u3000" else chr(ord(m.group()) - 0xFEE0), text)
    return folded, sum(map(str.__ne__, text, folded))


@_step("whitespace", "characters")
def normalize_whitespace(text: str) -> tuple[str, int]:
    """Trim lines, drop blank lines, and drop spaces next to CJK text.

    ``将于 9 月 30 日关闭`` → ``将于9月30日关闭``; ``B Color Link`` keeps its spaces.
    """
    out = _INVISIBLE_RE.sub("", text)
    out = _HSPACE_RE.sub(" ", out)
    out = "\n".join(_CJK_SPACE_RE.sub("", line.strip()) for line in out.split("\n"))
    out = _BLANK_LINES_RE.sub("\n", out).strip("\n")
    return out, len(text) - len(out)


# --- boilerplate (rules are data) -----------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled furniture rules: see ``data/boilerplate.toml`` for their meaning."""

    lines: tuple[re.Pattern, ...]
    prefixes: tuple[re.Pattern, ...]
    footers: tuple[re.Pattern, ...]
    toc: tuple[re.Pattern, ...]
    outlets: tuple[tuple[str, tuple[re.Pattern, ...]], ...]


def load_boilerplate_rules(source: str | None = None) -> BoilerplateRules:
    """Read and compile boilerplate rules from TOML text (default: the packaged file).

    Raises:
        ValueError: naming the rule when a pattern does not compile.
    """
    if source is None:
        source = read_text("boilerplate.toml")
    spec = tomllib.loads(source)
    tables = [spec.get("generic", {}), *spec.get("outlets", {}).values()]

    def compiled(key: str) -> tuple[re.Pattern, ...]:
        out = []
        for table in tables:
            for pattern in table.get(key, []):
                try:
                    out.append(re.compile(pattern))
                except re.error as exc:
                    raise ValueError(f"boilerplate rule {key} = {pattern!r} does not compile: {exc}") from None
        return tuple(out)

    outlets = tuple(
        (name, tuple(re.compile(p) for p in table.get("detect", [])))
        for name, table in spec.get("outlets", {}).items()
    )
    return BoilerplateRules(compiled("lines"), compiled("prefixes"), compiled("footers"), compiled("toc"), outlets)


BOILERPLATE = load_boilerplate_rules()


def detect_outlet(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> str:
    """Name the outlet whose ``detect`` patterns match a line of cleaned-script text, or ``""``."""
    lines = text.split("\n")
    for name, patterns in rules.outlets:
        if any(p.search(line) for p in patterns for line in lines):
            return name
    return ""


def _matches(patterns: Iterable[re.Pattern], line: str) -> bool:
    return any(p.search(line) for p in patterns)


@_step("footer_lines", "lines")
def drop_footer(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Drop everything from the first footer marker on (``【小贴士】``, ``版权说明``…)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i > 0 and _matches(rules.footers, line):
            return "\n".join(lines[:i]), len(lines) - i
    return text, 0


@_step("toc_lines", "lines")
def drop_toc(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Drop a table of contents: its marker (``【摘要】``) and the entries after it
    that recur later as headings."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _matches(rules.toc, line):
            end = i + 1
            while end < len(lines) and lines[end] and lines[end] in lines[end + 1 :]:
                end += 1
            return "\n".join(lines[:i] + lines[end:]), end - i
    return text, 0


@_step("boilerplate_lines", "lines")
def drop_boilerplate_lines(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Drop datelines, bylines, image names, captions and counters, line by line."""
    lines = text.split("\n")
    kept = [line for line in lines if not _matches(rules.lines, line)]
    return "\n".join(kept), len(lines) - len(kept)


@_step("line_prefixes", "prefixes")
def strip_line_prefixes(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Cut labels from line starts (``(网经社讯)``, ``导读:``); the rest of the line stays."""
    n = 0
    out = []
    for line in text.split("\n"):
        cut = True
        while cut and line:  # labels stack: "(网经社讯)导读:"
            cut = False
            for pattern in rules.prefixes:
                line, k = pattern.subn("", line, count=1)
                n += k
                cut = cut or bool(k)
        out.append(line)
    return "\n".join(line for line in out if line), n


@_step("duplicate_lines", "lines")
def drop_duplicate_lines(text: str, *, min_chars: int = 8, min_stem: int = 15) -> tuple[str, int]:
    """Drop a repeated line (a title printed twice) and a truncated lead that
    repeats the start of a later paragraph (``导读: …微商B经济...``).

    Lines shorter than ``min_chars`` may repeat (headings such as ``结语``).
    """
    lines = text.split("\n")
    seen: set[str] = set()
    kept = []
    for i, line in enumerate(lines):
        stem = _ELLIPSIS_END_RE.sub("", line)
        truncated = stem != line and len(stem) >= min_stem
        if truncated and any(stem in other for j, other in enumerate(lines) if j != i):
            continue
        if len(line) >= min_chars and line in seen:
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept), len(lines) - len(kept)


#: The default cleaning chain, in the order the steps run.
CLEANING_CHAIN: tuple[Step, ...] = (
    normalize_newlines,
    strip_reading_annotations,
    remove_encoding_damage,
    to_simplified,
    fold_width,
    normalize_whitespace,
    drop_footer,
    drop_toc,
    drop_boilerplate_lines,
    strip_line_prefixes,
    drop_duplicate_lines,
)

#: the report's columns, one per step
REPORT_COLUMNS: tuple[str, ...] = tuple(f"n_{step.name}" for step in CLEANING_CHAIN)


def clean_with_report(raw: str, *, steps: Iterable[Step] = CLEANING_CHAIN) -> tuple[str, dict[str, int]]:
    """Run the chain and return the clean text with a count per step.

    Returns:
        ``(text, {"n_annotations": 234, "n_damaged_spans": 2, ...})``.
    """
    report = {}
    for step in steps:
        raw, count = step.apply(raw)
        report[f"n_{step.name}"] = count
    return raw, report


def clean_text(raw: str) -> str:
    """Clean one raw article: the whole :data:`CLEANING_CHAIN`.

    Args:
        raw: the decoded article, as delivered.

    Returns:
        Simplified text, one paragraph per line, with reading annotations,
        damaged spans and site furniture removed.

    Example:
        >>> clean_text("藍海億觀網(wǎng)2025年09月24日 0\\n網(wǎng)傳阿里巴巴與微信近期在談合作條款")
        '网传阿里巴巴与微信近期在谈合作条款'
    """
    return clean_with_report(raw)[0]

"""Cleaning: turn a raw scraped article into clean, simplified text.

Every step is a small pure ``str -> str`` function (a :class:`Step`) that also
knows how to count what it changed, so a corpus can carry a cleaning report.
The default chain, :data:`CLEANING_CHAIN`, lists the steps in the order they
run; build your own chain for another corpus with :func:`compose`::

    >>> from coopetition.text.clean import compose, strip_reading_annotations, to_simplified
    >>> compose(strip_reading_annotations, to_simplified)("網(wǎng)絡(luò)")
    '网络'

The chain, in order:

1. line endings; pinyin glosses; mis-decoded spans recovered by re-decoding
   where the bytes survive, else removed;
2. CSS/JS blobs; Markdown syntax (``.txt`` files often hold Markdown); URLs;
3. script: variant spellings OpenCC gets wrong (``data/variants.tsv``), Taiwan
   and Hong Kong vocabulary in traditional-script articles
   (``data/tw_vocabulary.tsv``), then one OpenCC ``t2s`` conversion;
4. width and whitespace (paragraph breaks are kept until the end);
5. site furniture, declared as data in ``data/boilerplate.toml``: footers,
   tables of contents, furniture lines, line labels, inline credits;
6. repeated lines; hard line wraps joined; blank lines dropped.

Rules name kinds of lines, not sites, and lean on features that hold across
outlets: the share of CJK characters (a code line has next to none), the
length of a line (a credit is short; a rule that can only match a short line is
not tried on a long one), its position (a footer marker counts in the last
third, the first line is the headline) and paragraph breaks (a wrap is joined
within a paragraph, never across one).

Each step skips its work when its trigger is absent (no tone mark means no
gloss pass, no rare character and no ``??`` no damage pass, no traditional form
no OpenCC call), so a clean simplified article costs little more than reading it.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import opencc

from coopetition._check import require_text
from coopetition.text.charset import CJK, common_chars, common_share
from coopetition._data import data_lines, data_rows, read_text

__all__ = [
    "Step",
    "compose",
    "normalize_newlines",
    "strip_reading_annotations",
    "recover_mojibake",
    "remove_encoding_damage",
    "drop_code_lines",
    "strip_markdown",
    "drop_urls",
    "fix_variants",
    "fold_tw_vocabulary",
    "to_simplified",
    "fold_width",
    "normalize_whitespace",
    "drop_footer",
    "drop_toc",
    "drop_boilerplate_lines",
    "drop_furniture_lines",
    "FURNITURE_INPUT_STEPS",
    "strip_line_prefixes",
    "strip_inline_credits",
    "drop_duplicate_lines",
    "join_wrapped_lines",
    "drop_blank_lines",
    "CLEANING_CHAIN",
    "REPORT_COLUMNS",
    "clean_text",
    "clean_with_report",
    "detect_script",
    "detect_outlet",
    "BoilerplateRules",
    "load_boilerplate_rules",
]

# --- character classes -------------------------------------------------------

T = TypeVar("T")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: one pinyin syllable carrying a tone mark (the glosses in the seeds all do)
PINYIN_SYLLABLE = rf"[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}"
#: characters a correct decode of Chinese text almost never holds, but a wrong one
#: does: U+FFFD, box drawing, bopomofo, the private use area, half-width katakana
_STRONG_RANGES = ((0xFFFD, 0xFFFD), (0x2500, 0x257F), (0x3100, 0x312F), (0x31A0, 0x31BF), (0xE000, 0xF8FF), (0xFF61, 0xFF9F))
_STRONG_DAMAGE = "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in _STRONG_RANGES)

# --- compiled patterns -------------------------------------------------------

#: a reading annotation glued after a character: 網(wǎng), 業(yè), A(chǔ)
ANNOTATION_RE = re.compile(rf"(?<=\S)[(（]{PINYIN_SYLLABLE}[)）]")

#: a gloss whose "(" was eaten by a misaligned GBK decode: ?nèi)
_ORPHAN_GLOSS = rf"\?{PINYIN_SYLLABLE}\)"
#: spans garbled by a byte-misaligned GBK decode, in the shapes that need no
#: rarity test. All start at the "?" the decoder put in place of an unreadable byte:
#:   ??焓值膬?nèi)  -- misaligned characters ending in an orphan gloss
#:   ?jī)?yōu)  ?dú)w  ?yè)P -- orphan glosses, with the stray trail byte
#:   ?yōu)楹渭w  -- an orphan gloss, then misaligned characters up to the stray
#:                 ASCII trail byte that put the decoder back in step
#:   ??焓峙c      -- misaligned characters ending in a stray ASCII trail byte
#: and any U+FFFD replacement characters or lone surrogates (a JSON dump can
#: carry half a character; no file can hold one). A lone "?" between sentences is
#: punctuation and is kept; runs of rare characters are found by
#: :func:`_rare_spans`.
DAMAGE_RE = re.compile(
    rf"(?:\?{{2}}[{CJK}]{{1,8}}?)?(?:{_ORPHAN_GLOSS})+"
    rf"(?:[{CJK}]{{1,4}}[\x40-\x7e](?=[{CJK}])|[A-Za-z](?![A-Za-z]))?"
    rf"|\?{{2}}[{CJK}]{{1,8}}?[\x40-\x7e](?=[{CJK}])"
    r"|[\ufffd\ud800-\udfff]+"
)
_STRONG_RE = re.compile(f"[{_STRONG_DAMAGE}]")
_TONED_RE = re.compile(f"[{_TONED}]")
_ORPHAN_GLOSS_RE = re.compile(_ORPHAN_GLOSS)
#: misaligned characters between the "?" marks of two lost bytes: ??焓钟朊劳诺暮献?
_QUESTION_RUN_RE = re.compile(rf"\?{{2}}[{CJK}]{{1,12}}\?")
#: what may stand between two suspicious characters of one damaged span
_DAMAGE_GAP_RE = re.compile(rf"[{CJK}A-Za-z0-9!?]{{0,2}}")
#: a stray ASCII trail byte closing a damaged span
_STRAY_TRAIL_RE = re.compile(r"[A-Za-z](?![A-Za-z0-9])")
#: a run of non-ASCII characters long enough to test for re-decoding
_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f\s]{6,}")
#: (encode as, decode as) for a whole run: GBK read as Big5, Big5 read as GBK
_REDECODINGS = (("big5", "gbk"), ("gbk", "big5"))
#: UTF-8 multi-byte characters (CJK, CJK and full-width punctuation), two or more in a row:
#: in the GBK bytes of a run, the trace of UTF-8 text read as GBK
_UTF8_RUN_RE = re.compile(rb"(?:[\xe2-\xef][\x80-\xbf]{2}){2,}")

_CJK_CHAR_RE = re.compile(f"[{CJK}]")
_SCRIPT_SAMPLE = 4000
#: zero-width characters: removed
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
#: horizontal spaces other than the space: each becomes a space
_OTHER_SPACES = ("\t", "\u00a0", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f")
_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’,.;:!?()\\-—|"
#: one space (runs are single by now) to drop: next to punctuation, or between CJK
#: text and a digit, letter or mark ("9 月 30 日"). Between two CJK characters it
#: separates phrases in a headline, between two words it separates words: kept. The pattern starts with
#: the space itself, so the scan jumps from space to space.
_CJK_SPACE_RE = re.compile(
    # ...except the spaces of Latin prose (an English quote or name inside an article): after a
    # Latin word and its mark before a Latin word ("Pay, the", "said. Shares"), and before a
    # bracket or quote that opens Latin text ("WeChat (Tencent)")
    r" (?!(?<=[A-Za-z0-9%][,.;:!?)\]] )[A-Za-z0-9(\[\"“‘'])(?!(?<=[A-Za-z0-9] )[(\[\"“‘'][A-Za-z])"
    rf"(?:(?<=[{_PUNCT}] )|(?=[{_PUNCT}])|(?<=[{CJK}] )(?![{CJK}])|(?<![{CJK}] )(?=[{CJK}]))"
)
_ELLIPSIS_END_RE = re.compile(r"(\.{3,}|…+)$")

# --- Markdown ------------------------------------------------------------------

#: a link or image target; a crawler's hard wrap may cut the address in two
_MD_TARGET = r"\((?:[^()\s]|\n)*(?:[ \t]+\"[^\"\n]*\")?\)"
#: an image, with the italic caption or credit glued after it or on the next line
MD_IMAGE_RE = re.compile(
    rf"!\[[^\]]{{0,300}}\]{_MD_TARGET}"
    r"(?:[ \t]*\n?[ \t]*(?<![A-Za-z0-9_*])_(?=\S)(?:[^_\n]|\n(?![ \t]*\n)){1,200}?(?<=\S)_(?![A-Za-z0-9_*]))?"
)
MD_LINK_RE = re.compile(rf"\[(?<!!\[)([^\]]{{0,300}})\]{_MD_TARGET}")
_MD_BOLD_RE = re.compile(r"\*\*|__")
_MD_ITALIC_RE = re.compile(
    r"([*_])(?<![A-Za-z0-9_*\\][*_])(?=[^\s*_])((?:[^*_\n]|\n(?![ \t]*\n)){1,300}?)(?<=[^\s*_])\1(?![A-Za-z0-9_*])"
)
#: brackets a removed link or image left empty
_EMPTY_BRACKETS_RE = re.compile(r"[(（]\s*[)）]|【\s*】")
#: an ATX heading mark at a line start (the heading's text stays on its line)
_MD_HEADING_RE = re.compile(r"#(?<![^\n]#)#{0,5}[ \t]*(?=\S)")
# line-start rules are written after the line break before the line (see _sub_at_line_starts)
_MD_LIST_RE = re.compile(r"\n[ \t]*[*+-][ \t]+(?:\d{1,2}[ \t]+)?")
_MD_QUOTE_RE = re.compile(r"\n[ \t]*>[ \t]?")
_MD_RULE_RE = re.compile(r"\n[ \t]*(?:[-*_=][ \t]*){3,}$", re.M)
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
#: the Markdown passes after bold (:func:`_strip_bold`): (pattern, replacement, substrings one of which must occur,
#: or ``()`` to run the pass without a test); a replacement ``None`` marks a line-start
#: rule (see :func:`_sub_at_line_starts`)
_MD_PASSES = (
    (_MD_ITALIC_RE, r"\2", ("*", "_")),
    (_MD_HEADING_RE, "", ("#",)),
    (_MD_LIST_RE, None, ()),  # searched for at once: faster than testing six substrings first
    (_MD_QUOTE_RE, None, (">",)),
    (_MD_RULE_RE, None, ()),
    (_MD_ESCAPE_RE, r"\1", ("\\",)),
    (_HTML_TAG_RE, "", ("<",)),
    (_EMPTY_BRACKETS_RE, "", ("()", "（）", "【】", "( )", "（ ）")),
)
_MD_TRIGGER_RE = re.compile(r"[*_#\[>\\<]|^[ \t]*[+-][ \t]|^[ \t]*[-=]{3,}", re.M)
#: a link's anchor text is kept between these marks until link-only lines are judged
_LINK_OPEN, _LINK_CLOSE = "\x02", "\x03"
_LINK_ONLY_LINE_RE = re.compile(rf"\n[^\w\n]*(?:{_LINK_OPEN}[^\n{_LINK_CLOSE}]*{_LINK_CLOSE}[^\w\n]*){{2,}}$", re.M)

#: a web address in running text: it ends at a space, a bracket or a CJK character
URL_RE = re.compile(rf"(?:https?://|www\.)[^\s()<>\"'{CJK}\u3000-\u303f\uff00-\uffef]+(?<![.,;:!?])")

# --- code blobs ------------------------------------------------------------------

#: a line of CSS or JavaScript: braces, custom properties, colours, units, keywords
_CODE_RE = re.compile(  # spaces, not \s: a match stays on its line
    r"[{}]|--[\w-]+[^\S\n]*:|rgba?\(|@media|\b\d+px\b|\bfunction[^\S\n]*\(|=>"
    r"|\bvar[^\S\n]+\w+[^\S\n]*=|!important|\.weui-|\bwindow\.|\bdocument\."
)
#: a code line may carry a few CJK characters (a comment, a font name), no more
_CODE_MAX_CJK_SHARE = 0.1

# --- line wraps -----------------------------------------------------------------

#: a line that ends a sentence (or announces a list, ":"), closing marks allowed after
_SENTENCE_END_RE = re.compile(r"[。！？!?;；…:：][”’\"'」』)）\]】》]*$")
#: a line that opens a list item or a numbered heading
_LIST_ITEM_RE = re.compile(
    r"^(?:\d{1,2}[.、)）](?!\d)|[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[-•·●■◆▪▶►*][ \t]?|第[一二三四五六七八九十\d]{1,3}[章节部分条])"
)
_OPENERS, _CLOSERS = "《“‘(（【「『[", "》”’)）】」』]"
_OPENER_RE, _CLOSER_RE = re.compile(f"[{re.escape(_OPENERS)}]"), re.compile(f"[{re.escape(_CLOSERS)}]")
#: marks that go on a sentence and never open a line: ,、;:。
_CONTINUING_MARKS = ",，、;；:：。"
#: a line this short that ends mid-sentence is a title or heading, unless a
#: bracket is still open or a number is cut from its unit
_TITLE_MAX_CHARS = 30
#: a list item or numbered heading this short is a heading
_HEADING_MAX_CHARS = 40
#: a sentence end is read off this many last characters of a line
_TAIL_CHARS = 12
_DIGIT_CUT_RE = re.compile(r"[0-9.]$")
_UNIT_START_RE = re.compile(rf"^[{CJK}%]")
_ASCII_WORD_END_RE = re.compile(r"[A-Za-z0-9]")
_ASCII_WORD_START_RE = re.compile(r"^[A-Za-z0-9]")


# --- data-driven tables ---------------------------------------------------------

_T2S = opencc.OpenCC("t2s")


def _cjk_chars() -> list[str]:
    return [chr(c) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(lo, hi + 1)]


def _codepoints(text: str) -> np.ndarray:
    """The text's code points as an array (one C pass; no Python loop per character)."""
    # "surrogatepass": a lone surrogate (JSON may carry one) is a code point like any other
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _from_codepoints(points: np.ndarray) -> str:
    return points.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _table(chars: Iterable[str]) -> np.ndarray:
    """A lookup table over all code points: True for ``chars``."""
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


def _traditional_forms() -> list[str]:
    """Characters OpenCC's t2s changes on their own: the marks of traditional script."""
    chars = _cjk_chars()
    converted = _T2S.convert("\n".join(chars)).split("\n")
    return [a for a, b in zip(chars, converted) if a != b]


#: True for a traditional form (a character t2s converts), by code point
_TRADITIONAL = _table(_traditional_forms())
#: True for a CJK character, by code point
_CJK_TABLE = _table(_cjk_chars())


@functools.lru_cache(maxsize=1)
def _rare_chars() -> tuple[str, ...]:
    """The CJK characters that are not common (built once, on first use)."""
    common = common_chars()
    return tuple(c for c in _cjk_chars() if c not in common)


@functools.lru_cache(maxsize=1)
def _rare_table() -> np.ndarray:
    """True at each rare CJK character (:func:`_rare_chars`) and strong damage mark
    (:data:`_STRONG_RANGES`), as a lookup table over all code points."""
    table = _table(_rare_chars())
    for lo, hi in _STRONG_RANGES:
        table[lo : hi + 1] = True
    return table


def _last_text_memo(func: Callable[[str], T]) -> Callable[[str], T]:
    """Keep ``func``'s answer for the last text object it was asked about.

    Steps of the chain ask about the text one after another, and a step that
    changes nothing returns the very object it was given: the next step's
    question is answered without a pass over the text. The text is compared by
    identity and held, so its id cannot be reused while the answer is kept.
    """
    last: list[tuple[str | None, T | None]] = [(None, None)]

    @functools.wraps(func)
    def wrapper(text: str) -> T:
        seen = last[0]  # one read: another thread may replace it
        if seen[0] is not text:
            seen = last[0] = (text, func(text))
        return seen[1]

    return wrapper


_text_points = _last_text_memo(_codepoints)  # the damage steps ask about one text in turn


@_last_text_memo
def _rare_positions(text: str) -> list[int]:
    """The offsets of the rare characters and strong damage marks of ``text`` (one array pass)."""
    return np.flatnonzero(_rare_table()[_text_points(text)]).tolist()


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (JSON may carry one; no decode gives one)."""
    points = _text_points(text)
    return bool(np.any((points >= 0xD800) & (points <= 0xDFFF)))


@_last_text_memo
def _n_traditional(text: str) -> int:
    """How many characters of the text are traditional forms (one array pass)."""
    return int(np.count_nonzero(_TRADITIONAL[_codepoints(text)]))


def _word_table(name: str, source: str, target: str) -> tuple[dict[str, str], re.Pattern | None]:
    table = {row[source]: row[target] for row in data_rows(name, delimiter="\t")}
    if not table:
        return table, None
    return table, re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))


#: variant spellings OpenCC maps wrongly (鍊接 → 炼接): fixed before conversion
VARIANTS, _VARIANT_RE = _word_table("variants.tsv", "variant", "simplified")
#: names conversion must leave as written (昇腾): the table's rows that map to themselves
_KEEP_RE = re.compile("|".join(sorted((w for w, s in VARIANTS.items() if w == s), key=len, reverse=True)) or "(?!)")
#: Taiwan/Hong Kong words folded to the mainland word in traditional-script text
TW_VOCABULARY, _TW_VOCABULARY_RE = _word_table("tw_vocabulary.tsv", "taiwan", "mainland")

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
        return self.apply(text, **options)[0]

    def apply(self, text: str, **options) -> tuple[str, int]:
        """Return the cleaned text and how many items this step changed or removed.

        Raises:
            TypeError: ``text`` is not a ``str``.
        """
        return self.func(require_text(text, "text"), **options)


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


def _count_changed(before: str, after: str) -> int:
    """How many characters differ between two texts of the same length (else the length change)."""
    if len(before) != len(after):
        return abs(len(before) - len(after)) + sum(map(str.__ne__, before, after))
    if not before:
        return 0
    return int(np.count_nonzero(_codepoints(before) != _codepoints(after)))


# --- encoding-level steps ----------------------------------------------------------


@_step("crlf", "line endings")
def normalize_newlines(text: str) -> tuple[str, int]:
    """CRLF and lone CR become LF."""
    n = text.count("\r")
    if not n:
        return text, 0
    return text.replace("\r\n", "\n").replace("\r", "\n"), n


@_step("annotations", "pinyin glosses")
def strip_reading_annotations(text: str) -> tuple[str, int]:
    """Remove pinyin glosses glued after characters: ``網(wǎng)`` → ``網``.

    Parentheses holding anything but one tone-marked pinyin syllable survive:
    ``(千次展示成本)``, ``(WXG)``, ``(1)``, ``(0條)``.
    """
    if not _TONED_RE.search(text):  # every gloss carries a tone mark
        return text, 0
    return ANNOTATION_RE.subn("", text)




def _utf8_read_as_gbk(run: str, *, min_share: float = 0.9) -> tuple[str, int]:
    """Re-decode the stretches of a run that are UTF-8 read as GBK; the rest stays.

    The run is encoded back to GBK bytes, character by character; from each
    character boundary, a stretch of bytes that is valid UTF-8 (two or more
    multi-byte characters) and decodes to common Chinese replaces the
    characters it came from. A UTF-8 character cut by the end of the stretch
    (an odd number of them shares GBK's two-byte grid) is lost with the
    character that held its first byte. Returns the text and the number of
    stretches recovered.
    """
    data, starts = bytearray(), []
    for ch in run:
        starts.append(len(data))
        try:
            data += ch.encode("gbk")
        except UnicodeEncodeError:
            data += b"\x00"  # a character GBK cannot hold cannot be mojibake from it
    starts.append(len(data))
    data = bytes(data)
    out, i, n = [], 0, 0
    while i < len(run):
        match = _UTF8_RUN_RE.match(data, starts[i]) if len(run[i].encode("utf-8")) == 3 else None
        if match:
            decoded = match.group().decode("utf-8")
            n_cjk, share = common_share(decoded)
            if n_cjk >= 2 and share >= min_share:
                j = i
                while starts[j] < match.end():
                    j += 1
                out.append(decoded)
                i, n = j, n + 1
                continue
        out.append(run[i])
        i += 1
    return "".join(out), n


def _redecode(run: str, *, min_share: float = 0.9, max_lost: float = 0.25) -> str | None:
    """The text a mis-decoded run stood for, if re-decoding its bytes gives common
    Chinese; else ``None``.

    Each of :data:`_REDECODINGS` is tried: the run is encoded back to the bytes the
    wrong decoder read, and decoded as it should have been. Bytes lost by the first
    decode come out as U+FFFD and are dropped; a candidate that loses more than
    ``max_lost`` of its characters, or whose CJK characters are less than
    ``min_share`` common (or no more common than the run's own), is refused.
    """
    _, before = common_share(run)
    best, best_share = None, max(min_share, before + 0.2)
    for wrong, right in _REDECODINGS:
        try:  # a U+FFFD of the wrong decode stands for lost bytes: skip them
            data = b"".join(piece.encode(wrong) for piece in run.split("\ufffd"))
        except UnicodeEncodeError:
            continue
        candidate = data.decode(right, errors="replace")
        lost = candidate.count("\ufffd")
        candidate = candidate.replace("\ufffd", "")
        n_cjk, share = common_share(candidate)
        if n_cjk >= 3 and lost <= max_lost * (len(candidate) + lost) and share >= best_share:
            best, best_share = candidate, share
    return best


@_step("recovered_spans", "spans re-decoded")
def recover_mojibake(text: str) -> tuple[str, int]:
    """Re-decode runs of mojibake whose original bytes survive.

    UTF-8 read as GBK turns ``双方`` into ``鍙屾柟``; encoding those characters
    back to GBK and decoding the bytes as UTF-8 gives the text again, even in the
    middle of good text (:func:`_utf8_read_as_gbk`). A whole run of GBK read as
    Big5, or Big5 read as GBK, is re-decoded the other way (:func:`_redecode`).
    Only runs of six or more non-ASCII characters with at least two rare
    characters are tried, and a re-decoding is kept only when it is common
    Chinese; what cannot be recovered is left to :func:`remove_encoding_damage`.

    Example:
        >>> recover_mojibake("报道称鍙屾柟杈炬垚鍚堜綔。")
        '报道称双方达成合作。'
    """
    rare = _rare_positions(text)
    if len(rare) < 2:
        return text, 0
    # a run never crosses a line: only lines with two rare characters are read
    line_starts = [text.rfind("\n", 0, i) + 1 for i in rare]
    lines = sorted({b for a, b in zip(line_starts, line_starts[1:]) if a == b})
    runs = (
        match
        for begin in lines
        for match in _NON_ASCII_RUN_RE.finditer(text, begin, (text.find("\n", begin) + 1 or len(text) + 1) - 1)
    )
    out, last, n = [], 0, 0
    for match in runs:
        start, end = match.span()
        if bisect.bisect_left(rare, end) - bisect.bisect_left(rare, start) < 2:
            continue
        fixed, k = _utf8_read_as_gbk(match.group())
        if not k:
            recovered = _redecode(match.group())
            fixed, k = (recovered, 1) if recovered is not None else (fixed, 0)
        if k:
            out.append(text[last:start])
            out.append(fixed)
            last, n = end, n + k
    if not n:
        return text, 0
    out.append(text[last:])
    return "".join(out), n


def _rare_spans(text: str) -> list[tuple[int, int]]:
    """Spans of rare characters, damage marks and ``?`` that a wrong decode left.

    Suspicious characters (rare CJK, :data:`_STRONG_DAMAGE` marks, ``?``) at most
    two characters apart form one cluster. A cluster is damage when it holds

    - a strong mark and anything else suspicious (``辈┩ㄗ稍``);
    - a ``?`` (a byte the decoder could not read) followed by rare characters,
      the misaligned run after the lost byte: ``??`` and one rare character, or
      ``?`` and two rare characters;
    - eight rare characters or more, most of the cluster (a run of mojibake).

    Real text has rare words now and then (揶揄, 佼佼者, 魑魅魍魉), seldom eight rare
    characters together, and a real ``?`` ends a sentence: rare characters before
    it (``“揶揄?”``) do not count.
    """
    spans: list[tuple[int, int]] = []
    cluster: list[int] = []  # offsets of suspicious characters, each one character long

    def close() -> None:
        if not cluster:
            return
        kinds = [text[at] for at in cluster]
        n_strong = sum(1 for k in kinds if _STRONG_RE.match(k))
        n_q = kinds.count("?")
        after_q = kinds[kinds.index("?") :] if n_q else []
        n_rare_after_q = len(after_q) - after_q.count("?") - sum(1 for k in after_q if _STRONG_RE.match(k))
        n_rare = len(kinds) - n_q - n_strong
        start, end = cluster[0], cluster[-1] + 1
        damaged = (
            (n_strong and len(kinds) >= 2)
            or (n_q >= 2 and n_rare_after_q >= 1)
            or (n_q >= 1 and n_rare_after_q >= 2)
            or (n_rare >= 8 and n_rare >= 0.7 * (end - start))
        )
        if damaged:
            if not n_strong and n_rare < 8:
                start = cluster[kinds.index("?")]  # the damage starts at the lost byte
            trail = _STRAY_TRAIL_RE.match(text, end)
            spans.append((start, trail.end() if trail else end))

    # the suspicious characters: rare ones and damage marks (one array pass, shared with the
    # other damage steps) and every "?"
    for at in heapq.merge(_rare_positions(text), _offsets(text, "?")):
        if cluster and not (at - cluster[-1] <= 3 and _DAMAGE_GAP_RE.fullmatch(text, cluster[-1] + 1, at)):
            close()
            cluster = []
        cluster.append(at)
    close()
    if "??" in text:
        for m in _QUESTION_RUN_RE.finditer(text):
            if _rare_table()[_codepoints(m.group())].any():
                spans.append(m.span())
    return spans


def _offsets(text: str, char: str) -> Iterator[int]:
    """The offsets of ``char`` in ``text``, in order."""
    at = text.find(char)
    while at >= 0:
        yield at
        at = text.find(char, at + 1)


@_step("damaged_spans", "garbled spans")
def remove_encoding_damage(text: str) -> tuple[str, int]:
    """Remove spans garbled by a wrong or misaligned decode, and count them.

    Two detectors, joined: the shapes of :data:`DAMAGE_RE` (orphan glosses,
    ``??`` runs, stray trail bytes, U+FFFD) and clusters of rare characters and
    damage marks (:func:`_rare_spans`). ``通道??焓值膬?nèi)容`` → ``通道容``;
    ``大廠們?yōu)楹渭w搶灘`` → ``大廠們搶灘``; ``合作之旅?這一`` is left alone.
    The characters under the damage are lost: they cannot be recovered from
    what was delivered (:func:`recover_mojibake` has already taken what can).
    """
    shapes = "\ufffd" in text or "??" in text or _ORPHAN_GLOSS_RE.search(text) or _has_surrogate(text)
    suspects = bool(_rare_positions(text))
    if not (shapes or suspects):
        return text, 0
    spans = [m.span() for m in DAMAGE_RE.finditer(text)] if shapes else []
    spans = sorted(spans + (_rare_spans(text) if suspects or "??" in text else []))
    if not spans:
        return text, 0
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out), len(merged)


# --- page-level debris: code, Markdown, URLs -------------------------------------------


def _line_kinds(text: str, lines: list[str]) -> list[int]:
    """Each line's kind for :func:`drop_code_lines`: 2 code, 1 free of CJK (code if next
    to code), 0 prose, -1 blank.

    A code line holds a match of :data:`_CODE_RE` and at most
    :data:`_CODE_MAX_CJK_SHARE` CJK among its visible (non-space) characters.
    The CJK and space counts of every line come from a few array passes, and
    the code matches from searches of :data:`_CODE_RE` through the lines that
    are not prose, joined (a match never crosses a line), each search going on
    from the line after the last match.
    """
    points = _text_points(text)  # the damage steps before often hand on the same text
    breaks = np.flatnonzero(points == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(points)]))
    cjk_sums = np.concatenate(([0], np.cumsum(_CJK_TABLE[points])))
    spaces = np.concatenate(([0], np.cumsum(points == 32)))
    cjk = cjk_sums[ends] - cjk_sums[starts]
    visible = (ends - starts) - (spaces[ends] - spaces[starts])
    rich = (cjk > _CODE_MAX_CJK_SHARE * visible).tolist()  # too much CJK to be code
    others = [i for i, r in enumerate(rich) if not r]  # the lines searched, joined: no prose
    searched = "\n".join(lines[i] for i in others)
    offsets = np.cumsum([0] + [len(lines[i]) + 1 for i in others]).tolist()
    code, match = set(), _CODE_RE.search(searched)
    while match:  # the first match of a line, then on from the next line
        k = bisect.bisect_right(offsets, match.start()) - 1
        code.add(others[k])
        match = _CODE_RE.search(searched, offsets[k + 1]) if k + 1 < len(others) else None
    return [
        0 if rich[i] else -1 if not line.strip() else 2 if i in code else 0 if cjk[i] else 1
        for i, line in enumerate(lines)
    ]


@_step("code_lines", "lines")
def drop_code_lines(text: str) -> tuple[str, int]:
    """Drop CSS/JS blobs: runs of lines of code and the CJK-free lines between them.

    A code line has braces, ``--custom-property:``, ``rgba(``, ``px``, ``@media``,
    ``function(``… and (almost) no CJK; a line with no CJK that stands in a run of
    code lines (a wrapped selector: ``div.section > p,``) goes with them. Prose
    with a brace or a semicolon keeps its CJK and stays.
    """
    if "{" not in text and "}" not in text:  # a blob of CSS or JS always has braces somewhere
        return text, 0
    lines = text.split("\n")
    kind = _line_kinds(text, lines)
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        if kind[i] in (1, 2):
            j = i
            while j < len(lines) and kind[j] != 0:
                j += 1
            if any(k == 2 for k in kind[i:j]):
                for k in range(i, j):
                    drop[k] = kind[k] > 0
            i = j
        else:
            i += 1
    n = sum(drop)
    if not n:
        return text, 0
    return "\n".join(line for line, d in zip(lines, drop) if not d), n


def _sub_at_line_starts(pattern: re.Pattern, text: str) -> tuple[str, int]:
    """Remove what ``pattern`` matches at line starts; ``pattern`` begins with the
    line break before the line (``\\n…``, which stays), not with ``^``: a literal
    first character is found at C speed, where ``^`` in multiline mode is tried
    at every position of the text."""
    lead = "\n" + text
    if pattern.search(lead) is None:  # most texts: no copy of the text made
        return text, 0
    out, n = pattern.subn("\n", lead)
    return out[1:], n


def _more_link(anchor: str, rules: "BoilerplateRules") -> bool:
    return bool(rules.more_link_re and rules.more_link_re.search(anchor))


@_step("markdown", "markup items")
def strip_markdown(text: str, *, rules: "BoilerplateRules | None" = None) -> tuple[str, int]:
    """Strip Markdown syntax, in ``.md`` files and in ``.txt`` files holding Markdown.

    Images go, with an italic caption or credit glued to them
    (``![](https://…/1000)_来源:视觉中国_``), even when a hard wrap cut the
    address; links keep their anchor text, except links that only point on
    (``[>>>详细](url)``, see ``more_links`` in ``data/boilerplate.toml``) and
    lines made only of links (a related-articles bar), which go whole;
    ``**bold**``, ``_italic_``, heading ``#`` marks, list and quote markers,
    horizontal rules, backslash escapes and stray HTML tags go, and the text they
    marked stays on its line.

    Example:
        >>> strip_markdown("# 标题\\n**作者|**张三\\n见[财报](https://x.cn/a)。")
        '标题\\n作者|张三\\n见财报。'
    """
    if not _MD_TRIGGER_RE.search(text):
        return text, 0
    rules = rules or BOILERPLATE
    out, n_images = MD_IMAGE_RE.subn("", text) if "![" in text else (text, 0)

    def link(match: re.Match) -> str:
        anchor = match.group(1).replace("\n", "")
        return "" if _more_link(anchor, rules) else f"{_LINK_OPEN}{anchor}{_LINK_CLOSE}"

    out, n_links = MD_LINK_RE.subn(link, out) if "](" in out else (out, 0)
    n = n_images + n_links
    if n_links:
        out, k = _sub_at_line_starts(_LINK_ONLY_LINE_RE, out)
        out = out.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
        n += k
    out, k = _strip_bold(out)
    n += k
    for pattern, repl, triggers in _MD_PASSES:
        if not triggers or any(map(out.__contains__, triggers)):
            out, k = _sub_at_line_starts(pattern, out) if repl is None else pattern.subn(repl, out)
            n += k
    return out, n


def _strip_bold(text: str) -> tuple[str, int]:
    """Remove ``**`` and ``__`` marks, counting them. With one kind present a string
    replace does what :data:`_MD_BOLD_RE` does; with both, the pattern decides."""
    present = [mark for mark in ("**", "__") if mark in text]
    if len(present) == 1:
        return text.replace(present[0], ""), text.count(present[0])
    return _MD_BOLD_RE.subn("", text) if present else (text, 0)


@_step("urls", "addresses")
def drop_urls(text: str) -> tuple[str, int]:
    """Remove web addresses from running text (``https://…``, ``www.…``).

    An address ends at a space, a bracket, CJK text or CJK punctuation, so
    ``详见https://x.cn/a。`` keeps ``详见。``; ``news.qq.com`` without a scheme
    or ``www`` is a name, not an address, and stays.
    """
    if "http" not in text and "www." not in text:
        return text, 0
    return URL_RE.subn("", text)


# --- script and vocabulary ---------------------------------------------------------------


def detect_script(text: str, *, threshold: float = 0.02) -> str:
    """Return ``"traditional"`` when more than ``threshold`` of the CJK characters
    of the first 4,000 characters are traditional forms (characters OpenCC's
    ``t2s`` converts on their own), else ``"simplified"``.

    The test needs no conversion: the set of traditional forms is read from
    OpenCC once, when the module loads.
    """
    return _script_of_sample(require_text(text)[:_SCRIPT_SAMPLE], threshold)


@functools.lru_cache(maxsize=16)
def _script_of_sample(sample: str, threshold: float) -> str:
    points = _codepoints(sample)
    n_cjk = int(np.count_nonzero(_CJK_TABLE[points]))
    if not n_cjk:
        return "simplified"
    return "traditional" if np.count_nonzero(_TRADITIONAL[points]) / n_cjk > threshold else "simplified"


def _replace_words(pattern: re.Pattern, table: dict[str, str], text: str) -> tuple[str, int]:
    """Replace each word of ``table`` found by ``pattern``; count the words that changed
    (a word mapped to itself guards a longer word and is not counted)."""
    n = 0

    def replace(match: re.Match) -> str:
        nonlocal n
        word = match.group()
        n += table[word] != word
        return table[word]

    return pattern.sub(replace, text), n


@_step("variants", "words respelled")
def fix_variants(text: str) -> tuple[str, int]:
    """Respell variant forms OpenCC converts wrongly, before conversion (``data/variants.tsv``).

    ``鍊接`` is a common variant of ``鏈接``; ``t2s`` writes ``炼接``. The table
    writes ``链接``; ``鍛鍊`` (炼, to temper) is not in it and converts right.
    """
    if _VARIANT_RE is None:
        return text, 0
    return _replace_words(_VARIANT_RE, VARIANTS, text)


@_step("vocabulary", "words folded")
def fold_tw_vocabulary(text: str) -> tuple[str, int]:
    """In a traditional-script article, fold Taiwan/Hong Kong words to the mainland
    word (``data/tw_vocabulary.tsv``): ``使用者`` → ``用户``, ``演算法`` → ``算法``.

    Decision: the fold is a curated word table applied to traditional-script
    articles only, not OpenCC's ``tw2sp``. ``tw2sp`` rewrites mainland text too
    (``资讯`` → ``信息``) and the seeds' traditional articles are mainland text in
    traditional script; the table keeps only words with one sense on both sides
    (not ``資訊``, ``線上``, ``訊息``), so a Taiwan article's terms meet a mainland
    one's and a mainland article in either script keeps its own words.
    Simplified-script text passes unchanged (``使用者`` there is a real word).
    """
    if _TW_VOCABULARY_RE is None or not _n_traditional(text) or detect_script(text) != "traditional":
        return text, 0
    return _replace_words(_TW_VOCABULARY_RE, TW_VOCABULARY, text)


@_step("simplified_chars", "characters converted")
def to_simplified(text: str) -> tuple[str, int]:
    """Traditional → simplified with OpenCC's ``t2s`` configuration, in one call.

    ``t2s`` (OpenCC's own standard, with its phrase table) is chosen over
    ``tw2s``/``hk2s``: these articles are mostly mainland text machine-converted
    to traditional script. ``tw2s`` turns ``饿了么`` into ``饿了幺`` and ``显著``
    into ``显着``; ``tw2sp`` would also rewrite vocabulary (``资讯`` → ``信息``;
    see :func:`fold_tw_vocabulary` for the words that are folded). ``t2s``
    keeps phrases right (``乾坤`` stays, ``乾淨`` → ``干净``) but leaves the
    particle ``著`` (``随著``) alone, so in a traditional text every ``著``
    outside a zhù word (``data/zhu_words.txt``) becomes ``着``. Names listed as
    themselves in ``data/variants.tsv`` (``昇腾``) are left as written. Text with
    no traditional form is returned as it is, without calling OpenCC.
    """
    if not _n_traditional(text):
        return text, 0
    traditional = detect_script(text) == "traditional"
    names = _KEEP_RE.findall(text)
    if names:  # protected names ride through OpenCC as private-use placeholders
        parts = _T2S.convert(_KEEP_RE.sub(_PLACEHOLDER, text)).split(_PLACEHOLDER)
        converted = "".join(part + (names[i] if i < len(names) else "") for i, part in enumerate(parts))
    else:
        converted = _T2S.convert(text)
    if traditional and "著" in converted:
        kept = _ZHU_RE.sub(lambda m: m.group().replace("著", _PLACEHOLDER), converted)
        converted = _ZHE_RE.sub("着", kept).replace(_PLACEHOLDER, "著")
    return converted, _count_changed(text, converted)


@_step("width_folded", "characters folded")
def fold_width(text: str) -> tuple[str, int]:
    """Full-width ASCII forms become ASCII (``１２％`` → ``12%``, ``，`` → ``,``).

    The seeds write ``, ? ! : ; ( )`` as ASCII already; folding the rest keeps
    one form per mark. CJK marks with no ASCII twin (``。、“”《》【】``) stay.
    """
    points = _codepoints(text)
    wide = (points >= 0xFF01) & (points <= 0xFF5E)
    ideographic_space = points == 0x3000
    n = int(np.count_nonzero(wide) + np.count_nonzero(ideographic_space))
    if not n:
        return text, 0
    folded = points.copy()
    folded[wide] -= 0xFEE0
    folded[ideographic_space] = 0x20
    return _from_codepoints(folded), n


def _one_blank_line(text: str) -> str:
    """``text`` with every run of blank lines made one blank line (string passes at C speed)."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


@_step("whitespace", "characters")
def normalize_whitespace(text: str) -> tuple[str, int]:
    """Trim lines, keep one blank line between paragraphs, drop spaces next to CJK text.

    ``将于 9 月 30 日关闭`` → ``将于9月30日关闭``; ``B Color Link`` keeps its
    spaces. Paragraph breaks (blank lines) are kept for :func:`join_wrapped_lines`,
    which must not join across them; :func:`drop_blank_lines` removes them last.
    """
    # plain string passes (each at C speed, where a regex tries every position):
    # zero-width characters go, every other horizontal space becomes a space, then
    # runs of spaces one space
    out = text
    for mark in _INVISIBLE:
        if mark in out:
            out = out.replace(mark, "")
    for space in _OTHER_SPACES:
        if space in out:
            out = out.replace(space, " ")
    while "  " in out:
        out = out.replace("  ", " ")
    if " " in out:  # spaces come one at a time now
        out = out.replace(" \n", "\n").replace("\n ", "\n")
        out = _CJK_SPACE_RE.sub("", out.strip(" "))
    out = _one_blank_line(out)
    out = out.strip("\n")
    return out, len(text) - len(out)


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
            nested = inner if upper == float("inf") else f"(?=[^\\n]{{1,{upper}}}$)(?:{inner})"
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
    width = re._parser.parse(pattern.pattern).getwidth()[1]  # noqa: SLF001 - the parser's own measure
    return width if width < re._constants.MAXREPEAT else float("inf")


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

    Read off the pattern's top level by the regex parser: its longest literal
    run (``人阅读`` in ``\\d\\s{0,2}人阅读``), or a group or alternation every match
    passes through, one text per branch (``(未经|禁止)…`` gives ``未经``, ``禁止``),
    whichever has the longest shortest text. A rule is searched for only in text
    holding one of them: a substring test at C speed instead of a regex search
    that cannot start from a literal and is tried at every position.

    Example:
        >>> required_texts(re.compile(r"(作者|文)\\s*[|丨/:]"))
        ('作者', '文')
    """
    if pattern.flags & re.IGNORECASE:
        return ()
    return _required(re._parser.parse(pattern.pattern, pattern.flags))  # noqa: SLF001 - the parser's own reading


def holds_one(text: str, texts: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``texts`` (from :func:`required_texts`; ``()`` holds always)."""
    if len(texts) == 1:  # most rules: one substring test
        return texts[0] in text
    return not texts or any(t in text for t in texts)


def _required(parsed) -> tuple[str, ...]:
    literal, branches = re._constants.LITERAL, re._constants.BRANCH  # noqa: SLF001
    best = run = ""
    options: list[tuple[str, ...]] = []
    for op, arg in parsed:
        run = run + chr(arg) if op is literal else ""
        best = max(best, run, key=len)
        if op is re._constants.SUBPATTERN:  # noqa: SLF001 - a group, not repeated: every match passes through it
            options.append(() if arg[1] & re.IGNORECASE else _required(arg[3]))
        elif op is branches:
            texts = [_required(branch) for branch in arg[1]]
            options.append(tuple(t for ts in texts for t in ts) if all(texts) else ())
        elif op is re._constants.IN and all(kind is literal for kind, _ in arg):  # noqa: SLF001 - [文图]
            options.append(tuple(chr(code) for _, code in arg))
    candidates = [(best,)] if best else []
    candidates += [option for option in options if option]
    return max(candidates, key=lambda texts: min(map(len, texts)), default=())


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
    outlets = tuple((name, compiled("detect", table.get("detect", []))) for name, table in spec.get("outlets", {}).items())
    return BoilerplateRules(outlets=outlets, **rules)


BOILERPLATE = load_boilerplate_rules()


def detect_outlet(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> str:
    """Name the outlet whose ``detect`` patterns match a line of cleaned-script text, or ``""``."""
    lines = require_text(text).split("\n")
    for name, patterns in rules.outlets:
        if any(p.search(line) for p in patterns for line in lines):
            return name
    return ""


def _line_index(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


#: a footer cut that removes more than this share of an article's characters is warned
FOOTER_WARN_SHARE = 0.2


@_step("footer_lines", "lines")
def drop_footer(text: str, *, rules: BoilerplateRules = BOILERPLATE, warn_share: float = FOOTER_WARN_SHARE) -> tuple[str, int]:
    """Drop everything from the first footer marker in the article's last third on
    (``【小贴士】``, ``版权说明``, ``推荐阅读``…).

    Markers count only in the last third of the text (by characters, so a tail
    of many short widget lines still counts as the end), where a page's footer
    stands; higher up they open a box and the article goes on after it (a
    marker at line 381 of 5,844 cuts nothing). The first line is never a
    footer. A cut that removes more than ``warn_share`` of the article's
    characters raises a :class:`~coopetition.reading.readers.CorpusWarning` saying how much.
    """
    first_break = text.find("\n")
    if first_break < 0:
        return text, 0
    cut = None
    for rule in (rules.footer_re, rules.tail_footer_re):
        if rule is None:
            continue
        for begin, _ in rule.lines(text, first_break + 1):
            if begin >= len(text) * 2 // 3:
                if cut is None or begin < cut:
                    cut = begin
                break
    if cut is None:
        return text, 0
    dropped = sum(1 for rest in text[cut:].split("\n") if rest)
    share = (len(text) - cut) / len(text)
    if share > warn_share:
        import warnings

        from coopetition.reading.readers import CorpusWarning

        marker = text[cut : text.find("\n", cut) if "\n" in text[cut:] else len(text)][:20]
        warnings.warn(f"a footer marker ({marker!r}) cut {share:.0%} of an article's text ({dropped} lines)", CorpusWarning, stacklevel=2)
    return text[:cut].rstrip("\n"), dropped


@_step("toc_lines", "lines")
def drop_toc(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Drop a table of contents: its marker (``【摘要】``) and the entries after it
    that recur later as headings."""
    if rules.toc_re is None:
        return text, 0
    found = next(iter(rules.toc_re.lines(text)), None)
    if found is None:
        return text, 0
    lines = text.split("\n")
    i = _line_index(text, found[0])
    end, dropped = i + 1, 1
    while end < len(lines) and (not lines[end] or lines[end] in lines[end + 1 :]):
        dropped += bool(lines[end])
        end += 1
    while end > i + 1 and not lines[end - 1]:  # leave the blank line before the text
        end -= 1
    return "\n".join(lines[:i] + lines[end:]), dropped


@_step("boilerplate_lines", "lines")
def drop_boilerplate_lines(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Drop datelines, bylines, credits, notices, breadcrumbs, prompts, menus and
    image names, line by line (all rules in one pattern, one scan of the text)."""
    if rules.line_re is None:
        return text, 0
    return _drop_lines(text, list(rules.line_re.lines(text)))


@_step("boilerplate_lines", "lines")  # the report column keeps its name: furniture lines dropped
def drop_furniture_lines(text: str, *, rules: BoilerplateRules = BOILERPLATE, threshold: float | None = None, model=None) -> tuple[str, int]:
    """Drop the lines the furniture classifier scores over its threshold
    (:mod:`coopetition.text.furniture`: datelines, bylines, credits, menus, prompts,
    notices, repeated headlines…; the TOML rules are among its features).

    A text of one non-blank line (a one-line record) is never dropped: a credit
    that opens it (``作者:张三 阿里与京东…``) is cut and its text kept.
    ``model``: a :class:`~coopetition.text.furniture.FurnitureModel` (default: the shipped one).
    """
    from coopetition.text import furniture

    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) == 1:
        lines[filled[0]], n = furniture.trim_leading_credit(lines[filled[0]])
        return ("\n".join(lines), n) if n else (text, 0)
    if not filled:
        return text, 0
    drop = {filled[k] for k in furniture.furniture_lines([lines[i] for i in filled], model=model, rules=rules, threshold=threshold)}
    if not drop:
        return text, 0
    return "\n".join(line for i, line in enumerate(lines) if i not in drop), len(drop)


@_step("line_prefixes", "prefixes")
def strip_line_prefixes(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Cut labels from line starts (``(网经社讯)``, ``导读:``); the rest of the line stays.

    A line left empty by the cut goes; blank lines between paragraphs stay.
    """
    rule = rules.prefix_re
    if rule is None:
        return text, 0
    out, last, n = [], 0, 0
    for begin, end in list(rule.lines(text)):
        line = text[begin:end]
        while line:  # labels stack: "(网经社讯)导读:"
            line, k = rule.line.subn("", line, count=1)
            if not k:
                break
            n += k
        out.append(text[last:begin])
        if line:
            out.append(line)
            last = end
        else:
            last = end + 1
    if not n:
        return text, 0
    out.append(text[last:])
    return "".join(out).rstrip("\n"), n


@_step("inline_credits", "credits")
def strip_inline_credits(text: str, *, rules: BoilerplateRules = BOILERPLATE) -> tuple[str, int]:
    """Cut credits that stand inside a paragraph: ``(记者 张三)``, ``(图源:视觉中国)``."""
    pattern = rules.inline_re
    if pattern is None or "(" not in text:
        return text, 0
    return pattern.subn("", text)


@_step("duplicate_lines", "lines")
def drop_duplicate_lines(text: str, *, min_chars: int = 8, min_stem: int = 15) -> tuple[str, int]:
    """Drop a repeated line (a title printed twice) and a truncated lead that
    repeats the start of a later paragraph (``导读: …微商B经济...``).

    Lines shorter than ``min_chars`` may repeat (headings such as ``结语``).
    """
    lines = text.split("\n")
    seen: set[str] = set()
    kept = []
    n = 0
    for i, line in enumerate(lines):
        stem = _ELLIPSIS_END_RE.sub("", line) if line.endswith(("...", "…")) else line
        truncated = stem != line and len(stem) >= min_stem
        if truncated and any(stem in other for j, other in enumerate(lines) if j != i):
            n += 1
            continue
        if len(line) >= min_chars and line in seen:
            n += 1
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept), n


def _bracket_balance(line: str) -> int:
    """Opening brackets and quotes minus closing ones (positive: one is still open)."""
    return len(_OPENER_RE.findall(line)) - len(_CLOSER_RE.findall(line))


@dataclass(slots=True)
class _LineEnds:
    """What the join test reads of a (growing) line: its start, its end, its
    length and, when asked, its bracket balance; kept up to date in constant
    time per join, so a long run of wrapped lines costs linear time."""

    pieces: list[str]
    head: str
    tail: str
    length: int
    counted: int = 0
    running: int = 0

    @classmethod
    def of(cls, pieces: list[str]) -> "_LineEnds":
        line = pieces[0]
        return cls(pieces, line[: _HEADING_MAX_CHARS + 1], line[-_TAIL_CHARS:], len(line))

    def extend(self, glue: str, line: str) -> None:
        self.pieces += [glue, line]
        if self.length <= _HEADING_MAX_CHARS:
            self.head = (self.head + glue + line)[: _HEADING_MAX_CHARS + 1]
        self.tail = (self.tail + glue + line)[-_TAIL_CHARS:]
        self.length += len(glue) + len(line)

    @property
    def balance(self) -> int:
        """The bracket balance of the whole line (each piece is counted once)."""
        for piece in self.pieces[self.counted :]:
            self.running += _bracket_balance(piece)
        self.counted = len(self.pieces)
        return self.running


def _goes_on(line: _LineEnds, nxt: str, *, first: bool, paragraphed: bool) -> bool:
    """Whether ``line`` is cut mid-sentence and ``nxt`` carries the sentence on.

    ``paragraphed``: the text separates paragraphs by blank lines, so a heading
    stands alone and two adjacent lines are one paragraph whatever their length.
    """
    if nxt[0] in _CLOSERS or nxt[0] in _CONTINUING_MARKS:
        return True  # no line starts with a closing mark or a comma: it was cut off
    if _SENTENCE_END_RE.search(line.tail) or _LIST_ITEM_RE.match(nxt):
        return False
    if line.length <= _HEADING_MAX_CHARS and _LIST_ITEM_RE.match(line.head):
        return False  # a numbered heading
    if line.balance > 0:
        return True
    if first:
        return False  # the headline
    if line.length <= _TITLE_MAX_CHARS and not paragraphed:
        # a short line is a title, unless it ends on a number whose unit follows
        return bool(_DIGIT_CUT_RE.search(line.tail[-1:]) and _UNIT_START_RE.match(nxt))
    return True


@_step("line_joins", "joins")
def join_wrapped_lines(text: str) -> tuple[str, int]:
    """Join hard-wrapped lines: a line that ends mid-sentence goes on the next.

    ``一个今天日活7⏎亿的超级平台`` → ``一个今天日活7亿的超级平台``;
    ``《晚点⏎LatePost》`` → ``《晚点LatePost》``. A line is not joined when it ends
    a sentence (``。!?;…`` or ``:``), when the next line opens a list item
    (``1.``, ``一、``, ``(2)``, ``-``, ``•``), when it is a short numbered
    heading, or the first line (the headline), and never across a blank line (a
    paragraph break). In a text that separates its paragraphs by blank lines
    (most crawls, Markdown) that is all; in a text that does not, a short line
    (up to 30 characters) is a title and stays, unless a bracket or quote is
    still open or a number is cut from its unit. A line that starts with a
    closing mark or a comma (``”``, ``,``, ``。``) always goes on the line before.
    Two ASCII words are joined with a space, everything else directly.
    """
    if "\n" not in text:
        return text, 0
    lines = text.split("\n")
    # each blank line is one paragraph break; every other line break is within a paragraph
    n_breaks = lines.count("")
    paragraphed = n_breaks >= (len(lines) - 1) - 2 * n_breaks
    out: list[list[str]] = []  # each output line as its pieces, joined once at the end
    ends, n = None, 0  # ends: what the test reads of the last output line, made when first needed
    for line in lines:
        if line and out and out[-1][0]:  # two lines in a row (never across a blank line)
            ends = ends or _LineEnds.of(out[-1])
            if _goes_on(ends, line, first=len(out) == 1, paragraphed=paragraphed):
                glue = " " if _ASCII_WORD_END_RE.match(ends.tail[-1]) and _ASCII_WORD_START_RE.match(line) else ""
                ends.extend(glue, line)
                n += 1
                continue
        out.append([line])
        ends = None
    return "\n".join("".join(pieces) for pieces in out), n


@_step("blank_lines", "lines")
def drop_blank_lines(text: str) -> tuple[str, int]:
    """Drop the blank lines kept between paragraphs: the clean text is one paragraph a line."""
    out = _one_blank_line(text)  # each run of blank lines is one break
    n = out.count("\n\n")
    return out.replace("\n\n", "\n").strip("\n"), n


#: The default cleaning chain, in the order the steps run.
CLEANING_CHAIN: tuple[Step, ...] = (
    normalize_newlines,
    strip_reading_annotations,
    recover_mojibake,
    remove_encoding_damage,
    drop_code_lines,
    strip_markdown,
    drop_urls,
    fix_variants,
    fold_tw_vocabulary,
    to_simplified,
    fold_width,
    normalize_whitespace,
    drop_footer,
    drop_toc,
    drop_furniture_lines,
    strip_line_prefixes,
    strip_inline_credits,
    drop_duplicate_lines,
    join_wrapped_lines,
    drop_blank_lines,
)

#: the steps before the furniture steps: the furniture classifier's features are
#: computed on text as these leave it (and it is trained on lines passed through them)
FURNITURE_INPUT_STEPS: tuple[Step, ...] = CLEANING_CHAIN[: CLEANING_CHAIN.index(drop_footer)]

#: the report's columns, one per step
REPORT_COLUMNS: tuple[str, ...] = tuple(f"n_{step.name}" for step in CLEANING_CHAIN)


def clean_with_report(raw: str, *, steps: Iterable[Step] = CLEANING_CHAIN) -> tuple[str, dict[str, int]]:
    """Run the chain and return the clean text with a count per step.

    Args:
        raw: the decoded article, as delivered.
        steps: the chain to run (default :data:`CLEANING_CHAIN`).

    Returns:
        ``(text, {"n_annotations": 234, "n_damaged_spans": 2, ...})``.

    Raises:
        TypeError: ``raw`` is not a ``str``.
    """
    text = require_text(raw, "raw")
    report = {}
    for step in steps:
        text, count = step.apply(text)
        report[f"n_{step.name}"] = count
    return text, report


def clean_text(raw: str) -> str:
    """Clean one raw article: the whole :data:`CLEANING_CHAIN`.

    Args:
        raw: the decoded article, as delivered.

    Returns:
        Simplified text, one paragraph per line, with reading annotations,
        damaged spans, Markdown, URLs, code and site furniture removed and
        hard-wrapped lines joined.

    Raises:
        TypeError: ``raw`` is not a ``str``.

    Example:
        >>> clean_text("藍海億觀網(wǎng)2025年09月24日 0\\n網(wǎng)傳阿里巴巴與微信近期在談合作條款")
        '网传阿里巴巴与微信近期在谈合作条款'
    """
    return clean_with_report(raw)[0]

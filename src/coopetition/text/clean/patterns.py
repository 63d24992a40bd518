"""Cleaning: the character classes and compiled patterns the steps share."""

from __future__ import annotations

import re
from typing import TypeVar

from coopetition.text.charset import CJK

# --- character classes -------------------------------------------------------

T = TypeVar("T")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: one pinyin syllable carrying a tone mark (the glosses in the seeds all do)
PINYIN_SYLLABLE = rf"[a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}"
#: characters a correct decode of Chinese text almost never holds, but a wrong one
#: does: U+FFFD, box drawing, bopomofo, the private use area, half-width katakana
_STRONG_RANGES = (
    (0xFFFD, 0xFFFD),
    (0x2500, 0x257F),
    (0x3100, 0x312F),
    (0x31A0, 0x31BF),
    (0xE000, 0xF8FF),
    (0xFF61, 0xFF9F),
)
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
#: ``*italic*`` may open inside a word; ``_italic_`` may not (CommonMark's rule for an opening underscore: one
#: after a word character, a Han one included, opens no emphasis, so a keyword line ``综合干_国产自拍网_97久草``
#: and ``user_name_id`` keep theirs). The closing side is looser than CommonMark's: ``,_务必_记住`` is italic here,
#: as Chinese writers mean it, where CommonMark would keep the underscores
_MD_ITALIC_RE = re.compile(
    r"([*_])(?<![A-Za-z0-9_*\\][*_])(?<!\w_)(?=[^\s*_])((?:[^*_\n]|\n(?![ \t]*\n)){1,300}?)(?<=[^\s*_])\1"
    r"(?![A-Za-z0-9_*])"
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

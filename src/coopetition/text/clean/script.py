"""Cleaning, script and vocabulary: variants, Taiwan vocabulary, OpenCC, width and whitespace."""

from __future__ import annotations

import functools
import re

import numpy as np

from coopetition._check import require_text
from coopetition.text.clean.patterns import _CJK_SPACE_RE, _INVISIBLE, _OTHER_SPACES, _SCRIPT_SAMPLE
from coopetition.text.clean.step import _count_changed, _step
from coopetition.text.clean.tables import (
    _CJK_TABLE,
    _KEEP_RE,
    _PLACEHOLDER,
    _T2S,
    _TRADITIONAL,
    _TW_VOCABULARY_RE,
    _VARIANT_RE,
    _ZHE_RE,
    _ZHU_RE,
    TW_VOCABULARY,
    VARIANTS,
    _codepoints,
    _from_codepoints,
    has_traditional,
)

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
    if _TW_VOCABULARY_RE is None or not has_traditional(text) or detect_script(text) != "traditional":
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
    if not has_traditional(text):
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

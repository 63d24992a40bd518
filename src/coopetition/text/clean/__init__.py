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

from coopetition.text.clean.chain import (  # noqa: F401 - the package's names, as one module had them
    CLEANING_CHAIN,
    FURNITURE_INPUT_STEPS,
    REPORT_COLUMNS,
    clean_text,
    clean_with_report,
)
from coopetition.text.clean.encoding import (  # noqa: F401 - the package's names, as one module had them
    _offsets,
    _rare_spans,
    _redecode,
    _utf8_read_as_gbk,
    normalize_newlines,
    recover_mojibake,
    remove_encoding_damage,
    strip_reading_annotations,
)
from coopetition.text.clean.furniture_steps import (  # noqa: F401 - the package's names, as one module had them
    FOOTER_WARN_SHARE,
    drop_boilerplate_lines,
    drop_duplicate_lines,
    drop_footer,
    drop_furniture_lines,
    drop_toc,
    strip_inline_credits,
    strip_line_prefixes,
)
from coopetition.text.clean.markup import (  # noqa: F401 - the package's names, as one module had them
    _line_kinds,
    _more_link,
    _strip_bold,
    _sub_at_line_starts,
    drop_code_lines,
    drop_urls,
    strip_markdown,
)
from coopetition.text.clean.patterns import (  # noqa: F401 - the package's names, as one module had them
    _ASCII_WORD_END_RE,
    _ASCII_WORD_START_RE,
    _CJK_CHAR_RE,
    _CJK_SPACE_RE,
    _CLOSER_RE,
    _CLOSERS,
    _CODE_MAX_CJK_SHARE,
    _CODE_RE,
    _CONTINUING_MARKS,
    _DAMAGE_GAP_RE,
    _DIGIT_CUT_RE,
    _ELLIPSIS_END_RE,
    _EMPTY_BRACKETS_RE,
    _HEADING_MAX_CHARS,
    _HTML_TAG_RE,
    _INVISIBLE,
    _LINK_CLOSE,
    _LINK_ONLY_LINE_RE,
    _LINK_OPEN,
    _LIST_ITEM_RE,
    _MD_BOLD_RE,
    _MD_ESCAPE_RE,
    _MD_HEADING_RE,
    _MD_ITALIC_RE,
    _MD_LIST_RE,
    _MD_PASSES,
    _MD_QUOTE_RE,
    _MD_RULE_RE,
    _MD_TARGET,
    _MD_TRIGGER_RE,
    _NON_ASCII_RUN_RE,
    _OPENER_RE,
    _OPENERS,
    _ORPHAN_GLOSS,
    _ORPHAN_GLOSS_RE,
    _OTHER_SPACES,
    _PUNCT,
    _QUESTION_RUN_RE,
    _REDECODINGS,
    _SCRIPT_SAMPLE,
    _SENTENCE_END_RE,
    _STRAY_TRAIL_RE,
    _STRONG_DAMAGE,
    _STRONG_RANGES,
    _STRONG_RE,
    _TAIL_CHARS,
    _TITLE_MAX_CHARS,
    _TONED,
    _TONED_RE,
    _UNIT_START_RE,
    _UTF8_RUN_RE,
    ANNOTATION_RE,
    DAMAGE_RE,
    MD_IMAGE_RE,
    MD_LINK_RE,
    PINYIN_SYLLABLE,
    URL_RE,
    T,
)
from coopetition.text.clean.rules import (  # noqa: F401 - the package's names, as one module had them
    _COMBINED,
    _LEADING_ANY_RE,
    _RULE_KEYS,
    _WIDTH_TIERS,
    BoilerplateRules,
    __getattr__,  # BOILERPLATE: rules reads it on first use, for the package module too
    _any_of,
    _drop_lines,
    _line_index,
    _line_rule,
    _LineRule,
    _max_line_width,
    _top_level,
    boilerplate_rules,
    detect_outlet,
    holds_one,
    load_boilerplate_rules,
    required_texts,
)
from coopetition.text.clean.script import (  # noqa: F401 - the package's names, as one module had them
    _one_blank_line,
    _replace_words,
    _script_of_sample,
    detect_script,
    fix_variants,
    fold_tw_vocabulary,
    fold_width,
    normalize_whitespace,
    to_simplified,
)
from coopetition.text.clean.step import (  # noqa: F401 - the package's names, as one module had them
    Step,
    _count_changed,
    _step,
    compose,
)
from coopetition.text.clean.tables import (  # noqa: F401 - the package's names, as one module had them
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
    _cjk_chars,
    _codepoints,
    _from_codepoints,
    _has_surrogate,
    _last_text_memo,
    _n_traditional,
    _rare_chars,
    _rare_positions,
    _rare_table,
    _table,
    _text_points,
    _traditional_forms,
    _word_table,
)
from coopetition.text.clean.wraps import (  # noqa: F401 - the package's names, as one module had them
    _bracket_balance,
    _goes_on,
    _LineEnds,
    drop_blank_lines,
    join_wrapped_lines,
)

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

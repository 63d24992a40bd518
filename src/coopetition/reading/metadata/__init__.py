"""Metadata from the text itself: title, outlet, date and author of an article with no catalog row.

The rules read the raw text (decoded, simplified, width-folded, pinyin glosses
removed), not the cleaned text: cleaning removes the very lines that carry
credits, bylines and datelines. They look only where such lines stand — the
head of the article (its first non-empty lines) and its tail (closing
credits) — never the middle, so a source merely quoted in the body
(``据路透社报道``) is never taken for the outlet. The patterns are data, in
``data/metadata.toml``, with the conventions they come from.

- title: the best-scoring head line (:func:`title_candidates`: position, shape,
  furniture signs and repetition, weighted by a logistic regression fitted on
  real pages of many sites, ``data/title_model.toml``); ``""`` when none scores
  above the model's threshold. Never a paragraph, never with ``#``.
- outlet: the credit rules find names in the head (``来源:X`` anywhere on a line,
  ``本文由X授权``, ``以下文章来源于X``, ``出品|X``, ``X讯``, ``《X》独家获悉``, ``X记者``),
  at positions that section labels and slogans share (``【X】``, ``(X)`` opening the
  lede, ``X M月D日消息``, ``X/记者``, a name beside a date) and in the tail
  (``文章为X原创``, ``X出品内容``). The name the rules alone would take decides when
  the gazetteer ``data/outlets.tsv`` knows it (a known logo line too); every other
  name is a candidate, with those the page offers (a title's site suffix, a
  copyright line, a dateline word), scored on its kind, label, form and position
  (``data/outlet_model.toml``); ``""`` when none passes the threshold.
- date: a labelled publication date (``发布时间:``), else the first dateline in the
  head (a short line, a date opening a line, a glued ``X2021年4月10日消息``), in
  numeric, 年月日, month-name (dateparser) and ROC forms; update times skipped;
  else a single date in the tail.
- author: ``作者|X``, ``文丨X``, ``记者 X``, ``撰文/X`` with any separator; the names
  stop at the word holding the next label (``上海报道``, ``某某新闻编辑``).
- stated fields (a page's or record's title, site and author) pass the same rules:
  a stated author is read as a byline, a page title is no site name.

Emphasis is no part of a line: ``**X**``, ``*X*`` and ``_X_`` read as ``X``; an
italic line right under an image is its caption, never the article's credit.

Example:
    >>> extract_metadata("# 京东与阿里竞争加剧\\n来源:证券日报\\n2023-12-29 10:05\\n文丨张三 编辑丨李四\\n正文。")["outlet"]
    '证券日报'
"""

from coopetition.reading.metadata.credits import (  # noqa: F401 - the package's names, as one module had them
    _PLANS,
    _as_printed,
    _author,
    _byline,
    _clean_outlet,
    _longest_known,
    _names,
    _outlet,
    _outlet_in,
    _plan,
    find_author,
    find_outlet,
    self_named_outlet,
)
from coopetition.reading.metadata.dates import (  # noqa: F401 - the package's names, as one module had them
    _COMPACT_DATE_RE,
    _CST,
    _DATE_LABEL_HINTS,
    _DATE_MARKER_RE,
    _DATELINE_AFTER_RE,
    _DATELINE_BEFORE_RE,
    _EPOCH_RE,
    _MONTH_NAME_DATE_RE,
    _ROC_DATE_RE,
    _all_dates,
    _date,
    _dates_in,
    _glued_dateline,
    _labelled_lines,
    _month_name_dates,
    _ranked_dates,
    find_date,
    iso_date,
    stated_date,
)
from coopetition.reading.metadata.fields import (  # noqa: F401 - the package's names, as one module had them
    _given_author,
    _site_name,
    _site_of,
    _split_page_title,
    _width,
    extract_metadata,
    page_head_fields,
    site_from_page_title,
)
from coopetition.reading.metadata.head import (  # noqa: F401 - the package's names, as one module had them
    _HTML_TAG_RE,
    _LIST_STARTS,
    _MARKDOWN_CHARS,
    Line,
    _join_open_titles,
    _mark_captions,
    _plain,
    _strip,
    read_head,
)
from coopetition.reading.metadata.rules import (  # noqa: F401 - the package's names, as one module had them
    _CHANNEL_WORDS,
    _EMPHASIS_RE,
    _HEADING_RE,
    _IMAGE_RE,
    _ITALIC_RE,
    _KEY_DROP_RE,
    _LINK_RE,
    _LIST_MARK_RE,
    _MIDDOT_RE,
    _NAME_SPLIT_RE,
    _OUTLET_KINDS,
    _REGIONS,
    _SPACES_RE,
    _WORD_END_RE,
    DATE_RE,
    METADATA_FIELDS,
    Gazetteer,
    MetadataRules,
    __getattr__,  # RULES and OUTLETS: the package module reads them on first use too
    _compile,
    _outlet_key,
    known_outlets,
    load_metadata_rules,
    load_outlets,
    metadata_rules,
    normalize_text,
)
from coopetition.reading.metadata.title import (  # noqa: F401 - the package's names, as one module had them
    _BEFORE_BODY,
    _DATE_LIKE_RE,
    _DIGIT_RE,
    _DIRTY,
    _HAN_RE,
    _HEADING,
    _KEYWORD_LIST,
    _KEYWORD_SPLIT_RE,
    _LABEL_START_RE,
    _LATIN_RE,
    _LIST_NUMBER_RE,
    _ORIGINAL_TITLE_RE,
    _SECTION_TAG_RE,
    _SEPARATORS_RE,
    _SPLIT_PARTS_RE,
    TITLE_FEATURES,
    TitleCandidate,
    TitleModel,
    _is_furniture,
    _is_keyword_list,
    _is_paragraph,
    _rank_features,
    _score,
    _share,
    _strip_title,
    _title,
    _title_model,
    _variants,
    find_title,
    load_title_model,
    title_candidates,
)

__all__ = [
    "MetadataRules",
    "load_metadata_rules",
    "RULES",
    "metadata_rules",
    "Gazetteer",
    "load_outlets",
    "OUTLETS",
    "known_outlets",
    "extract_metadata",
    "find_title",
    "title_candidates",
    "TITLE_FEATURES",
    "TitleModel",
    "load_title_model",
    "find_outlet",
    "self_named_outlet",
    "find_date",
    "find_author",
    "site_from_page_title",
    "page_head_fields",
    "iso_date",
    "stated_date",
    "normalize_text",
    "METADATA_FIELDS",
]

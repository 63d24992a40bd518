"""Quantities: the numbers an article rests on, each with its unit, bound and direction.

Text → table. :func:`extract_quantities` reads every number phrase of a text
as one unit — numeral (Arabic, full-width, Chinese or mixed, read by
:mod:`coopetition.measures.numerals` with cn2an) + multiplier (万, 亿, 万亿, 兆 = 10^12
in money; 2兆3000亿, 3亿5000万 read whole) + the unit written after it — and
reports, per figure, its value (exact in decimal terms: 8.8亿 is 880000000; a
minus written right before the digits makes it negative; a range as
``value``–``value_max``), its unit (currency code, ``%``, ``pp``, ``x``, a
counted noun, a duration), its bound (超过, 至少 → at least; 不足, 最多, 最高达 →
below, the upper bound; 约 → about; 达 reports a level reached, with no
bound), whether the sentence gives it as a change (同比增长6.5% → increase)
or a level, and what it measures.

Beyond earnings releases, reporting writes figures in short forms, read here by
rules that hold across outlets: a lone 过/破 before a round magnitude is a
lower bound (日活过亿, 日破千万); a negated bound turns over (不能低于60% → at
least); 城 counts cities; 37岁 is an ``age``; a doubling with a numeral is 2 x, an
increase (翻了一番; 翻了两番 = 4 x; 翻倍 and 翻番 state no numeral and are not read);
9块9 is 9.9 CNY; a promotion formula (满99减20) and a quoted slogan or name (“分20亿”,
“1元店”) are not read (:mod:`.names`); a bare amount after a verb that moves money
(欠了122亿, 砸下50亿) is CNY; a rate of change keeps
its direction across a modal (增速要在…) and into a short parallel clause that
names nothing new (第三年得保证200%); 多/少 before a figure in a comparison is
the difference (比上年多了4亿元). Time offsets say when, not how long, and are
not read (两年后, 提前两个月, 这两年).

The vocabulary (units, multipliers, bound and direction words) is the data file
``data/quantities.toml``. What is *not* a quantity is masked before numbers
are read: dates and years in any numerals (2024年, 二零二三年, 9月30日),
quarters (第三季度, Q3), ordinals (第二), times, stock codes (09618.HK), phone
numbers, URLs, product days (双11); a bare number with no unit and no
multiplier (list markers, model names such as H100 or 618) is never read, and
a Chinese numeral inside a word or a set phrase (一年不如一年, 零一万物, 毛一年)
is left alone.

The reader has two stages: :mod:`.lexer` masks what is never a quantity and reads number
phrases token by token; :mod:`.grammar` turns each phrase into rows by named rules;
:mod:`.context` finds the subject from the clause and :mod:`.currency` the currency a page
states for bare money (人民币(下同), a 港股 report, a Taiwan firm's 新台币 figures).
"""

from __future__ import annotations

import re

import pandas as pd

from coopetition._check import require_text
from coopetition.cache import memo
from coopetition.measures.quantities.currency import PageCurrency, page_currency
from coopetition.measures.quantities.grammar import read_phrase
from coopetition.measures.quantities.lexer import mask, may_hold_number, scan, unwrap
from coopetition.measures.quantities.lexicon import MULTIPLIERS, UNIT_FAMILY, UNITS
from coopetition.measures.quantities.table import QUANTITY_COLUMNS, records_table
from coopetition.text.clean import fold_width, to_simplified
from coopetition.text.segment import split_sentences

__all__ = [
    "extract_quantities",
    "extract_records",
    "records_table",
    "article_records",
    "article_quantities",
    "quantity_table",
    "QUANTITY_COLUMNS",
    "UNITS",
    "UNIT_FAMILY",
    "MULTIPLIERS",
]


def _prepare(text: str) -> str:
    """Simplified script, folded width and line wraps inside numbers undone; same length as far as
    OpenCC keeps it."""
    text = to_simplified(text)  # a text with no traditional form is returned at once, after one search
    return unwrap(fold_width(text) if _WIDE_RE.search(text) else text)


#: what :func:`fold_width` folds (full-width ASCII forms, the ideographic space): a text with none is left as it is
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000]")


#: how far before a sentence a count of firms may point back at the firms named (names.names_the_firms)
_PRECEDING_AT_MOST = 200


def extract_quantities(text: str) -> pd.DataFrame:
    """Every quantity stated in ``text``, one row each, in text order.

    Args:
        text: cleaned text (one article, or any sentence), simplified or traditional script.

    Returns:
        A table with :data:`QUANTITY_COLUMNS`:

        - ``value`` in plain units (13.85亿 → 1.385e9, 2.2兆元 → 2.2e12, 40% → 40, 三成 → 30,
          净利润为-5.2亿元 → -5.2e8), exact in decimal terms, and
          ``value_max``, the top of a range (80亿至100亿元 → 8e9, 1e10), else NaN;
        - ``unit``: a currency code (``CNY``, ``HKD``, ``USD``, ``JPY``, ``EUR``,
          ``TWD``), ``%``, ``pp`` (percentage points), ``x`` (multiple), a count
          (``users``, ``DAU``, ``MAU``, ``fans``, ``merchants``, ``firms``,
          ``orders``, ``people``, ``items``, ``cities``, ``age``, or ``count``), or a duration
          (``years``, ``months``, ``days``, ``hours``, ``minutes``…);
          ``family`` groups them (money, percent, multiple, count, duration) and
          ``noun`` keeps the counted noun as written (粉丝, 乡镇);
        - ``qualifier``: ``at least`` (超过, 突破, 逾, 以上, 过亿, 至少), ``below``, the
          upper bound (不足, 不到, 低于, 以下, 不超过, 最多, 最高达), ``about`` (约, 近,
          左右, 多, 余) or empty (达 reports a level reached);
        - ``change``: ``increase``/``decrease`` when the figure is a change
          (同比增长6.5%), empty for a level (增至32%); ``signed_value`` is the value
          with the sign of the change;
        - ``span`` (the matched text), ``sentence``, ``subject`` (what is measured,
          empty rather than a fragment), ``actor`` (the firm it belongs to),
          ``year`` (the period stated before it in its sentence), ``start``
          (offset in the simplified text);
        - ``currency_assumed``: true for money that names no currency and whose page states none
          (read as CNY); a bare amount takes the currency the page states (人民币(下同), a 港股
          market report, a Taiwan firm's 新台币 figures).

    Raises:
        TypeError: when ``text`` is not a str.

    Example:
        >>> row = extract_quantities("美团的市值一天缩水784亿港元").iloc[0]
        >>> float(row["value"]), row["unit"], row["change"], row["subject"]
        (78400000000.0, 'HKD', 'decrease', '美团的市值')
    """
    require_text(text, "text")
    return records_table(extract_records(text))


def extract_records(text: str) -> list[tuple]:
    """The rows of :func:`extract_quantities` as plain tuples in :data:`QUANTITY_COLUMNS` order, no table.

    The batch path: read many texts with it and build one table with :func:`records_table`
    (a pandas table costs more than reading a short line).

    Raises:
        TypeError: when ``text`` is not a str.
    """
    require_text(text, "text")
    text = _prepare(text)
    if not may_hold_number(text):
        return []  # no numeral, no 百分之/翻倍/一半…: no phrase can start, so no row
    # what the page states about bare money: read once, when the first row needs it
    currency: PageCurrency | None = None
    masked_text = mask(text)  # offsets kept: each sentence's mask is a slice
    rows: list[dict] = []
    offset = 0
    for sentence in split_sentences(text):
        at = text.find(sentence, offset)
        base = at if at >= 0 else offset
        offset = base + len(sentence)
        masked = masked_text[base : base + len(sentence)] if at >= 0 else mask(sentence)
        previous = None
        position = 0
        # what a count of firms may point back at (names.names_the_firms): only a sentence with 家 can need it
        preceding = text[max(0, base - _PRECEDING_AT_MOST) : base] if "家" in sentence else ""
        while (m := scan(masked, position)) is not None:
            position = max(m.end(), position + 1)
            if m.start() == m.end():
                continue
            for row in read_phrase(m, masked, sentence, previous, preceding):
                row["start"] = base + sentence.find(row["span"], m.start())
                currency = currency or page_currency(text)
                currency.settle(row)
                rows.append(row)
                previous = row
    return [tuple(row[column] for column in QUANTITY_COLUMNS) for row in rows]


def article_records(text: str) -> list[tuple]:
    """:func:`extract_records` for a whole article, through the article cache (an entry holds the rows as
    ``{column: value}``)."""
    require_text(text, "text")
    rows = memo("quantities", text, lambda: [dict(zip(QUANTITY_COLUMNS, record)) for record in extract_records(text)])
    return [tuple(row[column] for column in QUANTITY_COLUMNS) for row in rows]


def article_quantities(text: str) -> pd.DataFrame:
    """:func:`extract_quantities` for a whole article, through the article cache."""
    return records_table(article_records(text))


def quantity_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Quantities of every article: ``doc_id, date`` and :data:`QUANTITY_COLUMNS`,
    sorted by article and position; one table built for the whole corpus.

    Args:
        corpus: a table with ``doc_id``, ``date`` and ``text`` (see :func:`coopetition.load_corpus`).
    """
    columns = ["doc_id", "date", *QUANTITY_COLUMNS]
    if not len(corpus):
        return pd.DataFrame(columns=columns)
    records, doc_ids, dates = [], [], []
    for doc_id, date, text in zip(corpus["doc_id"], corpus["date"], corpus["text"]):
        found = article_records(text)
        records += found
        doc_ids += [doc_id] * len(found)
        dates += [date] * len(found)
    table = records_table(records)
    table.insert(0, "date", pd.Series(dates, dtype=corpus["date"].dtype))
    table.insert(0, "doc_id", pd.Series(doc_ids, dtype=corpus["doc_id"].dtype))
    return table.sort_values(["doc_id", "start"], ignore_index=True, kind="stable")[columns]

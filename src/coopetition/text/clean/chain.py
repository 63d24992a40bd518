"""Cleaning, the chain: the default steps in order, :func:`clean_with_report` and :func:`clean_text`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from coopetition._check import require_text
from coopetition.text.clean.encoding import (
    normalize_newlines,
    recover_mojibake,
    remove_encoding_damage,
    strip_reading_annotations,
)
from coopetition.text.clean.furniture_steps import (
    drop_duplicate_lines,
    drop_footer,
    drop_furniture_lines,
    drop_toc,
    strip_inline_credits,
    strip_line_prefixes,
)
from coopetition.text.clean.markup import drop_code_lines, drop_urls, strip_markdown
from coopetition.text.clean.script import (
    fix_variants,
    fold_tw_vocabulary,
    fold_width,
    normalize_whitespace,
    to_simplified,
)
from coopetition.text.clean.wraps import drop_blank_lines, join_wrapped_lines

if TYPE_CHECKING:
    from coopetition.text.clean.step import Step

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

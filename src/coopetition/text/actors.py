"""Actors: which firms a text mentions, from the alias table in ``data/actors.csv``.

Text in traditional script is matched through its OpenCC simplification
(騰訊 is Tencent); the surface form reported is the text's own.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from coopetition._check import require_text
from coopetition._data import data_rows
from coopetition.text.patterns import longest_first

__all__ = ["actor_aliases", "find_actors", "actor_mentions"]


@lru_cache(maxsize=1)
def actor_aliases() -> dict[str, str]:
    """The packaged alias table as ``{surface form: actor}``.

    Raises:
        ValueError: when an alias is listed twice.
    """
    aliases: dict[str, str] = {}
    for row in data_rows("actors.csv"):
        alias, actor = row["alias"].strip(), row["actor"].strip()
        if alias in aliases:
            raise ValueError(f"data/actors.csv: alias {alias!r} is listed twice")
        aliases[alias] = actor
    return aliases


@lru_cache(maxsize=1)
def _alias_re() -> re.Pattern:
    # longest first, so the leftmost match is also the longest alias there
    alternatives = longest_first(actor_aliases())
    # a Latin alias (QQ, WeChat) must not sit inside a longer Latin word
    return re.compile(
        "|".join(rf"(?<![A-Za-z]){re.escape(a)}(?![A-Za-z])" if a.isascii() else re.escape(a) for a in alternatives)
    )


def find_actors(text: str) -> list[tuple[str, str]]:
    """Every actor mention in ``text`` as ``(alias, actor)``, in text order.

    Overlapping aliases count once, as the longest: ``微信支付`` is one Tencent
    mention. Either script: 騰訊 is found as Tencent.

    Raises:
        TypeError: ``text`` is not a ``str``.

    Example:
        >>> find_actors("淘宝接入微信支付,京东关闭入口")
        [('淘宝', 'Alibaba'), ('微信支付', 'Tencent'), ('京东', 'JD')]
    """
    from coopetition.text.clean import (
        to_simplified,
    )  # clean imports nothing from here; lazy keeps the import graph flat

    require_text(text, "text")
    aliases = actor_aliases()
    simplified = to_simplified(text) if not text.isascii() else text
    # OpenCC t2s maps character for character, so offsets agree; if not, report the simplified form
    surface = text if len(simplified) == len(text) else simplified
    return [(surface[m.start() : m.end()], aliases[m.group()]) for m in _alias_re().finditer(simplified)]


def actor_mentions(corpus: pd.DataFrame) -> pd.DataFrame:
    """Count actor mentions per article.

    Args:
        corpus: a table with ``doc_id`` and ``text`` (see :func:`coopetition.load_corpus`).

    Returns:
        Tidy rows ``doc_id, actor, mentions, per_10k_chars``, one for every
        article and every actor mentioned anywhere in the corpus (zeros
        included), sorted by ``doc_id`` then mentions (descending) then actor.
    """
    counts = {
        doc_id: pd.Series(
            [actor for _, actor in find_actors(require_text(text, f"text of {doc_id}"))], dtype=object
        ).value_counts()
        for doc_id, text in zip(corpus["doc_id"], corpus["text"])
    }
    actors = sorted(set().union(*(c.index for c in counts.values())))
    lengths = dict(zip(corpus["doc_id"], corpus["text"].str.len()))
    rows = [
        {
            "doc_id": doc_id,
            "actor": actor,
            "mentions": int(counts[doc_id].get(actor, 0)),
            "per_10k_chars": 1e4 * counts[doc_id].get(actor, 0) / max(lengths[doc_id], 1),
        }
        for doc_id in counts
        for actor in actors
    ]
    table = pd.DataFrame(rows, columns=["doc_id", "actor", "mentions", "per_10k_chars"])
    return table.sort_values(["doc_id", "mentions", "actor"], ascending=[True, False, True], ignore_index=True)

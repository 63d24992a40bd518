"""Tables → findings: Markdown sentences computed from the tables a notebook just made.

Each function reads tidy tables and returns Markdown (a bullet list or one
sentence), so the findings a notebook states are true of whatever corpus it
ran on; a notebook shows them with ``IPython.display.Markdown`` (or
:func:`coopetition.output.plotting.show`). Nothing here knows the seed articles,
except :func:`is_seed_corpus`, which lets a notebook show interpretation
written for the seeds only when the corpus is the seeds.

Numbers are written the same way everywhere: counts as integers, shares as
whole percentages, article lists as ``doc_id``\\ s joined by commas (at most
:data:`MAX_LISTED`, then "and k more").

Everything that comes from an article (``doc_id``, file name, title, outlet,
author, url, a loading warning, a term) is passed through :func:`escape_markdown`
before it enters the Markdown, so a name such as ``<img src=x onerror=…>``,
``[x](javascript:…)`` or ``a_b*c*`` is shown as the text it is, never as markup,
a link or emphasis, in the notebook and in ``report.html``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from coopetition import paths
from coopetition._check import require_text

__all__ = [
    "MAX_LISTED",
    "escape_markdown",
    "MIN_FRAMING",
    "ids",
    "page_caption",
    "corpus_findings",
    "term_findings",
    "framing_findings",
    "metrics_findings",
    "is_seed_corpus",
    "seeds_note",
    "counted_corpus",
]

#: article ids listed in a sentence before "and k more"
MAX_LISTED = 12
#: articles named under a figure as having no row in it, before "and k more" (its CSV has every article)
MAX_MISSING = 100
#: fewer framing sentences than this and an article's frame shares are not read as shares
MIN_FRAMING = 5
#: G² at p < 0.001, one degree of freedom
G2_P001 = 10.83
_FRAMES = ("competition", "cooperation", "coopetition")


#: characters Markdown (CommonMark, GFM tables and strikethrough, Jupyter's $ math, autolinks) reads as markup
#: anywhere in a line: each gets a backslash
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]()#|~$:])")


def escape_markdown(value: object) -> str:
    """``value`` as text that Markdown (and the HTML it becomes) shows literally.

    ``&``, ``<`` and ``>`` become HTML entities (no tag, no autolink can open), and
    every Markdown metacharacter gets a backslash (no emphasis, link, code span,
    heading, table cell or math); line breaks become spaces, so a name cannot
    start a block of its own. Use it on everything an article supplies.

    Example:
        >>> escape_markdown("a_b*c*")
        'a\\\\_b\\\\*c\\\\*'
        >>> escape_markdown("<img src=x onerror=alert(1)>")
        '&lt;img src=x onerror=alert\\\\(1\\\\)&gt;'
    """
    text = " ".join(str(value).split()) if any(c in str(value) for c in "\r\n\t\f\v") else str(value)
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text), quote=False)


_e = escape_markdown


def ids(doc_ids: Iterable, *, limit: int = MAX_LISTED, escape: bool = True) -> str:
    """Article ids, sorted and joined: ``"000, 003 and 1012"``, at most ``limit`` then "and k more".

    Each id is escaped for Markdown (:func:`escape_markdown`) unless ``escape=False``
    (text for a figure, not for Markdown).

    Example:
        >>> ids(["003", "000", "001"])
        '000, 001 and 003'
        >>> ids([str(i) for i in range(5)], limit=2)
        '0, 1 and 3 more'
    """
    items = sorted(str(d) for d in doc_ids)
    if escape:
        items = [escape_markdown(d) for d in items]
    if len(items) > limit:
        return f"{', '.join(items[:limit])} and {len(items) - limit} more"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}" if items else "none"


def _tables(**tables: object) -> None:
    """Raise a TypeError naming the first argument that is not a DataFrame."""
    for name, value in tables.items():
        if not isinstance(value, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame, not {type(value).__name__}")


def _n(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def _num(x: float) -> str:
    """A weight to one decimal, without a trailing ``.0``: ``17.3``, ``40``."""
    return f"{x:.1f}".removesuffix(".0")


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _leaders(counts: pd.Series) -> tuple[str, int | float]:
    """The index labels tied for the largest value, joined ("a and b"), and that value."""
    best = counts.max()
    return ids(counts.index[counts == best].astype(str)), best


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines if line)


def page_caption(
    page_docs: Iterable,
    all_docs: Iterable,
    *,
    page: int = 1,
    pages: int = 1,
    missing: Iterable = (),
    absent: str = "having nothing to draw",
) -> str:
    """The caption of one page of a per-article figure: which N of M articles it shows.

    Args:
        page_docs: the articles drawn on this page, in the page's order.
        all_docs: every article of the corpus.
        page, pages: this page's number and the page count.
        missing: articles with no row in the figure's table (named on the last page).
        absent: why those articles have no row ("undated", "no firm named"…).

    Example:
        >>> page_caption(["000", "001"], ["000", "001", "002"], page=1, pages=2)
        '*Page 1 of 2: articles 000 to 001, 2 of the 3 in the corpus.*'
    """
    shown, total, missing = list(map(str, page_docs)), len(set(map(str, all_docs))), sorted(map(str, missing))
    if pages == 1:
        text = f"*{_n(len(shown), 'article')} of {total}"
        text += ".*" if missing else " (all of them).*"
    else:
        text = f"*Page {page} of {pages}: articles {_e(shown[0])} to {_e(shown[-1])}, {len(shown)} of the {total} in the corpus.*"
    if missing and page == pages:
        text += f" *Not in this figure, {absent}: {ids(missing, limit=MAX_MISSING)}.*"
    return text


def corpus_findings(corpus: pd.DataFrame) -> str:
    """What the corpus holds: size, dates, scripts, encodings, outlets and what cleaning kept.

    Args:
        corpus: the table from :func:`coopetition.load_corpus`.

    Returns:
        A Markdown bullet list.
    """
    _tables(corpus=corpus)
    n = len(corpus)
    if n == 0:
        return "The corpus is empty: no article to describe."
    raw, clean = int(corpus["raw_chars"].sum()), int(corpus["clean_chars"].sum())
    lines = [
        f"**{_n(n, 'article')}**, {raw:,} characters as delivered; cleaning kept {clean:,} ({_pct(clean / raw if raw else 0)})."
    ]
    if n == 1:
        lines.append(
            "With a single article nothing here compares articles: read the figures as a description of it alone."
        )
    dated = corpus[corpus["date"].astype(str) != ""]
    undated = corpus.loc[corpus["date"].astype(str) == "", "doc_id"]
    if dated.empty:
        lines.append("No article states a date, so there is no timeline and no framing over time.")
    else:
        years = dated["date"].str[:4]
        span = (
            f"from {_e(dated['date'].min())} to {_e(dated['date'].max())}"
            if len(dated) > 1
            else f"on {_e(dated['date'].iloc[0])}"
        )
        text = f"{_n(len(dated), 'article')} dated, {span}"
        if years.nunique() > 1:
            busiest, count = _leaders(years.value_counts())
            text += (
                f"; the busiest year is {busiest} ({_n(int(count), 'article')}{' each' if ' and ' in busiest else ''})"
            )
        lines.append(text + (f"; {_n(len(undated), 'article')} undated ({ids(undated)})." if len(undated) else "."))
    scripts = corpus["script"].value_counts()
    traditional = corpus.loc[corpus["script"] == "traditional", "doc_id"]
    if len(traditional):
        lines.append(
            f"{int(scripts.get('simplified', 0))} in simplified script, {len(traditional)} in traditional "
            f"({ids(traditional)}), converted to simplified before any count."
        )
    else:
        lines.append("Every article is in simplified script.")
    encodings = corpus["encoding"].value_counts().sort_index()
    lines.append("Encodings: " + ", ".join(f"{_e(e)} {c}" for e, c in encodings.items()) + ".")
    outlets = corpus.loc[corpus["outlet"].astype(str) != "", "outlet"].value_counts()
    nameless = corpus.loc[corpus["outlet"].astype(str) == "", "doc_id"]
    if len(outlets):
        top, count = _leaders(outlets)
        tied = " and " in top
        text = (
            f"{_n(len(outlets), 'outlet')} named; the most frequent {'are' if tied else 'is'} {top} "
            f"({_n(int(count), 'article')}{' each' if tied else ''})"
        )
        lines.append(text + (f"; no outlet is named for {ids(nameless)}." if len(nameless) else "."))
    else:
        lines.append("No article names its outlet.")
    if n > 1:
        kept = (corpus["clean_chars"] / corpus["raw_chars"].where(corpus["raw_chars"] > 0)).fillna(0)
        low, high = kept.idxmin(), kept.idxmax()
        lines.append(
            f"Cleaning removed the most from {_e(corpus.at[low, 'doc_id'])} (kept {_pct(kept[low])} of its characters) "
            f"and the least from {_e(corpus.at[high, 'doc_id'])} (kept {_pct(kept[high])})."
        )
    empty = corpus.loc[corpus["clean_chars"] == 0, "doc_id"]
    if len(empty):
        lines.append(f"Empty after cleaning, so absent from every count: {ids(empty)}.")
    if "warnings" in corpus.columns:
        flagged = corpus[(corpus["warnings"].astype(str) != "") & (corpus["clean_chars"] > 0)]
        lines.extend(f"Flagged while loading {_e(row.doc_id)}: {_e(row.warnings)}." for row in flagged.itertuples())
    if "duplicate_of" in corpus.columns:
        copies = corpus[corpus["duplicate_of"].astype(str) != ""]
        if len(copies):
            lines.append(
                f"{_n(len(copies), 'article')} near-duplicate of another: "
                + ", ".join(f"{_e(r.doc_id)} of {_e(r.duplicate_of)}" for r in copies.itertuples())
                + "."
            )
    return _bullets(lines)


def term_findings(
    freqs: pd.DataFrame, key: pd.DataFrame, actors: pd.DataFrame, docs: Iterable, *, top_n: int = 10
) -> str:
    """What the term, keyness and actor tables say, across every article.

    Args:
        freqs: :func:`coopetition.term_frequencies` (sorted by count within each article).
        key: :func:`coopetition.keyness`.
        actors: :func:`coopetition.actor_mentions` (``doc_id, actor, mentions``).
        docs: every article of the corpus.
        top_n: the size of "an article's top terms".

    Returns:
        A Markdown bullet list.
    """
    _tables(freqs=freqs, key=key, actors=actors)
    docs = sorted(map(str, docs))
    lines = []
    silent = sorted(set(docs) - set(freqs["doc_id"].astype(str)))
    if silent:
        lines.append(f"No content token left in {ids(silent)}.")
    if len(freqs):
        first = freqs.groupby("doc_id", sort=True).head(1)
        leader, count = _leaders(first["term"].value_counts())
        lines.append(
            f"The most frequent term of an article is {leader} in {count} of {len(first)}"
            + (" each." if " and " in leader else ".")
        )
        top = freqs.groupby("doc_id", sort=True).head(top_n)
        spread, count = _leaders(top["term"].value_counts())
        if len(docs) > 1:
            lines.append(
                f"{spread} {'are' if ' and ' in spread else 'is'} among the top {top_n} terms of {count} of "
                f"{len(docs)} articles{' each' if ' and ' in spread else ''}."
            )
    over = key[(key["direction"] == "over") & (key["g2"] >= G2_P001)] if len(key) else key
    if len(docs) < 2:
        lines.append(
            "With one article there is no rest of the corpus to compare it with, so no term is called distinctive."
        )
    elif len(over) == 0:
        lines.append(f"No term is distinctive of any article at p < 0.001 (G² ≥ {G2_P001}).")
    else:
        best = over.sort_values(["g2", "doc_id", "term"], ascending=[False, True, True]).iloc[0]
        none = sorted(set(docs) - set(over["doc_id"].astype(str)))
        text = (
            f"{len(set(over['doc_id']))} of {len(docs)} articles have a term distinctive at p < 0.001; the strongest is "
            f"{_e(best['term'])} in {_e(best['doc_id'])} (G² {best['g2']:.0f}, {best['count']} times against {best['other_count']} "
            f"in all the others)"
        )
        lines.append(text + (f"; none in {ids(none)}." if none else "."))
    named = actors[actors["mentions"] > 0] if len(actors) else actors
    if len(named) == 0:
        lines.append("No firm of the alias table is named in any article.")
    else:
        totals = named.groupby("actor")["mentions"].sum().sort_index().sort_values(ascending=False, kind="stable")
        leads = named[named["mentions"] == named.groupby("doc_id")["mentions"].transform("max")]  # ties all lead
        actor = totals.index[0]
        tied, count = _leaders(totals)
        if " and " in tied:
            lines.append(
                f"The most-named firms are {tied}, {int(count):,} mentions each; "
                f"{_n(len(totals), 'firm')} are named in all."
            )
        else:
            lines.append(
                f"The most-named firm is {_e(actor)}: {int(totals.iloc[0]):,} mentions in "
                f"{int((named['actor'] == actor).sum())} of {len(docs)} articles, and the most-named firm (or tied for it) of "
                f"{int((leads['actor'] == actor).sum())} of them; {_n(len(totals), 'firm')} are named in all."
            )
        nameless = sorted(set(docs) - set(named["doc_id"].astype(str)))
        if nameless:
            lines.append(f"No firm of the alias table is named in {ids(nameless)}.")
    return _bullets(lines)


def framing_findings(
    sentences: pd.DataFrame, shares: pd.DataFrame, tones: pd.DataFrame, edges: pd.DataFrame, docs: Iterable
) -> str:
    """What the sentence labels say: how much is framed, which frame leads where, tone, and the firm pairs.

    Args:
        sentences: :func:`coopetition.measures.sentences.sentence_table`.
        shares: :func:`coopetition.measures.sentences.frame_shares`.
        tones: :func:`coopetition.measures.sentences.tone_by_frame`.
        edges: :func:`coopetition.measures.network.edge_table`.
        docs: every article of the corpus.

    Returns:
        A Markdown bullet list.
    """
    _tables(sentences=sentences, shares=shares, tones=tones, edges=edges)
    docs = sorted(map(str, docs))
    total = len(sentences)
    framing = sentences[sentences["frame"] != "none"]
    if total == 0:
        return _bullets(["No sentence in the corpus: nothing to label."])
    counts = framing["frame"].value_counts()
    lines = []
    if framing.empty:
        return _bullets(
            [
                f"None of the {total:,} sentences frames a relationship between firms, so there are no frame "
                "shares, no framing over time and no network."
            ]
        )
    lines.append(
        f"{len(framing):,} of {total:,} sentences ({_pct(len(framing) / total)}) frame a relationship: "
        + ", ".join(f"{f} {int(counts.get(f, 0))}" for f in _FRAMES)
        + "."
    )
    per_doc = shares.groupby("doc_id", sort=True)["n_framing"].first()
    few = sorted(per_doc[per_doc < MIN_FRAMING].index.astype(str))
    unframed = sorted(set(docs) - set(framing["doc_id"].astype(str)))
    if unframed:
        lines.append(f"No framing sentence in {ids(unframed)}.")
    few = [d for d in few if d not in unframed]
    if few:
        lines.append(f"Fewer than {MIN_FRAMING} framing sentences in {ids(few)}: their shares are not read below.")
    readable = shares[shares["doc_id"].astype(str).isin(per_doc[per_doc >= MIN_FRAMING].index.astype(str))]
    if len(readable):
        wide = readable.pivot(index="doc_id", columns="frame", values="share").reindex(columns=list(_FRAMES))
        leading = wide.idxmax(axis=1)
        majority = wide.max(axis=1) > 0.5
        parts = [
            f"{f} {ids(leading[majority & (leading == f)].index)}" for f in _FRAMES if (majority & (leading == f)).any()
        ]
        mixed = sorted(wide.index[~majority].astype(str))
        text = f"Of the {_n(len(wide), 'article')} with at least {MIN_FRAMING} framing sentences, more than half of the framing is "
        text += "; ".join(parts) if parts else "no single frame in any article"
        lines.append(text + (f"; no frame has a majority in {ids(mixed)}." if mixed and parts else "."))
    overall = tones[tones["frame"] == "all"].dropna(subset=["net"])
    if len(overall) > 1:
        low, high = overall.loc[overall["net"].idxmin()], overall.loc[overall["net"].idxmax()]
        lines.append(
            f"Net tone over all sentences runs from {low['net']:+.2f} ({_e(low['doc_id'])}) to {high['net']:+.2f} "
            f"({_e(high['doc_id'])})."
        )
    by_frame = sentences.groupby("frame")["tone"].value_counts(normalize=True).unstack(fill_value=0.0)
    if "negative" in by_frame.columns:
        parts = [f"{f} {_pct(by_frame.at[f, 'negative'])}" for f in (*_FRAMES, "none") if f in by_frame.index]
        lines.append("Share of negative sentences by frame: " + ", ".join(parts) + ".")
    framed_edges = edges[edges["weight"] > 0] if len(edges) else edges
    if len(framed_edges):
        top = framed_edges.iloc[0]
        mix = ", ".join(f"{f} {_num(top[f])}" for f in _FRAMES if top[f] > 0)
        lines.append(
            f"The heaviest pair of firms is {_e(top['actor_a'])}–{_e(top['actor_b'])}: framing weight {_num(top['weight'])} "
            f"({mix}) from {top['sentences']} sentences naming both."
        )
        listed = framed_edges[framed_edges["list_sentences"] >= framed_edges["sentences"]]
        if len(listed):
            lines.append(
                f"{_n(len(listed), 'pair')} of {len(framed_edges)} come only from sentences listing many firms "
                "(drawn dashed, damped)."
            )
    else:
        lines.append("No framing sentence names two firms, so the network has no edge.")
    return _bullets(lines)


def metrics_findings(quantities: pd.DataFrame, metrics: pd.DataFrame) -> str:
    """What the quantities and the per-article metrics say.

    Args:
        quantities: :func:`coopetition.measures.quantities.quantity_table`.
        metrics: :func:`coopetition.text_metrics` (one row per article).

    Returns:
        A Markdown bullet list.
    """
    _tables(quantities=quantities, metrics=metrics)
    docs = sorted(metrics["doc_id"].astype(str))
    lines = []
    if len(quantities) == 0:
        lines.append("No article states a quantity, so there is nothing to compare side by side.")
    else:
        per_doc = quantities.groupby("doc_id").size()
        most, count = _leaders(per_doc)
        units = quantities["unit"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
        lines.append(
            f"{_n(len(quantities), 'figure')} stated in {len(per_doc)} of {len(docs)} articles; the most in "
            f"{most} ({int(count)}{' each' if ' and ' in most else ''}). By unit: "
            + ", ".join(f"{_e(u)} {c}" for u, c in units.head(6).items())
            + (f" and {len(units) - 6} more units." if len(units) > 6 else ".")
        )
        none = sorted(set(docs) - set(per_doc.index.astype(str)))
        if none:
            lines.append(f"No quantity in {ids(none)}.")
    for column, what, fmt in (
        ("quantities_per_1k_chars", "Figures per 1,000 characters", "{:.1f}"),
        ("mattr_100", "Lexical diversity (MATTR)", "{:.2f}"),
        ("mean_sentence_chars", "Mean sentence length in characters", "{:.0f}"),
        ("framing_share", "Share of sentences that frame a relationship", "{:.0%}"),
        ("net_tone", "Net tone ((positive − negative) / sentences, as in notebook 03)", "{:+.2f}"),
        ("mean_tone", "Mean tone", "{:+.2f}"),
    ):
        if column not in metrics.columns:
            continue
        values = metrics.set_index("doc_id")[column].dropna()
        if len(values) > 1:
            lo, hi = values.idxmin(), values.idxmax()
            lines.append(
                f"{what} runs from {fmt.format(values[lo])} ({_e(lo)}) to {fmt.format(values[hi])} ({_e(hi)})."
            )
        elif len(values) == 1:
            lines.append(f"{what}: {fmt.format(values.iloc[0])} ({_e(values.index[0])}).")
    return _bullets(lines)


def is_seed_corpus(corpus: pd.DataFrame) -> bool:
    """True when ``corpus`` was read from the repository's own ``seeds/`` and holds exactly its articles.

    Outside a project checkout, or with the articles folder pointed elsewhere
    (``COOPETITION_SEEDS``, :func:`coopetition.configure`), the answer is False.
    """
    try:
        folder = paths.project_root() / "seeds"
        if paths.seeds_dir().resolve() != folder.resolve():
            return False
    except FileNotFoundError:
        return False
    return sorted(map(str, corpus["file"])) == sorted(p.name for p in folder.glob("*.txt"))


def seeds_note(corpus: pd.DataFrame, text: str, *, say_hidden: bool = True) -> str:
    """``text`` (interpretation written for the seeds), marked as such, when ``corpus`` is the seeds;
    otherwise one sentence saying it is hidden, or ``""`` with ``say_hidden=False`` (the notebooks
    after the first, so a report states the note once; :func:`coopetition.output.plotting.show` shows nothing for ``""``)."""
    require_text(text, "text")
    if is_seed_corpus(corpus):
        return (
            "*Interpretation written by hand for the five seed articles (shown because this corpus is the seeds):*\n\n"
            + text
        )
    if not say_hidden:
        return ""
    return (
        "*Interpretation written by hand for the repository's five seed articles is hidden: this corpus is not "
        "the seeds. The findings above are computed from this corpus's own tables.*"
    )


def counted_corpus(corpus: pd.DataFrame, *, drop_duplicates: bool = True) -> tuple[pd.DataFrame, str]:
    """The articles an analysis counts, and a sentence saying what was left out.

    A syndicated repost is one article said twice: counted twice it doubles its
    sentences, quantities, firm mentions and pairs. With ``drop_duplicates`` the
    near-duplicates flagged by :func:`coopetition.load_corpus` (``duplicate_of``
    set; the copy with the smallest ``doc_id`` stays) are left out, and the
    sentence names them; without, the sentence says they are counted.

    Returns:
        ``(corpus, sentence)``; the sentence is ``""`` when no article is a copy.

    Example:
        >>> table = pd.DataFrame({"doc_id": ["a", "b", "c"], "duplicate_of": ["", "a", ""]})
        >>> counted, note = counted_corpus(table)
        >>> counted["doc_id"].tolist(), note
        (['a', 'c'], '1 near-duplicate article is left out of every count below: b (a copy of a).')
    """
    from coopetition.reading.dedup import without_duplicates

    copies = corpus[corpus["duplicate_of"].astype(str) != ""] if "duplicate_of" in corpus.columns else corpus.iloc[:0]
    if copies.empty:
        return corpus, ""
    listed = ", ".join(f"{_e(r.doc_id)} (a copy of {_e(r.duplicate_of)})" for r in copies.head(MAX_LISTED).itertuples())
    if len(copies) > MAX_LISTED:
        listed += f" and {len(copies) - MAX_LISTED} more"
    noun = f"{_n(len(copies), 'near-duplicate article')} {'is' if len(copies) == 1 else 'are'}"
    if not drop_duplicates:
        return corpus, f"{noun} counted below as articles of their own: {listed}."
    return without_duplicates(corpus), f"{noun} left out of every count below: {listed}."

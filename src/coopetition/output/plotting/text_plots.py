"""Plots of the corpus and its words: timeline, cleaning, top terms, word clouds, the term heatmap."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coopetition.cache import memo
from coopetition.output.findings import ids
from coopetition.output.plotting.figures import (
    WORDCLOUD_SIZE,
    WORDCLOUD_WORDS,
    _require_table,
    cjk_font_path,
    paginate,
    plt,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _grid(n: int, ncols: int) -> tuple[int, int]:
    ncols = max(1, min(ncols, n))
    return math.ceil(n / ncols), ncols


def _label(labels: Mapping[str, str] | None, doc_id: str) -> str:
    return labels.get(doc_id, doc_id) if labels else doc_id


def plot_timeline(corpus: pd.DataFrame) -> Figure:
    """Articles on their publication dates; undated articles are listed under the axis."""
    dated = corpus[corpus["date"].astype(bool)].copy()
    dated["when"] = pd.to_datetime(dated["date"])
    dated = dated.sort_values(["when", "doc_id"])
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.45 * max(len(dated), 1)))
    for i, row in enumerate(dated.itertuples()):
        color = "#c0392b" if row.script == "traditional" else "#2471a3"
        ax.scatter(row.when, i, s=60, color=color, zorder=3)
        ax.annotate(
            f"{row.doc_id} {row.outlet or '(no outlet)'} · {row.date}",
            (row.when, i),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks([])
    ax.set_ylim(-1, max(len(dated), 1))
    if len(dated):
        span = dated["when"].max() - dated["when"].min()
        pad = max(span * 0.25, pd.Timedelta(days=180))
        ax.set_xlim(dated["when"].min() - pad * 0.2, dated["when"].max() + pad)
    ax.grid(axis="x", color="#ddd")
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.scatter([], [], color="#2471a3", label="simplified script")
    ax.scatter([], [], color="#c0392b", label="traditional script")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    undated = corpus.loc[~corpus["date"].astype(bool), "doc_id"].tolist()
    title = "Publication timeline of the corpus"
    if undated:
        title += f"\n(undated, not placed: {ids(undated, limit=6, escape=False)})"
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_cleaning(corpus: pd.DataFrame, labels: Mapping[str, str] | None = None) -> Figure:
    """Raw versus clean length per article, in characters."""
    rows = corpus.sort_values("doc_id", ascending=False)
    y = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.5 * len(rows)))
    ax.barh(y, rows["raw_chars"], color="#d5d8dc", label="raw (as delivered)")
    ax.barh(y, rows["clean_chars"], color="#2471a3", height=0.5, label="clean text")
    ax.set_yticks(y, [_label(labels, d) for d in rows["doc_id"]])
    ax.set_xlabel("characters")
    ax.set_title("What cleaning kept, per article")
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def _bar_panels(
    top: pd.DataFrame,
    value: str,
    *,
    n: int,
    labels: Mapping[str, str] | None,
    ncols: int,
    width: float,
    row_height: float,
    headroom: float,
    color: str,
    xlabel: str,
    title: str,
    decorate=None,
) -> Figure:
    """Small multiples of horizontal bars, one panel per article on one shared scale.

    ``decorate(ax, part)`` may add marks to each panel after its bars are drawn.
    """
    docs = sorted(top["doc_id"].unique())
    nrows, ncols = _grid(max(len(docs), 1), ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(width * ncols, row_height * n * nrows + 1.2 * nrows),
        sharex=True,
        squeeze=False,
        layout="constrained",
    )  # constrained: the title keeps its room above a grid of any height (tight_layout's does not scale)
    xmax = top[value].max() * headroom if len(top) else 1
    for ax, doc_id in zip(axes.flat, docs):
        part = top[top["doc_id"] == doc_id].iloc[::-1]
        ax.barh(part["term"], part[value], color=color)
        if decorate is not None:
            decorate(ax, part)
        ax.set_xlim(0, xmax)
        ax.set_title(_label(labels, doc_id), fontsize=10)
        ax.tick_params(axis="y", labelsize=9)
    for ax in list(axes.flat)[len(docs) :]:
        ax.set_visible(False)
    for ax in _bottom_panels(axes, len(docs)):
        ax.xaxis.set_tick_params(labelbottom=True)  # sharex hides them above a row that is not full
        ax.set_xlabel(xlabel)
    fig.suptitle(title, fontsize=12)
    return fig


def _bottom_panels(axes: np.ndarray, used: int) -> list:
    """The panels with no visible panel below them: the last full row's and those above a gap in the last row."""
    nrows, ncols = axes.shape
    return [
        axes[r][c] for r in range(nrows) for c in range(ncols) if r * ncols + c < used and (r + 1) * ncols + c >= used
    ]


def plot_top_terms(
    freqs: pd.DataFrame, *, n: int = 10, labels: Mapping[str, str] | None = None, ncols: int = 3
) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each article, on one per-1,000 scale."""
    top = freqs.groupby("doc_id", sort=True, group_keys=False).head(n)
    return _bar_panels(
        top,
        "per_1k",
        n=n,
        labels=labels,
        ncols=ncols,
        width=4.2,
        row_height=0.32,
        headroom=1.1,
        color="#2471a3",
        xlabel="per 1,000 content tokens",
        title=f"Top {n} terms per article",
    )


def _wordcloud_image(weights: Mapping[str, float], *, seed: int, width: int, height: int):
    """Render a word cloud; its layout (the slow part: placing every word) is
    served from the article cache when the same weights were laid out before."""
    from PIL import Image
    from wordcloud import WordCloud

    cloud = WordCloud(
        font_path=str(cjk_font_path()),
        width=width,
        height=height,
        background_color="white",
        random_state=seed,
        max_words=WORDCLOUD_WORDS,
        prefer_horizontal=0.95,
        colormap="viridis",
        collocations=False,
        normalize_plurals=False,
    )
    weights = {str(k): float(v) for k, v in weights.items()}
    key = json.dumps([sorted(weights.items()), seed, width, height, cjk_font_path().name], ensure_ascii=False)

    def layout() -> list:
        cloud.generate_from_frequencies(weights)
        return [
            [[w, float(f)], int(size), [int(x) for x in pos], None if o is None else int(o), color]
            for (w, f), size, pos, o, color in cloud.layout_
        ]

    cloud.layout_ = [
        ((w, f), size, tuple(pos), None if o is None else Image.Transpose(o), color)
        for (w, f), size, pos, o, color in memo("wordcloud", key, layout)
    ]
    return cloud.to_array()


def plot_wordcloud(weights: Mapping[str, float], *, title: str = "", seed: int = 42) -> Figure:
    """One word cloud from term weights (our frequencies, not wordcloud's own tokeniser)."""
    fig, ax = plt.subplots(figsize=(3.6, 2.4))  # about the canvas's own pixels at DPI: no resampling, a small PNG
    if weights:
        ax.imshow(
            _wordcloud_image(weights, seed=seed, width=WORDCLOUD_SIZE[0], height=WORDCLOUD_SIZE[1]),
            interpolation="none",
        )
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


def plot_wordclouds(
    freqs: pd.DataFrame, *, labels: Mapping[str, str] | None = None, ncols: int = 3, seed: int = 42
) -> Figure:
    """A panel of word clouds, one per article, all with the same random state."""
    docs = sorted(freqs["doc_id"].unique())
    nrows, ncols = _grid(len(docs), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.3 * nrows), squeeze=False)  # panels near canvas size
    for ax, doc_id in zip(axes.flat, docs):
        part = freqs[freqs["doc_id"] == doc_id]
        weights = dict(zip(part["term"], part["count"]))  # the same layout as the article's own cloud: laid out once
        ax.imshow(
            _wordcloud_image(weights, seed=seed, width=WORDCLOUD_SIZE[0], height=WORDCLOUD_SIZE[1]),
            interpolation="none",
        )
        ax.set_title(_label(labels, doc_id), fontsize=10)
    for ax in axes.flat:
        ax.set_axis_off()
    fig.tight_layout()
    return fig


def heatmap_table(freqs: pd.DataFrame, per_doc: int = 5, *, per_page: int | None = None) -> pd.DataFrame:
    """The rows :func:`plot_heatmap` draws: each article's ``per_doc`` leading terms, with every
    article's rate for each, terms ordered by their summed rate.

    With ``per_page``, terms are chosen page by page (the articles of each page of
    :func:`paginate`), so a page's heatmap holds only its own articles' leading terms.

    Returns:
        ``term, doc_id, count, per_1k`` sorted by term rank, then ``doc_id``.
    """
    _require_table(freqs, "freqs")
    columns = ["term", "doc_id", "count", "per_1k"]
    parts = []
    for page in paginate(freqs, per_page or max(freqs["doc_id"].nunique(), 1)):
        leading = page.groupby("doc_id", sort=True).head(per_doc)["term"].unique()
        rows = page[page["term"].isin(leading)]
        order = rows.groupby("term")["per_1k"].sum().sort_values(ascending=False, kind="stable")
        rank = {t: i for i, t in enumerate(order.index)}
        parts.append(rows.assign(rank=rows["term"].map(rank)).sort_values(["rank", "doc_id"], kind="stable")[columns])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def plot_heatmap(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None, value: str = "per_1k") -> Figure:
    """Heatmap of terms (rows) × articles (columns) from tidy ``doc_id, term, <value>`` rows.

    Rows keep the order in which terms first appear in ``table``.
    """
    order = list(dict.fromkeys(table["term"]))
    grid = table.pivot_table(index="term", columns="doc_id", values=value, fill_value=0.0).reindex(order)
    fig, ax = plt.subplots(figsize=(2.4 + 1.15 * grid.shape[1], max(3.2, 1.6 + 0.3 * grid.shape[0])))
    image = ax.imshow(grid.to_numpy(), aspect="auto", cmap="Blues")
    ax.set_yticks(range(grid.shape[0]), grid.index, fontsize=9)
    ax.set_xticks(range(grid.shape[1]), [_label(labels, d) for d in grid.columns], rotation=35, ha="right", fontsize=9)
    limit = grid.to_numpy().max() if grid.size else 0
    for (i, j), v in np.ndenumerate(grid.to_numpy()):
        if v:
            ax.text(
                j, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color="white" if v > limit * 0.6 else "#333"
            )
    fig.colorbar(image, ax=ax, label="per 1,000 content tokens", shrink=0.6)
    ax.set_title("Leading terms across articles")
    fig.tight_layout()
    return fig

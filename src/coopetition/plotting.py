"""Figures: a CJK font that works everywhere, plot functions, and one way to save.

Importing this module sets matplotlib up to render Chinese: a system
Simplified-Chinese face when the machine has one as a single ``.otf``/``.ttf``
file (Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC/CN), otherwise the
Noto Sans CJK SC file shipped by the pinned ``mplfonts`` dependency, so a
fresh Linux machine with no CJK fonts renders the same glyphs.

Plot functions take tidy tables and return a :class:`~matplotlib.figure.Figure`;
they never save. :func:`save_figure` writes the PNG (no timestamp, no version
string, so a re-run gives the same bytes) and, when given the data behind it,
a CSV beside it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from coopetition import paths
from coopetition.cache import memo

__all__ = [
    "cjk_font_path",
    "setup_fonts",
    "save_figure",
    "write_table",
    "plot_timeline",
    "plot_cleaning",
    "plot_top_terms",
    "plot_wordcloud",
    "plot_wordclouds",
    "plot_heatmap",
    "plot_keyness",
    "plot_actor_mentions",
    "plot_frame_shares",
    "plot_tone_by_frame",
    "plot_frames_over_time",
    "plot_actor_network",
    "plot_quantities",
    "first_docs",
    "FRAME_COLORS",
]

#: system faces tried first, in order; only single-face files qualify (a .ttc
#: collection would hand matplotlib its first face, usually the Japanese one)
SYSTEM_SC_FAMILIES = ("Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN")
#: CSV tables are written as UTF-8 with a BOM: Excel and Numbers open it with the Chinese intact
CSV_ENCODING = "utf-8-sig"
DPI = 150
#: one colour per frame, used by every figure that shows frames
FRAME_COLORS = {"competition": "#c0392b", "cooperation": "#2471a3", "coopetition": "#8e44ad", "none": "#b3b6b7"}
#: Tableau 10 then the darker halves of Tableau 20: distinct to about 15 actors
_PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
]


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """The font file used for Chinese text (system SC face, else the packaged Noto Sans CJK SC)."""
    for family in SYSTEM_SC_FAMILIES:
        try:
            found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        if Path(found).suffix.lower() in (".otf", ".ttf"):
            return Path(found)
    import mplfonts  # the pip-installed fallback

    packaged = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not packaged.is_file():
        raise FileNotFoundError(f"{packaged}: the CJK font shipped by mplfonts is missing; reinstall with `make install`")
    return packaged


def setup_fonts() -> str:
    """Register the CJK font with matplotlib and make it the default; return its family name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.hashsalt"] = "coopetition"
    matplotlib.rcParams["figure.dpi"] = 100
    return family


FONT_FAMILY = setup_fonts()


def _target(name: str, suffix: str) -> Path:
    if not name or Path(name).name != name or Path(name).suffix:
        raise ValueError(f"figure name {name!r}: give a bare name such as '02_top_terms' (no folder, no extension)")
    return paths.figures_dir() / f"{name}{suffix}"


def write_table(table: pd.DataFrame, name: str) -> Path:
    """Write a table as ``<figures>/<name>.csv`` (UTF-8 with BOM, ``\\n`` line ends, no index)."""
    target = _target(name, ".csv")
    table.to_csv(target, index=False, encoding=CSV_ENCODING, lineterminator="\n")
    return target


def save_figure(fig: Figure, name: str, *, data: pd.DataFrame | None = None) -> Path:
    """Save ``fig`` as ``<figures>/<name>.png`` and ``data`` beside it as ``<name>.csv``.

    The folder is :func:`coopetition.paths.figures_dir` (``COOPETITION_FIGURES``
    overrides it). The PNG carries no timestamp or software version, so the
    same figure gives the same bytes on every run.

    Args:
        fig: the figure; it stays open (a notebook still shows it).
        name: a bare name, prefixed by the notebook number: ``"02_top_terms"``.
        data: the table the figure was drawn from.

    Returns:
        The path of the PNG.
    """
    target = _target(name, ".png")
    fig.savefig(target, dpi=DPI, bbox_inches="tight", metadata={"Software": None}, facecolor="white")
    if data is not None:
        write_table(data, name)
    return target


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
            (row.when, i), xytext=(8, 0), textcoords="offset points", va="center", fontsize=9,
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
    ax.scatter([], [], color="#c0392b", label="traditional script (repost)")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    undated = corpus.loc[~corpus["date"].astype(bool), "doc_id"].tolist()
    title = "Publication timeline of the corpus"
    if undated:
        title += f"  (undated: {', '.join(undated)})"
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
    top: pd.DataFrame, value: str, *, n: int, labels: Mapping[str, str] | None, ncols: int, width: float,
    row_height: float, headroom: float, color: str, xlabel: str, title: str, decorate=None,
) -> Figure:
    """Small multiples of horizontal bars, one panel per article on one shared scale.

    ``decorate(ax, part)`` may add marks to each panel after its bars are drawn.
    """
    docs = sorted(top["doc_id"].unique())
    nrows, ncols = _grid(max(len(docs), 1), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, row_height * n * nrows + 1.2 * nrows), sharex=True, squeeze=False)
    xmax = top[value].max() * headroom if len(top) else 1
    for ax, doc_id in zip(axes.flat, docs):
        part = top[top["doc_id"] == doc_id].iloc[::-1]
        ax.barh(part["term"], part[value], color=color)
        if decorate is not None:
            decorate(ax, part)
        ax.set_xlim(0, xmax)
        ax.set_title(_label(labels, doc_id), fontsize=10)
        ax.tick_params(axis="y", labelsize=9)
    for ax in list(axes.flat)[len(docs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    return fig


def plot_top_terms(freqs: pd.DataFrame, *, n: int = 10, labels: Mapping[str, str] | None = None, ncols: int = 3) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each article, on one per-1,000 scale."""
    top = freqs.groupby("doc_id", sort=True, group_keys=False).head(n)
    return _bar_panels(
        top, "per_1k", n=n, labels=labels, ncols=ncols, width=4.2, row_height=0.32, headroom=1.1,
        color="#2471a3", xlabel="per 1,000 content tokens", title=f"Top {n} terms per article",
    )


def _wordcloud_image(weights: Mapping[str, float], *, seed: int, width: int, height: int):
    """Render a word cloud; its layout (the slow part: placing every word) is
    served from the article cache when the same weights were laid out before."""
    from PIL import Image
    from wordcloud import WordCloud

    cloud = WordCloud(
        font_path=str(cjk_font_path()), width=width, height=height, background_color="white",
        random_state=seed, max_words=80, prefer_horizontal=0.95, colormap="viridis",
        collocations=False, normalize_plurals=False,
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
    fig, ax = plt.subplots(figsize=(6, 3.6))
    if weights:
        ax.imshow(_wordcloud_image(weights, seed=seed, width=900, height=540), interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


def plot_wordclouds(freqs: pd.DataFrame, *, labels: Mapping[str, str] | None = None, ncols: int = 3, seed: int = 42) -> Figure:
    """A panel of word clouds, one per article, all with the same random state."""
    docs = sorted(freqs["doc_id"].unique())
    nrows, ncols = _grid(len(docs), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 2.9 * nrows), squeeze=False)
    for ax, doc_id in zip(axes.flat, docs):
        part = freqs[freqs["doc_id"] == doc_id]
        ax.imshow(_wordcloud_image(dict(zip(part["term"], part["count"])), seed=seed, width=600, height=360), interpolation="bilinear")
        ax.set_title(_label(labels, doc_id), fontsize=10)
    for ax in axes.flat:
        ax.set_axis_off()
    fig.tight_layout()
    return fig


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
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color="white" if v > limit * 0.6 else "#333")
    fig.colorbar(image, ax=ax, label="per 1,000 content tokens", shrink=0.6)
    ax.set_title("Leading terms across articles")
    fig.tight_layout()
    return fig


def plot_keyness(table: pd.DataFrame, *, n: int = 8, labels: Mapping[str, str] | None = None, ncols: int = 3) -> Figure:
    """Small multiples: each article's most distinctive terms by G², bars showing G²,
    annotated with the log ratio (the effect size)."""
    top = table[table["direction"] == "over"].groupby("doc_id", sort=True, group_keys=False).head(n)

    def annotate(ax, part):
        for y, (g2, lr) in enumerate(zip(part["g2"], part["log_ratio"])):
            ax.text(g2, y, f" LR {lr:.1f}", va="center", fontsize=7, color="#555")
        ax.axvline(10.83, color="#999", lw=0.8, ls="--")

    return _bar_panels(
        top, "g2", n=n, labels=labels, ncols=ncols, width=4.3, row_height=0.34, headroom=1.25, color="#8e44ad",
        xlabel="G² vs the rest of the corpus (dashed: p < 0.001)",
        title="Distinctive terms per article (log-likelihood G²; LR = log2 ratio)", decorate=annotate,
    )


def plot_actor_mentions(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None, value: str = "mentions") -> Figure:
    """Grouped bars: mentions of each actor, one group per article."""
    grid = table.pivot_table(index="doc_id", columns="actor", values=value, fill_value=0)
    actors = grid.sum().sort_values(ascending=False, kind="stable").index.tolist()
    grid = grid[actors]
    x = np.arange(len(grid.index))
    width = 0.8 / max(len(actors), 1)
    fig, ax = plt.subplots(figsize=(max(7, 1.6 * len(x) + 2), 4.2))
    for i, actor in enumerate(actors):
        ax.bar(x + i * width - 0.4 + width / 2, grid[actor], width, label=actor, color=_PALETTE[i % len(_PALETTE)])
    ax.set_xticks(x, [_label(labels, d) for d in grid.index], rotation=20, ha="right", fontsize=9)
    ax.set_ylabel("mentions" if value == "mentions" else value)
    ax.set_title("Which firms each article talks about (alias table, longest match)")
    ax.legend(ncols=min(len(actors), 5), fontsize=8, frameon=False, loc="upper right")
    ax.set_ylim(0, grid.to_numpy().max() * 1.3 if grid.size else 1)
    fig.tight_layout()
    return fig


def plot_frame_shares(shares: pd.DataFrame, *, labels: Mapping[str, str] | None = None) -> Figure:
    """Left: stacked shares of the three frames per article (framing sentences
    only, n on the right). Right: each share with its bootstrap 95% interval."""
    frames = ["competition", "coopetition", "cooperation"]
    docs = sorted(shares["doc_id"].unique(), reverse=True)
    grid = shares.pivot(index="doc_id", columns="frame", values="share").reindex(index=docs, columns=frames).fillna(0)
    n = shares.groupby("doc_id")["n_framing"].first().reindex(docs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 1.4 + 0.6 * len(docs)), gridspec_kw={"width_ratios": [1.2, 1]})
    y = np.arange(len(docs))
    start = np.zeros(len(docs))
    for frame in frames:
        left.barh(y, grid[frame], left=start, color=FRAME_COLORS[frame], label=frame)
        for yi, (s, v) in enumerate(zip(start, grid[frame])):
            if v >= 0.08:
                left.text(s + v / 2, yi, f"{v:.0%}", ha="center", va="center", color="white", fontsize=8)
        start += grid[frame].to_numpy()
    left.set_yticks(y, [_label(labels, d) for d in docs], fontsize=9)
    left.set_xlim(0, 1)
    for yi, count in enumerate(n):
        left.text(1.01, yi, f"n={count}", va="center", fontsize=8, transform=left.get_yaxis_transform())
    left.set_xlabel("share of framing sentences")
    left.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    offsets = {"competition": -0.22, "coopetition": 0.0, "cooperation": 0.22}
    for frame in frames:
        part = shares[shares["frame"] == frame].set_index("doc_id").reindex(docs)
        yy = y + offsets[frame]
        right.errorbar(
            part["share"], yy, xerr=[part["share"] - part["low"], part["high"] - part["share"]],
            fmt="o", color=FRAME_COLORS[frame], ms=4, capsize=2, lw=1, label=frame,
        )
    right.set_yticks(y, [""] * len(docs))
    right.set_xlim(0, 1)
    right.set_xlabel("share with bootstrap 95% interval")
    right.grid(axis="x", color="#eee")
    fig.suptitle("How each article frames the relationship between firms", fontsize=12)
    fig.tight_layout()
    return fig


def plot_tone_by_frame(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None) -> Figure:
    """Diverging bars: per article and frame, the share of negative sentences to
    the left and positive to the right (neutral is the gap); net tone in the margin."""
    frames = ["competition", "coopetition", "cooperation", "none"]
    docs = sorted(table["doc_id"].unique())
    fig, axes = plt.subplots(1, len(frames), figsize=(3.3 * len(frames), 1.2 + 0.5 * len(docs)), sharey=True, squeeze=False)
    y = np.arange(len(docs))[::-1]
    for ax, frame in zip(axes[0], frames):
        part = table[table["frame"] == frame].set_index("doc_id").reindex(docs)
        n = part["n"].replace(0, np.nan)
        ax.barh(y, -part["negative"] / n, color="#c0392b", label="negative")
        ax.barh(y, part["positive"] / n, color="#27ae60", label="positive")
        for yi, (count, net) in enumerate(zip(part["n"], part["net"])):
            text = "—" if not count else f"net {net:+.2f} (n={int(count)})"
            ax.text(1.0, y[yi], text, va="center", ha="right", fontsize=7, color="#333")
        ax.axvline(0, color="#333", lw=0.8)
        ax.set_xlim(-1, 1)
        ax.set_title(frame, color=FRAME_COLORS[frame], fontsize=10)
        ax.set_xlabel("share of sentences")
    axes[0][0].set_yticks(y, [_label(labels, d) for d in docs], fontsize=9)
    axes[0][0].legend(loc="lower left", fontsize=7, frameon=False)
    fig.suptitle("Tone within each frame (negative ← → positive)", fontsize=12)
    fig.tight_layout()
    return fig


def plot_frames_over_time(shares: pd.DataFrame, corpus: pd.DataFrame) -> Figure:
    """Each dated article's frame shares, articles in publication order.

    The axis is ordinal (one slot per article, labelled with its date) because
    the articles cluster: a true time axis would pile 2025 into one point. A
    dashed line marks every gap of more than a year between neighbours.
    """
    dates = dict(zip(corpus["doc_id"], corpus["date"]))
    order = sorted((d for d in shares["doc_id"].unique() if dates.get(d)), key=lambda d: (dates[d], d))
    fig, ax = plt.subplots(figsize=(max(6, 1.5 * len(order) + 2), 4.4))
    x = np.arange(len(order))
    offsets = {"competition": -0.12, "coopetition": 0.0, "cooperation": 0.12}
    for frame in ("competition", "coopetition", "cooperation"):
        part = shares[shares["frame"] == frame].set_index("doc_id").reindex(order)
        ax.errorbar(x + offsets[frame], part["share"], yerr=[part["share"] - part["low"], part["high"] - part["share"]],
                    fmt="o", color=FRAME_COLORS[frame], capsize=2, lw=1, ms=5, label=frame)
    when = pd.to_datetime(pd.Series([dates[d] for d in order]))
    for i in range(1, len(order)):
        gap = (when[i] - when[i - 1]).days
        if gap > 365:
            ax.axvline(i - 0.5, color="#888", ls="--", lw=0.8)
            ax.text(i - 0.5, 0.97, f" {gap / 365.25:.0f}-year gap", fontsize=8, color="#666", va="top", transform=ax.get_xaxis_transform())
    ax.set_xticks(x, [f"{dates[d]}\n{d}" for d in order], fontsize=8)
    ax.set_xlim(-0.5, len(order) - 0.5)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of framing sentences (95% interval)")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", color="#eee")
    ax.set_title("Framing over time: articles in publication order")
    fig.tight_layout()
    return fig


def plot_actor_network(graph) -> Figure:
    """Actors as nodes (size: sentences naming them), co-mentions as edges
    (width: sentences, colour: dominant frame of those sentences)."""
    import networkx as nx

    fig, ax = plt.subplots(figsize=(8, 6.5))
    if graph.number_of_nodes():
        # a circle ordered by mentions: deterministic and free of overlaps
        nodes = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["mentions"], n))
        pos = nx.circular_layout(nodes)
        widths = [0.8 + 1.2 * math.log1p(d["weight"]) for _, _, d in graph.edges(data=True)]
        colors = [FRAME_COLORS[d["dominant"]] for _, _, d in graph.edges(data=True)]
        nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color=colors, alpha=0.85)
        sizes = [300 + 6 * graph.nodes[n]["mentions"] for n in graph.nodes]
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color="#f4f6f7", edgecolors="#555")
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9, font_family=FONT_FAMILY)
        edge_labels = {(a, b): d["weight"] for a, b, d in graph.edges(data=True) if d["weight"] >= 3}
        nx.draw_networkx_edge_labels(graph, pos, edge_labels=edge_labels, ax=ax, font_size=7, font_family=FONT_FAMILY)
    for frame in ("competition", "coopetition", "cooperation", "none"):
        ax.plot([], [], color=FRAME_COLORS[frame], lw=3, label=frame)
    ax.legend(title="dominant frame of co-mentions", fontsize=8, title_fontsize=8, frameon=False, loc="lower left")
    ax.set_axis_off()
    ax.set_title("Who is framed with whom: co-mention within a sentence")
    fig.tight_layout()
    return fig


_QUALIFIER_MARK = {"at least": "≥", "below": "<", "about": "≈", "": ""}


def _compact(value: float, unit: str) -> str:
    if unit in ("%", "pp", "x"):
        return f"{value:g}{'%' if unit == '%' else ' pp' if unit == 'pp' else '×'}"
    for size, name in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{value / size:g}{name}"
    return f"{value:g}"


def plot_quantities(table: pd.DataFrame, *, units: tuple[str, ...] = ("users", "CNY", "%"), max_rows: int = 14) -> Figure:
    """Comparable figures side by side: one panel per unit, one bar per stated
    figure (ranges drawn as a span), labelled with what it measures and its article.

    Money is drawn on a log scale (from CPM in 元 to GMV in 千亿).
    """
    panels = [u for u in units if (table["unit"] == u).any()]
    rows = max([min((table["unit"] == u).sum(), max_rows) for u in panels] or [1])
    fig, axes = plt.subplots(1, max(len(panels), 1), figsize=(6.2 * max(len(panels), 1), 1.6 + 0.45 * rows), squeeze=False)
    for ax, unit in zip(axes[0], panels):
        part = table[table["unit"] == unit].sort_values(["value", "doc_id"], ascending=[True, True]).tail(max_rows)
        y = np.arange(len(part))
        hi = part["value_max"].fillna(part["value"])
        ax.barh(y, part["value"], color="#2471a3", height=0.6)
        ranged = part["value_max"].notna()
        ax.barh(y[ranged.to_numpy()], (hi - part["value"])[ranged], left=part["value"][ranged], color="#85c1e9", height=0.6)
        for yi, row in zip(y, part.itertuples()):
            label = _QUALIFIER_MARK[row.qualifier] + _compact(row.value, unit)
            if not math.isnan(row.value_max):
                label += "–" + _compact(row.value_max, unit)
            ax.text(max(row.value, row.value_max if not math.isnan(row.value_max) else 0), yi, " " + label, va="center", fontsize=8)
        names = [f"{(row.subject or row.span)[:16]} · {row.doc_id}{' ' + row.year if row.year else ''}" for row in part.itertuples()]
        ax.set_yticks(y, names, fontsize=8)
        if unit == "CNY":
            ax.set_xscale("log")
            ax.set_xlim(part["value"].min() / 3, hi.max() * 30)
            ax.xaxis.set_major_formatter(lambda v, _, unit=unit: _compact(v, unit))
        elif unit in ("users", "count"):
            ax.set_xlim(0, hi.max() * 1.35)
            ax.xaxis.set_major_formatter(lambda v, _, unit=unit: _compact(v, unit) if v else "0")
        else:
            ax.set_xlim(0, hi.max() * 1.35)
        ax.set_title({"users": "Scale claims: users", "CNY": "Money (元, log scale)", "%": "Percentages", "x": "Multiples"}.get(unit, unit), fontsize=10)
    fig.suptitle("The numbers the articles rest on (≥ at least, < below, ≈ about)", fontsize=12)
    fig.tight_layout()
    return fig


def first_docs(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """The rows of ``table`` that belong to its first ``n`` articles by ``doc_id``.

    Per-article panels stop being readable long before a corpus stops growing;
    notebooks draw the first ``n`` and keep every article in their tables.
    """
    keep = sorted(table["doc_id"].astype(str).unique())[:n]
    return table[table["doc_id"].astype(str).isin(keep)]

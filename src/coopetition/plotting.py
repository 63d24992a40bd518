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


def plot_top_terms(freqs: pd.DataFrame, *, n: int = 10, labels: Mapping[str, str] | None = None, ncols: int = 3) -> Figure:
    """Small multiples: the ``n`` most frequent terms of each article, on one per-1,000 scale."""
    top = freqs.groupby("doc_id", sort=True, group_keys=False).head(n)
    docs = sorted(top["doc_id"].unique())
    nrows, ncols = _grid(len(docs), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.32 * n * nrows + 1.2 * nrows), sharex=True, squeeze=False)
    xmax = top["per_1k"].max() * 1.1 if len(top) else 1
    for ax, doc_id in zip(axes.flat, docs):
        part = top[top["doc_id"] == doc_id].iloc[::-1]
        ax.barh(part["term"], part["per_1k"], color="#2471a3")
        ax.set_title(_label(labels, doc_id), fontsize=10)
        ax.set_xlim(0, xmax)
        ax.tick_params(axis="y", labelsize=9)
    for ax in list(axes.flat)[len(docs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("per 1,000 content tokens")
    fig.suptitle(f"Top {n} terms per article", fontsize=12)
    fig.tight_layout()
    return fig


def _wordcloud_image(weights: Mapping[str, float], *, seed: int, width: int, height: int):
    from wordcloud import WordCloud

    cloud = WordCloud(
        font_path=str(cjk_font_path()), width=width, height=height, background_color="white",
        random_state=seed, max_words=80, prefer_horizontal=0.95, colormap="viridis",
        collocations=False, normalize_plurals=False,
    )
    return cloud.generate_from_frequencies(dict(weights)).to_array()


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
    docs = sorted(top["doc_id"].unique())
    nrows, ncols = _grid(max(len(docs), 1), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.3 * ncols, 0.34 * n * nrows + 1.2 * nrows), sharex=True, squeeze=False)
    xmax = top["g2"].max() * 1.25 if len(top) else 1
    for ax, doc_id in zip(axes.flat, docs):
        part = top[top["doc_id"] == doc_id].iloc[::-1]
        ax.barh(part["term"], part["g2"], color="#8e44ad")
        for y, (g2, lr) in enumerate(zip(part["g2"], part["log_ratio"])):
            ax.text(g2, y, f" LR {lr:.1f}", va="center", fontsize=7, color="#555")
        ax.axvline(10.83, color="#999", lw=0.8, ls="--")
        ax.set_xlim(0, xmax)
        ax.set_title(_label(labels, doc_id), fontsize=10)
        ax.tick_params(axis="y", labelsize=9)
    for ax in list(axes.flat)[len(docs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("G² vs the rest of the corpus (dashed: p < 0.001)")
    fig.suptitle("Distinctive terms per article (log-likelihood G²; LR = log2 ratio)", fontsize=12)
    fig.tight_layout()
    return fig


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

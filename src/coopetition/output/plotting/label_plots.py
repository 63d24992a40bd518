"""Plots of labels and actors: confusion against hand coding, keyness, actor mentions, frame shares, tone by frame, frames over time, the actor network."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coopetition.output.findings import MIN_FRAMING
from coopetition.output.plotting.figures import _PALETTE, FRAME_COLORS, _require_table, plt
from coopetition.output.plotting.text_plots import _bar_panels, _label

if TYPE_CHECKING:
    from matplotlib.figure import Figure


#: classes in reading order per axis of the confusion figure; labels outside these follow, sorted
_CONFUSION_ORDER = {
    "frame": ("competition", "cooperation", "coopetition", "none"),
    "tone": ("negative", "neutral", "positive"),
}


def _confusion_grid(part: pd.DataFrame, axis: str) -> pd.DataFrame:
    """The ``gold × predicted`` count grid of one axis, classes in :data:`_CONFUSION_ORDER`."""
    seen = set(part["gold"].astype(str)) | set(part["predicted"].astype(str))
    order = [c for c in _CONFUSION_ORDER.get(axis, ()) if c in seen] + sorted(
        seen - set(_CONFUSION_ORDER.get(axis, ()))
    )
    grid = part.pivot_table(index="gold", columns="predicted", values="n", aggfunc="sum", fill_value=0)
    return grid.reindex(index=order, columns=order, fill_value=0).astype(int)


def plot_confusion(table: pd.DataFrame, *, title: str = "Model against hand coding, articles held out") -> Figure:
    """Confusion matrices, one panel per axis: hand-coded class in rows, predicted in columns.

    Each cell shows its count; the shading is the row share (the recall of the
    gold class along the diagonal), so a rare class reads as clearly as a common
    one. Row labels carry each gold class's n.

    Args:
        table: tidy ``axis, gold, predicted, n`` rows, e.g. the
            :func:`coopetition.model.validation.confusion_table` of each axis with an
            ``axis`` column added.
        title: the figure's title.

    Returns:
        The figure.

    Raises:
        TypeError: ``table`` is not a DataFrame.
        ValueError: a column is missing, or the table is empty.

    Example:
        >>> rows = [confusion_table(a).assign(axis=a) for a in ("frame", "tone")]  # doctest: +SKIP
        >>> plot_confusion(pd.concat(rows))  # doctest: +SKIP
    """
    _require_table(table, "table")
    missing = [c for c in ("axis", "gold", "predicted", "n") if c not in table.columns]
    if missing:
        raise ValueError(f"the confusion table lacks column(s) {', '.join(missing)}: it needs axis, gold, predicted, n")
    if table.empty:
        raise ValueError("the confusion table is empty: nothing to draw")
    axes_order = [a for a in _CONFUSION_ORDER if a in set(table["axis"])] + sorted(
        set(table["axis"]) - set(_CONFUSION_ORDER)
    )
    grids = [(a, _confusion_grid(table[table["axis"] == a], a)) for a in axes_order]
    widths = [g.shape[1] for _, g in grids]
    fig, panels = plt.subplots(
        1,
        len(grids),
        figsize=(1.6 + 1.1 * sum(widths) + 2.2 * len(grids), 1.8 + 0.8 * max(widths)),
        gridspec_kw={"width_ratios": widths},
        squeeze=False,
        layout="constrained",
    )
    fig.get_layout_engine().set(wspace=0.08)
    image = None
    for ax, (axis, grid) in zip(panels[0], grids):
        counts = grid.to_numpy()
        totals = counts.sum(axis=1, keepdims=True)
        share = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
        image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        for (i, j), count in np.ndenumerate(counts):
            ax.text(
                j,
                i,
                f"{count}\n{share[i, j]:.0%}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if share[i, j] > 0.6 else "#222",
            )
        for k in range(min(grid.shape)):  # the diagonal (agreement) outlined: the CJK face has no bold weight
            ax.add_patch(plt.Rectangle((k - 0.5, k - 0.5), 1, 1, fill=False, edgecolor="#111", lw=1.2))
        ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=30, ha="right", fontsize=9)
        ax.set_yticks(range(grid.shape[0]), [f"{c} (n={t})" for c, t in zip(grid.index, totals[:, 0])], fontsize=9)
        ax.set_xlabel("model (held out)")
        ax.set_ylabel("hand-coded")
        ax.set_title(f"{axis}: {int(np.trace(counts)):,} of {int(counts.sum()):,} agree", fontsize=10)
    fig.colorbar(image, ax=list(panels[0]), label="share of the hand-coded row", shrink=0.8)
    fig.suptitle(title, fontsize=12)
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
        top,
        "g2",
        n=n,
        labels=labels,
        ncols=ncols,
        width=4.3,
        row_height=0.34,
        headroom=1.25,
        color="#8e44ad",
        xlabel="G² vs the rest of the corpus (dashed: p < 0.001)",
        title="Distinctive terms per article (log-likelihood G²; LR = log2 ratio)",
        decorate=annotate,
    )


def plot_actor_mentions(
    table: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    value: str = "mentions",
    order: list[str] | None = None,
) -> Figure:
    """Grouped bars: mentions of each actor, one group per article.

    ``order`` fixes the actors' order and colours (pass the whole corpus's order so
    every page of a paginated figure gives a firm the same colour); by default the
    actors are ordered by their mentions in ``table``.
    """
    grid = table.pivot_table(index="doc_id", columns="actor", values=value, fill_value=0)
    actors = grid.sum().sort_values(ascending=False, kind="stable").index.tolist()
    if order is not None:
        actors = [a for a in order if a in grid.columns]
    grid = grid[actors]
    x = np.arange(len(grid.index))
    width = 0.8 / max(len(actors), 1)
    fig, ax = plt.subplots(figsize=(max(7, 1.6 * len(x) + 2), 4.2))
    colours = {a: _PALETTE[i % len(_PALETTE)] for i, a in enumerate(order if order is not None else actors)}
    for i, actor in enumerate(actors):
        ax.bar(x + i * width - 0.4 + width / 2, grid[actor], width, label=actor, color=colours[actor])
    ax.set_xticks(x, [_label(labels, d) for d in grid.index], rotation=20, ha="right", fontsize=9)
    ax.set_ylabel("mentions" if value == "mentions" else value)
    ax.set_title("Which firms each article talks about (alias table, longest match)")
    ax.legend(ncols=min(len(actors), 5), fontsize=8, frameon=False, loc="upper right")
    ax.set_ylim(0, grid.to_numpy().max() * 1.3 if grid.size else 1)
    fig.tight_layout()
    return fig


def plot_frame_shares(shares: pd.DataFrame, *, labels: Mapping[str, str] | None = None) -> Figure:
    """Left: stacked shares of the three frames per article (framing sentences
    only, n on the right). Right: each share with its bootstrap 95% interval.

    An article with fewer than :data:`coopetition.output.findings.MIN_FRAMING` framing
    sentences gets its counts in words instead of bars: two sentences are not a 100% share.
    """
    frames = ["competition", "coopetition", "cooperation"]
    docs = sorted(shares["doc_id"].unique(), reverse=True)
    grid = shares.pivot(index="doc_id", columns="frame", values="share").reindex(index=docs, columns=frames).fillna(0)
    n = shares.groupby("doc_id")["n_framing"].first().reindex(docs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 1.4 + 0.6 * len(docs)), gridspec_kw={"width_ratios": [1.2, 1]})
    y = np.arange(len(docs))
    # fewer than MIN_FRAMING framing sentences: a stated count, not a 100% bar
    few = (n < MIN_FRAMING).to_numpy()
    grid.loc[few] = 0.0
    start = np.zeros(len(docs))
    for frame in frames:
        left.barh(y, grid[frame], left=start, color=FRAME_COLORS[frame], label=frame)
        for yi, (s, v) in enumerate(zip(start, grid[frame])):
            if v >= 0.08:
                left.text(s + v / 2, yi, f"{v:.0%}", ha="center", va="center", color="white", fontsize=8)
        start += grid[frame].to_numpy()
    for yi in map(int, np.flatnonzero(few)):
        counts = shares[shares["doc_id"] == docs[yi]].set_index("frame")["n"].reindex(frames).fillna(0).astype(int)
        said = ", ".join(f"{c} {f}" for f, c in counts.items() if c)
        left.text(
            0.01,
            yi,
            f"too few to share out: {said}" if said else "no framing sentence",
            va="center",
            fontsize=8,
            color="#555",
        )
    left.set_yticks(y, [_label(labels, d) for d in docs], fontsize=9)
    left.set_xlim(0, 1)
    for yi, count in enumerate(n):
        left.text(1.01, yi, f"n={count}", va="center", fontsize=8, transform=left.get_yaxis_transform())
    left.set_xlabel("share of framing sentences")
    left.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    offsets = {"competition": -0.22, "coopetition": 0.0, "cooperation": 0.22}
    for frame in frames:
        part = shares[shares["frame"] == frame].set_index("doc_id").reindex(docs)
        part.loc[few, ["share", "low", "high"]] = np.nan
        yy = y + offsets[frame]
        right.errorbar(
            part["share"],
            yy,
            xerr=[part["share"] - part["low"], part["high"] - part["share"]],
            fmt="o",
            color=FRAME_COLORS[frame],
            ms=4,
            capsize=2,
            lw=1,
            label=frame,
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
    fig, axes = plt.subplots(
        1, len(frames), figsize=(3.3 * len(frames), 1.2 + 0.5 * len(docs)), sharey=True, squeeze=False
    )
    y = np.arange(len(docs))[::-1]
    for ax, frame in zip(axes[0], frames):
        part = table[table["frame"] == frame].set_index("doc_id").reindex(docs)
        n = part["n"].replace(0, np.nan)
        ax.barh(y, -part["negative"] / n, color="#c0392b", label="negative")
        ax.barh(y, part["positive"] / n, color="#27ae60", label="positive")
        for yi, (count, net) in enumerate(zip(part["n"], part["net"])):
            text = "—" if not count else f"{net:+.2f} (n={int(count)})"
            # in a margin column right of the bars (axes coordinates), so it never covers one
            ax.text(
                1.03, y[yi], text, va="center", ha="left", fontsize=7, color="#333", transform=ax.get_yaxis_transform()
            )
        ax.axvline(0, color="#333", lw=0.8)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-0.6, len(docs) - 0.4)
        ax.set_title(frame, color=FRAME_COLORS[frame], fontsize=10)
        ax.set_xlabel("share of sentences")
    axes[0][0].set_yticks(y, [_label(labels, d) for d in docs], fontsize=9)
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.suptitle("Tone within each frame (negative ← → positive; right of each panel: net tone and n)", fontsize=12)
    fig.legend(handles, names, loc="upper right", ncols=2, fontsize=8, frameon=False, bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 0.97 - 0.1 / max(len(docs), 1)), w_pad=4.5)
    return fig


def plot_frames_over_time(shares: pd.DataFrame, corpus: pd.DataFrame) -> Figure:
    """Each dated article's frame shares, articles in publication order.

    The axis is ordinal (one slot per article, labelled with its date) because
    the articles cluster: a true time axis would pile 2025 into one point. A
    dashed line marks every gap of more than a year between neighbours. As in
    :func:`plot_frame_shares`, an article with fewer than
    :data:`coopetition.output.findings.MIN_FRAMING` framing sentences gets no share
    and no interval (two sentences are not a 100% share): its slot says ``n=2, too few``.
    """
    dates = dict(zip(corpus["doc_id"], corpus["date"]))
    order = sorted((d for d in shares["doc_id"].unique() if dates.get(d)), key=lambda d: (dates[d], d))
    fig, ax = plt.subplots(figsize=(max(6, 1.5 * len(order) + 2), 4.4))
    x = np.arange(len(order))
    n = shares.groupby("doc_id")["n_framing"].first().reindex(order).fillna(0).astype(int)
    few = (n < MIN_FRAMING).to_numpy()
    offsets = {"competition": -0.12, "coopetition": 0.0, "cooperation": 0.12}
    for xi in np.flatnonzero(few):
        ax.text(xi, 0.5, f"n={n.iloc[xi]},\ntoo few", ha="center", va="center", fontsize=7, color="#555")
    for frame in ("competition", "coopetition", "cooperation"):
        part = shares[shares["frame"] == frame].set_index("doc_id").reindex(order)
        part.loc[few, ["share", "low", "high"]] = np.nan
        ax.errorbar(
            x + offsets[frame],
            part["share"],
            yerr=[part["share"] - part["low"], part["high"] - part["share"]],
            fmt="o",
            color=FRAME_COLORS[frame],
            capsize=2,
            lw=1,
            ms=5,
            label=frame,
        )
    when = pd.to_datetime(pd.Series([dates[d] for d in order]))
    for i in range(1, len(order)):
        gap = (when[i] - when[i - 1]).days
        if gap > 365:
            ax.axvline(i - 0.5, color="#888", ls="--", lw=0.8)
            ax.text(
                i - 0.5,
                0.97,
                f" {gap / 365.25:.0f}-year gap",
                fontsize=8,
                color="#666",
                va="top",
                transform=ax.get_xaxis_transform(),
            )
    ax.set_xticks(x, [f"{dates[d]}\n{d}" for d in order], fontsize=8)
    ax.set_xlim(-0.5, len(order) - 0.5)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of framing sentences (95% interval)")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", color="#eee")
    ax.set_title("Framing over time: articles in publication order")
    fig.tight_layout()
    return fig


def _node_layout(graph) -> dict:
    """Nodes on a circle, most-mentioned first from the top, clockwise: deterministic, no overlaps."""
    nodes = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["mentions"], n))
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / len(nodes)
    return {n: (float(np.cos(t)), float(np.sin(t))) for n, t in zip(nodes, angles)}


#: line width in points = _EDGE_POINTS × √weight (framing sentences), capped at _EDGE_MAX
_EDGE_POINTS, _EDGE_MAX = 1.8, 12.0


def plot_actor_network(graph) -> Figure:
    """Actors as labelled nodes, each edge drawn as parallel lines, one per frame.

    A line's width grows with the square root of that frame's weight on the edge (framing sentences naming
    both firms, a sentence naming ``k`` firms counting ``1/(k−1)``; see
    :func:`coopetition.measures.network.actor_network`), so a near-tie shows as two lines
    of about the same width. Edges supplied only by list sentences are dashed.
    A node is its label in a box (its size grows with the actor's mentions),
    so labels never leave their nodes.
    """
    from matplotlib.transforms import offset_copy

    fig, ax = plt.subplots(figsize=(9, 7.5))
    pos = _node_layout(graph) if graph.number_of_nodes() else {}
    frames = [f for f in FRAME_COLORS if f != "none"]
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[2]["weight"], min(e[0], e[1]), max(e[0], e[1]))):
        if data["weight"] <= 0:
            continue
        (x0, y0), (x1, y1) = pos[a], pos[b]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx_, ny_ = -(y1 - y0) / length, (x1 - x0) / length  # unit normal
        widths = [min(_EDGE_MAX, _EDGE_POINTS * math.sqrt(data[f])) if data[f] > 0 else 0.0 for f in frames]
        total = sum(widths) + 0.8 * (sum(w > 0 for w in widths) - 1)
        offset = -total / 2
        style = "--" if data["list_sentences"] >= data["sentences"] else "-"
        for frame, width in zip(frames, widths):
            if not width:
                continue
            shift = offset + width / 2
            offset += width + 0.8
            transform = offset_copy(ax.transData, fig=fig, x=nx_ * shift, y=ny_ * shift, units="points")
            ax.plot(
                [x0, x1],
                [y0, y1],
                color=FRAME_COLORS[frame],
                lw=max(width, 0.6),
                ls=style,
                solid_capstyle="butt",
                transform=transform,
                zorder=1,
                alpha=0.9,
            )
    mentions = [graph.nodes[n]["mentions"] for n in graph.nodes] or [1]
    top = max(mentions)
    for node, (x, y) in sorted(pos.items()):
        size = 8 + 5 * math.sqrt(graph.nodes[node]["mentions"] / top)
        ax.text(
            x,
            y,
            f"{node}\n{graph.nodes[node]['mentions']}",
            ha="center",
            va="center",
            fontsize=size,
            zorder=3,
            linespacing=1.0,
            bbox={"boxstyle": "round,pad=0.45", "facecolor": "#f4f6f7", "edgecolor": "#555"},
        )
    for frame in frames:
        ax.plot([], [], color=FRAME_COLORS[frame], lw=3, label=frame)
    ax.plot([], [], color="#777", lw=1.5, ls="--", label=f"only from sentences listing ≥{_list_actors()} firms")
    ax.legend(
        title="one line per frame;\nwidth ∝ √(framing sentences)",
        fontsize=8,
        title_fontsize=8,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(
        "Who is framed with whom: firms named in the same framing sentence\n(node: firm and the sentences naming it)",
        fontsize=11,
    )
    fig.tight_layout()
    return fig


def _list_actors() -> int:
    from coopetition.measures.network import LIST_ACTORS

    return LIST_ACTORS

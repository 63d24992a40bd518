"""Plots of quantities: the comparable numbers per family (levels and changes)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coopetition.output.plotting.figures import plt

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_QUALIFIER_MARK = {"at least": "≥", "below": "<", "about": "≈", "": ""}
#: the families the comparable-numbers figure draws, in panel order (durations and page counts are left out)
QUANTITY_FAMILIES = ("money", "percent", "count", "multiple")
_UNIT_SUFFIX = {"%": "%", "pp": " pp", "x": "×"}
_MAGNITUDES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_CHANGE_COLORS = {"increase": "#1e8449", "decrease": "#c0392b"}
_LEVEL_COLOR, _RANGE_COLOR = "#2471a3", "#85c1e9"


def _compact(value: float, unit: str, *, signed: bool = False) -> str:
    """A figure as a reader writes it: 6090亿, 1.2万亿, 3.5万, 12%, 3 pp, 2×; ``signed`` adds + to gains.

    Example:
        >>> _compact(6.09e11, "CNY"), _compact(1.2e12, "users"), _compact(-5, "%", signed=True)
        ('6090亿', '1.2万亿', '−5%')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    size = abs(value)
    if unit in _UNIT_SUFFIX:
        return f"{sign}{_plain(size)}{_UNIT_SUFFIX[unit]}"
    for scale, name in _MAGNITUDES:
        if size >= scale:
            return f"{sign}{_plain(size / scale)}{name}"
    return f"{sign}{_plain(size)}"


def _plain(number: float) -> str:
    """Four significant digits, never an exponent: 6090, 1.2, 0.05, 12,000."""
    return f"{number:,.0f}" if number >= 1e4 else f"{number:.4g}"


def _quantity_panels(
    table: pd.DataFrame, families: tuple[str, ...], max_panels: int
) -> list[tuple[str, str, pd.DataFrame]]:
    """``(kind, unit, rows)`` per panel: levels and changes apart, one unit per panel, busiest first."""
    keep = table[table["family"].isin(families)].copy()
    keep["kind"] = np.where(keep["change"].astype(bool), "change", "level")
    # a figure repeated in an article (headline, then body) is drawn once
    keep = keep.drop_duplicates(["doc_id", "kind", "unit", "value", "value_max", "subject"])
    groups = [(kind, unit, part) for (kind, unit), part in keep.groupby(["kind", "unit"], sort=True)]
    if any(len(part) > 1 for _, _, part in groups):
        groups = [g for g in groups if len(g[2]) > 1]  # a lone figure has nothing to be compared with
    order = {family: i for i, family in enumerate(families)}
    groups.sort(key=lambda g: (-len(g[2]), order[g[2]["family"].iloc[0]], g[0] != "level", g[1]))
    chosen = groups[:max_panels]
    chosen.sort(key=lambda g: (order[g[2]["family"].iloc[0]], g[1], g[0] != "level"))
    return chosen


def _quantity_label(row) -> str:
    what = row.subject or row.span
    return f"{what[:14]}{'…' if len(what) > 14 else ''} · {row.doc_id}"


def _draw_levels(ax, part: pd.DataFrame, unit: str) -> None:
    y = np.arange(len(part))
    low = part["value"].to_numpy(dtype=float)
    high = part["value_max"].fillna(part["value"]).to_numpy(dtype=float)
    log = UNIT_LOG.get(unit, False) and low.min() > 0 and high.max() / low.min() > 50
    base = low.min() / 3 if log else 0.0
    ax.barh(y, low - base, left=base, color=_LEVEL_COLOR, height=0.6)
    ranged = high > low
    ax.barh(y[ranged], (high - low)[ranged], left=low[ranged], color=_RANGE_COLOR, height=0.6)
    for yi, row, top in zip(y, part.itertuples(), high):
        label = _QUALIFIER_MARK.get(row.qualifier, "") + _compact(row.value, unit)
        if row.value_max == row.value_max:  # a range
            label += "–" + _compact(row.value_max, unit)
        ax.text(top, yi, " " + label, va="center", fontsize=7.5)
    if log:
        ax.set_xscale("log")
        ax.set_xlim(base, high.max() * 12)
    else:
        ax.set_xlim(0, high.max() * 1.3 if high.max() > 0 else 1)


def _draw_changes(ax, part: pd.DataFrame, unit: str) -> None:
    y = np.arange(len(part))
    signed = part["signed_value"].to_numpy(dtype=float)
    ax.barh(y, signed, color=[_CHANGE_COLORS[c] for c in part["change"]], height=0.6)
    ax.axvline(0, color="#555", lw=0.8)
    for yi, row, value in zip(y, part.itertuples(), signed):
        # ▲/▼ carry the direction, so a bound reads on the size of the move: ▼≥40% is a fall of at least 40%
        label = ("▲" if value >= 0 else "▼") + _QUALIFIER_MARK.get(row.qualifier, "") + _compact(abs(value), unit)
        ax.text(value, yi, f" {label} ", va="center", ha="left" if value >= 0 else "right", fontsize=7.5)
    reach = max(abs(signed).max(), 1e-9) * 1.45
    ax.set_xlim(-reach if (signed < 0).any() else 0, reach if (signed > 0).any() else 0)


#: units drawn on a log axis when their figures span more than 50×
UNIT_LOG = {
    unit: True
    for unit in (
        "CNY",
        "HKD",
        "USD",
        "JPY",
        "EUR",
        "TWD",
        "users",
        "DAU",
        "MAU",
        "fans",
        "merchants",
        "firms",
        "orders",
        "people",
        "items",
        "count",
    )
}
_FAMILY_TITLE = {"money": "Money", "percent": "Percentages", "count": "Counts", "multiple": "Multiples"}


def plot_quantities(
    table: pd.DataFrame,
    *,
    top: int = 10,
    families: tuple[str, ...] = QUANTITY_FAMILIES,
    max_panels: int = 8,
) -> Figure:
    """The comparable numbers: levels and changes in separate panels, one unit per panel.

    Currencies never share an axis (CNY, USD, HKD… each get a panel); a change
    (同比增长6.5%) is drawn signed from zero, never beside the levels; money and
    counts that span more than 50× use a log axis, and every tick reads in
    万/亿/万亿. Each panel shows the ``top`` largest figures (changes: largest
    either way) and says how many it chose from; the full table belongs in the CSV
    saved beside the figure.

    Args:
        table: rows of :func:`coopetition.measures.quantities.quantity_table` (needs ``doc_id``).
        top: bars per panel.
        families: unit families to draw, in panel order.
        max_panels: most panels; the units with the most figures win.

    Returns:
        A figure at most 12 inches (1,800 px at 150 dpi) wide.

    Example:
        >>> fig = plot_quantities(quantity_table(corpus))  # doctest: +SKIP
        >>> save_figure(fig, "04_comparable_numbers", data=quantity_table(corpus))  # doctest: +SKIP
    """
    panels = _quantity_panels(table, families, max_panels)
    if not panels:
        fig, ax = plt.subplots(figsize=(8, 2))
        ax.text(0.5, 0.5, "No comparable figures in these articles", ha="center", va="center")
        ax.set_axis_off()
        return fig
    ncols = 2 if len(panels) > 1 else 1
    nrows = math.ceil(len(panels) / ncols)
    heights = [max(min(len(p), top) for _, _, p in panels[r * ncols : (r + 1) * ncols]) for r in range(nrows)]
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(12 if ncols == 2 else 7.5, sum(1.2 + 0.3 * h for h in heights) + 1.0),
        squeeze=False,
        gridspec_kw={"height_ratios": [1.2 + 0.3 * h for h in heights]},
    )
    for ax, (kind, unit, part) in zip(axes.flat, panels):
        key = part["value"].abs() if kind == "level" else part["signed_value"].abs()
        chosen = part.assign(_key=key).sort_values(["_key", "doc_id", "start"], ascending=[False, True, True]).head(top)
        chosen = chosen.iloc[::-1]  # largest on top
        (_draw_levels if kind == "level" else _draw_changes)(ax, chosen, unit)
        ax.set_yticks(np.arange(len(chosen)), [_quantity_label(row) for row in chosen.itertuples()], fontsize=8)
        ax.xaxis.set_major_formatter(lambda v, _, unit=unit: _compact(v, unit, signed=kind == "change") if v else "0")
        ax.xaxis.set_minor_formatter(lambda v, _: "")
        ax.tick_params(axis="x", labelsize=8)
        family = _FAMILY_TITLE.get(part["family"].iloc[0], part["family"].iloc[0])
        what = "levels" if kind == "level" else "changes (signed)"
        ax.set_title(f"{family} · {unit} · {what}: top {len(chosen)} of {len(part)}", fontsize=9.5)
        ax.grid(axis="x", color="#eee")
        ax.set_axisbelow(True)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    fig.suptitle("The numbers the articles rest on: levels and changes apart, one unit per panel", fontsize=12)
    fig.text(
        0.5,
        0.005,
        "Top N per panel by size (changes: by size either way); repeats within an article shown once. "
        "≥ at least, < below, ≈ about; ▲ rise, ▼ fall; light bar = range. Full table: the CSV beside this figure.",
        ha="center",
        va="bottom",
        fontsize=8,
        color="#555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return fig

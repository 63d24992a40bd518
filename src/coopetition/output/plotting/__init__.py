"""Figures: a CJK font that works everywhere, plot functions, and one way to save.

The first figure drawn sets matplotlib up to render Chinese (:func:`font_family`): a system
Simplified-Chinese face when the machine has one as a single ``.otf``/``.ttf``
file (Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC/CN), otherwise the
Noto Sans CJK SC file shipped by the pinned ``mplfonts`` dependency, so a
fresh Linux machine with no CJK fonts renders the same glyphs.

Plot functions take tidy tables and return a :class:`~matplotlib.figure.Figure`;
they never save. :func:`save_figure` writes the PNG (no timestamp, no version
string, so a re-run gives the same bytes) and, when given the data behind it,
a CSV beside it, into the configured figures folder or the ``directory`` given.

:func:`cached_figure` draws, saves and closes a figure only when its data or the
code changed (else it copies the PNG kept in the cache), and returns a
:class:`SavedFigure` that a notebook shows as a Markdown image linking the PNG, so cold and warm
runs leave the same output. :func:`figure_pages` splits a per-article figure
into pages (:func:`paginate`) for at most :data:`MAX_DRAWN` articles, each page
with a caption saying which N of M articles it shows (the CSV keeps every
article); :func:`table_page` shows a long table in part with a link to its CSV;
:func:`show` displays captions and figures.
"""

from coopetition.output.plotting.figures import (  # noqa: F401 - the package's names, as one module had them
    _NAME_BYTES,
    _NAME_PART_BYTES,
    _NAME_UNSAFE,
    _PALETTE,
    CSV_ENCODING,
    CSV_FLOAT_FORMAT,
    DPI,
    FRAME_COLORS,
    MAX_DRAWN,
    MAX_TABLE_ROWS,
    SYSTEM_SC_FAMILIES,
    WORDCLOUD_SIZE,
    WORDCLOUD_WORDS,
    SavedFigure,
    _figure_key,
    _Pyplot,
    _require_table,
    _slug,
    _target,
    cached_figure,
    cjk_font_path,
    figure_markdown,
    figure_name,
    figure_pages,
    font_family,
    page_name,
    paginate,
    plt,
    save_figure,
    setup_fonts,
    show,
    table_page,
    write_table,
)
from coopetition.output.plotting.label_plots import (  # noqa: F401 - the package's names, as one module had them
    _CONFUSION_ORDER,
    _EDGE_MAX,
    _EDGE_POINTS,
    _confusion_grid,
    _list_actors,
    _node_layout,
    plot_actor_mentions,
    plot_actor_network,
    plot_confusion,
    plot_frame_shares,
    plot_frames_over_time,
    plot_keyness,
    plot_tone_by_frame,
)
from coopetition.output.plotting.quantity_plots import (  # noqa: F401 - the package's names, as one module had them
    _CHANGE_COLORS,
    _FAMILY_TITLE,
    _LEVEL_COLOR,
    _MAGNITUDES,
    _QUALIFIER_MARK,
    _RANGE_COLOR,
    _UNIT_SUFFIX,
    QUANTITY_FAMILIES,
    UNIT_LOG,
    _compact,
    _draw_changes,
    _draw_levels,
    _plain,
    _quantity_label,
    _quantity_panels,
    plot_quantities,
)
from coopetition.output.plotting.text_plots import (  # noqa: F401 - the package's names, as one module had them
    _bar_panels,
    _bottom_panels,
    _grid,
    _label,
    _wordcloud_image,
    heatmap_table,
    plot_cleaning,
    plot_heatmap,
    plot_timeline,
    plot_top_terms,
    plot_wordcloud,
    plot_wordclouds,
)

__all__ = [
    "cjk_font_path",
    "setup_fonts",
    "font_family",
    "save_figure",
    "figure_markdown",
    "figure_name",
    "cached_figure",
    "figure_pages",
    "paginate",
    "page_name",
    "show",
    "SavedFigure",
    "write_table",
    "table_page",
    "MAX_DRAWN",
    "plot_timeline",
    "plot_cleaning",
    "plot_top_terms",
    "plot_wordcloud",
    "plot_wordclouds",
    "plot_heatmap",
    "heatmap_table",
    "plot_keyness",
    "plot_actor_mentions",
    "plot_frame_shares",
    "plot_tone_by_frame",
    "plot_frames_over_time",
    "plot_actor_network",
    "plot_quantities",
    "plot_confusion",
    "FRAME_COLORS",
]


def __getattr__(name: str) -> str:
    """``FONT_FAMILY``, the CJK family's name, sets the fonts up on first use rather than at import."""
    if name == "FONT_FAMILY":
        return font_family()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

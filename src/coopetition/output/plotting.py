"""Figures: a CJK font that works everywhere, plot functions, and one way to save.

Importing this module sets matplotlib up to render Chinese: a system
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
:class:`SavedFigure` that a notebook shows as the PNG itself, so cold and warm
runs leave the same output. :func:`figure_pages` splits a per-article figure
into pages (:func:`paginate`) for at most :data:`MAX_DRAWN` articles, each page
with a caption saying which N of M articles it shows (the CSV keeps every
article); :func:`table_page` shows a long table in part with a link to its CSV;
:func:`show` displays captions and figures.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager

from coopetition import paths
from coopetition.cache import cached_file, content_key, memo, store_file
from coopetition.output.findings import MIN_FRAMING, ids, page_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "cjk_font_path",
    "setup_fonts",
    "save_figure",
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

#: system faces tried first, in order; only single-face files qualify (a .ttc
#: collection would hand matplotlib its first face, usually the Japanese one)
SYSTEM_SC_FAMILIES = ("Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN")
#: CSV tables are written as UTF-8 with a BOM: Excel and Numbers open it with the Chinese intact
CSV_ENCODING = "utf-8-sig"
#: floats in CSV tables: 10 significant digits, so the last bits of a sum in another order never change a file
CSV_FLOAT_FORMAT = "%.10g"
#: per-article figures are drawn for at most this many articles (the first in the figure's order); tables keep all
MAX_DRAWN = 50
#: words in a word cloud: the layout's cost grows with each word placed
WORDCLOUD_WORDS = 50
#: the canvas of every word cloud, in pixels: one size, so an article's cloud and its panel share one cached layout
WORDCLOUD_SIZE = (500, 300)
#: rows of a table shown in a notebook before it points to its CSV instead
MAX_TABLE_ROWS = 200
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
    spec = importlib.util.find_spec("mplfonts")  # the pip-installed fallback (found, not imported: that loads fontTools)
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the CJK font package mplfonts is not installed; reinstall with `make install`")
    packaged = Path(spec.origin).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
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
    matplotlib.rcParams["text.parse_math"] = False  # a $ in an article's name is a dollar sign, never mathtext
    matplotlib.rcParams["svg.hashsalt"] = "coopetition"
    matplotlib.rcParams["figure.dpi"] = 100
    return family


FONT_FAMILY = setup_fonts()


class _Pyplot:
    """``matplotlib.pyplot``, imported when a figure is first drawn.

    pyplot (with its backend and the figure machinery) is the slowest import of
    this module: a warm notebook run, which shows cached PNGs and draws nothing,
    never pays for it.
    """

    def __getattr__(self, name: str):
        import matplotlib.pyplot

        return getattr(matplotlib.pyplot, name)


plt = _Pyplot()


#: what a figure name may hold as is: letters and digits of any script (Chinese too), ``_`` and ``-``
_NAME_UNSAFE = re.compile(r"[^\w\-]+")
#: UTF-8 bytes of a name part kept before the hash that keeps long names distinct (a file name
#: may hold 255 bytes: a prefix, a part and ``_p12.png`` stay well inside)
_NAME_PART_BYTES = 120
#: UTF-8 bytes of a whole figure name (``_p12.png`` and a page suffix still fit in 255)
_NAME_BYTES = 200


def _slug(part: str) -> str:
    """``part`` as a piece of a file name: every run of characters other than letters, digits,
    ``_`` and ``-`` becomes ``_``; when anything was changed (or cut), 8 hex digits of
    the part's SHA-1 follow, so two parts that differ never get one name. A part with
    capitals, or not in Unicode's composed form (NFC), gets the hash too: macOS and Windows
    take ``Temu`` and ``temu`` (or ``é`` composed and decomposed) for one file name, so one
    figure would overwrite the other."""
    slug = _NAME_UNSAFE.sub("_", part).strip("_")
    encoded = slug.encode("utf-8", "surrogatepass")
    if slug == part and len(encoded) <= _NAME_PART_BYTES and part == part.lower() and unicodedata.is_normalized("NFC", part):
        return part
    digest = hashlib.sha1(part.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    slug = encoded[:_NAME_PART_BYTES].decode("utf-8", "ignore")
    return f"{slug}-{digest}" if slug else digest


def figure_name(prefix: str, *parts: object) -> str:
    """A valid figure name built from ``prefix`` and any values, such as a ``doc_id``.

    A doc id comes from a file name or a record's ``id`` and may hold anything
    (``news.qq.com_123``, ``2025.09.12_a``, ``dump-a/b``): each part is kept as
    it is when it is made of letters, digits, ``_`` and ``-`` (Chinese included),
    else slugged, with a short hash of the original so distinct ids never share
    a name. The table saved beside the figure keeps the ``doc_id`` itself, so
    the mapping from id to file is in the CSV.

    Example:
        >>> figure_name("02_wordcloud", "000")
        '02_wordcloud_000'
        >>> figure_name("02_wordcloud", "news.qq.com_123")
        '02_wordcloud_news_qq_com_123-ffcf7094'
    """
    if not isinstance(prefix, str) or not prefix:
        raise TypeError(f"prefix must be a non-empty str, not {type(prefix).__name__}")
    name = "_".join([prefix if _NAME_UNSAFE.sub("_", prefix) == prefix else _slug(prefix), *(_slug(str(part)) for part in parts)])
    if len(name.encode("utf-8")) > _NAME_BYTES:  # several long parts: cut, and keep them apart by a hash of the whole
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        name = f"{name.encode('utf-8')[:_NAME_BYTES - 9].decode('utf-8', 'ignore')}-{digest}"
    return name


def _target(name: str, suffix: str, directory: str | os.PathLike | None = None) -> Path:
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    if not name or Path(name).name != name or Path(name).suffix or name.startswith("."):
        raise ValueError(f"figure name {name!r}: give a bare name such as '02_top_terms' (no folder, no extension); "
                         "build a name from a doc_id or any other value with figure_name('02_wordcloud', doc_id)")
    if directory is None:
        folder = paths.figures_dir()
    elif isinstance(directory, (str, os.PathLike)) and str(directory):
        folder = Path(directory).expanduser()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        raise TypeError(f"directory must be a folder path (str or os.PathLike), not {type(directory).__name__}")
    return folder / f"{name}{suffix}"


def _require_table(data: object, name: str = "data") -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(data).__name__}")
    return data


def write_table(table: pd.DataFrame, name: str, *, directory: str | os.PathLike | None = None) -> Path:
    """Write a table as ``<figures>/<name>.csv`` (UTF-8 with BOM, ``\\n`` line ends, no index).

    Args:
        table: the table.
        name: a bare name such as ``"02_keyness"``.
        directory: the folder (default :func:`coopetition.paths.figures_dir`).

    Returns:
        The path of the CSV, written to a temporary name and renamed into place
        (:func:`coopetition.paths.write_atomically`).

    Raises:
        coopetition.paths.OutputError: the file cannot be written (a full disk):
            one sentence naming it.
    """
    _require_table(table, "table")
    target = _target(name, ".csv", directory)
    return paths.write_atomically(
        target, lambda tmp: table.to_csv(tmp, index=False, encoding=CSV_ENCODING, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)
    )


def save_figure(fig: Figure, name: str, *, data: pd.DataFrame | None = None,
                directory: str | os.PathLike | None = None) -> Path:
    """Save ``fig`` as ``<folder>/<name>.png`` and ``data`` beside it as ``<name>.csv``.

    The folder is ``directory`` if given, else :func:`coopetition.paths.figures_dir`
    (:func:`coopetition.configure` or ``COOPETITION_FIGURES`` override it). The
    PNG carries no timestamp or software version, so the same figure gives the
    same bytes on every run.

    Args:
        fig: the figure; it stays open (a notebook still shows it).
        name: a bare name, prefixed by the notebook number: ``"02_top_terms"``.
        data: the table the figure was drawn from.
        directory: where to write, instead of the configured figures folder.

    Returns:
        The path of the PNG.

    Raises:
        TypeError: ``fig`` is not a matplotlib Figure, ``name`` not a str,
            ``data`` not a DataFrame, ``directory`` not a path.
        ValueError: ``name`` has a folder or an extension in it (see :func:`figure_name`).
        FileNotFoundError: no ``directory`` and no figures folder configured
            outside a project checkout (the message says how to name one).
        coopetition.paths.OutputError: a file cannot be written (a full disk):
            one sentence naming it. Files are written to a temporary name and
            renamed, so none is ever left half-written.
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, not {type(fig).__name__}")
    if data is not None:
        _require_table(data)
    target = _target(name, ".png", directory)
    paths.write_atomically(target, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight",
                                                           metadata={"Software": None}, facecolor="white"))
    if data is not None:
        write_table(data, name, directory=target.parent)
    return target


class SavedFigure(os.PathLike):
    """A PNG on disk that a notebook shows inline (its bytes, so a re-run shows the same output).

    It is a path (``open(saved)``, ``Path(saved)``) whose ``repr`` names the file only.
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    def __fspath__(self) -> str:
        return str(self.path)

    def __repr__(self) -> str:
        return f"<figure {self.path.name}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SavedFigure) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def _repr_png_(self) -> bytes:
        return self.path.read_bytes()


def _figure_key(name: str, data: pd.DataFrame, extra: object) -> str:
    table = data.to_csv(index=False, lineterminator="\n")
    context = json.dumps([name, extra, DPI, matplotlib.__version__, cjk_font_path().name], ensure_ascii=False,
                         sort_keys=True, default=str)
    return content_key(table, context)


def cached_figure(name: str, data: pd.DataFrame, draw: Callable[[], Figure], *, extra: object = None,
                  directory: str | os.PathLike | None = None) -> SavedFigure:
    """Draw, save and close a figure, unless the same data and code drew it before.

    The key is the name, the table (as CSV), ``extra`` (anything else the drawing
    reads, such as labels), the package's code version and matplotlib's. When a
    PNG was drawn from the same key before (the cache keeps a copy, see
    :func:`coopetition.cache.store_file`), ``draw`` is never called: the copy is
    written to the target (any folder). The CSV is written either way. Cold or
    warm, the result shows the PNG's own bytes, so a notebook's output is identical.

    Args:
        name: a bare figure name, as for :func:`save_figure`.
        data: the table the figure is drawn from (written beside it).
        draw: a function of no arguments returning the figure.
        extra: JSON-able parameters of the drawing that are not in ``data``.
        directory: where to write, instead of the configured figures folder.

    Returns:
        The saved PNG, displayable in a notebook.

    Example:
        >>> cached_figure("02_top_terms", top, lambda: plot_top_terms(top))  # doctest: +SKIP
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function returning a Figure, not {type(draw).__name__}")
    _require_table(data)
    target = _target(name, ".png", directory)
    key = _figure_key(name, data, extra)
    stored = cached_file(key)
    if stored is not None:
        png = stored.read_bytes()
        if not target.is_file() or target.read_bytes() != png:
            paths.write_atomically(target, lambda tmp: tmp.write_bytes(png))
        write_table(data, name, directory=target.parent)
        return SavedFigure(target)
    fig = draw()
    try:
        save_figure(fig, name, data=data, directory=target.parent)
    finally:
        plt.close(fig)
    store_file(key, target)
    return SavedFigure(target)


def paginate(table: pd.DataFrame, per_page: int, *, key: str = "doc_id") -> list[pd.DataFrame]:
    """Split a tidy table into pages of ``per_page`` distinct ``key`` values each, in sorted ``key`` order.

    Every article (every ``key`` value) lands on exactly one page; an empty table gives no page.

    Example:
        >>> [sorted(p["doc_id"].unique()) for p in paginate(pd.DataFrame({"doc_id": list("abcde")}), 2)]
        [['a', 'b'], ['c', 'd'], ['e']]
    """
    _require_table(table, "table")
    if isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1:
        raise ValueError(f"per_page must be a positive int, not {per_page!r}")
    if key not in table.columns:
        raise ValueError(f"the table has no {key!r} column to paginate by")
    values = table[key].astype(str)
    order = sorted(values.unique())
    return [table[values.isin(order[i : i + per_page])] for i in range(0, len(order), per_page)]


def page_name(name: str, page: int, pages: int) -> str:
    """``name`` for a one-page figure, ``name_p<page>`` when there are several."""
    return name if pages == 1 else f"{name}_p{page}"


def figure_pages(name: str, data: pd.DataFrame, draw: Callable[[pd.DataFrame], Figure], *, docs, per_page: int,
                 key: str = "doc_id", extra: object = None, empty: str = "", absent: str = "having nothing to draw",
                 directory: str | os.PathLike | None = None, max_docs: int = MAX_DRAWN) -> list:
    """A per-article figure drawn page by page for at most ``max_docs`` articles, each page with its caption.

    Writes ``<name>.csv`` (every row, every article) and one PNG per page
    (``<name>.png``, or ``<name>_p1.png``, ``_p2``… when the articles need more
    than one page), each through :func:`cached_figure`. When more than
    ``max_docs`` articles have rows, only the first ``max_docs`` in ``key`` order
    are drawn, and a caption says which N of M and that the CSV keeps them all.

    Args:
        name: the figure's bare name.
        data: the tidy table, one or more rows per article (``doc_id``).
        draw: draws one page from that page's rows.
        docs: every article of the corpus, so a caption can name those with no rows.
        per_page: articles per page.
        key: the column whose sorted values order the pages (default ``doc_id``;
            ``"<date> <doc_id>"`` for publication order).
        extra: drawing parameters not in ``data`` (see :func:`cached_figure`).
        empty: the sentence shown instead of a figure when ``data`` is empty.
        absent: why an article of ``docs`` has no row, for the caption ("undated"…).
        max_docs: the most articles drawn (default :data:`MAX_DRAWN`).

    Returns:
        A list of Markdown captions and :class:`SavedFigure` pages, in display
        order; :func:`show` displays them.
    """
    _require_table(data)
    if isinstance(max_docs, bool) or not isinstance(max_docs, int) or max_docs < 1:
        raise ValueError(f"max_docs must be a positive int, not {max_docs!r}")
    docs = sorted(str(d) for d in docs)
    write_table(data, name, directory=directory)
    with_rows = list(dict.fromkeys(data.sort_values(key, kind="stable")["doc_id"].astype(str))) if len(data) else []
    shown: list = []
    if len(with_rows) > max_docs:
        drawn = with_rows[:max_docs]
        order = "date" if key != "doc_id" else "doc_id"
        shown.append(f"*Drawn for the first {max_docs:,} of the {len(with_rows):,} articles with a row, in {order} order "
                     f"(`max_docs`); the table `{name}.csv` keeps every article.*")
        data = data[data["doc_id"].astype(str).isin(set(drawn))]
    pages = paginate(data, per_page, key=key)
    if not pages:
        return [empty or f"Nothing to draw for `{name}`: no article has a row in its table."]
    missing = sorted(set(docs) - set(with_rows))
    for number, part in enumerate(pages, start=1):
        page_docs = list(dict.fromkeys(part.sort_values(key, kind="stable")["doc_id"].astype(str)))
        shown.append(page_caption(page_docs, docs, page=number, pages=len(pages), missing=missing,
                                  absent=absent))
        shown.append(cached_figure(page_name(name, number, len(pages)), part, lambda part=part: draw(part),
                                   extra=extra, directory=directory))
    return shown


def table_page(table: pd.DataFrame, name: str, *, max_rows: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The table to display in a notebook: whole when it has at most ``max_rows`` rows, else its
    first ``max_rows`` after a line (shown now) that links the CSV holding every row.

    Every column is always shown (the notebooks set ``display.max_columns`` to None). The link
    is relative to ``COOPETITION_REPORT_DIR`` (the report's folder) when set, else to the
    working directory (the notebook's folder).

    Args:
        table: the table, already written by :func:`write_table` as ``name``.
        name: the table's bare name (``"02_keyness"``).
        max_rows: rows shown before the table is cut.
    """
    _require_table(table, "table")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive int, not {max_rows!r}")
    if len(table) <= max_rows:
        return table
    from urllib.parse import quote

    csv = _target(name, ".csv")
    base = os.environ.get("COOPETITION_REPORT_DIR") or os.getcwd()
    link = quote(Path(os.path.relpath(csv, base)).as_posix())
    show(f"*The first {max_rows:,} of {len(table):,} rows; every row is in [{csv.name}]({link}).*")
    return table.head(max_rows)


def show(*items) -> None:
    """Display figures and Markdown sentences in a notebook (plain text elsewhere).

    Strings are shown as Markdown; anything else as itself (a :class:`SavedFigure` as its PNG).
    Lists are flattened.
    """
    flat = [x for item in items for x in (item if isinstance(item, list) else [item])]
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython ships with the notebook extras
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        for x in flat:
            print(x)
        return
    for x in flat:
        if isinstance(x, str) and not x:
            continue  # an empty note (a finding with nothing to say) shows nothing
        display(Markdown(x) if isinstance(x, str) else x)


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
    top: pd.DataFrame, value: str, *, n: int, labels: Mapping[str, str] | None, ncols: int, width: float,
    row_height: float, headroom: float, color: str, xlabel: str, title: str, decorate=None,
) -> Figure:
    """Small multiples of horizontal bars, one panel per article on one shared scale.

    ``decorate(ax, part)`` may add marks to each panel after its bars are drawn.
    """
    docs = sorted(top["doc_id"].unique())
    nrows, ncols = _grid(max(len(docs), 1), ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width * ncols, row_height * n * nrows + 1.2 * nrows), sharex=True, squeeze=False, layout="constrained"
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
    for ax in list(axes.flat)[len(docs):]:
        ax.set_visible(False)
    for ax in _bottom_panels(axes, len(docs)):
        ax.xaxis.set_tick_params(labelbottom=True)  # sharex hides them above a row that is not full
        ax.set_xlabel(xlabel)
    fig.suptitle(title, fontsize=12)
    return fig


def _bottom_panels(axes: np.ndarray, used: int) -> list:
    """The panels with no visible panel below them: the last full row's and those above a gap in the last row."""
    nrows, ncols = axes.shape
    return [axes[r][c] for r in range(nrows) for c in range(ncols)
            if r * ncols + c < used and (r + 1) * ncols + c >= used]


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
        random_state=seed, max_words=WORDCLOUD_WORDS, prefer_horizontal=0.95, colormap="viridis",
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
    fig, ax = plt.subplots(figsize=(3.6, 2.4))  # about the canvas's own pixels at DPI: no resampling, a small PNG
    if weights:
        ax.imshow(_wordcloud_image(weights, seed=seed, width=WORDCLOUD_SIZE[0], height=WORDCLOUD_SIZE[1]), interpolation="none")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


def plot_wordclouds(freqs: pd.DataFrame, *, labels: Mapping[str, str] | None = None, ncols: int = 3, seed: int = 42) -> Figure:
    """A panel of word clouds, one per article, all with the same random state."""
    docs = sorted(freqs["doc_id"].unique())
    nrows, ncols = _grid(len(docs), ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.3 * nrows), squeeze=False)  # panels near canvas size
    for ax, doc_id in zip(axes.flat, docs):
        part = freqs[freqs["doc_id"] == doc_id]
        weights = dict(zip(part["term"], part["count"]))  # the same layout as the article's own cloud: laid out once
        ax.imshow(_wordcloud_image(weights, seed=seed, width=WORDCLOUD_SIZE[0], height=WORDCLOUD_SIZE[1]), interpolation="none")
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
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color="white" if v > limit * 0.6 else "#333")
    fig.colorbar(image, ax=ax, label="per 1,000 content tokens", shrink=0.6)
    ax.set_title("Leading terms across articles")
    fig.tight_layout()
    return fig


#: classes in reading order per axis of the confusion figure; labels outside these follow, sorted
_CONFUSION_ORDER = {"frame": ("competition", "cooperation", "coopetition", "none"), "tone": ("negative", "neutral", "positive")}


def _confusion_grid(part: pd.DataFrame, axis: str) -> pd.DataFrame:
    """The ``gold × predicted`` count grid of one axis, classes in :data:`_CONFUSION_ORDER`."""
    seen = set(part["gold"].astype(str)) | set(part["predicted"].astype(str))
    order = [c for c in _CONFUSION_ORDER.get(axis, ()) if c in seen] + sorted(seen - set(_CONFUSION_ORDER.get(axis, ())))
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
    axes_order = [a for a in _CONFUSION_ORDER if a in set(table["axis"])] + sorted(set(table["axis"]) - set(_CONFUSION_ORDER))
    grids = [(a, _confusion_grid(table[table["axis"] == a], a)) for a in axes_order]
    widths = [g.shape[1] for _, g in grids]
    fig, panels = plt.subplots(1, len(grids), figsize=(1.6 + 1.1 * sum(widths) + 2.2 * len(grids), 1.8 + 0.8 * max(widths)),
                               gridspec_kw={"width_ratios": widths}, squeeze=False, layout="constrained")
    fig.get_layout_engine().set(wspace=0.08)
    image = None
    for ax, (axis, grid) in zip(panels[0], grids):
        counts = grid.to_numpy()
        totals = counts.sum(axis=1, keepdims=True)
        share = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
        image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        for (i, j), count in np.ndenumerate(counts):
            ax.text(j, i, f"{count}\n{share[i, j]:.0%}", ha="center", va="center", fontsize=8,
                    color="white" if share[i, j] > 0.6 else "#222")
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
        top, "g2", n=n, labels=labels, ncols=ncols, width=4.3, row_height=0.34, headroom=1.25, color="#8e44ad",
        xlabel="G² vs the rest of the corpus (dashed: p < 0.001)",
        title="Distinctive terms per article (log-likelihood G²; LR = log2 ratio)", decorate=annotate,
    )


def plot_actor_mentions(table: pd.DataFrame, *, labels: Mapping[str, str] | None = None, value: str = "mentions",
                        order: list[str] | None = None) -> Figure:
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
    for yi in np.flatnonzero(few):
        counts = shares[shares["doc_id"] == docs[yi]].set_index("frame")["n"].reindex(frames).fillna(0).astype(int)
        said = ", ".join(f"{c} {f}" for f, c in counts.items() if c)
        left.text(0.01, yi, f"too few to share out: {said}" if said else "no framing sentence", va="center", fontsize=8,
                  color="#555")
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
            text = "—" if not count else f"{net:+.2f} (n={int(count)})"
            # in a margin column right of the bars (axes coordinates), so it never covers one
            ax.text(1.03, y[yi], text, va="center", ha="left", fontsize=7, color="#333",
                    transform=ax.get_yaxis_transform())
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
            ax.plot([x0, x1], [y0, y1], color=FRAME_COLORS[frame], lw=max(width, 0.6), ls=style,
                    solid_capstyle="butt", transform=transform, zorder=1, alpha=0.9)
    mentions = [graph.nodes[n]["mentions"] for n in graph.nodes] or [1]
    top = max(mentions)
    for node, (x, y) in sorted(pos.items()):
        size = 8 + 5 * math.sqrt(graph.nodes[node]["mentions"] / top)
        ax.text(x, y, f"{node}\n{graph.nodes[node]['mentions']}", ha="center", va="center", fontsize=size, zorder=3,
                linespacing=1.0, bbox={"boxstyle": "round,pad=0.45", "facecolor": "#f4f6f7", "edgecolor": "#555"})
    for frame in frames:
        ax.plot([], [], color=FRAME_COLORS[frame], lw=3, label=frame)
    ax.plot([], [], color="#777", lw=1.5, ls="--", label=f"only from sentences listing ≥{_list_actors()} firms")
    ax.legend(title="one line per frame;\nwidth ∝ √(framing sentences)", fontsize=8, title_fontsize=8, frameon=False,
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("Who is framed with whom: firms named in the same framing sentence\n(node: firm and the sentences naming it)",
                 fontsize=11)
    fig.tight_layout()
    return fig


def _list_actors() -> int:
    from coopetition.measures.network import LIST_ACTORS

    return LIST_ACTORS


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


def _quantity_panels(table: pd.DataFrame, families: tuple[str, ...], max_panels: int) -> list[tuple[str, str, pd.DataFrame]]:
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
UNIT_LOG = {unit: True for unit in ("CNY", "HKD", "USD", "JPY", "EUR", "TWD", "users", "DAU", "MAU", "fans", "merchants", "firms", "orders", "people", "items", "count")}
_FAMILY_TITLE = {"money": "Money", "percent": "Percentages", "count": "Counts", "multiple": "Multiples"}


def plot_quantities(
    table: pd.DataFrame, *, top: int = 10, families: tuple[str, ...] = QUANTITY_FAMILIES, max_panels: int = 8,
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
    heights = [max(min(len(p), top) for _, _, p in panels[r * ncols:(r + 1) * ncols]) for r in range(nrows)]
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(12 if ncols == 2 else 7.5, sum(1.2 + 0.3 * h for h in heights) + 1.0),
        squeeze=False, gridspec_kw={"height_ratios": [1.2 + 0.3 * h for h in heights]},
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
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.suptitle("The numbers the articles rest on: levels and changes apart, one unit per panel", fontsize=12)
    fig.text(
        0.5, 0.005,
        "Top N per panel by size (changes: by size either way); repeats within an article shown once. "
        "≥ at least, < below, ≈ about; ▲ rise, ▼ fall; light bar = range. Full table: the CSV beside this figure.",
        ha="center", va="bottom", fontsize=8, color="#555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    return fig

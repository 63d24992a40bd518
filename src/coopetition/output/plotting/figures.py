"""Figures, their I/O: the CJK font (set up on first use), names, CSV and PNG writing, the cache, pagination and display."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import pandas as pd
from matplotlib import font_manager

from coopetition import paths
from coopetition.cache import cached_file, content_key, store_file
from coopetition.output.findings import page_caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
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
    spec = importlib.util.find_spec(
        "mplfonts"
    )  # the pip-installed fallback (found, not imported: that loads fontTools)
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the CJK font package mplfonts is not installed; reinstall with `make install`")
    packaged = Path(spec.origin).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not packaged.is_file():
        raise FileNotFoundError(
            f"{packaged}: the CJK font shipped by mplfonts is missing; reinstall with `make install`"
        )
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


@lru_cache(maxsize=1)
def font_family() -> str:
    """:func:`setup_fonts` once, on first use (the first figure drawn): the CJK family's name."""
    return setup_fonts()


def __getattr__(name: str) -> str:
    """``FONT_FAMILY``, the CJK family's name, sets the fonts up on first use rather than at import."""
    if name == "FONT_FAMILY":
        return font_family()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Pyplot:
    """``matplotlib.pyplot``, imported when a figure is first drawn.

    pyplot (with its backend and the figure machinery) is the slowest import of
    this module: a warm notebook run, which shows cached PNGs and draws nothing,
    never pays for it.
    """

    def __getattr__(self, name: str):
        font_family()  # the CJK font is set up before the first figure is drawn
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
    if (
        slug == part
        and len(encoded) <= _NAME_PART_BYTES
        and part == part.lower()
        and unicodedata.is_normalized("NFC", part)
    ):
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
    name = "_".join(
        [prefix if _NAME_UNSAFE.sub("_", prefix) == prefix else _slug(prefix), *(_slug(str(part)) for part in parts)]
    )
    if len(name.encode("utf-8")) > _NAME_BYTES:  # several long parts: cut, and keep them apart by a hash of the whole
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        name = f"{name.encode('utf-8')[: _NAME_BYTES - 9].decode('utf-8', 'ignore')}-{digest}"
    return name


def _target(name: str, suffix: str, directory: str | os.PathLike | None = None) -> Path:
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    if not name or Path(name).name != name or Path(name).suffix or name.startswith("."):
        raise ValueError(
            f"figure name {name!r}: give a bare name such as '02_top_terms' (no folder, no extension); "
            "build a name from a doc_id or any other value with figure_name('02_wordcloud', doc_id)"
        )
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
        target,
        lambda tmp: table.to_csv(
            tmp, index=False, encoding=CSV_ENCODING, lineterminator="\n", float_format=CSV_FLOAT_FORMAT
        ),
    )


def save_figure(
    fig: Figure, name: str, *, data: pd.DataFrame | None = None, directory: str | os.PathLike | None = None
) -> Path:
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
    paths.write_atomically(
        target,
        lambda tmp: fig.savefig(
            tmp, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None}, facecolor="white"
        ),
    )
    if data is not None:
        write_table(data, name, directory=target.parent)
    return target


class SavedFigure(os.PathLike):
    """A PNG on disk that a notebook shows by reference: a Markdown image linking the file, not a copy of its bytes.

    It is a path (``open(saved)``, ``Path(saved)``) whose ``repr`` names the file only.
    In a notebook it displays as ``![02_top_terms](../figures/02_top_terms.png)``
    (:func:`figure_markdown`), so a committed notebook holds no base64 copy of
    ``figures/`` and a re-run shows the same output; JupyterLab and GitHub's notebook
    view resolve the link against the notebook's folder, and the report embeds the
    file (:mod:`coopetition.output.report`).
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

    def _repr_markdown_(self) -> str:
        return figure_markdown(self.path)


#: a Markdown image link as :func:`figure_markdown` writes it: ``![alt](url)`` alone
FIGURE_LINK_RE = re.compile(r"\A!\[(?P<alt>(?:[^\[\]\\]|\\.)*)\]\((?P<url>[^()\s]+)\)\Z")


def figure_markdown(path: str | os.PathLike, base: str | os.PathLike | None = None) -> str:
    """A Markdown image showing the PNG ``path``, linked relative to ``base`` (default: the working
    directory, which is the notebook's folder in a kernel), named by its file stem.

    The link is URL-quoted and the alt text escaped, so any file name stays one image.
    A path on another drive than ``base`` (Windows) is linked as an absolute ``file:`` URI.

    Example:
        >>> figure_markdown("/repo/figures/02_top_terms.png", base="/repo/notebooks")
        '![02_top_terms](../figures/02_top_terms.png)'
    """
    from urllib.parse import quote

    target = Path(path)
    try:
        link = quote(Path(os.path.relpath(target, os.getcwd() if base is None else base)).as_posix())
    except ValueError:  # another drive: no relative path exists
        link = target.resolve().as_uri()
    alt = re.sub(r"([\\\[\]])", r"\\\1", target.stem)
    return f"![{alt}]({link})"


def _figure_key(name: str, data: pd.DataFrame, extra: object) -> str:
    table = data.to_csv(index=False, lineterminator="\n")
    context = json.dumps(
        [name, extra, DPI, matplotlib.__version__, cjk_font_path().name],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return content_key(table, context)


def cached_figure(
    name: str,
    data: pd.DataFrame,
    draw: Callable[[], Figure],
    *,
    extra: object = None,
    directory: str | os.PathLike | None = None,
) -> SavedFigure:
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


def figure_pages(
    name: str,
    data: pd.DataFrame,
    draw: Callable[[pd.DataFrame], Figure],
    *,
    docs,
    per_page: int,
    key: str = "doc_id",
    extra: object = None,
    empty: str = "",
    absent: str = "having nothing to draw",
    directory: str | os.PathLike | None = None,
    max_docs: int = MAX_DRAWN,
) -> list:
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
        shown.append(
            f"*Drawn for the first {max_docs:,} of the {len(with_rows):,} articles with a row, in {order} order "
            f"(`max_docs`); the table `{name}.csv` keeps every article.*"
        )
        data = data[data["doc_id"].astype(str).isin(set(drawn))]
    pages = paginate(data, per_page, key=key)
    if not pages:
        return [empty or f"Nothing to draw for `{name}`: no article has a row in its table."]
    missing = sorted(set(docs) - set(with_rows))
    for number, part in enumerate(pages, start=1):
        page_docs = list(dict.fromkeys(part.sort_values(key, kind="stable")["doc_id"].astype(str)))
        shown.append(page_caption(page_docs, docs, page=number, pages=len(pages), missing=missing, absent=absent))
        shown.append(
            cached_figure(
                page_name(name, number, len(pages)),
                part,
                lambda part=part: draw(part),  # type: ignore[misc]  # mypy cannot type a default-bound lambda
                extra=extra,
                directory=directory,
            )
        )
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

    Strings are shown as Markdown; anything else as itself (a :class:`SavedFigure` as a Markdown image linking its PNG).
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

"""Figures render Chinese with the packaged font and save reproducibly."""

import hashlib
import io
import os
import re
import warnings
from pathlib import Path
from urllib.parse import unquote

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.ft2font import FT2Font

from coopetition import save_figure, term_frequencies
from coopetition.measures.stats import keyness
from coopetition.output.plotting import (
    FONT_FAMILY,
    cjk_font_path,
    plot_actor_mentions,
    plot_heatmap,
    plot_keyness,
    plot_timeline,
    plot_top_terms,
    plot_wordclouds,
    write_table,
)
from coopetition.text.actors import actor_mentions


@pytest.fixture
def figures(tmp_path, monkeypatch):
    monkeypatch.setenv("COOPETITION_FIGURES", str(tmp_path))
    return tmp_path


def _draw_strict(fig):
    """Render the figure and fail on any warning (a missing glyph warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


def test_font_is_a_simplified_chinese_face():
    assert "SC" in FONT_FAMILY or "CN" in FONT_FAMILY
    font = FT2Font(str(cjk_font_path()))
    for ch in "微信京东淘宝拼多多竞合与说这对着":
        assert font.get_char_index(ord(ch)) != 0, ch


def test_a_chinese_figure_renders_without_missing_glyph_warnings():
    fig, ax = plt.subplots()
    ax.set_title("微信与京东的竞合:从“联姻”到分道扬镳")
    ax.bar(["腾讯", "阿里巴巴", "拼多多"], [3, 2, 1])
    ax.set_xlabel("G² and per 1,000 tokens")
    _draw_strict(fig)
    plt.close(fig)


def test_a_missing_glyph_would_fail_the_strict_draw():
    fig, ax = plt.subplots()
    ax.set_title("\U0001f600")  # an emoji no font here carries
    with pytest.raises(UserWarning, match="missing from font"):
        _draw_strict(fig)
    plt.close(fig)


def test_every_plot_function_renders_the_seeds_strictly(corpus):
    freqs = term_frequencies(corpus)
    labels = dict(zip(corpus["doc_id"], corpus["label"]))
    figs = [
        plot_timeline(corpus),
        plot_top_terms(freqs, labels=labels),
        plot_heatmap(freqs[freqs["term"].isin(["微信", "京东"])], labels=labels),
        plot_keyness(keyness(freqs), labels=labels),
        plot_actor_mentions(actor_mentions(corpus), labels=labels),
        plot_wordclouds(freqs[freqs["doc_id"] <= "001"], labels=labels),
    ]
    for fig in figs:
        _draw_strict(fig)
        plt.close(fig)


def test_save_figure_writes_png_and_csv_with_identical_bytes_twice(figures):
    table = pd.DataFrame({"平台": ["微信", "京东"], "n": [2, 1]})

    def draw():
        fig, ax = plt.subplots()
        ax.bar(table["平台"], table["n"])
        path = save_figure(fig, "99_test", data=table)
        plt.close(fig)
        return hashlib.sha256(path.read_bytes()).hexdigest()

    first, second = draw(), draw()
    assert first == second
    png = (figures / "99_test.png").read_bytes()
    assert b"tIME" not in png and b"matplotlib" not in png.lower()
    assert (figures / "99_test.csv").read_bytes().startswith("\ufeff平台,n\n".encode("utf-8"))


@pytest.mark.parametrize("name", ["", "sub/01_x", "01_x.png"])
def test_save_figure_refuses_names_with_folders_or_extensions(figures, name):
    with pytest.raises(ValueError, match="bare name"):
        write_table(pd.DataFrame(), name)


def test_a_word_cloud_layout_is_cached_and_renders_the_same(monkeypatch, tmp_path):
    from wordcloud import WordCloud

    from coopetition.output.plotting import _wordcloud_image

    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path))
    weights = {"微信": 40, "京东": 30, "竞合": 12, "拼多多": 8, "淘宝": 20}
    first = _wordcloud_image(weights, seed=42, width=300, height=200)

    def fail(self, *args, **kwargs):
        raise AssertionError("laid out again although cached")

    monkeypatch.setattr(WordCloud, "generate_from_frequencies", fail)
    second = _wordcloud_image(weights, seed=42, width=300, height=200)
    assert (first == second).all()
    assert len(list(tmp_path.rglob("*.json"))) == 1


# --- saving anywhere, checked arguments, the figure cache, pages ------------------------------------

from coopetition.output.plotting import (  # noqa: E402
    SavedFigure,
    cached_figure,
    figure_pages,
    heatmap_table,
    page_name,
    paginate,
    plot_actor_network,
    plot_frame_shares,
    plot_tone_by_frame,
)


def _bars(table):
    fig, ax = plt.subplots()
    ax.barh(table["doc_id"].astype(str), range(len(table)))
    return fig


def test_save_figure_writes_into_the_directory_it_is_given(figures, tmp_path):
    elsewhere = tmp_path / "analysis" / "out"
    fig = _bars(pd.DataFrame({"doc_id": ["a"]}))
    path = save_figure(fig, "99_here", data=pd.DataFrame({"x": [1]}), directory=elsewhere)
    plt.close(fig)
    assert path == elsewhere / "99_here.png" and (elsewhere / "99_here.csv").is_file()
    assert not list(figures.glob("99_here*"))


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((None, "99_x"), {}, "fig must be a matplotlib Figure, not NoneType"),
        (("fig", "99_x"), {}, "fig must be a matplotlib Figure, not str"),
        ((plt.figure, 99), {}, "name must be a str, not int"),
        ((plt.figure, "99_x"), {"data": [1, 2]}, "data must be a pandas DataFrame, not list"),
        ((plt.figure, "99_x"), {"directory": 3}, "directory must be a folder path"),
    ],
)
def test_save_figure_rejects_bad_arguments_naming_them(figures, args, kwargs, message):
    args = tuple(a() if a is plt.figure else a for a in args)
    with pytest.raises(TypeError, match=message):
        save_figure(*args, **kwargs)
    plt.close("all")


def test_cached_figure_skips_drawing_when_data_and_code_are_unchanged(figures, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    table = pd.DataFrame({"doc_id": ["000", "001"]})
    calls = []

    def draw():
        calls.append(1)
        return _bars(table)

    cold = cached_figure("99_cached", table, draw)
    warm = cached_figure("99_cached", table, draw)
    assert len(calls) == 1 and warm == cold and isinstance(warm, SavedFigure)
    # shown by reference: a Markdown image whose link, from the working directory, is the PNG written
    link = re.fullmatch(r"!\[99_cached\]\((.+)\)", warm._repr_markdown_()).group(1)
    assert Path(unquote(link)).resolve() == (figures / "99_cached.png").resolve()
    assert not hasattr(warm, "_repr_png_")  # no base64 copy of the PNG in a notebook's output
    assert repr(warm) == "<figure 99_cached.png>"  # no folder, no address: the same in every run
    cached_figure("99_cached", table.assign(doc_id=["000", "002"]), draw)  # new data: drawn again
    cached_figure("99_cached", table, draw, extra={"label": "changed"})  # new parameters: drawn again
    assert len(calls) == 3


def test_cached_figure_restores_a_png_changed_or_deleted_behind_its_back_without_drawing(
    figures, monkeypatch, tmp_path
):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    table = pd.DataFrame({"doc_id": ["000"]})
    calls = []
    draw = lambda: calls.append(1) or _bars(table)  # noqa: E731
    saved = cached_figure("99_stale", table, draw)
    original = saved.path.read_bytes()
    saved.path.write_bytes(b"not the figure")
    cached_figure("99_stale", table, draw)
    assert saved.path.read_bytes() == original
    saved.path.unlink()
    cached_figure("99_stale", table, draw)
    assert len(calls) == 1 and saved.path.read_bytes() == original


_WARM_SCRIPT = """
import sys
import pandas as pd
from coopetition.output.plotting import cached_figure, plot_top_terms, show
from coopetition.measures.sentences import hownet_audit
table = pd.DataFrame({"doc_id": ["000"] * 2, "term": ["微信", "京东"], "count": [5, 3], "per_1k": [5.0, 3.0]})
saved = cached_figure("99_warm", table, lambda: plot_top_terms(table))
audit = hownet_audit(pd.DataFrame({"sentence": ["京东的优势明显,但增长放缓。"]}))
print(len(open(saved, "rb").read()), len(audit), sorted(m for m in ("matplotlib.pyplot", "scipy", "sklearn", "jieba", "rjieba") if m in sys.modules))
"""


@pytest.mark.slow
def test_a_warm_run_shows_cached_figures_without_loading_pyplot_or_the_segmenter(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "COOPETITION_CACHE": str(tmp_path / "cache"), "COOPETITION_FIGURES": str(tmp_path / "figures")}
    runs = [
        subprocess.run([sys.executable, "-c", _WARM_SCRIPT], capture_output=True, text=True, env=env, timeout=300)
        for _ in range(2)
    ]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr[-2000:]
    cold, warm = (run.stdout.split(" ", 2) for run in runs)
    assert cold[:2] == warm[:2] and int(cold[0]) > 1000  # the same PNG and the same audit, cold and warm
    assert "matplotlib.pyplot" in cold[2] and "jieba" in cold[2]  # cold: drawn, and segmented (by either backend)
    assert warm[2].strip() == "[]"  # warm: read from the cache, nothing heavy imported


def test_cached_figure_is_warm_in_another_output_folder(figures, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    table = pd.DataFrame({"doc_id": ["000"]})
    calls = []
    first = cached_figure("99_moved", table, lambda: calls.append(1) or _bars(table))
    second = cached_figure("99_moved", table, lambda: calls.append(1) or _bars(table), directory=tmp_path / "report")
    assert len(calls) == 1 and second.path == tmp_path / "report" / "99_moved.png"
    assert second.path.read_bytes() == first.path.read_bytes() and (tmp_path / "report" / "99_moved.csv").is_file()


def test_cached_figure_with_the_cache_off_always_draws(figures, monkeypatch):
    monkeypatch.setenv("COOPETITION_CACHE", "off")
    table = pd.DataFrame({"doc_id": ["000"]})
    calls = []
    for _ in range(2):
        cached_figure("99_off", table, lambda: calls.append(1) or _bars(table))
    assert len(calls) == 2


@pytest.mark.parametrize(
    "n_docs, per_page, expected",
    [
        (0, 3, []),
        (1, 3, [["d00"]]),
        (3, 3, [["d00", "d01", "d02"]]),
        (7, 3, [["d00", "d01", "d02"], ["d03", "d04", "d05"], ["d06"]]),
    ],
)
def test_paginate_puts_every_article_on_exactly_one_page(n_docs, per_page, expected):
    table = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(n_docs) for _ in range(2)]})
    pages = paginate(table, per_page)
    assert [sorted(p["doc_id"].unique()) for p in pages] == expected
    assert sum(len(p) for p in pages) == len(table)


@pytest.mark.parametrize("per_page", [0, -1, 2.5, True])
def test_paginate_rejects_a_page_size_that_is_not_a_positive_int(per_page):
    with pytest.raises(ValueError, match="per_page"):
        paginate(pd.DataFrame({"doc_id": ["a"]}), per_page)


@pytest.mark.parametrize(
    "page, pages, expected", [(1, 1, "02_top_terms"), (1, 3, "02_top_terms_p1"), (3, 3, "02_top_terms_p3")]
)
def test_page_names_keep_a_single_page_unnumbered(page, pages, expected):
    assert page_name("02_top_terms", page, pages) == expected


def test_figure_pages_draws_every_article_and_captions_each_page(figures, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    docs = [f"{i:03d}" for i in range(29)]
    table = pd.DataFrame({"doc_id": docs[:28]})  # 028 has nothing to draw
    items = figure_pages("99_pages", table, _bars, docs=docs, per_page=12)
    captions, saved = items[0::2], items[1::2]
    assert [s.path.name for s in saved] == ["99_pages_p1.png", "99_pages_p2.png", "99_pages_p3.png"]
    assert captions[0] == "*Page 1 of 3: articles 000 to 011, 12 of the 29 in the corpus.*"
    assert (
        captions[2].startswith("*Page 3 of 3: articles 024 to 027, 4 of the 29")
        and "nothing to draw: 028" in captions[2]
    )
    drawn = set().union(*(set(pd.read_csv(figures / f"99_pages_p{i}.csv", dtype=str)["doc_id"]) for i in (1, 2, 3)))
    assert drawn == set(docs[:28])
    assert len(pd.read_csv(figures / "99_pages.csv")) == 28


def test_figure_pages_on_an_empty_table_gives_the_sentence_not_a_figure(figures):
    items = figure_pages(
        "99_empty", pd.DataFrame(columns=["doc_id"]), _bars, docs=["000"], per_page=5, empty="No article states a date."
    )
    assert items == ["No article states a date."]
    assert not (figures / "99_empty.png").exists() and (figures / "99_empty.csv").is_file()


def test_heatmap_table_per_page_holds_only_that_pages_leading_terms():
    freqs = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "term": ["微信", "京东", "京东", "淘宝"],
            "count": [5, 1, 4, 3],
            "per_1k": [50.0, 10.0, 40.0, 30.0],
        }
    )
    whole = heatmap_table(freqs, 1)
    assert set(whole["term"]) == {"微信", "京东", "淘宝"}
    paged = heatmap_table(freqs, 1, per_page=2)
    assert set(paged[paged["doc_id"] == "c"]["term"]) == {"淘宝"}
    assert set(paged[paged["doc_id"].isin(["a", "b"])]["term"]) == {"微信", "京东"}


def _visible_xtick_labels(ax):
    return [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("n_docs", [4, 5, 7])
def test_top_terms_panels_above_a_gap_keep_their_x_tick_labels(n_docs):
    freqs = pd.DataFrame(
        {
            "doc_id": [f"{i:03d}" for i in range(n_docs) for _ in range(3)],
            "term": ["微信", "京东", "淘宝"] * n_docs,
            "per_1k": [30.0, 20.0, 10.0] * n_docs,
        }
    )
    fig = plot_top_terms(freqs, n=3, ncols=3)
    fig.canvas.draw()
    panels = [ax for ax in fig.axes if ax.get_visible()]
    for i, ax in enumerate(panels):
        below_empty = i + 3 >= n_docs
        assert bool(_visible_xtick_labels(ax)) == below_empty, (n_docs, i)
    plt.close(fig)


def test_tone_by_frame_net_labels_sit_right_of_the_bars_and_the_legend_is_outside_the_panels():
    table = pd.DataFrame(
        [
            {"doc_id": d, "frame": f, "n": 4, "positive": 3, "neutral": 0, "negative": 1, "net": 0.5, "mean_score": 0.3}
            for d in ("000", "001")
            for f in ("competition", "cooperation", "coopetition", "none", "all")
        ]
    )
    fig = plot_tone_by_frame(table)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        right = ax.get_window_extent(renderer).x1
        nets = [t for t in ax.texts if t.get_text().startswith("+")]
        assert nets and all(t.get_window_extent(renderer).x0 >= right for t in nets)
        assert ax.get_legend() is None
    assert fig.legends
    legend = fig.legends[0].get_window_extent(renderer)
    assert all(legend.y0 >= ax.get_window_extent(renderer).y1 for ax in fig.axes)
    plt.close(fig)


def _shares(counts):
    rows = []
    for doc_id, by_frame in counts.items():
        n = sum(by_frame.values())
        for frame in ("competition", "cooperation", "coopetition"):
            share = by_frame.get(frame, 0) / n if n else float("nan")
            rows.append(
                {
                    "doc_id": doc_id,
                    "frame": frame,
                    "n": by_frame.get(frame, 0),
                    "n_framing": n,
                    "share": share,
                    "low": share,
                    "high": share,
                }
            )
    return pd.DataFrame(rows)


def test_frame_shares_of_an_article_with_few_framing_sentences_are_words_not_a_full_bar():
    fig = plot_frame_shares(_shares({"000": {"competition": 6, "cooperation": 4}, "001": {"cooperation": 2}}))
    left = fig.axes[0]
    texts = [t.get_text() for t in left.texts]
    assert "too few to share out: 2 cooperation" in texts
    widths = sorted(round(p.get_width(), 2) for p in left.patches if p.get_width() > 0)
    assert widths == [0.4, 0.6]  # 000's two frames; no bar at all for 001
    plt.close(fig)


def test_actor_network_draws_one_line_per_frame_and_keeps_labels_inside_nodes():
    from coopetition.measures.network import actor_network

    sentences = pd.DataFrame(
        {
            "frame": ["competition", "cooperation", "cooperation", "none"],
            "actors": ["Alibaba、Tencent", "Alibaba、Tencent", "JD、Tencent", "JD、Tencent"],
        }
    )
    fig = plot_actor_network(actor_network(sentences))
    fig.canvas.draw()
    ax = fig.axes[0]
    drawn = [line for line in ax.lines if len(line.get_xdata())]
    assert len(drawn) == 3  # Alibaba–Tencent: competition + cooperation; JD–Tencent: cooperation
    renderer = fig.canvas.get_renderer()
    for text in ax.texts:
        box = text.get_bbox_patch().get_window_extent(renderer)
        inner = text.get_window_extent(renderer)
        assert box.x0 <= inner.x0 and inner.x1 <= box.x1 and box.y0 <= inner.y0 and inner.y1 <= box.y1
    plt.close(fig)


from coopetition.output.plotting import plot_confusion  # noqa: E402


def _confusion(axis, cells):
    return pd.DataFrame([(axis, g, p, n) for (g, p), n in cells.items()], columns=["axis", "gold", "predicted", "n"])


def _cell_texts(ax):
    return sorted(t.get_text() for t in ax.texts)


@pytest.mark.parametrize(
    "cells, expected_cells, expected_rows",
    [
        # 9 of 10 competition sentences agree (90% of the row), 1 of 2 none (50%): shading is the row share
        (
            {
                ("competition", "competition"): 9,
                ("competition", "none"): 1,
                ("none", "none"): 1,
                ("none", "competition"): 1,
            },
            ["1\n10%", "1\n50%", "1\n50%", "9\n90%"],
            ["competition (n=10)", "none (n=2)"],
        ),
        # a gold class the model never predicts still gets its row and column, in the frame order
        (
            {("coopetition", "none"): 3, ("cooperation", "cooperation"): 2},
            ["0\n0%", "0\n0%", "0\n0%", "0\n0%", "0\n0%", "0\n0%", "2\n100%", "3\n100%", "0\n0%"],
            ["cooperation (n=2)", "coopetition (n=3)", "none (n=0)"],
        ),
    ],
)
def test_confusion_cells_show_counts_and_row_shares(cells, expected_cells, expected_rows):
    fig = plot_confusion(_confusion("frame", cells))
    ax = fig.axes[0]
    assert _cell_texts(ax) == sorted(expected_cells)
    assert [t.get_text() for t in ax.get_yticklabels()] == expected_rows
    assert ax.images[0].get_array().max() <= 1.0
    plt.close(fig)


def test_confusion_draws_one_panel_per_axis_frame_first_and_renders_strictly():
    table = pd.concat(
        [
            _confusion("tone", {("negative", "negative"): 4, ("positive", "neutral"): 2}),
            _confusion("frame", {("competition", "competition"): 3, ("none", "cooperation"): 1}),
        ]
    )
    fig = plot_confusion(table, title="模型与人工编码")
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == ["frame: 3 of 4 agree", "tone: 4 of 6 agree"]
    _draw_strict(fig)
    plt.close(fig)


@pytest.mark.parametrize(
    "table, error, message",
    [
        (None, TypeError, "table must be a pandas DataFrame, not NoneType"),
        (pd.DataFrame({"gold": ["none"], "predicted": ["none"], "n": [1]}), ValueError, "lacks column"),
        (pd.DataFrame(columns=["axis", "gold", "predicted", "n"]), ValueError, "empty"),
    ],
)
def test_confusion_rejects_bad_tables_with_a_clear_error(table, error, message):
    with pytest.raises(error, match=message):
        plot_confusion(table)


@pytest.mark.parametrize("n_docs", [2, 5, 12, 24])
def test_the_title_of_a_grid_of_articles_never_covers_a_panel_title(n_docs):
    rows = [
        {"doc_id": f"{d:03d}", "term": f"词语{t}", "count": 10 - t, "per_1k": 20.0 - t}
        for d in range(n_docs)
        for t in range(10)
    ]
    fig = plot_top_terms(pd.DataFrame(rows), n=10)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    panels = [ax.title.get_window_extent(renderer) for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert len(panels) == n_docs
    assert all(title.y0 >= panel.y1 for panel in panels)  # above every panel title, in display units
    plt.close(fig)


def test_figure_pages_draws_at_most_max_docs_and_says_which_n_of_m(figures, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    docs = [f"{i:04d}" for i in range(130)]
    table = pd.DataFrame({"doc_id": docs})
    items = figure_pages("99_capped", table, _bars, docs=docs, per_page=20, max_docs=50)
    assert items[0] == (
        "*Drawn for the first 50 of the 130 articles with a row, in doc_id order (`max_docs`); "
        "the table `99_capped.csv` keeps every article.*"
    )
    saved = [i for i in items if isinstance(i, SavedFigure)]
    assert [s.path.name for s in saved] == ["99_capped_p1.png", "99_capped_p2.png", "99_capped_p3.png"]
    drawn = set().union(*(set(pd.read_csv(s.path.with_suffix(".csv"), dtype=str)["doc_id"]) for s in saved))
    assert drawn == set(docs[:50])
    assert len(pd.read_csv(figures / "99_capped.csv")) == 130  # the table keeps every article
    with pytest.raises(ValueError, match="max_docs must be a positive int"):
        figure_pages("99_capped", table, _bars, docs=docs, per_page=20, max_docs=0)


def test_a_full_page_of_the_tallest_per_article_figure_stays_under_4000_pixels(figures):
    """Notebook 02 draws 12 articles a page, 10 terms each: the page is a sane size, not 1907×9917 px."""
    from PIL import Image

    from coopetition.output.plotting import plot_top_terms

    rows = [(f"{d:03d}", f"词语{t}", 10 - t, float(10 - t)) for d in range(12) for t in range(10)]
    freqs = pd.DataFrame(rows, columns=["doc_id", "term", "count", "per_1k"])
    fig = plot_top_terms(freqs, n=10)
    path = save_figure(fig, "99_tall", directory=figures)
    plt.close(fig)
    width, height = Image.open(path).size
    assert height <= 4000 and width <= 4000, (width, height)


def test_frames_over_time_draws_no_share_for_an_article_below_the_minimum(corpus):
    """Two framing sentences are not a 100% share with a zero-width interval: the slot says 'too few'."""
    from coopetition.output.plotting import plot_frames_over_time

    rows = []
    for doc_id, n, counts in (("thin", 2, {"competition": 2}), ("full", 10, {"competition": 6, "cooperation": 4})):
        for frame in ("competition", "coopetition", "cooperation"):
            share = counts.get(frame, 0) / n
            rows.append((doc_id, frame, counts.get(frame, 0), n, share, share, share))
    shares = pd.DataFrame(rows, columns=["doc_id", "frame", "n", "n_framing", "share", "low", "high"])
    dates = pd.DataFrame({"doc_id": ["thin", "full"], "date": ["2024-01-02", "2024-03-04"]})
    fig = plot_frames_over_time(shares, dates)
    ax = fig.axes[0]
    competition = ax.containers[0].lines[0].get_ydata()
    assert pd.isna(competition[0]) and competition[1] == pytest.approx(0.6)  # thin first (earlier), then full
    assert any("n=2" in t.get_text() and "too few" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_csv_floats_are_written_at_a_fixed_precision(figures):
    from coopetition.output.plotting import write_table

    path = write_table(pd.DataFrame({"x": [0.1 + 0.2, 1 / 3, 2.0]}), "99_floats")
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["x", "0.3", "0.3333333333", "2"]


def test_a_long_table_is_shown_in_part_with_a_link_to_its_csv(figures, monkeypatch, tmp_path, capsys):
    from coopetition.output.plotting import table_page, write_table

    table = pd.DataFrame({"doc_id": [f"{i:04d}" for i in range(250)], "n": range(250)})
    write_table(table, "99_long")
    monkeypatch.setenv("COOPETITION_REPORT_DIR", str(figures.parent))
    shown = table_page(table, "99_long")
    assert len(shown) == 200 and list(shown.columns) == ["doc_id", "n"]
    note = capsys.readouterr().out
    assert f"every row is in [99_long.csv]({figures.name}/99_long.csv)" in note
    assert table_page(table.head(5), "99_long") is not None and len(table_page(table.head(5), "99_long")) == 5


def test_a_dollar_sign_in_a_name_is_drawn_as_text_not_mathtext():
    fig, ax = plt.subplots()
    ax.set_title("$\\frac{a}{$ 财经")  # invalid mathtext: would raise on draw if parsed
    _draw_strict(fig)
    plt.close(fig)


def test_an_articles_cloud_and_its_panel_share_one_layout(monkeypatch, tmp_path):
    """Notebook 02 draws each article's cloud and then the panels: the panel reuses the layout, never lays out again."""
    from wordcloud import WordCloud

    from coopetition.output.plotting import WORDCLOUD_WORDS, plot_wordcloud, plot_wordclouds

    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path))
    terms = ["微信", "京东", "竞合", "拼多多", "淘宝", "美团", "抖音", "快手", "合作", "竞争"] * 8
    freqs = pd.DataFrame({"doc_id": "000", "term": [f"{t}{i}" for i, t in enumerate(terms)], "count": range(80, 0, -1)})
    calls = []
    real = WordCloud.generate_from_frequencies
    monkeypatch.setattr(
        WordCloud, "generate_from_frequencies", lambda self, *a, **k: calls.append(self) or real(self, *a, **k)
    )
    plt.close(plot_wordcloud(dict(zip(freqs["term"], freqs["count"]))))
    plt.close(plot_wordclouds(freqs))
    assert len({id(c) for c in calls}) == 1  # one WordCloud laid out (it calls itself once to size its font)
    assert len(list(tmp_path.rglob("*.json"))) == 1  # one cached layout
    assert calls[0].max_words == WORDCLOUD_WORDS <= 50 and calls[0].width * calls[0].height <= 500 * 300

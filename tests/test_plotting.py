"""Figures render Chinese with the packaged font and save reproducibly."""

import hashlib
import io
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.ft2font import FT2Font

from coopetition import save_figure, term_frequencies
from coopetition.plotting import (
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
from coopetition.actors import actor_mentions
from coopetition.stats import keyness


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

    from coopetition.plotting import _wordcloud_image

    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path))
    weights = {"微信": 40, "京东": 30, "竞合": 12, "拼多多": 8, "淘宝": 20}
    first = _wordcloud_image(weights, seed=42, width=300, height=200)

    def fail(self, *args, **kwargs):
        raise AssertionError("laid out again although cached")

    monkeypatch.setattr(WordCloud, "generate_from_frequencies", fail)
    second = _wordcloud_image(weights, seed=42, width=300, height=200)
    assert (first == second).all()
    assert len(list(tmp_path.rglob("*.json"))) == 1

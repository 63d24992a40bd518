"""The comparable-numbers figure: levels and changes apart, one unit per panel, readable ticks."""

import io
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from coopetition.measures.quantities import quantity_table
from coopetition.output.plotting import DPI, _compact, plot_quantities

ARTICLES = {
    "a": "甲公司全年营收3000亿元,同比增长12%;净利润为80亿元,同比下降5%。海外收入为50亿美元,研发投入12亿美元。股价收于153.1港元,每股派息3.40港元,市值一天缩水784亿港元。",
    "b": "乙平台GMV超过1.2万亿元,较去年增长30%。月活用户达7亿,日活3.8亿。佣金率在2%-5%之间,毛利率提升3个百分点。",
    "c": "丙公司营收约9000万元,亏损扩大至2亿元,用户数下降20%。商家数量为12万家,是对手的2倍。",
}


@pytest.fixture(scope="module")
def table():
    corpus = pd.DataFrame({"doc_id": list(ARTICLES), "date": "", "text": list(ARTICLES.values())})
    return quantity_table(corpus)


def _panels(fig):
    return [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]


def _draw(fig):
    """Render and fail on any warning (a missing CJK glyph warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png", dpi=DPI)


def test_levels_and_changes_are_separate_panels_and_changes_are_signed(table):
    fig = plot_quantities(table)
    titles = [ax.get_title() for ax in _panels(fig)]
    assert any("changes" in t for t in titles) and any("levels" in t for t in titles)
    for ax in _panels(fig):
        widths = [patch.get_width() for patch in ax.patches]
        if "changes" in ax.get_title():
            assert any(w < 0 for w in widths) or all(w > 0 for w in widths)
        else:
            assert all(w >= 0 for w in widths), ax.get_title()
    percent_changes = next(ax for ax in _panels(fig) if ax.get_title().startswith("Percentages · % · changes"))
    assert sorted(p.get_width() for p in percent_changes.patches) == [-20.0, -5.0, 12.0, 30.0]
    plt.close(fig)


def test_one_unit_per_panel_and_currencies_never_share_an_axis(table):
    fig = plot_quantities(table, max_panels=20)
    money = [ax.get_title() for ax in _panels(fig) if ax.get_title().startswith("Money")]
    units = [t.split(" · ")[1] for t in money]
    assert sorted(set(units)) == ["CNY", "HKD", "USD"]
    for ax in _panels(fig):  # what a panel draws is what its title says
        assert len(ax.patches) == int(ax.get_title().split(" of ")[1])
    plt.close(fig)


def test_top_n_is_stated_and_the_width_is_sensible(table):
    fig = plot_quantities(table, top=2)
    width, _ = fig.get_size_inches()
    assert width * DPI <= 1800
    for ax in _panels(fig):
        shown, of = ax.get_title().split("top ")[1].split(" of ")
        assert int(shown) == len(ax.get_yticks()) <= 2 <= int(of) or int(shown) == int(of)
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "CSV" in caption and "Top N" in caption
    plt.close(fig)


def test_tick_labels_read_in_wan_and_yi_never_in_exponents(table):
    fig = plot_quantities(table, max_panels=20)
    fig.canvas.draw()
    labels = [t.get_text() for ax in _panels(fig) for t in ax.get_xticklabels()]
    assert labels and not any("e+" in label or "1e" in label for label in labels)
    assert any("亿" in label for label in labels)
    _draw(fig)
    plt.close(fig)


def test_no_figures_gives_an_empty_figure_not_an_error():
    fig = plot_quantities(quantity_table(pd.DataFrame({"doc_id": ["x"], "date": [""], "text": ["没有数字。"]})))
    assert "No comparable figures" in fig.axes[0].texts[0].get_text()
    plt.close(fig)


@pytest.mark.parametrize(
    ("value", "unit", "signed", "text"),
    [
        (6.09e11, "CNY", False, "6090亿"),
        (1.2e12, "users", False, "1.2万亿"),
        (35000.0, "count", False, "3.5万"),
        (180.0, "CNY", False, "180"),
        (12.0, "%", True, "+12%"),
        (-5.0, "%", True, "−5%"),
        (3.0, "pp", False, "3 pp"),
        (2.0, "x", False, "2×"),
        (1e16, "CNY", False, "10,000万亿"),
        (1e11, "%", False, "100,000,000,000%"),
        (float("nan"), "CNY", False, ""),
    ],
)
def test_compact_numbers(value, unit, signed, text):
    assert _compact(value, unit, signed=signed) == text

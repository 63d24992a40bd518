"""Round 5 of the furniture classifier: constructed training pages and the reduced rule files."""

import json
import re

import numpy as np
import pytest

from coopetition import paths
from coopetition.model.furniture_augment import (
    WHERES,
    constructed_carriers,
    constructed_pages,
    furniture_kinds,
    page_rows,
)
from coopetition.model.furniture_round5 import RULE_COLUMNS, WORD_COLUMNS, _columns, reduced_data, summary

#: two carriers written for this test, in the patterns of real business news
CARRIERS = [
    (
        "a",
        [
            "美团外卖佣金下调 商家每单成本降低约两成",
            "据悉,美团外卖本周起在全国范围内下调中小商家的基础佣金比例,调整后平均降幅约为两成。",
            "美团方面表示,此次调整将惠及超过一百万家中小商户,预计全年为商家节省成本数十亿元。",
            "分析人士认为,这一举措与抖音、饿了么在本地生活领域的竞争加剧有关。",
            "截至发稿,饿了么尚未对此作出回应。",
        ],
    ),
    (
        "b",
        [
            "拼多多旗下Temu第三季度GMV环比增长三成",
            "拼多多发布的财报显示,公司第三季度营收同比增长44%,其中跨境电商平台Temu贡献显著。",
            "多位券商分析师指出,Temu在欧美市场的扩张仍在持续,但面临的监管压力也在上升。",
            "拼多多管理层在电话会上表示,将继续加大对商家的扶持力度。",
        ],
    ),
]


def test_the_shipped_constructed_furniture_file_names_a_place_for_every_kind():
    kinds = furniture_kinds()
    assert {"menu", "credit", "share", "notice", "related"} <= set(kinds)
    assert all(where in WHERES and lines for where, lines in kinds.values())
    # written from general knowledge: both scripts are there
    every = "".join(line for _, lines in kinds.values() for line in lines)
    assert "責任" in every or "網站" in every
    assert "责任编辑" in every


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[menu\nwhere = 'top'", "not valid TOML"),
        ("[menu]\nlines = ['首页 | 新闻']", "needs where"),
        ("[menu]\nwhere = 'middle'\nlines = ['首页 | 新闻']", "needs where"),
        ("[menu]\nwhere = 'top'\nlines = []", "non-empty lines"),
        ("", "no kind"),
    ],
)
def test_a_bad_constructed_file_is_named_with_the_reason(text, reason):
    with pytest.raises(ValueError, match=rf"furniture_constructed\.toml.*{reason}"):
        furniture_kinds(text)


def test_constructed_pages_label_the_injected_lines_and_keep_the_carrier_whole():
    pages = constructed_pages(CARRIERS, seed=3)
    for page, (_, carrier) in zip(pages, CARRIERS):
        content = [line for line, furniture in zip(page.lines, page.furniture) if not furniture]
        assert content == carrier  # every carrier line, in order, labelled content
        assert sum(page.furniture) >= 1  # at least one group after the body
        assert page.furniture[-1]  # the page ends on furniture
        assert not any("{" in line for line in page.lines)  # every placeholder filled
    # the headline stands after the top furniture and before the head furniture
    first_content = pages[0].furniture.index(False)
    assert pages[0].lines[first_content] == CARRIERS[0][1][0]


def test_constructed_pages_are_the_same_for_a_seed_and_differ_across_seeds():
    one, again = constructed_pages(CARRIERS, seed=1), constructed_pages(CARRIERS, seed=1)
    assert [p.lines for p in one] == [p.lines for p in again]
    others = [constructed_pages(CARRIERS, seed=s) for s in range(2, 8)]
    assert any([p.lines for p in other] != [p.lines for p in one] for other in others)


def test_edges_keeps_only_the_ends_of_a_long_body():
    pages = constructed_pages(CARRIERS, seed=0, edges=1)
    content = [line for line, furniture in zip(pages[0].lines, pages[0].furniture) if not furniture]
    body = CARRIERS[0][1][1:]
    assert content == [CARRIERS[0][1][0], body[0], body[-1]]


def test_a_related_header_brings_other_carriers_headlines_as_furniture():
    kinds = {"related": ("bottom", ["相关阅读"])}
    page = constructed_pages(CARRIERS, seed=0, kinds=kinds)[0]
    at = page.lines.index("相关阅读")
    after = page.lines[at + 1 : at + 3]
    assert all(line in {CARRIERS[0][1][0], CARRIERS[1][1][0]} for line in after)
    assert all(page.furniture[at : at + 3])


def test_page_rows_gives_one_labelled_row_per_line_as_the_chain_sees_it():
    pages = constructed_pages(CARRIERS, seed=2)
    x, y, lines = page_rows(pages)
    assert x.shape[0] == len(y) == sum(len(page) for page in lines)
    assert y.sum() == sum(sum(p.furniture) for p in pages)
    # full-width punctuation folded as the chain folds it
    assert not any("：" in line for page in lines for line in page)
    assert any(":" in line for page in lines for line in page)


def test_the_constructed_carriers_are_the_project_s_constructed_articles():
    carriers = constructed_carriers()
    assert len(carriers) == 30
    assert all(len(lines) > 5 for _, lines in carriers)


def test_the_reduced_rule_files_drop_the_late_entries_and_still_load(tmp_path):
    reduced_data(tmp_path)
    words = (tmp_path / "furniture_words.toml").read_text(encoding="utf-8")
    assert "责任编辑" not in words.split("[one_line]")[0].split("\n", 12)[-1]
    assert "quote = '((?!))'" in words
    boiler = (tmp_path / "boilerplate.toml").read_text(encoding="utf-8")
    shipped = (paths.project_root() / "src" / "coopetition" / "data" / "boilerplate.toml").read_text(encoding="utf-8")
    assert len(shipped.split("\n")) - len(boiler.split("\n")) == 2
    assert "北京时间" not in re.sub(r"#.*", "", boiler)


def test_zeroed_columns_name_each_column_and_its_neighbours_copies():
    from coopetition.text.furniture import MODEL_FEATURES

    names = [MODEL_FEATURES[i] for i in _columns(RULE_COLUMNS + WORD_COLUMNS)]
    assert "rule_line" in names and "prev:rule_line" in names and "next:nav_words" in names
    assert len(names) == 3 * len(RULE_COLUMNS + WORD_COLUMNS)
    assert "repeated" not in names


def test_summary_picks_the_lowest_threshold_that_keeps_the_content():
    by = {
        0.4: {"furniture_removed": 0.8, "content_kept": 0.98},
        0.41: {"furniture_removed": 0.78, "content_kept": 0.991},
        0.42: {"furniture_removed": 0.7, "content_kept": 0.995},
    }
    out = summary(by, 0.42)
    assert out["operating_point"] == 0.41 and out["reached"]
    assert out["at_shipped_threshold"]["furniture_removed"] == 0.7
    assert not summary({0.4: by[0.4]}, 0.4)["reached"]


def test_the_cv_report_holds_every_round5_variant():
    report = json.loads(
        (paths.project_root() / "src" / "coopetition" / "data" / "furniture_cv.json").read_text(encoding="utf-8")
    )
    variants = report["round5"]["variants"]
    base = variants["round 4 model (every column on, shipped)"]
    assert base["at_shipped_threshold"] == report["chosen"]["end_to_end_cv"]
    assert all("minus_base_interval_95" in result for result in variants.values() if result is not base)
    for name, result in variants.items():
        point = result["at_operating_point"]
        assert 0 <= point["furniture_removed"] <= 1 and 0 <= point["content_kept"] <= 1, name
        if result["reached"]:
            assert point["content_kept"] >= report["min_chain_content_kept"], name
        assert result["by_threshold"][f"{result['operating_point']:.2f}"] == point, name


def test_bootstrap_intervals_hold_the_pooled_value_and_a_page_for_page_copy_differs_by_nothing():
    from coopetition.model.furniture_round5 import bootstrap

    pages = {
        g: {
            "furniture": 3,
            "furniture_removed": g % 4,
            "content": 10,
            "content_kept": 10 - (g % 2),
            "mixed": 0,
            "mixed_kept": 0,
        }
        for g in range(40)
    }
    low, high = bootstrap(pages, draws=300)["furniture_removed"]
    pooled_removed = sum(c["furniture_removed"] for c in pages.values()) / 120
    assert low < pooled_removed < high
    assert bootstrap(pages, pages, draws=50) == {"furniture_removed": [0.0, 0.0], "content_kept": [0.0, 0.0]}
    worse = {g: {**c, "furniture_removed": max(c["furniture_removed"] - 1, 0)} for g, c in pages.items()}
    low, high = bootstrap(worse, pages, draws=300)["furniture_removed"]
    assert high < 0


def test_the_placeholder_values_are_read_from_the_data_file_and_a_gap_is_named():
    from coopetition.model.furniture_augment import placeholder_values

    values = placeholder_values()
    assert all(len(values[key]) >= 5 for key in ("name", "site", "city"))
    with pytest.raises(ValueError, match=r"furniture_constructed\.toml.*\[placeholders\] needs"):
        placeholder_values("[placeholders]\nname = ['王晓明']\nsite = []\ncity = ['北京']")
    with pytest.raises(ValueError, match=r"furniture_constructed\.toml.*\[placeholders\] needs"):
        placeholder_values("[menu]\nwhere = 'top'\nlines = ['首页']")
    # the filled pages use only those values
    page = constructed_pages(CARRIERS, seed=4, kinds={"credit": ("head", ["记者 {name} {city}报道"])})[0]
    credit = page.lines[page.furniture.index(True)]
    assert any(name in credit for name in values["name"]) and any(city in credit for city in values["city"])


def test_retraining_keeps_the_round5_entry_of_the_cv_report(tmp_path, monkeypatch):
    from coopetition.model import furniture_train as ft

    (tmp_path / ft.CV_FILE).write_text(
        json.dumps({"chosen": {"model": "old"}, "round5": {"variants": {"a": 1}}, "stale": 1}), encoding="utf-8"
    )
    report = {"models": {}, "chosen": {"model": "new", "end_to_end_cv": {}}}
    monkeypatch.setattr(ft, "train", lambda shared: ({"coef": np.zeros(2)}, dict(report)))
    assert ft.main(["--out", str(tmp_path)]) == 0
    written = json.loads((tmp_path / ft.CV_FILE).read_text(encoding="utf-8"))
    assert written["chosen"]["model"] == "new" and written["round5"] == {"variants": {"a": 1}}
    assert "stale" not in written  # only furniture_round5's entry is carried over


def test_an_all_carriers_variant_without_the_external_articles_is_refused(tmp_path):
    """Without ../shared/external the 'all carriers' rows would silently be the constructed-carriers ones."""
    from coopetition.model.furniture_round5 import _augment_rows

    with pytest.raises(FileNotFoundError, match="external articles"):
        _augment_rows("all", 1, shared=tmp_path)
    x, y, _ = _augment_rows("constructed", 1, shared=tmp_path)  # needs no shared folder
    assert len(x) == len(y) > 0


def test_an_unknown_variant_name_is_named():
    from coopetition.model.furniture_round5 import VARIANTS, run

    with pytest.raises(ValueError, match="no variant named 'no such variant'"):
        run(["no such variant"], VARIANTS)


def test_only_prints_the_variants_it_ran(monkeypatch, capsys):
    from coopetition.model import furniture_round5

    monkeypatch.setattr(
        furniture_round5,
        "run",
        lambda names, variants, shared=None: {n: {"pages_at_operating_point": {}, "x": 1} for n in names},
    )
    assert furniture_round5.main(["--only", "no rule columns"]) == 0
    assert json.loads(capsys.readouterr().out) == {"no rule columns": {"x": 1}}
    with pytest.raises(SystemExit):
        furniture_round5.main(["--only"])

"""The error analysis's sentence properties (benchmarks/label_errors.py), read on sentences written for this test."""

import pytest
from _bench import load_benchmark

from coopetition import paths

ROOT = paths.project_root()


@pytest.fixture(scope="module")
def errors():
    module = load_benchmark("label_errors")
    return module


def test_properties_read_firms_cues_figures_and_reported_speech(errors):
    table = errors.properties(
        [
            "美团表示,本季度外卖订单同比增长两成。",  # one firm, reported, no figure in digits
            "京东与阿里巴巴在下沉市场展开激烈竞争。",  # two firms and a live competition cue
            "數據顯示,２０２４年拼多多的市場份額升至23.6%。",  # traditional script, full-width digits
            "平台经济的规模持续扩大。",  # no firm named, no frame cue
        ]
    )
    assert table["actors"].tolist() == ["1", "2+", "1", "0"]
    assert table["reported"].tolist() == [True, False, True, False]
    assert table["figures"].tolist() == [False, False, True, False]
    assert "competition" in table.loc[1, "live"].split(",") and not table.loc[3, "any_cue"]
    assert table.loc[0, "tone_cue"] in {"positive", "both"}


def test_the_reporting_words_are_data_not_code(errors):
    words = errors.reporting_words()
    assert "表示" in words and "数据显示" in words and len(words) == len(set(words))


def test_the_test_half_is_refused(errors):
    with pytest.raises(SystemExit):
        errors.main(["--half", "test"])

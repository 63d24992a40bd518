"""Round 5 of issue 22: the headline right below page furniture, and ``X讯`` credits that are words, not credits."""

from __future__ import annotations

import pytest

from coopetition.reading.metadata import find_outlet, find_title, metadata_rules, read_head
from coopetition.reading.metadata.credits import _credits
from coopetition.reading.metadata.outlet_model import outlet_candidates
from coopetition.reading.metadata.rules import known_outlets
from coopetition.reading.metadata.title import TITLE_FEATURES, title_candidates

LEDE = (
    "在刚刚过去的一百天里,两家音乐平台围绕独家版权展开了激烈竞争,双方投入的费用都超过了十亿元。"
    "业内人士认为,这场竞争还远没有结束。"
)


def _after_furniture(text: str) -> dict[str, float]:
    head, tail = read_head(text)
    at = TITLE_FEATURES.index("after_furniture")
    return {c.text: c.features[at] for c in title_candidates(head, tail)}


# --- the headline a CMS prints right under its breadcrumb ---


def test_the_line_under_a_breadcrumb_is_marked_and_the_breadcrumb_itself_is_not():
    marks = _after_furniture("您的位置:首页 > 演出资讯 > 歌剧话剧\n音乐平台的寡头竞争与新机遇\n" + LEDE)
    assert marks["音乐平台的寡头竞争与新机遇"] == 1.0
    assert marks["您的位置:首页 > 演出资讯 > 歌剧话剧"] == 0.0  # the first line has nothing above it
    # a headline under another headline-like line, no furniture above: not marked
    marks = _after_furniture("音乐平台的寡头竞争与新机遇\n版权大战的第一百天\n" + LEDE)
    assert marks["版权大战的第一百天"] == 0.0


@pytest.mark.parametrize(
    "head",
    [
        "您的位置:首页 > 演出资讯 > 歌剧话剧\n音乐平台的寡头竞争与新机遇",
        "当前位置:首页 > 资讯 > 行业动态\n音乐平台的寡头竞争与新机遇",
        "首页 > 财经 > 正文\n音乐平台的寡头竞争与新机遇\n发布时间:2025-09-29 11:58:35  浏览量:1",
    ],
)
def test_a_headline_under_a_breadcrumb_is_taken_even_when_it_names_no_platform(head):
    assert find_title(head + "\n" + LEDE) == "音乐平台的寡头竞争与新机遇"


@pytest.mark.parametrize(
    "below",
    ["更多", "相关阅读", "分享到:", "返回顶部"],  # menu words and prompts under a breadcrumb: no headline
)
def test_a_menu_word_under_a_breadcrumb_is_no_headline(below):
    assert find_title(f"当前位置:首页 > 科技 > 正文\n{below}\n" + LEDE) == ""


# --- "X讯": a 讯 that ends a word (腾讯, 资讯, 通讯) is no credit mark ---


def _credited_names(text: str) -> list[str]:
    head, tail = read_head(text)
    return [c.name for c in _credits(head, tail, metadata_rules())]


def _candidate_names(text: str) -> set[str]:
    head, tail = read_head(text)
    rules = metadata_rules()
    return {c.text for c in outlet_candidates(head, tail, rules, known_outlets(), _credits(head, tail, rules))}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # a sentence opening with the subject, 腾讯 then a year: read as "他还翻出腾" + 讯 before
        ("抖音起诉腾讯垄断\n他还翻出腾讯2021年和2018年发布的调研报告,指出腾讯一直论证短视频的影响。", "他还翻出腾"),
        ("抖音起诉腾讯垄断\n随后腾讯2024年第三季度财报显示,游戏收入同比增长。", "随后腾"),
        # a section label glued to its date: read as "热点资" + 讯 before
        ("热点资讯2023-01-12 14:24:08 某某百科\n抖音起诉腾讯垄断\n" + LEDE, "热点资"),
        ("移动通讯2024年回顾\n抖音起诉腾讯垄断\n" + LEDE, "移动通"),
        # the other words of outlet.xun_words: a column label or a sentence, glued to a date
        ("抖音起诉腾讯垄断\n最新简讯 3月20日,某平台宣布下调商家佣金。" + LEDE, "最新简"),
        ("抖音起诉腾讯垄断\n公司喜讯2023年,集团营收首次突破千亿元。" + LEDE, "公司喜"),
        ("抖音起诉腾讯垄断\n行业短讯 5月8日,多家快递公司上调派费。" + LEDE, "行业短"),
        ("抖音起诉腾讯垄断\n他的死讯3月传出后,公司股价大跌。" + LEDE, "他的死"),
    ],
)
def test_a_word_ending_in_xun_is_no_credit_and_no_outlet_candidate(text, fragment):
    assert fragment not in _credited_names(text)
    assert fragment not in _candidate_names(text)
    assert find_outlet(text) != fragment


def test_the_words_ending_in_xun_are_data_and_a_bad_one_is_named():
    from coopetition._data import read_text
    from coopetition.reading.metadata.rules import load_metadata_rules

    source = read_text("metadata.toml")
    assert '"简讯"' in source and '"快讯"' not in source.split("xun_words = [", 1)[1].split("]", 1)[0]
    with pytest.raises(ValueError, match=r"outlet.xun_words: '快报' is not a word ending in 讯"):
        load_metadata_rules(source.replace('"腾讯", "资讯"', '"腾讯", "快报", "资讯"', 1))
    # a word taken out of the list is a credit mark again: the list, not the code, decides
    rules = load_metadata_rules(source.replace('"简讯", ', "", 1))
    assert any(p.search("最新简讯 3月20日,") for p in rules.outlet_guarded)


@pytest.mark.parametrize(
    ("lede", "outlet"),
    [
        ("钛快讯 3月2日消息,", "钛快讯"),  # a name that ends in 快讯 is still read
        ("青柠Pro讯 3月2日,", "青柠Pro"),
        ("青柠资讯讯 3月2日,", "青柠资讯"),  # 资讯 then the credit's 讯: the name keeps its 资讯
        ("新华每日电讯 3月2日消息,", "新华每日电讯"),  # a known outlet whose name ends in 电讯
    ],
)
def test_an_xun_credit_opening_the_lede_is_still_read(lede, outlet):
    text = "抖音起诉腾讯垄断\n" + lede + LEDE
    assert outlet in _credited_names(text)
    assert find_outlet(text) == outlet


# --- the fitting scripts: the error kinds, the abstention's features, the written threshold ---


def test_an_outlet_error_is_told_by_kind():
    from _bench import load_benchmark

    fit = load_benchmark("fit_outlet_model")
    none_page = {"gold": {"outlet": "", "site": "青柠观察网"}}
    credited = {"gold": {"outlet": "青柠财经", "site": ""}}
    assert fit.error_kind(none_page, "") == "right"
    assert fit.error_kind(none_page, "青柠观察网") == "right"  # the page's own site, where it credits none
    assert fit.error_kind(none_page, "热点资讯") == "false_outlet"
    assert fit.error_kind(credited, "") == "miss"
    assert fit.error_kind(credited, "青柠日报") == "wrong_name"
    assert fit.error_kind(credited, "青柠财经") == "right"
    table = fit.error_table(
        [none_page, credited, credited], ["热点资讯", "", "青柠财经"], ["logo_line", "none", "head_credit"]
    )
    assert table == {"head_credit": {"right": 1}, "logo_line": {"false_outlet": 1}, "none": {"miss": 1}}


def test_the_abstentions_features_read_the_proposal_against_the_other_names():
    from _bench import load_benchmark

    from coopetition.reading.metadata.outlet_model import OUTLET_FEATURES, OutletCandidate

    fit = load_benchmark("fit_outlet_model")
    row = [0.0] * len(OUTLET_FEATURES)
    row[OUTLET_FEATURES.index("credit_label")] = 1.0
    cands = [
        OutletCandidate("青柠财经", tuple(row), "head_credit"),
        OutletCandidate("青柠财经", tuple([0.0] * len(OUTLET_FEATURES)), "title_suffix"),
        OutletCandidate("热点资讯", tuple([0.0] * len(OUTLET_FEATURES)), "logo_line"),
    ]
    features = dict(zip(fit.ABSTAIN_FEATURES, fit.abstain_features(0, cands, [0.6, 0.3, 0.2])))
    assert features["score"] == 0.6 and features["margin"] == pytest.approx(0.4)  # over the best *other* name
    assert features["kind_head_credit"] == 1.0 and features["kind_logo"] == 0.0
    assert features["credit_label"] == 1.0
    assert features["site_place"] == 1.0  # the name also stands as the title's site suffix
    alone = dict(zip(fit.ABSTAIN_FEATURES, fit.abstain_features(2, cands, [0.6, 0.3, 0.2])))
    assert alone["kind_logo"] == 1.0 and alone["margin"] == pytest.approx(-0.4) and alone["site_place"] == 1.0


def test_a_fitted_threshold_is_written_rounded_down(tmp_path):
    from _bench import load_benchmark
    from sklearn.linear_model import LogisticRegression

    from coopetition.reading.metadata.linear import load_linear_model

    fit = load_benchmark("fit_title_model")
    X = [[0.0], [1.0], [0.2], [0.9]]
    model = LogisticRegression().fit(X, [0, 1, 0, 1])
    cv = {"weights_by_size": fit.weights_by_size(model, ("f",))}
    out = tmp_path / "model.toml"
    # 0.25249999 rounds to 0.2525 at the nearest: above the page it was set at; written down, 0.2524
    fit.write_fit(cv, model, 0.25249999, ("f",), ["# test"], summary="", cv_path=tmp_path / "cv.json", model_path=out)
    assert load_linear_model(out.read_text(encoding="utf-8"), ("f",), where="t", what="t").threshold == 0.2524

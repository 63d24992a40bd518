"""Quantities: real seed sentences, sentences written for the tests, and every trap."""

import math

import pytest

from coopetition import extract_quantities
from coopetition.quantities import QUANTITY_COLUMNS, quantity_table


def one(text, **expected):
    table = extract_quantities(text)
    assert len(table) == 1, table[["span", "value", "unit"]].to_string()
    row = table.iloc[0]
    for key, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(row[key]), key
        else:
            assert row[key] == value, (key, row[key])
    return row


@pytest.mark.parametrize(
    ("text", "value", "value_max", "unit", "qualifier"),
    [
        # seed sentences
        ("京东为该入口支付的年费用估计在80-100亿元", 8e9, 1e10, "CNY", "about"),
        ("2023年视频号带货GMV超3000亿元", 3e11, math.nan, "CNY", "at least"),
        ("广告业务的CPM(千次展示成本)达到180元", 180.0, math.nan, "CNY", "at least"),
        ("而给京东的入口流量折算CPM不足50元", 50.0, math.nan, "CNY", "below"),
        ("视频号电商的转化率同期增长200%", 200.0, math.nan, "%", ""),
        ("2024年财报显示其自有APP用户时长已超过微信入口3倍", 3.0, math.nan, "x", "at least"),
        ("13.85亿月活用户、强社交关系链", 1.385e9, math.nan, "users", ""),
        ("最终单场GMV突破百万", 1e6, math.nan, "count", "at least"),
        ("当下,中国移动互联网用户规模已达12亿", 1.2e9, math.nan, "users", "at least"),
        ("而淘宝有着数万亿级的交易规模", 1e12, math.nan, "count", "at least"),
        ("2022年1月,百度联合美团、小红书等十余家企业开启互联互通", 10.0, math.nan, "firms", "at least"),
        # written for the tests
        ("公司营收约3.5万亿元", 3.5e12, math.nan, "CNY", "about"),
        ("净利润不足二十亿元", 2e9, math.nan, "CNY", "below"),
        ("员工逾两万人", 2e4, math.nan, "users", "at least"),
        ("同比增长百分之二十五", 25.0, math.nan, "%", ""),
        ("市场份额提升3个百分点左右", 3.0, math.nan, "pp", "about"),
        ("GMV达到5000万美元", 5e7, math.nan, "USD", "at least"),
        ("覆盖上万家商户", 1e4, math.nan, "firms", "at least"),
        ("佣金率在10%~20%之间", 10.0, 20.0, "%", ""),
        ("日活用户3000多万", 3e7, math.nan, "users", "at least"),
    ],
)
def test_values_units_and_qualifiers(text, value, value_max, unit, qualifier):
    one(text, value=value, value_max=value_max, unit=unit, qualifier=qualifier)


def test_subject_actor_and_year_from_the_sentence():
    table = extract_quantities("(1)腾讯内部数据显示,微信购物入口的点击转化率在过去三年下降超过40%")
    percent = table[table["unit"] == "%"].iloc[0]
    assert percent["subject"] == "微信购物入口的点击转化率"
    assert (percent["value"], percent["qualifier"], percent["change"], percent["actor"]) == (40.0, "at least", "decrease", "Tencent")
    assert table[table["unit"] == "years"]["value"].tolist() == [3.0]  # the period, reported too
    row = one("2024年二季度,淘天集团收入同比下降1%", value=1.0, unit="%", change="decrease")
    assert (row["subject"], row["actor"], row["year"]) == ("淘天集团收入", "Alibaba", "2024年二季度")


def test_a_range_of_years_and_shares_in_one_sentence():
    table = extract_quantities("高盛报告显示,淘宝天猫市场份额从2019年的66%降至2022年的44%")
    assert table["value"].tolist() == [66.0, 44.0]
    assert table["year"].tolist() == ["2019年", "2022年"]
    assert table["subject"].tolist() == ["淘宝天猫市场份额"] * 2


def test_a_parallel_figure_keeps_the_unit_and_its_own_actor():
    table = extract_quantities("截至2024年6月,微信及WeChat月活达13.71亿,而支付宝仅8.93亿")
    assert table["value"].tolist() == [1.371e9, 8.93e8]
    assert table["unit"].tolist() == ["users", "users"]
    assert table["actor"].tolist() == ["Tencent", "Alibaba"]
    assert table["year"].tolist() == ["截至2024年6月", "截至2024年6月"]


@pytest.mark.parametrize(
    "text",
    [
        "9月12日,据用户线索,京东购物入口将于9月30日关闭",  # dates
        "合约已经在2025年6月29日到期",
        "2013年,淘宝关闭微信跳转通道;2025-05-17发布",  # years, ISO date
        "(1)腾讯;(2)京东;1、合作终止;01.;(一)流量;一、微信电商;2.生态平衡",  # list markers
        "会议于上午10:30开始,下午3点结束",  # times of day
        "2025年618前夕,B2C、C2C和3C数码,跨境24H头条,微信事业群(WXG),QQ商城,5G",  # names with digits
        "报告下载:https://www.100ec.cn/zt/wjly5js/2025/ 和 www.example.com/100",  # URLs
        "其他 其他 3501 人阅读 | 0 人回复 | 2025-05-17",  # page furniture
        "阅读数 3501,回复数 12,23 获赞",
        "深入三四线城市市场,微信一级入口,千人千面,二手交易平台,成为第三极,国内第二大平台",  # words with numerals
        "这是一个不等式,一家公司,两人同行,中国仅此一个黄金位置",  # 一/两 as articles
    ],
)
def test_traps_are_not_quantities(text):
    table = extract_quantities(text)
    assert table.empty, table[["span", "value", "unit"]].to_string()


def test_columns_and_empty_input():
    assert list(extract_quantities("").columns) == QUANTITY_COLUMNS
    assert extract_quantities("没有数字的句子。").empty


def test_the_seed_quantities(corpus):
    table = quantity_table(corpus)
    counts = table.groupby("doc_id").size().to_dict()
    assert counts == {"000": 13, "001": 3, "002": 12, "004": 1}
    spans = set(table["span"])
    for span in ("40%", "200%", "80-100亿元", "150%", "180元", "50元", "3倍", "3000亿元", "13.85亿月活用户",
                 "百万", "13.71亿", "8.93亿", "66%", "44%", "1%", "4%", "12亿", "13亿月活用户", "3亿"):
        assert span in spans, span
    assert not table["span"].str.contains(r"^(?:19|20)\d\d年?$").any()
    assert table.equals(table.sort_values(["doc_id", "start"], ignore_index=True))
    assert (table["doc_id"] == "003").sum() == 0  # the 2015 piece argues without figures

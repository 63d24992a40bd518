"""What QUANTITIES.md leaves out that the reader once read: slogans and names in quotation marks,
promotion formulas, doublings with no numeral, 二人 as "the two", and stock-quote fragments glued into a
sentence. Sentences written for these tests in the patterns of mainland, Hong Kong and Taiwan pages
(simplified and traditional), each rule beside the look-alikes it must still read.
"""

from __future__ import annotations

import math

import pytest

from coopetition.measures.quantities import extract_quantities
from coopetition.measures.quantities.names import counts_the_list, promotion, quoted_name


def figures(text: str) -> list[tuple]:
    table = extract_quantities(text)
    return [
        (span, value, None if math.isnan(top) else top, unit, change)
        for span, value, top, unit, change in zip(
            table["span"], table["value"], table["value_max"], table["unit"], table["change"]
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a slogan: a money verb and the figure, quoted (the red-packet campaigns of the Spring Festival gala)
        ("春晚合作方快手喊出口号,想和用户一起“分20亿”。", []),
        ("快手、百度和拼多多则依次将“分21亿”、“分22亿”和“分28亿”的标语放上了LOGO。", []),
        ("頭頂「欠122億」LOGO的樂視也出現在名單中。", []),
        # a name: the figure and a name ending with a name head (a campaign, a kind of shop)
        ("淘宝特价版推出“1元更香节”,定在每年的10月10日。", []),
        ("最直观的例子是「1元店」。", []),
        # look-alikes: a quoted figure with another noun, a quoted sentence, a figure quoted alone
        ("从商家爆料的“500万罚单”,到双方高管下场。", [("500万", 5e6, None, "CNY", "")]),
        ("拼多多正式超越「24歲老大哥」阿里巴巴。", [("24岁", 24.0, None, "age", "")]),
        ("他说:“一年买两个多亿”。", [("两个多亿", 2e8, None, "CNY", "")]),
        ("平台补贴“10亿”。", [("10亿", 1e9, None, "CNY", "")]),
        ("快手想和用户一起分20亿", [("20亿", 2e9, None, "CNY", "")]),  # no quotation: an amount
    ],
)
def test_a_quoted_slogan_or_name_is_no_figure(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("店铺上线当天,全场满99减20。", []),
        ("當當網全場滿200返100,戰火由此升級。", []),
        ("平台推出满300元减50元的优惠。", []),
        ("新用户满39元立减10元。", []),
        # look-alikes: 满 with a unit of time, 满分, a bare discount with no threshold
        ("会员满100天可升级", [("100天", 100.0, None, "days", "")]),
        ("满分100", []),
        ("价格直接减30元", [("30元", 30.0, None, "CNY", "decrease")]),
    ],
)
def test_a_promotion_formula_is_no_figure(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("视频号的总用户使用时长翻番。", []),
        ("计划将股份回购规模至少翻倍。", []),
        ("粉絲數短短幾個小時就翻了個倍。", []),
        # with a numeral a doubling is a multiple, an increase
        ("小程序的日活翻了一番", [("翻了一番", 2.0, None, "x", "increase")]),
        ("營收翻了兩番", [("翻了两番", 4.0, None, "x", "increase")]),
        ("订单量翻了一倍", [("翻了一倍", 2.0, None, "x", "increase")]),
        ("商家须赔付雙倍差額", [("双倍", 2.0, None, "x", "")]),
        ("股价涨了3倍", [("3倍", 3.0, None, "x", "increase")]),
    ],
)
def test_a_doubling_with_no_numeral_is_no_figure(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二人合作,乍一看就像是跨界组合。", []),
        ("刘强东与李国庆二人在微博隔空喊话。", []),
        ("兩人的一來二去間,戰火升級。", []),
        ("二者的差距为3亿元", [("3亿元", 3e8, None, "CNY", "")]),
        # a count in other numerals is a figure
        ("团队共有二十人", [("二十人", 20.0, None, "people", "")]),
        ("公司裁员2人", [("2人", 2.0, None, "people", "decrease")]),  # 裁员 states a cut (round 5)
        ("近两年来,平台持续扩张", [("两年", 2.0, None, "years", "")]),
    ],
)
def test_er_ren_is_the_two_already_named(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote label with no verb, then prices and changes with no unit: page furniture
        ("阿里巴巴-SW(09988) 股价 +2.35% 128.5,公司营收增长8%。", [("8%", 8.0, None, "%", "increase")]),
        ("騰訊控股(00700) 股價 385.2 (+1.2%)", []),
        ("美團-W(03690)股價 -3.1%", []),
        ("京東集團-SW(09618.HK) 現價 $128.5 +2.35%;沽空金額3.2億,沽空比率12.5%", []),
        # a sentence about the price: a verb, or an amount with its currency, is read
        ("美团(03690)股价上涨3%", [("3%", 3.0, None, "%", "increase")]),
        ("腾讯(00700)股价报380港元", [("380港元", 380.0, None, "HKD", "")]),
        ("京东集团-SW(09618) 升2.1%", [("2.1%", 2.1, None, "%", "increase")]),
        ("阿里巴巴-SW(09988)股價:+1.23%,現價85.30港元。", [("85.30港元", 85.3, None, "HKD", "")]),
    ],
)
def test_a_stock_quote_glued_into_a_sentence_is_no_figure(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "顺丰、中通、圆通、申通、韵达和极兔6家上市快递企业合计完成业务量1401.4亿件。",
            [("1401.4亿件", 1.4014e11, None, "items", "")],
        ),
        ("業務覆蓋北京、上海、成都三地。", []),
        ("阿里、腾讯和京东3家公司均未回应。", []),
        # a count that is not the list's size, or after a verb, is a figure
        ("阿里、腾讯和京东等5家公司均未回应。", [("5家公司", 5.0, None, "firms", "")]),
        ("京东和阿里投资了3家公司", [("3家公司", 3.0, None, "firms", "")]),
        ("阿里巴巴去年投资了三家公司。", [("三家公司", 3.0, None, "firms", "")]),
        ("营收、利润分别为3亿、2亿元", [("3亿", 3e8, None, "CNY", ""), ("2亿元", 2e8, None, "CNY", "")]),
    ],
)
def test_a_count_of_the_items_just_listed_is_no_figure(text, expected):
    assert figures(text) == expected


def test_the_name_and_formula_tests_read_their_context():
    assert quoted_name("想和用户一起“分", "”。") and not quoted_name("想和用户一起分", "。")
    assert quoted_name("推出“", "更香节”") and not quoted_name("爆料的“", "罚单”")
    assert not quoted_name("“一年买", "”") and not quoted_name("补贴“", "”")
    assert promotion("全场满", "减20") and promotion("全场满99减", "。") and not promotion("会员满", "可升级")
    assert counts_the_list("北京、上海、成都", "3") and counts_the_list("北京、上海、成都", "三")
    assert not counts_the_list("北京、上海、成都", "4") and not counts_the_list("2023年、2024年", "2")
    assert not counts_the_list("北京", "1") and not counts_the_list("北京和上海", "2.5")

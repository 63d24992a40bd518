"""Issue 25, round 5 review: the reviewer's over-firings of round 5's rules, each beside its look-alikes.

Sentences written for these tests in the patterns of mainland and Hong Kong / Taiwan pages.
"""

from __future__ import annotations

import pytest

from coopetition.measures.quantities import extract_quantities
from coopetition.text.clean import clean_text


def rows(text: str, columns=("span", "unit", "change")) -> list[tuple]:
    table = extract_quantities(text)
    return [tuple(row) for row in table[list(columns)].itertuples(index=False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a counter line as cleaning leaves it: the space between the label and the figure is gone
        ("美团一季度营收增长12%,超出市场预期。阅读 3.5万 点赞 1.2万", [("12%", "%", "increase")]),
        ("京东营收增长8%。閱讀 2.1万 評論 356 轉發 1.5万", [("8%", "%", "increase")]),
        ("腾讯股价上涨3%。阅读 10万+ 点赞 9.9万", [("3%", "%", "increase")]),
        # look-alikes: a label with a verb before the figure, or a figure with a unit, is read
        ("该文章阅读量达10万次。", [("10万次", "count", "")]),
        ("视频播放10万次,转发3000余次。", [("10万次", "count", ""), ("3000余次", "count", "")]),
    ],
)
def test_a_page_counter_is_masked_after_cleaning(text, expected):
    assert rows(clean_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of cuts or a span of a cut is no decrease
        ("公司今年已降价三次。", [("三次", "count", "")]),
        ("特斯拉年内降价5次。", [("5次", "count", "")]),
        ("京东裁员3轮后,士气低落。", [("3轮", "count", "")]),
        ("该店降价3天。", [("3天", "days", "")]),
        ("該店減價三天。", [("三天", "days", "")]),
        # look-alikes: money, a share and people cut stay decreases
        ("特斯拉降价2万元。", [("2万元", "CNY", "decrease")]),
        ("该行今年减价两成。", [("两成", "%", "decrease")]),
        ("公司裁员2000人。", [("2000人", "people", "decrease")]),
    ],
)
def test_a_cut_word_marks_money_shares_and_people_only(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("保险公司因赔付激增损失10亿元。", [("10亿元", "CNY", "decrease")]),
        ("赔本促销让商家损失3000万元。", [("3000万元", "CNY", "decrease")]),
        ("公司因补偿用户导致损失2亿元。", [("2亿元", "CNY", "decrease")]),
        ("公司弥补亏损后仍损失5亿元。", [("5亿元", "CNY", "decrease")]),
        ("保險公司因賠付激增損失10億元。", [("10亿元", "CNY", "decrease")]),
        # look-alikes: a loss paid back or claimed is a level
        ("法院判决天猫向京东赔偿经济损失10亿元。", [("10亿元", "CNY", "")]),
        ("原告要求被告赔偿损失1元。", [("1元", "CNY", "")]),
        ("公司成功挽回损失5000万元。", [("5000万元", "CNY", "")]),
    ],
)
def test_only_a_loss_paid_back_is_a_level(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of other firms: a firm list two sentences back, another noun, 共/新/又 before or after the count
        (
            "腾讯、阿里和百度昨日股价均下跌。据统计,目前全国共三家银行获批。监管部门当天约谈了三家外卖平台。",
            [("三家", "firms"), ("三家", "firms")],
        ),
        ("腾讯、阿里和百度昨日股价均下跌。上周,三家新公司宣布入局。", [("三家", "firms")]),
        ("腾讯、阿里和百度发布财报。市场反应平淡。今年已有三家银行上调评级。", [("三家", "firms")]),
        ("腾讯、阿里和百度发布财报。今年已有三家银行上调评级。", [("三家", "firms")]),
        ("騰訊、阿里和百度發布財報。市場反應平淡。三家公司宣布入局。", [("三家公司", "firms")]),
        ("腾讯、阿里和百度发布财报。年内又三家公司宣布入局。", [("三家公司", "firms")]),
        # look-alikes: the firms named in the sentence right before, a generic noun or none after the count
        ("腾讯、阿里和百度昨日股价均下跌。三家均录得下跌。", []),
        ("腾讯、阿里和百度发布财报。监管部门当天约谈了三家互联网巨头。", []),
        ("腾讯、阿里和百度发布财报。三家平台的营收均有增长。", []),
    ],
)
def test_a_count_of_firms_points_back_only_at_the_sentence_before(text, expected):
    assert rows(text, ("span", "unit")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a figure with a currency unit quoted before a program's noun is the money the program commits
        ('阿里巴巴宣布"3800亿元新基建投资"计划。', [("3800亿元", "CNY")]),
        ("美团宣布启动“10亿元商家扶持”计划。", [("10亿元", "CNY")]),
        ("饿了么发起“5亿元骑手关怀”行动。", [("5亿元", "CNY")]),
        ("腾讯推出「1000億元社會價值」項目。", [("1000亿元", "CNY")]),
        # look-alikes: a bare magnitude or a span in the quotation names the program
        ("百度推出“十亿激赏”新用户补贴。", []),
        ("平台上线“2小时极速审核”权益。", []),
    ],
)
def test_quoted_money_before_a_program_noun_is_read(text, expected):
    assert rows(text, ("span", "unit")) == expected


def test_quoted_name_with_money():
    from coopetition.measures.quantities.names import quoted_name

    assert quoted_name("宣布“", "激赏”新用户补贴") and not quoted_name("宣布“", "商家扶持”计划", money=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare number and a signed change inside a sentence are figures
        ("财报显示,公司第三季度营收 1500 +12%,超出预期。", [("12%", "%", "")]),
        ("財報顯示,公司第三季度營收 1500 +12%,超出預期。", [("12%", "%", "")]),
        # a 6-digit A-share code after a share-class suffix, and bare-code widgets that end the line or go on
        ("中芯国际-U 688981 +2.1%", []),
        ("中芯国际-U 688981 +2.1% 今日发布财报,营收同比增长8%。", [("8%", "%", "increase")]),
        ("腾讯控股 700 +1.2%\n京东营收增长8%。", [("8%", "%", "increase")]),
        ("腾讯控股 700 +1.2% 美团-W 3690 -2.1%", []),
        ("美团 3690 +2.1% 报128.5港元", [("128.5港元", "HKD", "")]),
    ],
)
def test_a_bare_code_widget_ends_its_line_or_goes_on(text, expected):
    assert rows(text) == expected

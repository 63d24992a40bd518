"""Issue 25, second review of the round 5 fixes: each over-firing or miss the reviewer found, beside its
look-alikes, read on the raw text and on the text as ``clean_text`` leaves it (``quantity_table`` reads cleaned text).

Sentences written for these tests in the patterns of mainland and Hong Kong / Taiwan pages.
"""

from __future__ import annotations

import pytest

from coopetition.measures.quantities import extract_quantities
from coopetition.text.clean import clean_text


def rows(text: str, columns=("span", "unit", "change")) -> list[tuple]:
    table = extract_quantities(text)
    return [tuple(row) for row in table[list(columns)].itertuples(index=False)]


def both(text: str, columns=("span", "unit", "change")) -> tuple[list[tuple], list[tuple]]:
    """The rows of ``text`` raw and cleaned."""
    return rows(text, columns), rows(clean_text(text), columns)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a label glued to a figure alone is prose: the figure is read
        ("《繁花》全网播放量10亿\n该剧由王家卫执导。", [("10亿", "count", "")]),
        ("该话题阅读量10亿", [("10亿", "count", "")]),
        ("微博话题阅读3.2亿 网友热议", [("3.2亿", "count", "")]),
        ("該視頻播放量1000萬 遠超預期", [("1000万", "count", "")]),
        ("话题阅读10亿 讨论100万", [("10亿", "count", ""), ("100万", "count", "")]),
        # look-alikes: a run of two or more counters is a counter line, masked
        ("阅读3.5万 点赞1.2万", []),
        ("閱讀3.5萬 評論200", []),
        ("美团营收增长12%。阅读 3.5万 点赞 1.2万 转发 800", [("12%", "%", "increase")]),
    ],
)
def test_a_glued_counter_is_masked_only_in_a_run(text, expected):
    assert both(text) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote widget with a bare code, spaced or glued to the name by cleaning
        ("腾讯控股 700 +1.2%", []),
        ("騰訊控股 700 +1.2%", []),
        ("腾讯控股 700 +1.2% 美团-W 3690 -2.1%", []),
        ("腾讯控股 700 +1.2% 美团 3690 -2.1%\n京东营收增长8%。", [("8%", "%", "increase")]),
        # a quote stated with 报 and a unit is a quantity (QUANTITIES.md); its widget's change is not
        ("美团 3690 +2.1% 报128.5港元", [("128.5港元", "HKD", "")]),
        # look-alikes: a bare number and a signed change inside a sentence are figures
        ("营收 1500 +12%,超出预期", [("12%", "%", "")]),
        ("營收 1500 +12%,超出預期", [("12%", "%", "")]),
        ("营收1500 +12%达到新高,净利润增长8%。", [("12%", "%", ""), ("8%", "%", "increase")]),
    ],
)
def test_a_bare_code_widget_is_masked_after_cleaning(text, expected):
    assert both(text) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a small price or a bare magnitude in a quoted campaign name names it
        ("美团上线“1元秒杀”活动。", []),
        ("淘宝推出“9.9元特价”活动。", []),
        ("淘宝推出“88元会员”权益。", []),
        ("饿了么推出“5元无门槛红包”福利。", []),
        ("京东推出“100元新人礼包”福利。", []),
        ("美團上線「1元秒殺」活動。", []),
        ("拼多多启动“百亿补贴”计划。", []),
        ("拼多多啟動「百億元補貼」計劃。", []),
        # look-alikes: a multiplied amount or a commitment noun in the quotation is the money committed
        ('阿里巴巴宣布"3800亿元新基建投资"计划', [("3800亿元", "CNY", "")]),
        ('美团宣布启动"10亿元商家扶持"计划', [("10亿元", "CNY", "")]),
        ("某市推出“5000元创业基金”项目。", [("5000元", "CNY", "")]),
        ("美团称“1元秒杀”活动共投入3亿元。", [("3亿元", "CNY", "")]),
    ],
)
def test_quoted_money_is_committed_only_with_a_multiplier_or_a_commitment(text, expected):
    assert both(text) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a job cut of posts or branches is a decrease of that count
        ("亚马逊裁员约1.8万个职位。", [("1.8万个", "count", "decrease")]),
        ("公司裁员500个岗位。", [("500个", "count", "decrease")]),
        ("公司裁員500個職位。", [("500个", "count", "decrease")]),
        ("公司裁减1.2万个工作岗位。", [("1.2万个", "count", "decrease")]),
        ("该行裁减300家网点。", [("300家", "firms", "decrease")]),
        ("公司裁员2000人。", [("2000人", "people", "decrease")]),
        # look-alikes: a count of times or rounds and a span say how often or how long
        ("京东裁员3轮后,士气低落。", [("3轮", "count", "")]),
        ("京東裁員3輪後,士氣低落。", [("3轮", "count", "")]),
        ("公司今年已降价三次。", [("三次", "count", "")]),
        ("该店降价3天。", [("3天", "days", "")]),
        ("该公司裁员5次。", [("5次", "count", "")]),
    ],
)
def test_a_job_cut_of_posts_is_a_decrease_and_a_count_of_times_is_not(text, expected):
    assert both(text) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a loss paid back, claimed or avoided in legal phrasing is a level
        ("法院判决被告赔偿由此造成的损失100万元。", [("100万元", "CNY", "")]),
        ("法院判決被告賠償由此造成的損失100萬元。", [("100万元", "CNY", "")]),
        ("原告要求赔偿给其造成的损失50万元。", [("50万元", "CNY", "")]),
        ("法院判令赔偿因此遭受的损失20万元。", [("20万元", "CNY", "")]),
        ("原告要求被告赔偿相关损失100万元。", [("100万元", "CNY", "")]),
        ("要求赔偿相应损失200万元。", [("200万元", "CNY", "")]),
        ("要求平台赔偿了损失3万元。", [("3万元", "CNY", "")]),
        ("避免进一步损失5000万元。", [("5000万元", "CNY", "")]),
        ("避免進一步損失5000萬元。", [("5000万元", "CNY", "")]),
        # look-alikes: a loss the firm itself suffers stays a decrease
        ("公司因补偿用户导致损失2亿元。", [("2亿元", "CNY", "decrease")]),
        ("保险公司因赔付激增损失10亿元。", [("10亿元", "CNY", "decrease")]),
        ("受疫情影响,公司去年损失20万元。", [("20万元", "CNY", "decrease")]),
    ],
)
def test_a_loss_paid_back_in_legal_phrasing_is_a_level(text, expected):
    assert both(text) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the trade's words for the firms just named point back at them: no figure
        ("腾讯、阿里和百度昨日股价均下跌。三家大厂都在加码AI。", []),
        ("腾讯、阿里和百度昨日股价均下跌。三家厂商都在加码AI。", []),
        ("腾讯、阿里和百度昨日股价均下跌。三家集团都在加码AI。", []),
        ("腾讯、阿里和百度昨日股价均下跌。三家电商都在加码AI。", []),
        ("腾讯、阿里和百度昨日股价均下跌。三家互联网大厂又推出新功能。", []),
        ("腾讯、阿里和百度昨日股价均下跌。三家巨头们都在加码AI。", []),
        ("騰訊、阿里和百度昨日股價均下跌。三家廠商都在加碼AI。", []),
        ("腾讯、阿里和百度昨日股价均下跌。一共三家公司。", []),
        # look-alikes: another noun, new firms, or a list of another size count firms
        ("腾讯、阿里和百度昨日股价均下跌。三家银行都在加码AI。", [("三家", "firms")]),
        ("腾讯、阿里和百度昨日股价均下跌。另有三家大厂宣布入局。", [("三家", "firms")]),
        ("腾讯和阿里昨日股价均下跌。三家大厂都在加码AI。", [("三家", "firms")]),
    ],
)
def test_a_count_of_firms_named_with_a_trade_word_points_back(text, expected):
    assert both(text, ("span", "unit")) == (expected, expected)

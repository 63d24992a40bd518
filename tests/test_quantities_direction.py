"""Issue 25, round 4: the direction rules of the last round read by grammar, not by words.

"A stated loss is a decrease" and "a growth rate named in the clause before gives a percentage its
direction" are kept, and narrowed to the figure the loss or the rate governs: a loss states the change
of an amount of money or a percentage, not of a span or a count; a change word that qualifies a noun
(亏损企业) states no change of the figure before it; a rate gives its direction to a figure that ends
its clause, not to one that a noun or verb after it makes the measure of something else (超过50%的用户,
30%来自海外); a rate noun before 的 and a noun qualifies that noun (增速最快的品类占比); the gap of a
comparison (比行业增速快0.4个百分点) is a difference, which no rate turns. Sentences written
for these tests in the patterns of mainland, Hong Kong and Taiwan pages, each rule beside the
look-alikes it must still read.
"""

from __future__ import annotations

import pytest

from coopetition.measures.quantities import extract_quantities
from coopetition.measures.quantities.context import _modifies_a_noun, _rate_head, rate_direction, rate_in_clause
from coopetition.measures.quantities.governs import _comparison_gap, _ends_its_clause, _loss_governs


def rows(text: str, columns=("span", "unit", "change")) -> list[tuple]:
    table = extract_quantities(text)
    return [tuple(row) for row in table[list(columns)].itertuples(index=False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a loss states the change of what is lost: money or a percentage
        ("公司去年亏损10亿元。", [("10亿元", "CNY", "decrease")]),
        ("该基金今年浮亏5%。", [("5%", "%", "decrease")]),
        ("累計虧損達到50億元。", [("50亿元", "CNY", "decrease")]),
        ("3亿元的亏损额。", [("3亿元", "CNY", "decrease")]),  # 额 is a suffix: the loss amount
        # not of a span or a count: how long, how many
        ("该公司已亏损三年。", [("三年", "years", "")]),
        ("美團外賣已虧損了5個季度。", [("5个", "count", "")]),
        # a loss word that qualifies the noun after it: the figure measures that noun
        ("今年前三季度,有10%的亏损企业实现扭亏。", [("10%", "%", "")]),
        ("約有三成的虧損門店將關閉。", [("三成", "%", "")]),
        # other change words after 的 likewise: a change, or a noun the change word qualifies
        ("营收实现了10%的增长。", [("10%", "%", "increase")]),
        ("营收还有10%的增长空间。", [("10%", "%", "")]),
        ("成交额录得5%的同比下降。", [("5%", "%", "decrease")]),
    ],
)
def test_a_loss_states_the_change_of_the_amount_it_governs(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rate in the clause before gives its direction to a figure that ends its clause
        ("同比增速遥遥领先行业,高达35%、18%。", [("35%", "%", "increase"), ("18%", "%", "increase")]),
        ("营收增速为20%,去年为30%。", [("20%", "%", "increase"), ("30%", "%", "increase")]),
        ("今年增速放緩,預計僅有12%左右。", [("12%", "%", "increase")]),
        # not to a figure that measures the noun after it or is the subject of its own clause
        ("营收同比增速领先行业,超过50%的用户选择了淘宝。", [("50%", "%", "")]),
        ("營收增速為20%,其中30%來自海外市場。", [("20%", "%", "increase"), ("30%", "%", "")]),
        ("营收增速为20%,30%来自海外市场。", [("20%", "%", "increase"), ("30%", "%", "")]),
        # a parallel clause keeps the rate's direction only for a figure that ends its clause
        ("今年增速要在1000%到2000%,明年得保证200%。", [("1000%到2000%", "%", "increase"), ("200%", "%", "increase")]),
        ("今年增速要在1000%到2000%,明年得保证200%的用户留存。", [("1000%到2000%", "%", "increase"), ("200%", "%", "")]),
        # a rate noun before 的 and a noun qualifies that noun: its share is a level
        ("增速最快的品类占比为30%。", [("30%", "%", "")]),
        ("漲幅最大的板塊佔比達到40%。", [("40%", "%", "")]),
        ("营收的增速为20%。", [("20%", "%", "increase")]),
        ("营收增速高于行业平均的12%。", [("12%", "%", "increase")]),
        ("增速较去年同期的15%放缓至12%。", [("15%", "%", "increase"), ("12%", "%", "increase")]),  # 的 + a figure
        # the gap of a comparison (比…快, 較…高) is a difference, which the rate named in the clause does not turn
        ("业务量同比增长21.9%,比行业增速快0.4个百分点。", [("21.9%", "%", "increase"), ("0.4个百分点", "pp", "")]),
        ("營收增速較同業高2個百分點。", [("2个百分点", "pp", "")]),
        ("营收增速比去年又多了3个百分点。", [("3个百分点", "pp", "increase")]),  # 多 states its own change
        ("电商占比较高的行业,增速达到30%。", [("30%", "%", "increase")]),  # 占比 is no comparison
    ],
)
def test_a_rate_named_before_gives_its_direction_to_the_figure_it_governs(text, expected):
    assert rows(text) == expected


def test_the_grammar_functions_of_the_direction_rules():
    assert _loss_governs("CNY", "亏损") and _loss_governs("%", "降价") and _loss_governs("people", "裁员")
    assert not _loss_governs("years", "亏损") and not _loss_governs("count", "降价")
    assert not _loss_governs("people", "降价") and not _loss_governs("count", "裁员", "轮")
    assert _loss_governs("count", "裁员", "个") and not _loss_governs("days", "裁员", "天")
    assert _ends_its_clause("。") and _ends_its_clause("、18%") and _ends_its_clause("") and _ends_its_clause("左右,")
    assert not _ends_its_clause("的用户选择了淘宝") and not _ends_its_clause("来自海外")
    assert _modifies_a_noun("企业实现扭亏") and _modifies_a_noun("空间")
    assert (
        not _modifies_a_noun("。")
        and not _modifies_a_noun("额")
        and not _modifies_a_noun("")
        and not _modifies_a_noun("了")
    )
    assert _rate_head("增速最快的品类占比为") == "品类占比为"
    assert _rate_head("营收增速高于行业平均的") == "营收增速高于行业平均的"
    assert rate_direction("增速最快的品类占比为") == "" and rate_direction("营收的增速为") == "increase"
    assert rate_in_clause("营收增速放缓,仅为") == "increase"
    assert _comparison_gap("比行业增速快") and _comparison_gap("较同业高")
    assert not _comparison_gap("电商占比较高") and not _comparison_gap("增速放缓至") and not _comparison_gap("")
    assert rate_in_clause("营收增速放缓,仅为", own_figure=True) == ""


@pytest.mark.parametrize("text", ["", "亏损", "的亏损企业", "增速,,,", "\x00\x00%", "亏损-", "增速的的的30%"])
def test_direction_rules_on_adversarial_input(text):
    table = extract_quantities(text)
    assert set(table["change"]) <= {"", "increase", "decrease"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rate or trend noun after the change word: the change word still states the figure's change
        ("营收实现了30%的增长速度。", [("30%", "%", "increase")]),
        ("營收實現了30%的增長速度。", [("30%", "%", "increase")]),
        ("营收保持了20%的增长态势。", [("20%", "%", "increase")]),
        ("營收保持了20%的增長態勢。", [("20%", "%", "increase")]),
        ("销量保持30%的增长趋势。", [("30%", "%", "increase")]),
        ("銷量保持30%的增長勢頭。", [("30%", "%", "increase")]),
        ("股价出现15%的下降幅度。", [("15%", "%", "decrease")]),
        ("股價出現15%的下降幅度。", [("15%", "%", "decrease")]),
        # a noun that is no rate still takes the direction away
        ("今年前三季度,有10%的亏损企业实现扭亏。", [("10%", "%", "")]),
        ("營收還有10%的增長空間。", [("10%", "%", "")]),
    ],
)
def test_a_rate_or_trend_noun_after_a_change_word_keeps_its_direction(text, expected):
    assert rows(text) == expected


def test_modifies_a_noun_exempts_rate_and_trend_nouns():
    assert not _modifies_a_noun("速度。") and not _modifies_a_noun("态势。") and not _modifies_a_noun("率为")
    assert _modifies_a_noun("企业实现扭亏") and _modifies_a_noun("空间")

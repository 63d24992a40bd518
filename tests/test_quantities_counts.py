"""Issue 25, round 4: known general misses of QUANTITIES.md's conventions.

- a bound separated from its figure by the whole a share is taken of (不足美团的10%: below);
- counts in Chinese numerals with a classifier (三款, 五本, 四次) are counts, unless they enumerate what the
  text lists before or after them (用户、供应链、技术三个维度; 三个维度: …) or stand beside a pronoun (我们三个);
- a bare magnitude before a noun of a market's size (三万亿的口子, 千亿市场) is money.

Sentences written for these tests in the patterns of mainland, Hong Kong and Taiwan pages (simplified
and traditional), each rule beside the look-alikes it must still read.
"""

from __future__ import annotations

import pytest

from coopetition.measures.quantities import extract_quantities
from coopetition.measures.quantities.governs import _enumerates, _market_size, _share_bound


def rows(text: str, columns=("span", "unit", "qualifier")) -> list[tuple]:
    table = extract_quantities(text)
    return [tuple(row) for row in table[list(columns)].itertuples(index=False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bound word, the whole and 的 before a share or a multiple: the bound is the figure's
        ("拼多多的SKU数量较少(不足美团的10%)。", [("10%", "%", "below")]),
        ("其市場份額超過行業平均水平的兩倍。", [("两倍", "x", "at least")]),
        ("淘特的营收不到阿里的一半。", [("一半", "%", "below")]),
        ("市值约为腾讯的1/9。", [("1/9", "%", "about")]),
        ("不到三成的商家盈利。", [("三成", "%", "below")]),
        # look-alikes: a comparative with the whole's own figure, an earlier figure, a noun with no 的
        ("价格高于京东自有渠道的150%。", [("150%", "%", "")]),
        ("今年增速超过去年同期的12%。", [("12%", "%", "")]),
        ("抖音電商增速遠超行業10%-12%。", [("10%-12%", "%", "")]),
        ("营收为腾讯的10%。", [("10%", "%", "")]),
        # an amount of money is no share: the bound word bounds the noun
        ("营收不到美团的300亿元。", [("300亿元", "CNY", "")]),
    ],
)
def test_a_bound_across_the_whole_of_a_share(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counts in Chinese numerals with a classifier
        ("在美国排名前十的免费应用中,还有三款为中国公司拥有。", [("三款", "count", "")]),
        ("这相当于五本《新华字典》的文字量。", [("五本", "count", "")]),
        ("爱优腾2月四次集体声讨侵权。", [("四次", "count", "")]),
        ("平台下架了九款游戏。", [("九款", "count", "")]),
        ("公司推出了三款新產品。", [("三款", "count", "")]),
        # enumerations of what the text lists, before or after, and counts beside a pronoun
        ("本文从用户、供应链、技术三个维度展开分析。", []),
        ("本文将从三个维度展开:用户、供应链与技术。", []),
        ("京东的优势主要源于三个\n一是物流", []),
        ("B站的市值比我们三个加起来还高。", []),
        ("公司准备了三种方案。", [("三种", "count", "")]),
        # numerals the grammar already reads stay as they were
        ("一款产品上线。", []),
        ("覆盖十余个城市。", [("十余个城市", "cities", "about")]),
        ("公司有3款产品。", [("3款产品", "items", "")]),
    ],
)
def test_a_chinese_numeral_count_is_a_count_unless_it_enumerates(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("社区团购是一个超三万亿的口子。", [("三万亿", "CNY", "at least")]),
        ("外卖在香港是一個20億左右的盤子。", [("20亿", "CNY", "about")]),
        ("即时零售是一个千亿市场。", [("千亿", "CNY", "about")]),
        ("各家瞄准万亿级赛道。", [("万亿", "CNY", "about")]),
        # look-alikes: a magnitude that is a word, users of a market, a magnitude before another noun
        ("百万富翁越来越多。", []),
        ("下沉市场有3亿市场用户。", [("3亿", "users", "")]),
        ("平台拥有3亿件商品。", [("3亿件商品", "items", "")]),
    ],
)
def test_a_bare_magnitude_of_a_market_size_is_money(text, expected):
    assert rows(text) == expected


def test_the_grammar_functions_of_this_round():
    assert _share_bound("拼多多的GMV不足美团的") == "below"
    assert _share_bound("价格高于京东自有渠道的") == ""
    assert _share_bound("增速超过去年同期的") == ""
    assert _share_bound("不足") == "" and _share_bound("") == ""
    assert _enumerates("从用户、供应链、技术", "维度展开分析") and _enumerates("主要源于", "\n一是物流")
    assert not _enumerates("还有", "为中国公司拥有") and not _enumerates("", "产品")
    assert _market_size("的口子") and _market_size("左右的盘子") and _market_size("级市场")
    assert not _market_size("市值") and not _market_size("") and not _market_size("的用户")


@pytest.mark.parametrize("text", ["", "的", "不足的的10%", "三款", "千亿", "我们三个", "超过\x00的两倍", "口子"])
def test_this_rounds_rules_on_adversarial_input(text):
    table = extract_quantities(text)
    assert set(table["qualifier"]) <= {"", "about", "at least", "below"}


# --- review of round 4: the market noun must end its noun phrase; a list must be a list ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a longer noun that opens with a market noun, or a noun after it: the figure counts that noun
        ("今年新增1.2万市场主体。", [("1.2万", "count", "")]),
        ("今年新增1.2萬市場主體。", [("1.2万", "count", "")]),
        ("下沉市场有3亿市场人群。", [("3亿", "count", "")]),
        ("下沉市場有3億市場人群。", [("3亿", "count", "")]),
        ("平台已有5万生意伙伴。", [("5万", "count", "")]),
        ("平台已有5萬生意夥伴。", [("5万", "count", "")]),
        ("公司有5000万市场营销人员。", [("5000万", "count", "")]),
        ("公司有5000萬市場營銷人員。", [("5000万", "count", "")]),
        # the market noun ends its phrase (the end, 的, punctuation, a verb) or a noun of its size follows: money
        ("这是一个千亿市场,值得布局。", [("千亿", "CNY", "about")]),
        ("千億市場的爭奪開始了。", [("千亿", "CNY", "about")]),
        ("万亿市场正在形成。", [("万亿", "CNY", "about")]),
        ("直播电商形成千亿市场规模。", [("千亿", "CNY", "about")]),
        ("這是一門千億生意。", [("千亿", "CNY", "about")]),
    ],
)
def test_a_market_noun_makes_money_only_when_it_ends_its_noun_phrase(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 与/及 inside a word (参与, 涉及) is no list join
        ("美团参与了三次融资。", [("三次", "count", "")]),
        ("美團參與了三次融資。", [("三次", "count", "")]),
        ("本次调整涉及公司三个部门。", [("三个", "count", "")]),
        ("本次調整涉及公司三個部門。", [("三个", "count", "")]),
        # a join between two subjects, then a verb: the count is what they did
        ("腾讯和阿里今年各自进行了三次收购。", [("三次", "count", "")]),
        ("騰訊和阿里今年各自進行了三次收購。", [("三次", "count", "")]),
        ("阿里与腾讯两家公司今年三次合作。", [("三次", "count", "")]),
        # a pronoun before a count of events that a verb or noun follows: the times they did it
        ("他们三次提价。", [("三次", "count", "")]),
        ("他們三次提價。", [("三次", "count", "")]),
        # 与 as a preposition before a place and a verb: the count is of the rounds
        ("美团与滴滴在圣保罗法院展开三轮法律交锋。", [("三轮", "count", "")]),
        ("美團與滴滴在法院展開三輪法律交鋒。", [("三轮", "count", "")]),
        # real lists right before the count (items of a noun phrase or, after 、, verb phrases; asides in
        # brackets left out), and pronouns beside a count of themselves, still enumerate
        ("集团业务可分为核心电商、云计算、本地生活及娱乐和创新业务四个板块。", []),
        ("集團業務可分為核心電商、雲計算、本地生活及娛樂和創新業務四個板塊。", []),
        ("行业经历了野蛮生长期(2015-2018)和精细化运营期(2019-2023)两个阶段。", []),
        ("这家平台先后经历了入淘宝、入支付宝和最新的入高德三个阶段。", []),
        ("本文从用户和技术两个维度展开分析。", []),
        ("本文從用戶以及技術兩個維度展開分析。", []),
        ("淘宝、京东与拼多多三大平台都参与了。", []),
        ("他们三个都来了。", []),
        ("他們三次都沒來。", []),
    ],
)
def test_a_list_before_a_count_is_a_list_of_words_ending_right_before_it(text, expected):
    assert rows(text) == expected


def test_the_grammar_functions_of_the_review():
    assert _market_size("市场。") and _market_size("的市场的争夺") and _market_size("市场规模")
    assert not _market_size("市场主体") and not _market_size("市场人群") and not _market_size("生意伙伴")
    assert _enumerates("从用户、供应链、技术", "维度") and _enumerates("他们", "都来了", "个")
    assert not _enumerates("美团参与了", "融资", "次") and not _enumerates("他们", "提价", "次")
    assert not _enumerates("腾讯和阿里今年各自进行了", "收购", "次") and not _enumerates("和", "收购", "次")


@pytest.mark.parametrize("text", ["和三次", "、、、三个", "他们三次", "以及三个", "市场市场", "1万市场", "1万市场\x00"])
def test_the_review_rules_on_adversarial_input(text):
    table = extract_quantities(text)
    assert set(table["unit"]) <= {"count", "CNY"}

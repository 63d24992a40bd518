"""Quantities: every case of issue 11 as a table of (sentence, expected rows), then the traps.

Sentences are written for the tests in the patterns of real reporting (earnings
releases, market pieces, Hong Kong and Taiwan pages) plus real seed sentences.
"""

import math

import pytest

from coopetition import extract_quantities
from coopetition.measures.numerals import parse_numeral, scale
from coopetition.measures.quantities import QUANTITY_COLUMNS, UNIT_FAMILY, quantity_table

NAN = math.nan
FIELDS = ("value", "value_max", "unit", "qualifier", "change")


def rows(text, fields=FIELDS):
    table = extract_quantities(text)
    return [tuple(row) for row in table[list(fields)].itertuples(index=False)]


def same(got, expected):
    """Rows equal field by field, NaN equal to NaN, floats to a relative 1e-9."""
    assert len(got) == len(expected), (got, expected)
    for g_row, e_row in zip(got, expected):
        for g, e in zip(g_row, e_row):
            if isinstance(e, float) and math.isnan(e):
                assert isinstance(g, float) and math.isnan(g), (got, expected)
            elif isinstance(e, float):
                assert g == pytest.approx(e, rel=1e-9), (got, expected)
            else:
                assert g == e, (got, expected)


# --- a number phrase is one unit, and its unit binds to it ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit earlier in the sentence never passes to a number that states its own
        ("美团的市值一天缩水784亿港元", [(7.84e10, NAN, "HKD", "", "decrease")]),
        (
            "活跃用户数达5.9亿,同比增长6.5%,环比增加超750万",
            [
                (5.9e8, NAN, "users", "", ""),
                (6.5, NAN, "%", "", "increase"),
                (7.5e6, NAN, "users", "at least", "increase"),
            ],
        ),
        (
            "同比增长6.5%,环比增加超750万",
            [(6.5, NAN, "%", "", "increase"), (7.5e6, NAN, "count", "at least", "increase")],
        ),
        ("服务器的价格涨到了13-16万/张", [(1.3e5, 1.6e5, "CNY", "", "")]),
        ("一个单子8个亿", [(8e8, NAN, "count", "", "")]),
        ("广告收入同比增长12.5%,首次突破千亿", [(12.5, NAN, "%", "", "increase"), (1e11, NAN, "CNY", "at least", "")]),
        ("用户规模同比增长8%,首次突破千万", [(8.0, NAN, "%", "", "increase"), (1e7, NAN, "users", "at least", "")]),
        (
            "平台投入约120亿元,覆盖超过3万个乡镇",
            [(1.2e10, NAN, "CNY", "about", ""), (3e4, NAN, "count", "at least", "")],
        ),
        ("回购规模约320亿港元", [(3.2e10, NAN, "HKD", "about", "")]),
        ("每场直播的观看量在15万-20万", [(1.5e5, 2e5, "count", "", "")]),
        ("单个岗位的预算在15万-20万", [(1.5e5, 2e5, "CNY", "", "")]),
        # a bare number in a parallel construction takes the unit of its twin
        ("阿里月活达9.5亿,而拼多多仅7.5亿", [(9.5e8, NAN, "MAU", "", ""), (7.5e8, NAN, "MAU", "", "")]),
        ("收入从600亿元提升至750亿", [(6e10, NAN, "CNY", "", ""), (7.5e10, NAN, "CNY", "", "")]),
        # ...but not when a noun follows it: that is a different count
        (
            "以约人民币157亿元回购约5,634万股股份",
            [(1.57e10, NAN, "CNY", "about", ""), (5.634e7, NAN, "count", "about", "")],
        ),
        # numerals: Arabic with separators and spaces, full-width, Chinese, mixed
        ("商品收入为1953.04亿元", [(1.95304e11, NAN, "CNY", "", "")]),
        ("商品收入为1,953.04亿元", [(1.95304e11, NAN, "CNY", "", "")]),
        ("入驻率已超过99 %", [(99.0, NAN, "%", "at least", "")]),
        ("渗透率为１２％", [(12.0, NAN, "%", "", "")]),
        ("净利润不足二十亿元", [(2e9, NAN, "CNY", "below", "")]),
        ("市场规模约1.2万亿元", [(1.2e12, NAN, "CNY", "about", "")]),
        ("交易额三点五万亿元", [(3.5e12, NAN, "CNY", "", "")]),
        # a bare magnitude is one unit of it, "about" (QUANTITIES.md, fuzzy amounts)
        ("才能重回千亿美金的估值", [(1e11, NAN, "USD", "about", "")]),
        ("同比增长百分之二十五", [(25.0, NAN, "%", "", "increase")]),
        # a number broken by a line wrap is one number
        ("相比之下对手已超4\n万亿元", [(4e12, NAN, "CNY", "at least", "")]),
        ("全年收入超1700\n亿元", [(1.7e11, NAN, "CNY", "at least", "")]),
        ("同款商品的价差一度能高达\n50%", [(50.0, NAN, "%", "", "")]),
    ],
)
def test_a_number_phrase_is_read_as_one_unit(text, expected):
    same(rows(text), expected)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("全年收入3000亿元", "CNY"),
        ("募资人民币50亿", "CNY"),
        ("发放红包5亿块钱", "CNY"),
        ("股价收于153.1港元", "HKD"),
        ("每股派息3.40港元", "HKD"),
        ("股息为港币1.5元", "HKD"),
        ("市值蒸发800亿港币", "HKD"),
        ("市值一度达1855亿美金", "USD"),
        ("融资5000万美元", "USD"),
        ("售价US$999", "USD"),
        ("全年营收8000亿日元", "JPY"),
        ("估值100亿欧元", "EUR"),
        ("票房达10亿新台币", "TWD"),
        ("營收新台幣5,467億元", "TWD"),
    ],
)
def test_currencies_carry_their_code(text, unit):
    (got,) = rows(text, ("unit", "family"))
    assert got == (unit, "money")


@pytest.mark.parametrize(
    ("text", "value", "unit", "noun"),
    [
        ("这位主播拥有1193万粉丝", 1.193e7, "fans", "粉丝"),
        ("短剧已有100万DAU", 1e6, "DAU", "DAU"),
        ("平台有13.85亿月活用户", 1.385e9, "MAU", "月活用户"),
        ("吸引了500万名用户", 5e6, "users", "名用户"),
        ("入驻商家超过200万家商户", 2e6, "merchants", "家商户"),
        ("日均订单量超过3000万单", 3e7, "orders", "单"),
        ("员工逾两万人", 2e4, "people", "人"),
        ("新基石项目已经支持了104位科学家", 104.0, "people", "科学家"),
        ("覆盖3家银行", 3.0, "firms", "银行"),
        ("上架了2000万件商品", 2e7, "items", "件商品"),
        ("覆盖超过3万个乡镇", 3e4, "count", "乡镇"),
        ("用户数5.88亿", 5.88e8, "users", ""),  # 数 here is the count, not "several"
        ("快手日活跃用户数达3.8亿", 3.8e8, "DAU", ""),
        ("活跃买家达8.8亿人", 8.8e8, "users", "人"),
        ("年度活跃消费者约9.39亿", 9.39e8, "users", ""),
    ],
)
def test_counts_keep_their_noun(text, value, unit, noun):
    same(rows(text, ("value", "unit", "noun", "family")), [(value, unit, noun, "count")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三成用户选择了拼多多", [(30.0, NAN, "%", "", "")]),
        ("其中约七八成来自直播", [(70.0, 80.0, "%", "about", "")]),
        ("市占率约三成五", [(35.0, NAN, "%", "about", "")]),
        ("毛利率提升3个百分点", [(3.0, NAN, "pp", "", "increase")]),
        ("市场份额下滑2.5个百分点左右", [(2.5, NAN, "pp", "about", "decrease")]),
        ("抖音的日活是拼多多的2倍多", [(2.0, NAN, "x", "about", "")]),
        # the bound word bounds the noun after it (the yardstick), not the figure (QUANTITIES.md: words before the number)
        ("用户时长已超过微信入口3倍", [(3.0, NAN, "x", "", "")]),
        ("外卖平均30分钟送达", [(30.0, NAN, "minutes", "", "")]),
        ("用户日均使用时长124.5分钟", [(124.5, NAN, "minutes", "", "")]),
        ("只剩三个月的缓冲期", [(3.0, NAN, "months", "", "")]),
        # 十几 is 11-19, "about" (QUANTITIES.md, fuzzy amounts)
        ("这场持续十几年的竞争", [(11.0, 19.0, "years", "about", "")]),
    ],
)
def test_ratios_multiples_and_durations(text, expected):
    same(rows(text), expected)


@pytest.mark.parametrize(
    "text",
    [
        "他最终成为第一",
        "成本高企",
        "三成本地商家",
        "3年前,两年后",
        "一年不如一年",
        "新的一年开始了",
        "商家可0元入驻",
        "开出百万年薪",
        "庆祝20周年",
    ],
)
def test_look_alikes_of_ratios_and_durations_are_not_read(text):
    assert rows(text) == []


# --- bounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("交易额超过3万亿元", "at least"),
        ("交易额突破3万亿元", "at least"),
        ("交易额逾3万亿元", "at least"),
        ("交易额3万亿元以上", "at least"),
        ("交易额超3万亿元", "at least"),
        ("已高于京东自有渠道的150%", ""),  # the yardstick of a comparison, no bound word right before it
        ("成本高于150%", "at least"),
        ("占比不足5%", "below"),
        ("占比不到1%", "below"),
        ("占比低于5%", "below"),
        ("占比5%以下", "below"),
        ("收入约300亿元", "about"),
        ("收入近300亿元", "about"),
        ("收入300亿元左右", "about"),
        ("收入300多亿元", "about"),
        ("收入300余亿元", "about"),
        ("估计在80-100亿元", "about"),
        ("收入达300亿元", ""),
        ("收入达到300亿元", ""),
        ("收入高达300亿元", ""),
        ("收入为300亿元", ""),
        ("最近300亿元的收入", ""),  # 最近 is "recent", not 近 "nearly"
    ],
)
def test_bounds(text, qualifier):
    (got,) = rows(text, ("qualifier",))
    assert got == (qualifier,)


# --- change versus level -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("视频号电商的转化率同期增长200%", [("increase", 200.0)]),
        # 过去三年 only places the change in time (QUANTITIES.md, not quantities): no row
        ("点击转化率在过去三年下降超过40%", [("decrease", -40.0)]),
        ("2024年二季度,淘天集团收入同比下降1%", [("decrease", -1.0)]),
        ("营收同比上涨8%,净利润同比减少5%", [("increase", 8.0), ("decrease", -5.0)]),
        ("研发开支和行政开支分别同比下降了7.8%和5.6%", [("decrease", -7.8), ("decrease", -5.6)]),
        ("股价涨幅一度超过6%", [("increase", 6.0)]),
        ("股价下跌12%,市值缩水300亿港元", [("decrease", -12.0), ("decrease", -3e10)]),
        ("收入同比增幅为10%", [("increase", 10.0)]),
        ("營收年減3.2%,淨利衰退20%", [("decrease", -3.2), ("decrease", -20.0)]),  # Taiwan wording
        ("营收按年上升8%", [("increase", 8.0)]),  # Hong Kong wording
        ("全年实现15%的增长", [("increase", 15.0)]),
        # a figure reached after 增至/降至, or the start of 由…增至…, is a level
        ("经营利润率由去年的26%增至32%", [("", 26.0), ("", 32.0)]),
        ("份额从2019年的66%降至2022年的44%", [("", 66.0), ("", 44.0)]),
        ("国际游戏收入同比增长1%至人民币139亿元", [("increase", 1.0), ("", 1.39e10)]),
        ("数量从6款增加到8款", [("", 6.0), ("", 8.0)]),
    ],
)
def test_a_change_is_never_a_level(text, expected):
    assert rows(text, ("change", "signed_value")) == expected


# --- ranges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年费用在80-100亿元", (8e9, 1e10, "CNY")),
        ("年费用在80亿至100亿元", (8e9, 1e10, "CNY")),
        ("客单价在10万到20万元", (1e5, 2e5, "CNY")),
        ("投入在50亿元至80亿元之间", (5e9, 8e9, "CNY")),
        ("天花板在2万亿元到3\n万亿元之间", (2e12, 3e12, "CNY")),
        ("佣金率在10%~20%之间", (10.0, 20.0, "%")),
        ("佣金率为5%-8%", (5.0, 8.0, "%")),
        ("补贴3万～5万元", (3e4, 5e4, "CNY")),
    ],
)
def test_a_range_is_one_row(text, expected):
    same(rows(text, ("value", "value_max", "unit")), [expected])


def test_from_to_is_two_levels_not_a_range():
    same(rows("动销商品数从3000万上升至6000万", ("value", "value_max", "change")), [(3e7, NAN, ""), (6e7, NAN, "")])


# --- real reporting beyond earnings releases (issue 11, hand-read articles) ------------------
# Each rule: sentences written in the pattern, then a look-alike that must not change.

EXTRA_FIELDS = ("value", "value_max", "unit", "noun", "qualifier", "change")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 城 is the short classifier of cities
        (
            "业务从直营的30座城市收缩至8城",
            [(30.0, NAN, "cities", "座城市", "", ""), (8.0, NAN, "cities", "城", "", "")],
        ),
        ("如今已不足5城", [(5.0, NAN, "cities", "城", "below", "")]),
        # a lone 过/破 before a round magnitude is 超过: at least
        ("平台日活稳定过亿", [(1e8, NAN, "DAU", "", "at least", "")]),
        ("门店销售是日破百万", [(1e6, NAN, "CNY", "", "at least", "")]),
        ("年交易额过50亿元", [(5e9, NAN, "CNY", "", "at least", "")]),
        ("日活得过一个亿才有资格", [(1e8, NAN, "DAU", "", "at least", "")]),
        # a promotion formula is the terms of a deal, no quantity (QUANTITIES.md; tests/test_quantities_names.py)
        ("店铺满199减30", []),
        ("平台满300返50", []),
        # 块 + a digit is a colloquial price
        ("主打9块9包邮", [(9.9, NAN, "CNY", "", "", "")]),
        ("三块五一斤", [(3.5, NAN, "CNY", "", "", "")]),
        # a doubling with a numeral is 2 x, an increase (两番 = 4 x); 翻倍 and 翻了个倍 state no numeral: no quantity
        ("小程序的日活翻了一番", [(2.0, NAN, "x", "", "", "increase")]),
        ("订单量接近翻倍", []),
        ("粉丝数就翻了个倍", []),
        ("营收翻了两番", [(4.0, NAN, "x", "", "", "increase")]),
        # a bounded span of years, and a span named as time, are figures even with 一/两
        ("近五年来平台持续扩张", [(5.0, NAN, "years", "", "about", "")]),
        ("近两年间,公司减持了多家公司的股票", [(2.0, NAN, "years", "", "about", "")]),
        ("仅一年时间", [(1.0, NAN, "years", "", "", "")]),
        ("历时两个月完成整合", [(2.0, NAN, "months", "", "", "")]),
        # 因此 is no demonstrative; 内 (within) bounds the span from above, as 以内 does
        ("因此两年内要完成整合", [(2.0, NAN, "years", "", "below", "")]),
        # an age: a count of years of age, never drawn with a firm's durations
        ("41岁的创始人再次出任CEO", [(41.0, NAN, "age", "岁", "", "")]),
        # a verb that moves money makes a bare amount money, whatever else the clause counts; quoted as a
        # slogan (“分30亿”) it is a name, no quantity (tests/test_quantities_names.py)
        ("想和用户一起“分30亿”", []),
        ("头顶“欠80亿”的标语", []),
        ("快手想和用户一起分30亿", [(3e9, NAN, "CNY", "", "", "")]),
        ("一口气砸了50亿", [(5e9, NAN, "CNY", "", "", "")]),
        ("“一年买两个多亿”", [(2e8, NAN, "CNY", "", "about", "")]),  # 个多亿: over two 亿, about
        # a growth-rate target is a rate of increase; a later parallel clause keeps it; 不能低于 is at least
        (
            "头三年增速要在300%到500%,第四年得保证100%,之后不能低于30%到40%",
            [
                (3.0, NAN, "years", "", "", ""),
                (300.0, 500.0, "%", "", "", "increase"),
                (100.0, NAN, "%", "", "", "increase"),
                (30.0, 40.0, "%", "", "at least", "increase"),
            ],
        ),
        ("价格不能高于100元", [(100.0, NAN, "CNY", "", "below", "")]),
        ("投入不低于50亿元", [(5e9, NAN, "CNY", "", "at least", "")]),
        # in a comparison, 多/少 (or 多添) before a figure is the difference
        ("比上一年的红包总额又多添了5亿元", [(5e8, NAN, "CNY", "", "", "increase")]),
        ("今年比去年少了3亿元", [(3e8, NAN, "CNY", "", "", "decrease")]),
    ],
)
def test_figures_of_real_reporting(text, expected):
    same(rows(text, EXTRA_FIELDS), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 过 after a one-character verb is experiential, 不过/经过/打破 are other words: no bound
        ("他赚过100亿元", [(1e10, NAN, "CNY", "", "", "")]),
        ("经过3年的整合", [(3.0, NAN, "years", "", "", "")]),
        ("价格不过30万元", [(3e5, NAN, "CNY", "", "", "")]),
        ("打破3项纪录", [(3.0, NAN, "count", "纪录", "", "")]),
        # 满 with a unit is no promotion; 满分 is no threshold; a bare 减30 alone is no amount
        ("会员满100天可升级", [(100.0, NAN, "days", "", "", "")]),
        ("满分100", []),
        ("价格直接减30", []),
        # 块 as a classifier
        ("手机配了3块屏幕", []),
        ("两块业务合并", []),
        # vague multiples are no doubling
        ("股价翻了无数倍", []),
        ("订单成倍增长", []),
        # time offsets and demonstratives say when or point back: not figures
        ("两年后公司上市", []),
        ("提前两个月发布", []),
        ("这两年行业承压", []),
        ("已开放该三城的商户入驻", []),
        ("高呼万岁", []),
        ("他有两个多月没回家", [(2.0, NAN, "months", "", "about", "")]),  # 个多月 stays a duration
        ("入驻的部分商家已超10万", [(1e5, NAN, "merchants", "", "at least", "")]),  # 部分 is one word, not the verb 分
        # a clause with its own subject or a level verb does not inherit the direction before it
        ("营收同比增长10%,毛利率为30%", [(10.0, NAN, "%", "", "", "increase"), (30.0, NAN, "%", "", "", "")]),
        ("收入增长10%,占总收入的30%", [(10.0, NAN, "%", "", "", "increase"), (30.0, NAN, "%", "", "", "")]),
        # 多 outside a comparison is no change
        ("营收多达5亿元", [(5e8, NAN, "CNY", "", "", "")]),
        ("今年营收5亿元,比去年多", [(5e8, NAN, "CNY", "", "", "")]),
    ],
)
def test_look_alikes_of_real_reporting_keep_their_reading(text, expected):
    same(rows(text, EXTRA_FIELDS), expected)


# --- not quantities ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "二零二三年全年业绩;二〇二四年三月公布",  # years in Chinese numerals
        "截至二零二三年十二月三十一日止年度",
        "9月12日,京东购物入口将于9月30日关闭;2025-05-17发布;2023.05.17更新;2013年,2023-2024年",  # dates
        "第三季度营收、Q3财报、前三季度、三季度、2023Q4、H1",  # quarters and halves
        "(1)腾讯;(2)京东;1、合作终止;一、微信电商;(一)流量",  # list markers
        "国内第二大平台,排名第3,前2000名的品牌商,TOP 10",  # ordinals and rankings
        "会议于上午10:30开始,下午3点结束",  # times
        "腾讯控股(00700.HK)、美团(03690)、股票代码:09618、０９６１８",  # stock codes
        "H100和A800芯片,iPhone15,5G网络,3C数码,B2C,24H",  # model and product names
        "618大促,双11,双十一期间,双12",  # shopping days
        "客服电话400-820-8820,手机13812345678,座机010-12345678",  # phone numbers
        "报告下载:https://www.100ec.cn/zt/2025/ 和 www.example.com/100",  # URLs
        "毛一年表示;零一万物发布新模型;一年一度;千人千面;三四线城市",  # numerals inside names and set phrases
        "一家公司,两人同行,唯一的入口,百万富翁,百亿补贴,亿元户",
        "其他 其他 3501 人阅读 | 0 人回复",  # page furniture
    ],
)
def test_traps_are_not_quantities(text):
    table = extract_quantities(text)
    assert table.empty, table[["span", "value", "unit"]].to_string()


# --- subject, actor, period ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("腾讯2023年总营收达6090亿元", [("腾讯2023年总营收", "Tencent", "2023年")]),
        ("美团2022年营收同比增长22.8%,首次突破两千亿", [("美团2022年营收", "Meituan", "2022年")] * 2),
        ("2024年二季度,淘天集团收入同比下降1%", [("淘天集团收入", "Alibaba", "2024年二季度")]),
        ("美團營收按年增長12%至35億港元", [("美团营收", "Meituan", "")] * 2),
        ("台積電第三季營收新台幣5,467億元,年增15%", [("台积电第三季营收", "", "第三季")] * 2),
        ("拼多多市值一度超过2000亿美元", [("拼多多市值", "Pinduoduo", "")]),
        # a change stated after its level measures the same thing; 较去年 is not a subject
        ("京东净利润为30亿元,较去年增长20%", [("京东净利润", "JD", ""), ("京东净利润", "JD", "")]),
        ("总收入为人民币6,090亿元(860亿美元),同比增长10%", [("总收入", "", "")] * 3),
        ("阿里月活达9.5亿,而拼多多仅7.5亿", [("阿里月活", "Alibaba", ""), ("拼多多", "Pinduoduo", "")]),
        ("相比之下拼多多已超4万亿元", [("拼多多", "Pinduoduo", "")]),
        ("抖音电商定下了全年超3万亿元的总成交额目标", [("总成交额目标", "ByteDance", "")]),
        ("毛利:同比增长23%", [("毛利", "", "")]),
        ("截至二零二三年十二月三十一日,总现金为4,033亿元", [("总现金", "", "截至二零二三年十二月")]),
        ("吸引了500万名用户", [("", "", "")]),  # a verb alone is no subject
        # 时长 names what is measured even where jieba splits it (时/长): the second figure has its own subject
        ("人均消费金额超1000元,日均用户使用时长超过两小时", [("人均消费金额", "", ""), ("日均用户使用时长", "", "")]),
    ],
)
def test_subject_actor_and_period(text, expected):
    assert rows(text, ("subject", "actor", "year")) == expected


def test_seed_sentence_with_a_period_and_a_percentage():
    table = extract_quantities("(1)腾讯内部数据显示,微信购物入口的点击转化率在过去三年下降超过40%")
    percent = table[table["unit"] == "%"].iloc[0]
    assert (percent["subject"], percent["actor"], percent["qualifier"], percent["change"]) == (
        "微信购物入口的点击转化率",
        "Tencent",
        "at least",
        "decrease",
    )
    assert table[table["unit"] == "years"]["value"].tolist() == []  # 过去三年 places it in time


# --- 兆, signs, exact values, ceilings (review of issue 11) -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 兆 is 10^12 in Taiwan and Hong Kong amounts and on mainland finance pages (= 万亿)
        (
            "台積電第三季營收達新台幣7,596億元,全年營收達新台幣2.2兆元。",
            [(7.596e11, NAN, "TWD", "", ""), (2.2e12, NAN, "TWD", "", "")],
        ),
        ("抖音電商2023年GMV約為1.41兆元人民幣。", [(1.41e12, NAN, "CNY", "about", "")]),
        ("抖音电商2023年GMV约为1.41万亿元。", [(1.41e12, NAN, "CNY", "about", "")]),
        ("輝達市值達1.5兆美元。", [(1.5e12, NAN, "USD", "", "")]),
        ("鴻海去年營收達1兆元", [(1e12, NAN, "CNY", "", "")]),
        ("日本政府追加預算約13.1兆日圓", [(1.31e13, NAN, "JPY", "about", "")]),
        ("全球市場規模在1兆至2兆美元之間", [(1e12, 2e12, "USD", "", "")]),
        ("集團營收約2兆3,000億元", [(2.3e12, NAN, "CNY", "about", "")]),
        ("营业收入为3亿5000万元", [(3.5e8, NAN, "CNY", "", "")]),
        # a Chinese numeral that ends in its own place word takes an Arabic remainder too (crashed before)
        ("公司去年营收达到三亿5000万元。", [(3.5e8, NAN, "CNY", "", "")]),
        ("该轮融资总额为十亿3000万美元", [(1.03e9, NAN, "USD", "", "")]),
        # ...but 兆 as the metric prefix mega measures energy or data, never money
        ("光伏电站装机容量达300兆瓦", []),
        ("家庭宽带带宽100兆", []),
        ("单张照片约5兆字节", []),
        ("公司投资100亿元建设300兆瓦光伏电站", [(1e10, NAN, "CNY", "", "")]),
        ("升级到带宽1000兆,月费仅99元", [(99.0, NAN, "CNY", "", "")]),
        # ...nor does money elsewhere in the sentence make a bare 兆 a trillion of it
        ("电信推出100元套餐,宽带300兆。", [(100.0, NAN, "CNY", "", "")]),
        ("这款手机的售价为3999元,内存为512兆。", [(3999.0, NAN, "CNY", "", "")]),
        ("營收達新台幣2.2兆。", [(2.2e12, NAN, "TWD", "", "")]),  # a currency named before it is money written
    ],
)
def test_zhao_is_a_trillion_in_money_and_mega_in_units(text, expected):
    same(rows(text), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a minus right before the digits is the sign of the figure
        ("公司第三季度净利润为-5.2亿元。", [(-5.2e8, -5.2e8, "CNY", "-5.2亿元")]),
        ("经营利润率为-3%。", [(-3.0, -3.0, "%", "-3%")]),
        ("本地生活业务亏损-2亿", [(-2e8, -2e8, "CNY", "-2亿")]),
        ("净利润为－5.2亿元。", [(-5.2e8, -5.2e8, "CNY", "-5.2亿元")]),  # full-width minus
        ("净利润:-5.2亿元", [(-5.2e8, -5.2e8, "CNY", "-5.2亿元")]),
        ("经营现金流(-12.5亿元)转负", [(-1.25e9, -1.25e9, "CNY", "-12.5亿元")]),
        ("毛利率同比−3%", [(-3.0, -3.0, "%", "−3%")]),  # the minus sign U+2212
        ("经营利润率由-10%升至5%", [(-10.0, -10.0, "%", "-10%"), (5.0, 5.0, "%", "5%")]),
        # a decrease of a negative figure: the sign of the figure and of the change multiply
        ("利润同比下降-5%", [(-5.0, 5.0, "%", "-5%")]),
        # a dash between numbers is a range, a hyphen at the start of a line a bullet
        ("佣金率提升10-15%", [(10.0, 10.0, "%", "10-15%")]),
        ("2023-2024年营收增长20%", [(20.0, 20.0, "%", "20%")]),
        ("-5家门店将于年底关闭", [(5.0, 5.0, "merchants", "5家门店")]),
        ("主要数据:\n-300亿元营收", [(3e10, 3e10, "CNY", "300亿元")]),
        ("- 营收300亿元", [(3e10, 3e10, "CNY", "300亿元")]),
        ("型号A-100亿", []),
    ],
)
def test_a_minus_before_the_digits_is_a_sign(text, expected):
    same(rows(text, ("value", "signed_value", "unit", "span")), expected)


def test_a_range_of_negative_figures():
    same(rows("利润率在-10%至-5%之间", ("value", "value_max", "unit")), [(-10.0, -5.0, "%")])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("营收8.8亿元", 880000000.0),
        ("营收2.3亿元", 230000000.0),
        ("利润170.3亿元", 17030000000.0),
        ("交易额1.41万亿元", 1410000000000.0),
        ("成本325.379亿元", 32537900000.0),
        ("月活10.29亿", 1029000000.0),
        ("净亏损-8.8亿元", -880000000.0),
        ("渗透率三成七", 37.0),
    ],
)
def test_a_decimal_times_a_power_of_ten_is_exact(text, value):
    (got,) = rows(text, ("value",))
    assert got[0] == value and repr(got[0]) == repr(value)  # exact: no 880000000.0000001 in the CSV


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 最高达/最多/至多 give a ceiling: the upper bound, "below" like 不超过
        ("部分商品降幅最高达40%", [(40.0, "below", "decrease", -40.0)]),
        ("股价涨幅最高可达20%", [(20.0, "below", "increase", 20.0)]),
        ("每位用户最多可领取100元补贴", [(100.0, "below", "", 100.0)]),
        ("平台至多拿出3亿元", [(3e8, "below", "", 3e8)]),
        # 最高 alone reports a level, as 达 and 高达 do (QUANTITIES.md: "达/达到, 高达, 最高 alone give ''")
        ("单笔订单最高3000元", [(3000.0, "", "", 3000.0)]),
        ("这款模型最高支持1000万tokens", [(1e7, "", "", 1e7)]),
        ("罚款金额最高为10万元", [(1e5, "below", "", 1e5)]),
        # their floors: 最少/最低 = at least
        ("年化收益率最低3%", [(3.0, "at least", "", 3.0)]),
        ("最少需要投入50万元", [(5e5, "at least", "", 5e5)]),
        # look-alikes: a level reached keeps no bound
        ("部分商品降幅高达40%", [(40.0, "", "decrease", -40.0)]),
        ("收入提高30%", [(30.0, "", "increase", 30.0)]),
        ("最高法院判赔500万元", [(5e6, "", "", 5e6)]),
        ("最多的一家门店卖出300件", [(300.0, "", "", 300.0)]),
    ],
)
def test_a_ceiling_is_an_upper_bound(text, expected):
    same(rows(text, ("value", "qualifier", "change", "signed_value")), expected)


# --- script, types, columns --------------------------------------------------------------------


def test_traditional_script_reads_like_simplified():
    traditional = rows("營收達到300億元，同比增長15%，用戶數5.88億", FIELDS + ("subject",))
    simplified = rows("营收达到300亿元,同比增长15%,用户数5.88亿", FIELDS + ("subject",))
    same(traditional, simplified)
    assert [r[2] for r in traditional] == ["CNY", "%", "users"]


@pytest.mark.parametrize("bad", [None, 3, b"300\xe4\xba\xbf", ["300亿元"]])
def test_non_text_is_a_clear_type_error(bad):
    with pytest.raises(TypeError, match="text must be a str"):
        extract_quantities(bad)


def test_columns_empty_input_and_families():
    assert list(extract_quantities("").columns) == QUANTITY_COLUMNS
    assert extract_quantities("没有数字的句子。").empty
    table = extract_quantities("营收300亿元,同比增长10%,用户5亿,是对手的2倍,历时3年。")
    assert table["family"].tolist() == ["money", "percent", "count", "multiple", "duration"]
    assert set(UNIT_FAMILY.values()) == {"money", "percent", "multiple", "count", "duration"}


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("1,953.04", 1953.04),
        ("1953", 1953.0),
        ("两千亿", 2e11),
        ("千亿", 1e11),
        ("三点五", 3.5),
        ("十", 10.0),
        ("二零二三", None),
        ("零一", None),
        ("七八", None),
        ("", None),
    ],
)
def test_parse_numeral(numeral, value):
    assert parse_numeral(numeral) == value


@pytest.mark.parametrize(
    ("value", "factor", "product"),
    [
        (8.8, 1e8, 880000000.0),
        (2.3, 1e8, 230000000.0),
        (1.41, 1e12, 1410000000000.0),
        (-5.2, 1e8, -520000000.0),
        (3.7, 10.0, 37.0),
        (1953.04, 1e8, 195304000000.0),
    ],
)
def test_scale_is_exact_in_decimal_terms(value, factor, product):
    assert repr(scale(value, factor)) == repr(product)


def test_the_seed_quantities(corpus):
    table = quantity_table(corpus)
    spans = set(table["span"])
    for span in (
        "40%",
        "200%",
        "80-100亿元",
        "150%",
        "180元",
        "50元",
        "3倍",
        "3000亿元",
        "13.85亿月活用户",
        "百万",
        "13.71亿",
        "8.93亿",
        "66%",
        "44%",
        "1%",
        "4%",
        "12亿",
        "13亿月活用户",
        "3亿",
        "十余家企业",
    ):
        assert span in spans, span
    assert not table["span"].str.contains(r"^(?:19|20)\d\d年?$").any()
    assert table.equals(table.sort_values(["doc_id", "start"], ignore_index=True))
    assert (table["doc_id"] == "003").sum() == 0  # the 2015 piece argues without figures
    for row in table.itertuples():  # each row's span sits at its offset in the article text
        text = corpus.set_index("doc_id").loc[row.doc_id, "text"]
        assert text[row.start : row.start + len(row.span)] == row.span


@pytest.mark.parametrize(
    "text",
    [
        "美团抖音外卖之战升级\n2024年3月,美团营收同比增长25%。",  # a headline, then a line opening with a date
        "拼多多发布三季度财报\n2023-11-28 10:23 拼多多营收同比增长25%。",
        "京东零售新动向\n3月5日,京东营收同比增长25%。",
    ],
)
def test_a_line_that_opens_with_a_date_is_no_wrapped_number(text):
    row = extract_quantities(text).iloc[0]
    assert row["span"] == "25%" and not row["sentence"].startswith(text.split("\n")[0])


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("台積電去年營收2.16兆元新台幣。", "TWD"),  # Taiwan writes the currency after 元
        ("净利润为300亿元新台币", "TWD"),
        ("港股公司营收约120亿元港币", "HKD"),
        ("营收300亿元人民币", "CNY"),
        ("公司营收达50亿元美元债规模为10亿美元", "CNY"),  # 美元 after 元 opens the next phrase
    ],
)
def test_a_currency_named_after_yuan_is_the_unit(text, unit):
    assert extract_quantities(text).iloc[0]["unit"] == unit

"""Quantities by convention: one table test per rule of ``../shared/devpages/QUANTITIES.md``.

Each table holds sentences written for these tests in the patterns real pages use (mainland portals
in simplified script, Hong Kong and Taiwan financial pages in traditional script: 點, 蝕, 按年,
億港元, 新台幣, 萬億, 半個月, 升/跌 + a percentage) and the rows the convention gives them, so a rule
that holds for one page's wording and not for the convention fails here.
"""

import math

import pytest

from coopetition.measures.quantities import extract_quantities

NAN = math.nan


def money(text):
    table = extract_quantities(text)
    table = table[table["family"] == "money"]
    return list(zip(table["span"], table["unit"], table["currency_assumed"].tolist()))


def figures(text):
    """(value, value_max or None, unit, qualifier, change) of every row."""
    table = extract_quantities(text)
    return [
        (value, None if math.isnan(top) else top, unit, qualifier, change)
        for value, top, unit, qualifier, change in zip(
            table["value"], table["value_max"], table["unit"], table["qualifier"], table["change"]
        )
    ]


# "The span is the number, plus any multiplier (万/亿/萬億/个亿), plus the unit ... 點"; "Index points are
# other:points"; "value is a float in base units"
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("恒指收報17,250點，跌85點。", [(17250.0, None, "points", "", ""), (85.0, None, "points", "", "decrease")]),
        (
            "恒生指數全日升312點，收報19,456點。",
            [(312.0, None, "points", "", "increase"), (19456.0, None, "points", "", "")],
        ),
        ("上证指数收报3,050点,涨12点。", [(3050.0, None, "points", "", ""), (12.0, None, "points", "", "increase")]),
        ("平台GMV超過1.5萬億元。", [(1.5e12, None, "CNY", "at least", "")]),
        ("公司股價升3.5%，成交額跌2%。", [(3.5, None, "%", "", "increase"), (2.0, None, "%", "", "decrease")]),
        ("整個審批歷時半個月。", [(0.5, None, "months", "", "")]),
    ],
)
def test_span_value_and_unit(text, expected):
    assert figures(text) == expected


# "change is increase or decrease only for a stated change (同比/环比/按年 growth, 涨, 净增, 跌, 下降, 蝕).
# Levels before and after a change (由26%上升至32%) are levels"
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公司去年蝕3.2億港元。", [(3.2e8, None, "HKD", "", "decrease")]),
        ("收入按年增長12%，純利按年跌5%。", [(12.0, None, "%", "", "increase"), (5.0, None, "%", "", "decrease")]),
        ("純利按年升8%至45億港元。", [(8.0, None, "%", "", "increase"), (4.5e9, None, "HKD", "", "")]),
        ("市佔率由26%升至32%。", [(26.0, None, "%", "", ""), (32.0, None, "%", "", "")]),
        ("交易額按年增加百分之二十。", [(20.0, None, "%", "", "increase")]),
        ("腾讯股价跌2%至380港元。", [(2.0, None, "%", "", "decrease"), (380.0, None, "HKD", "", "")]),
        ("抖音的日活是快手的2倍。", [(2.0, None, "x", "", "")]),  # a ratio is no change
    ],
)
def test_change_against_level(text, expected):
    assert figures(text) == expected


# "Words before the number (超, 超过, 约, 近, 接近, 逾, 突破, 过, 上) and after it (左右, 以上, 多, 余) go in
# qualifier"; "达/达到, 高达, 最高 alone give ''. 或达 gives about. 最多/至多/最高达 give below; 最少/起码 at least"
@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("員工逾2萬人。", "at least"),
        ("南向資金淨流入逾50億港元。", "at least"),
        ("市值蒸發近千億港元。", "about"),
        ("营收约300亿元。", "about"),
        ("营收300亿元左右。", "about"),
        ("营收达300亿元。", ""),
        ("营收高达300亿元。", ""),
        ("单笔最高3000元。", ""),
        ("单笔最高达3000元。", "below"),
        ("每人最多可领100元。", "below"),
        ("起码要投入50万元。", "at least"),
        ("今年营收或达300亿元。", "about"),
        ("成本已高于对手的150%。", ""),  # 高于 bounds the noun after it, not the figure
    ],
)
def test_bounds_by_the_words_next_to_the_number(text, qualifier):
    (row,) = figures(text)
    assert row[3] == qualifier


# "数X and 几X are the range 2X-9X, about. 十几 is 11-19. Bare magnitudes (万亿, 百亿, 千亿) are one unit of
# that magnitude, about (or at least after 超/突破/过)"
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公司計劃投入數十億元。", [(2e9, 9e9, "CNY", "about", "")]),
        ("这场竞争持续了十几年。", [(11.0, 19.0, "years", "about", "")]),
        ("平台补贴重回千亿元。", [(1e11, None, "CNY", "about", "")]),
        ("日活突破千万。", [(1e7, None, "DAU", "at least", "")]),
    ],
)
def test_fuzzy_amounts(text, expected):
    assert figures(text) == expected


# "Money with no currency word takes the currency the text states elsewhere (人民幣(下同), a 港股 market
# report in HKD, a Taiwan company's 新台幣 figures); where the text states none at all it is CNY with
# currency_assumed"
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "港股收市：恒指跌85點，收報17,250點。\n恒生指數成份股中，友邦每股派息1.2元，純利按年升8%至45億元。",
            [("1.2元", "HKD", False), ("45亿元", "HKD", False)],
        ),
        ("港股日報：恒指升120點。\n騰訊收報$380.2，成交額$52億。", [("380.2", "HKD", False), ("52亿", "HKD", False)]),
        (
            "台積電公布第三季財報，營收達新台幣7,596億元，稅後純利3,253億元。",
            [("7,596亿元", "TWD", False), ("3,253亿元", "TWD", False)],
        ),
        ("營收7,596億元新台幣，年增36%。", [("7,596亿元", "TWD", False)]),
        ("公司收入為人民幣(下同)1,200億元，淨利潤300億元。", [("1,200亿元", "CNY", False), ("300亿元", "CNY", False)]),
        ("收入205億人民幣。", [("205亿人民币", "CNY", False)]),
        # renminbi named elsewhere on the page: a bare 元 is CNY by the page, not assumed
        ("公司在内地的收入为人民币300亿元,海外收入50亿元。", [("300亿元", "CNY", False), ("50亿元", "CNY", False)]),
        # no currency anywhere: CNY, assumed; a dollar amount elsewhere names no yuan
        ("公司全年收入1,200亿元,净利润300亿元。", [("1,200亿元", "CNY", True), ("300亿元", "CNY", True)]),
        ("融资5000万美元,公司营收3亿元。", [("5000万美元", "USD", False), ("3亿元", "CNY", True)]),
    ],
)
def test_the_currency_of_bare_money_comes_from_the_page(text, expected):
    assert money(text) == expected


# "Not quantities: dates, times, years, quarters, list markers, ordinals, stock codes, phone numbers, model
# names, URLs, page counters and widget numbers (stock-quote boxes, view counts), numerals inside names and
# set phrases (双11, 零和博弈); small counts of items the text itself lists; 一 used as an article;
# durations that only place something in time (半年前, 未来三年, 过去一年)"
@pytest.mark.parametrize(
    "text",
    [
        "2024年3月5日,公司排名第2。",
        "二零二三年第三季度,Q3業績公布。",
        "騰訊控股(00700) +2.35% 380.2",
        "沽空金額3.2億，沽空比率12.5%",
        "客服电话400-820-8820,详见www.example.com",
        "H100芯片在618和双11期间供不应求。",
        "北京、上海、成都三地同步开业。",
        "一家公司宣布进入外卖市场。",
        "未來三年，公司將加大投入。",
        "過去一年，雙方合作並不順利。",
        "最近两天,有程序员在论坛上发帖。",  # 最近 places the days in time, as 过去 does
        "最近三年，雙方一直在競爭。",
        "半年前，兩家公司還是對手。",
        "阿里巴巴股價半年來首次回升。",
        "这是一场零和博弈。",
        "下午3点,发布会开始。",
        "3501 人阅读",
    ],
)
def test_not_quantities(text):
    assert extract_quantities(text).empty, figures(text)


# "durations that are themselves the fact (usage time, time taken, tenure: 75天, 两小时) are quantities"
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("骑手平均用时28分钟送达。", [(28.0, None, "minutes", "", "")]),
        ("审批只用了75天。", [(75.0, None, "days", "", "")]),
        ("用户每天使用两小时以上。", [(2.0, None, "hours", "at least", "")]),
    ],
)
def test_durations_that_are_the_fact(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "　", "點點點", "億億億元", "%%%", "港股" * 50, "恒指" + "\x00" * 10 + "85點", "1" * 400],
)
def test_adversarial_input_gives_a_table_and_no_error(text):
    table = extract_quantities(text)
    assert list(table.columns)[:3] == ["value", "value_max", "unit"]
    assert all(isinstance(span, str) and span for span in table["span"])

"""The two stages of the quantity reader, rule by rule: lexer tokens, masks, grammar rules, page currency.

Each table pairs a sentence written in the patterns of real reporting (mainland, Hong Kong and
Taiwan pages) with what the rule must give, and adversarial look-alikes it must leave alone.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re

import pandas as pd
import pytest

import coopetition.measures.quantities as quantities
from coopetition.measures.quantities import QUANTITY_COLUMNS, extract_quantities
from coopetition.measures.quantities.context import rate_direction
from coopetition.measures.quantities.currency import page_currency
from coopetition.measures.quantities.lexer import MASK, mask, scan
from coopetition.measures.quantities.lexicon import WordTable, word_tag

NAN = math.nan


def _modules():
    yield importlib.import_module("coopetition.measures.numerals")
    for info in pkgutil.iter_modules(quantities.__path__):
        yield importlib.import_module(f"coopetition.measures.quantities.{info.name}")
    yield quantities


def _patterns(value):
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _patterns(item)


def test_no_compiled_pattern_in_the_quantity_modules_is_longer_than_200_characters():
    found = 0
    for module in _modules():
        for name, value in vars(module).items():
            for pattern in _patterns(value):
                found += 1
                assert len(pattern.pattern) <= 200, f"{module.__name__}.{name}: {len(pattern.pattern)} characters"
    assert found > 20  # the walk reaches the lexer's and the grammar's patterns


def test_the_old_single_module_is_gone_and_numbers_no_longer_shadows_the_standard_library():
    import numbers

    assert hasattr(numbers, "Number")  # the standard library's module, not ours
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("coopetition.numbers")


# --- lexer -------------------------------------------------------------------------------------


def _tokens(text):
    phrase = scan(mask(text))
    return None if phrase is None else {k: v[2] for k, v in phrase.tokens.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("营收3.5万亿元", {"lo": "3.5", "lomult": "万亿", "unit": "元"}),
        ("净利润为-5.2亿元", {"minus": "-", "lo": "5.2", "lomult": "亿", "unit": "元"}),
        ("估值80-100亿美元", {"lo": "80", "dash": "-", "hi": "100", "himult": "亿", "unit": "美元"}),
        ("营收2兆3000亿元", {"lo": "2", "lomult": "兆", "rest": "3000", "restmult": "亿", "unit": "元"}),
        ("员工十余万人", {"lo": "十", "lofuzzy": "余", "lomult": "万", "unit": "人"}),
        ("带宽100兆瓦", {"lo": "100"}),  # 兆 before a unit of measure is mega, no multiplier
        ("覆盖数万个乡镇", {"vague": "数", "vmult": "万", "unit": "个"}),
        ("占比百分之二十五", {"pct": "二十五"}),
        ("订单量翻了两番", {"double": "翻了两番", "fan": "两"}),
        ("售价9块9", {"kuai": "9", "jiao": "9"}),
        ("亏损缩小一半", {"half": "一半"}),
        ("用了半个月", {"half": "半", "unit": "个月"}),
        ("份额达三分之二", {"denominator": "三", "numerator": "二"}),
        ("市占率:54.2%", {"lo": "54.2", "unit": "%"}),  # a colon after a word is no time of day
        ("H100芯片", None),  # inside a Latin word
        ("上半年营收", None),  # 上半年 is a period, not half a year
    ],
)
def test_lexer_reads_one_number_phrase_as_named_tokens(text, expected):
    assert _tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("2024年9月30日营收", "2024年9月30日"),
        ("腾讯控股(00700.HK)公布业绩", "00700.HK"),
        ("美团(03690) +2.35% 128.5 今日", "(03690) +2.35% 128.5"),  # a quote glued after the code
        ("沽空金额3.2亿,沽空比率12.5%", "沽空金额3.2亿"),
        ("今晚12点后可体验", "12点"),
        ("下午3点开盘", "下午3点"),
        ("双11大促", "双11"),
        ("客服电话400-820-8820", "400-820-8820"),
    ],
)
def test_mask_hides_what_is_never_a_quantity_and_keeps_offsets(text, hidden):
    masked = mask(text)
    assert len(masked) == len(text)
    at = text.index(hidden)
    assert masked[at : at + len(hidden)] == MASK * len(hidden)


def test_an_index_level_is_not_masked_as_a_time():
    assert MASK not in mask("恒指收跌120点")


def test_word_table_finds_the_longest_word_at_either_end():
    table = WordTable(["元", "港元", "亿元", "个月"])
    assert table.prefix("港元起", 0) == "港元"
    assert table.prefix("5个月", 1) == "个月"
    assert table.suffix("营收3亿元") == "亿元"
    assert table.prefix("美金", 0) == ""


def test_word_tags_come_from_the_dictionary_and_unknown_domain_words_read_as_x():
    assert word_tag("科学家").startswith("n")
    assert word_tag("GMV") == "eng"
    assert word_tag("拼多多") == "x"  # as jieba's own tagger gives a word it has no tag for


# --- grammar rules -----------------------------------------------------------------------------


def rows(text, columns=("value", "value_max", "unit", "qualifier", "change")):
    table = extract_quantities(text)
    return [tuple(row) for row in table[list(columns)].itertuples(index=False)]


def _same(found, expected):
    assert len(found) == len(expected), (found, expected)
    for row, want in zip(found, expected):
        for a, b in zip(row, want):
            if isinstance(b, float):
                assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), (found, expected)
            else:
                assert a == b, (found, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fuzzy amounts (QUANTITIES.md): 数X and 几X are 2X-9X about; 十几 is 11-19; 上千 is at least
        ("平台已吸引数万商家入驻", [(2e4, 9e4, "merchants", "about", "")]),
        ("几十家企业参与", [(20.0, 90.0, "firms", "about", "")]),
        ("这场持续十几年的竞争", [(11.0, 19.0, "years", "about", "")]),
        ("上千名骑手到场", [(1000.0, NAN, "people", "at least", "")]),
        # halves and fractions
        ("每单位亏损已比7-8月缩小一半", [(50.0, NAN, "%", "", "decrease")]),
        ("两家用了半个月就谈妥", [(0.5, NAN, "months", "", "")]),
        ("支付GMV已达淘天体系的三分之二", [(200 / 3, NAN, "%", "", "")]),
        ("商家将赔付双倍差额", [(2.0, NAN, "x", "", "")]),
        # index points; a Chinese numeral before 点 is points of an argument
        ("恒指收跌120点,报17,500点", [(120.0, NAN, "points", "", "decrease"), (17500.0, NAN, "points", "", "")]),
        ("他提出三点建议", []),
        ("毛利率提升3个点", [(3.0, NAN, "pp", "", "increase")]),
    ],
)
def test_numbers_multipliers_and_units(text, expected):
    _same(rows(text), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # durations that only place something in time are no quantities (QUANTITIES.md)
        ("未来三年电商行业将继续整合", []),
        ("2025年前十个月GMV突破4万亿元", [(4e12, NAN, "CNY", "at least", "")]),
        ("半年前公司上线了新业务", []),
        ("如今618年中大促将临", []),
        # a duration that is the fact stays
        ("骑手一个班六小时走下来", [(6.0, NAN, "hours", "", "")]),
    ],
)
def test_time_place_rules(text, expected):
    _same(rows(text), expected)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("阿里出资283亿认购苏宁股份", "CNY"),  # a verb that moves money
        ("苏宁则斥资140亿认购阿里股份", "CNY"),
        ("在30亿补贴的推动下订单量大增", "CNY"),  # the noun right after names money
        ("拼多多以5.2万亿GMV占据市场份额", "CNY"),
        ("腾讯号称投入14亿资金", "CNY"),
        ("抖音日活突破6亿", "DAU"),  # a user noun wins
        ("这款模型最高支持1000万tokens长文本输入", "count"),  # a Latin noun after a magnitude: a figure
    ],
)
def test_a_bare_magnitude_is_money_by_its_verb_or_noun(text, unit):
    assert rows(text, ("unit",)) == [(unit,)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # list-joined figures share the bound and the change of the first
        ("微信、QQ月活跃用户数分别超过12亿和6亿", [("at least", ""), ("at least", "")]),
        ("营收、利润分别同比下降7.8%和5.6%", [("", "decrease"), ("", "decrease")]),
        # a growth rate is an increase even when it slows to a level; a rate noun after a percentage
        ("而阿里核心电商增速放缓至12%", [("", "increase")]),
        ("京东以2.3%涨幅领跑,拼多多逆势下跌1.1%", [("", "increase"), ("", "decrease")]),
        # changes stated with a bare verb, HK and TW usage
        ("股价飙涨18%,利润大缩五成", [("", "increase"), ("", "decrease")]),
        ("美团按年蚀20亿元", [("", "decrease")]),
        ("淘宝尚未突破30%的产能利用率", [("below", "")]),  # a negated lower bound is an upper one
        ("快手覆盖3亿+日活用户", [("at least", "")]),
        ("占据90% 以上的市场份额", [("at least", "")]),
        # a level after a change verb and 至 is a level (QUANTITIES.md)
        ("份额由26%上升至32%", [("", ""), ("", "")]),
    ],
)
def test_bounds_and_changes(text, expected):
    assert rows(text, ("qualifier", "change")) == expected


def test_three_firms_after_their_names_are_the_size_of_the_list_not_a_figure():
    assert rows("优酷、爱奇艺、腾讯视频三家长视频平台的负责人先后上台", ("value",)) == []
    assert rows("平台新引入三家物流公司", ("value", "unit")) == [(3.0, "firms")]


@pytest.mark.parametrize(
    ("clause", "direction"),
    [("电商行业GMV同比增速", "increase"), ("股价跌幅", "decrease"), ("市场份额", ""), ("增速与降幅", "decrease")],
)
def test_rate_direction_reads_the_last_rate_noun(clause, direction):
    assert rate_direction(clause) == direction


# --- page currency -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 下同: the stated currency holds below
        ("美团季度收入为937亿元(人民币,下同),经营亏损140亿元。", [("CNY", False), ("CNY", False)]),
        ("腾讯收入为1,800亿港元,下同。其中广告收入300亿元。", [("HKD", False), ("HKD", False)]),
        # a Hong Kong market report: bare amounts and a bare $ are HKD
        ("港股收市:恒指跌1.2%,腾讯收报$320,大市成交额达50亿元。", [("HKD", False), ("HKD", False)]),
        # a Taiwan company's figures in 新台币, none in renminbi
        ("台积电第三季营收新台币7,596亿元,净利3,252亿元。", [("TWD", False), ("TWD", False)]),
        # nothing stated: CNY, flagged as assumed; a written currency never is
        ("阿里赔京东10亿,股价收于153.1港元。", [("CNY", True), ("HKD", False)]),
        # a mainland page that mentions 港股 once is no HK market report
        ("美团港股上市后营收300亿元。", [("CNY", True)]),
    ],
)
def test_bare_money_takes_the_currency_the_page_states(text, expected):
    table = extract_quantities(text)
    money = table[table["family"] == "money"]
    assert list(zip(money["unit"], money["currency_assumed"])) == expected


def test_page_currency_reads_the_whole_text_once():
    assert page_currency("人民币(下同)").code == "CNY"
    assert page_currency("恒指收市报17,500点,港股成交额").hong_kong
    assert page_currency("营收300亿元").code == ""


def test_currency_assumed_is_a_boolean_column_and_false_for_non_money():
    table = extract_quantities("营收3亿元,同比增长12%")
    assert table["currency_assumed"].dtype == bool
    assert table["currency_assumed"].tolist() == [True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("审核基本会在一天内通过", [(1.0, "days", "below")]),  # within a span: an upper bound
        ("TikTok在三年内获得了1.06亿用户", [(3.0, "years", "below"), (1.06e8, "users", "")]),
        ("平台引入3家内资企业", [(3.0, "firms", "")]),  # 内资 is a word, no bound
    ],
)
def test_nei_after_a_span_of_time_is_an_upper_bound(text, expected):
    assert rows(text, ("value", "unit", "qualifier")) == expected


def test_the_table_has_the_same_dtypes_with_and_without_rows():
    full, empty = extract_quantities("营收3亿元,同比增长12%,员工2万人"), extract_quantities("没有数字的一句话")
    assert list(full.columns) == list(empty.columns) == list(quantities.QUANTITY_COLUMNS)
    assert full.dtypes.tolist() == empty.dtypes.tolist()
    assert str(full["start"].dtype) == "int64" and str(full["value"].dtype) == "float64"
    empty["value"] = empty["value"] + 1  # a caller may change its copy: the next empty table is untouched
    empty.insert(0, "doc_id", [])
    assert list(extract_quantities("也没有").columns) == list(quantities.QUANTITY_COLUMNS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hong Kong market conventions, in traditional script as the pages write them
        ("騰訊股價升5%,恒指跌3%", [(5.0, "%", "increase"), (3.0, "%", "decrease")]),
        ("恒指失守兩萬關", [(20000.0, "points", "")]),
        ("恒指重上兩萬點關口", [(20000.0, "points", "")]),
        ("美團第二季蝕20億元", [(2e9, "CNY", "decrease")]),
        ("公司營收205億人民幣,按年增長12%", [(2.05e10, "CNY", ""), (12.0, "%", "increase")]),
        # parallel numbers: the first takes the money of its clause, the second its own unit
        ("营收、利润分别为3亿、2亿元", [(3e8, "CNY", ""), (2e8, "CNY", "")]),
    ],
)
def test_hong_kong_conventions_and_parallel_numbers(text, expected):
    assert rows(text, ("value", "unit", "change")) == expected


# --- the batch path and the shortcuts of the fast path (issue 25 follow-up) -------------------

_BATCH_TEXTS = [
    "阿里巴巴集团本季度营收2,348亿元,同比增长5%;淘天集团客户管理收入约为715亿元。",
    "美团外卖日单量一度突破6000万单,骑手超过100万人。",
    "這一年來，雙方的合作並不順利。",  # traditional script, no figure
    "京东的GMV翻倍,而拼多多的用户有一半来自下沉市场。",  # figures written with no numeral
    "",
    "据报道,二零二三年腾讯(00700)股价下午3点报价380港元,客服电话400-820-8820。",
]


def test_extract_records_are_the_rows_of_extract_quantities_in_column_order():
    from coopetition.measures.quantities import extract_records

    for text in _BATCH_TEXTS:
        table = extract_quantities(text)
        records = extract_records(text)
        assert all(isinstance(record, tuple) and len(record) == len(QUANTITY_COLUMNS) for record in records)
        assert [record[QUANTITY_COLUMNS.index("span")] for record in records] == table["span"].tolist()
        assert [record[QUANTITY_COLUMNS.index("value")] for record in records] == table["value"].tolist()


def test_one_table_from_many_texts_equals_the_tables_of_each_text_stacked():
    from coopetition.measures.quantities import extract_records, records_table

    batch = records_table([record for text in _BATCH_TEXTS for record in extract_records(text)])
    each = pd.concat([extract_quantities(text) for text in _BATCH_TEXTS], ignore_index=True)
    assert len(batch) >= 6  # 2,348亿元, 5%, 715亿元, 6000万单, 100万人, 翻倍, 一半, 380港元
    pd.testing.assert_frame_equal(batch, each)
    assert batch.dtypes.equals(extract_quantities("").dtypes)


@pytest.mark.parametrize("bad", [[(1.0, 2.0)], [tuple(range(len(QUANTITY_COLUMNS) + 1))]])
def test_records_table_names_the_records_when_one_has_the_wrong_length(bad):
    from coopetition.measures.quantities import records_table

    with pytest.raises(ValueError, match="records: each needs 15 values"):
        records_table(bad)


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("双方的合作并不顺利。", False),
        ("Apple and Google", False),
        ("", False),
        ("GMV翻倍", True),
        ("一半用户", True),
        ("百分之二十", True),
        ("数万家", True),
        ("3", True),
        ("十亿", True),
        ("营收3000亿", True),
        ("一家公司", True),
    ],
)
def test_may_hold_number_is_false_only_where_no_phrase_can_start(text, may):
    from coopetition.measures.quantities.lexer import may_hold_number, scan

    assert may_hold_number(text) is may
    if not may:
        assert scan(text) is None


def test_each_mask_is_tried_only_where_it_can_match_and_masks_as_before():
    """The word a mask needs is a condition of its pattern: trying every pattern on every text hides the same."""
    from coopetition.measures.quantities.lexer import _NOT_QUANTITY_RES, _masked, mask

    texts = [
        "2023-2024年营收增长,2024/3/5发布,2024.3.5公告,9月30日收盘,二零二三年度,三月五日",
        "第三季度Q3营收;第2名;排名前10位;下午3点开会,12点后,10:30开盘",
        "腾讯(00700)+2.35% 380.2,美团(03690.HK)下跌;股票代码:600519,HK0700,9988.HK",
        "沽空金额3.2亿港元,沽空比率12.5%;电话13812345678或010-12345678或400-820-8820",
        "双11期间,截至6月30日的12个月,访问www.example.com或http://a.cn/x",
        "营收3000亿元,同比增长12%。",
        "会议3点钟开始,8点15分结束,9点半复会;客服热线4008208820,2023~2024年,位列前三强,十二月五号上线",
        "凌晨两点,观点分歧;前几年营收增长,排名第一;热线400-8208820",
    ]
    for text in texts:
        everything = text
        for pattern, _ in _NOT_QUANTITY_RES:
            everything = pattern.sub(_masked, everything)
        assert mask(text) == everything
        assert mask(text) != text or "营收" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 日 counts days where it dates nothing: after a verb that lasts, before 内
        ("受财报提振,拼多多股价连涨三日,市值首次超过阿里巴巴。", [(3.0, "days", "")]),
        ("法院裁定,对方需在三日内停止侵权行为。", [(3.0, "days", "below")]),
        ("阿里巴巴股价连跌十三日。", [(13.0, "days", "")]),
        ("腾讯股价连续上涨五日,港股科技指数却跌3%。", [(5.0, "days", ""), (3.0, "%", "")]),
        # ...and a day of the month stays a date, in either numerals
        ("五月三日,美团发布公告。", []),
        ("三日上午,京东宣布下调佣金。", []),
        ("十三日,饿了么回应称将整改。", []),
        ("9月3日起,新规正式实施。", []),
        # a bound the segmenter glues to the figure (近九成, 近三成) still bounds a figure
        ("抖音与快手合计占据近九成市场,竞争格外激烈。", [(90.0, "%", "about")]),
        ("近三成用户表示会转向其他平台。", [(30.0, "%", "about")]),
        ("千人千面的推荐让用户停留更久。", []),
        # 有余 after a figure is a little more: about
        ("两家平台的互联互通已推进一年有余。", [(1.0, "years", "about")]),
        ("双方的合作已有三年有余。", [(3.0, "years", "about")]),
        # floor space
        ("每家前置仓面积约8平方米。", [(8.0, "square meters", "about")]),
        ("新仓库面积达2万平米。", [(20000.0, "square meters", "")]),
    ],
)
def test_day_counts_glued_bounds_more_than_and_floor_space(text, expected):
    table = extract_quantities(text)
    assert [(row.value, row.unit, row.qualifier) for row in table.itertuples()] == expected, table[
        ["span", "value", "unit"]
    ]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("拼多多股价连涨三日。", ""),
        ("京东股价连续下跌五日。", ""),
        ("账期延长5天。", "increase"),
        ("配送时间缩短2天。", "decrease"),
        ("股价连涨三日,累计上涨12%。", ""),
    ],
)
def test_a_streak_of_days_is_no_change_of_a_duration(text, change):
    assert extract_quantities(text)["change"].iloc[0] == change


def test_quantity_table_is_one_table_of_every_article_in_order():
    from coopetition.measures.quantities import article_quantities, quantity_table

    corpus = pd.DataFrame(
        {
            "doc_id": ["b", "a", "c"],
            "date": ["2024-05-02", "2024-05-01", "2024-05-03"],
            "text": [_BATCH_TEXTS[1], _BATCH_TEXTS[0], "双方并未公布合作细节。"],
        }
    )
    table = quantity_table(corpus)
    expected = []
    for doc_id, date, text in sorted(zip(corpus["doc_id"], corpus["date"], corpus["text"])):
        part = article_quantities(text)
        expected += [(doc_id, date, span, value) for span, value in zip(part["span"], part["value"])]
    assert list(zip(table["doc_id"], table["date"], table["span"], table["value"])) == expected
    assert len(expected) >= 5 and table["doc_id"].tolist()[0] == "a"
    assert list(table.columns) == ["doc_id", "date", *QUANTITY_COLUMNS]


def test_records_table_reads_a_missing_text_as_nan():
    from coopetition.measures.quantities import extract_records, records_table

    record = list(extract_records("营收3000亿元。")[0])
    record[QUANTITY_COLUMNS.index("actor")] = None
    table = records_table([tuple(record)])
    assert table["actor"].isna().tolist() == [True] and table["actor"].dtype == extract_quantities("").dtypes["actor"]
    assert table["unit"].tolist() == ["CNY"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("爱优腾三家演讲后,快手联合创始人上台发言。", []),
        ("发言接在爱优腾三位老总后面。", []),
        ("腾拼抖三家电商新势力正在撼动传统格局。", []),
        ('巨头的压力之下," 腾拼抖 " 三家电商新势力如何撼动格局?', []),
        ("BAT三家的市值合计超过1万亿美元。", [(1e12, "USD")]),
        # a count after no group is a figure
        ("京东本月新开三家门店。", [(3.0, "merchants")]),
        ("阿里巴巴去年投资了三家公司。", [(3.0, "firms")]),
    ],
)
def test_a_count_after_a_named_group_of_firms_is_the_groups_size(text, expected):
    assert rows(text, ("value", "unit")) == expected


def test_the_table_built_without_checks_equals_the_one_pandas_public_constructor_builds():
    """records_table builds its table by pandas' constructor from typed arrays, skipping the checks: the
    table must be the one ``pd.DataFrame(dict)`` builds from the same records (values, dtypes, index)."""
    from coopetition.measures.quantities import extract_records, records_table

    records = [record for text in _BATCH_TEXTS for record in extract_records(text)]
    table = records_table(records)
    public = pd.DataFrame({column: list(values) for column, values in zip(QUANTITY_COLUMNS, zip(*records))})
    public = public.astype(table.dtypes.to_dict())
    pd.testing.assert_frame_equal(table, public)
    assert isinstance(table.index, pd.RangeIndex) and table.index.tolist() == list(range(len(records)))
    # the columns are the table's own: changing the table leaves the records alone, and a second table
    table["unit"] = "x"
    assert records_table(records)["unit"].tolist() == [record[2] for record in records]


def test_an_empty_table_handed_out_twice_is_two_tables():
    first = extract_quantities("双方的合作并不顺利。")
    first["note"] = []
    assert extract_quantities("双方的合作并不顺利。").empty
    assert list(extract_quantities("").columns) == QUANTITY_COLUMNS


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("双方一起推进统一大市场,唯一的变数是价格", None),  # lone numerals inside words: passed over
        ("两家平台一起投入三亿元", "两家"),  # a classifier extends 两
        ("一起投入三亿元", "三亿元"),
        ("用户有一半来自下沉市场", "一半"),
        ("三分之二的商家", "三分之二"),
        ("售价三块五", "三块五"),
        ("人民币约三", "三"),  # a currency before it: the grammar decides
        ("一 亿元", "一 亿元"),  # a space, then a multiplier
        ("第1步:今年618大促的热度不减", None),  # a bare Arabic number: passed over
        ("第1步:营收12.5亿元", "12.5亿元"),
        ("售价US$ 999", "999"),  # a currency before it
        ("增长30%", "30%"),
    ],
)
def test_scan_passes_over_a_lone_chinese_numeral_that_nothing_extends(text, first):
    phrase = scan(text)
    assert (phrase.group() if phrase else None) == first


def test_the_lone_numeral_shortcut_reaches_every_currency_the_grammar_reads_before_a_figure():
    from coopetition.measures.quantities import grammar, lexer

    longest = max(map(len, grammar._BOUND_BEFORE_LABEL)) + max(map(len, grammar.CURRENCY_PREFIXES))
    assert lexer._CURRENCY_REACH >= longest + 2  # a space either side of the bound word
    assert [p.group() for p in [scan("以人民币 约 三"), scan("美团统一调整价格")] if p] == ["三"]
    # every currency word, its $ and ¥ signs too, stops the shortcut; with none before it a lone 三 is passed over
    assert [p for p in grammar.CURRENCY_PREFIXES if lexer._lone_numeral(f"成本{p}三", 2 + len(p))] == []
    assert lexer._lone_numeral("成本为三", 3) and lexer._lone_numeral("HK三", 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the growth rate named in the clause before, the figure's own clause naming nothing
        ("拼多多、抖音年度GMV同比增速遥遥领先行业,高达35%、18%。", [(35.0, "increase"), (18.0, "increase")]),
        ("美團外賣訂單增速明顯放緩,僅為12%。", [(12.0, "increase")]),
        ("跌幅持續擴大,達到8%。", [(8.0, "decrease")]),
        # the figure's own clause names another measure: a level
        ("营收增速放缓,净利润率为12%。", [(12.0, "")]),
        ("营收同比增长8%,毛利率达到35%。", [(8.0, "increase"), (35.0, "")]),
    ],
)
def test_a_growth_rate_named_in_the_clause_before_gives_the_direction(text, expected):
    assert rows(text, ("value", "change")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a multiplier split by a space in spaced page text is one multiplier
        ("京东、拼多多的GMV分别为2.1万亿元和1万 亿元", [(2.1e12, "CNY"), (1e12, "CNY")]),
        ("平台年交易額達1 萬 億元", [(1e12, "CNY")]),
        ("补贴总额5千 万元", [(5e7, "CNY")]),
        # a space before a unit or a word that is no multiplier changes nothing
        ("用户达3万 人", [(3e4, "users")]),
        ("营收3亿 元,同比增长5%", [(3e8, "CNY"), (5.0, "%")]),
        ("新增用户1万 千万不能忽视", [(1e4, "users")]),
    ],
)
def test_a_multiplier_split_by_a_space_is_read_whole(text, expected):
    assert rows(text, ("value", "unit")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the window of a record places it in time: no figure, bounded or not
        ("核心零售业务营收增速甚至创下近三年新高", []),
        ("人民幣匯率跌至兩個月來最低", []),
        ("股价创五年内新低", []),
        ("成交额创下3年以来的新高", []),
        # a duration that is the fact, or a record with no window, stays as it was
        ("公司用了三年时间完成整合", [(3.0, "years")]),
        ("利润创历史新高,达到120亿元", [(1.2e10, "CNY")]),
        ("股价三天内最高涨了20%", [(3.0, "days"), (20.0, "%")]),
    ],
)
def test_the_window_of_a_record_is_no_figure(text, expected):
    assert rows(text, ("value", "unit")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stated loss is a decrease, as 蝕 is (QUANTITIES.md)
        ("美团第二季度亏损20亿元", [(2e9, "decrease")]),
        ("美團第二季蝕20億元", [(2e9, "decrease")]),
        ("阿里持有的蘇寧股權已浮虧約250億", [(2.5e10, "decrease")]),
        ("公司由盈转亏,净亏损140.71亿元", [(1.4071e10, "decrease")]),
        # a loss that moves to a level is a level, and 多亏/扭亏 state no loss
        ("经营亏损收窄至51亿元", [(5.1e9, "")]),
        ("多亏了100万用户的支持", [(1e6, "")]),
        ("公司扭亏为盈,净利润3亿元", [(3e8, "")]),
        # a change verb split by a space in spaced page text
        ("淘寶GMV為3.4萬億元,同比增 長9%", [(3.4e12, ""), (9.0, "increase")]),
        ("营收同比下 降5%", [(5.0, "decrease")]),
    ],
)
def test_a_stated_loss_is_a_decrease_and_a_spaced_change_verb_is_read(text, expected):
    assert rows(text, ("value", "change")) == expected


def test_a_loss_written_with_a_minus_is_not_turned_twice():
    assert rows("本地生活业务亏损-2亿", ("value", "signed_value", "change")) == [(-2e8, -2e8, "")]
    assert rows("本地生活業務虧損2億", ("value", "signed_value", "change")) == [(2e8, -2e8, "decrease")]
    assert rows("利润同比下降-5%", ("value", "signed_value", "change")) == [(-5.0, 5.0, "decrease")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a fraction written with a slash, a share of what stands before it or after a level or bound
        ("市值6300亿港元仅为腾讯的1/9", [(6.3e11, "HKD"), (100 / 9, "%")]),
        ("降價後約為GPT-4價格的1/400。", [(0.25, "%")]),
        ("超过1/3的用户来自下沉市场", [(100 / 3, "%")]),
        # a date, a schedule, a score, an improper fraction: no share
        ("3/15晚会曝光多家商家", []),
        ("提供7/24小时服务", []),
        ("比分3/5", []),
        ("营收为上年的5/4", []),
    ],
)
def test_a_fraction_written_with_a_slash_is_a_share(text, expected):
    assert rows(text, ("value", "unit")) == expected


def test_a_range_is_read_with_its_dash_at_the_far_end_of_reach_and_not_past_it():
    """A range's dash may stand after a space, the longest unit word (日活跃用户) and a space: the quick
    test for a dash within reach must not drop it; two spaces before the dash make no range."""
    from coopetition.measures.quantities.lexer import scan

    phrase = scan("抖音的用户规模预计在6亿 日活跃用户 至 7亿之间。")
    assert phrase is not None
    assert (phrase.group("lounit"), phrase.group("dash"), phrase.group("hi")) == ("日活跃用户", "至", "7")
    apart = scan("抖音的用户规模预计在6亿 日活跃用户  至 7亿之间。")
    assert apart is not None and apart.group("hi") is None and apart.group("lo") == "6"
    row = extract_quantities("该业务毛利率下调0.5 个百分点 - 1个百分点。").iloc[0]
    assert (row["value"], row["value_max"], row["unit"]) == (0.5, 1.0, "pp")


def test_the_quick_test_for_traditional_script_finds_exactly_the_forms_the_converter_converts():
    """A text with no traditional form skips the converter (to_simplified's first test): the quick test must find
    every form its table marks (or a traditional line would be read unconverted) and nothing else; a mixed line
    is converted."""
    import numpy as np

    from coopetition.text.clean.tables import _TRADITIONAL, _TRADITIONAL_RE, has_traditional

    cjk = "".join(chr(c) for c in range(0x3400, 0xFB00))
    found = {m.group() for m in _TRADITIONAL_RE.finditer(cjk)}
    assert found == {chr(c) for c in np.flatnonzero(_TRADITIONAL)} and "腾" not in found and "騰" in found
    assert (
        has_traditional("美团与騰訊") and not has_traditional("美团与腾讯在外卖市场竞争。") and not has_traditional("")
    )
    assert rows("騰訊營收達到1,500億元。", ("value", "unit", "actor")) == [(1.5e11, "CNY", "Tencent")]

"""Issue 25, third review of the round 5 fixes: a stated loss whose cause is a clause ending in 的 keeps its
decrease (only a clause of the loss's cause or bearer, 由此造成的, makes a compensation), an index level's 点 is
no unit before a counter's label, and a run of counters ends at a whole label. Each sentence is read raw and as
``clean_text`` leaves it. Sentences written for these tests in the patterns of mainland and HK/TW pages.
"""

from __future__ import annotations

import pytest

from coopetition.measures.quantities import extract_quantities
from coopetition.text.clean import clean_text


def both(text: str) -> list[list[tuple]]:
    out = []
    for version in (text, clean_text(text)):
        table = extract_quantities(version)
        out.append([tuple(r) for r in table[["span", "unit", "change"]].itertuples(index=False)])
    return out


@pytest.mark.parametrize(
    ("text", "change"),
    [
        # a loss of its own: its cause is a clause ending in 的
        ("收入减少带来的损失约3亿元", "decrease"),
        ("用户减少造成的损失5000万元", "decrease"),
        ("因赔付激增造成的损失达10亿元", "decrease"),
        ("补偿用户导致的损失2亿元", "decrease"),
        ("收入減少帶來的損失約3億元", "decrease"),
        # a compensation: the clause names the loss's cause or bearer (由此, 给其, 因此), or modifiers stand between
        ("法院判决被告赔偿由此造成的损失100万元。", ""),
        ("原告要求赔偿给其造成的损失50万元。", ""),
        ("法院判令赔偿因此遭受的损失20万元。", ""),
        ("法院判令賠償由此造成的損失20萬元。", ""),
        ("原告要求被告赔偿相关损失100万元。", ""),
    ],
)
def test_a_loss_caused_by_a_clause_is_a_decrease_and_a_compensation_names_its_cause(text, change):
    for found in both(text):
        assert [row[2] for row in found] == [change], (text, found)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # 点 opens a counter's label here, no index level
        ("腾讯营收1500亿 点击量2亿", ["CNY", "CNY"]),
        ("该视频播放量10万 点赞量5万,成为爆款", ["count"]),
        # look-alikes: an index level in 点 stays a unit
        ("恒指跌120点,收报18000点", ["points", "points"]),
        ("恒指跌120點", ["points"]),
    ],
)
def test_an_index_point_is_no_unit_before_a_counter_label(text, units):
    for found in both(text):
        assert [row[1] for row in found] == units, (text, found)


def test_a_run_of_counters_ends_at_a_whole_label():
    """阅读100 点赞200人: after the run's first counter, 点赞200 is no label of a run (its 200 counts people)."""
    for found in both("阅读100 点赞200人"):
        assert found == [("200人", "people", "")]
    for found in both("阅读3.5万 点赞1.2万"):
        assert found == []

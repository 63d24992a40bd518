"""The quantities table built from its blocks equals the one pandas' public constructor builds.

``records_table`` puts typed arrays straight into pandas blocks (no inference, no check) because a
call per line pays the table's fixed cost every time; these tests hold it to the public
constructor's table: values, dtypes, index, block layout, and a table of its own for every call.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coopetition.measures.quantities import QUANTITY_COLUMNS, extract_quantities, extract_records, records_table
from coopetition.measures.quantities import table as quantity_table_module
from coopetition.measures.quantities.table import public_table

TEXTS = [
    "阿里巴巴集团本季度营收2,348亿元,同比增长5%;淘天集团客户管理收入约为715亿元。",
    "美團第二季蝕20億元,按年收窄;外賣日單量一度突破6000萬單。",  # traditional, Hong Kong wording
    "京东的GMV翻倍,而拼多多的用户有一半来自下沉市场。",
    "双方的合作并不顺利。",  # no figure
    "",
]


def _layout(table: pd.DataFrame) -> list[tuple[str, list[int]]]:
    return sorted((str(block.dtype), block.mgr_locs.as_array.tolist()) for block in table._mgr.blocks)


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:1], TEXTS[3:]], ids=["many", "one text", "no rows"])
def test_the_table_from_blocks_is_the_public_constructors_table(texts):
    records = [record for text in texts for record in extract_records(text)]
    table = records_table(records)
    public = public_table(list(zip(*records)) if records else [()] * len(QUANTITY_COLUMNS))
    pd.testing.assert_frame_equal(table, public, check_exact=True)
    assert table.dtypes.tolist() == public.dtypes.tolist()
    assert isinstance(table.index, pd.RangeIndex) and len(table.index) == len(records)
    assert _layout(table) == _layout(public)  # the same blocks: one for the floats, one per text column


def test_public_table_is_what_pandas_infers_from_the_records():
    records = [record for text in TEXTS[:3] for record in extract_records(text)]
    inferred = pd.DataFrame({c: list(v) for c, v in zip(QUANTITY_COLUMNS, zip(*records))})
    assert len(records) >= 6
    pd.testing.assert_frame_equal(public_table(list(zip(*records))), inferred.astype(records_table([]).dtypes))


def test_a_missing_text_and_a_missing_number_become_nan():
    record = list(extract_records("营收3000亿元。")[0])
    record[QUANTITY_COLUMNS.index("actor")] = None
    record[QUANTITY_COLUMNS.index("value_max")] = None
    table = records_table([tuple(record), extract_records("净利润20亿元")[0]])
    assert table["actor"].isna().tolist()[0] and table["actor"].dtype == records_table([]).dtypes["actor"]
    assert math.isnan(table["value_max"].iloc[0]) and table["value_max"].dtype == np.float64
    assert table["unit"].tolist() == ["CNY", "CNY"]


def test_each_call_hands_out_a_table_of_its_own():
    records = extract_records(TEXTS[0])
    first = records_table(records)
    first.loc[0, "value"] = -1.0  # the caller's table: the next one and the records are untouched
    first["unit"] = "x"
    first.insert(0, "doc_id", "a")
    again = records_table(records)
    assert again["value"].iloc[0] == records[0][0] and again["unit"].iloc[0] == records[0][2]
    empty = extract_quantities("没有数字。")
    empty.insert(0, "doc_id", [])
    empty["value"] = empty["value"] + 1
    assert list(extract_quantities("也没有。").columns) == QUANTITY_COLUMNS


@pytest.mark.parametrize("bad", [[(1.0, 2.0)], [tuple(range(len(QUANTITY_COLUMNS) + 1))], [("营收",) * 14]])
def test_a_record_of_the_wrong_length_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="records: each needs 15 values"):
        records_table(bad)


def test_without_pandas_block_pieces_the_public_constructor_builds_the_table(monkeypatch):
    records = [record for text in TEXTS for record in extract_records(text)]
    fast = records_table(records)
    monkeypatch.setattr(quantity_table_module, "_API", None)
    pd.testing.assert_frame_equal(records_table(records), fast, check_exact=True)
    pd.testing.assert_frame_equal(records_table([]), extract_quantities(""), check_exact=True)


def test_a_table_from_blocks_behaves_as_any_table():
    table = extract_quantities("腾讯营收1,500亿元,同比增长8%;净利润400亿元。")
    assert table["value"].sum() == pytest.approx(1.5e11 + 8 + 4e10)
    assert table.groupby("family")["value"].count().to_dict() == {"money": 2, "percent": 1}
    stacked = pd.concat([table, extract_quantities("用户3亿人")], ignore_index=True)
    assert stacked["unit"].tolist() == ["CNY", "%", "CNY", "users"]
    assert table.sort_values("value")["span"].iloc[0] == "8%"

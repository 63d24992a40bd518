"""The quantities table: records (tuples in :data:`QUANTITY_COLUMNS` order) → a typed pandas table.

One call of :func:`~coopetition.measures.quantities.extract_quantities` reads a line in a tenth of a
millisecond, and pandas' constructors cost about as much again for a table of 15 typed columns,
whatever it holds (10 text columns are 10 blocks of their own, each built and checked). Here the
table is built from its blocks: the column layout (which columns share a block, of what dtype) is
worked out once, and each table puts its typed arrays into that layout with no inference and no
check (``BlockManager``/``Block`` of pandas' internals, the pieces ``DataFrame._from_arrays`` and
``pd.api.internals.create_dataframe_from_blocks`` assemble, less their checks). pandas is pinned
exactly; where a pandas version lacks these pieces, the public constructor builds the same table,
and ``tests/test_quantities_table.py`` compares the two (values, dtypes, index, block layout).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["QUANTITY_COLUMNS", "records_table", "public_table"]

QUANTITY_COLUMNS = [
    "value",
    "value_max",
    "unit",
    "family",
    "noun",
    "qualifier",
    "change",
    "signed_value",
    "span",
    "sentence",
    "subject",
    "actor",
    "year",
    "start",
    "currency_assumed",
]

#: the dtype of each column that is not text (text columns are pandas strings)
_DTYPES: dict[str, Any] = {
    "value": np.float64,
    "value_max": np.float64,
    "signed_value": np.float64,
    "start": np.int64,
    "currency_assumed": np.bool_,
}
TEXT = pd.StringDtype(na_value=np.nan)
_COLUMNS = pd.Index(QUANTITY_COLUMNS)
_WIDTH = len(QUANTITY_COLUMNS)
#: an empty text array: new text arrays are made from it (same dtype, no check of the values)
_NO_TEXT = pd.array([], dtype=TEXT)


def _blocks_api() -> tuple | None:
    """pandas' block pieces (placement, manager, the block class of a dtype), or ``None`` where this
    pandas has other internals."""
    try:
        from pandas._libs.internals import BlockPlacement
        from pandas.core.internals.blocks import get_block_type
        from pandas.core.internals.managers import BlockManager
    except ImportError:  # pragma: no cover - another pandas than the pinned one
        return None
    return BlockPlacement, BlockManager, get_block_type


def _layout(api: tuple) -> list[tuple[Any, Any, tuple[int, ...], Any]]:
    """The blocks pandas' public constructor makes for the table, as (block class, placement, column
    positions, dtype): numeric columns of one dtype share a block, each text column is a block."""
    placement, _, block_type = api
    groups: dict[Any, list[int]] = {}
    layout: list[tuple[Any, Any, tuple[int, ...], Any]] = []
    for position, column in enumerate(QUANTITY_COLUMNS):
        if column in _DTYPES:
            groups.setdefault(np.dtype(_DTYPES[column]), []).append(position)
        else:
            layout.append((block_type(TEXT), placement(slice(position, position + 1)), (position,), TEXT))
    for dtype, positions in groups.items():
        layout.append((block_type(dtype), placement(np.array(positions, dtype=np.intp)), tuple(positions), dtype))
    return sorted(layout, key=lambda block: block[2][0])


_API = _blocks_api()
_LAYOUT = _layout(_API) if _API is not None else []
#: the positions of the text columns, in the order of their blocks
_TEXT_POSITIONS = [positions[0] for _, _, positions, dtype in _LAYOUT if dtype is TEXT]


def _text_arrays(columns: list[Sequence]) -> list:
    """One pandas string array per text column, in :data:`_TEXT_POSITIONS` order: made straight from
    the values when all are ``str`` (one object array for all the columns, each column a row of it);
    a missing text (``None``) becomes the dtype's NaN by pandas' own conversion."""
    texts = [columns[p] for p in _TEXT_POSITIONS]
    if set(map(type, chain.from_iterable(texts))) <= {str}:
        return [_NO_TEXT._from_backing_data(row) for row in np.array(texts, dtype=object)]
    return [pd.array(list(values), dtype=TEXT) for values in texts]


def _values(columns: list[Sequence]) -> list:
    """The array of each block of :data:`_LAYOUT`, in its order: a numeric block is one 2-D array, a row
    per column (np.array of the columns gives it, k × n); a text block is a string array."""
    texts = iter(_text_arrays(columns))
    return [
        next(texts) if dtype is TEXT else np.array([columns[p] for p in positions], dtype=dtype)
        for _, _, positions, dtype in _LAYOUT
    ]


_EMPTY = _values([()] * _WIDTH) if _API is not None else []


def records_table(records: list[tuple]) -> pd.DataFrame:
    """``records`` (tuples in :data:`QUANTITY_COLUMNS` order, as
    :func:`~coopetition.measures.quantities.extract_records` gives them) as the quantities table.

    Raises:
        ValueError: when a record does not have one value per column of :data:`QUANTITY_COLUMNS`.
    """
    if any(len(record) != _WIDTH for record in records):
        raise ValueError(f"records: each needs {_WIDTH} values, in QUANTITY_COLUMNS order")
    columns: list[Sequence] = list(zip(*records)) if records else [()] * _WIDTH
    if _API is None:  # pragma: no cover - another pandas than the pinned one
        return public_table(columns)
    if not records:  # most lines state no quantity: the empty arrays, made once (nothing in them to change)
        blocks = tuple(block_class(values, place, 2) for (block_class, place, _, _), values in zip(_LAYOUT, _EMPTY))
    else:
        blocks = tuple(
            block_class(values, place, 2) for (block_class, place, _, _), values in zip(_LAYOUT, _values(columns))
        )
    manager = _API[1](blocks, [_COLUMNS, pd.RangeIndex.from_range(range(len(records)))], verify_integrity=False)
    return pd.DataFrame._from_mgr(manager, manager.axes)


def public_table(columns: Sequence[Sequence]) -> pd.DataFrame:
    """The same table by pandas' public constructor, from one sequence of values per column."""
    return pd.DataFrame(
        {
            name: pd.array(list(values), dtype=TEXT)
            if name not in _DTYPES
            else np.array(list(values), dtype=_DTYPES[name])
            for name, values in zip(QUANTITY_COLUMNS, columns)
        }
    )

"""Hand coding of your own corpus: coding sheets and reading them back (agreement: :mod:`.agreement`).

- :func:`sample_for_coding` — sentences → a sample to code, written as a coding
  sheet (CSV and XLSX) with the columns ``id, doc_id, sentence, frame, tone,
  coder, note`` and the instructions (the codebook's rules in short);
- :func:`read_coding` — a filled sheet → a checked table; a bad label, a
  missing or repeated id or an empty sentence is a :class:`CodingError`
  naming the file and the rows;
- :func:`coopetition.model.agreement.agreement` — two codings of the same sentences
  → Cohen's κ, Krippendorff's α (nominal) and the confusion table, per axis.

The coded table feeds :func:`coopetition.model.labeller.fit_labeller`, which adapts
the shipped frame and tone model to it. The instructions and the label
spellings accepted besides ``competition``… live in ``data/coding.toml``.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from coopetition._data import read_text
from coopetition.measures.cues import FRAMES, TONES

__all__ = [
    "SHEET_COLUMNS",
    "STRATEGIES",
    "CodingError",
    "sample_for_coding",
    "write_sheet",
    "read_coding",
]

#: the columns of a coding sheet, in order
SHEET_COLUMNS = ("id", "doc_id", "sentence", "frame", "tone", "coder", "note")
#: how :func:`sample_for_coding` picks sentences
STRATEGIES = ("stratified", "uncertain")
#: the allowed labels per axis
AXES = {"frame": FRAMES, "tone": TONES}
#: the XLSX sheet holding the rows, and the one holding the instructions
CODING_SHEET, INSTRUCTIONS_SHEET = "coding", "instructions"
#: how many bad rows an error message names before "and N more"
SHOW_ROWS = 5

_NON_WORD_RE = re.compile(r"\W+")
_SPACES_RE = re.compile(r"\s+")


class CodingError(ValueError):
    """A coding sheet or coding cannot be used; the message names the file (or argument), the rows and the reason."""


@lru_cache(maxsize=1)
def _settings() -> dict:
    return tomllib.loads(read_text("coding.toml"))


def instructions() -> list[str]:
    """The coding instructions, one line each (``data/coding.toml``), with the allowed labels."""
    s = _settings()
    return [
        s["title"],
        "",
        *s["instructions"],
        "",
        f"frame: one of {', '.join(FRAMES)}",
        f"tone: one of {', '.join(TONES)}",
    ]


def _fold(value: object) -> str:
    """A cell as text: NFKC (full-width forms), stripped, lower-cased, inner spaces collapsed; NaN/None → ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFKC", str(value)).strip().lower())


@lru_cache(maxsize=1)
def _spellings() -> dict[str, dict[str, str]]:
    """Per axis: every accepted spelling (folded) → its label."""
    aliases = _settings()["aliases"]
    out = {}
    for axis, labels in AXES.items():
        table = {label: label for label in labels}
        for label, words in aliases[axis].items():
            if label not in labels:
                raise RuntimeError(
                    f"data/coding.toml: aliases.{axis} names {label!r}, not a {axis} label ({', '.join(labels)})"
                )
            table.update({_fold(w): label for w in words})
        out[axis] = table
    return out


# ---------------------------------------------------------------- sampling


def _sentence_frame(sentences, name: str = "sentences") -> pd.DataFrame:
    """``sentences`` as a table ``id, doc_id, sentence, outlet`` (ids made when not given)."""
    if isinstance(sentences, pd.DataFrame):
        table = sentences.copy()
        text_column = next((c for c in ("sentence", "text") if c in table.columns), None)
        if text_column is None:
            raise CodingError(
                f"{name}: a sentence table needs a 'sentence' or 'text' column (it has {', '.join(map(str, table.columns))})"
            )
        out = pd.DataFrame({"sentence": table[text_column].to_numpy()})
        out["doc_id"] = table["doc_id"].astype(str).to_numpy() if "doc_id" in table.columns else ""
        out["outlet"] = table["outlet"].astype(str).to_numpy() if "outlet" in table.columns else ""
        if "id" in table.columns:
            out["id"] = table["id"].astype(str).to_numpy()
        elif "doc_id" in table.columns and "sent_id" in table.columns:
            out["id"] = [f"{d}#{s}" for d, s in zip(table["doc_id"], table["sent_id"])]
        else:
            out["id"] = [f"s{i:06d}" for i in range(len(table))]
    elif isinstance(sentences, (pd.Series, Sequence)) and not isinstance(sentences, (str, bytes)):
        values = list(sentences)
        out = pd.DataFrame(
            {"sentence": values, "doc_id": "", "outlet": "", "id": [f"s{i:06d}" for i in range(len(values))]}
        )
    else:
        raise TypeError(
            f"{name} must be a list or Series of sentences or a sentence table (DataFrame), not {type(sentences).__name__}"
        )
    bad = [i for i, s in enumerate(out["sentence"]) if not isinstance(s, str)]
    if bad:
        raise TypeError(f"{name}: every sentence must be a str; row(s) {', '.join(map(str, bad[:SHOW_ROWS]))} are not")
    if out["id"].duplicated().any():
        raise CodingError(f"{name}: repeated id(s) {', '.join(out['id'][out['id'].duplicated()].unique()[:SHOW_ROWS])}")
    return out[["id", "doc_id", "sentence", "outlet"]]


def _entropy(proba: np.ndarray) -> np.ndarray:
    """Entropy of each row, scaled to [0, 1] by its maximum (log of the number of classes)."""
    p = np.clip(proba, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=1) / math.log(proba.shape[1])


def _spread_order(table: pd.DataFrame, within: list[str] | None = None) -> pd.DataFrame:
    """Order rows so that articles (then outlets) take turns: every article's first pick comes
    before any article's second. ``table`` is already in preference order; ``within`` groups the turns."""
    within = within or []
    t = table.assign(
        _doc_turn=table.groupby([*within, "doc_id"], sort=False).cumcount(),
        _outlet_turn=table.groupby([*within, "outlet"], sort=False).cumcount(),
        _pref=np.arange(len(table)),
    )
    return t.sort_values(["_doc_turn", "_outlet_turn", "_pref"], kind="stable").drop(
        columns=["_doc_turn", "_outlet_turn", "_pref"]
    )


def _allocate(sizes: dict, n: int) -> dict:
    """Split ``n`` over the strata in proportion to their sizes (largest remainders, ties by name),
    with at least one from every stratum while ``n`` allows: the sample keeps the corpus's mix, so
    a model adapted on it learns the corpus's base rates, and no predicted cell goes unseen."""
    keys = sorted(k for k, size in sizes.items() if size > 0)
    total = sum(sizes[k] for k in keys)
    n = min(n, total)
    quota = {k: 0 for k in sizes}
    if n >= len(keys):
        for k in keys:
            quota[k] = 1
    exact = {k: (n - sum(quota.values())) * sizes[k] / total for k in keys}
    for k in keys:
        quota[k] = min(sizes[k], quota[k] + int(exact[k]))
    for k in sorted(keys, key=lambda k: (-(exact[k] - int(exact[k])), k)) * 2:
        if sum(quota.values()) >= n:
            break
        if quota[k] < sizes[k]:
            quota[k] += 1
    while sum(quota.values()) < n:  # what a full stratum could not take goes to the largest with room
        k = max((k for k in keys if quota[k] < sizes[k]), key=lambda k: (sizes[k] - quota[k], k))
        quota[k] += 1
    return quota


def shipped_probabilities(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """The shipped model's frame and tone probabilities of ``texts``: ``(frame, tone, frame_classes, tone_classes)``."""
    from coopetition.measures.labels import _predict, model

    m = model()
    batch = _predict(list(texts), "sentences", m)
    if not batch.simplified:
        return np.zeros((0, len(m.frame_classes))), np.zeros((0, len(m.tone_classes))), m.frame_classes, m.tone_classes
    return batch.frame_proba, batch.tone_proba, m.frame_classes, m.tone_classes


def sample_for_coding(
    sentences, n: int, *, strategy: str = "stratified", seed: int = 0, path: str | os.PathLike | None = None
) -> pd.DataFrame:
    """Pick ``n`` sentences to hand-code and (with ``path``) write them as a coding sheet.

    Empty sentences and repeats (the same characters, punctuation aside) are
    left out. The shipped model labels every sentence first; then

    - ``stratified`` allocates the sample over the model's predicted
      frame × tone cells in proportion to their sizes, at least one sentence
      per cell, and within a cell spreads it over articles and outlets in
      turn (so the sample keeps the corpus's mix, and an adapted model learns
      its base rates);
    - ``uncertain`` takes the sentences the model is least sure of (the sum of
      the scaled entropies of its frame and tone probabilities), one per
      article in turn, so coding them teaches an adapted model most.

    The rows come out in a seeded random order, so coders do not meet a
    stratum's sentences together.

    Args:
        sentences: a list or Series of sentences, or a sentence table (a
            DataFrame with ``sentence`` or ``text``, and optional ``id``,
            ``doc_id``, ``sent_id`` and ``outlet``; what
            :func:`coopetition.measures.sentences.sentence_table` returns).
        n: how many sentences to sample (fewer when fewer are left).
        strategy: ``stratified`` or ``uncertain``.
        seed: the random seed: the same seed gives the same sheet.
        path: where to write the sheet: ``<path>.csv`` (UTF-8 with BOM,
            instructions as ``#`` lines) and ``<path>.xlsx`` (a ``coding``
            sheet with drop-down lists, and an ``instructions`` sheet);
            a suffix on ``path`` is replaced.

    Returns:
        The sheet: ``id, doc_id, sentence, frame, tone, coder, note`` with
        ``frame``, ``tone``, ``coder`` and ``note`` empty.

    Example:
        >>> sheet = sample_for_coding(["美团与饿了么在外卖市场激烈竞争。", "京东与腾讯续签战略合作协议。"], 1, seed=1)
        >>> list(sheet.columns), len(sheet)
        (['id', 'doc_id', 'sentence', 'frame', 'tone', 'coder', 'note'], 1)
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}, not {strategy!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive whole number of sentences, not {n!r}")
    table = _sentence_frame(sentences)
    key = table["sentence"].map(lambda s: _NON_WORD_RE.sub("", s))
    table = table[(key != "") & ~key.duplicated()].reset_index(drop=True)
    if table.empty:
        raise CodingError("sentences: no sentence with any text to sample")
    frame_proba, tone_proba, frame_classes, tone_classes = shipped_probabilities(table["sentence"].tolist())
    table["_cell"] = [
        f"{frame_classes[f]}/{tone_classes[t]}" for f, t in zip(frame_proba.argmax(axis=1), tone_proba.argmax(axis=1))
    ]
    table["_entropy"] = _entropy(frame_proba) + _entropy(tone_proba)
    rng = np.random.default_rng(seed)
    table = table.iloc[rng.permutation(len(table))].reset_index(drop=True)
    if strategy == "uncertain":
        # most uncertain first (ties in the seeded order), then articles take turns
        ranked = table.sort_values("_entropy", ascending=False, kind="stable")
        picked = _spread_order(ranked).head(n)
    else:
        quota = _allocate(table["_cell"].value_counts().to_dict(), n)
        ordered = _spread_order(table, within=["_cell"])
        picked = pd.concat([group.head(quota[cell]) for cell, group in ordered.groupby("_cell", sort=True)])
    picked = picked.iloc[rng.permutation(len(picked))]
    sheet = picked[["id", "doc_id", "sentence"]].assign(frame="", tone="", coder="", note="").reset_index(drop=True)
    sheet = sheet[list(SHEET_COLUMNS)]
    if path is not None:
        write_sheet(sheet, path)
    return sheet


def write_sheet(sheet: pd.DataFrame, path: str | os.PathLike) -> tuple[Path, Path]:
    """Write a coding sheet as ``<path>.csv`` and ``<path>.xlsx`` (see :func:`sample_for_coding`).

    Returns:
        The two paths written.
    """
    missing = [c for c in SHEET_COLUMNS if c not in sheet.columns]
    if missing:
        raise CodingError(f"sheet: missing column(s) {', '.join(missing)}")
    base = Path(path).expanduser()
    if base.suffix.lower() in (".csv", ".xlsx"):
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    sheet = sheet[list(SHEET_COLUMNS)].fillna("").astype(str)
    csv_path, xlsx_path = base.with_suffix(".csv"), base.with_suffix(".xlsx")
    buffer = io.StringIO()
    for line in instructions():
        buffer.write(f"# {line}".rstrip() + "\n")
    sheet.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    csv_path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    _write_xlsx(sheet, xlsx_path)
    return csv_path, xlsx_path


def _write_xlsx(sheet: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    rows = book.active
    rows.title = CODING_SHEET
    rows.append(list(SHEET_COLUMNS))
    for record in sheet.itertuples(index=False):
        rows.append(list(record))
    for cell in rows[1]:
        cell.font = Font(bold=True)
    last = max(len(sheet) + 1, 2)
    for axis in AXES:
        column = "ABCDEFG"[SHEET_COLUMNS.index(axis)]
        check = DataValidation(
            type="list",
            formula1=f'"{",".join(AXES[axis])}"',
            allow_blank=True,
            showDropDown=False,
            showErrorMessage=True,
            errorTitle=f"{axis} label",
            error=f"{axis}: one of {', '.join(AXES[axis])}",
        )
        check.add(f"{column}2:{column}{last}")
        rows.add_data_validation(check)
    for column, width in zip("ABCDEFG", (14, 14, 80, 14, 12, 10, 30)):
        rows.column_dimensions[column].width = width
    for cell in rows["C"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows.freeze_panes = "A2"
    notes = book.create_sheet(INSTRUCTIONS_SHEET)
    for line in instructions():
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    book.save(path)


# ---------------------------------------------------------------- reading


def _rows_named(rows: Sequence[int], unit: str) -> str:
    shown = ", ".join(str(r) for r in rows[:SHOW_ROWS])
    more = f" and {len(rows) - SHOW_ROWS} more" if len(rows) > SHOW_ROWS else ""
    return f"{unit}{'s' if len(rows) > 1 else ''} {shown}{more}"


def _read_csv_sheet(path: Path) -> tuple[pd.DataFrame, int]:
    """The rows of a CSV sheet (every cell text) and the file line of its header row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodingError(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8") from None
    lines = text.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    try:
        table = pd.read_csv(io.StringIO("".join(lines[skip:])), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CodingError(f"{path}: not a readable CSV sheet ({str(exc).strip()})") from None
    return table, skip + 1


def _read_xlsx_sheet(path: Path) -> tuple[pd.DataFrame, int]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zipfile.BadZipFile, KeyError, InvalidFileException)
        raise CodingError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        rows = book[CODING_SHEET] if CODING_SHEET in book.sheetnames else book.worksheets[0]
        values = [list(r) for r in rows.iter_rows(values_only=True)]
    finally:
        book.close()
    if not values:
        raise CodingError(f"{path}: the sheet '{rows.title}' is empty")
    header = ["" if v is None else str(v) for v in values[0]]
    body = [
        ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)) for v in r]
        for r in values[1:]
    ]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in body]
    return pd.DataFrame(body, columns=header, dtype=str), 1


def read_coding(path: str | os.PathLike) -> pd.DataFrame:
    """Read a filled coding sheet (``.csv`` or ``.xlsx``) and check it.

    Column names and labels are read loosely: surrounding spaces, case and
    full-width forms do not matter, and a few other spellings are accepted
    (``竞争``, ``正面``, ``co-opetition``…; see ``data/coding.toml``). Rows
    whose frame and tone are both empty were not coded and are left out.

    Args:
        path: the sheet written by :func:`sample_for_coding` (or any sheet with
            the columns ``id, sentence, frame, tone``; ``doc_id``, ``coder``
            and ``note`` are optional).

    Returns:
        ``id, doc_id, sentence, frame, tone, coder, note`` (every column text),
        one row per coded sentence, in the sheet's order.

    Raises:
        CodingError: the file is missing or unreadable, a column is missing,
            or rows have a label outside the codebook, only one of the two
            labels, an empty or repeated id, or an empty sentence. The message
            names the file and the rows (line numbers of the CSV file, row
            numbers of the spreadsheet), the first few of them.
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise TypeError(f"path must be a file path (str or os.PathLike), not {type(path).__name__}")
    path = Path(path).expanduser()
    if not path.is_file():
        raise CodingError(f"{path}: no such coding sheet")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table, header_row = _read_csv_sheet(path)
        unit = "line"
    elif suffix == ".xlsx":
        table, header_row = _read_xlsx_sheet(path)
        unit = "row"
    else:
        raise CodingError(f"{path}: a coding sheet is a .csv or .xlsx file, not {suffix or 'a file without a suffix'}")
    table.columns = [_fold(c) for c in table.columns]
    missing = [c for c in ("id", "sentence", "frame", "tone") if c not in table.columns]
    if missing:
        raise CodingError(
            f"{path}: missing column(s) {', '.join(missing)} (the sheet needs {', '.join(SHEET_COLUMNS)})"
        )
    if table.columns.duplicated().any():
        raise CodingError(
            f"{path}: column(s) {', '.join(table.columns[table.columns.duplicated()].unique())} appear twice"
        )
    for column in SHEET_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    table = table[list(SHEET_COLUMNS)].fillna("").astype(str)
    row_number = np.arange(len(table)) + header_row + 1
    for column in ("id", "doc_id", "coder", "note"):
        table[column] = table[column].map(lambda v: unicodedata.normalize("NFKC", v).strip())
    # rows left blank (a sheet often ends with empty lines) are not rows
    blank = (table == "").all(axis=1)
    table, row_number = table[~blank].reset_index(drop=True), row_number[~blank.to_numpy()]
    folded = {axis: table[axis].map(_fold) for axis in AXES}
    coded = (folded["frame"] != "") | (folded["tone"] != "")
    problems = []
    for axis, labels in AXES.items():
        half = coded & (folded[axis] == "")
        if half.any():
            problems.append(
                f"{_rows_named(row_number[half.to_numpy()].tolist(), unit)}: {axis} is empty (code both frame and tone, or neither)"
            )
        spelled = folded[axis].map(_spellings()[axis])
        bad = coded & (folded[axis] != "") & spelled.isna()
        if bad.any():
            examples = ", ".join(
                f"{r} ({v!r})"
                for r, v in zip(row_number[bad.to_numpy()][:SHOW_ROWS], table[axis][bad].tolist()[:SHOW_ROWS])
            )
            more = f" and {int(bad.sum()) - SHOW_ROWS} more" if bad.sum() > SHOW_ROWS else ""
            problems.append(
                f"{unit}{'s' if bad.sum() > 1 else ''} {examples}{more}: {axis} is not one of {', '.join(labels)}"
            )
        table[axis] = spelled.fillna(table[axis])
    no_id = (table["id"] == "").to_numpy()
    if no_id.any():
        problems.append(f"{_rows_named(row_number[no_id].tolist(), unit)}: id is empty")
    repeated = table["id"].duplicated(keep=False).to_numpy() & ~no_id
    if repeated.any():
        ids = list(dict.fromkeys(table["id"][repeated]))
        problems.append(
            f"{_rows_named(row_number[repeated].tolist(), unit)}: id repeated ({', '.join(ids[:SHOW_ROWS])})"
        )
    empty = (table["sentence"].str.strip() == "").to_numpy()
    if empty.any():
        problems.append(f"{_rows_named(row_number[empty].tolist(), unit)}: sentence is empty")
    if problems:
        raise CodingError(f"{path}: " + "; ".join(problems))
    table = table[coded.to_numpy()].reset_index(drop=True)
    if table.empty:
        raise CodingError(f"{path}: no row is coded yet (frame and tone are empty on every row)")
    return table

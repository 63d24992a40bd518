"""Corrections to the devpages hand annotation, kept as data: ``benchmarks/gold/devpages_corrections.tsv``.

The annotation of ``../shared/devpages/structure.jsonl`` is one careful reader's. Where a
development-half line label or metadata field breaks the conventions of its ``SOURCES.md``, the
correction is a row of the TSV (file, line, field, gold value, corrected value, SHA-1 of the line, why),
never an edit of the shared file. :func:`read_corrections` parses and validates the rows,
:func:`check_corrections` resolves them against the shared pages (development half, line hash, the
gold value the shared file holds today) and :func:`apply_corrections` returns the annotation with them
applied. ``bench_devpages_cleaning.py`` and ``bench_devpages_metadata.py`` use them with
``--corrections`` (off by default: the committed scores stay on the official gold).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from coopetition.model.train import devpage_split

CORRECTIONS_FILE = Path(__file__).with_name("gold") / "devpages_corrections.tsv"
#: where the scores with the corrections applied are written (the official scores stay in their own files)
CORRECTED_SCORES_FILE = Path(__file__).with_name("gold") / "devpages_corrected_scores.json"
COLUMNS = ("file", "line", "field", "gold_value", "corrected_value", "line_sha1", "why")
LABEL_FIELD = "line_label"
#: a line label and the structure.jsonl list that holds it
LABEL_LISTS = {"content": "content_lines", "furniture": "furniture_lines", "mixed": "mixed_lines"}
META_FIELDS = ("title", "outlet", "site", "date", "author")
_SHA1 = re.compile(r"[0-9a-f]{40}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Correction:
    """One row of the corrections file (``where`` names it in errors: ``path:line``)."""

    file: str
    line: int
    field: str
    gold_value: str
    corrected_value: str
    line_sha1: str
    why: str
    where: str


def line_sha1(text: str) -> str:
    """SHA-1 (hex) of one line's UTF-8 text, as the ``line_sha1`` column holds it."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _check_value(field: str, value: str, where: str, column: str) -> None:
    if field == LABEL_FIELD and value not in LABEL_LISTS:
        raise ValueError(f"{where}: {column} {value!r} is not a line label ({', '.join(LABEL_LISTS)})")
    if field == "date" and value and not _DATE.fullmatch(value):
        raise ValueError(f"{where}: {column} {value!r} is not a YYYY-MM-DD date or empty")


def read_corrections(path: Path = CORRECTIONS_FILE) -> list[Correction]:
    """The rows of a corrections TSV (``#`` lines are its header comment).

    Raises:
        ValueError: naming the file and row: a missing or different column header, a row with the wrong
            number of columns, a line number that is not a positive integer, an unknown field, a label or
            date that is not one, a malformed SHA-1, a correction that changes nothing, an empty ``why``,
            or two rows for the same file, line and field.
    """
    if not path.is_file():
        raise ValueError(f"{path}: no corrections file there")
    rows: list[Correction] = []
    header: list[str] | None = None
    seen: set[tuple[str, int, str]] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        where = f"{path}:{n}"
        if header is None:
            header = cells
            if tuple(header) != COLUMNS:
                raise ValueError(f"{where}: the column header must be {'/'.join(COLUMNS)}, not {'/'.join(header)}")
            continue
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{where}: {len(cells)} tab-separated columns, expected {len(COLUMNS)}")
        file, line, field, gold_value, corrected_value, sha1, why = cells
        if not line.isdigit() or int(line) < 1:
            raise ValueError(f"{where}: line {line!r} is not a 1-based line number")
        if field != LABEL_FIELD and field not in META_FIELDS:
            raise ValueError(f"{where}: field {field!r} is neither {LABEL_FIELD} nor one of {', '.join(META_FIELDS)}")
        _check_value(field, gold_value, where, "gold_value")
        _check_value(field, corrected_value, where, "corrected_value")
        if not _SHA1.fullmatch(sha1):
            raise ValueError(f"{where}: line_sha1 {sha1!r} is not 40 lower-case hex digits")
        if gold_value == corrected_value:
            raise ValueError(f"{where}: corrected_value is the gold value {gold_value!r}: nothing to correct")
        if not why.strip():
            raise ValueError(f"{where}: why is empty: name the convention the gold value breaks")
        key = (file, int(line), field)
        if key in seen:
            raise ValueError(f"{where}: a second row for {file} line {line} field {field}")
        seen.add(key)
        rows.append(Correction(file, int(line), field, gold_value, corrected_value, sha1, why.strip(), where))
    if header is None:
        raise ValueError(f"{path}: no column header ({'/'.join(COLUMNS)})")
    return rows


def line_label(row: dict, number: int) -> str:
    """The label (content, furniture, mixed) a structure.jsonl row gives line ``number`` ("" if none)."""
    for label, key in LABEL_LISTS.items():
        numbers = [m["line"] if isinstance(m, dict) else m for m in row[key]]
        if number in numbers:
            return label
    return ""


def annotation(devpages: Path) -> dict[str, dict]:
    """The rows of ``structure.jsonl``, by file."""
    lines = (devpages / "structure.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["file"]: row for row in (json.loads(line) for line in lines if line.strip())}


def check_corrections(corrections: list[Correction], devpages: Path) -> list[Correction]:
    """``corrections``, once each resolves against the shared pages (returned unchanged).

    Raises:
        ValueError: naming the row: its file is not a development-half page (a test-half page is never
            corrected: it is never read), the line is past the page's end, the line's SHA-1 differs (the
            page changed), or the gold value is not what ``structure.jsonl`` holds today.
    """
    split = devpage_split(devpages.parent)
    gold = annotation(devpages)
    for c in corrections:
        if split.get(c.file) != "development":
            raise ValueError(f"{c.where}: {c.file} is not a development-half page of {devpages / 'split.tsv'}")
        lines = (devpages / "pages" / c.file).read_text(encoding="utf-8").split("\n")
        if c.line > len(lines):
            raise ValueError(f"{c.where}: {c.file} has {len(lines)} lines, not {c.line}")
        if line_sha1(lines[c.line - 1]) != c.line_sha1:
            raise ValueError(f"{c.where}: line {c.line} of {c.file} is not the line whose SHA-1 the row holds")
        today = line_label(gold[c.file], c.line) if c.field == LABEL_FIELD else gold[c.file].get(c.field, "")
        if today != c.gold_value:
            raise ValueError(
                f"{c.where}: {c.file} {c.field} is {today!r} in structure.jsonl today, not the row's {c.gold_value!r}"
            )
    return corrections


def apply_corrections(gold: dict[str, dict], corrections: list[Correction]) -> dict[str, dict]:
    """A copy of the annotation ``{file: row}`` with ``corrections`` applied (``gold`` is not changed).

    A relabelled line leaves its list for the corrected one (a new mixed line carries the row's ``why``
    as its note); a metadata field takes the corrected value.
    """
    out = copy.deepcopy(gold)
    for c in corrections:
        row = out[c.file]
        if c.field != LABEL_FIELD:
            row[c.field] = c.corrected_value
            continue
        for key in LABEL_LISTS.values():
            row[key] = [m for m in row[key] if (m["line"] if isinstance(m, dict) else m) != c.line]
        key = LABEL_LISTS[c.corrected_value]
        row[key].append({"line": c.line, "note": f"corrected: {c.why}"} if key == "mixed_lines" else c.line)
        row[key].sort(key=lambda m: m["line"] if isinstance(m, dict) else m)
    return out


def corrected_annotation(devpages: Path, path: Path = CORRECTIONS_FILE) -> dict[str, dict]:
    """The annotation of ``devpages`` with the checked corrections of ``path`` applied."""
    return apply_corrections(annotation(devpages), check_corrections(read_corrections(path), devpages))


def store_corrected(section: str, result: dict, path: Path = CORRECTED_SCORES_FILE) -> Path:
    """Write one scorer's result with the corrections applied under ``section`` of ``path`` (others kept)."""
    stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    stored[section] = result
    path.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def add_option(parser: argparse.ArgumentParser) -> None:
    """The ``--corrections [TSV]`` option of the devpages scorers (off by default; bare: the committed file)."""
    parser.add_argument(
        "--corrections",
        nargs="?",
        type=Path,
        const=CORRECTIONS_FILE,
        help="score against the gold with these corrections applied (bare: benchmarks/gold/devpages_corrections.tsv)",
    )

"""Reading the package's data files (``coopetition/data/``): one place for it.

Data files may open with ``#`` comment lines naming their source.
"""

from __future__ import annotations

import csv
import io
from importlib import resources


def read_text(name: str) -> str:
    """The text of ``data/<name>``."""
    return resources.files("coopetition").joinpath("data", name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a word list, stripped."""
    return [line.strip() for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]


def data_rows(name: str, *, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a commented CSV/TSV file with a header line."""
    body = "\n".join(line for line in read_text(name).splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter=delimiter))

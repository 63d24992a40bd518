"""Reading the package's data files (``coopetition/data/``): one place for it.

Data files may open with ``#`` comment lines naming their source.

``COOPETITION_DATA_DIR`` names a folder whose text data files are read instead of the
package's own, file by file (a file not in the folder is read from the package): to try
an edited copy of ``boilerplate.toml`` or ``quantities.toml`` without touching the
installed package. Binary files (the ``.npz`` models) are always the package's.
"""

from __future__ import annotations

import csv
import io
import os
from importlib import resources
from pathlib import Path

#: the environment variable naming a folder of data files read before the package's own
DATA_DIR_ENV = "COOPETITION_DATA_DIR"


def override_dir() -> Path | None:
    """The folder ``COOPETITION_DATA_DIR`` names, or None when it is unset or empty.

    Raises:
        FileNotFoundError: the variable names no folder (the message names the variable and the path).
    """
    value = os.environ.get(DATA_DIR_ENV, "")
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{DATA_DIR_ENV}={value}: no such folder; name a folder of data files (such as an edited "
            "copy of boilerplate.toml), or unset it to read the package's own"
        )
    return folder


def read_text(name: str) -> str:
    """The text of ``data/<name>``: from the ``COOPETITION_DATA_DIR`` folder when it holds that file,
    else the package's own."""
    folder = override_dir()
    if folder is not None and (folder / name).is_file():
        return (folder / name).read_text(encoding="utf-8")
    return resources.files("coopetition").joinpath("data", name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a word list, stripped."""
    return [line.strip() for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]


def data_rows(name: str, *, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows of a commented CSV/TSV file with a header line."""
    body = "\n".join(line for line in read_text(name).splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter=delimiter))

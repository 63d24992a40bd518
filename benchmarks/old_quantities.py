"""The quantity reader as it was before issue 25 (one master regex, jieba POS tagging), for side-by-side runs.

The benchmarks compare the new reader with the old one in the same process. The old module is not
kept in the package: :func:`old_extract_quantities` takes ``quantities.py`` and ``numbers.py`` from
the commit before the rewrite (``git show``), writes them to a temporary folder and imports them
under private names; nothing in the work tree changes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from coopetition import paths

#: the last commit with the single-module reader
OLD_COMMIT = "ce3adca"
#: modules the old reader imports from the package's top level, now in ``coopetition.text``
_MOVED = ("actors", "clean", "segment")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _show(root: Path, source: str) -> str:
    return subprocess.run(
        ["git", "show", f"{OLD_COMMIT}:{source}"], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@lru_cache(maxsize=1)
def old_extract_quantities():
    """``extract_quantities`` of commit :data:`OLD_COMMIT`."""
    root = paths.project_root()
    folder = Path(tempfile.mkdtemp(prefix="old_quantities_"))
    vocab = _show(root, "src/coopetition/data/quantities.toml")
    for source, target in (
        ("src/coopetition/numbers.py", "old_numbers.py"),
        ("src/coopetition/quantities.py", "old_quantities.py"),
    ):
        text = _show(root, source)
        text = text.replace("from coopetition.numbers import", "from coopetition._old_numbers import")
        for module in _MOVED:  # the package's layout by stage (issue 26) moved what the old reader imports
            text = text.replace(f"from coopetition.{module} import", f"from coopetition.text.{module} import")
        text = text.replace('read_text("quantities.toml")', repr(vocab))  # the vocabulary as it was then
        (folder / target).write_text(text, encoding="utf-8")
    _load("coopetition._old_numbers", folder / "old_numbers.py")
    return _load("coopetition._old_quantities", folder / "old_quantities.py").extract_quantities

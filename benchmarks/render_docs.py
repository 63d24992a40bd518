"""Write the result tables of README.md and docs/*.md from the committed result files.

Every table of measured numbers in the documentation sits between two markers::

    <!-- table: NAME -->
    | ... generated ... |
    <!-- /table -->

and is rendered here from the result file its benchmark or training script
wrote (:data:`TABLES` names the file of each). ``python benchmarks/render_docs.py``
rewrites every marked block; ``--check`` only reports the blocks that differ
(``tests/test_docs.py`` runs the same check), so a number in the docs can never
drift from the run that produced it. A table whose result file is missing is
left as it is and reported.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"

BLOCK_RE = re.compile(r"(<!-- table: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /table -->)", re.S)


def _load(name: str) -> dict:
    return json.loads((BENCH / name).read_text(encoding="utf-8"))


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown_table(columns: list[str], rows: list[list]) -> str:
    """A GitHub Markdown table: a header row, a rule, one line per row."""
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(_fmt(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


#: table name -> (result file under benchmarks/, renderer from its parsed JSON to Markdown)
TABLES: dict[str, tuple[str, Callable[[dict], str]]] = {}


def table(name: str, source: str):
    """Register a renderer for the marked block ``name``, reading ``benchmarks/<source>``."""

    def register(render: Callable[[dict], str]) -> Callable[[dict], str]:
        TABLES[name] = (source, render)
        return render

    return register


def render(name: str) -> str | None:
    """The Markdown of table ``name``, or None when its result file is absent."""
    source, draw = TABLES[name]
    if not (BENCH / source).is_file():
        return None
    return draw(_load(source))


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def stale_blocks() -> list[tuple[Path, str, str]]:
    """``(file, table, reason)`` for every marked block that does not match its rendering."""
    out = []
    for path in documents():
        for match in BLOCK_RE.finditer(path.read_text(encoding="utf-8")):
            name = match["name"]
            if name not in TABLES:
                out.append((path, name, "no renderer of that name"))
                continue
            expected = render(name)
            if expected is None:
                out.append((path, name, f"result file benchmarks/{TABLES[name][0]} is missing"))
            elif match["body"] != expected:
                out.append((path, name, "differs from its result file"))
    return out


def rewrite() -> int:
    changed = 0
    for path in documents():
        text = path.read_text(encoding="utf-8")

        def fill(match: re.Match) -> str:
            body = render(match["name"]) if match["name"] in TABLES else None
            return match.group(1) + (match["body"] if body is None else body) + match.group(4)

        new = BLOCK_RE.sub(fill, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the blocks that differ; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_blocks()
        for path, name, reason in stale:
            print(f"{path.relative_to(ROOT)}: table {name}: {reason}")
        return 1 if stale else 0
    print(f"rewrote {rewrite()} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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


#: table name -> (result files, relative to the project root, renderer from {file: parsed JSON} to Markdown)
TABLES: dict[str, tuple[tuple[str, ...], Callable[[dict], str]]] = {}


def table(name: str, *sources: str):
    """Register a renderer for the marked block ``name``, reading the result files ``sources``."""

    def register(render: Callable[[dict], str]) -> Callable[[dict], str]:
        TABLES[name] = (sources, render)
        return render

    return register


def render(name: str) -> str | None:
    """The Markdown of table ``name``, or None when its first result file is absent (later ones are optional)."""
    sources, draw = TABLES[name]
    if not (ROOT / sources[0]).is_file():
        return None
    return draw(
        {
            source: json.loads((ROOT / source).read_text(encoding="utf-8"))
            for source in sources
            if (ROOT / source).is_file()
        }
    )


def _share(right: int | None, pages: int | None) -> str:
    return "—" if right is None or not pages else f"{right / pages:.3f}"


@table(
    "devpages",
    "benchmarks/devpages_cleaning.json",
    "benchmarks/devpages_metadata.json",
    "benchmarks/devpages_quantities.json",
    "benchmarks/labels_validation.json",
    "src/coopetition/data/devpages_labels_test.json",
)
def _devpages(files: dict) -> str:
    """Issue 22, 24, 25's measures on the two halves of ../shared/devpages (100 sites each)."""
    cleaning = files.get("benchmarks/devpages_cleaning.json", {})
    metadata = files.get("benchmarks/devpages_metadata.json", {})
    quantities = files.get("benchmarks/devpages_quantities.json", {})
    cv = files.get("benchmarks/labels_validation.json", {})
    frozen = files.get("src/coopetition/data/devpages_labels_test.json")

    def half(name: str) -> list[str]:
        c, m, q = cleaning.get(name, {}), metadata.get(name, {}), quantities.get(name, {}).get("cleaned", {})
        counts, pages = m.get("counts", {}).get("txt", {}), m.get("pages")
        if name == "test":
            kappas = [frozen[a]["kappa"] if frozen else None for a in ("frame", "tone")]
        else:
            site = {
                r["axis"]: r["kappa"]
                for r in cv.get("table", [])
                if r["scheme"] == "site-disjoint" and r["set"] == "devpages"
            }
            kappas = [site.get("frame"), site.get("tone")]
        return [
            _fmt(c.get("furniture_removed"), 3),
            _fmt(c.get("content_kept"), 3),
            _fmt(c.get("pages_with_junk_in_top20")),
            _share(counts.get("title"), pages),
            _share(counts.get("outlet"), pages),
            _share(counts.get("date"), pages),
            _fmt(q.get("recall"), 3),
            _fmt(q.get("precision"), 3),
            _fmt(q.get("attributes"), 3),
            *(_fmt(k, 3) for k in kappas),
        ]

    measures = [
        "furniture lines removed",
        "content lines kept",
        "pages with a junk term in their top 20",
        "title right",
        "outlet right",
        "date right",
        "quantities: recall",
        "quantities: precision",
        "quantities: attributes",
        "frame κ",
        "tone κ",
    ]
    targets = ["≥ 0.95", "≥ 0.98", "0", "≥ 0.90", "≥ 0.90", "≥ 0.90", "≥ 0.95", "≥ 0.95", "≥ 0.95", "≥ 0.78", "≥ 0.55"]
    dev, test = half("development"), half("test")
    rows = [[m, d, t, g] for m, d, t, g in zip(measures, dev, test, targets)]
    return markdown_table(
        [
            "measure",
            "development half (tuned on: in-sample; κ by site-disjoint CV)",
            "test half (frozen, scored once)",
            "target",
        ],
        rows,
    )


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
                out.append((path, name, f"result file {TABLES[name][0][0]} is missing"))
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


@table("quantities-halves", "benchmarks/devpages_quantities.json", "benchmarks/quantities_results.json")
def _quantities_halves(files: dict) -> str:
    """The reader on both devpages halves (bench_devpages_quantities.py), and the money subset beside JioNLP (bench_quantities.py)."""
    halves = files["benchmarks/devpages_quantities.json"]
    money = files.get("benchmarks/quantities_results.json", {})
    rows = []
    for half in ("development", "test"):
        for reading, label in (("cleaned", "cleaned page"), ("content", "gold content lines")):
            r = halves.get(half, {}).get(reading)
            if r:
                rows.append(
                    [
                        half,
                        label,
                        r["gold"],
                        r["found"],
                        _fmt(r["recall"], 3),
                        _fmt(r["precision"], 3),
                        _fmt(r["attributes"], 3),
                    ]
                )
        for tool in ("ours", "jionlp"):
            r = money.get(f"devpages {half} money", {}).get(tool)
            if r:
                name = "money: coopetition" if tool == "ours" else "money: JioNLP extract_money"
                rows.append([half, name, r["gold"], r["found"], _fmt(r["recall"], 3), _fmt(r["precision"], 3), "—"])
    return markdown_table(["half", "reading", "gold", "found", "recall", "precision", "attributes"], rows)


@table("labels-validation", "benchmarks/labels_validation.json")
def _labels_validation(files: dict) -> str:
    """docs/labels.md's validation section: ``benchmarks/labels_tables.py`` renders it from its result files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("labels_tables", BENCH / "labels_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render()


@table("ci-time", "benchmarks/ci_time.json")
def _ci_time(files: dict) -> str:
    """How long CI takes: a fresh clone's ``.ci/run``, timed by hand and written to ``benchmarks/ci_time.json``."""
    r = files["benchmarks/ci_time.json"]
    return markdown_table(
        ["what", "wall time", "tests", "machine", "commit"],
        [[r["what"], f"{r['seconds'] / 60:.1f} min ({r['seconds']} s)", r["tests"], r["machine"], r["commit"]]],
    )


@table("move-check", "benchmarks/move_check.json")
def _move_check(files: dict) -> str:
    """Issue 26: each commit of the layout move against its parent, every file the notebooks write (check_move.py)."""
    rows = [
        [
            f"{r['commit']} vs {r['parent']}",
            re.split(r"[:(]", r["subject"], maxsplit=1)[0].strip(),
            r.get("tables_compared"),
            r.get("figures_compared"),
            r["error"] if "error" in r else ", ".join(r["differ"]) or "none",
        ]
        for r in files["benchmarks/move_check.json"]["checks"]
    ]
    return markdown_table(["commit", "what it did", "tables (CSV)", "figures (PNG)", "files that differ"], rows)


@table("report-scale", "benchmarks/report_scale.json")
def _report_scale(files: dict) -> str:
    """``python -m coopetition report`` from a wheel in a fresh venv, on synthetic crawls (benchmarks/bench_report.py)."""
    runs = files["benchmarks/report_scale.json"]
    rows = []
    for size in sorted(runs, key=int):
        r = runs[size]
        minutes = r["seconds"] / 60
        rows.append(
            [
                f"{r['articles']:,}",
                r.get("layout", ""),
                f"{minutes:.1f} min",
                f"{r['target_seconds'] / 60:.0f} min",
                f"{r['peak_tree_gb']:.2f} GB",
                f"{r['report_html_bytes'] / 1e6:.1f} MB",
                r["machine"],
                r["commit"],
            ]
        )
    return markdown_table(
        [
            "articles",
            "layout",
            "wall time",
            "target",
            "peak memory (all processes)",
            "report.html",
            "machine",
            "commit",
        ],
        rows,
    )


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

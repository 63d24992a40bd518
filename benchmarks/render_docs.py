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
import csv
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
    "benchmarks/frozen_test_history.json",
    "benchmarks/devpages_labels_test_accurate.json",
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
            _fmt(c.get("pages_with_junk_from_kept_furniture")),
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
        "… of them from furniture the cleaning kept",
        "title right",
        "outlet right",
        "date right",
        "quantities: recall",
        "quantities: precision",
        "quantities: attributes",
        "frame κ",
        "tone κ",
    ]
    targets = [
        "≥ 0.95",
        "≥ 0.98",
        "0",
        "0",
        "≥ 0.90",
        "≥ 0.90",
        "≥ 0.90",
        "≥ 0.95",
        "≥ 0.95",
        "≥ 0.95",
        "≥ 0.78",
        "≥ 0.55",
    ]
    dev, test = half("development"), half("test")
    earlier = files.get("benchmarks/frozen_test_history.json", {}).get("versions", [])
    earlier = sorted(earlier, key=lambda v: v["version"], reverse=True)  # newest first
    columns = [
        "measure",
        "development half (tuned on: in-sample; κ by site-disjoint CV)",
        "test half, this version (frozen, scored once)",
        *(f"test half, {v['label']}" for v in earlier),
    ]
    accurate = files.get("benchmarks/devpages_labels_test_accurate.json")
    if accurate:
        measures += ["frame κ, accurate mode (optional)", "tone κ, accurate mode (optional)"]
        targets += ["≥ 0.78", "≥ 0.55"]
        dev += [_fmt(k, 3) for k in _accurate_cv()]
        test += [_fmt(accurate[axis]["kappa"], 3) for axis in ("frame", "tone")]
    rows = []
    for m, d, t, g in zip(measures, dev, test, targets):
        rows.append([m, d, t, *(v["test"].get(m, "—") for v in earlier), g])
    return markdown_table([*columns, "target"], rows)


def _accurate_cv() -> list[float | None]:
    """The accurate mode's site-disjoint CV κ on the development pages (frame, tone), from benchmarks/accurate_labels.csv."""
    path = ROOT / "benchmarks" / "accurate_labels.csv"
    if not path.is_file():
        return [None, None]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    chosen = {r["axis"]: float(r["kappa_devpages"]) for r in rows if r["candidate"] == "blend, C and a cross-fitted"}
    return [chosen.get("frame"), chosen.get("tone")]


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


_FURNITURE_CV = "src/coopetition/data/furniture_cv.json"
#: the round-5 variants of furniture_cv.json, in the order and words docs/cleaning.md shows them
_ROUND5_LABELS = {
    "round 4 model (every column on, shipped)": "**shipped** (every column on)",
    "no rule columns": "rule columns off (`rule_line`, `rule_prefix`, `rule_footer`, `rule_inline` and their neighbours' copies)",
    "no word-list columns": "word-list columns off (`credit_label`, `credit_words`, `widget_words`, `nav_words`, `notice_words`)",
    "no rule or word-list columns": "rule and word-list columns off",
    "pre-devpages rules": "**pre-devpages rules**: the entries written after the development pages arrived taken out of the chain and the features",
    "constructed rows (all carriers)": "constructed rows, constructed and external carriers",
    "constructed rows (constructed carriers only)": "constructed rows, constructed carriers only",
    "constructed rows (all carriers), 3 body lines each end": "constructed rows, all carriers, 3 body lines at each end",
    "constructed rows (constructed carriers only), 3 body lines each end": "constructed rows, constructed carriers, 3 body lines at each end",
    "constructed rows (all carriers), counted as one site": "constructed rows, all carriers, counted as one site in the vocabulary",
    "constructed rows (all carriers), no rule or word-list columns": "constructed rows, all carriers, rule and word-list columns off",
    "pre-devpages rules, constructed rows (all carriers)": "pre-devpages rules and constructed rows, all carriers",
}


@table("furniture-thresholds", _FURNITURE_CV)
def _furniture_thresholds(files: dict) -> str:
    """The whole chain's site-grouped CV at the thresholds around the shipped one (``end_to_end_by_threshold``)."""
    report = files[_FURNITURE_CV]
    chosen, by = report["chosen"], report["end_to_end_by_threshold"]
    line_level, shipped = f"{chosen['line_level_threshold']:.2f}", f"{chosen['threshold']:.2f}"
    rows = []
    for key in sorted(by, key=float):
        if key not in {line_level, shipped, "0.46", "0.50", "0.55"}:
            continue
        r = by[key]
        label = (
            f"**{key} (shipped)**" if key == shipped else f"{key} (the line-level choice)" if key == line_level else key
        )
        removed = f"**{r['furniture_removed']:.3f}**" if key == shipped else f"{r['furniture_removed']:.3f}"
        kept = f"**{r['content_kept']:.3f}**" if key == shipped else f"{r['content_kept']:.3f}"
        rows.append([label, removed, kept, f"{r['mixed_kept']:.3f}"])
    columns = ["threshold (whole chain, site-grouped CV, development half)", "furniture removed", "content kept"]
    return markdown_table([*columns, "mixed kept"], rows)


@table("furniture-round5", _FURNITURE_CV)
def _furniture_round5(files: dict) -> str:
    """Round 5's variants of the furniture model, each at its own operating point (``round5`` of the CV report)."""
    variants = files[_FURNITURE_CV]["round5"]["variants"]
    rows = []
    for key, label in _ROUND5_LABELS.items():
        v = variants[key]
        at, interval = v["at_operating_point"], v.get("interval_95", {})
        n = v.get("constructed_rows") or 0
        removed = f"{at['furniture_removed']:.3f}"
        kept = f"{at['content_kept']:.3f}"
        if "minus_base_interval_95" in v:
            low, high = v["minus_base_interval_95"]["furniture_removed"]
            gap = f"{low:+.3f} – {high:+.3f}".replace("+0.000", "0.000").replace("-0.000", "0.000").replace("-", "−")
        else:
            (rl, rh), (cl, ch) = interval["furniture_removed"], interval["content_kept"]
            removed, kept, gap = f"**{removed}** (95%: {rl:.3f}–{rh:.3f})", f"{kept} ({cl:.3f}–{ch:.3f})", "—"
        rows.append(
            [
                f"{label}{f' ({n:,} rows)' if n else ''}",
                f"{v['operating_point']:.2f}",
                removed,
                kept,
                f"{at['mixed_kept']:.3f}",
                gap,
            ]
        )
    columns = ["variant (whole chain, site-grouped CV, development half)", "threshold", "furniture removed"]
    return markdown_table([*columns, "content kept", "mixed kept", "furniture removed minus shipped, 95%"], rows)


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


@table(
    "quantities-external",
    "benchmarks/external_quantities.json",
    "benchmarks/gold/quantities_external_odd_agreement.json",
)
def _quantities_external(files: dict) -> str:
    """The reader on the odd second-corpus articles against the two coders' settled reading (bench_external_quantities.py)."""
    r = files["benchmarks/external_quantities.json"]
    agreement = files.get("benchmarks/gold/quantities_external_odd_agreement.json", {})
    return markdown_table(
        ["articles", "gold", "found", "recall", "precision", "attributes", "coders' detection F1"],
        [
            [
                r["articles"],
                r["gold"],
                r["found"],
                _fmt(r["recall"], 3),
                _fmt(r["precision"], 3),
                _fmt(r["attributes"], 3),
                _fmt(agreement.get("detection_f1"), 3),
            ]
        ],
    )


@table("quantities-speed", "benchmarks/quantities_results.json")
def _quantities_speed(files: dict) -> str:
    """The reader before issue 25 and this one on the same lines, side by side (bench_quantities.py)."""
    speed = files["benchmarks/quantities_results.json"].get("speed", {})
    ways = (
        ("old (ce3adca), by line", "before (ce3adca)", "`extract_quantities`, one call per line", None),
        ("new, by line", "this reader", "`extract_quantities`, one call per line", "speedup new, by line"),
        (
            "new, one table, by line",
            "this reader",
            "`extract_records` per line, one `records_table` for all",
            "speedup new, one table, by line",
        ),
        ("old (ce3adca), by article", "before (ce3adca)", "`extract_quantities`, one call per article", None),
        ("new, by article", "this reader", "`extract_quantities`, one call per article", "speedup new, by article"),
    )
    rows = [
        [reader, calls, speed[key]["rows"], _fmt(speed[key]["seconds"], 3), _fmt(speed[key]["ms_per_line"], 3)]
        + [f"{speed[ratio]:.1f}x" if ratio else ""]
        for key, reader, calls, ratio in ways
        if key in speed
    ]
    return markdown_table(["reader", "calls", "rows", "CPU seconds", "ms per line", "speed-up"], rows)


def _fmt_signed(value: int | None) -> str:
    return "—" if value is None else f"{value:+d}"


@table("quantities-rules", "benchmarks/quantity_rules.json")
def _quantities_rules(files: dict) -> str:
    """Each rule family switched off in turn (bench_quantity_rules.py): development pages and the articles."""
    families = files["benchmarks/quantity_rules.json"]["families"]
    rows = [
        [
            name,
            f"{r['errors_fixed']:+d}",
            f"{r['errors_fixed_held_out']:+d}" if "errors_fixed_held_out" in r else "",
            f"{r['changes_right']} / {r['changes_wrong']}" if "changes_right" in r else "",
            r["pages_helped"],
            r["pages_hurt"],
            _fmt(r["best_page_share"]),
            len(r["folds_helped"]),
            r["article_rows_changed"],
            _fmt_signed(r.get("external_odd_errors_fixed")),
        ]
        for name, r in sorted(families.items(), key=lambda item: (-item[1]["errors_fixed"], item[0]))
        if r["errors_fixed"] or r["pages_hurt"] or r["article_rows_changed"]
    ]
    columns = [
        "family",
        "errors fixed",
        "held out",
        "changes right / wrong",
        "pages helped",
        "pages hurt",
        "best page's share",
        "folds",
        "article rows",
        "odd external errors fixed",
    ]
    return markdown_table(columns, rows)


@table("quantities-folds", "benchmarks/quantity_rules.json")
def _quantities_folds(files: dict) -> str:
    """All rules against the site-grouped estimate on the development half (bench_quantity_rules.py)."""
    results = files["benchmarks/quantity_rules.json"]
    rows = [
        [key, r["gold"], r["found"], _fmt(r["recall"], 3), _fmt(r["precision"], 3), _fmt(r["attributes"], 3)]
        for key, r in results.items()
        if key.startswith("development")
    ]
    return markdown_table(
        ["development half, cleaned pages", "gold", "found", "recall", "precision", "attributes"], rows
    )


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


@table("user-path", "benchmarks/user_path.json", "benchmarks/user_path_external.json")
def _user_path(files: dict) -> str:
    """``load_corpus`` then ``tokenize`` beside raw jieba, stage by stage, before and now (benchmarks/bench_user_path.py)."""
    runs = [
        files[name] for name in ("benchmarks/user_path.json", "benchmarks/user_path_external.json") if name in files
    ]
    columns = ["ms of CPU (fastest round)"]
    for run in runs:
        folder = {"articles": "external articles"}.get(run["folder"], run["folder"])
        columns += [f"{folder} ({run['now']['articles']}): before {run['before']['commit']}", "now"]
    stages = list(
        dict.fromkeys(stage for run in runs for side in ("before", "now") for stage in run[side]["stage_seconds"])
    )
    rows = []
    for stage in stages:
        cells = [run[side]["stage_seconds"].get(stage) for run in runs for side in ("before", "now")]
        rows.append([stage, *("—" if cell is None else f"{cell * 1000:.1f}" for cell in cells)])
    rows.append(
        [
            "the stages' total (rounds with the stage timers)",
            *(f"{sum(run[side]['stage_seconds'].values()) * 1000:.1f}" for run in runs for side in ("before", "now")),
        ]
    )
    rows.append(
        [
            "**the path** (load_corpus + tokenize)",
            *(f"{run[side]['path_seconds'] * 1000:.1f}" for run in runs for side in ("before", "now")),
        ]
    )
    rows.append(
        [
            "raw jieba.lcut on the same clean text",
            *(f"{run[side]['jieba_seconds'] * 1000:.1f}" for run in runs for side in ("before", "now")),
        ]
    )
    rows.append(
        [
            "**jieba over the path** (higher is faster)",
            *(f"**{run[side]['jieba_over_path']:.2f}**" for run in runs for side in ("before", "now")),
        ]
    )
    return markdown_table(columns, rows)


@table("same-output", "benchmarks/same_output.json")
def _same_output(files: dict) -> str:
    """The speed work changed no output: benchmarks/check_same_output.py, this checkout against the reference commit."""
    r = files["benchmarks/same_output.json"]
    rows = [
        [f"{group}" + (f" ({r['half']} half)" if group == "devpages" else ""), c["articles"], c["tables"], c["differ"]]
        for group, c in sorted(r["groups"].items())
    ]
    rows.append(
        [
            f"**all**, {r['now']} against {r['reference']}",
            *(sum(c[k] for c in r["groups"].values()) for k in ("articles", "tables", "differ")),
        ]
    )
    return markdown_table(
        ["articles of", "articles (row and tokens hashed)", "tables (columns, types, index)", "differ"], rows
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

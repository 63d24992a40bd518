"""Command line: ``python -m coopetition report FOLDER --out DIR``.

Runs the notebook series on a folder of articles and writes figures, tables,
executed notebooks and one self-contained ``report.html`` into ``DIR``
(see :mod:`coopetition.output.report`).
"""

from __future__ import annotations

import argparse
import sys

from coopetition.reading.corpus import CorpusError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m coopetition", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="run every notebook on a folder of articles and write an HTML report")
    report.add_argument(
        "folder",
        help="a folder of articles: .txt, .md, .html, .jsonl or .csv (catalog.csv beside them "
        "is optional), or one such file (a corpus of one)",
    )
    report.add_argument(
        "--out",
        required=True,
        help="output folder: figures/, notebooks/ and report.html go here "
        "(not a file, and neither holding the articles nor inside them)",
    )
    report.add_argument(
        "--errors",
        choices=("raise", "skip"),
        default="raise",
        help="an unreadable file: 'raise' stops before any notebook runs, naming every such file "
        "(default); 'skip' leaves each out with a warning",
    )
    report.add_argument("--cache", default=None, help="cache folder (default: the project's .cache or the user cache)")
    report.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status (0 on success, 1 on a clear error)."""
    from coopetition.output.report import ReportError, build_report

    args = _parser().parse_args(argv)
    try:
        target = build_report(args.folder, args.out, cache=args.cache, progress=not args.quiet, errors=args.errors)
    except (CorpusError, ReportError) as exc:
        print(f"coopetition report: {exc}", file=sys.stderr)
        return 1
    print(f"report written: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

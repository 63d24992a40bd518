"""A hostile crawl built from real pages: is every file accounted for and no record lost?

Builds, in a temporary folder, a crawl from one half of ``../shared/devpages`` (the
``split.tsv`` half given by ``--half``; tune on ``development`` only, the lead scores
``test`` once): the pages spread over per-site subfolders under dotted file names
(``site.com_203.txt``), a tenth of them as records of a ``.jsonl`` dump with one cut-off
line and one record id holding a ``/``, another tenth as rows of a ``.csv`` export with one
bad row, one page nested 10,000 ``<div>`` deep, and the debris a real crawl folder holds:
a symbolic link that loops, one whose target is gone, a FIFO, three ``.pdf`` and a
``.docx``, a hidden file and a report's output folder. It then loads the crawl with
``errors="skip"`` and with ``errors="raise"``, names a figure for every ``doc_id``, and
writes what it counted to ``benchmarks/hostile_crawl_<half>.json`` (counts only, no text).

    python benchmarks/hostile_crawl.py --half development
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import warnings
from pathlib import Path

from coopetition import load_corpus, paths
from coopetition.model.train import devpage_split
from coopetition.output.plotting import figure_name
from coopetition.reading.corpus import CorpusError, CorpusWarning

DEPTH = 10_000


def _pages(half: str) -> list[Path]:
    shared = paths.project_root() / ".." / "shared"
    return [shared / "devpages" / "pages" / name for name, split in devpage_split(shared).items() if split == half]


def build(pages: list[Path], root: Path) -> dict:
    """Lay the crawl out under ``root``; return what a loader must find in it."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in pages]
    n = len(texts)
    dumped, exported = texts[: n // 10], texts[n // 10 : n // 5]
    deep, files = texts[n // 5], texts[n // 5 + 1 :]
    for stem, text in files:  # 203_fdyjm → fdyjm/fdyjm.com_203.txt
        number, _, site = stem.partition("_")
        target = root / (site or "misc") / f"{site}.com_{number}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    lines = [
        json.dumps({"id": f"{stem}/{i}" if i == 0 else stem, "text": text}, ensure_ascii=False)
        for i, (stem, text) in enumerate(dumped)
    ]
    lines.insert(len(lines) // 2, '{"id": "cut", "text": "美团回应')  # a record the crawler cut off
    (root / "dumps").mkdir()
    (root / "dumps" / "2025.09.12_dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import csv

    with open(root / "dumps" / "export.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        for i, (stem, text) in enumerate(exported):
            writer.writerow([stem, text])
            if i == 0:
                handle.write("bad-row,text,one field too many\r\n")
    body = "".join(f"<p>{line}</p>" for line in deep[1].splitlines() if line.strip())
    (root / "deep.html").write_text(
        f"<html><head><meta charset='utf-8'></head><body>{'<div>' * DEPTH}{body}{'</div>' * DEPTH}</body></html>",
        encoding="utf-8",
    )
    os.symlink("loop.txt", root / "loop.txt")
    os.symlink("deleted.txt", root / "gone.txt")
    os.mkfifo(root / "pipe.txt")
    for name in ("a.pdf", "b.pdf", "misc.pdf", "notes.docx"):
        (root / name).write_bytes(b"%PDF-1.4\n" if name.endswith(".pdf") else b"PK\x03\x04")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "report" / "figures").mkdir(parents=True)
    (root / "report" / "report.html").write_text("<html><body><p>报告</p></body></html>", encoding="utf-8")
    return {
        "pages": n,
        "articles_expected": len(files) + len(dumped) + len(exported) + 1,
        "bad_records": 2,
        "bad_entries": 3,
        "unsupported": 4,
    }


def run(half: str) -> dict:
    pages = _pages(half)
    with tempfile.TemporaryDirectory(prefix="hostile-crawl-") as tmp:
        root = Path(tmp) / "crawl"
        root.mkdir()
        expected = build(pages, root)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = load_corpus(root, errors="skip")
        messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CorpusWarning)  # the same warnings as above
                load_corpus(root)
            raised = ""
        except CorpusError as exc:
            raised = str(exc).splitlines()[0]
    names = [figure_name("02_wordcloud", d) for d in corpus["doc_id"]]
    skipped = [m for m in messages if ": skipped: " in m]
    deep_row = corpus[corpus["path"] == "deep.html"]
    return {
        "half": half,
        "pages": expected["pages"],
        "articles_expected": expected["articles_expected"],
        "articles_read": len(corpus),
        "subfolders": int(corpus["path"].str.contains("/").sum()),
        "doc_ids_unique": bool(corpus["doc_id"].is_unique),
        "figure_names_valid": sum(bool(re.fullmatch(r"[\w-]+", n)) for n in names),
        "figure_names_distinct": len(set(names)),
        "bad_records_warned": sum("line" in m.split(": skipped: ")[0] for m in skipped),
        "bad_entries_warned": sum("line" not in m.split(": skipped: ")[0] for m in skipped),
        "unsupported_counted": sum(
            int(k) for m in messages if "no reader for these" in m for k in re.findall(r"(\d+) \.(?:pdf|docx)\b", m)
        ),
        "report_folder_left_out": any("report/: a report's output" in m for m in messages),
        "deep_html_chars": int(deep_row["clean_chars"].iloc[0]) if len(deep_row) else 0,
        "deep_html_explained": bool(len(deep_row) and "nest" in deep_row["warnings"].iloc[0]),
        "raise_first_line": re.sub(r"\(.*\)", "(…)", raised),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("development", "test"), required=True)
    args = parser.parse_args()
    result = run(args.half)
    out = Path(__file__).with_name(f"hostile_crawl_{args.half}.json")
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()

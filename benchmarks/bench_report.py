"""Benchmark: ``python -m coopetition report`` from an installed wheel, on 1,000 and 10,000 articles.

What a new user meets: the package is built as a wheel and installed into a
fresh virtual environment in a temporary folder outside the checkout (its
pinned dependencies are taken from the project's ``.venv`` by a ``.pth`` line,
offline, as ``tests/test_wheel.py`` does), and the command is run from that
folder, with no ``COOPETITION_*`` variable and a fresh ``HOME`` (so a fresh
cache). The corpora are synthetic articles built from the real ones (the seeds
and, when present, the 24 articles of ``../shared/external/articles``, read in
place) the way ``bench_pipeline.py`` builds them: each keeps one source
article's head, tail and code lines and draws 25-60 body sentences, shuffled
with a fixed seed, from every source article of the same script; one
simplified article in ten is stored as GB18030. With ``--layout subfolders``
(default) the articles are spread over subfolders of 100 (``part_000/``…), as
a crawl is; ``--layout flat`` puts them in one folder.

For each size: the wall time of the whole command (every notebook and the
HTML page), its peak memory (the largest sum of the resident sets of the
command and every process under it, the notebook kernels included, sampled
every 0.2 s with psutil, and the largest single process's peak from
``getrusage``), the size of ``report.html`` and the count of PNG files.
Targets (issue 23): 1,000 articles in under 5 minutes, 10,000 in under 30,
peak under 4 GB, on the project's 2-core machine.

Writes ``benchmarks/report_scale.json`` (``--out`` for another file): one entry
per size, merged into what the file already holds, so the 1,000 and the
10,000 runs can be made apart::

    .venv/bin/python benchmarks/bench_report.py --sizes 1000
    .venv/bin/python benchmarks/bench_report.py --sizes 10000   # long: start it with 40+ minutes to spare
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_pipeline import source_files, synthetic_articles  # noqa: E402

from coopetition import paths  # noqa: E402

ROOT = paths.project_root()
#: the targets of issue 23, in seconds per size and bytes of peak memory
TARGET_SECONDS = {1000: 5 * 60, 10000: 30 * 60}
TARGET_PEAK = 4 * 1024**3
PER_FOLDER = 100


def build_articles(count: int, folder: Path, sources: list[Path], *, layout: str) -> int:
    """Write ``count`` synthetic articles under ``folder`` (``bench_pipeline.synthetic_articles``); return their bytes."""
    written = 0
    for number, data in zip(range(count), synthetic_articles(sources)):
        where = folder / f"part_{number // PER_FOLDER:03d}" if layout == "subfolders" else folder
        where.mkdir(parents=True, exist_ok=True)
        (where / f"{number:06d}_synthetic.txt").write_bytes(data)
        written += len(data)
    return written


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args[:4]))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


def install_wheel(work: Path) -> Path:
    """Build the wheel from a copy of the sources and install it into a fresh venv under ``work``; return its python."""
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("src", "notebooks"):
        shutil.copytree(
            ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
        )
    wheels = work / "wheel"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source)])
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(next(wheels.glob("coopetition-*.whl"))),
        ]
    )
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (site / "zz_project_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    # the kernel the notebooks run in is this venv's own python
    _run([str(python), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "python3"])
    return python


def timed_report(python: Path, corpus: Path, out: Path, home: Path) -> dict:
    """Run the report command from ``home`` (outside any checkout); wall time and peak memory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COOPETITION_", "JUPYTER_", "VIRTUAL_ENV"))}
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        MPLBACKEND="Agg",
        PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}",
        JUPYTER_PATH=os.pathsep.join(
            [
                str(python.parent.parent / "share" / "jupyter"),  # the venv's kernel
                str(Path(sys.prefix) / "share" / "jupyter"),  # nbconvert's templates, beside the dependencies
            ]
        ),
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(python), "-m", "coopetition", "report", str(corpus), "--out", str(out), "--quiet"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watched, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"the report failed after {seconds:.0f} s:\n{stdout[-2000:]}\n{stderr[-3000:]}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    page = out / "report.html"
    return {
        "seconds": round(seconds, 1),
        "peak_tree_bytes": peak,
        "peak_tree_gb": round(peak / 1024**3, 2),
        "largest_process_bytes": largest,
        "report_html_bytes": page.stat().st_size,
        "pngs": len(list((out / "figures").glob("*.png"))),
    }


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f} at start"


def commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    return result.stdout.strip() + ("+changes" if dirty.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="articles per corpus")
    parser.add_argument(
        "--layout",
        choices=("subfolders", "flat"),
        default="subfolders",
        help="articles in subfolders of 100 (a crawl) or in one folder",
    )
    parser.add_argument("--out", type=Path, default=HERE / "report_scale.json", help="the JSON file to write (merged)")
    args = parser.parse_args()
    sources = source_files()
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    measured_commit = commit()  # the sources the wheel is built from now, not when the run ends
    with tempfile.TemporaryDirectory(prefix="coopetition-bench-report-") as tmp:
        work = Path(tmp)
        python = install_wheel(work)
        for size in args.sizes:
            corpus = work / f"corpus_{size}"
            nbytes = build_articles(size, corpus, sources, layout=args.layout)
            home = work / f"home_{size}"
            home.mkdir()
            started_on = machine()  # the load average before the run, not after it
            row = timed_report(python, corpus, home / "report", home)
            row.update(
                articles=size,
                corpus_bytes=nbytes,
                layout=args.layout,
                sources=len(sources),
                target_seconds=TARGET_SECONDS.get(size),
                meets_time=row["seconds"] < TARGET_SECONDS.get(size, float("inf")),
                meets_memory=row["peak_tree_bytes"] < TARGET_PEAK,
                commit=measured_commit,
                machine=started_on,
                measured=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            )
            results[str(size)] = row
            args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            print(
                f"{size:,} articles ({nbytes / 1e6:.1f} MB, {args.layout}): {row['seconds']:.0f} s, "
                f"peak {row['peak_tree_gb']:.2f} GB (all processes), report.html {row['report_html_bytes'] / 1e6:.1f} MB"
            )
            shutil.rmtree(corpus)
            shutil.rmtree(home)


if __name__ == "__main__":
    main()

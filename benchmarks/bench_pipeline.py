"""Benchmark: coopetition's pipeline against raw jieba and raw jieba-rs on the same cleaned text.

Builds synthetic corpora of about 1, 10 and 100 MB from real articles: the
seeds and, when present, the 24 articles of ``../shared/external/articles``
(read in place, written only into a temporary folder that is deleted at the
end). Each synthetic article keeps one source article's head and tail lines
and whole code lines (its furniture) and draws its body sentences, shuffled
with a fixed seed, from every source article of the same script; one simplified article in ten
is stored as GB18030. For each size, in fresh processes:

- **stages** (one process, article cache off): decode (``read_article``),
  clean (``clean_text``), metadata (``extract_metadata``), segment
  (``tokenize``, default backend), frame and tone (``label_sentences`` over
  every sentence in one call, and ``frame_label`` + ``tone_label`` one
  sentence at a time on the first 2,000), quantities (``extract_quantities``),
  each in MB/s of file bytes, wall and CPU seconds, and as a share of their
  sum; sentences per second for frame and tone. Decode + clean + segment is
  the "load + clean + tokenise" the targets name; those three and the raw
  segmenters run ``--repeats`` times, interleaved, and the fastest run of each
  counts (this machine's speed drifts by a fifth between minutes). Above
  ``--stage-mb`` (10 MB) the stages run on the first ``--stage-mb`` of the
  corpus: frame, tone and quantities on 100 MB would take longer than the
  rest of the benchmark together, and their speed does not depend on size.
- **raw segmenters on the same cleaned text** the pipeline segments:
  ``jieba.lcut`` (jieba's default dictionary, initialised before timing) and
  ``rjieba.cut`` (jieba-rs's bundled dictionary).
- **the pipeline**: ``process_corpus`` (decode, clean, metadata, tokenise,
  near-duplicate signatures and their comparison, term counts), cache off, ``n_jobs=1`` and ``n_jobs=2``; its ratio to raw
  ``jieba.lcut`` is the ratio of times on the same corpus.
- **peak RSS** of each pipeline run: the largest resident set of the process
  (``RUSAGE_SELF``) plus that of its largest worker (``RUSAGE_CHILDREN``).

At 1 and 10 MB a timing is the fastest of ``--repeats`` runs (noise on a
shared machine only ever adds time), and the one- and two-process runs take
turns, so a drift in the machine's speed falls on both; 100 MB runs once.
``--notebooks`` adds all notebooks, cold cache vs warm, on the seeds and on
the 29 real articles (the seeds and the second corpus), twice each with a new
cache, the fastest cold and warm run counting. ``--quick`` runs
1 MB once, for a check that the benchmark works.

Writes ``benchmarks/results.json`` and ``benchmarks/RESULTS.md`` (every
ratio from this one run; ``--out`` names another report, so a partial run does
not replace the committed one). ``make bench``, or
``.venv/bin/python benchmarks/bench_pipeline.py --sizes 1 10 --out /tmp/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from coopetition import paths
from coopetition.reading.corpus import read_article
from coopetition.text.clean import drop_code_lines

HERE = Path(__file__).resolve().parent
SEED = 20251122
_SPLIT_RE = re.compile(r"(?<=[。!?;！？；])")
#: characters only the traditional script uses (這 個 們 說 國 會 時 來 對 為 發 與 經 業 務 電 網 購)
_TRADITIONAL_RE = re.compile("[這個們說國會時來對為發與經業務電網購]")
HEAD, TAIL = 3, 8


def source_files() -> list[Path]:
    """The real articles the synthetic corpora are built from."""
    files = sorted(paths.seeds_dir().glob("*.txt"))
    external = paths.project_root() / ".." / "shared" / "external" / "articles"
    if external.is_dir():
        files += sorted(external.glob("*.txt"))
    return files


def _parts(raw: str) -> dict[str, list[str]]:
    """Head lines, body sentences, code lines and tail lines of a raw article.

    Body lines the cleaner reads as code (a CSS or JS blob, see ``drop_code_lines``)
    stay whole, with their article's furniture: cut at each ``;`` and shuffled
    into paragraphs of prose, they would make prose lines no crawl delivers.
    """
    lines = raw.replace("\r\n", "\n").split("\n")
    body = lines[HEAD:-TAIL]
    prose = set(drop_code_lines("\n".join(body)).split("\n"))
    sentences = [s for line in body if line in prose for s in _SPLIT_RE.split(line) if s.strip()]
    code = [line for line in body if line not in prose]
    return {"head": lines[:HEAD], "body": sentences, "code": code, "tail": lines[-TAIL:]}


def synthetic_articles(sources: list[Path]) -> Iterator[bytes]:
    """Synthetic articles built from ``sources``, as stored bytes, without end: the same
    sequence for the same sources (fixed seed). Each keeps one source's head, tail and code
    lines and draws 25-60 body sentences from every source of the same script; one simplified
    article in ten is stored as GB18030."""
    rng = random.Random(SEED)
    articles = []
    for path in sources:
        raw, _ = read_article(path)
        parts = _parts(raw)
        if len(parts["body"]) >= 10:
            articles.append({**parts, "traditional": len(_TRADITIONAL_RE.findall(raw)) > 20})
    pools = {script: [s for a in articles if a["traditional"] == script for s in a["body"]] for script in (True, False)}
    for number in itertools.count():
        template = articles[number % len(articles)]
        pool = pools[template["traditional"]]
        sentences = rng.sample(pool, k=min(len(pool), rng.randint(25, 60)))
        paragraphs = ["".join(sentences[i : i + rng.randint(2, 5)]) for i in range(0, len(sentences), 4)]
        text = "\n".join([*template["head"], *paragraphs, *template["code"], *template["tail"]])
        legacy = not template["traditional"] and rng.random() < 0.1
        yield text.encode("gb18030" if legacy else "utf-8")


def build_corpus(target_mb: float, folder: Path, sources: list[Path]) -> tuple[int, int]:
    """Write synthetic articles into ``folder`` until ``target_mb`` MB; return (files, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = files = 0
    for data in synthetic_articles(sources):
        if written >= target_mb * 1e6:
            break
        (folder / f"{files:06d}_synthetic.txt").write_bytes(data)
        written += len(data)
        files += 1
    return files, written


def _child(code: str, env: dict | None = None) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line as its last output."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    if out.returncode:
        raise RuntimeError(f"benchmark step failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _best(codes: dict[str, str], repeats: int, env: dict | None = None) -> dict[str, dict]:
    """Per name, the fastest of ``repeats`` runs of its code (keyed by ``seconds``), with the
    largest peak RSS seen. The codes take turns (a, b, a, b, …), so a drift in the machine's
    speed falls on each of them alike and their ratio compares runs made side by side."""
    runs: dict[str, list[dict]] = {name: [] for name in codes}
    for _ in range(repeats):
        for name, code in codes.items():
            runs[name].append(_child(code, env))
    out = {}
    for name, done in runs.items():
        best = min(done, key=lambda r: r["seconds"])
        out[name] = {
            **best,
            "cpu_seconds": min(r["cpu_seconds"] for r in done),
            "rss_mb": max(r.get("rss_mb", 0) for r in done),
            "runs": [r["seconds"] for r in done],
        }
    return out


#: CPU seconds of the process and its finished workers (a shared machine's load does not count)
_CPU = (
    "import resource\n"
    "def cpu():\n"
    "    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime"
)

_RSS = (
    "import resource; rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
    " + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024"
)

#: every stage on the same files, one process; raw segmenters on the cleaned text of those files
STAGES = """
import json, time, logging, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import jieba, rjieba
import coopetition as cp
from coopetition.reading.corpus import read_article
from coopetition.measures.labels import label_sentences
from coopetition.reading.metadata import extract_metadata
from coopetition.text.segment import default_segmenter, get_fast_tokenizer, get_tokenizer, split_sentences, tokenize
jieba.setLogLevel(logging.WARNING)
files, budget, taken = [], {budget}, 0
for path in sorted(Path({folder!r}).glob("*.txt")):
    if taken >= budget:
        break
    files.append(path)
    taken += path.stat().st_size
get_fast_tokenizer(); get_tokenizer(); jieba.initialize(); rjieba.cut("预热")
seconds, cpu_seconds, errors = {{}}, {{}}, {{}}

def timed(name, fn, items):
    try:
        fn(items[0][:50] if name == "frame_tone" else items[0])  # warm up: load lexicons and models outside the timing
    except Exception as error:  # a stage that fails is reported, not timed
        errors[name] = f"{{type(error).__name__}}: {{error}}"
        return []
    start, cpu = time.perf_counter(), time.process_time()
    out = [fn(item) for item in items]
    seconds[name] = min(seconds.get(name, float("inf")), time.perf_counter() - start)  # a repeat keeps the fastest
    cpu_seconds[name] = min(cpu_seconds.get(name, float("inf")), time.process_time() - cpu)
    return out

raws = [raw for raw, _ in timed("decode", read_article, files)]
texts = timed("clean", cp.clean_text, raws)
timed("metadata", extract_metadata, raws)
tokens = timed("segment", tokenize, texts)
sentences = [s for text in texts for s in split_sentences(text)]
# frame and tone over the whole corpus in one call (what sentence_table and the notebooks use),
# and one sentence at a time through frame_label and tone_label on the first 2,000
timed("frame_tone", label_sentences, [sentences])
timed("frame_tone_each", lambda s: (cp.frame_label(s), cp.tone_label(s)), sentences[:2000])
timed("quantities", cp.extract_quantities, texts)
timed("raw_jieba", jieba.lcut, texts)
timed("raw_rjieba", rjieba.cut, texts)
timed("segment_jieba", lambda t: tokenize(t, segmenter="jieba"), texts)
for _ in range({repeats} - 1):  # load + clean + tokenise and the raw segmenters again, side by side: the fastest run counts
    timed("decode", read_article, files); timed("clean", cp.clean_text, raws); timed("segment", tokenize, texts)
    timed("raw_jieba", jieba.lcut, texts); timed("raw_rjieba", rjieba.cut, texts)
print(json.dumps({{"seconds": seconds, "cpu_seconds": cpu_seconds, "mb": taken / 1e6, "files": len(files), "sentences": len(sentences),
                  "chars": sum(map(len, texts)), "tokens": sum(map(len, tokens)), "segmenter": default_segmenter(), "errors": errors}}))
"""

PIPELINE = """
import json, time
from coopetition.pipeline import process_corpus
from coopetition.reading.dedup import minhash_permutations
from coopetition.text.segment import get_fast_tokenizer
get_fast_tokenizer(); minhash_permutations()  # one-time set-up outside the timing, as jieba.initialize() for raw jieba
{cpu}
start, cpu_start = time.perf_counter(), cpu()
result = process_corpus({folder!r}, n_jobs={n_jobs}, cache={cache}, keep_text=False)
seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
{rss}
print(json.dumps({{"seconds": seconds, "cpu_seconds": cpu_seconds, "rows": len(result.frequencies), "docs": len(result.corpus), "rss_mb": rss}}))
"""

#: raw jieba.lcut on the whole corpus's cleaned text (the stages child may see only part of it)
RAW_JIEBA = """
import json, time, logging, warnings
from pathlib import Path
warnings.simplefilter("ignore")
import jieba, rjieba
import coopetition as cp
from coopetition.reading.corpus import read_article
jieba.setLogLevel(logging.WARNING)
texts = [cp.clean_text(read_article(p)[0]) for p in sorted(Path({folder!r}).glob("*.txt"))]
jieba.initialize(); rjieba.cut("预热")
start, cpu = time.perf_counter(), time.process_time()
tokens = sum(len(jieba.lcut(text)) for text in texts)
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
start = time.perf_counter()
fast = sum(len(rjieba.cut(text)) for text in texts)
print(json.dumps({{"seconds": seconds, "cpu_seconds": cpu_seconds, "tokens": tokens, "rjieba_seconds": time.perf_counter() - start, "rjieba_tokens": fast}}))
"""

NOTEBOOKS = """
import json, time
import nbformat
from nbclient import NotebookClient
from coopetition import paths
start = time.perf_counter()
for nb in sorted((paths.project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb")):
    notebook = nbformat.read(nb, as_version=4)
    NotebookClient(notebook, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(nb.parent)}}).execute()
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

#: cold and warm runs of the notebooks per corpus (the fastest of each counts)
NOTEBOOK_TURNS = 2

STAGE_NAMES = ("decode", "clean", "metadata", "segment", "frame_tone", "quantities")
#: the stages of "load + clean + tokenise": the file read and decoded, cleaned, segmented
CORE_STAGES = ("decode", "clean", "segment")


def notebook_corpora(sources: list[Path], work: Path) -> dict[str, Path]:
    """The folders the notebooks run on: the five seeds, and the seeds with the
    second corpus (29 real articles) when it is present (copied into ``work``)."""
    corpora = {"seeds": paths.seeds_dir()}
    external = [p for p in sources if p.parent != paths.seeds_dir()]
    if external:
        folder = work / "real_articles"
        folder.mkdir()
        for path in sorted(paths.seeds_dir().glob("*.txt")) + [paths.seeds_dir() / "catalog.csv"]:
            shutil.copy(path, folder / path.name)
        for path in external:  # 1001_…: ids of their own beside the seeds' 000–004
            shutil.copy(path, folder / f"1{path.name}")
        corpora["29 real articles"] = folder
    return corpora


def measure(sizes: list[float], *, repeats: int, stage_mb: float, notebooks: bool, partial: Path) -> dict:
    """Run every measurement; ``partial`` gets the results so far after each size."""
    sources = source_files()
    results = {"sources": len(sources), "sizes": []}
    work = Path(tempfile.mkdtemp(prefix="coopetition-bench-"))
    off = {"COOPETITION_CACHE": "off"}
    try:
        for size in sizes:
            folder = work / f"corpus_{size:g}mb"
            files, nbytes = build_corpus(size, folder, sources)
            mb = nbytes / 1e6
            print(f"{size:g} MB: {files} articles, {mb:.1f} MB", flush=True)
            row = {"target_mb": size, "files": files, "mb": mb}
            runs = repeats if size <= 10 else 1
            stages = _child(STAGES.format(folder=str(folder), budget=int(stage_mb * 1e6), repeats=repeats), off)
            row["stages"] = stages
            print(
                f"  stages on {stages['mb']:.1f} MB: "
                + ", ".join(f"{k} {v:.2f} s" for k, v in stages["seconds"].items()),
                flush=True,
            )
            for name, error in stages["errors"].items():
                print(f"  stage {name} failed: {error}", flush=True)
            if stages["mb"] >= mb * 0.999:  # the stages saw the whole corpus: their raw timings are the corpus's
                row["raw"] = {
                    "seconds": stages["seconds"]["raw_jieba"],
                    "cpu_seconds": stages["cpu_seconds"]["raw_jieba"],
                    "rjieba_seconds": stages["seconds"]["raw_rjieba"],
                }
                more = [_child(RAW_JIEBA.format(folder=str(folder)), off) for _ in range(runs - 1)]
                for key in ("seconds", "cpu_seconds", "rjieba_seconds"):
                    row["raw"][key] = min([row["raw"][key], *(m[key] for m in more)])
            else:
                row["raw"] = _child(RAW_JIEBA.format(folder=str(folder)), off)
            pipelines = {
                n_jobs: PIPELINE.format(folder=str(folder), n_jobs=n_jobs, cache=False, rss=_RSS, cpu=_CPU)
                for n_jobs in (1, 2)
            }
            for n_jobs, run in _best(pipelines, runs, off).items():
                row[f"pipeline_{n_jobs}"] = {**run, "mb_s": mb / run["seconds"]}
                print(f"  n_jobs={n_jobs}: {mb / run['seconds']:.2f} MB/s, peak {run['rss_mb']:.0f} MB", flush=True)
            print(
                f"  raw jieba {mb / row['raw']['seconds']:.2f} MB/s, raw rjieba {mb / row['raw']['rjieba_seconds']:.2f} MB/s",
                flush=True,
            )
            results["sizes"].append(row)
            partial.write_text(json.dumps(results, indent=2), encoding="utf-8")
        if notebooks:
            for name, folder in notebook_corpora(sources, work).items():
                colds, warms = [], []
                for turn in range(NOTEBOOK_TURNS):  # each turn: a new, empty cache, run cold, then warm
                    env = {
                        "COOPETITION_FIGURES": str(work / f"{name}_figures_{turn}"),
                        "COOPETITION_CACHE": str(work / f"{name}_cache_{turn}"),
                        "COOPETITION_SEEDS": str(folder),
                    }
                    colds.append(_child(NOTEBOOKS, env)["seconds"])
                    warms.append(_child(NOTEBOOKS, env)["seconds"])
                cold, warm = min(colds), min(warms)
                results.setdefault("notebooks", {})[name] = {
                    "articles": len(list(folder.glob("*.txt"))),
                    "cold": cold,
                    "warm": warm,
                    "colds": colds,
                    "warms": warms,
                }
                print(f"  notebooks on {name}: cold {cold:.1f} s, warm {warm:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def machine() -> str:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        memory = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{memory}, {cpu}, Python {platform.python_version()}"


def first_part(row: dict) -> str:
    """`` (first 10 MB)`` when the stages ran on part of the corpus."""
    return "" if row["stages"]["mb"] >= row["mb"] * 0.999 else f" (first {row['stages']['mb']:.0f} MB)"


def core_ratio(stages: dict, key: str = "seconds") -> float:
    """raw ``jieba.lcut`` over decode + clean + tokenise, on the same files (wall or CPU seconds)."""
    return stages[key]["raw_jieba"] / sum(stages[key][name] for name in CORE_STAGES)


def _stage_table(row: dict) -> list[str]:
    stages = row["stages"]
    seconds, cpu = stages["seconds"], stages["cpu_seconds"]
    total = sum(seconds.get(name, 0.0) for name in STAGE_NAMES)
    lines = [
        f"Stages on {stages['mb']:.1f} MB ({stages['files']} articles, {stages['sentences']:,} sentences), one process, cache off:",
        "",
        "| stage | seconds | CPU seconds | MB/s | share of total |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in STAGE_NAMES:
        if name not in seconds:
            lines.append(f"| {name.replace('_', ' / ')} | failed: {stages['errors'].get(name, '?')} | | | |")
            continue
        extra = f" ({stages['sentences'] / seconds[name]:,.0f} sentences/s)" if name == "frame_tone" else ""
        lines.append(
            f"| {name.replace('_', ' / ')} | {seconds[name]:.2f} | {cpu[name]:.2f} | {stages['mb'] / seconds[name]:.2f}{extra} "
            f"| {seconds[name] / total:.0%} |"
        )
    core = sum(seconds[name] for name in CORE_STAGES)
    lines += [
        f"| total | {total:.2f} | {sum(cpu.get(name, 0.0) for name in STAGE_NAMES):.2f} | {stages['mb'] / total:.2f} | 100% |",
        "",
        f"Load + clean + tokenise (decode, clean and segment above): {core:.2f} s, {stages['mb'] / core:.2f} MB/s, "
        f"{core_ratio(stages):.2f}× raw `jieba.lcut` ({core_ratio(stages, 'cpu_seconds'):.2f}× in CPU seconds).",
        f"Same cleaned text: raw `jieba.lcut` {stages['mb'] / seconds['raw_jieba']:.2f} MB/s, raw `rjieba.cut` "
        f"{stages['mb'] / seconds['raw_rjieba']:.2f} MB/s, `tokenize` on rjieba (the default) {stages['mb'] / seconds['segment']:.2f} MB/s, "
        f'`tokenize(segmenter="jieba")` {stages["mb"] / seconds["segment_jieba"]:.2f} MB/s (MB of the files the text came from).',
    ]
    if "frame_tone_each" in seconds:
        lines.append(
            f"Frame and tone one sentence at a time (`frame_label` + `tone_label`, first 2,000 sentences): "
            f"{min(2000, stages['sentences']) / seconds['frame_tone_each']:,.0f} sentences/s; the table above labels "
            "the whole corpus in one call (`label_sentences`, what `sentence_table` and the notebooks use)."
        )
    return lines


def report(results: dict, command: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Command: `{command}`. Every number and ratio below comes from this one run.",
        "",
        f"Synthetic corpora built from {results['sources']} real articles (the seeds and the second corpus): body sentences",
        "shuffled across the articles of the same script, each article keeping one source's head and tail lines and",
        "its code lines whole (furniture: one source holds a 21 KB CSS blob, which stays a blob in the articles built",
        "on it); 1 in 10 simplified articles stored as GB18030. Every number comes from a fresh process, article",
        "cache off; throughput is file megabytes per second. `raw jieba` is `jieba.lcut` on the cleaned text the",
        "pipeline segments, so a ratio is (raw jieba seconds) / (pipeline seconds) on the same corpus.",
        "",
        "Two measures of the pipeline: **load + clean + tokenise** (decode, clean and segment each file, timed stage",
        "by stage in one process) and **process_corpus**, the whole corpus step, which also reads each article's",
        "metadata, computes its near-duplicate signature, compares the signatures and builds the term table.",
        "",
        "The machine may be shared with other work, so wall-clock speed varies between runs; ratios are also given",
        "in CPU seconds (process and workers), which that load does not inflate. The load + clean + tokenise ratio",
        "compares with raw jieba timed in the same process right after it (side by side); the raw jieba column is the",
        "fastest of the repeated raw runs, so the MB/s columns need not divide to that ratio. One- and two-process",
        "runs of process_corpus take turns, the fastest of each counting.",
        "",
        "| corpus | articles | raw jieba.lcut | raw rjieba.cut | load + clean + tokenise | × raw jieba, wall (CPU) | process_corpus n_jobs=1 | × raw jieba, wall (CPU) | n_jobs=2 | 2 vs 1 | peak RSS n_jobs=1 | peak RSS n_jobs=2 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results["sizes"]:
        mb, raw, one, two, stages = row["mb"], row["raw"], row["pipeline_1"], row["pipeline_2"], row["stages"]
        core = sum(stages["seconds"][name] for name in CORE_STAGES)
        lines.append(
            f"| {mb:.1f} MB | {row['files']} | {mb / raw['seconds']:.2f} MB/s | {mb / raw['rjieba_seconds']:.2f} MB/s "
            f"| {stages['mb'] / core:.2f} MB/s{first_part(row)} "
            f"| {core_ratio(stages):.2f}× ({core_ratio(stages, 'cpu_seconds'):.2f}×) "
            f"| {one['mb_s']:.2f} MB/s | {raw['seconds'] / one['seconds']:.2f}× ({raw['cpu_seconds'] / one['cpu_seconds']:.2f}×) "
            f"| {two['mb_s']:.2f} MB/s | {one['seconds'] / two['seconds']:.2f}× | {one['rss_mb']:.0f} MB | {two['rss_mb']:.0f} MB |"
        )
    for row in results["sizes"]:
        lines += [
            "",
            f"### {row['mb']:.0f} MB corpus{' (stages timed on its first ' + format(row['stages']['mb'], '.0f') + ' MB)' if first_part(row) else ''}",
            "",
            *_stage_table(row),
        ]
    notebooks = results.get("notebooks", {})
    if notebooks:
        lines += [
            "",
            "### Notebooks, cold and warm cache",
            "",
            "All four notebooks executed in order (nbclient, a fresh kernel each),",
            "first with an empty article and figure cache, then again with the cache the first run filled;",
            f"{NOTEBOOK_TURNS} turns, each with a new cache, and the fastest cold and warm run count:",
            "",
            "| corpus | articles | cold | warm | cold / warm |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, run in notebooks.items():
            lines.append(
                f"| {name} | {run['articles']} | {run['cold']:.1f} s | {run['warm']:.1f} s | {run['cold'] / run['warm']:.1f}× |"
            )
    lines += ["", "## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    by_size = {round(row["target_mb"]): row for row in results["sizes"]}
    for size, row in sorted(by_size.items()):
        wall, cpu = core_ratio(row["stages"]), core_ratio(row["stages"], "cpu_seconds")
        lines.append(
            f"| load + clean + tokenise, one process, ≥ 5 × raw jieba.lcut ({size} MB{first_part(row)}) "
            f"| {wall:.2f}× wall, {cpu:.2f}× CPU | {'yes' if min(wall, cpu) >= 5 else 'no'} |"
        )
    for size, row in sorted(by_size.items()):
        ratio = row["raw"]["seconds"] / row["pipeline_1"]["seconds"]
        cpu = row["raw"]["cpu_seconds"] / row["pipeline_1"]["cpu_seconds"]
        lines.append(
            f"| the whole process_corpus step, one process, ≥ 5 × raw jieba.lcut ({size} MB) | {ratio:.2f}× wall, {cpu:.2f}× CPU "
            f"| {'yes' if min(ratio, cpu) >= 5 else 'no'} |"
        )
    if 10 in by_size:
        row = by_size[10]
        speedup = row["pipeline_1"]["seconds"] / row["pipeline_2"]["seconds"]
        lines.append(
            f"| two processes ≥ 1.8 × one process (10 MB, process_corpus) | {speedup:.2f}× | {'yes' if speedup >= 1.8 else 'no'} |"
        )
    if 100 in by_size:
        peak = max(by_size[100]["pipeline_1"]["rss_mb"], by_size[100]["pipeline_2"]["rss_mb"])
        lines.append(f"| 100 MB peak RSS under 1 GB | {peak:.0f} MB | {'yes' if peak < 1024 else 'no'} |")
    for name, run in notebooks.items():
        speedup = run["cold"] / run["warm"]
        lines.append(
            f"| cached re-run of all notebooks ≥ 3 × faster ({name}) | {speedup:.2f}× | {'yes' if speedup >= 3 else 'no'} |"
        )
    for size, row in sorted(by_size.items()):
        if "frame_tone" in row["stages"]["seconds"]:
            rate = row["stages"]["sentences"] / row["stages"]["seconds"]["frame_tone"]
            lines.append(
                f"| frame and tone: 10,000 sentences in under a minute, one core ({size} MB) | {10_000 / rate:.1f} s | {'yes' if rate >= 10_000 / 60 else 'no'} |"
            )
            break
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 100], help="corpus sizes in MB")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs per timing at 10 MB and below (the fastest counts)"
    )
    parser.add_argument(
        "--stage-mb", type=float, default=10, help="largest part of a corpus the per-stage timings run on"
    )
    parser.add_argument(
        "--notebooks",
        action="store_true",
        help="also run every notebook on the seeds and on the 29 real articles, cold and warm cache",
    )
    parser.add_argument("--quick", action="store_true", help="1 MB, one run each: checks the benchmark works")
    parser.add_argument(
        "--out", type=Path, default=HERE / "RESULTS.md", help="the report; results.json is written beside it"
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeats = [1], 1
    command = ("python benchmarks/bench_pipeline.py " + " ".join(sys.argv[1:])).strip()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = args.out.parent / "results.json"
    results = measure(args.sizes, repeats=args.repeats, stage_mb=args.stage_mb, notebooks=args.notebooks, partial=data)
    data.write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = report(results, command)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

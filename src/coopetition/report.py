"""Folder of articles → report: run the notebook series on it and write one self-contained HTML page.

``python -m coopetition report FOLDER --out DIR`` (or :func:`build_report`)
executes every numbered notebook of the checkout on ``FOLDER`` and writes, under
``DIR``:

- ``figures/``: every figure (PNG) and table (CSV) the notebooks save;
- ``notebooks/``: the executed notebooks;
- ``report.html``: all of them in one page, images embedded, code hidden (nbconvert ``--to html``).

The kernel is pointed at the folders through ``COOPETITION_SEEDS``,
``COOPETITION_FIGURES`` and ``COOPETITION_CACHE``, so the repository's own
``figures/`` and ``notebooks/`` are never written. A progress bar (``tqdm``)
shows one step per notebook on the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from coopetition import paths
from coopetition.corpus import CorpusError, catalog_for, read_each
from coopetition.labeller import labeller_for
from coopetition.readers import read_articles

__all__ = ["ReportError", "notebook_paths", "check_folder", "build_report"]

#: seconds one cell may run before the report gives up on it
CELL_TIMEOUT = 1800


class ReportError(RuntimeError):
    """The report cannot be built; the message names the notebook or folder and the reason."""


def notebook_paths() -> list[Path]:
    """The numbered notebooks of the project checkout (``notebooks/NN_*.ipynb``), in reading order.

    Raises:
        ReportError: outside a checkout, or when the checkout has no notebooks.
    """
    try:
        folder = paths.project_root() / "notebooks"
    except FileNotFoundError:
        raise ReportError(
            "the report runs the notebooks of a coopetition checkout, and none was found: run it from inside "
            "the repository or set COOPETITION_ROOT to it"
        ) from None
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise ReportError(f"{folder}: no numbered notebooks (NN_topic.ipynb) to run")
    return found


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the kernels started inside the block, then restore them."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _check_out(out: Path, repo_outputs: list[Path]) -> None:
    resolved = out.resolve()
    for guarded in repo_outputs:
        if resolved == guarded or guarded in resolved.parents or resolved in guarded.parents:
            raise ReportError(f"{out}: the report must not write into or over the repository's {guarded.name}/; pick another folder")


def check_folder(folder: Path) -> None:
    """Check before any notebook runs that every article file of ``folder`` can be read.

    Decoding only (fast): an empty, binary or undecodable file, or a bad record,
    would stop the first notebook; this names every such file at once.

    Raises:
        CorpusError: the folder is empty or its catalog does not match it, or one
            error naming each unreadable file and why.
    """
    files, _ = catalog_for(folder)
    read_each(files, read_articles, "raise", hint="move them out of the folder, or fix them, and run the report again")


def build_report(folder: str | os.PathLike, out: str | os.PathLike, *, cache: str | os.PathLike | None = None,
                 notebooks: list[Path] | None = None, progress: bool = True) -> Path:
    """Run the notebook series on a folder of articles and write figures, notebooks and ``report.html``.

    Args:
        folder: a folder of ``.txt`` articles (with an optional ``catalog.csv``).
        out: the output folder (created; the repository's ``figures/`` and ``notebooks/`` are refused).
        cache: the cache folder for the kernels (default: :func:`coopetition.paths.cache_dir`).
        notebooks: the notebooks to run (default: :func:`notebook_paths`).
        progress: show a progress bar on the terminal.

    Returns:
        The path of ``report.html``.

    Raises:
        CorpusError: the folder is missing, empty, or its catalog does not match it, or
            files in it cannot be read (every such file named, see :func:`check_folder`).
        ReportError: a notebook failed (the message names it and its error; the partial
            notebook, kept, holds the traceback).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter
    from tqdm import tqdm

    for value, name in ((folder, "folder"), (out, "out")):
        if not isinstance(value, (str, os.PathLike)) or not str(value):
            raise TypeError(f"{name} must be a folder path (str or os.PathLike), not {type(value).__name__}")
    folder, out = Path(folder).expanduser().resolve(), Path(out).expanduser().resolve()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder of articles")
    check_folder(folder)  # a clear CorpusError now, not a traceback from inside a kernel
    _, labelled_by = labeller_for(folder, check_only=True)  # a bad coding sheet or labeller file stops here too
    notebooks = notebook_paths() if notebooks is None else [Path(n) for n in notebooks]
    with contextlib.suppress(FileNotFoundError):
        root = paths.project_root()
        _check_out(out, [(root / "figures").resolve(), (root / "notebooks").resolve()])
    figures, executed = out / "figures", out / "notebooks"
    figures.mkdir(parents=True, exist_ok=True)
    executed.mkdir(parents=True, exist_ok=True)
    cache_folder = Path(cache).expanduser().resolve() if cache is not None else paths.cache_dir()
    merged = None
    env = {"COOPETITION_SEEDS": str(folder), "COOPETITION_FIGURES": str(figures), "COOPETITION_CACHE": str(cache_folder)}
    bar = tqdm(notebooks, desc="report", unit="notebook", disable=not progress, leave=True)
    if progress:
        bar.write(labelled_by)
    with _environment(**env):
        for path in bar:
            bar.set_postfix_str(path.stem)
            notebook = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                    resources={"metadata": {"path": str(executed)}}, record_timing=False)
            try:
                client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log lines would break the progress bar
            except CellExecutionError as exc:
                nbformat.write(notebook, executed / path.name)
                # the error itself, not the kernel's coloured traceback (the partial notebook keeps that)
                reason = f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", "") else str(exc)
                raise ReportError(f"{path.name} failed on {folder}: {reason}\n(the traceback is in the partial notebook {executed / path.name})") from None
            nbformat.write(notebook, executed / path.name)
            if progress:
                bar.write(f"  {path.stem}: {time.perf_counter() - start:.0f} s")
            if merged is None:
                merged = notebook
            else:
                merged.cells.extend(notebook.cells)
    if merged is None:
        raise ReportError("no notebook to run")
    merged.metadata["title"] = f"coopetition report: {folder.name}"
    quiet = logging.getLogger("coopetition.report.html")
    quiet.setLevel(logging.ERROR)  # nbconvert warns about images without alt text; figures carry captions instead
    # a report for readers: narrative and results, not the code (the executed notebooks keep it)
    exporter = HTMLExporter(embed_images=True, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, log=quiet)
    html, _ = exporter.from_notebook_node(merged)
    target = out / "report.html"
    target.write_text(html, encoding="utf-8")
    return target

"""Folder of articles → report: run the notebook series on it and write one self-contained HTML page.

``python -m coopetition report FOLDER --out DIR`` (or :func:`build_report`)
executes every numbered notebook on ``FOLDER`` (a folder of articles, or one
file: a corpus of one) and writes, under ``DIR``:

- ``figures/``: every figure (PNG) and table (CSV) the notebooks save;
- ``notebooks/``: the executed notebooks;
- ``report.html``: all of them in one page, images embedded, code hidden (nbconvert ``--to html``).

A notebook shows a figure as a Markdown link to its PNG (``![name](../figures/name.png)``,
see :class:`coopetition.output.plotting.SavedFigure`), not a copy of its bytes;
:func:`embed_figures` replaces each such output by the PNG file itself as a
``data:`` URI, so the page stays self-contained.

The notebooks ship inside the package (``coopetition/notebooks/``), so the
command works from an installed wheel anywhere; in a checkout installed in
editable mode they are the checkout's ``notebooks/``.

The kernel is pointed at the folders through ``COOPETITION_SEEDS``,
``COOPETITION_FIGURES``, ``COOPETITION_CACHE`` and ``COOPETITION_ERRORS``, so
the repository's own ``figures/`` and ``notebooks/`` are never written. A
progress bar (``tqdm``) shows one step per notebook on the terminal.

Safety: the page is rendered with the package's template (``templates/report``),
which loads no script from the network (no require.js, MathJax or widget
manager); every name that comes from an
article is escaped where the notebooks write it (:func:`coopetition.output.findings.escape_markdown`,
escaping table stylers). ``--out`` may not be a file, the input, or a folder
holding or held by the input, so a report never reads its own output.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from coopetition import paths
from coopetition.model.labeller import labeller_for
from coopetition.reading.corpus import CorpusError, catalog_for, read_each
from coopetition.reading.readers import read_articles

__all__ = ["ReportError", "notebook_paths", "check_folder", "build_report", "embed_figures", "TEMPLATES"]

#: seconds one cell may run before the report gives up on it
CELL_TIMEOUT = 1800
#: the package's nbconvert templates; ``report`` is JupyterLab's page without network scripts
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class ReportError(RuntimeError):
    """The report cannot be built; the message names the notebook or folder and the reason."""


def notebook_paths() -> list[Path]:
    """The numbered notebooks (``NN_*.ipynb``), in reading order: those shipped in the
    installed package (``coopetition/notebooks/``), else the checkout's ``notebooks/``
    (an editable install, where the package folder holds no copy).

    Raises:
        ReportError: neither holds a numbered notebook.
    """
    packaged = Path(__file__).resolve().parent.parent / "notebooks"
    if sorted(packaged.glob("[0-9][0-9]_*.ipynb")):
        folder = packaged
    else:
        try:
            folder = paths.project_root() / "notebooks"
        except FileNotFoundError:
            raise ReportError(
                f"{packaged}: the installed package holds no notebooks and no coopetition checkout was found; "
                "reinstall the package, or set COOPETITION_ROOT to a checkout"
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
            raise ReportError(
                f"{out}: the report must not write into or over the repository's {guarded.name}/; pick another folder"
            )


def _check_out_against_input(out: Path, source: Path) -> None:
    """Refuse an ``--out`` that is a file, or that holds the articles or lies among them (one sentence each)."""
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out} is an existing file, not a folder: name a folder for the report")
    if out == source or out in source.parents:
        raise ReportError(
            f"--out {out} holds the articles ({source}): name a folder outside them, so the report "
            "never reads its own output"
        )
    if source in out.parents:
        raise ReportError(
            f"--out {out} is inside the articles folder ({source}): name a folder outside it, or the "
            "next report would read this one's files as articles"
        )


def embed_figures(notebook, base: Path, figures: Path) -> int:
    """Replace every figure output of ``notebook`` (a Markdown image linking a PNG, as
    :func:`coopetition.output.plotting.figure_markdown` writes it) by the PNG itself, as an
    ``<img>`` whose ``src`` is a base64 ``data:`` URI and whose alt text is HTML-escaped.

    A link is resolved against ``base`` (the folder the notebook ran in) and embedded only
    when it names a ``.png`` file inside ``figures``; any other Markdown output is left as it is.

    Returns:
        The number of figures embedded.

    Raises:
        ReportError: a link names a PNG inside ``figures`` that does not exist (the notebook
            showed a figure it never wrote).
    """
    import base64
    import html
    from urllib.parse import unquote

    from coopetition.output.plotting.figures import FIGURE_LINK_RE

    figures = figures.resolve()
    embedded = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            match = FIGURE_LINK_RE.match(output.get("data", {}).get("text/markdown", "").strip())
            if not match or ":" in match["url"].split("/", 1)[0]:  # a scheme (http:, file:) is not a figure of ours
                continue
            png = (base / unquote(match["url"])).resolve()
            if png.suffix.lower() != ".png" or figures not in png.parents:
                continue
            if not png.is_file():
                raise ReportError(f"{png}: a notebook shows this figure but it was never written")
            alt = re.sub(r"\\(.)", r"\1", match["alt"])
            data = base64.b64encode(png.read_bytes()).decode("ascii")
            img = f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
            output["data"] = {"text/html": img, "text/plain": alt}
            embedded += 1
    return embedded


def check_folder(folder: Path, errors: str = "raise") -> None:
    """Check before any notebook runs that every article file of ``folder`` (or the one file) can be read.

    Decoding only (fast): an empty, binary or undecodable file, or a bad record,
    would stop the first notebook; this names every such file at once. With
    ``errors="skip"`` each is warned about (the notebooks leave it out), and
    only a folder with nothing readable is an error.

    Raises:
        CorpusError: the folder is empty or its catalog does not match it, or one
            error naming each unreadable file and why, or (``skip``) no file is readable.
    """
    files, _ = catalog_for(folder)
    read = read_each(
        files,
        read_articles,
        errors,
        hint="move them out of the folder, or fix them, and run the report again (or pass --errors skip)",
    )
    if not read:
        raise CorpusError(f"{folder}: no readable article (every file was skipped)")


def build_report(
    folder: str | os.PathLike,
    out: str | os.PathLike,
    *,
    cache: str | os.PathLike | None = None,
    notebooks: list[Path] | None = None,
    progress: bool = True,
    errors: str = "raise",
) -> Path:
    """Run the notebook series on a folder of articles and write figures, notebooks and ``report.html``.

    Args:
        folder: a folder of articles (with an optional ``catalog.csv``), or one article file.
        out: the output folder (created). Refused: an existing file, the input, a folder
            holding the input or inside it, the repository's ``figures/`` and ``notebooks/``.
        cache: the cache folder for the kernels (default: :func:`coopetition.paths.cache_dir`).
        notebooks: the notebooks to run (default: :func:`notebook_paths`).
        progress: show a progress bar on the terminal.
        errors: ``"raise"`` (default) stops on the first unreadable file, naming every one;
            ``"skip"`` leaves them out with a warning each (``COOPETITION_ERRORS`` for the notebooks).

    Returns:
        The path of ``report.html``.

    Raises:
        CorpusError: the folder is missing, empty, or its catalog does not match it, or
            files in it cannot be read (every such file named, see :func:`check_folder`).
        ReportError: ``out`` is refused (the sentence names ``--out``), or a notebook
            failed (the message names it and its error; the partial notebook, kept, holds
            the traceback), or ``report.html`` could not be written (the path and the reason).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter
    from tqdm import tqdm

    for value, name in ((folder, "folder"), (out, "out")):
        if not isinstance(value, (str, os.PathLike)) or not str(value):
            raise TypeError(f"{name} must be a folder path (str or os.PathLike), not {type(value).__name__}")
    if errors not in paths.ERRORS_MODES:
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    folder, out = Path(folder).expanduser().resolve(), Path(out).expanduser().resolve()
    if not folder.exists():
        raise CorpusError(f"{folder}: no such folder (or file) of articles")
    _check_out_against_input(out, folder)
    check_folder(folder, errors)  # a clear CorpusError now, not a traceback from inside a kernel
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
    env = {
        "COOPETITION_SEEDS": str(folder),
        "COOPETITION_FIGURES": str(figures),
        "COOPETITION_CACHE": str(cache_folder),
        "COOPETITION_ERRORS": errors,
        "COOPETITION_REPORT_DIR": str(out),
    }
    bar = tqdm(notebooks, desc="report", unit="notebook", disable=not progress, leave=True)
    if progress:
        bar.write(labelled_by)
    with _environment(**env):
        for path in bar:
            bar.set_postfix_str(path.stem)
            notebook = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            client = NotebookClient(
                notebook,
                timeout=CELL_TIMEOUT,
                kernel_name="python3",
                resources={"metadata": {"path": str(executed)}},
                record_timing=False,
            )
            try:
                client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log lines would break the progress bar
            except CellExecutionError as exc:
                nbformat.write(notebook, executed / path.name)
                # the error itself, not the kernel's coloured traceback (the partial notebook keeps that)
                reason = f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", "") else str(exc)
                raise ReportError(
                    f"{path.name} failed on {folder}: {reason}\n(the traceback is in the partial notebook {executed / path.name})"
                ) from None
            nbformat.write(notebook, executed / path.name)
            embed_figures(notebook, executed, figures)  # the page's copy only: the executed notebook keeps the links
            if progress:
                bar.write(f"  {path.stem}: {time.perf_counter() - start:.0f} s")
            if merged is None:
                merged = notebook
            else:
                merged.cells.extend(notebook.cells)
    if merged is None:
        raise ReportError("no notebook to run")
    merged.metadata["title"] = f"coopetition report: {folder.name}"
    quiet = logging.getLogger("coopetition.output.report.html")
    quiet.setLevel(logging.ERROR)  # nbconvert warns about images without alt text; figures carry captions instead
    # a report for readers: narrative and results, not the code (the executed notebooks keep it)
    # the package's template: no script from a CDN. nbconvert's sanitize_html is not used: it shows the page's own
    # Markdown (headings, paragraphs) and the tables' styles as literal tags; names are escaped at the source instead
    exporter = HTMLExporter(
        embed_images=True,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        log=quiet,
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="report",
    )
    html, _ = exporter.from_notebook_node(merged)
    target = out / "report.html"
    partial = target.with_name(f".{target.name}.partial")
    try:  # a new name then a rename: a full disk never leaves a truncated report.html
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise ReportError(f"{target}: could not be written ({exc.strerror or exc})") from None
    return target

"""The notebooks run top to bottom against the seeds and against another folder (one article: the degenerate case)."""

from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from nbclient import NotebookClient

from coopetition import paths
from coopetition.output.plotting.figures import FIGURE_LINK_RE

NOTEBOOKS = sorted((paths.project_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))

#: files each notebook must write (per-article files are checked by doc_id below)
EXPECTED = {
    "01_corpus_overview": [
        "01_corpus_overview.csv",
        "01_cleaning_report.csv",
        "01_cleaning.png",
        "01_cleaning.csv",
        "01_timeline.png",
        "01_timeline.csv",
    ],
    "02_term_frequency": [
        "02_term_frequencies.csv",
        "02_top_terms.png",
        "02_top_terms.csv",
        "02_wordclouds.png",
        "02_heatmap.png",
        "02_heatmap.csv",
        "02_keyness.csv",
        "02_keyness_top.png",
        "02_actor_mentions.png",
        "02_actor_mentions.csv",
    ],
    "03_coopetition_framing": [
        "03_sentences.csv",
        "03_hownet_audit.csv",
        "03_kwic.csv",
        "03_frame_shares.png",
        "03_frame_shares.csv",
        "03_tone_by_frame.png",
        "03_tone_by_frame.csv",
        "03_frames_over_time.png",
        "03_actor_network.png",
        "03_actor_network.csv",
        "03_evidence.csv",
    ],
    "04_metrics_table": [
        "04_quantities.csv",
        "04_comparable_numbers.png",
        "04_comparable_numbers.csv",
        "04_metrics.csv",
    ],
}


def run_notebook(path, figures, monkeypatch, seeds=None):
    monkeypatch.setenv("COOPETITION_FIGURES", str(figures))
    if seeds is not None:
        monkeypatch.setenv("COOPETITION_SEEDS", str(seeds))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return notebook


def outputs_of(notebook) -> list:
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def figure_links(notebook, folder: Path) -> list[Path]:
    """The PNG files the notebook's outputs show (Markdown images), resolved against the folder it ran in."""
    links = []
    for output in outputs_of(notebook):
        match = FIGURE_LINK_RE.match(output.get("data", {}).get("text/markdown", "").strip())
        if match:
            links.append((folder / unquote(match["url"])).resolve())
    return links


def test_every_numbered_notebook_is_checked():
    assert [nb.stem for nb in NOTEBOOKS][: len(EXPECTED)] == sorted(EXPECTED)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_seeds_and_writes_its_files(notebook, tmp_path, monkeypatch):
    executed = run_notebook(notebook, tmp_path, monkeypatch)
    for name in EXPECTED.get(notebook.stem, []):
        assert (tmp_path / name).is_file(), name
    if notebook.stem == "02_term_frequency":
        for doc_id in ("000", "001", "002", "003", "004"):
            assert (tmp_path / f"02_wordcloud_{doc_id}.png").is_file()
    outputs = outputs_of(executed)
    # figures are shown by reference: every link is a PNG this run wrote, and no output holds an image's bytes
    shown = figure_links(executed, notebook.parent)
    written = {p.resolve() for p in tmp_path.glob("*.png")}
    assert shown and set(shown) <= written, sorted(set(map(str, shown)) - set(map(str, written)))
    assert not [o for o in outputs if any(k.startswith("image/") for k in o.get("data", {}))]
    volatile = [o["data"]["text/plain"] for o in outputs if " at 0x" in o.get("data", {}).get("text/plain", "")]
    assert not volatile, f"object addresses in the output change on every run: {volatile}"
    errors = [o for o in outputs if o.output_type == "error"]
    streams = [o.text for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr"]
    assert not errors and not streams, streams


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_a_folder_of_one_article(notebook, tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source = paths.seeds_dir() / "003_9faf22be2684ee40.txt"
    (seeds / "only.txt").write_bytes(source.read_bytes())
    executed = run_notebook(notebook, tmp_path / "figures", monkeypatch, seeds=seeds)
    pngs = sorted(p.name for p in (tmp_path / "figures").glob(f"{notebook.stem[:2]}_*.png"))
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    streams = [o.text for o in outputs if o.get("name") == "stderr"]
    assert not streams and not [o for o in outputs if o.output_type == "error"], streams  # a sentence, never a warning
    markdown = "\n".join(o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {}))
    if notebook.stem == "04_metrics_table":  # 003 states no quantity: a sentence, not an empty plot
        assert "No article states a quantity" in markdown and not pngs
    else:
        assert "*1 article of 1" in markdown and pngs
    # the note that the seed reading is hidden is said once, by the first notebook, not four times in a report
    assert ("is hidden: this corpus is not the seeds" in markdown) == (notebook.stem == "01_corpus_overview")
    assert "Interpretation written by hand for the five seed articles (shown" not in markdown


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_findings_are_computed_and_the_seed_reading_shows_on_the_seeds(notebook):
    """The committed outputs (from `make run` on the seeds) carry computed findings and the marked seed reading."""
    cells = nbformat.read(notebook, as_version=4).cells
    markdown = "\n".join(
        o["data"]["text/markdown"]
        for c in cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    )
    assert (
        "Interpretation written by hand for the five seed articles (shown because this corpus is the seeds)" in markdown
    )
    sources = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "_findings(" in sources and "MAX_PANELS" not in sources and "first_docs" not in sources


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_link_the_figures_folder_and_embed_no_image(notebook):
    """The committed outputs show each figure as a link into figures/ (which `make run` writes), never a base64 copy."""
    executed = nbformat.read(notebook, as_version=4)
    embedded = [
        kind
        for o in outputs_of(executed)
        for kind, value in o.get("data", {}).items()
        if kind.startswith("image/") or "base64," in str(value)
    ]
    assert not embedded, f"{notebook.name} embeds {len(embedded)} image(s): show the saved PNG by its path instead"
    figures = (paths.project_root() / "figures").resolve()
    links = figure_links(executed, notebook.parent)
    assert links, f"{notebook.name} shows no figure"
    for png in links:
        assert png.parent == figures and png.suffix == ".png" and png.is_file(), png

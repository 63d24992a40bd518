"""The documentation's tables of measured numbers match the committed result files they are rendered from."""

import re
from pathlib import Path

import pytest
from _bench import load_benchmark

from coopetition import paths

render_docs = load_benchmark("render_docs")


def test_every_marked_table_matches_its_result_file():
    stale = render_docs.stale_blocks()
    assert not stale, "run python benchmarks/render_docs.py: " + "; ".join(f"{p.name}:{n}: {r}" for p, n, r in stale)


@pytest.mark.parametrize("name", sorted(render_docs.TABLES))
def test_every_table_is_shown_in_the_docs(name):
    shown = [p for p in render_docs.documents() if f"<!-- table: {name} -->" in p.read_text(encoding="utf-8")]
    assert shown, f"table {name} is rendered by benchmarks/render_docs.py but shown in no document"


def test_a_changed_number_is_caught(tmp_path, monkeypatch):
    """A block whose body differs from the rendering is reported, and rewrite() restores it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "r.json").write_text('{"rows": [["dev", 0.91]]}', encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(
        "x\n<!-- table: t -->\n| half | score |\n| --- | --- |\n| dev | 0.99 |\n<!-- /table -->\n", encoding="utf-8"
    )
    monkeypatch.setattr(render_docs, "ROOT", tmp_path)
    monkeypatch.setitem(
        render_docs.TABLES,
        "t",
        (
            ("benchmarks/r.json",),
            lambda d: render_docs.markdown_table(["half", "score"], d["benchmarks/r.json"]["rows"]),
        ),
    )
    assert [(n, r) for _, n, r in render_docs.stale_blocks()] == [("t", "differs from its result file")]
    render_docs.rewrite()
    assert "| dev | 0.91 |" in readme.read_text(encoding="utf-8")
    assert render_docs.stale_blocks() == []


_LINK_RE = re.compile(r"\]\((?!https?://|mailto:)([^)\s]+)\)")


def _links(text: str) -> list[str]:
    """The relative link targets of Markdown text, code blocks and code spans left out."""
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    return _LINK_RE.findall(prose)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path) -> set[str]:
    return {_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", path.read_text(encoding="utf-8"), re.M)}


@pytest.mark.parametrize("document", render_docs.documents(), ids=lambda p: p.name)
def test_every_relative_link_of_the_docs_names_a_file_and_heading_that_exist(document):
    broken = []
    for target in _links(document.read_text(encoding="utf-8")):
        file, _, anchor = target.partition("#")
        linked = (document.parent / file).resolve() if file else document
        if not linked.exists() or (anchor and linked.suffix == ".md" and anchor not in _anchors(linked)):
            broken.append(target)
    assert not broken, f"{document.name} links to what does not exist: {broken}"


def test_the_readme_is_a_quickstart_that_links_every_page_of_docs():
    """Issue 26: the README is short, has exactly the two set-up commands, and every docs/ page is reachable from it."""
    readme = (paths.project_root() / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    commands = re.findall(r"^make (\w[\w-]*)\s", readme.split("## Set-up: two commands", 1)[1].split("```")[1], re.M)
    assert commands == ["run", "test"]
    linked = {Path(t.partition("#")[0]).name for t in _links(readme)}
    pages = {p.name for p in (paths.project_root() / "docs").glob("*.md")}
    assert pages <= linked, f"docs pages no link in the README reaches: {sorted(pages - linked)}"

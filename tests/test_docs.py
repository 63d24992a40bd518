"""The documentation's tables of measured numbers match the committed result files they are rendered from."""

import importlib.util

import pytest

from coopetition import paths

_SPEC = importlib.util.spec_from_file_location("render_docs", paths.project_root() / "benchmarks" / "render_docs.py")
render_docs = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(render_docs)


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

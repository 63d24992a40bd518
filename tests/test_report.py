"""The report command: the notebook series on any folder, written outside the repository, one HTML page."""

import hashlib
import json
import re

import nbformat
import pytest

from coopetition import paths
from coopetition.__main__ import main
from coopetition.report import ReportError, build_report, notebook_paths

#: an undated article in simplified script, written for this test in the pattern of a wire story
UNDATED = """外卖平台的新战事

本报讯 美团与抖音在本地生活市场的竞争正在加剧。抖音上线外卖服务后,美团随即加大了直播投入。
分析人士认为,两家平台既相互竞争,又在部分城市的配送上展开合作。
美团表示,今年将投入10亿元补贴商家,佣金比例下调至5%。
抖音方面回应称,平台欢迎良性竞争,并将继续开放接口,与更多服务商合作。
"""


def _snapshot(*folders):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def _outputs(notebook_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    return [json.dumps(c.get("outputs", []), sort_keys=True) for c in notebook.cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    seed = next(paths.seeds_dir().glob("003_*.txt"))
    (folder / seed.name).write_bytes(seed.read_bytes())  # dated, traditional script, no catalog row here
    (folder / "900_undated.txt").write_text(UNDATED, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reports(articles, tmp_path_factory):
    """The report built twice with one cache: cold, then warm."""
    root = paths.project_root()
    before = _snapshot(root / "figures", root / "notebooks")
    cache = tmp_path_factory.mktemp("cache")
    cold = build_report(articles, tmp_path_factory.mktemp("cold"), cache=cache, progress=False)
    warm = build_report(articles, tmp_path_factory.mktemp("warm"), cache=cache, progress=False)
    return cold, warm, before, _snapshot(root / "figures", root / "notebooks")


def test_the_report_writes_figures_notebooks_and_one_self_contained_page(reports):
    cold = reports[0]
    out = cold.parent
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [p.name for p in notebook_paths()]
    for name in ("01_timeline.png", "02_top_terms.png", "03_frame_shares.png", "04_metrics.csv"):
        assert (out / "figures" / name).is_file(), name
    html = cold.read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]*src="([^"]*)"', html)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    assert "2 articles of 2 (all of them)" in html


def test_the_report_states_findings_of_its_own_corpus_not_the_seeds(reports):
    html = reports[0].read_text(encoding="utf-8")
    assert "2 articles</strong>" in html
    assert "1 article undated (900)" in html
    assert "Interpretation written by hand for the repository" in html and "is hidden" in html
    assert "A decade apart, clustered at the end" not in html  # the seeds' own reading stays hidden
    assert "show(seeds_note(" not in html  # the page shows results, not code


def test_the_report_never_touches_the_repository_figures_or_notebooks(reports):
    assert reports[2] == reports[3]


def test_a_warm_report_leaves_the_same_notebook_outputs(reports):
    cold, warm = reports[0].parent / "notebooks", reports[1].parent / "notebooks"
    for notebook in sorted(cold.glob("*.ipynb")):
        assert _outputs(notebook) == _outputs(warm / notebook.name), notebook.name


def test_no_notebook_of_the_report_writes_to_stderr(reports):
    for notebook in sorted((reports[0].parent / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(notebook, as_version=4).cells
        streams = [o.text for c in cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stderr"]
        assert not streams, (notebook.name, streams)


@pytest.mark.parametrize("where", ["figures", "notebooks", "."])
def test_the_report_refuses_to_write_over_the_repository(articles, where):
    with pytest.raises(ReportError, match="must not write into or over"):
        build_report(articles, paths.project_root() / where, progress=False)


def test_the_command_names_a_missing_folder_and_exits_1(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert "nowhere" in error and "no such folder" in error


def test_the_command_names_an_empty_folder_and_exits_1(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert "empty:" in error and "no articles" in error


@pytest.mark.parametrize("folder, out", [(None, "out"), ("articles", 3)])
def test_build_report_rejects_non_paths_naming_the_argument(folder, out):
    with pytest.raises(TypeError, match="must be a folder path"):
        build_report(folder, out, progress=False)


def test_the_command_names_every_unreadable_file_before_any_notebook_runs(tmp_path, capsys):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.txt").write_text(UNDATED, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    assert main(["report", str(folder), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert "2 files could not be read" in error
    assert "b.txt: the file is empty" in error and "c.txt: looks binary" in error
    assert "Traceback" not in error
    assert not (tmp_path / "out" / "notebooks").exists()  # nothing ran


def test_a_failing_notebook_is_named_with_its_error_not_the_kernel_traceback(articles, tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('raise ValueError("no article names two firms")')])
    path = tmp_path / "01_fails.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(ReportError) as caught:
        build_report(articles, tmp_path / "out", cache=tmp_path / "cache", notebooks=[path], progress=False)
    message = str(caught.value)
    assert message.startswith(f"01_fails.ipynb failed on {articles}: ValueError: no article names two firms")
    assert "\x1b[" not in message and "Traceback" not in message  # no coloured kernel traceback
    assert (tmp_path / "out" / "notebooks" / "01_fails.ipynb").exists()  # the partial notebook keeps it

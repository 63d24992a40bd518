"""Corrections to the devpages annotation kept as data (benchmarks/gold/devpages_corrections.tsv).

The committed rows must resolve against ``../shared/devpages`` (development half, the line's SHA-1, the
gold value the shared file holds today); that test skips when the folder is absent. The reader, the
checks and the scoring with ``--corrections`` are tested on a small devpages folder written here, in the
patterns real pages use (a breadcrumb, a dateline glued to the lead, a section label taken as the title).
"""

import hashlib
import importlib.util
import json
import sys

import pytest

from coopetition import paths

ROOT = paths.project_root()
DEVPAGES = ROOT / ".." / "shared" / "devpages"
HEADER = "file\tline\tfield\tgold_value\tcorrected_value\tline_sha1\twhy\n"


def _module(name):
    """A script of benchmarks/ as a module (the folder on the path, as when the script runs)."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


corr = _module("devpages_corrections")

PAGE_DEV = "\n".join(
    [
        "您现在的位置:首页 > 科技 > 互联网",
        "",
        "外卖平台再起波澜:两家巨头宣布在即时零售领域展开合作",
        "5月8日消息,两家外卖平台今日宣布,将在即时零售领域开放部分接口,商家可在两个平台同步上架商品。",
        "业内人士认为,这一合作意味着平台之间从补贴大战走向有限度的互联互通,但双方在骑手和商家资源上的争夺仍在继续。",
        "责任编辑:王小明",
    ]
)
PAGE_TEST = "\n".join(["网约车平台降低抽成比例", "多家网约车平台近日宣布下调抽成上限,司机收入有望提高。"])


def _sha1(page: str, line: int) -> str:
    return hashlib.sha1(page.split("\n")[line - 1].encode("utf-8")).hexdigest()


@pytest.fixture
def shared(tmp_path):
    """A shared folder holding a two-page devpages: one development page, one test page."""
    return write_shared(tmp_path)


def write_shared(tmp_path):
    devpages = tmp_path / "devpages"
    (devpages / "pages").mkdir(parents=True)
    (devpages / "pages" / "901_example.txt").write_text(PAGE_DEV, encoding="utf-8")
    (devpages / "pages" / "902_other.txt").write_text(PAGE_TEST, encoding="utf-8")
    (devpages / "split.tsv").write_text("file\tsplit\n901_example.txt\tdevelopment\n902_other.txt\ttest\n", "utf-8")
    rows = [
        {
            "file": "901_example.txt",
            "url": "http://example.invalid/a/1.html",
            "title": "互联网",  # the section label of the breadcrumb, not the headline: an annotation error
            "outlet": "",
            "site": "example.invalid",
            "date": "",
            "author": "",
            "furniture_lines": [1, 6],
            "content_lines": [3, 4, 5],  # line 4 is a dateline glued to the lead: mixed by the conventions
            "mixed_lines": [],
        },
        {
            "file": "902_other.txt",
            "url": "http://other.invalid/b/2.html",
            "title": "网约车平台降低抽成比例",
            "outlet": "",
            "site": "other.invalid",
            "date": "",
            "author": "",
            "furniture_lines": [],
            "content_lines": [1, 2],
            "mixed_lines": [],
        },
    ]
    (devpages / "structure.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return tmp_path


def _tsv(tmp_path, *rows, header=HEADER):
    path = tmp_path / "corrections.tsv"
    path.write_text("# corrections written for a test\n" + header + "".join("\t".join(r) + "\n" for r in rows), "utf-8")
    return path


def _label_row(**change):
    row = {
        "file": "901_example.txt",
        "line": "4",
        "field": "line_label",
        "gold_value": "content",
        "corrected_value": "mixed",
        "line_sha1": _sha1(PAGE_DEV, 4),
        "why": "dateline (5月8日消息,) glued to the lead is mixed",
    }
    row.update(change)
    return tuple(row.values())


def _title_row():
    return ("901_example.txt", "1", "title", "互联网", "外卖平台再起波澜:两家巨头宣布在即时零售领域展开合作",
            _sha1(PAGE_DEV, 1), "the gold title is the section label of the breadcrumb, not the headline")  # fmt: skip


def test_committed_corrections_resolve_against_the_development_half():
    if not (DEVPAGES / "structure.jsonl").is_file():
        pytest.skip(f"{DEVPAGES}: the development pages are not on this machine")
    rows = corr.check_corrections(corr.read_corrections(), DEVPAGES)
    assert rows, "the corrections file has no rows"
    split = (DEVPAGES / "split.tsv").read_text(encoding="utf-8")
    gold = corr.annotation(DEVPAGES)
    corrected = corr.apply_corrections(gold, rows)
    for row in rows:
        assert f"{row.file}\tdevelopment" in split
        lines = (DEVPAGES / "pages" / row.file).read_text(encoding="utf-8").split("\n")
        assert corr.line_sha1(lines[row.line - 1]) == row.line_sha1
        if row.field == corr.LABEL_FIELD:
            assert corr.line_label(gold[row.file], row.line) == row.gold_value
            assert corr.line_label(corrected[row.file], row.line) == row.corrected_value
        else:
            assert gold[row.file][row.field] == row.gold_value
            assert corrected[row.file][row.field] == row.corrected_value
    assert corr.annotation(DEVPAGES) == gold, "applying the corrections changed the annotation it was given"


def test_a_line_label_and_a_title_are_corrected_on_a_copy(shared, tmp_path):
    devpages = shared / "devpages"
    rows = corr.check_corrections(corr.read_corrections(_tsv(tmp_path, _label_row(), _title_row())), devpages)
    gold = corr.annotation(devpages)
    out = corr.apply_corrections(gold, rows)
    page = out["901_example.txt"]
    assert page["content_lines"] == [3, 5]
    assert [m["line"] for m in page["mixed_lines"]] == [4]
    assert "5月8日消息" in page["mixed_lines"][0]["note"]
    assert page["furniture_lines"] == [1, 6]
    assert page["title"].startswith("外卖平台再起波澜")
    # the annotation given is untouched, and the other page is as it was
    assert gold["901_example.txt"]["content_lines"] == [3, 4, 5] and gold["901_example.txt"]["title"] == "互联网"
    assert out["902_other.txt"] == gold["902_other.txt"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_label_row(file="902_other.txt", line="2", line_sha1=_sha1(PAGE_TEST, 2)), "not a development-half page"),
        (_label_row(line_sha1=_sha1(PAGE_DEV, 5)), "not the line whose SHA-1"),
        (_label_row(gold_value="furniture"), "is 'content' in structure.jsonl today"),
        (_label_row(line="40"), "has 6 lines, not 40"),
        (_label_row(file="999_missing.txt"), "not a development-half page"),
    ],
)
def test_a_row_that_does_not_resolve_is_refused_naming_it(shared, tmp_path, row, message):
    path = _tsv(tmp_path, row)
    with pytest.raises(ValueError, match=rf"corrections.tsv:3: .*{message}"):
        corr.check_corrections(corr.read_corrections(path), shared / "devpages")


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([_label_row()], "file\tline\tfield\tvalue\n", "the column header must be"),
        ([_label_row()[:6]], HEADER, "6 tab-separated columns, expected 7"),
        ([_label_row(line="第四行")], HEADER, "is not a 1-based line number"),
        ([_label_row(line="0")], HEADER, "is not a 1-based line number"),
        ([_label_row(field="body")], HEADER, "field 'body' is neither line_label"),
        ([_label_row(corrected_value="正文")], HEADER, "corrected_value '正文' is not a line label"),
        ([_label_row(field="date", gold_value="", corrected_value="2018/6/1")], HEADER, "not a YYYY-MM-DD date"),
        ([_label_row(line_sha1="abc123")], HEADER, "is not 40 lower-case hex digits"),
        ([_label_row(corrected_value="content")], HEADER, "nothing to correct"),
        ([_label_row(why=" ")], HEADER, "why is empty"),
        ([_label_row(), _label_row(corrected_value="furniture")], HEADER, "a second row for 901_example.txt line 4"),
        ([], "", "no column header"),
    ],
)
def test_a_malformed_corrections_file_is_refused_naming_the_file(tmp_path, rows, header, message):
    with pytest.raises(ValueError, match=rf"corrections.tsv.*{message}"):
        corr.read_corrections(_tsv(tmp_path, *rows, header=header))


def test_a_missing_corrections_file_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no corrections file there"):
        corr.read_corrections(tmp_path / "absent.tsv")


def test_cleaning_score_moves_the_corrected_line_from_content_to_mixed(shared, tmp_path):
    bench = _module("bench_devpages_cleaning")
    official = bench.score_half("development", shared)
    corrected = bench.score_half("development", shared, _tsv(tmp_path, _label_row()))
    assert official["pages"] == corrected["pages"] == 1  # the test-half page is never scored
    assert corrected["content_lines"] == official["content_lines"] - 1
    assert corrected["mixed_lines"] == official["mixed_lines"] + 1
    assert corrected["furniture_lines"] == official["furniture_lines"]
    # the cleaning cuts the dateline off the lead and keeps the rest: scored as content the whole line is
    # lost, scored as the mixed line it is its content part is kept
    (before,) = official["per_page"]
    (after,) = corrected["per_page"]
    assert (before["content"], before["content_kept"]) == (3, 2)
    assert (after["content"], after["content_kept"], after["mixed"], after["mixed_kept"]) == (2, 2, 1, 1)
    assert official["content_kept"] < corrected["content_kept"] == 1.0


@pytest.mark.slow
def test_metadata_score_uses_the_corrected_title(shared, tmp_path, monkeypatch):
    bench = _module("bench_devpages_metadata")
    folder = shared / "devpages"
    monkeypatch.setattr(bench, "time_extract", lambda folder, rows: 0.0)  # timing is not what is tested here
    official, _ = bench.score_half(folder, "development")
    corrected, shown = bench.score_half(folder, "development", _tsv(tmp_path, _title_row()))
    assert corrected["pages"] == official["pages"] == 1
    found_title = next(found for file, field, found, gold, ok in shown if field == "title")
    assert found_title == "外卖平台再起波澜:两家巨头宣布在即时零售领域展开合作"  # the headline, not the breadcrumb
    # the official gold (a section label) marks the headline wrong, the corrected gold right
    assert (official["counts"]["txt"]["title"], corrected["counts"]["txt"]["title"]) == (0, 1)
    assert official["counts"]["txt"]["date"] == corrected["counts"]["txt"]["date"] == 1

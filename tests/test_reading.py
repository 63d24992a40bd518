"""A hostile crawl (issue 23): every file accounted for, no record lost, one bad file never costs the run.

Each test builds a small crawl in a temporary folder, in the shapes real crawls take:
one bad line among good records, subfolders per site, a PDF saved beside the pages,
a looping symbolic link, a dotted file name, a full disk.
"""

from __future__ import annotations

import errno
import json
import os
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from coopetition import cache, load_corpus, paths, term_frequencies
from coopetition.pipeline import process_corpus
from coopetition.reading.corpus import CorpusError, CorpusWarning

RECORDS = [
    {"id": "qq-1", "title": "京东外卖入局", "text": "京东宣布进军外卖市场,与美团展开正面竞争,双方补贴大战一触即发。"},
    {"id": "qq-2", "title": "阿里与腾讯合作", "text": "阿里巴巴与腾讯宣布在支付领域开展合作,淘宝将接入微信支付。"},
    {"id": "qq-4", "title": "拼多多财报", "text": "拼多多三季度营收同比增长44%,净利润超出市场预期。"},
    {"id": "qq-5", "title": "抖音电商", "text": "抖音电商与快手在直播带货领域的竞争日趋激烈,商家两边下注。"},
]


def _dump(folder: Path, bad_line: str, name: str = "dump.jsonl") -> Path:
    """Four good records with ``bad_line`` as the third line."""
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(2, bad_line)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / name


def _messages(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


# --- errors="skip" skips the record, not its file --------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "where", "reason"),
    [
        ('{"id": "qq-3", "text": "美团回应', "line 3", "not JSON"),  # cut off by the crawler
        ('{"id": "qq-3", "title": "只有标题"}', "line 3 (id 'qq-3')", "the record has no text or content field"),
        ('{"id": "qq-3", "text": "正文。", "date": "去年冬天"}', "line 3 (id 'qq-3')", "date '去年冬天' is not a date"),
    ],
)
def test_one_bad_line_of_a_jsonl_skips_that_record_and_keeps_the_other_four(tmp_path, bad_line, where, reason):
    dump = _dump(tmp_path / "crawl", bad_line)
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(tmp_path / "crawl", errors="skip")
    assert corpus["doc_id"].tolist() == ["dump-qq-1", "dump-qq-2", "dump-qq-4", "dump-qq-5"]
    assert corpus["title"].tolist() == [r["title"] for r in RECORDS]
    (message,) = [m for m in _messages(caught) if "skipped" in m]
    assert message.startswith(f"{dump}: {where}: skipped: {reason}")
    assert message.endswith("the file's other records are read")
    with pytest.raises(CorpusError) as raised:  # the default names the record, once every file is read
        load_corpus(tmp_path / "crawl")
    assert str(raised.value).startswith(f"{dump}: {where}: {reason}")


def test_a_bad_csv_row_is_skipped_and_the_rows_around_it_kept(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "export.csv").write_text(
        "id,title,text\n"
        "a1,京东换帅,京东宣布人事调整，新任CEO将推进即时零售战略。\n"
        "a2,美团回应,美团回应外卖补贴，称将继续与京东竞争,多出的一列\n"  # an unquoted comma: one field too many
        "a3,淘宝开放,淘宝宣布接入微信支付，阿里与腾讯的合作再进一步。\n",
        encoding="utf-8",
    )
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(folder, errors="skip")
    assert corpus["doc_id"].tolist() == ["export-a1", "export-a3"]
    assert any(
        m.endswith("export.csv: line 3: skipped: more fields than the header names; the file's other records are read")
        for m in _messages(caught)
    )


def test_a_dump_whose_every_record_is_bad_names_each_record(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.txt").write_text("京东与美团在即时零售领域展开激烈竞争。\n", encoding="utf-8")
    (folder / "dump.jsonl").write_text('{"id": "x1", "body": "正文"}\n{"id": "x2", "body": "正文"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"^2 records could not be read") as raised:
        load_corpus(folder)
    assert "line 1 (id 'x1')" in str(raised.value) and "line 2 (id 'x2')" in str(raised.value)
    with pytest.warns(CorpusWarning):
        assert load_corpus(folder, errors="skip")["doc_id"].tolist() == ["a"]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_process_corpus_skips_the_bad_record_too_in_workers(tmp_path, n_jobs):
    _dump(tmp_path / "crawl", '{"id": "qq-3", "text": 42}')
    with pytest.warns(CorpusWarning, match=r"line 3 \(id 'qq-3'\): skipped: the text field must be text, not int"):
        processed = process_corpus(tmp_path / "crawl", n_jobs=n_jobs, cache=False, errors="skip", progress=False)
    assert processed.corpus["doc_id"].tolist() == ["dump-qq-1", "dump-qq-2", "dump-qq-4", "dump-qq-5"]
    assert set(processed.frequencies["doc_id"]) == set(processed.corpus["doc_id"])


# --- every warning names its record and is shown once per record, every time -------------


def test_each_record_warns_by_its_id_and_a_second_load_warns_again(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    records = [{"id": f"r{i}", "title": "长" * 300, "text": "拼多多与淘宝在下沉市场的竞争加剧。"} for i in (1, 2)]
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    for _ in range(2):  # a notebook cell run again shows its warnings again
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")  # Python's own setting: identical messages are shown once per place
            load_corpus(folder)
        assert sorted(_messages(caught)) == [
            f"{folder / 'dump.jsonl'}#r1: its title of 300 characters is cut to 64",
            f"{folder / 'dump.jsonl'}#r2: its title of 300 characters is cut to 64",
        ]
        assert {Path(w.filename).name for w in caught} == {Path(__file__).name}  # they point at this call


def test_an_ignore_filter_still_silences_the_warnings(tmp_path):
    _dump(tmp_path / "crawl", "not json at all")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=CorpusWarning)  # what the notebooks do
        assert len(load_corpus(tmp_path / "crawl", errors="skip")) == 4
    assert not _messages(caught)


# --- HTML nested 10,000 deep --------------------------------------------------------------


@pytest.mark.parametrize("depth", [10_000, 254])  # the issue's page; just past libxml2's limit
def test_html_nested_ten_thousand_deep_keeps_its_text_and_says_why(tmp_path, depth):
    body = (
        "<p>京东与美团在即时零售领域展开激烈竞争,双方都在加大补贴力度。</p><p>分析人士认为,这场竞争将持续到明年。</p>"
    )
    page = (
        "<html><head><meta charset='utf-8'><title>京东美团竞争升级</title><script>var x = '<p>脚本</p>';</script></head><body>"
        + "<div>" * depth
        + body
        + "</div>" * depth
        + "</body></html>"
    )
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    with pytest.warns(
        CorpusWarning,
        match=rf"deep\.html: its tags nest {depth + 3:,} deep, deeper than the HTML parser reads \(about 256 levels\)",
    ) as caught:
        corpus = load_corpus(tmp_path)
    assert not any("no words are left" in m for m in _messages(caught))  # not "it was empty"
    text = corpus.loc[0, "text"]
    assert "京东与美团在即时零售领域展开激烈竞争" in text and "这场竞争将持续到明年" in text
    assert "脚本" not in text


# --- every file accounted for --------------------------------------------------------------


def _site_crawl(root: Path) -> Path:
    """A crawl saved per site, as crawlers lay it out: the same file name in two folders."""
    for rel, text in [
        ("a.txt", "京东宣布进军外卖市场,与美团展开正面竞争。"),
        ("qq/a.txt", "腾讯与阿里宣布互相开放平台,合作再进一步。"),
        ("sina/2025/a.txt", "拼多多与淘宝在下沉市场的竞争加剧。"),
        ("sina/2025/09/news.sina.com.cn_8812.md", "# 抖音电商\n\n抖音与快手在直播带货领域竞争。"),
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    _dump(root / "qq", '{"id": "qq-3", "text": "美团回应外卖补贴。"}')
    return root


def test_subfolders_are_read_with_their_relative_path_and_unique_ids(tmp_path):
    root = _site_crawl(tmp_path / "crawl")
    corpus = load_corpus(root)
    assert sorted(corpus["path"]) == sorted(
        ["a.txt", "qq/a.txt", "sina/2025/a.txt", "sina/2025/09/news.sina.com.cn_8812.md", *["qq/dump.jsonl"] * 5]
    )
    by_path = corpus[corpus["format"] != "jsonl"].set_index("path")["doc_id"].to_dict()
    assert by_path == {
        "a.txt": "a",
        "qq/a.txt": "qq/a",
        "sina/2025/a.txt": "sina/2025/a",
        "sina/2025/09/news.sina.com.cn_8812.md": "news.sina.com.cn_8812",
    }
    assert corpus["doc_id"].is_unique
    assert set(corpus.loc[corpus["format"] == "jsonl", "file"]) == {f"qq/dump.jsonl#qq-{i}" for i in range(1, 6)}
    assert load_corpus(root)["doc_id"].tolist() == corpus["doc_id"].tolist()  # deterministic
    processed = process_corpus(root, cache=False, progress=False)
    assert processed.corpus["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert processed.corpus["path"].tolist() == corpus["path"].tolist()


def test_a_catalog_row_names_a_file_in_a_subfolder(tmp_path):
    root = _site_crawl(tmp_path / "crawl")
    (root / "catalog.csv").write_text(
        "doc_id,file,title,outlet,date,script,note\nqq-a,qq/a.txt,腾讯阿里开放,腾讯科技,2025-09-12,simplified,\n",
        encoding="utf-8",
    )
    corpus = load_corpus(root).set_index("path")
    assert corpus.loc["qq/a.txt", "doc_id"] == "qq-a" and corpus.loc["qq/a.txt", "outlet"] == "腾讯科技"


def test_unsupported_files_are_counted_by_type_in_one_warning(tmp_path):
    root = _site_crawl(tmp_path / "crawl")
    for rel in ("qq/report.pdf", "sina/a.pdf", "sina/2025/b.pdf", "notes.docx", "README"):
        (root / rel).write_bytes(b"%PDF-1.4" if rel.endswith(".pdf") else b"PK\x03\x04")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(root)
    messages = _messages(caught)
    assert f"{root}: skipped 3 .pdf, 1 (no extension), 1 .docx: no reader for these" in " | ".join(
        m.split(" (supported")[0] for m in messages
    )
    assert any(m.startswith(f"{root}: skipped 1 hidden file or folder") and ".DS_Store" in m for m in messages)
    assert len(corpus) == 9


def test_nothing_under_an_output_folder_is_read(tmp_path, monkeypatch):
    root = _site_crawl(tmp_path / "crawl")
    out = root / "out"
    (out / "figures").mkdir(parents=True)
    pd.DataFrame({"doc_id": ["a"], "term": ["竞争"], "count": [3]}).to_csv(
        out / "figures" / "02_terms.csv", index=False
    )
    with pytest.raises(CorpusError, match=r"02_terms\.csv: line 1: the header names no text or content column"):
        load_corpus(root)  # what a report run with --out inside its input read before
    with pytest.warns(CorpusWarning, match=r"skipped out: excluded"):
        assert len(load_corpus(root, exclude=out)) == 9
    with pytest.warns(CorpusWarning, match=r"skipped out: excluded"):
        assert len(process_corpus(root, exclude=[out], cache=False, progress=False).corpus) == 9
    monkeypatch.setenv("COOPETITION_EXCLUDE", str(out))  # how the report tells the notebooks
    with pytest.warns(CorpusWarning, match=r"skipped out: excluded \(COOPETITION_EXCLUDE\)"):
        assert len(load_corpus(root)) == 9


def test_a_report_output_folder_is_never_read(tmp_path):
    root = _site_crawl(tmp_path / "crawl")
    report = root / "report"
    (report / "figures").mkdir(parents=True)
    (report / "report.html").write_text("<html><body><p>京东与美团竞争:报告正文。</p></body></html>", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"skipped report/: a report's output"):
        corpus = load_corpus(root)
    assert not corpus["path"].str.startswith("report").any() and len(corpus) == 9


@pytest.mark.parametrize(("name", "rows"), [("a.txt", ["a"]), ("qq/dump.jsonl", [f"dump-qq-{i}" for i in range(1, 6)])])
def test_a_single_file_is_a_corpus_of_one(tmp_path, name, rows):
    root = _site_crawl(tmp_path / "crawl")
    assert load_corpus(root / name)["doc_id"].tolist() == rows
    assert process_corpus(root / name, cache=False, progress=False).corpus["doc_id"].tolist() == rows


# --- links, FIFOs ------------------------------------------------------------------------


@pytest.fixture
def linked_crawl(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    root = tmp_path / "crawl"
    root.mkdir()
    (root / "a.txt").write_text("京东与美团在即时零售领域展开激烈竞争。", encoding="utf-8")
    os.symlink("loop.txt", root / "loop.txt")  # a link to itself
    os.symlink("missing.txt", root / "gone.txt")  # its target was deleted
    os.mkfifo(root / "pipe.txt")  # would block a reader for ever
    (root / "sub").mkdir()
    (root / "sub" / "b.txt").write_text("阿里与腾讯宣布合作。", encoding="utf-8")
    os.symlink("..", root / "sub" / "up")  # a link to an ancestor: an endless tree
    return root


def test_links_that_loop_or_point_nowhere_and_fifos_are_named_in_one_error(linked_crawl):
    with pytest.raises(CorpusError) as raised:
        load_corpus(linked_crawl)
    message = str(raised.value)
    assert message.startswith("4 files could not be read")
    for part in (
        "gone.txt: a broken symbolic link (its target missing.txt does not exist)",
        "loop.txt: a symbolic link that loops",
        "pipe.txt: a FIFO (named pipe), not an article file",
        "sub/up: a link to a folder already read",
    ):
        assert part in message


def test_check_corpus_names_every_bad_file_and_record_before_any_work(tmp_path):
    from coopetition.reading.corpus import check_corpus

    root = _site_crawl(tmp_path / "crawl")
    _dump(root / "sina", '{"id": "cut', name="cut.jsonl")
    os.symlink("loop.txt", root / "loop.txt")
    with pytest.raises(CorpusError, match=r"^1 file and 1 record could not be read \(fix them\):") as raised:
        check_corpus(root, hint="fix them")
    assert "loop.txt: a symbolic link that loops" in str(raised.value) and "sina/cut.jsonl: line 3: not JSON" in str(
        raised.value
    )
    with pytest.warns(CorpusWarning) as caught:
        assert len(check_corpus(root, errors="skip").files) == 6
    skipped = sorted(
        m.split(": skipped: ")[0].removeprefix(f"{root}/") for m in _messages(caught) if ": skipped: " in m
    )
    assert skipped == ["loop.txt", "sina/cut.jsonl: line 3"]


def test_links_that_loop_and_fifos_are_skipped_with_a_warning_each(linked_crawl):
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(linked_crawl, errors="skip")
    assert corpus["doc_id"].tolist() == ["a", "b"]
    skipped = sorted(m.rsplit("/", 1)[-1].split(":")[0] for m in _messages(caught) if ": skipped: " in m)
    assert skipped == ["gone.txt", "loop.txt", "pipe.txt", "up"]
    with pytest.warns(CorpusWarning):
        assert process_corpus(linked_crawl, errors="skip", cache=False, progress=False).corpus["doc_id"].tolist() == [
            "a",
            "b",
        ]


def test_listing_follows_a_link_to_a_folder_outside_once(tmp_path):
    outside = tmp_path / "archive"
    outside.mkdir()
    (outside / "old.txt").write_text("2015年京东入驻微信购物一级入口。", encoding="utf-8")
    root = tmp_path / "crawl"
    root.mkdir()
    (root / "a.txt").write_text("京东与美团展开竞争。", encoding="utf-8")
    os.symlink(outside, root / "archive")
    from coopetition.reading.corpus import list_corpus

    listing = list_corpus(root)
    assert listing.names == ["a.txt", "archive/old.txt"] and not listing.problems


# --- any file name or id gives valid figure names ------------------------------------------


def test_dotted_stems_and_a_slash_in_an_id_give_figures_named_by_slug(tmp_path):
    from coopetition.output.plotting import cached_figure, figure_name, plot_wordcloud

    root = tmp_path / "crawl"
    root.mkdir()
    (root / "news.qq.com_123.txt").write_text("腾讯与京东续签战略合作协议,合作再延长三年。", encoding="utf-8")
    (root / "2025.09.12_a.txt").write_text("美团与饿了么在外卖市场激烈竞争,补贴加码。", encoding="utf-8")
    (root / "dump.jsonl").write_text(
        json.dumps({"id": "a/b", "text": "拼多多与淘宝竞争加剧,下沉市场成焦点。"}, ensure_ascii=False), encoding="utf-8"
    )
    corpus = load_corpus(root)
    assert sorted(corpus["doc_id"]) == ["2025.09.12_a", "dump-a/b", "news.qq.com_123"]
    freqs = term_frequencies(corpus)
    out = tmp_path / "figures"
    names = {}
    for doc_id, part in freqs.groupby("doc_id", sort=True):
        names[doc_id] = figure_name("02_wordcloud", doc_id)
        cached_figure(
            names[doc_id], part, lambda part=part: plot_wordcloud(dict(zip(part["term"], part["count"]))), directory=out
        )
    assert len(set(names.values())) == 3
    for doc_id, name in names.items():
        assert re.fullmatch(r"02_wordcloud_[\w-]+", name)
        assert (out / f"{name}.png").is_file()
        assert set(pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")["doc_id"]) == {doc_id}  # the mapping


@pytest.mark.parametrize(
    "doc_id",
    [
        "news.qq.com_123",
        "2025.09.12_a",
        "dump-a/b",
        "../../etc/passwd",
        ".hidden",
        "京东 / 美团",
        "a" * 300,
        "竞" * 200,
        "\\x:y*z?",
    ],
)
def test_figure_name_is_a_bare_distinct_file_name_for_any_id(doc_id, tmp_path):
    from coopetition.output.plotting import figure_name, write_table

    name = figure_name("02_wordcloud", doc_id)
    assert Path(name).name == name and not Path(name).suffix and len(f"{name}_p12.png".encode()) <= 255
    assert name != figure_name("02_wordcloud", doc_id + "x")
    assert write_table(pd.DataFrame({"doc_id": [doc_id]}), name, directory=tmp_path).parent == tmp_path


def test_a_plain_id_keeps_its_figure_name():
    from coopetition.output.plotting import figure_name

    assert figure_name("02_wordcloud", "000") == "02_wordcloud_000"
    assert figure_name("02_wordcloud", "京东_2025") == "02_wordcloud_京东_2025"


# --- outputs: written whole or not at all; a full disk is one sentence ------------------------


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_while_saving_a_figure_is_one_sentence_and_keeps_the_old_file(tmp_path, monkeypatch):
    import matplotlib.figure

    from coopetition.output.plotting import plt, save_figure

    fig = plt.figure()
    save_figure(fig, "01_timeline", data=pd.DataFrame({"doc_id": ["a"]}), directory=tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def half_written(self, fname, **kwargs):
        Path(fname).write_bytes(b"\x89PNG\r\n")  # what a full disk leaves: the first bytes
        _full_disk()

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", half_written)
    with pytest.raises(paths.OutputError) as raised:
        save_figure(fig, "01_timeline", directory=tmp_path)
    assert str(raised.value) == (
        f"cannot write {tmp_path / '01_timeline.png'}: the disk is full (no space left on the device); "
        "free some space or write elsewhere"
    )
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # the old PNG intact, no temporary left
    plt.close(fig)


def test_a_full_disk_while_writing_a_table_is_one_sentence(tmp_path, monkeypatch):
    from coopetition.output.plotting import write_table

    monkeypatch.setattr(pd.DataFrame, "to_csv", _full_disk)
    with pytest.raises(paths.OutputError, match=r"^cannot write .*02_keyness\.csv: the disk is full"):
        write_table(pd.DataFrame({"a": [1]}), "02_keyness", directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_outputs_leave_no_temporary_file_and_readable_permissions(tmp_path):
    from coopetition.output.plotting import write_table

    target = write_table(pd.DataFrame({"doc_id": ["a"], "count": [1]}), "02_counts", directory=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["02_counts.csv"]
    assert target.stat().st_mode & 0o044  # not the 0600 of a mkstemp file


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    cache._reset()
    yield tmp_path / "cache"
    cache._reset()


@pytest.mark.parametrize("loader", ["load_corpus", "process_corpus"])
def test_a_cache_that_cannot_be_written_is_switched_off_and_the_run_goes_on(tmp_path, fresh_cache, monkeypatch, loader):
    root = _site_crawl(tmp_path / "crawl")
    expected = load_corpus(root)["text"].tolist() if loader == "load_corpus" else None
    cache._reset()
    for entry in sorted(fresh_cache.rglob("*.json")):
        entry.unlink()
    monkeypatch.setattr(cache.paths, "write_atomically", _full_disk)
    with pytest.warns(
        cache.CacheWarning, match=r"the cache is off for the rest of this run: cannot write .*: the disk is full"
    ) as caught:
        if loader == "load_corpus":
            assert load_corpus(root)["text"].tolist() == expected
        else:
            assert len(process_corpus(root, progress=False).corpus) == 9
    assert len([w for w in caught if issubclass(w.category, cache.CacheWarning)]) == 1  # once, not once per entry
    assert not cache.enabled()
    assert not list(fresh_cache.rglob("*.json"))

"""An adversarial pass over the reading layer (issue 23): the inputs a hostile crawl or a
hurried user brings that the first pass did not meet. Each case failed before its fix:
a hang, a raw traceback from a dependency, a silent read of the wrong folder, or two
articles under one name.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coopetition import frame_label, keyness, load_corpus, term_frequencies, tone_label
from coopetition.output.plotting import figure_name, write_table
from coopetition.pipeline import process_corpus
from coopetition.reading.corpus import CorpusError, CorpusWarning, read_catalog
from coopetition.reading.readers import read_article

JD = "京东宣布进军外卖市场，与美团展开正面竞争，双方补贴大战一触即发。"
ALI = "阿里巴巴与腾讯宣布在支付领域开展合作，淘宝将接入微信支付。"
PDD = "拼多多三季度营收同比增长44%，净利润超出市场预期。"


def _messages(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def _without_hanging(call, fifo: Path):
    """``call()``, failing the test (instead of hanging it) if it blocks on ``fifo``."""
    result: dict = {}

    def run():
        try:
            result["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # a writer unblocks the reader, then the test fails
        os.close(fd)
        worker.join(5)
        pytest.fail(f"blocked opening the FIFO {fifo}")
    if "error" in result:
        raise result["error"]
    return result.get("value")


# --- files that are not files ---------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_given_as_a_file_is_refused_not_opened(tmp_path):
    (tmp_path / "a.txt").write_text(JD, encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(CorpusError, match=r"pipe\.txt: a FIFO \(named pipe\), not an article file"):
        _without_hanging(lambda: read_article(fifo), fifo)
    with pytest.warns(CorpusWarning) as caught:  # a list of files, as a script builds it
        corpus = _without_hanging(lambda: process_corpus([tmp_path / "a.txt", fifo], errors="skip").corpus, fifo)
    assert corpus["doc_id"].tolist() == ["a"]
    assert any("pipe.txt: skipped: a FIFO" in m for m in _messages(caught))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_catalog_that_is_a_fifo_a_folder_or_empty_is_one_error_naming_it(tmp_path):
    for case in ("fifo", "folder", "empty"):
        folder = tmp_path / case
        folder.mkdir()
        (folder / "a.txt").write_text(JD, encoding="utf-8")
        catalog = folder / "catalog.csv"
        if case == "fifo":
            os.mkfifo(catalog)
        elif case == "folder":
            catalog.mkdir()
        else:
            catalog.write_bytes(b"")
        expected = {
            "fifo": "a FIFO \\(named pipe\\), not a catalog file",
            "folder": "a folder, not a catalog file",
            "empty": "the catalog is empty; it needs a header row",
        }[case]
        with pytest.raises(CorpusError, match=f"{case}/catalog\\.csv: {expected}"):
            _without_hanging(lambda folder=folder: read_catalog(folder), catalog)


def test_a_missing_file_is_named_a_file_and_a_missing_folder_a_folder(tmp_path):
    with pytest.raises(CorpusError, match=r"gone\.txt: no such file$"):
        load_corpus(tmp_path / "gone.txt")
    with pytest.raises(CorpusError, match=r"crawl: no such folder of articles$"):
        load_corpus(tmp_path / "crawl")


def test_an_empty_path_is_refused_rather_than_read_as_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(JD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # before: "" read the working folder, whatever it held
    for call in (lambda: load_corpus(""), lambda: load_corpus("  ", errors="skip"), lambda: process_corpus("")):
        with pytest.raises(ValueError, match=r"(path|source) is an empty string"):
            call()
    with pytest.raises(CorpusError, match="source is an empty list of files"):
        process_corpus([])


# --- ids and names ----------------------------------------------------------------------


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_an_id_of_zero_is_an_id_and_never_clashes_with_a_line_number(tmp_path):
    _jsonl(tmp_path / "crawl" / "dump.jsonl", [{"id": 0, "text": JD}, {"id": 1, "text": ALI}, {"id": 2, "text": PDD}])
    corpus = load_corpus(tmp_path / "crawl")
    # before: id 0 fell back to the line number 1, the key of the next record too
    assert corpus["file"].tolist() == ["dump.jsonl#0", "dump.jsonl#1", "dump.jsonl#2"]
    assert corpus["doc_id"].tolist() == ["dump-0", "dump-1", "dump-2"]


def test_an_id_that_is_an_object_or_a_boolean_names_the_record_by_its_line_and_says_so(tmp_path):
    dump = _jsonl(
        tmp_path / "crawl" / "dump.jsonl",
        [{"id": "a1", "text": JD}, {"id": {"$oid": "65f0c2"}, "text": ALI}, {"id": True, "text": PDD}],
    )
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(tmp_path / "crawl")
    # before: the ids became "{'$oid': '65f0c2'}" (a Python repr) and, for true, the line number without a word
    assert corpus["file"].tolist() == ["dump.jsonl#2", "dump.jsonl#3", "dump.jsonl#a1"]  # sorted by doc_id
    assert _messages(caught) == [
        f'{dump}#2: its id {{"$oid": "65f0c2"}} is a dict, not text or a number, so the record is named by its line',
        f"{dump}#3: its id true is a bool, not text or a number, so the record is named by its line",
    ]


def test_a_repeated_id_in_a_dump_is_warned_for_each_record(tmp_path):
    dump = _jsonl(
        tmp_path / "crawl" / "dump.jsonl",
        [{"id": "qq-7", "text": JD}, {"id": "qq-8", "text": ALI}, {"id": "qq-7", "text": PDD}],
    )
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(tmp_path / "crawl")
    assert corpus["doc_id"].nunique() == 3
    repeated = [m for m in _messages(caught) if "have the key" in m]
    assert len(repeated) == 2  # one per record sharing the key; the record with its own id is quiet
    assert all(m.startswith(f"{dump}#qq-7: 2 records of this file have the key 'qq-7' (lines 1, 3)") for m in repeated)


def test_a_lone_surrogate_id_and_an_undecodable_file_name_give_writable_doc_ids(tmp_path):
    folder = tmp_path / "crawl"
    _jsonl(folder / "dump.jsonl", [{"id": "x\ud800y", "text": JD}])  # json.dumps writes "x\\ud800y"
    (Path(os.fsdecode(os.fsencode(folder))) / os.fsdecode(b"qq_\xff.txt")).write_text(ALI, encoding="utf-8")
    corpus = load_corpus(folder)
    assert sorted(corpus["doc_id"]) == ["dump-x\\xed\\xa0\\x80y", "qq_\\xff"]
    assert sorted(corpus["path"]) == ["dump.jsonl", "qq_\\xff.txt"]
    for doc_id in corpus["doc_id"]:  # before: UnicodeEncodeError from the CSV writer
        write_table(
            corpus[corpus["doc_id"] == doc_id][["doc_id", "path"]],
            figure_name("02_wordcloud", doc_id),
            directory=tmp_path / "figures",
        )
    assert len(list((tmp_path / "figures").glob("*.csv"))) == 2
    from coopetition.reading.readers import (
        printable,
    )  # new with this fix: imported here, so the cases above fail on their own

    assert printable("京东") == "京东"


def test_a_spreadsheet_csv_header_is_read_and_a_header_without_text_is_one_error(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "export.csv").write_bytes(
        (f'\ufeffID, Title ,Text\r\na1,京东外卖,"{JD}"\r\na2,阿里合作,"{ALI}"\r\n').encode()
    )
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["export-a1", "export-a2"]
    assert corpus["title"].tolist() == ["京东外卖", "阿里合作"]
    (folder / "export.csv").write_text(
        "id,title,body\n" + "".join(f'a{i},标题,"{JD}"\n' for i in range(30)), encoding="utf-8"
    )
    with pytest.raises(CorpusError) as raised:  # before: 20 identical record errors and "10 more"
        load_corpus(folder)
    assert str(raised.value) == (
        f"{folder / 'export.csv'}: line 1: the header names no text or content column, "
        "so no row has a text (its columns: 'id', 'title', 'body')"
    )


def test_a_list_of_files_sharing_a_name_keeps_their_paths_apart(tmp_path):
    for site, text in (("qq", JD), ("sina", ALI)):
        (tmp_path / site).mkdir()
        (tmp_path / site / "index.txt").write_text(text, encoding="utf-8")
    corpus = process_corpus([tmp_path / "qq" / "index.txt", tmp_path / "sina" / "index.txt"]).corpus
    assert corpus["path"].tolist() == ["qq/index.txt", "sina/index.txt"]  # before: index.txt twice
    assert corpus["doc_id"].tolist() == ["qq/index", "sina/index"]


# --- the text API on what a pandas user holds -----------------------------------------


def test_text_functions_take_a_numpy_array_and_an_index():
    texts = np.array([JD, ALI])
    assert frame_label(texts).tolist() == frame_label([JD, ALI]).tolist()
    assert tone_label(pd.Index([JD, ALI])).index.tolist() == [0, 1]
    assert term_frequencies(texts).equals(term_frequencies([JD, ALI]))
    assert keyness(texts, min_count=1).equals(keyness([JD, ALI], min_count=1))


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ({JD, ALI}, "a set has no order"),
        ((t for t in [JD]), "give list"),
        (np.array([[JD, ALI]]), "an array of 2 dimensions"),
    ],
)
def test_a_wrong_container_says_what_to_give(value, hint):
    with pytest.raises(TypeError, match=f"frame_label\\(sentence=…\\) expects .*{hint}"):
        frame_label(value)


def test_two_texts_under_one_id_are_refused_not_counted_as_one_article():
    corpus = pd.DataFrame({"doc_id": ["qq-1", "qq-1", "qq-2"], "text": [JD, ALI, PDD]})
    with pytest.raises(
        ValueError,
        match=r"term_frequencies\(corpus=…\): each text needs its own id, but its doc_id column repeats 'qq-1'",
    ):
        term_frequencies(corpus)
    with pytest.raises(ValueError, match=r"keyness\(freqs=…\): .* its index repeats 7"):
        keyness(pd.Series([JD, ALI], index=[7, 7]))
    assert frame_label(pd.Series([JD, ALI], index=[7, 7])).index.tolist() == [7, 7]  # a label per text: fine


@pytest.mark.parametrize(
    ("min_count", "error"), [("3", TypeError), (2.5, TypeError), (True, TypeError), (-1, ValueError)]
)
def test_keyness_min_count_is_checked(min_count, error):
    with pytest.raises(error, match=r"keyness\(min_count=…\)"):
        keyness([JD, ALI, PDD], min_count=min_count)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not keyness([JD, ALI, PDD], min_count=np.int64(1)).empty


# --- a page that reads as empty says why; files that cannot be opened -----------------------


def test_a_page_with_text_but_no_main_text_says_so_rather_than_empty(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "saved.html").write_text(JD + "\n" + ALI, encoding="utf-8")  # plain text saved under .html
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(folder)
    (message,) = _messages(caught)
    assert message.startswith(
        f"{folder / 'saved.html'}: trafilatura found no main text in this page, so none is read, "
        f"though its tags hold {len(JD) + 1 + len(ALI):,} characters of text"
    )
    assert "rename it .txt" in corpus.loc[0, "warnings"]


def test_a_file_or_folder_that_cannot_be_opened_is_named_with_the_reason(tmp_path, monkeypatch):
    # as root, chmod 000 stops nothing, so the refusal is simulated: what open() and scandir() raise
    # for another user. A regression test: this case was already handled well
    folder = tmp_path / "crawl"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(JD, encoding="utf-8")
    (folder / "b.txt").write_text(ALI, encoding="utf-8")
    (folder / "locked" / "c.txt").write_text(PDD, encoding="utf-8")
    real_read, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self):
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(CorpusError) as raised:
        load_corpus(folder)
    assert str(raised.value).splitlines()[1:] == [
        f"  {folder / 'locked'}: a folder that cannot be listed (Permission denied)",
        f"  {folder / 'b.txt'}: cannot read the file (Permission denied)",
    ]
    with pytest.warns(CorpusWarning):
        assert load_corpus(folder, errors="skip")["doc_id"].tolist() == ["a"]


def test_figure_names_stay_apart_where_file_names_ignore_case_or_composition():
    names = [figure_name("02_wordcloud", d) for d in ("Temu", "temu", "e\u0301", "\u00e9", "000")]
    assert len({n.lower() for n in names}) == 5  # before: 02_wordcloud_Temu and _temu, one file on macOS
    assert len({unicodedata.normalize("NFC", n) for n in names}) == 5
    assert names[1] == "02_wordcloud_temu" and names[4] == "02_wordcloud_000"  # a plain id keeps its name
    long = figure_name("02_wordcloud", "甲" * 60, "乙" * 60, "丙" * 60)
    assert len(f"{long}_p12.png".encode()) <= 255 and long != figure_name(
        "02_wordcloud", "甲" * 60, "乙" * 60, "丁" * 60
    )


# --- warnings from a REPL; records and catalogs a spreadsheet or a scraper writes ------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["-c", "stdin", "-i"])
def test_a_warning_from_the_repl_python_c_or_stdin_is_shown_not_an_import_error(tmp_path, how):
    import subprocess
    import sys

    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.txt").write_text(JD, encoding="utf-8")
    (tmp_path / "crawl" / "scan.pdf").write_bytes(b"%PDF-1.4")
    code = (
        f"from coopetition import load_corpus\ncorpus = load_corpus({str(tmp_path / 'crawl')!r})\nprint(len(corpus))\n"
    )
    args = {"-c": [sys.executable, "-c", code], "stdin": [sys.executable, "-"], "-i": [sys.executable, "-i"]}[how]
    done = subprocess.run(
        args,
        input=None if how == "-c" else code,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COOPETITION_CACHE": "off"},
    )
    # before: ImportError: '__main__' is not a built-in module (the warning's source line was looked up through
    # __main__'s loader), so nothing loaded from a plain interactive session
    assert "ImportError" not in done.stderr
    assert "CorpusWarning: " in done.stderr and "skipped 1 .pdf: no reader for these" in done.stderr
    assert done.stdout.replace(">>> ", "").strip().startswith("1")


def test_a_line_separator_inside_a_jsonl_record_is_text_not_a_new_line(tmp_path):
    records = [
        {"id": "a", "text": "京东与美团竞争。\u2028双方补贴加码。"},
        {"id": "b", "text": "阿里与腾讯合作\u0085继续。"},
        {"id": "c", "text": PDD},
    ]
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "d.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    corpus = load_corpus(folder)  # before: 4 "not JSON" lines, 2 of 3 records lost
    assert corpus["doc_id"].tolist() == ["d-a", "d-b", "d-c"]
    assert "双方补贴加码" in corpus.loc[0, "text"] and "继续" in corpus.loc[1, "text"]


def test_an_empty_doc_id_in_the_catalog_means_not_stated(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "qq_1.txt").write_text(JD, encoding="utf-8")
    (folder / "qq_2.txt").write_text(ALI, encoding="utf-8")
    (folder / "catalog.csv").write_text(
        "doc_id,file,title,outlet,date,script,note\n"
        ",qq_1.txt,京东外卖,腾讯新闻,2025-04-22,simplified,\n"
        " ,qq_2.txt,阿里合作,腾讯新闻,2025-04-23,simplified,\n",
        encoding="utf-8",
    )
    corpus = load_corpus(folder)  # before: "doc_id repeats: , " for two blanks; one blank became the doc_id "-2"
    assert corpus["doc_id"].tolist() == ["qq_1", "qq_2"]
    assert corpus["title"].tolist() == ["京东外卖", "阿里合作"]


def test_a_cache_setting_that_names_a_file_is_one_warning_saying_so_at_the_users_call(tmp_path, monkeypatch):
    from coopetition import cache

    not_a_folder = tmp_path / "cache.txt"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("COOPETITION_CACHE", str(not_a_folder))
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.txt").write_text(JD, encoding="utf-8")
    cache._reset()
    try:
        with pytest.warns(cache.CacheWarning) as caught:
            corpus = load_corpus(tmp_path / "crawl")
    finally:
        cache._reset()
    assert corpus["doc_id"].tolist() == ["a"]
    (warning,) = [w for w in caught if issubclass(w.category, cache.CacheWarning)]
    # before: "cannot write …/cache.txt: File exists", pointing at a line inside corpus.py
    assert f"cannot write {not_a_folder}: a file stands where a folder is needed" in str(warning.message)
    assert warning.filename == __file__


@pytest.mark.parametrize("loader", ["load_corpus", "process_corpus"])
def test_a_hash_in_a_file_name_or_a_record_id_keeps_its_catalog_row(tmp_path, loader):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "page#2.txt").write_text(JD, encoding="utf-8")  # a URL fragment kept in a saved page's name
    (folder / "qq#export.jsonl").write_text(
        json.dumps({"id": "a#1", "text": ALI}, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "catalog.csv").write_text(
        "doc_id,file,title,outlet,date,script,note\n"
        "p2,page#2.txt,京东外卖,腾讯新闻,2025-04-22,simplified,\n"
        "q1,qq#export.jsonl#a#1,阿里合作,腾讯新闻,2025-04-23,simplified,\n",
        encoding="utf-8",
    )
    # before: "catalog.csv: lists page#2.txt, qq#export.jsonl#a#1, not found" (the file was cut at its first #)
    corpus = load_corpus(folder) if loader == "load_corpus" else process_corpus(folder).corpus
    assert corpus[["doc_id", "file", "title"]].values.tolist() == [
        ["p2", "page#2.txt", "京东外卖"],
        ["q1", "qq#export.jsonl#a#1", "阿里合作"],
    ]


def test_a_utf8_article_cut_off_by_nul_padding_is_read_and_flagged_not_called_binary(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "padded.txt").write_bytes(JD.encode() + b"\x00" * 4096)  # a download stopped in a preallocated file
    (folder / "stray.txt").write_bytes(ALI.encode()[:15] + b"\x00" + (ALI + PDD).encode()[15:])
    (folder / "tiny.txt").write_bytes(b"\x00\x01\x02 binary header")  # few NULs, but control bytes: binary
    (folder / "image.txt").write_bytes(bytes(range(256)) * 8)  # binary: NULs all through
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(folder, errors="skip")
    assert corpus["doc_id"].tolist() == ["padded", "stray"]  # before: both "looks binary", their text lost
    assert (
        corpus["text"].tolist()[0].startswith("京东宣布进军外卖市场")
        and "淘宝将接入微信支付" in corpus["text"].tolist()[1]
    )
    messages = _messages(caught)
    assert (
        f"{folder / 'padded.txt'}: 1 character did not decode (a damaged or cut-off file); cleaning drops them"
        in messages
    )
    for binary in ("image.txt", "tiny.txt"):
        assert (
            f"{folder / binary}: skipped: looks binary (it holds NUL bytes and is not UTF-16 text), not a text article"
            in messages
        )


def test_excluding_the_folder_of_articles_itself_is_an_error_not_ignored(tmp_path, monkeypatch):
    folder = tmp_path / "crawl"
    (folder / "out").mkdir(parents=True)
    (folder / "a.txt").write_text(JD, encoding="utf-8")
    (folder / "out" / "b.txt").write_text(ALI, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"crawl: nothing to read, it is a folder that is excluded \(exclude=: "):
        load_corpus(folder, exclude=folder)  # before: every file read, the exclusion ignored without a word
    monkeypatch.setenv("COOPETITION_EXCLUDE", str(tmp_path))
    with pytest.raises(
        CorpusError, match=r"a\.txt: nothing to read, it is inside a folder that is excluded \(COOPETITION_EXCLUDE: "
    ):
        load_corpus(folder / "a.txt")
    monkeypatch.delenv("COOPETITION_EXCLUDE")
    with pytest.warns(CorpusWarning, match="skipped out: excluded"):
        assert load_corpus(folder, exclude=folder / "out")["doc_id"].tolist() == ["a"]


def test_any_path_like_object_is_a_path(tmp_path):
    class Folder:  # what pytest's tmpdir, a DirEntry or a user's own class hands over
        def __init__(self, path):
            self.path = path

        def __fspath__(self):
            return str(self.path)

    (tmp_path / "a.txt").write_text(JD, encoding="utf-8")
    assert load_corpus(Folder(tmp_path))["doc_id"].tolist() == ["a"]  # before: "path must be a str or Path, not Folder"
    assert process_corpus([Folder(tmp_path / "a.txt")]).corpus["doc_id"].tolist() == ["a"]
    assert process_corpus(Folder(tmp_path)).corpus["doc_id"].tolist() == ["a"]
    with pytest.raises(TypeError, match="path must be a str or Path, not bytes"):
        load_corpus(os.fsencode(tmp_path))

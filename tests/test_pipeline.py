"""The scaled pipeline: same tables as the notebooks, in parallel, cached, on Dask."""

import json

import pandas as pd
import pytest

import coopetition as cp
from coopetition import CorpusError, paths
from coopetition import cache as cache_module
from coopetition.pipeline import frequencies_from_records, process_article, process_corpus, process_file


@pytest.fixture(scope="module")
def expected(corpus):
    return cp.term_frequencies(corpus)


def _plain(freqs):
    return freqs.astype({"doc_id": str, "term": str}).reset_index(drop=True)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_process_corpus_gives_the_notebook_tables(n_jobs, corpus, expected):
    result = process_corpus(n_jobs=n_jobs, progress=False)
    assert _plain(result.frequencies).equals(expected)
    assert result.corpus.equals(corpus.drop(columns=["raw"]))  # raw is dropped unless asked for
    assert process_corpus(keep_raw=True).corpus.equals(corpus)


def test_process_corpus_takes_a_list_of_files(expected):
    files = sorted(paths.seeds_dir().glob("*.txt"))
    result = process_corpus(files, n_jobs=2, keep_text=False)
    assert _plain(result.frequencies).equals(expected)
    assert (result.corpus["text"] == "").all()


def test_a_bad_file_in_a_worker_names_the_file(seeds_copy):
    import gc

    (seeds_copy / "zz_bad.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(CorpusError, match=r"zz_bad\.txt: looks binary"):
        process_corpus(seeds_copy, n_jobs=2)
    assert gc.get_freeze_count() == 0  # what the parent froze for the workers is collectable again


def test_a_parallel_run_leaves_garbage_collection_as_it_found_it():
    import gc

    process_corpus(n_jobs=2, cache=False, progress=False)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_the_cache_serves_a_second_run(seeds_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    first = process_corpus(seeds_copy)
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    kinds = {p.parent.parent.name for p in entries}
    assert {"tokens" if k.startswith("tokens-") else k for k in kinds} == {"clean", "tokens", "duplicates"}
    assert len(entries) == 11  # each article cleaned and tokenised, and one comparison of the five

    def fail(*args, **kwargs):
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr("coopetition.reading.corpus.clean_with_report", fail)
    monkeypatch.setattr("coopetition.text.segment.tokenize", fail)
    monkeypatch.setattr("coopetition.reading.corpus.find_duplicates", fail)
    monkeypatch.setattr("coopetition.reading.corpus.signature", fail)
    second = process_corpus(seeds_copy)
    assert second.frequencies.equals(first.frequencies)


def test_a_changed_article_or_pipeline_misses_the_cache(seeds_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    process_corpus(seeds_copy)
    article = seeds_copy / "004_21f44ec31ed89775.txt"
    article.write_text("拼多多与淘宝竞争加剧。\n" + article.read_text(encoding="utf-8"), encoding="utf-8")
    counts = process_corpus(seeds_copy).frequencies
    assert counts[(counts["doc_id"] == "004") & (counts["term"] == "拼多多")]["count"].item() == 3
    before = len(list((tmp_path / "cache").rglob("*.json")))
    monkeypatch.setattr(cache_module, "pipeline_version", lambda: "another-version")
    process_corpus(seeds_copy)
    assert len(list((tmp_path / "cache").rglob("*.json"))) == before + 11  # 5 cleaned, 5 tokenised, 1 comparison


def test_a_corrupt_entry_is_recomputed(seeds_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    first = process_corpus(seeds_copy)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert process_corpus(seeds_copy).frequencies.equals(first.frequencies)
    json.loads(next((tmp_path / "cache").rglob("*.json")).read_text(encoding="utf-8"))  # rewritten whole


def test_cache_off_writes_nothing(seeds_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    before = set(paths.cache_dir().rglob("*.json"))
    process_corpus(seeds_copy)
    assert set(paths.cache_dir().rglob("*.json")) == before


def test_pipeline_version_changes_with_the_package():
    version = cache_module.pipeline_version()
    assert len(version) == 16 and version == cache_module.pipeline_version()


def test_dask_processes_scheduler_gives_the_same_term_counts(expected):
    db = pytest.importorskip("dask.bag")
    files = sorted(paths.seeds_dir().glob("*.txt"))
    records = (
        db.from_sequence(files, npartitions=3).map(process_file).flatten().compute(scheduler="processes", num_workers=2)
    )
    catalog = pd.read_csv(paths.catalog_path(), dtype=str, keep_default_na=False).set_index("file")["doc_id"]
    for record in records:  # without the catalog, doc_id comes from the file name prefix
        assert record["doc_id"] == catalog[record["file"]]
    assert _plain(frequencies_from_records(records)).equals(expected)


def test_frequencies_handle_articles_without_content_tokens():
    records = [
        {"doc_id": "b", "counts": {}},
        {"doc_id": "a", "counts": {"微信": 2, "京东": 1}},
        {"doc_id": "c", "counts": {}},
    ]
    table = frequencies_from_records(records)
    assert table.astype({"doc_id": str, "term": str}).values.tolist() == [
        ["a", "微信", 2, pytest.approx(1000 * 2 / 3)],
        ["a", "京东", 1, pytest.approx(1000 / 3)],
    ]


@pytest.mark.parametrize("flush_every", [1, 2, 500])
@pytest.mark.parametrize("reverse", [False, True])
def test_frequencies_in_any_arrival_order_and_batch_size_give_the_notebook_table(
    expected, monkeypatch, flush_every, reverse
):
    from coopetition import pipeline

    monkeypatch.setattr(pipeline, "_FLUSH_EVERY", flush_every)
    records = [record for path in sorted(paths.seeds_dir().glob("*.txt")) for record in process_file(path)]
    assert _plain(frequencies_from_records(records[::-1] if reverse else records)).equals(expected)


@pytest.mark.parametrize(
    ("counts", "expected_rows"),
    [
        # count descending, ties by term in code-point order, articles by doc_id whatever the arrival order
        (
            [("b", {"淘宝": 1, "京东": 1, "微信": 3}), ("a", {"Temu": 2, "拼多多": 2})],
            [["a", "Temu", 2], ["a", "拼多多", 2], ["b", "微信", 3], ["b", "京东", 1], ["b", "淘宝", 1]],
        ),
        ([("z", {"抖音": 1}), ("y", {}), ("x", {"抖音": 4})], [["x", "抖音", 4], ["z", "抖音", 1]]),
        # case variants merge in each article under the spelling most common over the corpus
        (
            [("b", {"Temu": 1, "京东": 2, "TEMU": 2}), ("a", {"temu": 1, "淘宝": 1})],
            [["a", "TEMU", 1], ["a", "淘宝", 1], ["b", "TEMU", 3], ["b", "京东", 2]],
        ),
    ],
)
def test_frequencies_are_ordered_by_article_count_and_term(counts, expected_rows):
    table = frequencies_from_records([{"doc_id": d, "counts": c} for d, c in counts])
    assert table.astype({"doc_id": str, "term": str})[["doc_id", "term", "count"]].values.tolist() == expected_rows


def test_progress_bar_on_request_and_silent_when_not_a_terminal(capsys):
    process_corpus(progress=True)
    err = capsys.readouterr().err
    assert "5/5" in err and "file" in err
    process_corpus()  # default: on a terminal only; pytest's captured stderr is not one
    assert capsys.readouterr().err == ""


def test_multi_record_files_and_mixed_formats_in_parallel(tmp_path):
    (tmp_path / "dump.jsonl").write_text(
        '{"id": "x", "text": "拼多多与淘宝竞争加剧。拼多多再降价。"}\n{"text": "美团与抖音竞争。"}\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("# 标题\n\n京东与阿里竞争。", encoding="utf-8")
    (tmp_path / "20250912_a.txt").write_text("京东与微信合作。", encoding="utf-8")
    (tmp_path / "20250912_b.txt").write_text("京东与微信分手。", encoding="utf-8")
    serial = process_corpus(tmp_path, keep_raw=True)
    parallel = process_corpus(tmp_path, n_jobs=2, chunksize=1)
    assert serial.corpus["doc_id"].tolist() == ["20250912_a", "20250912_b", "a", "dump-2", "dump-x"]
    assert parallel.corpus.equals(serial.corpus.drop(columns=["raw"]))
    assert parallel.frequencies.equals(serial.frequencies)
    assert serial.corpus.drop(columns=["raw"]).equals(cp.load_corpus(tmp_path).drop(columns=["raw"]))
    counts = _plain(serial.frequencies)
    assert counts[(counts["doc_id"] == "dump-x") & (counts["term"] == "拼多多")]["count"].item() == 2
    assert set(counts["doc_id"]) == set(serial.corpus["doc_id"])  # ids made unique reach the frequencies


def test_process_article_takes_one_article_and_refuses_a_dump(tmp_path):
    (tmp_path / "dump.jsonl").write_text('{"text": "甲。"}\n{"text": "乙。"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"dump\.jsonl: holds 2 records; read it with file_records"):
        process_article(tmp_path / "dump.jsonl")
    records = process_file(tmp_path / "dump.jsonl")
    assert [r["file"] for r in records] == ["dump.jsonl#1", "dump.jsonl#2"]


def test_a_bad_source_is_a_clear_type_error():
    with pytest.raises(TypeError, match="source must be a folder, a file or an iterable of files, not int"):
        process_corpus(42)
    with pytest.raises(TypeError, match="each file in source must be a str or Path, not int"):
        process_corpus([1, 2])


def test_a_folder_under_the_home_directory_is_read_as_a_shell_reads_it(tmp_path, monkeypatch):
    """``"~/crawl"``, as in docs/scale.md, is the crawl folder in the user's home, not a folder named "~"."""
    import shutil

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    seed = sorted(paths.seeds_dir().glob("*.txt"))[0]
    shutil.copy(seed, crawl / seed.name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no "~" folder here either
    loaded = cp.load_corpus("~/crawl")
    processed = process_corpus("~/crawl", progress=False)
    listed = process_corpus(["~/crawl/" + seed.name], progress=False)
    assert len(loaded) == len(processed.corpus) == len(listed.corpus) == 1
    assert processed.corpus["text"].tolist() == loaded["text"].tolist()


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_process_corpus_names_every_unreadable_file_or_skips_them(tmp_path, n_jobs):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.txt").write_text("京东与美团在即时零售领域展开激烈竞争,双方都在加大补贴。\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\x00\x01\x02\x03" * 40)
    with pytest.raises(CorpusError, match=r"2 files could not be read") as caught:
        process_corpus(folder, n_jobs=n_jobs, cache=False)
    assert "b.txt: the file is empty" in str(caught.value) and "c.txt: looks binary" in str(caught.value)
    with pytest.warns(cp.CorpusWarning) as record:
        processed = process_corpus(folder, n_jobs=n_jobs, cache=False, errors="skip")
    messages = sorted(str(w.message).rsplit("/", 1)[-1] for w in record)
    assert messages == [
        "b.txt: skipped: the file is empty",
        "c.txt: skipped: looks binary (it holds NUL bytes and is not UTF-16 text), not a text article",
    ]
    assert processed.corpus["doc_id"].tolist() == ["a"] and set(processed.frequencies["doc_id"]) == {"a"}

"""The scaled pipeline: same tables as the notebooks, in parallel, cached, on Dask."""

import json

import pandas as pd
import pytest

import coopetition as cp
from coopetition import CorpusError, paths
from coopetition import cache as cache_module
from coopetition.pipeline import frequencies_from_records, process_article, process_corpus


@pytest.fixture(scope="module")
def expected(corpus):
    return cp.term_frequencies(corpus)


def _plain(freqs):
    return freqs.astype({"doc_id": str, "term": str}).reset_index(drop=True)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_process_corpus_gives_the_notebook_tables(n_jobs, corpus, expected):
    result = process_corpus(n_jobs=n_jobs)
    assert _plain(result.frequencies).equals(expected)
    assert result.corpus.drop(columns=["raw"]).equals(corpus.drop(columns=["raw"]))
    assert (result.corpus["raw"] == "").all()  # raw is dropped unless asked for
    assert process_corpus(keep_raw=True).corpus["raw"].equals(corpus["raw"])


def test_process_corpus_takes_a_list_of_files(expected):
    files = sorted(paths.seeds_dir().glob("*.txt"))
    result = process_corpus(files, n_jobs=2, keep_text=False)
    assert _plain(result.frequencies).equals(expected)
    assert (result.corpus["text"] == "").all()


def test_a_bad_file_in_a_worker_names_the_file(seeds_copy):
    (seeds_copy / "zz_bad.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(CorpusError, match=r"zz_bad\.txt: looks binary"):
        process_corpus(seeds_copy, n_jobs=2)


def test_the_cache_serves_a_second_run(seeds_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    first = process_corpus(seeds_copy)
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    assert {p.parent.parent.name for p in entries} == {"clean", "tokens"}
    assert len(entries) == 10

    def fail(*args, **kwargs):
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr("coopetition.corpus.clean_with_report", fail)
    monkeypatch.setattr("coopetition.segment.tokenize", fail)
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
    assert len(list((tmp_path / "cache").rglob("*.json"))) == before + 10


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
    records = db.from_sequence(files, npartitions=3).map(process_article).compute(scheduler="processes", num_workers=2)
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

"""Loading: decoding, the catalog, uncatalogued articles and clear errors."""

import hashlib
import json
import re

import pandas as pd
import pytest

from coopetition import CorpusError, load_corpus, paths
from coopetition.reading.corpus import CorpusWarning, parse_date, read_article, read_catalog
from coopetition.text.clean import REPORT_COLUMNS, strip_reading_annotations

# sha256 of the five articles as delivered: raw data is never edited
DELIVERED = {
    "000_b3965243b9a5138b.txt": "ca85732946b17092cd95b92d73b956401af4169adea17633fd3c7e18baaca453",
    "001_a403996e29c17782.txt": "17684a6a63986aec71ffd4a8c6c885be03f1f7f3d69c6f563d6dfdbadee853e2",
    "002_e5df84bdf03f7f15.txt": "96a3beff0c161beac0dbc4bef7356ea70468ff79c7d07aac0d7f36565d43b7ef",
    "003_9faf22be2684ee40.txt": "7af35482722dfb9e8272f621414a409dcad8126d1c00e85285ebec5cad05f445",
    "004_21f44ec31ed89775.txt": "4fcb635c09bb08c515f0647446301c480ddbfc8de2f76d833b8a4352d7c920bf",
}


def test_seeds_are_byte_for_byte_as_delivered():
    for name, digest in DELIVERED.items():
        assert hashlib.sha256((paths.seeds_dir() / name).read_bytes()).hexdigest() == digest


def test_corpus_has_one_sorted_row_per_article_with_report_columns(corpus):
    assert corpus["doc_id"].tolist() == ["000", "001", "002", "003", "004"]
    for column in ("doc_id", "file", "title", "outlet", "date", "script", "encoding", "raw", "text", *REPORT_COLUMNS):
        assert column in corpus.columns
    assert (corpus["encoding"] == "utf-8").all()
    assert corpus["script"].tolist() == ["simplified", "simplified", "traditional", "traditional", "simplified"]


def test_raw_is_the_decoded_file_exactly(corpus):
    for row in corpus.itertuples():
        assert row.raw == (paths.seeds_dir() / row.file).read_bytes().decode("utf-8")


def test_catalog_facts_and_empty_means_not_stated(corpus):
    by_id = corpus.set_index("doc_id")
    assert by_id.loc["003", "title"] == "京东和微信合作关系 签夫妻档终生长约"
    assert by_id.loc["003", "date"] == "2015-06-09"
    assert by_id.loc["002", "outlet"] == "蓝海亿观网"
    assert by_id.loc["000", "title"] == ""  # the file prints no headline
    assert by_id.loc["004", "outlet"] == ""  # the forum is not named
    assert by_id["date"].map(lambda d: d[:4]).tolist() == ["2025", "2025", "2025", "2015", "2025"]


def test_cleaning_report_counts_what_was_removed(corpus):
    by_id = corpus.set_index("doc_id")
    assert by_id.loc["002", "n_annotations"] > 200 and by_id.loc["003", "n_annotations"] > 300
    assert by_id.loc["000", "n_annotations"] == 0
    assert by_id.loc["004", "n_footer_lines"] > 10
    assert by_id.loc["001", "n_toc_lines"] == 5
    # the dateline, the title printed again and the truncated 导读 lead: three lines go, the
    # furniture classifier's and drop_duplicate_lines' between them (which step takes a repeat
    # depends on the classifier's score of it)
    assert by_id.loc["003", "n_boilerplate_lines"] >= 1
    assert by_id.loc["003", "n_boilerplate_lines"] + by_id.loc["003", "n_duplicate_lines"] == 3
    assert (corpus["clean_chars"] < corpus["raw_chars"]).all()


def test_uncatalogued_articles_load_with_derived_metadata(seeds_copy):
    corpus = load_corpus(seeds_copy).set_index("doc_id")
    assert corpus.loc["003", "title"] == "京东和微信合作关系 签夫妻档终生长约"
    assert corpus.loc["004", "title"] == "微信成立电商产品部,这是要搞大动作抢电商蛋糕?"
    assert corpus.loc["002", "date"] == "2025-09-24"
    assert corpus.loc["003", "date"] == "2015-06-09"
    assert corpus.loc["004", "date"] == "2025-05-17"
    assert corpus.loc["000", "date"] == ""  # "9月12日" states no year: left empty, not guessed
    assert corpus.loc["000", "outlet"] == "网经社"
    assert corpus.loc["002", "script"] == "traditional"


def test_a_new_article_is_picked_up_from_the_seeds_override(seeds_copy, monkeypatch):
    (seeds_copy / "new_article.txt").write_text("某网2024-03-01\n拼多多与淘宝竞争加剧。\n", encoding="utf-8")
    monkeypatch.setenv("COOPETITION_SEEDS", str(seeds_copy))
    corpus = load_corpus()
    row = corpus.set_index("doc_id").loc["new_article"]
    assert row["text"] == "拼多多与淘宝竞争加剧。"
    assert row["date"] == "2024-03-01"
    assert len(corpus) == 6


SAMPLE = "京东和微信合作关系\n2015-06-09|HiShop\n4月,京东与微信达成了合作计划。“竞合”是常态?"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
)
def test_supported_encodings_decode_to_the_same_clean_text(tmp_path, data, encoding):
    (tmp_path / "a.txt").write_bytes(data)
    text, used = read_article(tmp_path / "a.txt")
    assert used == encoding
    corpus = load_corpus(tmp_path)
    assert corpus.loc[0, "text"] == "京东和微信合作关系\n4月,京东与微信达成了合作计划。“竞合”是常态?"
    assert corpus.loc[0, "encoding"] == encoding


def test_big5_traditional_article_decodes_as_big5(tmp_path, raws):
    traditional = strip_reading_annotations(raws["002"]).replace("?", "")
    traditional = "".join(ch for ch in traditional if ch.encode("big5", errors="ignore"))
    (tmp_path / "b.txt").write_bytes(traditional.encode("big5"))
    text, used = read_article(tmp_path / "b.txt")
    assert (used, text) == ("big5", traditional)
    assert "淘宝" in load_corpus(tmp_path).loc[0, "text"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 256)) * 4, "encoding"),
        (b"\xff\xfe\x00\xd8", "utf-16"),
    ],
)
def test_bad_files_raise_an_error_naming_file_and_reason(tmp_path, data, reason):
    bad = tmp_path / "bad_article.txt"
    bad.write_bytes(data)
    with pytest.raises(CorpusError, match=rf"bad_article\.txt: .*{reason}"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("content", "kind"),
    [("出品 | 网经社\nqw1.jpg\n", "furniture"), ("。。。!!!\n……\n", "punctuation")],
)
def test_an_article_empty_after_cleaning_warns_and_stays_flagged(tmp_path, content, kind):
    (tmp_path / f"{kind}.txt").write_text(content, encoding="utf-8")
    (tmp_path / "real.txt").write_text("拼多多与淘宝竞争加剧。\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=rf"{kind}\.txt: no words are left after cleaning"):
        corpus = load_corpus(tmp_path).set_index("doc_id")
    assert not re.search(r"\w", corpus.loc[kind, "text"])
    assert corpus.loc[kind, "warnings"].startswith("no words are left")
    assert corpus.loc["real", "warnings"] == ""  # a real article is not flagged


def test_missing_and_empty_folders_are_errors(tmp_path):
    with pytest.raises(CorpusError, match="no such folder"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match=r"no articles in this folder \(looked for \.txt, \.md"):
        load_corpus(tmp_path)


def test_catalog_errors_name_the_catalog(seeds_copy):
    catalog = seeds_copy / "catalog.csv"
    catalog.write_text("doc_id,file,title\n000,000_b3965243b9a5138b.txt,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"catalog\.csv: missing column\(s\) outlet, date, script, note"):
        load_corpus(seeds_copy)
    catalog.write_text("doc_id,file,title,outlet,date,script,note\n9,gone.txt,,,,,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"catalog\.csv: lists gone\.txt, not found"):
        load_corpus(seeds_copy)
    catalog.write_text(
        "doc_id,file,title,outlet,date,script,note\n000,000_b3965243b9a5138b.txt,,,9月12日,,\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"date '9月12日' .* is not an ISO date"):
        load_corpus(seeds_copy)


def test_a_catalog_naming_a_doc_id_or_file_twice_names_every_later_copy(tmp_path):
    header = "doc_id,file,title,outlet,date,script,note\n"
    rows = [
        ("001", "a.txt", "京东宣布外卖补贴", "新浪科技", "2025-02-11"),
        ("002", "b.txt", "美团回应京东", "36氪", "2025-02-12"),
        ("001", "c.txt", "拼多多与淘宝", "财新", ""),
        ("", "d.txt", "阿里巴巴与腾讯", "", ""),  # blank doc_ids are not stated, never repeats
        ("", "e.txt", "微信小店", "", ""),
        ("001", "f.txt", "抖音电商", "", ""),
    ]
    (tmp_path / "catalog.csv").write_text(
        header + "".join(f"{d},{f},{t},{o},{dt},simplified,\n" for d, f, t, o, dt in rows), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"catalog\.csv: doc_id repeats: 001, 001$"):
        read_catalog(tmp_path)
    rows[2:] = [("003", "b.txt", "", "", ""), ("004", "a.txt", "", "", ""), ("005", "b.txt", "", "", "")]
    (tmp_path / "catalog.csv").write_text(
        header + "".join(f"{d},{f},{t},{o},{dt},simplified,\n" for d, f, t, o, dt in rows), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"catalog\.csv: file repeats: b\.txt, a\.txt, b\.txt$"):
        read_catalog(tmp_path)
    rows[2:] = [("003", "c.txt", "", "", "2025-13-01")]
    (tmp_path / "catalog.csv").write_text(
        header + "".join(f"{d},{f},{t},{o},{dt},simplified,\n" for d, f, t, o, dt in rows), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"date '2025-13-01' of c\.txt is not an ISO date"):
        read_catalog(tmp_path)
    rows[2:] = [("", "c.txt", "", "", ""), ("", "d.txt", "", "", "")]
    (tmp_path / "catalog.csv").write_text(
        header + "".join(f"{d},{f},{t},{o},{dt},simplified,\n" for d, f, t, o, dt in rows), encoding="utf-8"
    )
    assert read_catalog(tmp_path)["doc_id"].tolist() == ["001", "002", "", ""]


def test_the_seed_catalog_is_complete():
    catalog = read_catalog(paths.seeds_dir())
    assert sorted(catalog["file"]) == sorted(DELIVERED)
    assert set(catalog["script"]) == {"simplified", "traditional"}
    assert pd.to_datetime(catalog["date"]).notna().all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("蓝海亿观网2025年09月24日 0\n正文", "2025-09-24"),
        ("标题\n其他 其他 3501 人阅读 | 0 人回复 | 2025-05-17\n正文", "2025-05-17"),
        ("9月12日,据用户线索,合约已经在2025年6月29日到期,只剩三个月的缓冲期,这是一段很长的正文。", ""),
        ("发布于2025-02-30", ""),  # not a real day
        ("没有日期", ""),
    ],
)
def test_parse_date_reads_datelines_not_events(text, expected):
    assert parse_date(text) == expected


# --- hygiene: doc_id clashes, warnings, catalog rows for records ------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["20250912_a.txt", "20250912_b.txt"], ["20250912_a", "20250912_b"]),
        (["0000_0.txt", "0000_1.txt"], ["0000_0", "0000_1"]),
        (["a.txt", "a.md"], ["a.md", "a.txt"]),
        (["20250912_a.txt", "20250913_a.txt", "notes.txt"], ["20250912", "20250913", "notes"]),  # no clash, no change
        (["7_x.txt", "7_x.md", "7_y.txt"], ["7_x.md", "7_x.txt", "7_y"]),
    ],
)
def test_doc_ids_are_unique_for_any_file_names(tmp_path, names, expected):
    for name in names:
        (tmp_path / name).write_text(f"# {name}\n拼多多与淘宝竞争加剧。", encoding="utf-8")
    first = load_corpus(tmp_path)["doc_id"].tolist()
    assert first == expected
    assert load_corpus(tmp_path)["doc_id"].tolist() == first  # deterministic


def test_assign_doc_ids_keeps_catalog_ids_and_numbers_the_rest():
    from coopetition.reading.corpus import assign_doc_ids

    choices = [("a", "a.txt"), ("a", "a.txt"), ("b",), ("c",)]
    assert assign_doc_ids(choices, [None, None, "a", None]) == ["a.txt", "a.txt-2", "a", "c"]


def test_a_long_line_and_a_long_title_warn_naming_the_file(tmp_path):
    (tmp_path / "huge.txt").write_text("竞争" * 60_000 + "。", encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text(
        json.dumps({"title": "长" * 300, "text": "拼多多与淘宝竞争加剧。"}, ensure_ascii=False), encoding="utf-8"
    )
    with pytest.warns(CorpusWarning) as caught:
        corpus = load_corpus(tmp_path).set_index("doc_id")
    messages = sorted(str(w.message) for w in caught)
    assert re.search(r"dump\.jsonl#1: its title of 300 characters is cut to 64", messages[0])  # the record, by its id
    assert re.search(r"huge\.txt: a line of 120,001 characters", messages[1])
    assert corpus.loc["huge", "title"] == ""  # a paragraph is not a title
    assert len(corpus.loc["dump-1", "title"]) == 64


def test_utf16_without_bom_loads(tmp_path):
    (tmp_path / "u.txt").write_bytes(
        "京东和微信合作\n2015-06-09|HiShop\n4月,京东与微信达成了合作计划。".encode("utf-16-le")
    )
    row = load_corpus(tmp_path).iloc[0]
    assert (row["encoding"], row["date"], row["outlet"]) == ("utf-16-le", "2015-06-09", "HiShop")


def test_catalog_rows_override_records_and_files(tmp_path):
    (tmp_path / "dump.jsonl").write_text(
        '{"id": "x1", "title": "记录标题", "text": "拼多多与淘宝竞争加剧。"}\n{"text": "美团与抖音竞争。"}\n',
        encoding="utf-8",
    )
    (tmp_path / "catalog.csv").write_text(
        "doc_id,file,title,outlet,date,script,note\nR1,dump.jsonl#x1,目录标题,某报,2024-01-01,simplified,\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path).set_index("doc_id")
    assert corpus.loc["R1", ["title", "outlet", "date", "file"]].tolist() == [
        "目录标题",
        "某报",
        "2024-01-01",
        "dump.jsonl#x1",
    ]
    assert corpus.loc["dump-2", "title"] == ""
    (tmp_path / "catalog.csv").write_text(
        "doc_id,file,title,outlet,date,script,note\nR1,gone.jsonl#x1,,,,,\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"lists gone\.jsonl#x1, not found"):
        load_corpus(tmp_path)


def test_new_metadata_columns_on_the_seeds(corpus):
    for column in ("site", "author", "url", "format", "warnings", "duplicate_of"):
        assert column in corpus.columns
    assert (corpus["format"] == "txt").all() and (corpus["warnings"] == "").all()
    assert corpus.set_index("doc_id").loc["001", "author"] == "山月"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"doc_id": "003", "outlet": "HiShop", "date": "2015-06-09"}, "003 HiShop 2015-06"),
        ({"doc_id": "a", "outlet": "", "date": ""}, "a (no outlet) undated"),
        ({"doc_id": "b-2", "outlet": "晚点LatePost", "date": "2024-12-31"}, "b-2 晚点LatePost 2024-12"),
        ({"doc_id": "c", "outlet": None, "date": float("nan")}, "c (no outlet) undated"),
        ({"doc_id": "d", "outlet": float("nan"), "date": None}, "d (no outlet) undated"),
    ],
)
def test_doc_label_reads_missing_outlet_and_date_alike(row, expected):
    from coopetition.reading.corpus import doc_label

    assert doc_label(row) == expected


def _crawl_with_bad_files(folder):
    folder.mkdir()
    (folder / "a.txt").write_text("京东与美团在即时零售领域展开激烈竞争,双方都在加大补贴。\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")  # a page the crawler saved empty
    (folder / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)  # an image saved as .txt
    (folder / "d.jsonl").write_text('{"text": "拼多多发布财报"}\n{"text": \n', encoding="utf-8")  # a cut-off record
    (folder / "e.txt").write_text("拼多多三季度营收同比增长44%,净利润超出市场预期。\n", encoding="utf-8")
    return folder


def test_every_unreadable_file_is_named_in_one_error(tmp_path):
    folder = _crawl_with_bad_files(tmp_path / "crawl")
    with pytest.raises(CorpusError) as caught:
        load_corpus(folder)
    message = str(caught.value)
    assert message.startswith(
        "2 files and 1 record could not be read (errors='skip' loads the rest with a warning for each):"
    )
    assert "b.txt: the file is empty" in message and "c.txt: looks binary" in message
    assert "d.jsonl: line 2: not JSON" in message  # the record, not its file


def test_errors_skip_loads_the_rest_and_warns_for_each_skipped_file(tmp_path):
    folder = _crawl_with_bad_files(tmp_path / "crawl")
    with pytest.warns(CorpusWarning) as record:
        corpus = load_corpus(folder, errors="skip")
    assert corpus["doc_id"].tolist() == ["a", "d-1", "e"]  # d.jsonl's good first record is kept
    skipped = sorted(str(w.message) for w in record if ": skipped: " in str(w.message))
    assert [s.split(": skipped: ")[0].rsplit("/", 1)[-1] for s in skipped] == ["b.txt", "c.txt", "d.jsonl: line 2"]
    assert skipped[2].endswith("not JSON (Expecting value); the file's other records are read")


def test_one_unreadable_file_gives_its_own_message_and_a_bad_errors_value_is_refused(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.txt").write_text("京东与美团展开竞争。\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"   \n")
    with pytest.raises(CorpusError, match=r"b\.txt: the file is empty$"):
        load_corpus(folder)
    with pytest.raises(ValueError, match="errors must be one of 'raise', 'skip', not 'ignore'"):
        load_corpus(folder, errors="ignore")


def test_an_article_in_another_language_is_flagged_not_refused(tmp_path):
    english = (
        "Tencent and Alibaba agreed to open their platforms to each other, the two companies said. "
        "Shares of both rose in Hong Kong trading after the announcement on Monday. "
    ) * 3
    mixed = (
        "腾讯与阿里巴巴宣布互相开放平台,WeChat Pay 将接入淘宝。" * 4
        + "Analysts at Morgan Stanley called it a turning point. " * 2
    )
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(mixed, encoding="utf-8")  # English names and a quote: still Chinese
    with pytest.warns(CorpusWarning, match=r"en\.txt: only 0% of its letters are Chinese characters") as record:
        corpus = load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["en", "zh"]
    assert not any("zh.txt" in str(w.message) for w in record)

"""Readers: every input format, every encoding, and clear errors naming file and line."""

import json

import pytest

from coopetition import CorpusError, load_corpus
from coopetition.reading.readers import CorpusWarning, decode_bytes, read_article, read_articles

ARTICLE = "拼多多与淘宝的价格战持续升级,京东也加入了补贴大战。\n三家平台都在争夺下沉市场的用户。"

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}">
<title>京东与阿里竞争加剧 - 某某科技网</title>
<meta property="og:site_name" content="某某科技网">
<meta property="og:title" content="京东与阿里竞争加剧">
<meta property="article:published_time" content="2023-12-29T10:05:00+08:00">
</head><body>
<nav><a href="/">首页</a> &gt; <a href="/tech">科技</a> &gt; 正文</nav>
<div class="share">分享到微信 分享到微博</div>
<article><h1>京东与阿里竞争加剧</h1>
<p>12月29日,北京市高级人民法院对京东诉阿里巴巴“二选一”案做出一审判决,认定其滥用市场支配地位实施垄断行为成立。</p>
<p>京东方面表示,公平竞争是市场经济的核心,“二选一”等垄断行为限制了市场竞争,损害了商家和消费者的合法权益。</p>
<p>阿里巴巴回应称,已获悉此消息,尊重法院的判决结果,将继续支持平台商家的经营发展。</p>
</article>
<footer>Copyright 2023 某某科技网 版权所有 京ICP备00000000号</footer>
</body></html>"""


def test_utf16_without_bom_is_decoded_in_either_byte_order(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(ARTICLE.encode(encoding))
        assert read_article(path) == (ARTICLE, encoding)


def test_utf16_without_bom_of_pure_chinese_has_no_nul_byte_and_still_decodes():
    text = "拼多多与淘宝竞争加剧京东加入补贴大战三家平台争夺下沉市场用户" * 3
    data = text.encode("utf-16-le")
    assert b"\x00" not in data
    assert decode_bytes(data, "x.txt") == (text, "utf-16-le")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "looks binary"),  # NUL bytes, not text in any byte order
        (b"\x00\x01\x02\x03" * 50, "looks binary"),
    ],
)
def test_binary_is_still_binary(data, reason):
    with pytest.raises(CorpusError, match=rf"b\.bin: {reason}"):
        decode_bytes(data, "b.bin")


def test_markdown_is_read_as_text_and_its_heading_is_the_title(tmp_path):
    (tmp_path / "a.md").write_text(
        f"# 京东与阿里的十年恩怨\n\n![](https://img.example.com/a.jpg)\n\n{ARTICLE}\n", encoding="utf-8"
    )
    (article,) = read_articles(tmp_path / "a.md")
    assert (article.format, article.file, article.key) == ("md", "a.md", "a.md")
    row = load_corpus(tmp_path).iloc[0]
    assert row["title"] == "京东与阿里的十年恩怨"
    assert "价格战" in row["text"]


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_gives_main_text_and_page_metadata(tmp_path, charset):
    (tmp_path / "page.html").write_bytes(PAGE.format(charset=charset).encode(charset))
    (article,) = read_articles(tmp_path / "page.html")
    assert article.format == "html"
    assert article.given["title"] == "京东与阿里竞争加剧"
    assert article.given["date"] == "2023-12-29"
    assert article.given["site"] == "某某科技网"
    assert "滥用市场支配地位" in article.raw
    assert "<p>" not in article.raw and "版权所有" not in article.raw  # markup and footer are not the text
    row = load_corpus(tmp_path).iloc[0]
    assert (row["title"], row["date"], row["site"], row["outlet"]) == (
        "京东与阿里竞争加剧",
        "2023-12-29",
        "某某科技网",
        "某某科技网",
    )


@pytest.mark.parametrize(
    ("head", "author", "site"),
    [
        (
            '<meta name="author" content="王晓明">',
            "王晓明",
            "某某科技网",
        ),  # a one-word Chinese name: trafilatura drops it
        ('<meta name="author" content="作者:李华">', "李华", "某某科技网"),  # the label is not the name
        ('<meta name="author" content="责任编辑:张伟">', "", "某某科技网"),  # an editor is not the author
    ],
)
def test_html_head_author_is_read_with_the_package_name_rules(tmp_path, head, author, site):
    page = PAGE.format(charset="utf-8").replace("</head>", head + "</head>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (article,) = read_articles(tmp_path / "p.html")
    assert article.given.get("author", "") == author
    assert article.given["site"] == site


def test_html_site_without_og_site_name_comes_from_the_title_not_the_headline(tmp_path):
    page = PAGE.format(charset="utf-8").replace('<meta property="og:site_name" content="某某科技网">\n', "")
    page = page.replace(
        "<title>京东与阿里竞争加剧 - 某某科技网</title>", "<title>京东与阿里竞争加剧 佣金降至2.5% - 财经频道</title>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    (article,) = read_articles(tmp_path / "p.html")
    assert article.given["site"] == "财经频道"


def test_html_credit_line_names_the_outlet_and_the_site_stays_apart(tmp_path):
    page = PAGE.format(charset="utf-8").replace(
        "<article><h1>京东与阿里竞争加剧</h1>", "<article><h1>京东与阿里竞争加剧</h1><p>来源:证券日报</p>"
    )
    (tmp_path / "p.htm").write_text(page, encoding="utf-8")
    row = load_corpus(tmp_path).iloc[0]
    assert (row["outlet"], row["site"]) == ("证券日报", "某某科技网")


def test_html_without_main_text_loads_empty_and_warns(tmp_path):
    (tmp_path / "empty.html").write_text(
        "<html><body><div id=app></div><script>render()</script></body></html>", encoding="utf-8"
    )
    (tmp_path / "real.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.warns(UserWarning, match=r"empty\.html: no words are left"):
        corpus = load_corpus(tmp_path)
    assert len(corpus) == 2


def _jsonl(records):
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_jsonl_yields_one_article_per_record_with_its_fields(tmp_path):
    records = [
        {
            "id": "a1",
            "title": "拼多多Q3营收大增",
            "text": ARTICLE,
            "date": "2023-11-28 09:30:00",
            "outlet": "某财经",
            "url": "https://www.example.com/a1",
        },
        {"content": "美团与抖音在本地生活领域竞争加剧。", "author": "张三", "date": 1703779200},
    ]
    (tmp_path / "dump.jsonl").write_text(_jsonl(records) + "\n", encoding="utf-8")  # a blank line is skipped
    first, second = read_articles(tmp_path / "dump.jsonl")
    assert (first.file, first.key, second.file, second.key) == ("dump.jsonl#a1", "dump-a1", "dump.jsonl#2", "dump-2")
    corpus = load_corpus(tmp_path).set_index("doc_id")
    assert corpus.loc["dump-a1", ["title", "date", "outlet", "site", "url"]].tolist() == [
        "拼多多Q3营收大增",
        "2023-11-28",
        "某财经",
        "example.com",
        "https://www.example.com/a1",
    ]
    assert corpus.loc["dump-2", ["author", "date"]].tolist() == ["张三", "2023-12-29"]  # epoch seconds, Beijing time
    assert corpus.loc["dump-2", "text"] == "美团与抖音在本地生活领域竞争加剧。"


def test_csv_yields_one_article_per_row_and_tolerates_newlines_in_fields(tmp_path):
    (tmp_path / "dump.csv").write_text(
        'title,content,date\n京东换帅,"京东宣布人事调整。\n许冉兼任京东零售CEO。",2023-11-15\n阿里回应,阿里尊重判决结果。,\n',
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["dump-3", "dump-4"]  # the line each record starts on
    assert corpus["title"].tolist() == ["京东换帅", "阿里回应"]
    assert corpus.loc[0, "text"] == "京东宣布人事调整。\n许冉兼任京东零售CEO。"
    assert corpus["format"].tolist() == ["csv", "csv"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"text": "正文。"}\n{"text": "坏\n', r"bad\.jsonl: line 2: not JSON"),
        ("bad.jsonl", '{"text": "正文。"}\n["a list"]\n', r"bad\.jsonl: line 2: a record must be an object"),
        ("bad.jsonl", '{"title": "只有标题"}\n', r"bad\.jsonl: line 1: the record has no text or content field"),
        ("bad.jsonl", '{"text": 42}\n', r"bad\.jsonl: line 1: the text field must be text, not int"),
        ("bad.jsonl", '{"text": "正文。", "date": "去年冬天"}\n', r"bad\.jsonl: line 1: date '去年冬天' is not a date"),
        ("bad.jsonl", "\n\n", r"bad\.jsonl: the file is empty"),
        ("bad.csv", "title,body\n标题,正文。\n", r"bad\.csv: line 1: the header names no text or content column"),
        ("bad.csv", "text\n正文。,多余\n", r"bad\.csv: line 2: more fields than the header names"),
        ("bad.csv", "text\n", r"bad\.csv: no records in this file"),
    ],
)
def test_bad_records_name_the_file_and_line(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(tmp_path)


def test_a_folder_mixes_formats_and_names_the_other_files_it_leaves_alone(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# 标题\n\n美团与抖音竞争。", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(_jsonl([{"text": "阿里与京东竞争。"}]), encoding="utf-8")
    (tmp_path / "d.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article format: left alone, not in silence
    with pytest.warns(CorpusWarning, match=r"skipped 1 \.docx: no reader for these"):
        corpus = load_corpus(tmp_path)
    assert corpus["format"].tolist() == ["txt", "md", "jsonl", "html"]
    assert corpus["doc_id"].tolist() == ["a", "b", "c-1", "d"]


def test_an_unsupported_single_file_is_an_error(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match=r"notes\.docx: unsupported file type \.docx"):
        read_articles(tmp_path / "notes.docx")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom.jsonl", b"\xef\xbb\xbf" + '{"text": "拼多多与淘宝竞争加剧。"}\n'.encode("utf-8")),
        (
            "excel.csv",
            "标题,正文\n京东换帅,京东宣布人事调整。\n".replace("正文", "text").encode("gbk"),
        ),  # a Chinese Excel export
    ],
)
def test_dumps_decode_like_text_files(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    (article,) = read_articles(tmp_path / name)
    assert "竞争" in article.raw or "人事" in article.raw


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: load_corpus(42), "path must be a str or Path, not int"),
        (lambda: read_articles(None), "path must be a str or Path, not NoneType"),
        (lambda: decode_bytes("文本", "x.txt"), "data must be bytes, not str"),
    ],
)
def test_non_paths_are_a_clear_type_error(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_common_characters_are_gb2312_level_one_or_big5_frequently_used():
    from coopetition.text.charset import common_chars, common_share, is_common

    def by_encoding(ch: str) -> bool:  # the definition, one character at a time
        try:
            if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
                return True
        except UnicodeEncodeError:
            pass
        try:
            return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
        except UnicodeEncodeError:
            return False

    cjk = [chr(c) for c in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]]
    assert {ch for ch in cjk if by_encoding(ch)} == common_chars()
    assert len(common_chars()) == 6722  # 3,755 + 5,401, less the characters common to both
    assert is_common("腾") and is_common("騰") and not is_common("鍙") and not is_common("A")
    assert common_share("腾讯与鍙屾柟") == (6, 0.5)  # mojibake of 双方: rare characters


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("腾讯与京东", 5),
        ("TEMU 在 2024 年", 2),  # Latin letters, digits and spaces are not ideographs
        ("“竞合”,亦敌亦友。", 6),  # full-width punctuation is not either
        ("㐀䶵", 2),  # Extension A counts, as in clean and charset elsewhere
        ("﨑", 1),  # a compatibility ideograph
        ("", 0),
    ],
)
def test_cjk_count_counts_every_ideograph_block(text, count):
    from coopetition.text.charset import cjk_count

    assert cjk_count(text) == count


_BODY = "京东与美团在即时零售领域展开激烈竞争,双方都在加大补贴。\n美团方面表示,将继续投入骑手保障,不会跟进低价策略。\n"


@pytest.mark.parametrize(
    ("data", "lost"),
    [
        (_BODY.encode()[:-2], 1),  # a crawl cut the last character (。 is three bytes) and the newline
        (_BODY.encode()[:-3], 1),  # ...or two of its bytes
        (_BODY.encode()[:12] + b"\xa0" + _BODY.encode()[12:], 1),  # a stray byte
        (_BODY.encode()[:12] + b"\xff\xfe" + _BODY.encode()[12:], 2),
    ],
)
def test_utf8_with_a_few_bad_bytes_is_read_and_the_loss_counted(tmp_path, data, lost):
    text, encoding = decode_bytes(data, "a.txt")
    assert encoding == "utf-8" and text.count("\ufffd") == lost
    (tmp_path / "a.txt").write_bytes(data)
    with pytest.warns(CorpusWarning, match=rf"a\.txt: {lost} characters? did not decode"):
        row = load_corpus(tmp_path).iloc[0]
    assert "\ufffd" not in row["text"] and "即时零售" in row["text"]  # cleaning drops the damage


@pytest.mark.parametrize("encoding", ["gbk", "big5"])
def test_a_legacy_file_is_not_read_as_damaged_utf8(encoding):
    text = "京東與美團在即時零售領域展開激烈競爭,雙方都在加大補貼。" if encoding == "big5" else _BODY
    assert decode_bytes(text.encode(encoding), "a.txt") == (text, "gb18030" if encoding == "gbk" else encoding)


def test_an_undecodable_file_says_where_utf8_failed():
    with pytest.raises(CorpusError, match=r"junk\.txt: not UTF-8 at byte 0 of 384"):
        decode_bytes(bytes(range(128, 256)) * 3, "junk.txt")

"""extract_metadata asked for some fields only (what load_corpus does for a catalogued article),
and the title candidates' repetition feature, both of which were changed for speed: the same values."""

import pytest

from coopetition.reading.metadata import METADATA_FIELDS, extract_metadata
from coopetition.reading.metadata.head import Line, read_head
from coopetition.reading.metadata.title import TITLE_FEATURES, title_candidates

ARTICLES = [
    "打开APP\n首页>科技>正文\n京东与阿里即时零售之争升级\n2024年3月5日 09:30 来源:证券日报\n"
    "文丨张三 编辑丨李四\n3月4日,京东宣布秒送业务覆盖全国,阿里随即回应。\n双方在外卖领域的竞争日趋激烈。\n"
    "责任编辑:王五",
    "# 美团与抖音本地生活再交锋\n\n*本文来源:界面新闻*\n\n记者 赵六\n\n发布时间:2023-12-29\n\n"
    "美团周五公布的数据显示,到店业务增长放缓。\n\n抖音方面未予置评。",
    "拼多多市值逼近阿里巴巴\n(转)\n拼多多市值逼近阿里巴巴\n2023-11-29\n据新浪科技报道,拼多多盘前一度超过阿里。",
]
GIVEN = [
    {},
    {"site": "界面新闻 - 财经", "author": "作者:孙七"},
    {"title": "拼多多市值逼近阿里巴巴_科技频道_新浪网", "url": "https://tech.sina.com.cn/x.html"},
]


@pytest.mark.parametrize("raw, given", list(zip(ARTICLES, GIVEN)))
@pytest.mark.parametrize(
    "fields", [("site", "author", "url"), ("title",), ("outlet", "date"), ("author",), (), METADATA_FIELDS]
)
def test_a_field_asked_for_is_the_same_whatever_else_is_asked(raw, given, fields):
    full = extract_metadata(raw, given)
    some = extract_metadata(raw, given, fields=fields)
    assert list(some) == list(METADATA_FIELDS)
    assert {k: v for k, v in some.items() if k in fields} == {k: full[k] for k in fields}
    assert all(some[k] == "" for k in METADATA_FIELDS if k not in fields)


def test_the_full_read_finds_what_the_partial_one_leaves_out():
    full = extract_metadata(ARTICLES[0])
    assert full["title"] == "京东与阿里即时零售之争升级"
    assert full["date"] == "2024-03-05"
    assert extract_metadata(ARTICLES[0], fields=("author",))["title"] == ""


@pytest.mark.parametrize("fields", [("title", "headline"), "title", [1]])
def test_unknown_fields_are_named(fields):
    with pytest.raises(ValueError, match="fields"):
        extract_metadata(ARTICLES[0], fields=fields)


def test_non_text_is_refused_even_when_every_field_is_stated():
    given = {"title": "标题", "outlet": "新华社", "date": "2024-01-01", "author": "张三"}
    with pytest.raises(TypeError):
        extract_metadata(b"bytes", given)  # type: ignore[arg-type]


def _repeated(candidates):
    at = TITLE_FEATURES.index("repeated")
    return {(c.text, c.line): c.features[at] for c in candidates}


def test_repetition_counts_other_lines_only():
    head, tail = read_head(ARTICLES[2])
    found = _repeated(title_candidates(head, tail))
    assert found[("拼多多市值逼近阿里巴巴", 0)] == 1.0  # printed again on the third line
    # a headline that only its own line holds twice is no repeat
    head = [Line("阿里阿里阿里阿里巴巴", "text"), Line("京东宣布秒送业务覆盖全国,阿里随即回应。", "text")]
    assert _repeated(title_candidates(head))[("阿里阿里阿里阿里巴巴", 0)] == 0.0


def test_repetition_is_the_same_for_lines_holding_a_break():
    # lines the reader never gives (it splits at breaks): the feature falls back to line by line
    head = [Line("腾讯与字节跳动和解", "text"), Line("评论:\n腾讯与字节跳动和解", "text"), Line("正文。", "text")]
    found = _repeated(title_candidates(head))
    assert found[("腾讯与字节跳动和解", 0)] == 1.0
    alone = [Line("腾讯与字节跳动和解", "text"), Line("其他\n内容", "text")]
    assert _repeated(title_candidates(alone))[("腾讯与字节跳动和解", 0)] == 0.0

"""The API a pandas user expects (issue 23, item 9): the text functions take a string, a list,
a Series or a corpus DataFrame and return results aligned to what they were given."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from coopetition import frame_label, keyness, term_frequencies, tone_label, tone_score
from coopetition.measures.labels import frame_labels, tone_labels

SENTENCES = [
    "京东与美团在外卖市场展开激烈竞争,双方补贴大战一触即发。",
    "阿里巴巴与腾讯宣布在支付领域开展合作,淘宝将接入微信支付。",
    "拼多多三季度营收同比增长44%,净利润超出市场预期。",
]
ARTICLES = pd.DataFrame(
    {
        "doc_id": ["qq-1", "sina-2", "163-3"],
        "text": [
            "京东宣布进军外卖市场。京东与美团展开竞争,竞争日趋激烈,京东补贴加码,美团回应竞争。",
            "阿里巴巴与腾讯宣布合作。合作范围包括支付,合作期限三年,阿里与腾讯合作再进一步。",
            "拼多多发布财报。拼多多营收增长,拼多多股价上涨,市场看好拼多多。",
        ],
    }
)


@pytest.mark.parametrize(
    ("function", "batch", "name"), [(frame_label, frame_labels, "frame"), (tone_label, tone_labels, "tone")]
)
def test_label_functions_take_a_string_a_list_a_series_or_a_table(function, batch, name):
    expected = batch(SENTENCES)
    assert function(SENTENCES[0]) == expected[0]  # a string: a scalar, as before
    from_list = function(SENTENCES)
    assert isinstance(from_list, pd.Series) and from_list.name == name
    assert from_list.tolist() == expected and from_list.index.equals(pd.RangeIndex(3))
    series = pd.Series(SENTENCES, index=["s7", "s3", "s9"])
    assert function(series).to_dict() == dict(zip(["s7", "s3", "s9"], expected))
    sentences_table = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence": SENTENCES}, index=[10, 11, 12])
    assert function(sentences_table).to_dict() == dict(zip([10, 11, 12], expected))
    assert function(sentences_table[::-1]).to_dict() == dict(
        zip([12, 11, 10], expected[::-1])
    )  # aligned, not re-sorted
    assert function([]).empty


def test_label_functions_read_the_text_column_of_a_corpus():
    labels = frame_label(ARTICLES)
    assert labels.index.equals(ARTICLES.index) and labels.tolist() == frame_labels(ARTICLES["text"].tolist())
    with_doc_index = ARTICLES.set_index("doc_id")
    assert tone_label(with_doc_index).index.tolist() == ["qq-1", "sina-2", "163-3"]


def test_tone_score_is_a_float_for_a_string_and_a_float_series_otherwise():
    one = tone_score(SENTENCES[1])
    assert isinstance(one, float) and -1 <= one <= 1
    many = tone_score(pd.Series(SENTENCES, index=[5, 6, 7]))
    assert many.dtype == np.float64 and many.name == "tone_score" and many.index.tolist() == [5, 6, 7]
    assert many[6] == one


@pytest.mark.parametrize("function", [frame_label, tone_label, tone_score])
@pytest.mark.parametrize(
    ("bad", "got"), [(3, "int"), (None, "NoneType"), (b"\xe7\xab\x9e", "bytes"), ({"a": "竞争"}, "dict")]
)
def test_a_wrong_argument_names_the_function_the_argument_and_what_was_given(function, bad, got):
    with pytest.raises(
        TypeError,
        match=rf"^{function.__name__}\(sentence=…\) expects str, list, Series or corpus DataFrame, got {got}$",
    ):
        function(bad)


def test_a_bad_item_is_named_by_its_index_label_and_a_table_without_text_is_refused():
    with pytest.raises(TypeError, match=r"^frame_label\(sentence=…\): the item at 'b' must be a str, not float$"):
        frame_label(pd.Series(["京东与美团竞争。", np.nan], index=["a", "b"]))
    with pytest.raises(
        ValueError, match=r"^tone_label\(sentence=…\): a DataFrame needs a 'sentence' or 'text' column; it has 'title'$"
    ):
        tone_label(pd.DataFrame({"title": ["京东换帅"]}))


def test_term_frequencies_take_a_list_a_series_or_a_string():
    from_table = term_frequencies(ARTICLES)
    from_list = term_frequencies(ARTICLES["text"].tolist())
    assert sorted(from_list["doc_id"].unique()) == [0, 1, 2]
    relabelled = from_list.assign(doc_id=from_list["doc_id"].map(dict(enumerate(ARTICLES["doc_id"]))))
    pd.testing.assert_frame_equal(
        relabelled.sort_values(["doc_id", "term"], ignore_index=True),
        from_table.sort_values(["doc_id", "term"], ignore_index=True),
    )
    from_series = term_frequencies(ARTICLES.set_index("doc_id")["text"])
    assert set(from_series["doc_id"]) == set(ARTICLES["doc_id"])
    one = term_frequencies(ARTICLES.loc[0, "text"])
    assert set(one["doc_id"]) == {0} and one.set_index("term").loc["京东", "count"] == 3


def test_keyness_takes_a_corpus_or_texts_as_well_as_a_frequency_table():
    expected = keyness(term_frequencies(ARTICLES), min_count=2)
    assert not expected.empty
    pd.testing.assert_frame_equal(keyness(ARTICLES, min_count=2), expected)
    from_series = keyness(ARTICLES.set_index("doc_id")["text"], min_count=2)
    pd.testing.assert_frame_equal(from_series, expected)
    assert set(keyness(ARTICLES["text"].tolist(), min_count=2)["doc_id"]) == {0, 1, 2}


@pytest.mark.parametrize(
    ("function", "call"), [(term_frequencies, "term_frequencies(corpus=…)"), (keyness, "keyness(freqs=…)")]
)
def test_statistics_name_the_argument_and_what_was_given(function, call):
    with pytest.raises(TypeError, match=rf"^{re.escape(call)} expects .*got int$"):
        function(42)
    with pytest.raises(ValueError, match=r"it has 'title', 'outlet'$"):
        function(pd.DataFrame({"title": ["京东换帅"], "outlet": ["新浪科技"]}))
    with pytest.raises(TypeError, match=r"the item at 1 must be a str, not NoneType"):
        function(["京东与美团竞争", None])

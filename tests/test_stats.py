"""Term statistics on the seeds and on hand-made corpora with known answers."""

import math

import pandas as pd
import pytest

from coopetition import keyness, term_frequencies, tokenize
from coopetition.stats import top_terms

TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


@pytest.fixture(scope="module")
def freqs(corpus):
    return term_frequencies(corpus)


def test_term_frequencies_are_tidy_sorted_and_per_1k(freqs, corpus):
    assert list(freqs.columns) == ["doc_id", "term", "count", "per_1k"]
    assert freqs.equals(freqs.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], ignore_index=True))
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        part = freqs[freqs["doc_id"] == doc_id]
        assert part["count"].sum() == len(tokenize(text))
        assert math.isclose(part["per_1k"].sum(), 1000)


def test_term_frequencies_are_deterministic(corpus, freqs):
    assert term_frequencies(corpus).equals(freqs)


def test_top_terms_hold_no_function_words_punctuation_pinyin_or_damage(freqs):
    top = top_terms(freqs, 20)
    for term in top["term"]:
        assert not TONE_MARKS & set(term), term
        assert "?" not in term and "\ufffd" not in term
        assert not set(term) & set("焓膬峙"), term
        assert term not in {"的", "了", "是", "在", "和", "与", "也", "都", "这", "就", "而", "但", "为"}


def test_the_articles_subjects_lead_their_top_terms(freqs):
    top5 = top_terms(freqs, 5).groupby("doc_id")["term"].apply(list).to_dict()
    assert "京东" in top5["000"] and "京东" in top5["003"]
    assert "淘宝" in top5["002"] and "微信支付" in top5["002"]
    assert "推客" in top5["001"]


def test_keyness_matches_a_hand_computed_g2():
    # doc A: x 10 of 100 tokens; doc B: x 2 of 100 tokens
    freqs = pd.DataFrame(
        {"doc_id": ["A", "A", "B", "B"], "term": ["x", "y", "x", "y"], "count": [10, 90, 2, 98], "per_1k": [0, 0, 0, 0]}
    )
    table = keyness(freqs, min_count=1).set_index(["doc_id", "term"])
    e = 200 * 0 + 100 * 12 / 200  # expected count of x in either doc
    g2 = 2 * (10 * math.log(10 / e) + 2 * math.log(2 / e))
    assert table.loc[("A", "x"), "g2"] == pytest.approx(g2)
    assert table.loc[("A", "x"), "log_ratio"] == pytest.approx(math.log2(5))
    assert table.loc[("A", "x"), "direction"] == "over"
    assert table.loc[("B", "x"), "direction"] == "under"
    assert table.loc[("B", "x"), "g2"] == pytest.approx(g2)


def test_keyness_finds_each_articles_subject(freqs):
    key = keyness(freqs)
    over = key[(key["direction"] == "over") & (key["g2"] >= 10.83)]
    firsts = over.groupby("doc_id")["term"].apply(lambda t: t.head(3).tolist()).to_dict()
    assert "推客" in firsts["001"]
    assert "购物入口" in firsts["003"]
    assert {"淘宝", "微信支付"} <= set(firsts["002"])


def test_keyness_of_a_single_article_is_empty(freqs):
    assert keyness(freqs[freqs["doc_id"] == "000"]).empty

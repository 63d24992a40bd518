"""Term statistics on the seeds and on hand-made corpora with known answers."""

import math

import numpy as np
import pandas as pd
import pytest

from coopetition import keyness, term_frequencies, tokenize
from coopetition.measures.stats import fold_case, top_terms

TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


@pytest.fixture(scope="module")
def freqs(corpus):
    return term_frequencies(corpus)


def test_term_frequencies_are_tidy_sorted_and_per_1k(freqs, corpus):
    assert list(freqs.columns) == ["doc_id", "term", "count", "per_1k"]
    assert freqs.equals(
        freqs.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], ignore_index=True)
    )
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


def _table(rows):
    return pd.DataFrame(rows, columns=["doc_id", "term", "count"]).assign(per_1k=0.0)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the most common spelling over the whole table names the term in every article
        ([("a", "TEMU", 3), ("a", "Temu", 1), ("b", "temu", 2)], [("a", "TEMU", 4), ("b", "TEMU", 2)]),
        # a tie goes to the domain dictionary's spelling (Temu, SHEIN are listed)
        ([("a", "TEMU", 1), ("b", "Temu", 1)], [("a", "Temu", 1), ("b", "Temu", 1)]),
        ([("a", "Shein", 2), ("a", "SHEIN", 2)], [("a", "SHEIN", 4)]),
        # a tie between unlisted spellings goes to code-point order
        ([("a", "gmv", 1), ("a", "GMV", 1)], [("a", "GMV", 2)]),
        # Chinese terms and mixed terms fold only their Latin letters
        ([("a", "B站", 2), ("b", "b站", 1), ("b", "微信", 5)], [("a", "B站", 2), ("b", "微信", 5), ("b", "B站", 1)]),
    ],
)
def test_fold_case_merges_case_variants(rows, expected):
    folded = fold_case(_table(rows))
    assert list(folded.columns) == ["doc_id", "term", "count", "per_1k"]
    assert [tuple(r) for r in folded[["doc_id", "term", "count"]].values.tolist()] == expected
    for _, part in folded.groupby("doc_id"):
        assert math.isclose(part["per_1k"].sum(), 1000)


@pytest.mark.parametrize(
    "rows",
    [
        [("a", "京东", 3), ("a", "JD", 1), ("b", "京东", 2)],  # nothing to fold: a different word is not a variant
        [("a", "app", 1), ("b", "apple", 2)],  # a prefix is not a variant
    ],
)
def test_fold_case_leaves_a_table_without_variants_untouched(rows):
    table = _table(rows)
    assert fold_case(table) is table


def test_fold_case_keeps_categorical_columns_categorical():
    table = _table([("a", "TEMU", 2), ("a", "temu", 1), ("b", "拼多多", 1)]).astype(
        {"doc_id": "category", "term": "category"}
    )
    folded = fold_case(table)
    assert isinstance(folded["term"].dtype, pd.CategoricalDtype)
    assert isinstance(folded["doc_id"].dtype, pd.CategoricalDtype)
    assert folded.astype({"doc_id": str, "term": str})[["doc_id", "term", "count"]].values.tolist() == [
        ["a", "TEMU", 3],
        ["b", "拼多多", 1],
    ]


def test_term_frequencies_count_latin_terms_case_folded():
    corpus = pd.DataFrame(
        {
            "doc_id": ["x", "y"],
            "text": ["拼多多旗下TEMU出海,Temu增长迅猛,TEMU再度扩张。", "Temu与SHEIN竞争,shein回应。"],
        }
    )
    freqs = term_frequencies(corpus).set_index(["doc_id", "term"])["count"]
    assert (
        freqs[("x", "Temu")] == 3 and freqs[("y", "Temu")] == 1
    )  # 2 TEMU + 2 Temu over the corpus: the listed spelling
    assert freqs[("y", "SHEIN")] == 2
    assert not {"TEMU", "temu", "shein"} & set(freqs.index.get_level_values("term"))


@pytest.mark.parametrize("categorical", [False, True])
def test_fold_case_on_a_large_mixed_table_keeps_every_count(categorical):
    import numpy as np

    rng = np.random.default_rng(7)
    spellings = ["APP", "app", "App", "GMV", "gmv", "微信", "京东", "Temu", "TEMU", "temu", "AI", "拼多多", "Q3", "q3"]
    rows = {(f"d{rng.integers(0, 40):02d}", spellings[rng.integers(0, len(spellings))]) for _ in range(400)}
    table = pd.DataFrame(sorted(rows), columns=["doc_id", "term"])
    table["count"] = rng.integers(1, 9, len(table))
    table["per_1k"] = 0.0
    if categorical:
        table = table.astype({"doc_id": "category", "term": "category"})
    folded = fold_case(table).astype({"doc_id": str, "term": str})
    original = table.astype({"doc_id": str, "term": str})

    # every article keeps its counts per folded key, and each key has one name in the whole table
    def by_key(t):
        return t.assign(key=t["term"].str.lower()).groupby(["doc_id", "key"])["count"].sum()

    assert by_key(folded).equals(by_key(original))
    assert folded.assign(key=folded["term"].str.lower()).groupby("key")["term"].nunique().eq(1).all()
    assert not folded.duplicated(["doc_id", "term"]).any()
    # the name is the most common spelling over the table
    totals = original.groupby("term")["count"].sum()
    for name in folded["term"].unique():
        variants = totals[totals.index.str.lower() == name.lower()]
        assert totals[name] == variants.max()
    assert folded.equals(
        folded.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], ignore_index=True)
    )
    for _, part in folded.groupby("doc_id"):
        assert math.isclose(part["per_1k"].sum(), 1000)


@pytest.mark.parametrize("scale", [1, 2**25])  # packed into one 64-bit key; too wide for it, sorted by np.lexsort
def test_table_rows_sort_by_article_then_count_descending_then_term(scale):
    from coopetition.measures.stats import _table_order

    rng = np.random.default_rng(7)
    pairs = rng.choice(2000 * 3000, size=5000, replace=False)  # unique (article, term) pairs, as a table has
    d, t = (pairs // 3000).astype(np.int64), (pairs % 3000).astype(np.int64) * scale
    c = rng.integers(1, 40, size=5000)
    assert np.array_equal(_table_order(d, c, t), np.lexsort((t, -c, d)))
    assert len(_table_order(d[:0], c[:0], t[:0])) == 0

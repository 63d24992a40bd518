"""Per-article metrics."""

import math

import pytest

from coopetition import text_metrics, tokenize
from coopetition.measures.metrics import mattr
from coopetition.measures.sentences import sentence_table


def test_mattr_against_hand_computed_windows():
    tokens = list("aabab")
    # windows of 3: aab (2/3), aba (2/3), bab (2/3)
    assert mattr(tokens, window=3) == pytest.approx(2 / 3)
    assert mattr(list("abcd"), window=2) == 1.0
    assert mattr(list("aaaa"), window=2) == 0.5
    assert mattr(list("ab"), window=10) == 1.0  # shorter than the window: plain TTR
    assert math.isnan(mattr([]))


def test_text_metrics_on_the_seeds(corpus):
    sentences = sentence_table(corpus)
    table = text_metrics(corpus, sentences=sentences).set_index("doc_id")
    assert list(table.index) == ["000", "001", "002", "003", "004"]
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        row = table.loc[doc_id]
        assert row["tokens"] == len(tokenize(text))
        assert row["sentences"] == (sentences["doc_id"] == doc_id).sum()
        assert 0 < row["ttr"] < row["mattr_100"] <= 1  # MATTR is not dragged down by length
        assert row["cjk_chars"] < row["chars"]
        shares = row[["share_competition", "share_cooperation", "share_coopetition", "share_none"]].sum()
        assert shares == pytest.approx(1)
        assert -1 <= row["mean_tone"] <= 1
    assert table.loc["003", "quantities"] == 0 and table.loc["000", "quantities_per_1k_chars"] > 5
    assert table.loc["002", "framing_share"] == table["framing_share"].max()


def test_text_metrics_computes_sentences_itself(corpus):
    small = corpus[corpus["doc_id"] == "004"]
    assert text_metrics(small).equals(text_metrics(small, sentences=sentence_table(small)))

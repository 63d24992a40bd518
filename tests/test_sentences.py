"""Corpus → sentence tables: sentence_table, frame shares (with too_few), tone by frame, KWIC, evidence."""

import pandas as pd
import pytest

from coopetition.measures.labels import FRAMES, label_sentences
from coopetition.measures.network import actor_network
from coopetition.measures.sentences import (
    MIN_FRAMING,
    evidence,
    frame_shares,
    hownet_audit,
    kwic,
    sentence_table,
    tone_by_frame,
)


@pytest.fixture(scope="module")
def sentences(corpus):
    return sentence_table(corpus)


def test_sentence_table_covers_every_sentence(sentences):
    assert set(sentences["frame"]) <= set(FRAMES)
    assert len(sentences) > 250
    assert sentences.groupby("doc_id").size().gt(20).all()
    assert sentences["frame_prob"].between(0, 1).all()


def test_sentence_table_uses_the_batch_labels(sentences):
    sample = sentences.groupby("doc_id").head(5)
    batch = label_sentences(list(sample["sentence"]))
    assert list(sample["frame"]) == [e.frame for e in batch]
    assert list(sample["tone"]) == [e.tone for e in batch]


def test_sentence_table_rejects_non_text():
    with pytest.raises(TypeError, match="text of b must be a str"):
        sentence_table(pd.DataFrame({"doc_id": ["a", "b"], "text": ["京东与美团竞争。", None]}))


def test_the_seeds_frame_as_expected(sentences):
    by_doc = sentences[sentences["frame"] != "none"].groupby("doc_id")["frame"].value_counts().unstack(fill_value=0)
    assert by_doc.loc["002", "competition"] >= 10  # the 2013-2021 blocking war
    assert by_doc.loc["002", "cooperation"] >= 10  # the 2025 rapprochement


def test_frame_shares_sum_to_one_with_intervals(sentences):
    shares = frame_shares(sentences, n_boot=500)
    totals = shares.groupby("doc_id")["share"].sum()
    assert ((totals - 1).abs() < 1e-9).all()
    assert ((shares["low"] <= shares["share"] + 1e-12) & (shares["share"] <= shares["high"] + 1e-12)).all()
    assert frame_shares(sentences, n_boot=500).equals(shares)  # seeded


@pytest.mark.parametrize(
    ("n_framing", "too_few"), [(0, True), (1, True), (MIN_FRAMING - 1, True), (MIN_FRAMING, False), (12, False)]
)
def test_frame_shares_flag_articles_with_too_few_framing_sentences(n_framing, too_few):
    frames = ["competition"] * n_framing + ["none"] * 6
    table = pd.DataFrame({"doc_id": "a", "sent_id": range(len(frames)), "frame": frames})
    shares = frame_shares(table, n_boot=100)
    assert (shares["n_framing"] == n_framing).all()
    assert (shares["too_few"] == too_few).all()


def test_tone_by_frame_counts_add_up(sentences):
    table = tone_by_frame(sentences)
    overall = table[table["frame"] == "all"].set_index("doc_id")
    assert (overall["n"] == sentences.groupby("doc_id").size()).all()
    assert ((overall["positive"] + overall["neutral"] + overall["negative"]) == overall["n"]).all()


def test_kwic_finds_the_family_of_terms(sentences):
    rows = kwic(sentences, ["竞合", "相爱相杀", "联姻"])
    assert set(rows["term"]) == {"竞合", "相爱相杀", "联姻"}
    for row in rows.itertuples():
        assert row.left + row.keyword + row.right in row.sentence


def test_actor_network_edges_carry_frames(sentences):
    graph = actor_network(sentences)
    assert graph.has_edge("Alibaba", "Tencent") and graph.has_edge("JD", "Tencent")
    edge = graph.edges["Alibaba", "Tencent"]
    # only framing sentences weigh; "none" co-mentions are kept apart (coopetition.measures.network)
    assert edge["weight"] == pytest.approx(sum(edge[f] for f in FRAMES if f != "none"))
    assert edge["weight"] > 0


def test_evidence_picks_framing_sentences(sentences):
    table = evidence(sentences, per_frame=2)
    assert (table["frame"] != "none").all()
    assert table.groupby(["doc_id", "frame"]).size().max() <= 2


def test_hownet_audit_explains_what_is_kept(sentences):
    audit = hownet_audit(sentences, n=30)
    assert len(audit) == 30 and audit["hits"].is_monotonic_decreasing
    assert not audit.loc[audit["word"].isin(["合作", "竞争"]), "kept"].any()

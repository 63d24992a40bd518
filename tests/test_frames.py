"""Framing and tone: mechanisms, separation of the two, and accuracy on sentences
written for the tests (not taken from the seeds)."""

import pandas as pd
import pytest

from coopetition import paths
from coopetition.frames import (
    FRAMES,
    actor_network,
    evidence,
    explain,
    frame_label,
    frame_shares,
    kwic,
    lexicon,
    sentence_table,
    tone_by_frame,
    tone_label,
    tone_score,
)

LABELLED = pd.read_csv(paths.project_root() / "tests" / "data" / "labelled_sentences.tsv", sep="\t")


@pytest.fixture(scope="module")
def sentences(corpus):
    return sentence_table(corpus)


# --- mechanisms -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "frame"),
    [
        ("美团与饿了么在外卖市场的价格战愈演愈烈。", "competition"),
        ("快手与京东达成合作。", "cooperation"),
        ("平台之间的竞合关系。", "coopetition"),
        ("没有永远的敌人,只有永远的利益。", "coopetition"),
        ("一边合作,一边却在补贴上激烈竞争。", "coopetition"),
        ("从封杀到合作,淘宝与微信走了十年。", "coopetition"),
        ("合作终止的深层逻辑。", "coopetition"),  # ending
        ("京东与腾讯分道扬镳。", "coopetition"),
        ("腾讯不和京东续约。", "coopetition"),  # a negated cooperation cue is an ending
        ("快手发布了新的电商政策。", "none"),
    ],
)
def test_frame_label_core_cases(sentence, frame):
    assert frame_label(sentence) == frame


def test_negation_cancels_a_frame_cue_close_after_it():
    assert frame_label("京东并未与拼多多展开竞争。") == "none"
    assert frame_label("不再是零和博弈,而是生态共赢。") == "cooperation"
    cues = explain("不再是零和博弈,而是生态共赢。").frame_cues
    assert ("零和博弈", "competition", "negated") in cues


def test_a_cue_before_the_negator_is_not_negated():
    assert frame_label("合作不再局限于流量互换。") == "cooperation"


def test_weak_cues_need_two_firms():
    assert frame_label("京东物流开放了对外服务接口。") == "none"
    assert frame_label("淘宝接入微信支付。") == "cooperation"
    assert frame_label("视频号与小程序、公众号协同运作。") == "none"  # all Tencent


def test_competitiveness_is_not_competition():
    assert frame_label("增强自身竞争力与独立性。") == "none"


def test_ending_without_a_relationship_frames_nothing():
    assert frame_label("微信小店在2020年下线。") == "none"
    assert frame_label("这份报告的有效期已到期。") == "none"


@pytest.mark.parametrize(
    ("sentence", "sign"),
    [
        ("用户体验得到明显改善。", 1),
        ("用户体验没有改善。", -1),  # negation flips
        ("平台的增长明显放缓。", -1),
        ("这并不是一个坏消息。", 1),
    ],
)
def test_negation_flips_tone(sentence, sign):
    assert tone_score(sentence) * sign > 0


def test_degree_strengthens_tone():
    assert tone_score("双方的合作非常成功。") > tone_score("双方的合作略显成功。") > 0
    assert tone_score("用户流失严重。") < 0


def test_contrast_moves_the_weight_to_the_turn():
    assert tone_label("虽然短期合作顺利,但长期分歧严重。") == "negative"
    assert tone_label("虽然过程曲折,但结果很成功。") == "positive"
    assert tone_score("增长很快,但风险不小。") < tone_score("风险不小,但增长很快。")


def test_tone_never_reads_frame_words():
    lex = lexicon()
    frame_words = set(lex.frame_strong) | set(lex.frame_weak) | lex.ending | set(lex.frame_phrases)
    assert not frame_words & set(lex.polarity)
    for sentence in ("淘宝与微信合作。", "淘宝与微信竞争。", "双方携手共赢。", "双方封杀对抗。"):
        assert tone_score(sentence) == 0.0 and tone_label(sentence) == "neutral"


def test_general_lexicon_is_hownet_filtered_for_news():
    lex = lexicon()
    assert len(lex.polarity) > 5000
    for function_word in ("通过", "可能", "进行", "需要", "和", "是"):
        assert function_word not in lex.polarity
    assert lex.polarity["成功"] > 0 and lex.polarity["流失"] < 0


def test_explain_names_the_cues():
    e = explain("双方合作虽能短暂缓解竞争压力,但长期仍需面对拼多多、抖音等挑战。")
    assert e.frame == "coopetition"
    assert {c for c, _, note in e.frame_cues if note != "negated"} >= {"合作", "竞争"}
    assert e.tone_cues and all(isinstance(w, float) for _, w in e.tone_cues)
    assert set(e.actors) == {"ByteDance", "Pinduoduo"}


def test_tone_score_is_bounded():
    for sentence in LABELLED["sentence"]:
        assert -1 <= tone_score(sentence) <= 1
    assert tone_score("") == 0.0


# --- accuracy on sentences written for the tests --------------------------------------

def _misses(column, label):
    rows = LABELLED.to_dict("records")
    return [(r["sentence"], r[column], label(r["sentence"])) for r in rows if label(r["sentence"]) != r[column]]


def test_labelled_sentences_frame_accuracy():
    misses = _misses("frame", frame_label)
    assert 1 - len(misses) / len(LABELLED) >= 0.85, misses


def test_labelled_sentences_tone_accuracy():
    misses = _misses("tone", tone_label)
    assert 1 - len(misses) / len(LABELLED) >= 0.75, misses


# --- corpus level ---------------------------------------------------------------------

def test_sentence_table_covers_every_sentence(sentences, corpus):
    assert set(sentences["frame"]) <= set(FRAMES)
    assert len(sentences) > 250
    assert sentences.groupby("doc_id").size().gt(20).all()


def test_the_seeds_frame_as_expected(sentences):
    by_doc = sentences[sentences["frame"] != "none"].groupby("doc_id")["frame"].value_counts().unstack(fill_value=0)
    assert by_doc.loc["002", "competition"] >= 10  # the 2013-2021 blocking war
    assert by_doc.loc["002", "cooperation"] >= 10  # the 2025 rapprochement
    assert by_doc.loc["000", "coopetition"] >= 4  # the partnership that ended


def test_frame_shares_sum_to_one_with_intervals(sentences):
    shares = frame_shares(sentences, n_boot=500)
    totals = shares.groupby("doc_id")["share"].sum()
    assert ((totals - 1).abs() < 1e-9).all()
    assert ((shares["low"] <= shares["share"] + 1e-12) & (shares["share"] <= shares["high"] + 1e-12)).all()
    assert frame_shares(sentences, n_boot=500).equals(shares)  # seeded


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
    assert edge["weight"] == sum(edge[f] for f in FRAMES)
    assert edge["dominant"] in FRAMES


def test_evidence_picks_framing_sentences(sentences):
    table = evidence(sentences, per_frame=2)
    assert (table["frame"] != "none").all()
    assert table.groupby(["doc_id", "frame"]).size().max() <= 2


HELDOUT = pd.read_csv(paths.project_root() / "tests" / "data" / "heldout_sentences.tsv", sep="\t")


def test_heldout_sentences_accuracy():
    """Written after the rules were set and scored blind first: frame 72%, tone 76%
    (29 sentences). The misses were vocabulary (水火不容, 针锋相对, 封禁, 结束…合作)
    and jieba's 微/信封/禁; the general fixes that followed raised it, so this set is
    now a regression check, no longer unseen."""
    rows = HELDOUT.to_dict("records")
    frame_hits = sum(frame_label(r["sentence"]) == r["frame"] for r in rows)
    tone_hits = sum(tone_label(r["sentence"]) == r["tone"] for r in rows)
    assert frame_hits / len(rows) >= 0.85
    assert tone_hits / len(rows) >= 0.7

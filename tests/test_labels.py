"""Sentence labels: the failure classes of issue 10, either script, argument checks,
the batch path, explanations, and accuracy on sentences written for the tests.

Every sentence here was written for these tests in the patterns of real news;
none is taken from the seeds, the second corpus or the training sentences."""

import pandas as pd
import pytest

from coopetition import paths
from coopetition.measures.labels import (
    FRAMES,
    TONES,
    explain,
    frame_label,
    frame_labels,
    label_sentences,
    simplify_all,
    tone_label,
    tone_labels,
    tone_score,
)

LABELLED = pd.read_csv(paths.project_root() / "tests" / "data" / "labelled_sentences.tsv", sep="\t")
HELDOUT = pd.read_csv(paths.project_root() / "tests" / "data" / "heldout_sentences.tsv", sep="\t")


def _cues(sentence):
    return {(cue, frame) for cue, frame, note in explain(sentence).frame_cues if note not in ("negated", "idle")}


# --- failure class: cue words inside names ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("苏州元禾控股股份有限公司发布了年度报告。", "控股"),  # 控股 in a company name
        ("上海浦江投资管理有限公司完成了新一轮备案。", "投资"),  # 投资 in a company name
        ("南方成长证券投资基金二季度规模小幅回落。", "投资"),  # 投资 in a fund name
        ("淘宝联盟发布了新版佣金规则。", "联盟"),  # 联盟 in a product name
        ("达人可以在抖音精选联盟里挑选要带的货。", "联盟"),
        ("腾讯投资近两年出手明显放缓。", "投资"),  # a firm's investment arm
        # a person's role or a department: 联合 in co-founder, 签约 in a contracted streamer
        ("陈磊是拼多多联合创始人,目前担任公司董事长。", "联合"),
        ("快手联合创始人宿华已卸任首席执行官一职。", "联合"),
        ("不少抖音签约主播的月收入超过十万元。", "签约"),
        ("京东投资总监在采访中表示看好即时零售赛道。", "投资"),
        ("美团战略合作部负责人已于上月离职。", "合作"),
    ],
)
def test_cue_words_inside_names_frame_nothing(sentence, word):
    # the label each of these gets is scored per failure class in tests/data/behaviour_spec.tsv
    assert word not in {cue for cue, _ in _cues(sentence)}


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("腾讯投资了京东,双方随即开放了一级入口。", "投资"),  # the same word as a relationship
        ("京东与美团结成战略联盟,共享配送运力。", "联盟"),
        ("京东与美团联合推出即时配送服务。", "联合"),  # 联合 before a verb, not a title
        ("多个国际品牌与天猫签约,将在年内入驻。", "签约"),
    ],
)
def test_the_same_cue_words_still_frame_a_relationship(sentence, cue):
    # their labels: tests/data/behaviour_spec.tsv ("the same cue word framing a relationship")
    assert (cue, "cooperation") in _cues(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "腾讯投资了京东。",
        "阿里投资过小红书和哔哩哔哩。",
        "据悉,腾讯投资了这家跨境电商服务商。",
        "2014年腾讯投资京东后,双方打通了流量入口。",
        "阿里投资小红书的消息得到证实。",
    ],
)
def test_an_arm_name_before_an_aspect_particle_or_a_firm_is_a_verb(sentence):
    # 腾讯投资 names Tencent's investment arm; 腾讯投资了 and 腾讯投资京东 are Tencent investing
    assert ("投资", "cooperation") in _cues(sentence)


# --- failure class: rivalry vocabulary --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("快手在下沉市场狙击拼多多,推出了九块九包邮专区。", "狙击"),
        ("几家老牌电商平台围剿新晋的直播电商。", "围剿"),
        ("美团不得不双线作战,同时应对抖音和饿了么。", "双线作战"),
        ("外卖市场的战火再次点燃,抖音高调入场。", "战火"),
        ("京东想要打赢这场仗,必须守住家电基本盘。", "打赢"),
        ("各家平台争抢头部主播,开价一路走高。", "争抢"),
        ("两家公司围绕商标归属的争端持续了三年。", "争端"),
        ("监管部门认定该平台滥用垄断地位,打压其他电商平台。", "垄断"),
        ("抖音与快手在直播带货上正面对抗。", "对抗"),
        ("拼多多公开叫板京东,称百亿补贴更实惠。", "叫板"),
        ("一家新平台入场搅局,外卖三强格局生变。", "搅局"),
        ("各大平台纷纷抢滩即时零售赛道。", "抢滩"),
    ],
)
def test_rivalry_vocabulary_is_competition(sentence, cue):
    # their labels: tests/data/behaviour_spec.tsv ("rivalry vocabulary")
    assert (cue, "competition") in _cues(sentence)


# --- failure class: negated rivalry -----------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "对京东而言,拼多多是不能忽视的竞争对手。",
        "在本地生活领域,抖音已是美团不容小觑的对手。",
        "不可忽视的是,拼多多已成为淘宝最大的竞争对手。",
    ],
)
def test_emphatic_negation_keeps_the_rivalry(sentence):
    # their labels: tests/data/behaviour_spec.tsv ("emphatic negation keeps the rivalry")
    assert all(note != "negated" for _, _, note in explain(sentence).frame_cues)
    assert any(frame == "competition" for _, frame, _ in explain(sentence).frame_cues)


@pytest.mark.parametrize("sentence", ["苏宁并未与国美展开价格竞争。", "美团没有选择与饿了么合作。"])
def test_plain_negation_still_cancels_a_cue(sentence):
    """The cue is marked negated; the label is the model's (hand coders do not
    agree on whether a refusal to cooperate frames rivalry)."""
    assert any(note == "negated" for _, _, note in explain(sentence).frame_cues)


@pytest.mark.parametrize(
    "sentence",
    [
        "双方并不存在竞争关系。",
        "美团与饿了么并非竞争关系。",
        "拼多多与京东之间没有直接竞争。",
        "刘强东称,京东从未把拼多多视为竞争对手。",
        "双方没有任何合作。",
        "两家公司并未达成合作。",
        "拼多多与淘宝的月活跃用户均已超过8亿。",  # no cue at all
    ],
)
def test_a_sentence_with_no_live_frame_cue_is_never_coopetition(sentence):
    """Co-opetition is both frames, a named co-opetition or a move between them; denying
    one relationship is none of these (whether it is none or the relationship denied,
    the hand coders split)."""
    assert frame_label(sentence) != "coopetition"
    assert label_sentences([sentence])[0].frame != "coopetition"


def test_negating_one_frame_beside_the_other_can_still_be_coopetition():
    # 不再是零和博弈,而是共赢: the move from rivalry to partnership, named in one sentence; the named
    # co-opetition stays a live cue, so the guard that zeroes co-opetition leaves it to the model
    # (its label: tests/data/behaviour_spec.tsv, "named co-opetition")
    cues = explain("互联网巨头之间不再是零和博弈,而是走向竞合共赢。").frame_cues
    assert any(frame == "coopetition" and note != "negated" for _, frame, note in cues)


@pytest.mark.parametrize("sentence", ["饿了么以不正当竞争为由起诉了美团。", "两家平台的不公平竞争引来监管关注。"])
def test_unfair_competition_is_not_negated(sentence):
    assert ("竞争", "competition") in _cues(sentence)


# --- failure class: 开放 as a product launch --------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "微信小店今日起向全部商家开放申请。",
        "淘宝的新版购物助手已经开放内测,首批用户可以试用。",
        "该小程序下周起全量开放,所有用户都能使用。",
    ],
)
def test_opening_a_product_to_users_is_no_relationship(sentence):
    # their labels: tests/data/behaviour_spec.tsv ("开放 as a product launch")
    assert not _cues(sentence)


def test_opening_between_firms_is_still_cooperation():
    assert ("开放", "cooperation") in _cues("淘宝与微信相互开放了支付和商品链接。")


# --- failure class: web furniture -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "责任编辑:王五",
        "本文来源:某某财经 编辑:赵六",
        "扫描二维码,关注我们的公众号",
        "上一篇:快手电商新规 下一篇:京东的十年",
        "图片来源:网络",
    ],
)
def test_web_furniture_frames_nothing(sentence):
    assert frame_label(sentence) == "none"
    assert tone_label(sentence) == "neutral"


# --- failure class: either script -------------------------------------------------------


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("腾讯与阿里巴巴在云端市场激烈竞争。", "騰訊與阿里巴巴在雲端市場激烈競爭。"),
        ("美团与饿了么在外卖市场激烈竞争。", "美團與餓了麼在外賣市場激烈競爭。"),
        ("京东与快手宣布达成战略合作。", "京東與快手宣佈達成戰略合作。"),
        ("虽然抖音增长迅速,但盈利能力仍然堪忧。", "雖然抖音增長迅速,但盈利能力仍然堪憂。"),
    ],
)
def test_either_script_gets_the_same_labels(simplified, traditional):
    assert frame_labels([simplified, traditional]) == [frame_label(simplified)] * 2
    assert tone_labels([simplified, traditional]) == [tone_label(simplified)] * 2
    assert tone_score(traditional) == pytest.approx(tone_score(simplified), abs=1e-6)
    assert explain(traditional).actors == explain(simplified).actors


def test_traditional_rivalry_is_labelled():
    assert ("竞争", "competition") in _cues("美團與餓了麼在外賣市場激烈競爭。")


# --- failure class: tone words that mislead in news -------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word"),
    [("公司公开了最新的股权结构。", "公开"), ("双方的合作关系逐步加深。", "加深"), ("平台推出促销活动。", "活动")],
)
def test_descriptive_words_carry_no_tone_cue(sentence, word):
    assert word not in {w for w, _ in explain(sentence).tone_cues}


def test_challenge_and_worry_are_negative_cues():
    cues = dict(explain("京东面临挑战,前景堪忧。").tone_cues)
    assert cues["挑战"] < 0 and cues["堪忧"] < 0


# --- argument checks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (frame_label, r"frame_label\(sentence=…\) expects str, list, Series"),
        (tone_label, r"tone_label\(sentence=…\) expects str, list, Series"),
        (tone_score, r"tone_score\(sentence=…\) expects str, list, Series"),
        (explain, "sentence must be a str"),
    ],
)
@pytest.mark.parametrize("bad", [None, 3, b"\xe7\xab\x9e\xe4\xba\x89"])  # a list is a batch (tests/test_api.py)
def test_non_text_arguments_get_a_clear_type_error(function, message, bad):
    with pytest.raises(TypeError, match=message):
        function(bad)


def test_batch_functions_name_the_bad_item():
    with pytest.raises(TypeError, match=r"sentences\[1\] must be a str"):
        frame_labels(["竞争", None])


# --- the batch path and explanations ----------------------------------------------------


def test_batch_equals_one_by_one():
    sentences = list(LABELLED["sentence"][:12])
    batch = label_sentences(sentences)
    assert [e.frame for e in batch] == [frame_label(s) for s in sentences] == frame_labels(sentences)
    assert [e.tone for e in batch] == [tone_label(s) for s in sentences] == tone_labels(sentences)
    assert [e.tone_score for e in batch] == [tone_score(s) for s in sentences]
    assert label_sentences([]) == [] and frame_labels([]) == []


def test_labels_are_in_the_codebook_and_scores_bounded():
    for e in label_sentences(list(LABELLED["sentence"]) + ["", "。", "abc"]):
        assert e.frame in FRAMES and e.tone in TONES
        assert -1 <= e.tone_score <= 1 and 0 < e.frame_probability <= 1


def test_explain_gives_cues_and_weighing_features():
    e = explain("两家平台的合作虽能暂时缓解竞争压力,但长期仍要面对快手、拼多多的挑战。")
    assert {"合作", "竞争"} <= {c for c, _, note in e.frame_cues if note != "negated"}
    assert e.frame_features and all(weight > 0 for _, weight in e.frame_features)
    assert all(name.startswith(("char:", "cue:", "vec:")) for name, _ in e.frame_features + e.tone_features)
    assert set(e.actors) == {"Kuaishou", "Pinduoduo"}


def test_tone_score_follows_the_label():
    for sentence in ("拼多多营收同比大增,利润创历史新高。", "京东股价暴跌,市值蒸发千亿。"):
        score, label = tone_score(sentence), tone_label(sentence)
        assert (score > 0) == (label == "positive") or label == "neutral"
    assert tone_score("拼多多营收同比大增,利润创历史新高。") > tone_score("京东股价暴跌,市值蒸发千亿。")


# --- accuracy on sentences written for the tests (never trained on) ---------------------


def _accuracy(table, column, labels):
    predicted = labels(list(table["sentence"]))
    misses = [(s, g, p) for s, g, p in zip(table["sentence"], table[column], predicted) if g != p]
    return 1 - len(misses) / len(table), misses


@pytest.mark.parametrize("table", [LABELLED, HELDOUT], ids=["labelled", "heldout"])
def test_frame_accuracy_on_written_sentences(table):
    accuracy, misses = _accuracy(table, "frame", frame_labels)
    assert accuracy >= 0.85, misses


def test_tone_accuracy_on_written_sentences():
    """These sentences' tone was coded by the earlier developers, who called most
    partnership news neutral; the hand coders of ../shared/gold call gains from a
    partnership positive and sharpening rivalry negative, and the model follows
    them. So 0.6 here, not the 0.75/0.7 the old rules were held to on their own coding.
    Both sets are scored together (65 sentences): on 29 alone one sentence moves
    accuracy by 0.034, more than refits that agree on the gold to ±0.005 differ by."""
    accuracy, misses = _accuracy(pd.concat([LABELLED, HELDOUT], ignore_index=True), "tone", tone_labels)
    assert accuracy >= 0.6, misses


@pytest.mark.parametrize("traditional", ["雙方一直保持著合作。", "兩家平臺圍繞著商家資源展開爭奪。"])
def test_a_sentence_reads_the_same_alone_and_in_a_batch_of_the_other_script(traditional):
    """The particle 著 becomes 着 by the script of the text around it: a batch of
    simplified sentences must not leave one traditional sentence's 著 unconverted."""
    simplified = ["平台之间的竞争愈发激烈,外卖市场的份额争夺战持续升级。"] * 8
    alone = simplify_all([traditional])[0]
    in_batch = simplify_all([*simplified, traditional])[-1]
    assert "著" not in alone and in_batch == alone
    batch = label_sentences([*simplified, traditional])[-1]
    single = explain(traditional)
    assert (batch.frame, batch.tone) == (single.frame, single.tone)
    assert batch.tone_score == pytest.approx(single.tone_score, abs=1e-9)

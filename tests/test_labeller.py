"""The adapted labeller: fit, label, validate, save and load (plain arrays), and the corpus-folder pickup."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from coopetition.measures.labels import predict
from coopetition.model.coding import CodingError, write_sheet
from coopetition.model.labeller import Labeller, LabellerError, fit_labeller, labeller_for, load_labeller

#: sentences written for these tests in the patterns of platform news, coded by the codebook
#: (six short "articles"); the 支付 sentences are coded as cooperation throughout, as a coder
#: who reads every payment tie-up as a partnership would
CODED = pd.DataFrame(
    [
        ("d1", "美团与饿了么在即时配送市场展开新一轮补贴大战。", "competition", "negative"),
        ("d1", "京东物流宣布向更多电商平台开放仓配服务。", "cooperation", "positive"),
        ("d1", "淘宝天猫正式接入微信支付,用户可直接付款。", "cooperation", "positive"),
        ("d1", "快手电商本季度商品交易总额同比增长三成。", "none", "positive"),
        ("d2", "抖音电商持续加码货架场景,正面挑战淘宝的基本盘。", "competition", "neutral"),
        ("d2", "支付宝与银联在境外支付领域展开互通。", "cooperation", "positive"),
        ("d2", "多家平台的价格战让中小商家苦不堪言。", "competition", "negative"),
        ("d2", "拼多多发布了新的商家扶持计划。", "none", "positive"),
        ("d3", "阿里与腾讯在支付上相互开放,但在电商领域依旧寸土必争。", "coopetition", "neutral"),
        ("d3", "微信支付与京东商城的合作延续多年。", "cooperation", "neutral"),
        ("d3", "百度宣布关闭旗下一款社交应用。", "none", "negative"),
        ("d3", "两家外卖平台相互指责对方强迫商家二选一。", "competition", "negative"),
        ("d4", "美团闪购与多家连锁便利店签署合作协议。", "cooperation", "positive"),
        ("d4", "B站的亏损进一步收窄,广告收入稳步增长。", "none", "positive"),
        ("d4", "抖音与快手在直播电商赛道的竞争愈发激烈。", "competition", "negative"),
        ("d4", "云闪付与微信支付实现收款码互认。", "cooperation", "positive"),
        ("d5", "曾经互相屏蔽的两大平台,如今开始在支付领域握手言和。", "coopetition", "positive"),
        ("d5", "小红书上线了新的电商入口。", "none", "neutral"),
        ("d5", "京东起诉阿里滥用市场支配地位。", "competition", "negative"),
        ("d5", "支付宝宣布接入更多境外钱包。", "cooperation", "positive"),
        ("d6", "饿了么与美团在下沉市场短兵相接。", "competition", "negative"),
        ("d6", "腾讯与京东的战略合作协议到期后续签。", "cooperation", "positive"),
        ("d6", "业内人士认为,行业整体增速正在放缓。", "none", "negative"),
        ("d6", "数字人民币与多家支付平台打通了钱包。", "cooperation", "positive"),
    ],
    columns=["doc_id", "text", "frame", "tone"],
)


@pytest.fixture(scope="module")
def labeller() -> Labeller:
    return fit_labeller(CODED, weight=20.0)


def test_label_returns_aligned_labels(labeller):
    texts = pd.Series(
        ["美团与饿了么在外卖市场激烈竞争。", "京东与腾讯续签合作协议。", "快手日活用户达到四亿。"], index=[10, 20, 30]
    )
    out = labeller.label(texts)
    assert list(out.index) == [10, 20, 30]
    assert list(out.columns) == ["frame", "tone", "tone_score", "frame_prob"]
    assert set(out["frame"]) <= {"competition", "cooperation", "coopetition", "none"}
    assert out["tone_score"].between(-1, 1).all() and out["frame_prob"].between(0, 1).all()
    assert out.loc[10, "frame"] == "competition" and out.loc[20, "frame"] == "cooperation"
    assert labeller.label([]).empty


def test_adapting_moves_the_labels_towards_the_coding(labeller):
    shipped_frames, shipped_tones = predict(CODED["text"].tolist())
    adapted = labeller.label(CODED["text"].tolist())
    shipped_hits = (np.array(shipped_frames) == CODED["frame"]).sum() + (np.array(shipped_tones) == CODED["tone"]).sum()
    adapted_hits = (adapted["frame"] == CODED["frame"]).sum() + (adapted["tone"] == CODED["tone"]).sum()
    assert adapted_hits > shipped_hits
    assert adapted_hits >= 0.9 * 2 * len(CODED)


def test_relabel_replaces_the_labels_of_a_sentence_table_and_keeps_the_rest(labeller):
    table = pd.DataFrame(
        {
            "doc_id": ["d1", "d1"],
            "sent_id": [0, 1],
            "sentence": CODED["text"].head(2).tolist(),
            "frame": ["none", "none"],
            "tone": ["neutral", "neutral"],
            "tone_score": [0.0, 0.0],
            "frame_prob": [0.5, 0.5],
            "actors": ["美团、饿了么", "京东"],
        },
        index=[5, 9],
    )
    out = labeller.relabel(table)
    expected = labeller.label(table["sentence"].tolist())
    assert list(out.index) == [5, 9] and list(out.columns) == list(table.columns)
    assert (
        out["frame"].tolist() == expected["frame"].tolist()
        and out["tone_score"].tolist() == expected["tone_score"].tolist()
    )
    assert out["actors"].tolist() == table["actors"].tolist()
    with pytest.raises(LabellerError, match="'sentence' column"):
        labeller.relabel(table.drop(columns="sentence"))


def test_furniture_stays_none_under_the_adapted_model(labeller):
    out = labeller.label(["记者:张三 编辑:李四", "扫码下载APP,阅读更多精彩内容"])
    assert (out["frame"] == "none").all() and (out["tone"] == "neutral").all()


def test_save_and_load_give_identical_labels_without_pickle(labeller, tmp_path):
    path = labeller.save(tmp_path / "labeller")
    assert path.name == "labeller.npz"
    with np.load(path, allow_pickle=False) as data:  # opens without pickle: every array is plain
        assert all(data[key].dtype != object for key in data.files)
        meta = json.loads(str(data["metadata"]))
    assert (
        meta["format"] == "coopetition-labeller" and meta["coded"] == len(CODED) and meta["settings"]["weight"] == 20.0
    )
    again = load_labeller(path)
    texts = CODED["text"].tolist() + ["阿里与腾讯相爱相杀多年。", "抖音电商GMV突破三万亿元。"]
    pd.testing.assert_frame_equal(again.label(texts), labeller.label(texts))
    pd.testing.assert_frame_equal(again.coded, labeller.coded)


def test_load_refuses_what_is_not_a_labeller(tmp_path):
    with pytest.raises(LabellerError, match="no such labeller"):
        load_labeller(tmp_path / "none.npz")
    np.savez(tmp_path / "plain.npz", x=np.arange(3))
    with pytest.raises(LabellerError, match="plain.npz: not a coopetition labeller"):
        load_labeller(tmp_path / "plain.npz")
    np.savez(tmp_path / "pickled.npz", x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(LabellerError, match="pickled.npz: not a plain-array labeller"):
        load_labeller(tmp_path / "pickled.npz")
    (tmp_path / "text.npz").write_text("hello", encoding="utf-8")
    with pytest.raises(LabellerError, match="text.npz"):
        load_labeller(tmp_path / "text.npz")


@pytest.mark.parametrize(
    "coded, message",
    [
        (CODED.drop(columns="tone"), "missing column.*tone"),
        (
            CODED.assign(frame=["rivalry?"] + CODED["frame"].tolist()[1:]),
            r"row\(s\) 0 \('rivalry\?'\): frame is not one of",
        ),
        (CODED.assign(text=[""] + CODED["text"].tolist()[1:]), r"row\(s\) 0 have no sentence text"),
    ],
)
def test_fit_refuses_bad_codings(coded, message):
    with pytest.raises(LabellerError, match=message):
        fit_labeller(coded)


def test_fit_refuses_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="base must be"):
        fit_labeller(CODED, base="scratch")
    with pytest.raises(ValueError, match="weight must be a positive"):
        fit_labeller(CODED, weight=0)
    with pytest.raises(TypeError, match="DataFrame"):
        fit_labeller(["京东与腾讯合作。"])
    with pytest.raises(LabellerError, match="training data, which is not here"):
        fit_labeller(CODED, base="training", shared=tmp_path)  # a user without ../shared


@pytest.mark.slow
def test_validate_compares_with_the_shipped_model_by_article(labeller):
    table = labeller.validate(n_splits=2)
    assert list(table["axis"]) == ["frame", "tone"]
    assert (table["n"] == len(CODED)).all() and (table["folds"] == 2).all() and (table["grouped"] == "doc_id").all()
    shipped_frames, shipped_tones = predict(CODED["text"].tolist())
    from sklearn.metrics import cohen_kappa_score

    assert table.loc[0, "kappa_shipped"] == pytest.approx(cohen_kappa_score(CODED["frame"], shipped_frames), abs=1e-4)
    assert table["kappa_adapted"].between(-1, 1).all()


def test_folder_without_coding_uses_the_shipped_model(tmp_path):
    labeller, note = labeller_for(tmp_path)
    assert labeller is None and "shipped model" in note


def test_folder_with_a_saved_labeller_uses_it(labeller, tmp_path):
    labeller.save(tmp_path / "labeller.npz")
    found, note = labeller_for(tmp_path)
    assert "labeller.npz" in note and f"{len(CODED)} hand-coded sentences" in note
    pd.testing.assert_frame_equal(found.label(CODED["text"]), labeller.label(CODED["text"]))


def test_folder_with_a_filled_sheet_fits_a_labeller_and_an_empty_one_is_passed_over(tmp_path):
    sheet = CODED.rename(columns={"text": "sentence"}).assign(
        id=[f"x{i}" for i in range(len(CODED))], coder="LW", note=""
    )
    write_sheet(sheet.assign(frame="", tone=""), tmp_path / "coding")  # sampled, not coded yet
    assert labeller_for(tmp_path)[0] is None
    write_sheet(sheet, tmp_path / "coding")
    (tmp_path / "coding.xlsx").unlink()
    found, note = labeller_for(tmp_path)
    assert "coding.csv" in note and found.settings["base"] == "shipped" and len(found.coded) == len(CODED)
    bad = sheet.copy()
    bad.loc[3, "tone"] = "meh"
    write_sheet(bad, tmp_path / "coding")
    with pytest.raises(CodingError, match="meh"):
        labeller_for(tmp_path)  # a bad sheet is an error, not a silent fall-back


def test_a_coding_sheet_in_the_corpus_folder_is_not_read_as_an_article(tmp_path):
    from coopetition import load_corpus

    (tmp_path / "001_article.txt").write_text(
        "京东与腾讯续签战略合作协议。双方将在物流和支付领域深化合作。", encoding="utf-8"
    )
    write_sheet(
        CODED.rename(columns={"text": "sentence"}).assign(id=[f"x{i}" for i in range(len(CODED))], coder="", note=""),
        tmp_path / "coding",
    )
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 1


def test_the_report_stops_on_a_bad_coding_sheet_before_any_notebook(tmp_path):
    from coopetition.output.report import build_report

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "001_article.txt").write_text(
        "京东与腾讯续签战略合作协议。双方将在物流和支付领域深化合作。", encoding="utf-8"
    )
    sheet = CODED.rename(columns={"text": "sentence"}).assign(id="dup", coder="", note="")
    write_sheet(sheet, folder / "coding")
    with pytest.raises(CodingError, match="coding.xlsx: rows 2, 3, 4, 5, 6 and 19 more: id repeated"):
        build_report(folder, tmp_path / "out", notebooks=[], progress=False)
    assert not (tmp_path / "out" / "report.html").exists()

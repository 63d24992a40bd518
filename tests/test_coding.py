"""Coding sheets (sample, write, read back) and agreement between two codings."""

from __future__ import annotations

import krippendorff
import pandas as pd
import pytest
from openpyxl import load_workbook

from coopetition.model.agreement import agreement
from coopetition.model.coding import SHEET_COLUMNS, CodingError, read_coding, sample_for_coding, write_sheet

#: sentences written for these tests in the patterns of platform news, three articles
SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a1"] * 5 + ["a2"] * 5 + ["a3"] * 4,
        "sent_id": [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3],
        "sentence": [
            "美团与饿了么在外卖市场的补贴大战愈演愈烈。",
            "京东宣布与腾讯续签为期三年的战略合作协议。",
            "拼多多三季度营收同比增长44%,超出市场预期。",
            "阿里与腾讯多年来相爱相杀,如今又在支付领域握手。",
            "记者:张三 编辑:李四",
            "抖音电商加速扩张,直接冲击淘宝的基本盘。",
            "微信小店上线后,商家可以一键接入京东物流。",
            "快手的日活用户达到四亿。",
            "业内人士担忧,价格战将侵蚀整个行业的利润。",
            "美团与饿了么在外卖市场的补贴大战愈演愈烈。",  # a repost of a1's first sentence: sampled once at most
            "百度与小米在智能汽车领域达成深度合作。",
            "两家平台曾经互相屏蔽链接,如今却开始互联互通。",
            "淘宝天猫宣布全面接入微信支付。",
            "B站的广告收入增速放缓,亏损仍在扩大。",
        ],
    }
)


def filled(sheet: pd.DataFrame) -> pd.DataFrame:
    """The sheet as a coder would fill it (labels from a fixed cycle)."""
    frames = ["competition", "cooperation", "none", "coopetition"]
    tones = ["negative", "positive", "neutral"]
    return sheet.assign(
        frame=[frames[i % 4] for i in range(len(sheet))], tone=[tones[i % 3] for i in range(len(sheet))], coder="LW"
    )


def test_sample_is_deterministic_for_a_seed_and_has_the_sheet_columns():
    first = sample_for_coding(SENTENCES, 6, seed=3)
    again = sample_for_coding(SENTENCES, 6, seed=3)
    pd.testing.assert_frame_equal(first, again)
    assert tuple(first.columns) == SHEET_COLUMNS
    assert len(first) == 6
    assert (first[["frame", "tone", "coder", "note"]] == "").all().all()
    assert set(first["id"]) <= {f"{d}#{s}" for d, s in zip(SENTENCES["doc_id"], SENTENCES["sent_id"])}


def test_sample_leaves_out_repeats_and_spreads_over_articles():
    everything = sample_for_coding(SENTENCES, 100, seed=0)
    assert len(everything) == len(SENTENCES) - 1  # the repost counts once
    assert everything["sentence"].is_unique
    three = sample_for_coding(SENTENCES, 3, strategy="uncertain", seed=0)
    assert sorted(three["doc_id"]) == ["a1", "a2", "a3"]  # one per article before any second


def test_uncertain_picks_the_sentences_the_model_is_least_sure_of():
    from coopetition.model.coding import _entropy
    from coopetition.model.labeller import shipped_probabilities

    texts = SENTENCES["sentence"].drop_duplicates().tolist()
    f, t, _, _ = shipped_probabilities(texts)
    entropy = dict(zip(texts, _entropy(f) + _entropy(t)))
    picked = sample_for_coding(texts, 4, strategy="uncertain", seed=0)["sentence"]
    rest = [s for s in texts if s not in set(picked)]
    assert min(entropy[s] for s in picked) >= max(entropy[s] for s in rest)


def test_a_list_of_sentences_gets_ids():
    sheet = sample_for_coding(SENTENCES["sentence"].tolist(), 2, seed=1)
    assert sheet["id"].str.match(r"^s\d{6}$").all() and (sheet["doc_id"] == "").all()


@pytest.mark.parametrize(
    "bad, error",
    [
        (dict(n=0), ValueError),
        (dict(n=2.5), ValueError),
        (dict(n=3, strategy="random"), ValueError),
    ],
)
def test_sample_refuses_bad_arguments(bad, error):
    with pytest.raises(error):
        sample_for_coding(SENTENCES, **bad)


def test_sample_refuses_a_table_without_sentences_and_non_text():
    with pytest.raises(CodingError, match="'sentence' or 'text'"):
        sample_for_coding(pd.DataFrame({"body": ["京东与腾讯合作"]}), 1)
    with pytest.raises(TypeError, match="row"):
        sample_for_coding(["京东与腾讯合作。", None], 1)


def test_sheet_files_carry_instructions_dropdowns_and_a_bom(tmp_path):
    sample_for_coding(SENTENCES, 5, seed=0, path=tmp_path / "coding.csv")
    raw = (tmp_path / "coding.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf#")  # UTF-8 with BOM, instructions first
    text = raw.decode("utf-8-sig")
    assert "coopetition" in text and "id,doc_id,sentence,frame,tone,coder,note" in text
    book = load_workbook(tmp_path / "coding.xlsx")
    assert book.sheetnames == ["coding", "instructions"]
    rows = book["coding"]
    assert [c.value for c in rows[1]] == list(SHEET_COLUMNS)
    checks = {str(v.sqref): v.formula1 for v in rows.data_validations.dataValidation}
    assert checks == {"D2:D6": '"competition,cooperation,coopetition,none"', "E2:E6": '"positive,neutral,negative"'}
    assert any("tone" in (r[0].value or "").lower() for r in book["instructions"].iter_rows())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(tmp_path, suffix):
    sheet = filled(sample_for_coding(SENTENCES, 8, seed=2))
    write_sheet(sheet, tmp_path / "coding")
    back = read_coding(tmp_path / f"coding{suffix}")
    pd.testing.assert_frame_equal(back, sheet.astype(str))


def write_csv(tmp_path, rows, header="id,doc_id,sentence,frame,tone,coder,note"):
    path = tmp_path / "coding.csv"
    path.write_text("# instructions\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def test_read_accepts_case_spaces_full_width_and_other_spellings(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "1,a1,京东与腾讯续签合作协议。, Cooperation ,POSITIVE,LW,",
            "2,a1,美团与饿了么激烈竞争。,竞争,负面,LW,",
            "3,a2,快手日活达到四亿。,ｎｏｎｅ,中性,LW,",
            "4,a2,阿里与腾讯相爱相杀。,co-opetition,neutral,LW,",
            "5,a2,百度发布新款大模型。,,,,",  # not coded yet: skipped
        ],
    )
    back = read_coding(path)
    assert back["frame"].tolist() == ["cooperation", "competition", "none", "coopetition"]
    assert back["tone"].tolist() == ["positive", "negative", "neutral", "neutral"]


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            ["1,a,京东与腾讯合作。,compete-ish,positive,,", "2,a,美团上涨。,none,neutral,,"],
            r"coding\.csv: line 3 \('compete-ish'\): frame is not one of",
        ),
        (
            ["1,a,京东与腾讯合作。,cooperation,happy,,"],
            r"line 3 \('happy'\): tone is not one of positive, neutral, negative",
        ),
        (["1,a,京东与腾讯合作。,cooperation,positive,,", ",a,美团上涨。,none,neutral,,"], r"line 4: id is empty"),
        (
            ["7,a,京东与腾讯合作。,cooperation,positive,,", "7,a,美团上涨。,none,neutral,,"],
            r"lines 3, 4: id repeated \(7\)",
        ),
        (["1,a,,cooperation,positive,,"], r"line 3: sentence is empty"),
        (["1,a,京东与腾讯合作。,cooperation,,,"], r"line 3: tone is empty"),
    ],
)
def test_bad_sheets_name_the_file_and_rows(tmp_path, rows, message):
    with pytest.raises(CodingError, match=message):
        read_coding(write_csv(tmp_path, rows))


def test_bad_xlsx_rows_are_named_by_spreadsheet_row(tmp_path):
    sheet = filled(sample_for_coding(SENTENCES, 4, seed=0))
    sheet.loc[2, "frame"] = "rivals"
    sheet.loc[3, "id"] = sheet.loc[0, "id"]
    write_sheet(sheet, tmp_path / "coding")
    with pytest.raises(CodingError, match=r"coding\.xlsx: row 4 \('rivals'\): frame.*rows 2, 5: id repeated"):
        read_coding(tmp_path / "coding.xlsx")


def test_many_bad_rows_are_cut_short(tmp_path):
    rows = [f"{i},a,京东与腾讯合作。,x,positive,," for i in range(9)]
    with pytest.raises(CodingError, match=r"lines 3 .*, 7 \('x'\) and 4 more: frame"):
        read_coding(write_csv(tmp_path, rows))


def test_unreadable_sheets(tmp_path):
    with pytest.raises(CodingError, match="no such coding sheet"):
        read_coding(tmp_path / "nothing.csv")
    (tmp_path / "coding.txt").write_text("id", encoding="utf-8")
    with pytest.raises(CodingError, match=r"\.csv or \.xlsx"):
        read_coding(tmp_path / "coding.txt")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(CodingError, match="broken.xlsx: not a readable XLSX"):
        read_coding(tmp_path / "broken.xlsx")
    with pytest.raises(CodingError, match="missing column.*tone"):
        read_coding(write_csv(tmp_path, ["1,京东与腾讯合作。,cooperation"], header="id,sentence,frame"))
    (tmp_path / "gbk.csv").write_bytes(
        "id,sentence,frame,tone\n1,京东与腾讯合作。,cooperation,positive\n".encode("gbk")
    )
    with pytest.raises(CodingError, match="gbk.csv: not UTF-8"):
        read_coding(tmp_path / "gbk.csv")
    with pytest.raises(CodingError, match="no row is coded yet"):
        read_coding(write_csv(tmp_path, ["1,a,京东与腾讯合作。,,,,"]))


# ---------------------------------------------------------------- agreement

A = pd.DataFrame(
    {"id": ["1", "2", "3", "4"], "frame": ["none", "none", "competition", "competition"], "tone": ["neutral"] * 4}
)


def test_kappa_by_hand():
    # observed 3/4; chance (2/4 · 1/4) + (2/4 · 3/4) = 1/2; κ = (0.75 − 0.5) / (1 − 0.5) = 0.5
    b = A.assign(frame=["none", "competition", "competition", "competition"])
    result = agreement(A, b)
    assert result.kappa["frame"] == pytest.approx(0.5)
    assert result.n["frame"] == 4
    cells = result.confusion.query("axis == 'frame'").set_index(["a", "b"])["n"]
    assert cells[("none", "competition")] == 1 and cells[("competition", "competition")] == 2 and cells.sum() == 4
    assert len(cells) == 16  # every pair, zeros included


def test_alpha_matches_krippendorff_and_kappa_cohen():
    from sklearn.metrics import cohen_kappa_score

    a = ["competition", "cooperation", "none", "none", "coopetition", "competition", "none", "cooperation"]
    b = ["competition", "none", "none", "none", "competition", "competition", "cooperation", "cooperation"]
    ids = [f"s{i}" for i in range(8)]
    result = agreement(
        pd.Series(a, index=ids, name="frame"), pd.Series(b, index=ids, name="frame")[::-1]
    )  # order differs, ids match
    code = {"competition": 0, "cooperation": 1, "coopetition": 2, "none": 3}
    expected = krippendorff.alpha(
        reliability_data=[[code[x] for x in a], [code[x] for x in b]], level_of_measurement="nominal"
    )
    assert result.alpha["frame"] == pytest.approx(expected, abs=1e-4)
    assert result.kappa["frame"] == pytest.approx(cohen_kappa_score(a, b), abs=1e-4)
    assert list(result.table["axis"]) == ["frame"]


def test_perfect_agreement_is_one_even_with_one_label():
    result = agreement(A, A.sample(frac=1, random_state=1))
    assert result.kappa == {"frame": 1.0, "tone": 1.0}
    assert result.alpha == {"frame": 1.0, "tone": 1.0}


def test_agreement_aligns_by_id_and_skips_unlabelled():
    b = pd.DataFrame(
        {"ID": ["4", "3", "2", "9"], "Frame": ["competition", "competition", "", "none"], "tone": ["neutral"] * 4}
    )
    result = agreement(A, b)
    assert result.n == {"frame": 2, "tone": 3}
    assert result.kappa["frame"] == 1.0


def test_agreement_errors():
    with pytest.raises(CodingError, match="share no id"):
        agreement(A, A.assign(id=["x", "y", "z", "w"]))
    with pytest.raises(CodingError, match="b: id.*repeated"):
        agreement(A, A.assign(id=["1", "1", "2", "3"]))
    with pytest.raises(CodingError, match="b: frame of id.*not one of"):
        agreement(A, A.assign(frame=["rival"] * 4))
    with pytest.raises(TypeError, match="a must be a coding"):
        agreement(["none"], A)


@pytest.mark.parametrize(
    "sizes, n, expected",
    [
        (
            {"none/neutral": 700, "competition/negative": 200, "coopetition/neutral": 5, "cooperation/positive": 1},
            200,
            {"none/neutral": 153, "competition/negative": 44, "coopetition/neutral": 2, "cooperation/positive": 1},
        ),
        ({"a": 3, "b": 2}, 10, {"a": 3, "b": 2}),  # fewer sentences than asked: all of them
        ({"a": 5, "b": 5, "c": 5}, 2, {"a": 1, "b": 1, "c": 0}),  # fewer than the cells: one each, by name
        ({"a": 10, "b": 0}, 4, {"a": 4, "b": 0}),
    ],
)
def test_stratified_allocation_is_proportional_with_one_per_cell(sizes, n, expected):
    from coopetition.model.coding import _allocate

    assert _allocate(sizes, n) == expected

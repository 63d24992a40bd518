"""The coded development pages as training data: references rebuilt and checked by hash, the text
normalised as prediction sees it, the test half refused, sites grouped."""

import hashlib
import json
import re

import pytest

from coopetition.model.train import (
    devpage_units,
    fit_model,
    sample_weights,
    shared_dir,
    training_table,
    unit_hash,
    unit_text,
)
from coopetition.reading.corpus import CorpusError

SHARED = shared_dir()
needs_shared = pytest.mark.skipif(
    not (SHARED / "devpages" / "frames.jsonl").exists(), reason="../shared/devpages/ is absent"
)

PAGE_DEV = (
    "京東與美團在即時零售\n市場展開激烈競爭。\n责任编辑:王五\n淘宝与微信相互开放了支付和商品链接,双方的合作进一步加深。"
)
PAGE_TEST = "拼多多与抖音围绕低价商品的争夺愈演愈烈。"


def _sha(unit):
    return hashlib.sha1(re.sub(r"\s*\n\s*", "", unit).strip().encode("utf-8")).hexdigest()[:12]


def _fake_shared(tmp_path, *, tamper=False, test_in_frames=True):
    """A shared folder of two pages written for this test, one per half."""
    folder = tmp_path / "devpages"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "901_dev_example.txt").write_text(PAGE_DEV, encoding="utf-8")
    (folder / "pages" / "902_test_example.txt").write_text(PAGE_TEST, encoding="utf-8")
    (folder / "split.tsv").write_text(
        "file\tsplit\n901_dev_example.txt\tdevelopment\n902_test_example.txt\ttest\n", encoding="utf-8"
    )
    first = PAGE_DEV.index("。") + 1
    third = PAGE_DEV.index("淘宝")
    rows = [
        {
            "id": "t1",
            "file": "901_dev_example.txt",
            "start": 0,
            "end": first,
            "sha": _sha(PAGE_DEV[:first]),
            "frame": "competition",
            "tone": "negative",
        },
        {
            "id": "t2",
            "file": "901_dev_example.txt",
            "start": third,
            "end": len(PAGE_DEV),
            "sha": "0" * 12 if tamper else _sha(PAGE_DEV[third:]),
            "frame": "cooperation",
            "tone": "positive",
        },
    ]
    if test_in_frames:
        rows.append(
            {
                "id": "t3",
                "file": "902_test_example.txt",
                "start": 0,
                "end": len(PAGE_TEST),
                "sha": _sha(PAGE_TEST),
                "frame": "competition",
                "tone": "negative",
            }
        )
    (folder / "frames.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return tmp_path


def test_a_unit_is_rebuilt_joined_and_simplified(tmp_path):
    units = devpage_units(_fake_shared(tmp_path), "development")
    assert list(units["id"]) == ["t1", "t2"]
    # the line break inside the first unit is gone, the traditional script simplified
    assert units["text"].iloc[0] == "京东与美团在即时零售市场展开激烈竞争。"
    assert "902_test_example.txt" not in set(units["file"])


def test_each_half_reads_only_its_own_pages(tmp_path):
    shared = _fake_shared(tmp_path)
    assert list(devpage_units(shared, "test")["id"]) == ["t3"]
    with pytest.raises(ValueError, match="half must be one of"):
        devpage_units(shared, "validation")


def test_a_changed_page_is_refused_by_its_hash(tmp_path):
    with pytest.raises(CorpusError, match="t2 .*does not match its hash"):
        devpage_units(_fake_shared(tmp_path, tamper=True), "development")


def test_a_unit_from_an_unlisted_page_is_refused(tmp_path):
    shared = _fake_shared(tmp_path)
    (shared / "devpages" / "split.tsv").write_text("file\tsplit\n901_dev_example.txt\tdevelopment\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="902_test_example.txt, which split.tsv does not list"):
        devpage_units(shared, "development")


def test_a_bad_half_in_the_split_is_named(tmp_path):
    shared = _fake_shared(tmp_path)
    (shared / "devpages" / "split.tsv").write_text("file\tsplit\n901_dev_example.txt\ttraining\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="split.tsv:2: half 'training'"):
        devpage_units(shared, "development")


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        ("騰訊與阿里巴巴\n  在雲端市場激烈競爭。", "腾讯与阿里巴巴在云端市场激烈竞争。"),
        ("網(wǎng)傳阿里巴巴與微信近期在談合作條款", "网传阿里巴巴与微信近期在谈合作条款"),  # a pinyin gloss
        ("美团ＶＳ饿了么：补贴战升级", "美团VS饿了么:补贴战升级"),  # full-width forms folded
    ],
)
def test_unit_text_is_what_prediction_sees(unit, text):
    assert unit_text(unit) == text


def test_unit_hash_ignores_line_breaks_and_their_spaces():
    assert unit_hash("美团与饿了么\n  激烈竞争。 ") == unit_hash("美团与饿了么激烈竞争。")
    assert unit_hash("美团与饿了么激烈竞争。") != unit_hash("美团与饿了么合作。")


def test_sample_weight_must_fit_the_sentences():
    texts = ["美团与饿了么激烈竞争。", "京东与腾讯达成战略合作。"]
    with pytest.raises(ValueError, match="sample_weight: need 2 weights"):
        fit_model(texts, ["competition", "cooperation"], ["negative", "positive"], sample_weight=[1.0])


@needs_shared
def test_training_reads_the_development_half_only_with_sites():
    table = training_table()
    dev = table[table["set"] == "devpages"]
    split = dict(
        line.split("\t")
        for line in (SHARED / "devpages" / "split.tsv").read_text(encoding="utf-8").splitlines()[1:]
        if line
    )
    assert len(dev) > 1000 and {split[f] for f in dev["article"]} == {"development"}
    assert (dev["site"] == dev["article"]).all() and dev["site"].nunique() == 100
    assert table.loc[table["set"] == "second corpus", "site"].str.contains("qq").any()
    weights = sample_weights(table, {"devpages_weight": 2.0})
    assert set(weights[table["set"] == "devpages"]) == {2.0} and set(weights[table["set"] != "devpages"]) == {1.0}

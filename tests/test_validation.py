"""Validation against hand coding: validate(), article-held-out cross-validation, shipped tables,
and the training data's guards (references checked by hash, even-numbered articles refused)."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from coopetition._data import read_text
from coopetition.model.train import fit_table, rebuild_texts, shared_dir, text_hash, training_table
from coopetition.model.validation import confusion_table, cross_validate, cv_table, shipped_predictions, validate
from coopetition.reading.corpus import CorpusError

SHARED = shared_dir()


@pytest.mark.parametrize(
    ("labels", "gold", "accuracy"),
    [
        (["none", "competition", "cooperation", "none"], ["none", "competition", "none", "none"], 0.75),
        (["positive", "neutral", "negative"], ["positive", "neutral", "negative"], 1.0),
        (["positive", "positive", "negative", "neutral"], ["negative", "positive", "negative", "positive"], 0.5),
    ],
)
def test_validate_matches_sklearn(labels, gold, accuracy):
    v = validate(labels, gold)
    assert v.n == len(gold) and v.accuracy == accuracy
    assert v.kappa == pytest.approx(cohen_kappa_score(gold, labels))
    assert v.confusion.to_numpy().sum() == len(gold)
    assert all(v.confusion.loc[g, p] >= 1 for g, p in zip(gold, labels))


def test_validate_per_class_precision_and_recall():
    v = validate(["competition", "competition", "none", "none"], ["competition", "none", "none", "cooperation"])
    per = v.per_class.set_index("label")
    assert per.loc["competition", "precision"] == 0.5 and per.loc["competition", "recall"] == 1.0
    assert per.loc["none", "precision"] == 0.5 and per.loc["none", "recall"] == 0.5
    assert per.loc["cooperation", "recall"] == 0.0 and per.loc["cooperation", "support"] == 1
    assert list(v.confusion.index) == ["competition", "cooperation", "coopetition", "none"]


@pytest.mark.parametrize(("labels", "gold"), [(["none"], ["none", "none"]), ([], [])])
def test_validate_rejects_mismatched_or_empty_input(labels, gold):
    with pytest.raises(ValueError):
        validate(labels, gold)


def test_shipped_cv_table_reports_each_scheme_beside_the_readers():
    table = cv_table()
    assert set(table["scheme"]) == {"article-disjoint", "site-disjoint"}
    assert set(table["axis"]) == {"frame", "tone"}
    assert table["kappa"].between(-1, 1).all()
    real = table[table["set"].isin(["seeds", "second corpus", "devpages"])]
    assert real["readers_kappa"].notna().all()
    for scheme in ("article-disjoint", "site-disjoint"):
        pooled = table[(table["scheme"] == scheme) & (table["set"] == "all") & (table["axis"] == "frame")]
        assert int(pooled["n"].iloc[0]) == (shipped_predictions()["scheme"] == scheme).sum()
    # the development pages: 100 sites, each its own group
    dev = table[(table["scheme"] == "site-disjoint") & (table["set"] == "devpages")]
    assert set(dev["sites"]) == {100}


def test_shipped_predictions_never_score_constructed_sentences():
    predictions = shipped_predictions()
    assert set(predictions["set"]) == {"seeds", "second corpus", "devpages"}
    # held out by group: an article's (a site's) sentences are in one fold of its scheme
    article = predictions[predictions["scheme"] == "article-disjoint"]
    site = predictions[predictions["scheme"] == "site-disjoint"]
    assert (article.groupby("article")["fold"].nunique() == 1).all()
    assert (site.groupby("site")["fold"].nunique() == 1).all()
    assert set(article["id"]) == set(site["id"])


@pytest.mark.parametrize("axis", ["frame", "tone"])
def test_confusion_table_is_tidy_and_complete(axis):
    table = confusion_table(axis)
    k = 4 if axis == "frame" else 3
    assert list(table.columns) == ["gold", "predicted", "n"] and len(table) == k * k
    assert table["n"].sum() == (shipped_predictions()["scheme"] == "site-disjoint").sum()


def test_confusion_table_rejects_an_unknown_axis():
    with pytest.raises(ValueError, match="axis"):
        confusion_table("topic")


def test_cross_validation_holds_out_whole_articles():
    rows = [
        ("京东与美团在外卖市场激烈竞争。", "competition", "negative"),
        ("快手与京东达成战略合作。", "cooperation", "positive"),
        ("拼多多发布了第三季度财报。", "none", "neutral"),
        ("抖音与快手争夺直播用户。", "competition", "neutral"),
        ("淘宝接入微信支付,双方合作加深。", "cooperation", "positive"),
        ("小红书上线新的搜索功能。", "none", "neutral"),
    ]
    table = pd.DataFrame(
        [
            {
                "id": f"{a}-{i}",
                "set": "seeds",
                "article": f"art{a}",
                "site": f"site{a // 2}",
                "text": t,
                "frame": f,
                "tone": o,
            }
            for a in range(4)
            for i, (t, f, o) in enumerate(rows)
        ]
    )
    predictions = cross_validate(table, fit=fit_table, n_splits=4)
    by_article = predictions[predictions["scheme"] == "article-disjoint"]
    assert len(by_article) == len(table) and by_article["fold"].nunique() == 4
    assert (by_article.groupby("article")["fold"].nunique() == 1).all()
    assert set(by_article["frame_pred"]) <= {"competition", "cooperation", "none"}
    by_site = predictions[predictions["scheme"] == "site-disjoint"]  # two sites: two folds, each a whole site
    assert by_site["fold"].nunique() == 2 and (by_site.groupby("site")["fold"].nunique() == 1).all()
    frame_p = by_site[["p_competition", "p_cooperation", "p_coopetition", "p_none"]].sum(axis=1)
    assert np.allclose(frame_p, 1.0, atol=1e-3)
    with pytest.raises(ValueError, match="not one of"):
        cross_validate(table, fit=fit_table, schemes=["by weather"])


def test_a_reference_whose_text_changed_is_refused(tmp_path):
    (tmp_path / "001_x.txt").write_text("京东与美团竞争。", encoding="utf-8")
    good = {"id": "r1", "file": "001_x.txt", "start": 0, "end": 5, "sha1": text_hash("京东与美团")}
    assert rebuild_texts([good], tmp_path, "test") == ["京东与美团"]
    with pytest.raises(CorpusError, match="does not match its hash"):
        rebuild_texts([{**good, "sha1": text_hash("别的")}], tmp_path, "test")


def test_even_numbered_articles_are_refused(tmp_path):
    (tmp_path / "002_x.txt").write_text("京东与美团竞争。", encoding="utf-8")
    with pytest.raises(CorpusError, match="held out"):
        rebuild_texts(
            [{"id": "r1", "file": "002_x.txt", "start": 0, "end": 5, "sha1": text_hash("京东与美团")}], tmp_path, "test"
        )


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="../shared/gold is not here")
def test_training_table_rebuilds_every_reference():
    table = training_table()
    assert set(table["set"]) == {"seeds", "second corpus", "constructed", "devpages"}
    files = table.loc[table["set"] == "second corpus", "article"]
    assert all(int(f[:3]) % 2 == 1 for f in files)
    assert not table["text"].duplicated().any()
    coded = [json.loads(line) for line in read_text("coded_sentences.jsonl").splitlines() if line.startswith("{")]
    assert len(coded) > 500 and np.isin([c["id"] for c in coded], table["id"]).mean() > 0.9


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kappa_from_a_matrix_is_sklearns_kappa(seed):
    from sklearn.metrics import cohen_kappa_score, confusion_matrix

    from coopetition.model.validation import kappa_from_matrix

    rng = np.random.default_rng(seed)
    gold = rng.choice(["positive", "neutral", "negative"], size=200, p=[0.3, 0.5, 0.2])
    labels = np.where(rng.random(200) < 0.6, gold, rng.choice(["positive", "neutral", "negative"], size=200))
    matrix = confusion_matrix(gold, labels, labels=["positive", "neutral", "negative"])
    assert kappa_from_matrix(matrix) == pytest.approx(cohen_kappa_score(gold, labels))
    assert np.allclose(kappa_from_matrix(np.stack([matrix, matrix])), cohen_kappa_score(gold, labels))


def test_the_article_interval_brackets_kappa_and_narrows_with_more_articles():
    from coopetition.model.validation import article_interval

    rng = np.random.default_rng(7)

    def coded(n_articles):
        gold = rng.choice(["competition", "none"], size=20 * n_articles)
        labels = np.where(rng.random(len(gold)) < 0.8, gold, rng.choice(["competition", "none"], size=len(gold)))
        return labels, gold, np.repeat([f"a{i}" for i in range(n_articles)], 20)

    few, many = coded(4), coded(60)
    kappa = validate(*few[:2]).kappa
    low, high = article_interval(*few, classes=["competition", "cooperation", "coopetition", "none"])
    assert low <= kappa <= high
    assert article_interval(*few, classes=["competition", "cooperation", "coopetition", "none"]) == (
        low,
        high,
    )  # fixed seed
    wide = high - low
    low, high = article_interval(*many, classes=["competition", "cooperation", "coopetition", "none"])
    assert high - low < wide
    one = (few[0][:20], few[1][:20], few[2][:20])  # one article: nothing to resample
    assert article_interval(*one, classes=["competition", "cooperation", "coopetition", "none"]) == pytest.approx(
        (validate(*one[:2]).kappa,) * 2
    )
    with pytest.raises(ValueError, match="equally long"):
        article_interval(["none"], ["none", "none"], ["a", "a"], classes=["none", "competition"])


def test_the_class_table_gives_each_label_its_precision_and_recall():
    from coopetition.model.validation import class_table

    table = class_table()
    assert list(table.columns) == ["axis", "label", "precision", "recall", "f1", "support"]
    assert table[table["axis"] == "frame"]["label"].tolist() == ["competition", "cooperation", "coopetition", "none"]
    assert table[table["axis"] == "tone"]["label"].tolist() == ["positive", "neutral", "negative"]
    pooled = (shipped_predictions()["scheme"] == "site-disjoint").sum()
    assert (table.groupby("axis")["support"].sum() == pooled).all()
    assert table[["precision", "recall", "f1"]].stack().between(0, 1).all()
    with pytest.raises(ValueError, match="no held-out predictions"):
        class_table(scheme="seeds and tea leaves")


def test_the_shipped_tables_come_back_from_the_cache_unchanged(monkeypatch, tmp_path):
    from coopetition.model.validation import class_table

    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "cache"))
    direct = {
        "cv": cv_table(shipped_predictions()),
        "classes": class_table(predictions=shipped_predictions()),
        "confusion": confusion_table("tone", predictions=shipped_predictions()),
    }
    for _ in range(2):  # built and stored, then read back
        pd.testing.assert_frame_equal(cv_table(), direct["cv"])
        pd.testing.assert_frame_equal(class_table(), direct["classes"])
        pd.testing.assert_frame_equal(confusion_table("tone"), direct["confusion"])
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 3


@pytest.mark.parametrize("mode", ["acurate", "Fast", ""])
def test_shipped_predictions_refuse_an_unknown_mode_by_name(mode):
    with pytest.raises(ValueError, match=r"shipped_predictions\(mode=…\): must be one of"):
        shipped_predictions(mode)

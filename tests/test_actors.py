"""Actor mentions from the alias table."""

import pandas as pd
import pytest

from coopetition import actor_mentions
from coopetition.text.actors import actor_aliases, find_actors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("淘宝接入微信支付,京东关闭入口", ["Alibaba", "Tencent", "JD"]),
        ("视频号小店升级为微信小店", ["Tencent", "Tencent"]),
        ("阿里妈妈与腾讯广告达成深度合作", ["Alibaba", "Tencent"]),
        ("拼多多与抖音电商", ["Pinduoduo", "ByteDance"]),
        ("淘口令被屏蔽", ["Alibaba"]),
        ("QQ商城和QQ网购", ["Tencent", "Tencent"]),
        ("QQQ 和 FAQQ 不是 QQ", ["Tencent"]),  # a Latin alias must stand alone
        ("B站与快手、美团、百度、小红书", ["Bilibili", "Kuaishou", "Meituan", "Baidu", "Xiaohongshu"]),
        ("没有平台", []),
    ],
)
def test_find_actors_uses_the_longest_alias(text, expected):
    assert [actor for _, actor in find_actors(text)] == expected


def test_every_alias_maps_to_one_actor():
    aliases = actor_aliases()
    assert aliases["微信"] == aliases["视频号"] == aliases["微信支付"] == "Tencent"
    assert aliases["淘宝"] == aliases["支付宝"] == aliases["天猫"] == aliases["淘特"] == "Alibaba"
    assert aliases["京东"] == "JD" and aliases["拼多多"] == "Pinduoduo" and aliases["抖音"] == "ByteDance"


def test_actor_mentions_counts_per_article(corpus):
    table = actor_mentions(corpus)
    assert list(table.columns) == ["doc_id", "actor", "mentions", "per_10k_chars"]
    grid = table.pivot(index="actor", columns="doc_id", values="mentions")
    assert (grid.loc["Tencent"] > 30).all()
    assert grid.loc["JD", "003"] > grid.loc["JD", "002"]
    assert grid.loc["Alibaba", "002"] == grid.loc["Alibaba"].max()
    assert len(table) == grid.size  # zeros are rows too


def test_actor_mentions_on_a_hand_made_corpus():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["微信与京东。微信支付", "淘宝"]})
    table = actor_mentions(corpus).set_index(["doc_id", "actor"])["mentions"].to_dict()
    assert table == {
        ("a", "Tencent"): 2,
        ("a", "JD"): 1,
        ("a", "Alibaba"): 0,
        ("b", "Alibaba"): 1,
        ("b", "JD"): 0,
        ("b", "Tencent"): 0,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("騰訊與阿里巴巴在雲端市場激烈競爭", [("騰訊", "Tencent"), ("阿里巴巴", "Alibaba")]),
        ("美團與餓了麼的外賣大戰", [("美團", "Meituan"), ("餓了麼", "Alibaba")]),
        ("京東購物入口關閉,微信支付照常", [("京東購物", "JD"), ("微信支付", "Tencent")]),
        ("腾讯与京东", [("腾讯", "Tencent"), ("京东", "JD")]),  # simplified passes unchanged
    ],
)
def test_find_actors_reads_traditional_script_and_reports_its_own_surface(text, expected):
    assert find_actors(text) == expected


def test_actor_mentions_counts_traditional_articles():
    corpus = pd.DataFrame({"doc_id": ["t", "s"], "text": ["騰訊與京東。騰訊", "腾讯与京东。腾讯"]})
    table = actor_mentions(corpus).set_index(["doc_id", "actor"])["mentions"]
    assert table["t"].to_dict() == table["s"].to_dict() == {"Tencent": 2, "JD": 1}


@pytest.mark.parametrize("bad", [None, 42, b"\xe8\x85\xbe\xe8\xae\xaf"])
def test_find_actors_rejects_non_text(bad):
    with pytest.raises(TypeError, match="text must be a str"):
        find_actors(bad)


def test_actor_mentions_names_the_article_with_bad_text():
    with pytest.raises(TypeError, match="text of b must be a str"):
        actor_mentions(pd.DataFrame({"doc_id": ["a", "b"], "text": ["腾讯", None]}))

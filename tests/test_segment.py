"""Segmentation: content tokens with the domain dictionary, and sentences."""

import multiprocessing

import pytest

from coopetition import paths, split_sentences, tokenize
from coopetition.segment import get_tokenizer, stopwords


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("构建以视频号制造增量、微信小店承接交易、搜一搜和小程序承担货架分发的自有电商生态体系",
         ["视频号", "微信小店", "搜一搜", "小程序"]),
        ("9月12日,据用户线索,“京东购物”公众号发布", ["京东购物", "公众号"]),
        ("确认微信“发现-购物”的京东购物入口将于9月30日关闭", ["微信", "京东", "购物入口"]),
        ("微信封禁了多个外部链接", ["微信", "封禁"]),  # jieba alone: 微/信封/禁
        ("其中“推客”成为最具潜力的增长引擎", ["推客"]),
        ("这种“你中有我、我中有你”的竞合关系", ["竞合"]),
        ("拼多多长期依赖微信社交裂变模式获取流量", ["拼多多", "社交裂变"]),
        ("2023年9月,阿里妈妈与腾讯广告达成深度合作", ["阿里妈妈", "腾讯广告"]),
        ("走向互联互通", ["互联互通"]),
        ("且联动其他私域流量", ["私域流量"]),
        ("微信一级入口关闭后", ["一级入口"]),
        ("支付宝关闭微信商家付款接口", ["支付宝"]),
        ("这场持续十几年的“相爱相杀”终于迎来转折点", ["相爱相杀"]),
    ],
)
def test_domain_words_stay_whole(sentence, words):
    tokens = tokenize(sentence)
    for word in words:
        assert word in tokens


def test_tokens_hold_no_stopwords_punctuation_or_bare_numbers(texts):
    for text in texts.values():
        for token in tokenize(text):
            assert token not in stopwords()
            assert len(token) >= 2
            assert not token.replace(".", "").isdigit()
            assert any(ch.isalnum() for ch in token)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那么,这是要搞大动作吗?", ["动作"]),
        ("带货GMV超3000亿元,年费用估计在80-100亿元", ["带货", "GMV", "费用", "估计"]),
        ("13.85亿月活用户", ["月活", "用户"]),
        ("一二三 100% 3,000 ... —— A", []),
    ],
)
def test_tokenize_filters(text, expected):
    assert tokenize(text) == expected


def test_keep_stopwords_returns_every_word():
    assert tokenize("合作并未终止", keep_stopwords=True) == ["合作", "并未", "终止"]


def _tokenize_in_worker(sentence):
    return tokenize(sentence)


def test_the_domain_dictionary_takes_effect_in_a_spawned_worker():
    sentence = "视频号与微信小店形成的互联互通,推客和私域流量"
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        in_worker = pool.apply(_tokenize_in_worker, (sentence,))
    assert in_worker == tokenize(sentence)
    assert {"视频号", "微信小店", "互联互通", "推客", "私域流量"} <= set(in_worker)


def test_jieba_cache_lives_in_the_project_cache():
    tokenizer = get_tokenizer()
    assert tokenizer.tmp_dir == str(paths.cache_dir() / "jieba")
    assert (paths.cache_dir() / "jieba" / "jieba.cache").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合作终止。“你中有我”的竞合关系?\n结语", ["合作终止。", "“你中有我”的竞合关系?", "结语"]),
        ("2014年,支付宝关闭微信商家付款接口;2015年,腾讯屏蔽支付宝红包分享;",
         ["2014年,支付宝关闭微信商家付款接口;", "2015年,腾讯屏蔽支付宝红包分享;"]),
        ("他说:“合作终止了!”随后离开……然后呢", ["他说:“合作终止了!”", "随后离开……", "然后呢"]),
        ("13.85亿月活用户,DR.100EC.CN门户。", ["13.85亿月活用户,DR.100EC.CN门户。"]),
        ("", []),
        ("。。。\n\n", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_every_seed_sentence_is_nonempty_and_the_text_is_covered(texts):
    for text in texts.values():
        sentences = split_sentences(text)
        assert len(sentences) > 20
        assert "".join(sentences) == text.replace("\n", "")

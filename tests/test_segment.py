"""Segmentation: content tokens with the domain dictionary, and sentences."""

import multiprocessing

import pytest

from coopetition import paths, split_sentences, tokenize
from coopetition.text.segment import (
    SEGMENTER_ENV,
    default_segmenter,
    get_tokenizer,
    is_content_token,
    segment,
    stopwords,
    term_key,
    user_words,
)

BACKENDS = ["jieba", "rjieba"]


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        (
            "构建以视频号制造增量、微信小店承接交易、搜一搜和小程序承担货架分发的自有电商生态体系",
            ["视频号", "微信小店", "搜一搜", "小程序"],
        ),
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


# sentences written in the patterns of the news (not copied from it): names before a speech
# verb, a firm name glued to a particle, brands inside longer phrases
@pytest.mark.parametrize("segmenter", BACKENDS)
@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("刘强东表示,京东不会放弃外卖", ["刘强东"]),  # jieba alone: 刘强/东
        ("老板刘强东的内部讲话流出", ["刘强东"]),
        ("英伟达的芯片被大厂抢购一空", ["英伟达"]),  # jieba alone: 英/伟达
        ("东方甄选宣布入驻淘宝", ["东方甄选", "淘宝"]),  # jieba alone: 东方/甄选
        ("淘天的新任CEO蒋凡回应称", ["淘天", "蒋凡"]),
        ("王兴上一条饭否被传出后", ["王兴"]),
        ("俞永福随后调任高德,统筹口碑业务", ["俞永福", "高德", "口碑"]),
        ("速卖通是最早出海的平台之一", ["速卖通"]),
        ("拼多多旗下的Temu和希音在美国竞争", ["Temu", "希音"]),
        ("美团优选与多多买菜在社区团购市场交锋", ["美团优选", "多多买菜", "社区团购"]),
        ("抖音商城版上线后,快手电商也在跟进全托管模式", ["抖音商城", "快手电商", "全托管"]),
        ("辛利军与许冉先后接任京东CEO", ["辛利军", "许冉"]),
    ],
)
def test_names_of_the_field_stay_whole(sentence, words, segmenter):
    tokens = tokenize(sentence, segmenter=segmenter)
    for word in words:
        assert word in tokens, tokens


@pytest.mark.parametrize("segmenter", BACKENDS)
@pytest.mark.parametrize(
    ("sentence", "words", "not_words"),
    [
        # a firm with a corporate form stays the firm, so its count is not split
        ("京东集团发布财报,阿里巴巴集团随后跟进", ["京东", "阿里巴巴"], ["京东集团", "阿里巴巴集团"]),
        # another person whose name starts like a listed one
        ("分析师刘强认为增速放缓", ["刘强"], ["刘强东"]),
        # ordinary words that look like the start of a listed name
        ("东方的市场与西方不同", ["东方", "市场"], ["东方甄选"]),
        ("他到店里买了东西", [], ["到店"]),
    ],
)
def test_look_alikes_of_listed_names_are_not_merged(sentence, words, not_words, segmenter):
    tokens = tokenize(sentence, segmenter=segmenter)
    for word in words:
        assert word in tokens, tokens
    for word in not_words:
        assert word not in tokens, tokens


def test_the_domain_dictionary_file_has_a_header_and_no_duplicates():
    from coopetition._data import read_text

    text = read_text("userdict.txt")
    assert text.startswith("#") and "How it was grown" in text
    words = [line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(words) == len(set(words))
    assert {"刘强东", "英伟达", "东方甄选", "Temu", "SHEIN"} <= set(user_words())


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("据知情人士透露,京东将回应", ["京东", "回应"]),  # who told the reporter goes, what happened stays
        ("记者获悉,业内人士坦言美团承压", ["美团", "承压"]),
        ("用户的知情权受到保护", ["用户", "知情权", "受到", "保护"]),  # a look-alike that is content
    ],
)
def test_reporting_words_of_news_are_not_terms(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize("segmenter", BACKENDS)
def test_keep_stopwords_returns_every_word(segmenter):
    assert tokenize("合作并未终止", keep_stopwords=True, segmenter=segmenter) == ["合作", "并未", "终止"]
    assert tokenize("合作 并未\n终止", keep_stopwords=True, segmenter=segmenter) == ["合作", "并未", "终止"]


# jieba-rs keeps these Latin runs whole, jieba splits them: the rjieba path must split them the same way
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("详见news.qq.com网站", ["详见", "news", ".", "qq", ".", "com", "网站"]),
        ("费用在80-100亿元", ["费用", "在", "80", "-", "100", "亿元"]),
        ("Non-GAAP净利润", ["Non", "-", "GAAP", "净利润"]),
        ("om_bt参数", ["om", "_", "bt", "参数"]),
        ("增长3.5%,达13.85亿", ["增长", "3.5%", ",", "达", "13.85", "亿"]),  # decimals and percentages stay whole
        ("用C++和AT&T", ["用", "C++", "和", "AT&T"]),  # words of jieba's dictionary stay whole
        ("微信封禁 TikTok", ["微信", "封禁", " ", "TikTok"]),
    ],
)
def test_both_backends_segment_latin_runs_as_jieba(text, words):
    assert segment(text, segmenter="jieba") == words
    assert segment(text, segmenter="rjieba") == words


@pytest.mark.parametrize("segmenter", BACKENDS)
def test_segment_gives_back_the_text(segmenter, texts):
    for text in texts.values():
        assert "".join(segment(text, segmenter=segmenter)) == text


def test_the_environment_chooses_the_default_segmenter(monkeypatch):
    monkeypatch.delenv(SEGMENTER_ENV, raising=False)
    assert default_segmenter() == "rjieba"
    monkeypatch.setenv(SEGMENTER_ENV, "jieba")
    assert default_segmenter() == "jieba"
    monkeypatch.setenv(SEGMENTER_ENV, " RJIEBA ")
    assert default_segmenter() == "rjieba"


@pytest.mark.parametrize(
    ("env", "argument", "used", "unused"),
    [
        (None, None, "get_fast_tokenizer", "get_tokenizer"),  # rjieba by default
        ("jieba", None, "get_tokenizer", "get_fast_tokenizer"),
        (None, "jieba", "get_tokenizer", "get_fast_tokenizer"),
        ("jieba", "rjieba", "get_fast_tokenizer", "get_tokenizer"),  # the argument wins over the environment
    ],
)
def test_the_chosen_backend_is_the_one_that_runs(monkeypatch, env, argument, used, unused):
    def unusable():
        raise AssertionError(f"{unused} must not run")

    if env is None:
        monkeypatch.delenv(SEGMENTER_ENV, raising=False)
    else:
        monkeypatch.setenv(SEGMENTER_ENV, env)
    monkeypatch.setattr(f"coopetition.text.segment.{unused}", unusable)
    assert tokenize("刘强东称英伟达", segmenter=argument) == ["刘强东", "英伟达"]


@pytest.mark.parametrize(
    ("env", "argument", "message"),
    [
        ("pkuseg", None, "COOPETITION_SEGMENTER='pkuseg'"),
        (None, "hanlp", "segmenter='hanlp'"),
    ],
)
def test_an_unknown_segmenter_is_named_in_the_error(monkeypatch, env, argument, message):
    if env is None:
        monkeypatch.delenv(SEGMENTER_ENV, raising=False)
    else:
        monkeypatch.setenv(SEGMENTER_ENV, env)
    with pytest.raises(ValueError, match=message):
        tokenize("微信", segmenter=argument)


def test_without_rjieba_the_default_is_jieba_and_asking_for_rjieba_says_so(monkeypatch):
    monkeypatch.delenv(SEGMENTER_ENV, raising=False)
    monkeypatch.setattr("coopetition.text.segment._HAVE_RJIEBA", False)
    assert default_segmenter() == "jieba"
    assert tokenize("刘强东称英伟达") == ["刘强东", "英伟达"]
    with pytest.raises(ValueError, match="rjieba is not installed"):
        tokenize("微信", segmenter="rjieba")


@pytest.mark.parametrize("bad", [None, b"\xe5\xbe\xae\xe4\xbf\xa1", 12, ["微信"]])
def test_non_text_is_a_clear_type_error(bad):
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize(bad)
    with pytest.raises(TypeError, match="term must be a str"):
        term_key(bad)


@pytest.mark.parametrize(
    ("term", "key"),
    [
        ("TEMU", "temu"),
        ("Temu", "temu"),
        ("temu", "temu"),
        ("TikTok电商", "tiktok电商"),
        ("微信", "微信"),
        ("B站", "b站"),
    ],
)
def test_term_key_folds_latin_case_only(term, key):
    assert term_key(term) == key


@pytest.mark.parametrize("segmenter", BACKENDS)
def test_content_tokens_are_exactly_the_words_that_count(texts, segmenter):
    # tokenize decides once per token type; the result must be the plain per-token filter
    for text in texts.values():
        words = segment(text, segmenter=segmenter)
        for min_len in (1, 2, 3):
            expected = [w for w in words if is_content_token(w, min_len=min_len)]
            assert tokenize(text, min_len=min_len, segmenter=segmenter) == expected


def test_a_full_table_of_token_types_starts_afresh_with_the_same_tokens(monkeypatch, texts):
    import coopetition.text.segment as segment_module

    text = texts["001"]
    expected = tokenize(text)
    monkeypatch.setattr(segment_module, "_MAX_TYPES", 50)
    for _ in range(3):
        assert tokenize(text) == expected
        table = segment_module._tables[(default_segmenter(), 2)]
        assert len(table) <= len(set(segment(text))) + len(table.split)  # this text's types only: it started afresh


@pytest.mark.parametrize("segmenter", BACKENDS)
def test_a_text_with_a_known_run_to_split_and_a_new_word_gets_both_decided(monkeypatch, segmenter):
    """Decisions per type are kept between texts: a later text that holds a run
    already split (news.qq.com) and a type never seen (a made-up firm) needs both."""
    import coopetition.text.segment as segment_module

    monkeypatch.setattr(segment_module, "_tables", {})
    first = "据news.qq.com报道,京东与微信续约。"
    later = "另据news.qq.com报道,鋆鑫科技与拼多多签约,金额为3.5亿元。"
    for text in (first, later, first, later):
        words = segment(text, segmenter=segmenter)
        assert "".join(words) == text
        assert "news.qq.com" not in words and "qq" in words  # split as jieba splits it
        assert tokenize(text, segmenter=segmenter) == [w for w in words if is_content_token(w)]


def _tokenize_in_worker(sentence, segmenter):
    return tokenize(sentence, segmenter=segmenter)


@pytest.mark.parametrize("segmenter", BACKENDS)
@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_the_domain_dictionary_takes_effect_in_a_worker(method, segmenter):
    sentence = "视频号与微信小店形成的互联互通,推客和私域流量;刘强东称英伟达"
    tokenize("预热", segmenter=segmenter)  # a forked worker inherits a finished tokenizer
    with multiprocessing.get_context(method).Pool(1) as pool:
        in_worker = pool.apply(_tokenize_in_worker, (sentence, segmenter))
    assert in_worker == tokenize(sentence, segmenter=segmenter)
    assert {"视频号", "微信小店", "互联互通", "推客", "私域流量", "刘强东", "英伟达"} <= set(in_worker)


def test_jieba_cache_lives_in_the_project_cache():
    tokenizer = get_tokenizer()
    assert tokenizer.tmp_dir == str(paths.cache_dir() / "jieba")
    assert (paths.cache_dir() / "jieba" / "jieba.cache").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合作终止。“你中有我”的竞合关系?\n结语", ["合作终止。", "“你中有我”的竞合关系?", "结语"]),
        (
            "2014年,支付宝关闭微信商家付款接口;2015年,腾讯屏蔽支付宝红包分享;",
            ["2014年,支付宝关闭微信商家付款接口;", "2015年,腾讯屏蔽支付宝红包分享;"],
        ),
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


def test_term_keys_fold_a_whole_list_as_term_key_folds_each_term():
    from coopetition.text.segment import term_key, term_keys

    terms = ["TEMU", "Temu", "京东", "ΟΔΟΣ", "ΣΑΣ", "İstanbul", "STRASSE", "Straße", "ＡＢＣ", "", "a\nB", "iPhone15"]
    assert term_keys(terms) == [term_key(t) for t in terms]
    assert term_keys([]) == []
    with pytest.raises(TypeError, match="term must be a str, not int"):
        term_keys(["京东", 3])

"""Cleaning steps, each on real seed lines and on adversarial input."""

import re

import pytest

from coopetition import clean_text
from coopetition.clean import (
    CLEANING_CHAIN,
    compose,
    detect_script,
    drop_boilerplate_lines,
    drop_duplicate_lines,
    drop_footer,
    drop_toc,
    fold_width,
    load_boilerplate_rules,
    normalize_newlines,
    normalize_whitespace,
    remove_encoding_damage,
    strip_line_prefixes,
    strip_reading_annotations,
    to_simplified,
)

TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("網(wǎng)傳阿里巴巴與微信", "網傳阿里巴巴與微信"),
        ("實質(zhì)性合作", "實質性合作"),
        ("拆墻”運動,比想象中更猛烈", "拆墻”運動,比想象中更猛烈"),
        ("關(guān)閉微信跳轉(zhuǎn)通道", "關閉微信跳轉通道"),
        # a gloss glued to a Latin letter (a decode artefact of 礎 = B5 41 'A')
        ("阿里系A(chǔ)PP(餓了么、優(yōu)酷等)", "阿里系APP(餓了么、優酷等)"),
        # real parentheses survive
        ("CPM(千次展示成本)達到180元", "CPM(千次展示成本)達到180元"),
        ("微信事业群(WXG)有重大调整", "微信事业群(WXG)有重大调整"),
        ("(1)腾讯内部数据显示", "(1)腾讯内部数据显示"),
        ("供應(yīng)商(支付工具)多元化", "供應商(支付工具)多元化"),
        ("評論列表(0條)", "評論列表(0條)"),
        # adversarial: toneless or multi-syllable or spaced parentheses are not glosses
        ("推出了App(app)", "推出了App(app)"),
        ("你好 (nǐ hǎo)", "你好 (nǐ hǎo)"),
        ("拼音 (wǎng)", "拼音 (wǎng)"),
    ],
)
def test_strip_reading_annotations_removes_glosses_only(raw, expected):
    assert strip_reading_annotations(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the five damaged spans of the seeds (after glosses are stripped)
        ("打通了內容場景營銷與線下履約的通道??焓值膬?nèi)容創作者們", "打通了內容場景營銷與線下履約的通道容創作者們"),
        ("構建多方共贏的產業生態??焓峙c美團的“內容", "構建多方共贏的產業生態美團的“內容"),
        ("這個思路轉變是值得表?yè)P的,務實地", "這個思路轉變是值得表的,務實地"),
        ("強化微信入口的集中流量?jī)?yōu)勢,另一方面", "強化微信入口的集中流量勢,另一方面"),
        ("一切不正常的都終歸要?dú)w位,朋友是朋友", "一切不正常的都終歸要位,朋友是朋友"),
        # replacement characters from a lossy decode
        ("流量\ufffd\ufffd入口", "流量入口"),
        # real question marks survive
        ("淘寶竟與微信支付開啟了合作之旅?這一舉動", "淘寶竟與微信支付開啟了合作之旅?這一舉動"),
        ("这是要搞大动作抢电商蛋糕?", "这是要搞大动作抢电商蛋糕?"),
        ("超越当前大的电商平台吗?评论区聊聊你的看法!", "超越当前大的电商平台吗?评论区聊聊你的看法!"),
        ("真的吗?微信B端还有机会", "真的吗?微信B端还有机会"),
        ("what? yes (maybe)", "what? yes (maybe)"),
    ],
)
def test_remove_encoding_damage_drops_garbled_spans_and_keeps_punctuation(raw, expected):
    assert remove_encoding_damage(raw) == expected


def test_damage_counts_match_the_delivered_files(corpus):
    counts = dict(zip(corpus["doc_id"], corpus["n_damaged_spans"]))
    assert counts == {"000": 0, "001": 0, "002": 2, "003": 3, "004": 0}


@pytest.mark.parametrize("doc_id", ["000", "001", "002", "003", "004"])
def test_clean_text_leaves_no_pinyin_no_damage_no_traditional(texts, doc_id):
    text = texts[doc_id]
    assert not TONE_MARKS.search(text), "pinyin debris left"
    assert "\ufffd" not in text and "??" not in text
    assert not re.search(r"\?[a-z]", text)
    for garbled in "焓膬峙":
        assert garbled not in text
    assert detect_script(text) == "simplified"
    assert "\r" not in text and "\n\n" not in text


def test_real_parentheses_survive_the_whole_chain(texts):
    assert "CPM(千次展示成本)达到180元" in texts["000"]
    assert "微信事业群(WXG)" in texts["004"]
    assert "(1)腾讯内部数据显示" in texts["000"]
    assert "(支付工具)" in texts["002"]
    assert "阿里系APP(饿了么、优酷等)" in texts["002"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("淘寶與微信支付", "淘宝与微信支付"),
        ("乾坤大挪移", "乾坤大挪移"),  # t2s phrase table: 乾坤 is not 干坤
        ("乾淨的生態", "干净的生态"),
        ("隨著移動互聯網的發展", "随着移动互联网的发展"),  # t2s leaves 著; the particle becomes 着
        ("這意味著淘寶", "这意味着淘宝"),
        ("顯著提升,著名品牌", "显著提升,著名品牌"),  # zhù words keep 著 (tw2s would write 显着)
        ("阿里系APP(餓了麼、優酷等)", "阿里系APP(饿了么、优酷等)"),  # tw2s would write 饿了幺
        ("頭條資訊", "头条资讯"),  # no Taiwan phrase rewriting (tw2sp would write 信息)
    ],
)
def test_to_simplified_uses_t2s_with_the_particle_fix(raw, expected):
    assert to_simplified(raw) == expected


def test_to_simplified_leaves_simplified_seeds_unchanged(raws):
    for doc_id in ("000", "001", "004"):
        assert to_simplified(raws[doc_id]) == raws[doc_id]
        assert detect_script(raws[doc_id]) == "simplified"
    assert detect_script(raws["002"]) == detect_script(raws["003"]) == "traditional"


def test_traditional_and_simplified_spellings_become_one_term(texts):
    assert "淘寶" not in texts["002"] and texts["002"].count("淘宝") > 40


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２％的用户，ＡＰＰ", "12%的用户,APP"),
        ("微信（WXG）：调整？", "微信(WXG):调整?"),
        ("句号。顿号、引号“”", "句号。顿号、引号“”"),
    ],
)
def test_fold_width_folds_fullwidth_ascii_only(raw, expected):
    assert fold_width(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("入口将于 9 月 30 日关闭", "入口将于9月30日关闭"),
        ("  4月,京东与微信达成了合作计划。  ", "4月,京东与微信达成了合作计划。"),
        ("京东和微信合作关系 签夫妻档终生长约", "京东和微信合作关系 签夫妻档终生长约"),
        ("B Color Link Quote", "B Color Link Quote"),
        ("第一段\n \n\u3000\n第二段\u200b", "第一段\n第二段"),
        ("微信 “服务 — 购物消费” 中的", "微信“服务—购物消费”中的"),
    ],
)
def test_normalize_whitespace(raw, expected):
    assert normalize_whitespace(fold_width(raw)) == expected


def test_normalize_newlines():
    assert normalize_newlines.apply("a\r\nb\rc") == ("a\nb\nc", 2)


@pytest.mark.parametrize(
    "line",
    [
        "蓝海亿观网2025年09月24日 0",
        "2015-06-09|HiShop",
        "其他 其他 3501 人阅读 | 0 人回复 | 2025-05-17",
        "出品 | 网经社",
        "作者 | 山月",
        "审稿 | 云马",
        "配图 |网经社图库",
        "qw1.jpg",
        "(网经社注:图为网经社电子商务研究中心特约研究员刘俊斌)",
        "01.",
    ],
)
def test_drop_boilerplate_lines_removes_furniture(line):
    text = f"正文第一段。\n{line}\n正文第二段。"
    assert drop_boilerplate_lines.apply(text) == ("正文第一段。\n正文第二段。", 1)


@pytest.mark.parametrize(
    "line",
    [
        "2013年,淘宝以“保护用户安全”之名,毅然关闭微信跳转通道。",
        "2024年成为关键转折点。",
        "作者认为,竞合是常态。",
        "(1)腾讯内部数据显示,微信购物入口的点击转化率在过去三年下降超过40%",
        "1.基础设施仍需优化",
    ],
)
def test_drop_boilerplate_lines_keeps_content(line):
    assert drop_boilerplate_lines.apply(line) == (line, 0)


def test_strip_line_prefixes_cuts_stacked_labels_and_keeps_the_lead():
    text, n = strip_line_prefixes.apply("(网经社讯)导读:5月14日,腾讯内部发布全员邮件")
    assert (text, n) == ("5月14日,腾讯内部发布全员邮件", 2)


@pytest.mark.parametrize(
    ("marker", "doc_id", "last_kept"),
    [
        ("【小贴士】", "000", "而是生态共赢。"),
        ("版权说明", "002", "这场“拆墙”运动,终将写出中国互联网的“更新”篇章。"),
        ("重磅推荐", "003", "更是微信朋友圈生态的超有价值的一环。"),
        ("关注下面的话题", "004", "评论区聊聊你的看法!"),
    ],
)
def test_footers_are_dropped_and_the_last_paragraph_kept(texts, marker, doc_id, last_kept):
    text = texts[doc_id]
    assert marker not in text
    assert text.endswith(last_kept)


def test_forum_furniture_is_gone(texts):
    for debris in ("使用道具", "举报", "TA的作品", "TA的资料", "本版积分规则", "人阅读", "qw1.jpg", "qw2.jpg"):
        assert debris not in texts["004"]


def test_toc_under_abstract_is_dropped_and_headings_kept_once(texts):
    text = texts["001"]
    assert "【摘要】" not in text
    assert text.count("一、微信电商战略升级:从功能模块到独立业务") == 1
    assert text.count("结语") == 1


def test_drop_toc_stops_at_the_first_entry_that_does_not_recur():
    text = "【目录】\n一、背景\n正文开始。\n一、背景\n内容。"
    assert drop_toc.apply(text) == ("正文开始。\n一、背景\n内容。", 2)


def test_duplicated_title_and_truncated_lead_are_dropped(texts):
    text = texts["003"]
    assert text.count("京东和微信合作关系 签夫妻档终生长约") == 1
    assert text.count("4月,京东与微信达成了合作计划") == 1
    assert "..." not in text and "导读" not in text


def test_drop_duplicate_lines_keeps_short_repeats_and_unrelated_ellipses():
    text = "结语\n一段话...\n结语\n另一段完全不同的较长的话,这里没有重复的开头。"
    assert drop_duplicate_lines.apply(text) == (text, 0)


def test_boilerplate_rules_are_data_a_new_outlet_is_a_few_lines():
    rules = load_boilerplate_rules(
        """
        [outlets."示例网"]
        detect = ['示例网']
        lines = ['^示例网讯$']
        footers = ['^推荐阅读']
        """
    )
    text = "示例网讯\n正文。\n推荐阅读\n别的文章"
    text = drop_footer(text, rules=rules)
    assert drop_boilerplate_lines(text, rules=rules) == "正文。"


def test_a_bad_boilerplate_rule_names_itself():
    with pytest.raises(ValueError, match=r"lines = '\(unclosed'"):
        load_boilerplate_rules("[generic]\nlines = ['(unclosed']")


def test_chain_is_explicit_and_composable():
    names = [step.name for step in CLEANING_CHAIN]
    assert names.index("annotations") < names.index("damaged_spans") < names.index("simplified_chars")
    assert names.index("simplified_chars") < names.index("boilerplate_lines")
    custom = compose(strip_reading_annotations, to_simplified)
    assert custom("網(wǎng)絡(luò)") == "网络"


def test_clean_text_is_idempotent(texts):
    for text in texts.values():
        assert clean_text(text) == text


@pytest.mark.parametrize("raw", ["", "\n\n", "???", "(wǎng)", "\ufffd"])
def test_clean_text_survives_degenerate_input(raw):
    assert isinstance(clean_text(raw), str)

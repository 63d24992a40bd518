"""Cleaning steps, each on real seed lines and on adversarial input."""

import re

import pytest

from coopetition import clean_text
from coopetition.text.clean import (
    CLEANING_CHAIN,
    REPORT_COLUMNS,
    clean_with_report,
    compose,
    detect_script,
    drop_blank_lines,
    drop_boilerplate_lines,
    drop_code_lines,
    drop_duplicate_lines,
    drop_footer,
    drop_toc,
    drop_urls,
    fix_variants,
    fold_tw_vocabulary,
    fold_width,
    join_wrapped_lines,
    load_boilerplate_rules,
    normalize_newlines,
    normalize_whitespace,
    recover_mojibake,
    remove_encoding_damage,
    strip_inline_credits,
    strip_line_prefixes,
    strip_markdown,
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
        # a paragraph break is kept as one blank line until the chain's last step
        ("第一段\n \n\u3000\n第二段\u200b", "第一段\n\n第二段"),
        ("微信 “服务 — 购物消费” 中的", "微信“服务—购物消费”中的"),
        # Latin prose keeps its spaces after a mark and before a bracket: an English quote or name
        (
            "腾讯表示 WeChat Pay, the two companies said. Shares rose 5%. Then",
            "腾讯表示WeChat Pay, the two companies said. Shares rose 5%. Then",
        ),
        (
            "“We are not competitors, we are partners.” 刘强东说。",
            "“We are not competitors, we are partners.”刘强东说。",
        ),
        ("WeChat (Tencent) and Taobao (Alibaba) compete.", "WeChat (Tencent) and Taobao (Alibaba) compete."),
        # ...and Chinese text around a mark or bracket still loses them
        ("京东 , 美团 。", "京东,美团。"),
        ("苹果 (Apple) 与 Google 合作", "苹果(Apple)与Google合作"),
        ("营收 1,953.04 亿元 , 同比增长 5%", "营收1,953.04亿元,同比增长5%"),
        ("他说: 合作很好", "他说:合作很好"),
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
        # bylines and credits with every separator, after Markdown and width folding
        "作者|张三",
        "作者 | 张三",
        "作者/张三",
        "作者:张三",
        "文丨张三 李四 编辑丨王五",
        "作者|张三 编辑|李四",
        "文 张三",
        "责任编辑:王五",
        "出品|某某工作室",
        "运营|小明",
        "题图|IC photo",
        "题图来源:视觉中国",
        "图注:某应用的首页界面。",
        "图片来源:网络",
        "(图源:视觉中国)",
        "(图源/某公司截图)",
        "视觉中国",
        "▲图/视觉中国",
        "原标题:某某公司发布年报",
        "来源:某某新闻",
        "以下文章来源于某某科技,作者张三",
        "本文经某某授权转载",
        "某某科技讯",
        "划重点:",
        "(应受访者要求,张三为化名)",
        # copyright and reprint notices
        "某某新闻出品内容,未经授权,不得复制和转载,否则将追究法律责任",
        "文章为某某原创,侵权必究。",
        "版权所有 © 2024 某某网",
        "转载请注明出处",
        # breadcrumbs, prompts, menus, SEO
        "您的位置:首页>科技>正文",
        "某某首页>某某号>正文",
        "打开APP",
        "打开某某APP阅读全文",
        "扫码下载某某客户端",
        "点击关注某某公众号",
        "分享到:",
        "微信 微博 QQ空间",
        "首页|新闻|财经|科技|体育",
        "电商,京东,淘宝,拼多多,优惠券,返利,团购",
        "[图片]",
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
        # body sentences that mention furniture words
        "作者在书中写道,平台之间的竞争从未停止。",
        "多位接近阿里的消息来源透露,双方已恢复谈判。",
        "据知情人士透露,该消息来源于公司内部邮件。",
        "编辑部收到了大量读者来信,讨论平台二选一。",
        "法院认为,版权法保护的是表达而非思想,平台应当尽到审核义务。",
        "“SHEIN对第三方商家上架商品的版权问题审核严格。”有商家透露。",
        "打开APP后会默认显示商城界面,首页设有搜索栏。",
        "京东表示将依法追究造谣者的法律责任。",
        "刘强东曾告诉记者,“如果不能控制这家企业,我宁愿把它卖掉”。",
        "腾讯科技讯,这一消息尚未得到证实,记者联系了相关负责人。",
        "2023年营收>预期,利润<预期。",
        "最新资讯",  # a heading ending in 讯 that is no wire credit
        "深圳腾讯",
        "图为行业分析示意,仅供参考,数据来自公开财报,不构成投资建议,具体以公司公告为准,本报记者整理。" * 2,
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
    text = "示例网讯\n第一段正文。\n第二段正文。\n推荐阅读\n别的文章"  # a footer marker counts in the last third
    text = drop_footer(text, rules=rules)
    assert drop_boilerplate_lines(text, rules=rules) == "第一段正文。\n第二段正文。"


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


# --- encoding damage in general ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # an orphan gloss, then misaligned characters up to the stray trail byte "w"
        ("大廠們?yōu)楹渭w搶灘電商", "大廠們搶灘電商"),
        # UTF-8 read as GBK: box drawing and bopomofo inside a run of rare characters
        ("測試?!辈┩ㄗ稍兘鹑跇I金融業", "測試金融業"),
        # misaligned characters between the "?" of two lost bytes
        ("雙方??焓钟朊劳诺暮献?合作", "雙方合作"),
        # two strong marks together (box drawing, bopomofo)
        ("流量\u2553\u3108入口", "流量入口"),
    ],
)
def test_remove_encoding_damage_finds_damage_by_what_it_is(raw, expected):
    text, n = remove_encoding_damage.apply(raw)
    assert (text, n) == (expected, 1)


@pytest.mark.parametrize(
    "line",
    [
        "他的回应被网友揶揄?不,是调侃。",  # rare characters before a real question mark
        "他说:“揶揄?”",
        "行业佼佼者,魑魅魍魉,一网打尽。",  # rare words, but never five rare characters in a run
        "这是真的吗?微信B端还有机会",
        "表格边框│不算乱码",  # one box-drawing character alone
    ],
)
def test_remove_encoding_damage_keeps_rare_words_and_real_question_marks(line):
    assert remove_encoding_damage.apply(line) == (line, 0)


def _utf8_read_as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="replace")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a whole sentence of UTF-8 read as GBK, in the middle of good text
        (f"报道称{_utf8_read_as_gbk('阿里巴巴与京东达成了合作')}。", "报道称阿里巴巴与京东达成了合作。"),
        # GBK bytes read as Big5, and Big5 bytes read as GBK
        ("淘宝与微信支付开启合作".encode("gbk").decode("big5", errors="replace"), "淘宝与微信支付开启合作"),
        ("淘寶與微信支付開啟了合作".encode("big5").decode("gbk", errors="replace"), None),
    ],
)
def test_recover_mojibake_redecodes_what_survives(raw, expected):
    text, n = recover_mojibake.apply(raw)
    if expected is None:  # Big5 read as GBK loses bytes in GBK's unmapped cells: nothing to gain
        assert n == 0 or "淘寶" in text
    else:
        assert (text, n) == (expected, 1)


@pytest.mark.parametrize(
    "line",
    [
        "行业佼佼者对此颇为揶揄,称之为“饕餮盛宴”。",
        "淘寶竟與微信支付開啟了合作之旅?這一舉動",
        "京东与美团在即时零售领域展开竞争。",
    ],
)
def test_recover_mojibake_leaves_good_text_alone(line):
    assert recover_mojibake.apply(line) == (line, 0)


# --- Markdown, URLs, code -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("# 京东与美团的新战场", "京东与美团的新战场"),
        ("正文。\n\n![](https://img.example.cn/a/b-\n--c/1000)\n\n下一段。", "正文。\n\n\n\n下一段。"),
        ("![](https://img.example.cn/x/1000)_来源:图库_\n正文。", "\n正文。"),
        ("![](https://img.example.cn/x/1000)\n_▲ 某公司发布会现场。图\n/ 图库_\n正文。", "\n正文。"),
        ("详见公司公告[>>>详细\n](https://example.cn/a)。", "详见公司公告。"),
        ("据[京东黑板报](https://example.cn/jd)消息,双方达成合作。", "据京东黑板报消息,双方达成合作。"),
        ("([电话会实录](https://example.cn/1)|[业绩解读](https://example.cn/2))\n正文。", "\n正文。"),
        ("**作者|**张三", "作者|张三"),
        ("**划重点:**\n\n  * _1_ 第一点内容。\n  * _2_ 第二点内容。", "划重点:\n\n第一点内容。\n第二点内容。"),
        ("这是**最重要的**一点,_务必_记住。", "这是最重要的一点,务必记住。"),
        ("业绩电话会[业绩电话会>>](https://example.cn/c)。", "业绩电话会。"),
        # an anchor that opens with a "click" or "more" prompt goes; one that names a metric stays
        ("详见[点击查看更多某公司财报解读](https://example.cn/r)。", "详见。"),
        ("[查看更多精彩内容](https://example.cn/m)\n正文。", "\n正文。"),
        ("据[点击率排行榜](https://example.cn/r),拼多多居首。", "据点击率排行榜,拼多多居首。"),
    ],
)
def test_strip_markdown_removes_syntax_and_keeps_the_text(raw, expected):
    assert strip_markdown(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        "变量名 data_color_scheme 与 snake_case_name 不是斜体",
        "3*4*5=60,不是强调",
        "数字经济新媒体 #网经社 组织行业专家",
        "营收同比增长10%-20%",
        # the keyword line of a hijacked template: an underscore after a Han character opens no emphasis
        "国产高清视频_亚洲精品一区二区_91视频大全_久久精品",
        "拼多多_京东_淘宝_比价工具下载",
    ],
)
def test_strip_markdown_keeps_look_alikes(line):
    assert strip_markdown.apply(line) == (line, 0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("报告下载:https://www.example.cn/report?id=1 欢迎阅读", "报告下载: 欢迎阅读"),
        ("详见www.example.com。", "详见。"),
        ("原文见https://example.cn/a/b,下同", "原文见,下同"),
    ],
)
def test_drop_urls_removes_addresses(raw, expected):
    assert drop_urls(raw) == expected


def test_drop_urls_keeps_a_site_name_without_scheme():
    assert drop_urls.apply("文章首发于 news.example.cn 平台") == ("文章首发于 news.example.cn 平台", 0)


def test_drop_code_lines_removes_a_css_blob_and_its_wrapped_selectors():
    css = [
        ".data_color_scheme_dark{--weui-BG-0:#111;--weui-FG-1:rgba(255,",
        "255,255,.5)}@media(prefers-color-scheme:dark){.wx-root:not([data-",
        "div.section > p,div.section >",
        "section{margin-bottom: 24px;}",
    ]
    text = "最后一段正文。\n" + "\n".join(css) + "\n"
    assert drop_code_lines.apply(text) == ("最后一段正文。\n", 4)


def test_drop_code_lines_takes_script_lines_between_prose_and_keeps_the_prose():
    script = ["var\tshareId = 'a1b2c3';", "window.__INITIAL_STATE__ = {a: 1};", "", "function init() {", "}"]
    text = "导语。\n" + "\n".join(script) + "\n正文第一段,京东与微信再度合作。\n{注}本文不构成投资建议。"
    assert drop_code_lines.apply(text) == ("导语。\n\n正文第一段,京东与微信再度合作。\n{注}本文不构成投资建议。", 4)


@pytest.mark.parametrize(
    "line",
    [
        "他在会上说:“{内部代号}不能外传;请大家注意;谢谢。”",
        "The deal; signed in 2023; covers three markets.",
        "毛利率(非国际财务报告准则)为48%;经营利润率为31%;净利率为25%。",
    ],
)
def test_drop_code_lines_keeps_prose_with_braces_or_semicolons(line):
    assert drop_code_lines.apply(f"{line}\n下一段。") == (f"{line}\n下一段。", 0)


# --- furniture: generic rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("据悉(记者 张三)某公司将上市。", "据悉某公司将上市。"),
        ("据悉(记者:张三 李四)某公司将上市。", "据悉某公司将上市。"),
        ("他在(记者招待会)上发言。", "他在(记者招待会)上发言。"),
        ("现场照片(图源:视觉中国)显示", "现场照片显示"),
    ],
)
def test_strip_inline_credits(raw, expected):
    assert strip_inline_credits(raw) == expected


def test_wire_credit_before_a_dateline_is_cut_and_the_lead_kept():
    # the dateline glued to the lead goes too (the generic dateline prefix rule: a second cut)
    text, n = strip_line_prefixes.apply("某某科技讯 11月15日消息,某公司发布财报。")
    assert (text, n) == ("某公司发布财报。", 2)


def test_tail_footer_counts_only_in_the_last_third():
    body = [f"第{i}段正文。" for i in range(9)]
    late = "\n".join(body + ["推荐阅读", "别的文章标题一", "别的文章标题二"])
    assert drop_footer.apply(late) == ("\n".join(body), 3)
    early = "\n".join(body[:2] + ["推荐阅读"] + body[2:])
    assert drop_footer.apply(early) == (early, 0)


# --- furniture kinds on unseen sites: each at the head and at the tail of an article ---------------

_ARTICLE = [
    "京东与美团的新战场",
    "京东今天宣布进军外卖市场,美团股价应声下跌。",
    "分析人士认为,双方的竞争将进一步加剧。",
]


def _article_with(line: str, at: str) -> str:
    lines = list(_ARTICLE)
    lines.insert(1 if at == "head" else len(lines), line)
    return "\n".join(lines)


@pytest.mark.parametrize("at", ["head", "tail"])
@pytest.mark.parametrize(
    "line",
    [
        # datelines with a time, a source or an author after the date, any separator or width
        "2024-03-05 08:15 来源: 某某日报",
        "2024年3月5日 来源：某某财经网 作者：李四",
        "2024/3/5 08:15:30 | 某某网",
        "发布时间:2024-03-05 14:20 浏览:1523",
        # reporter bylines, with the outlet before and the place after
        "某某日报记者 王小明 广州报道",
        "本报记者 李雷 深圳报道",
        "记者 王五、赵六",
        "(本刊记者 周七)",
        "实习记者钱八北京报道",
        # reprint and stance notes, disclaimers, end marks
        "(本文来自某某财经,不代表本站立场)",
        "（本文来自某某周刊，不代表本网观点）",
        "本文来自微信公众号“某某研究所”(ID:abc),作者:张三",
        "声明:本文仅代表作者观点,不代表本平台立场。",
        "风险提示：市场有风险，投资需谨慎。",
        "（完）",
        "-完-",
        "全文完",
        "END",
        "- END -",
        # links to the previous and next article: their headlines are not this article's
        "上一篇:某公司发布第三季度财报",
        "下一篇：某平台宣布新一轮补贴",
        "上一篇:甲公司财报 下一篇:乙公司裁员",
        # tag lines
        "标签:电商 直播 物流",
        "本文标签：外卖、即时零售",
        "TAG:拼多多,京东",
        "关键词:电商,直播,物流",
        # follow, scan and download prompts, with a "get more" clause
        "扫码关注某某网公众号，获取更多独家报道",
        "欢迎关注“某某观察”公众号",
        "关注我们的公众号,第一时间获取资讯",
        "下载APP，阅读更多",
        "长按识别二维码,关注我们",
        # engagement bars, with counts
        "赞 分享 在看",
        "点赞 | 在看 | 分享",
        "阅读 10万+",
        "阅读 3526 在看 12",
    ],
)
def test_furniture_kinds_go_at_the_head_and_the_tail(line, at):
    text, report = clean_with_report(_article_with(line, at))
    assert text == "\n".join(_ARTICLE)
    assert report["n_boilerplate_lines"] == 1
    assert report["n_footer_lines"] == 0


#: body lines that look like furniture (each at the head, under the headline, and at the tail)
_LOOK_ALIKES = [
    "美团在公告中表示，下一篇章将聚焦即时零售。",
    "下一篇章将聚焦即时零售",
    "上一篇文章中,我们分析了美团的财报。",
    "记者从京东方面获悉，双方已恢复合作。",
    "据21世纪经济报道记者统计，腾讯投资了超过800家公司。",
    "本报记者获悉,拼多多将在上海设立新总部。",
    "记者会上,刘强东宣布了新计划。",
    "2024年3月5日,来源于内部邮件的消息称美团将裁员。",
    "2024年3月5日 10:23,美团发布公告称将回购股票。",
    "他的发言不代表公司立场,只代表个人观点。",
    "声明中写道,公司从未与对方签订排他协议。",
    "本文来自对30位商家的采访。",
    "完成交易后,双方将共享用户数据。",
    "标签化的营销正在失效。",
    "欢迎关注的焦点是拼多多能否继续增长。",
    "关注公众号的用户数量在下降,微信正在调整推荐机制。",
    "下载量突破1亿次的APP。",
    "点击率最高的是拼多多APP",
    "赞同这一观点的商家越来越多。",
    "阅读量超过10万的文章只占1%。",
    "推荐算法决定了用户看到什么。",
    "免责声明中提到的风险，正在成为现实。",
    "重磅推荐的新品销量不及预期。",
    # a spokesperson's stance is body, not the site's note
    "京东回应称，该员工的言论不代表我司立场，公司已与其解除合作。",
    "腾讯方面表示，网传截图不代表本平台立场，将与阿里继续合作。",
    "阿里巴巴回应：相关说法仅代表作者个人观点，与公司无关。",
    # 记者 in a sentence about talking to reporters is no byline
    "京东向记者否认裁员报道",
    "拼多多对记者表示将起诉相关报道",
    "京东成立时间为2015年9月1日",
    # a sentence that ends with a date is not a dateline
    "合作协议将于2025年6月30日到期。",
    "拼多多成立于2015年9月1日",
    # instructions in the body are not prompts to follow the site
    "搜索微信小程序“京东购物”即可下单。",
    "下载拼多多APP即可领取100元红包。",
]
#: look-alikes the learned classifier (with its cross-site vocabulary, chosen by site-grouped CV on
#: ../shared/devpages) drops right under the headline of this four-line article: 记者 and 下一篇
#: weigh as furniture there, and these short lines end no sentence (a written sentence with a comma
#: and 16 Han characters is kept by ``furniture.decide``). A known loss, kept visible (strict: a fix shows up)
_DROPPED_UNDER_THE_HEADLINE = {
    "下一篇章将聚焦即时零售",
    "京东向记者否认裁员报道",
    "拼多多对记者表示将起诉相关报道",
}


@pytest.mark.parametrize(
    ("line", "at"),
    [
        pytest.param(
            line,
            at,
            marks=pytest.mark.xfail(strict=True, reason="dropped under the headline (docs/cleaning.md)")
            if at == "head" and line in _DROPPED_UNDER_THE_HEADLINE
            else (),
        )
        for line in _LOOK_ALIKES
        for at in ("head", "tail")
    ],
)
def test_look_alike_body_lines_stay_at_the_head_and_the_tail(line, at):
    text, report = clean_with_report(_article_with(line, at))
    assert clean_text(line) in text
    assert report["n_boilerplate_lines"] == report["n_footer_lines"] == 0


#: lines the furniture classifier reads by where they stand: right under the headline, a timestamp
#: line is a dateline, a two-word label a section or tag label, as on the pages of many sites
#: (../shared/devpages annotates them furniture there). At the tail, the classifier with its
#: cross-site vocabulary (site-grouped CV, docs/cleaning.md) reads a timestamp-led headline as an
#: item of a flash-news or related-article list and a two-word label as a section label, the
#: furniture kinds of the development pages: furniture there too (before it, they were body).
#: A flash-news item glued to its timestamp under a headline is lost with it: splitting such a
#: glued line is open work (issue 22's mixed lines).
UNDER_THE_HEADLINE = [
    ("记者手记", "furniture"),
    ("关键词:降本增效", "furniture"),
    ("2023-11-28 10:23 拼多多市值超过阿里巴巴", "furniture"),
    ("2023-11-28 09:10 京东宣布与腾讯的合作到期", "furniture"),
    ("2023-11-28 10:23 华为起诉小米科技", "furniture"),
    ("2023-11-28 10:23 京东入股新浪财经", "furniture"),
    ("2023-11-28 10:23 记者获悉京东将裁员", "furniture"),
]


@pytest.mark.parametrize(("line", "at_tail"), UNDER_THE_HEADLINE)
def test_a_label_or_timestamp_line_under_the_headline_is_furniture_and_body_at_the_tail(line, at_tail):
    text, report = clean_with_report(_article_with(line, "head"))
    assert (clean_text(line) in text, report["n_boilerplate_lines"]) == (False, 1)
    text, report = clean_with_report(_article_with(line, "tail"))
    assert (clean_text(line) in text) == (at_tail == "body")


def test_a_more_link_goes_with_its_anchor_and_is_counted():
    raw = _article_with("[点击查看更多拼多多财报解读](https://example.cn/pdd)", "tail")
    text, report = clean_with_report(raw)
    assert text == "\n".join(_ARTICLE)
    assert report["n_markdown"] == 1


#: nine body paragraphs in the patterns of a business story (a short placeholder such as 第0段正文。
#: reads as a label to the furniture classifier, as it would on a real page)
_BODY = [f"第{i}季度,京东与阿里在即时零售上的投入继续加大,双方的竞争还在升级。" for i in range(9)]


def test_a_footer_marker_that_opens_a_sentence_is_body():
    body = list(_BODY)
    for i in (2, 7):  # in the middle and in the last third
        text = "\n".join(body[:i] + ["免责声明中提到的风险,正在成为现实。"] + body[i:])
        assert drop_footer.apply(text) == (text, 0)
        assert clean_text(text) == text


def test_a_disclaimer_ends_the_article_only_in_its_last_third():
    body = list(_BODY)
    late = "\n".join(body + ["免责声明:本文仅供参考,不构成投资建议。", "更多内容请关注本站"])
    assert drop_footer.apply(late) == ("\n".join(body), 2)
    early = "\n".join(body[:1] + ["免责声明:本文仅供参考,不构成投资建议。"] + body[1:])
    assert drop_footer.apply(early) == (early, 0)
    text, report = clean_with_report(early)
    assert (text, report["n_boilerplate_lines"]) == ("\n".join(body), 1)


# --- hard line wraps ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a number cut from its unit, in a paragraph of a blank-line text
        (
            "标题\n\n一个今天日活7\n亿的超级平台正在进入本地生活。\n\n下一段。",
            "标题\n\n一个今天日活7亿的超级平台正在进入本地生活。\n\n下一段。",
        ),
        # an open title mark, and two ASCII words
        ("标题\n\n《某某\nLatePost》独家获悉,某公司召开会议。", "标题\n\n《某某LatePost》独家获悉,某公司召开会议。"),
        ("标题\n\n据了解,TikTok\nShop已经上线。", "标题\n\n据了解,TikTok Shop已经上线。"),
        ("标题\n\n按照非通用会计准则(Non-\nGAAP)计算。", "标题\n\n按照非通用会计准则(Non-GAAP)计算。"),
        # a text without blank lines: a long line cut mid-sentence, a number cut from its unit
        (
            "标题\n这位创始人在内部会上反复强调公司必须回到用户价值,“我们一起”\n把业务做好。",
            "标题\n这位创始人在内部会上反复强调公司必须回到用户价值,“我们一起”把业务做好。",
        ),
        ("标题\n尽管会议比原定的45\n分钟延长了一倍。", "标题\n尽管会议比原定的45分钟延长了一倍。"),
        # a line never starts with a closing quote or a comma
        ("标题\n他说:“价格战打不赢。\n”一位商家透露。", "标题\n他说:“价格战打不赢。”一位商家透露。"),
        ("标题\n\n这是平台的新渠道\n。之后的店铺日销上涨。", "标题\n\n这是平台的新渠道。之后的店铺日销上涨。"),
    ],
)
def test_join_wrapped_lines_joins_cut_sentences(raw, expected):
    assert join_wrapped_lines(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "美团告别外卖平台\n一份财报为何让市值一天缩水?",  # the headline stays a line
        "正文。\n结语\n竞争仍在继续。",  # a short heading
        "正文。\n一、微信电商战略升级:从功能模块到独立业务\n微信电商的发展并非一蹴而就。",
        "主要包括以下几点:\n1.基础设施仍需优化\n2.商家结构仍需调整",
        "(1)腾讯内部数据显示,购物入口的点击转化率在过去三年下降\n(2)京东为该入口支付的年费用估计在80亿元",
        "第一段没有句号\n\n第二段另起",  # never across a paragraph break
        "这一段说完了。\n下一段开始了",
        "他问道:“口碑还活着吗?”\n他们关注的是另一场竞争。",
        "列表如下\n- 第一项\n• 第二项",
    ],
)
def test_join_wrapped_lines_keeps_headings_lists_and_paragraphs(text):
    assert join_wrapped_lines.apply(text) == (text, 0)


def test_drop_blank_lines_counts_paragraph_breaks():
    assert drop_blank_lines.apply("甲。\n\n乙。\n\n丙。") == ("甲。\n乙。\n丙。", 2)


# --- script and vocabulary -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("點擊這個鍊接即可下載", "点击这个链接即可下载"),  # t2s alone writes 炼接
        ("區塊鍊與供應鍊金融", "区块链与供应链金融"),
        ("他每天鍛鍊身體", "他每天锻炼身体"),  # 鍊 as 炼 (temper): OpenCC is right, left alone
        ("冶鍊廠", "冶炼厂"),
        # a name written with 昇 in both scripts (t2s alone writes 升腾)
        ("華為昇騰處理器", "华为昇腾处理器"),
        ("其中包含8片昇腾处理器。", "其中包含8片昇腾处理器。"),
        ("昇腾與昇思,升級", "昇腾与昇思,升级"),
    ],
)
def test_variants_are_fixed_before_conversion(raw, expected):
    assert compose(fix_variants, to_simplified)(raw) == expected


def test_a_name_kept_as_written_is_not_counted_as_respelled():
    assert fix_variants.apply("昇腾芯片,鍊接") == ("昇腾芯片,链接", 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a Taiwan article: vocabulary folds to the mainland word
        ("這個演算法讓使用者的資料更安全,軟體透過網路更新。", "这个算法让用户的数据更安全,软件通过网络更新。"),
        ("外送平台的影片廣告", "外卖平台的视频广告"),
        ("方程式賽車的程式設計", "方程式赛车的程序设计"),  # the longer word is guarded
        # words with one sense on both sides are not folded
        ("頭條資訊在線上發布訊息", "头条资讯在线上发布讯息"),
        # a simplified article keeps its own words
        ("使用者协议与资料下载", "使用者协议与资料下载"),
    ],
)
def test_taiwan_vocabulary_is_folded_in_traditional_articles_only(raw, expected):
    assert compose(fold_tw_vocabulary, to_simplified)(raw) == expected


def test_to_simplified_calls_opencc_once_per_article(monkeypatch):
    import coopetition.text.clean.script as clean_module  # to_simplified converts with the script module's _T2S

    calls = []
    real = clean_module._T2S

    class Counting:
        def convert(self, text):
            calls.append(len(text))
            return real.convert(text)

    monkeypatch.setattr(clean_module, "_T2S", Counting())
    clean_with_report("淘寶與微信支付開啟了合作。\n這意味著雙方的關係正在改變。")
    clean_with_report("淘宝与微信支付开启了合作。")  # simplified: no call at all
    assert len(calls) == 1


# --- the report ---------------------------------------------------------------------------------


def test_report_has_one_column_per_step_and_counts_each_removal():
    raw = (
        "# 某公司发布年报\n\n"
        "![](https://img.example.cn/a/1000)_来源:视觉中国_\n\n"
        "**作者|**张三\n\n"
        "某公司今天发布年报,日活达到7\n亿,详见https://example.cn/a。\n\n"
        "未经授权,不得转载。\n"
    )
    text, report = clean_with_report(raw)
    assert list(report) == list(REPORT_COLUMNS) == [f"n_{step.name}" for step in CLEANING_CHAIN]
    assert text == "某公司发布年报\n某公司今天发布年报,日活达到7亿,详见。"
    assert report["n_markdown"] == 4  # heading mark, image with its credit, two bold marks
    assert report["n_urls"] == 1
    assert report["n_boilerplate_lines"] == 2  # the byline and the reprint notice
    assert report["n_line_joins"] == 1


@pytest.mark.parametrize("value", [None, b"bytes", 3])
def test_cleaning_rejects_non_text_with_a_clear_error(value):
    with pytest.raises(TypeError, match="must be a str"):
        clean_text(value)
    with pytest.raises(TypeError, match="must be a str"):
        strip_markdown(value)


def test_a_source_note_near_the_top_is_a_credit_not_a_footer():
    lines = ["京东与阿里的十年之争", "本文来源:某某科技"] + _BODY[:6]
    text = clean_text("\n".join(lines))
    assert text == "\n".join([lines[0]] + lines[2:])


def test_a_rule_is_matched_on_one_line_even_where_its_whitespace_could_reach_the_next():
    rules = load_boilerplate_rules("[generic]\nlines = ['^作者\\s*[|:]\\s*\\S{1,4}$']")
    text = "作者\n|张三\n作者|李四\n正文。"
    assert drop_boilerplate_lines.apply(text, rules=rules) == ("作者\n|张三\n正文。", 1)


def test_a_lone_surrogate_from_a_json_dump_is_damage():
    text, report = clean_with_report("京东\ud800，美团")
    assert (text, report["n_damaged_spans"]) == ("京东,美团", 1)

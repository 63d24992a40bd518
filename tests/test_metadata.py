"""Metadata from the text: each rule on lines written in the patterns real sites use, and a look-alike it must ignore."""

import pytest
from _bench import load_benchmark

from coopetition.reading.metadata import (
    RULES,
    extract_metadata,
    find_author,
    find_date,
    find_outlet,
    find_title,
    iso_date,
    load_metadata_rules,
    self_named_outlet,
    stated_date,
)

BODY = "美团与抖音在本地生活领域的竞争日趋激烈,双方都在加大对商家的补贴力度。"
DEEP = "\n".join(f"第{i}段:{BODY}" for i in range(30))  # a body long enough that its middle is neither head nor tail


# --- title ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Markdown heading, without its "#", even after an image line or before a repeat
        ("# 京东与阿里的十年恩怨\n\n# 京东与阿里的十年恩怨\n" + BODY, "京东与阿里的十年恩怨"),
        ("![](https://img.example.com/1.jpg)\n## 拼多多市值逼近阿里 ##\n" + BODY, "拼多多市值逼近阿里"),
        ("**划重点:**\n# 美团也要做直播?\n" + BODY, "美团也要做直播?"),
        # furniture before the headline
        ("打开APP\n网易首页>网易号>正文\n京东与阿里竞争加剧\n" + BODY, "京东与阿里竞争加剧"),
        ("•产品服务/串流版\n您的位置:首页 > 科技 > 正文\n抖音外卖上线\n" + BODY, "抖音外卖上线"),
        ("2023-12-29 10:05 来源:某某日报\n作者|张三\n淘天换帅,阿里决战拼多多!\n" + BODY, "淘天换帅,阿里决战拼多多!"),
        # full-width marks fold like the cleaned text; a repost marker goes
        ("快手喝汤，拼多多吃肉？\n" + BODY, "快手喝汤,拼多多吃肉?"),
        ("中国互联网竞价排名是赢利最关键 (转)\n" + BODY, "中国互联网竞价排名是赢利最关键"),
        ("【转载】微信与淘宝的拆墙运动\n" + BODY, "微信与淘宝的拆墙运动"),
        # traditional script is simplified, pinyin glosses go
        ("京東和微信合作關(guān)系 簽夫妻檔\n" + BODY, "京东和微信合作关系 签夫妻档"),
    ],
)
def test_title_is_the_headline(text, expected):
    assert find_title(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY + "\n" + BODY,  # the article opens with its lede: no headline, not the paragraph
        "(某某网讯)" + BODY + "\n一、背景\n" + BODY,  # a section heading after the lede is not the title
        "x" * 200 + "\n" + BODY,  # an absurdly long first line is not a title
        "“当对手变成伙伴,这场运动比想象中更猛烈。”\n" + BODY,  # a pull quote is a sentence
        "打开APP\n登录/注册\n" + BODY,
        "",
    ],
)
def test_no_title_rather_than_a_paragraph_or_furniture(text):
    assert find_title(text) == ""


def test_a_twenty_megabyte_single_line_gets_no_title_and_quickly():
    assert find_title("长" * 20_000_000) == ""


# --- outlet --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n来源:证券时报\n" + BODY, "证券时报"),
        ("标题\n文章来源:北京商报\n" + BODY, "北京商报"),
        ("标题\n本文由创业邦授权转载\n" + BODY, "创业邦"),
        ("标题\n以下文章来源于新零售观察,作者王五\n" + BODY, "新零售观察"),
        ("标题\n出品|深网.腾讯小满工作室\n" + BODY, "深网·腾讯小满工作室"),
        ("标题\n**出品 ｜ 虎嗅商业组**\n" + BODY, "虎嗅商业组"),
        ("标题\n某某科技讯 3月20日消息,拼多多发布财报。", "某某科技"),
        ("(某某网讯)" + BODY, "某某网"),
        ("新华社北京12月29日电(记者 张三)" + BODY, "新华社"),
        ("标题\n《晚点\nLatePost》独家获悉," + BODY, "晚点 LatePost"),
        ("标题\n《某某周刊》了解到," + BODY, "某某周刊"),
        ("标题\n11月29日,证券日报记者从阿里多名员工处确认," + BODY, "证券日报"),
        ("标题\n某某网2025年09月24日 0\n" + BODY, "某某网"),
        # a name beside a date is an outlet only when the gazetteer knows it (a section label is not)
        ("标题\n2015-06-09|亿邦动力\n" + BODY, "亿邦动力"),
        ("标题\n2015-06-09|ShopNews\n" + BODY, "ShopNews"),  # a Latin site name passes as before
        # closing credits when the head has none
        ("标题\n" + DEEP + "\n(本文首发于钛媒体)", "钛媒体"),
        ("标题\n" + DEEP + "\n**文章为每日财经原创,侵权必究。**", "每日财经"),
        ("标题\n" + DEEP + "\n本文转载自微信公众号:电商在线(ID:ecommerce)", "电商在线"),
    ],
)
def test_outlet_is_the_credited_one(text, expected):
    assert find_outlet(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "标题\n" + DEEP[:400] + "\n据路透社报道,亚马逊也在布局。\n" + DEEP,  # quoted in the middle of the body
        "标题\n据新华社记者报道," + BODY,  # a quoted wire in the head
        "标题\n![](https://img.example.com/1.jpg)\n_来源:视觉中国_\n" + BODY,  # a photo credit
        "标题\n题图|视觉中国\n图片来源:IC photo\n" + BODY,
        "标题\n本报记者 张三\n" + BODY,  # the paper names itself only as "本报"
        "标题\n腾讯云宣布与某通讯公司合作," + BODY,  # "讯" inside a company name is not a credit line
        "标题\n有商家对《华尔街日报》表示," + BODY,
    ],
)
def test_quoted_sources_and_photo_credits_are_not_the_outlet(text):
    assert find_outlet(text) == ""


# --- outlet, last resort: the outlet the sources speak to --------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "当当入驻京东\n"
            + DEEP
            + "\n分析师庄帅告诉市界,价格战结束了。\n"
            + DEEP
            + "\n一位员工对市界表示,当当会入驻。",
            "市界",
        ),
        (
            "标题\n"
            + DEEP
            + "\n律师告诉《中国新闻周刊》,判决公允。\n"
            + DEEP
            + "\n他接受《中国新闻周刊》采访时说,案件还会上诉。",
            "中国新闻周刊",
        ),
        ("标题\n" + DEEP + "\n一位员工向晚点透露,调整已开始。一位高管告诉晚点:还会继续。", "晚点"),
    ],
)
def test_an_outlet_named_again_and_again_as_the_one_sources_speak_to(text, expected):
    assert extract_metadata(text)["outlet"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "标题\n" + DEEP + "\n他对《华尔街日报》表示,价格战结束了。",  # a quoted outlet, named once
        "标题\n" + DEEP + "\n他告诉记者,价格战结束了。她告诉记者:好。",  # the reporter, not an outlet
        "标题\n" + DEEP + "\n他告诉我们,好。他告诉我们,好。",
        "标题\n" + DEEP + "\n商家对美团表示不满。商家对美团表示不满。",  # a firm of the alias table
    ],
)
def test_no_outlet_from_a_single_or_generic_addressee(text):
    assert self_named_outlet(text) == ""
    assert extract_metadata(text)["outlet"] == ""


def test_a_credit_line_wins_over_the_self_reference():
    text = "标题\n来源:证券日报\n" + DEEP + "\n他告诉市界,好。她对市界表示,好。"
    assert extract_metadata(text)["outlet"] == "证券日报"


# --- date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n2023-12-29\n" + BODY, "2023-12-29"),
        ("标题\n2023年12月29日 10:05 某某日报\n" + BODY, "2023-12-29"),
        ("标题\n2023/12/29 来源:某某网\n" + BODY, "2023-12-29"),
        ("标题\n发布时间:2023.12.29 10:05:33 | 阅读 1,024 次 | 来源:某某网 | 作者:张三 | 责任编辑:李四", "2023-12-29"),
        # a dateline on line 7, after furniture
        ("打开APP\n首页>科技\n标题\n作者|张三\n编辑|李四\n出品|某工作室\n2023-02-08 09:00\n" + BODY, "2023-02-08"),
        # an update time first is skipped, the publication after it is taken
        ("标题\n更新时间:2024-01-05 08:00\n发布时间:2023-12-29 10:05\n" + BODY, "2023-12-29"),
        ("标题\n最后更新 2024-01-05\n2023-12-29 某某网\n" + BODY, "2023-12-29"),
        # the closing date of a statement, when the head has none
        ("标题\n12月29日," + BODY + "\n" + DEEP + "\n某某集团\n2023年12月29日", "2023-12-29"),
        ("标题\n2025 年 5 月 7 日\n" + BODY, "2025-05-07"),
    ],
)
def test_date_is_the_dateline(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "标题\n2023年12月29日,北京市高级人民法院对京东诉阿里巴巴一案做出一审判决。" + BODY,  # an event in a sentence
        "标题\n修改于 2024-01-05\n" + BODY,  # only an update time
        "标题\n更新时间:2024-01-05\n" + BODY,
        "标题\n12月29日," + BODY,  # no year: not guessed
        "标题\n2023-02-30\n" + BODY,  # no such day
        "标题\n" + DEEP + "\n相关阅读\n某某网2020-06-01\n某某网2021-03-02",  # related links close the page
    ],
)
def test_no_date_from_events_updates_or_related_links(text):
    assert find_date(text) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2023-12-29T10:05:00+08:00", "2023-12-29"), ("2023年12月29日", "2023-12-29"), ("29/12/2023", ""), ("", "")],
)
def test_iso_date_of_stated_values(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20231229", "2023-12-29"),
        (1703779200, "2023-12-29"),  # 2023-12-28 16:00 UTC is already the 29th in Beijing
        ("1703779200000", "2023-12-29"),  # milliseconds
        ("2023-12-29 10:05", "2023-12-29"),
        ("20231232", ""),  # no such day
        ("12345678901", ""),  # neither a compact date nor an epoch
        (2023, ""),  # a year alone is not a date
    ],
)
def test_stated_dates_in_dumps(value, expected):
    assert stated_date(value) == expected


# --- author --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n作者|张三\n" + BODY, "张三"),
        ("标题\n**作者|**李四\n" + BODY, "李四"),
        ("标题\n**作者 |** 李四\n\n**编辑 |** 王五\n" + BODY, "李四"),
        ("标题\n**文丨张三 李四 编辑丨王五**\n" + BODY, "张三、李四"),
        ("标题\n撰文/赵六\n" + BODY, "赵六"),
        ("标题\n文 | 陈七\n" + BODY, "陈七"),
        ("标题\n作者:孙八\n" + BODY, "孙八"),
        ("标题\n本报记者 周九 报道\n" + BODY, "周九"),
        ("新华社北京12月29日电(记者 张三 李四)" + BODY, "张三、李四"),
        ("标题\n以下文章来源于某某科技,作者吴十\n" + BODY, "吴十"),
        ("标题\n" + DEEP + "\n作者:郑一\n\n编辑:王二", "郑一"),
        ("标题\nBy 作者: John Smith\n" + BODY, "John Smith"),
    ],
)
def test_author_from_bylines_with_any_separator(text, expected):
    assert find_author(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "标题\n编辑|王五\n出品|某工作室\n" + BODY,  # an editor is not the author
        "标题\n据记者在上海测试发现,抖音上线外卖。" + BODY,  # "记者" in a sentence
        "标题\n澎湃新闻记者从阿里多名员工处确认," + BODY,
        "标题\n题图|视觉中国\n" + BODY,
    ],
)
def test_no_author_from_editors_or_sentences(text):
    assert find_author(text) == ""


# --- everything at once --------------------------------------------------------------


def test_stated_fields_come_first_and_the_text_fills_the_rest():
    text = "京东与阿里竞争加剧\n来源:某某日报\n2023-12-29\n作者|张三\n" + BODY
    assert extract_metadata(text) == {
        "title": "京东与阿里竞争加剧",
        "outlet": "某某日报",
        "site": "",
        "date": "2023-12-29",
        "author": "张三",
        "url": "",
    }
    given = {
        "title": "页面标题",
        "site": "某某网",
        "url": "https://news.example.com/a/1.html",
        "date": "2024-01-02 08:00",
    }
    found = extract_metadata(text, given)
    assert found == {
        "title": "页面标题",
        "outlet": "某某日报",
        "site": "某某网",
        "date": "2024-01-02",
        "author": "张三",
        "url": "https://news.example.com/a/1.html",
    }
    assert (
        extract_metadata(BODY, {"url": "https://www.example.com/x"})["outlet"] == "example.com"
    )  # the host, if nothing else


def test_a_stated_title_is_capped():
    title = extract_metadata(BODY, {"title": "长" * 5000})["title"]
    assert len(title) == RULES.title_chars and title.endswith("…")


def test_rules_are_data_and_a_bad_pattern_is_named():
    from coopetition._data import read_text

    source = read_text("metadata.toml").replace("'^(原标题|导读", "'^((原标题|导读", 1)
    with pytest.raises(ValueError, match=r"metadata rule furniture = .* does not compile"):
        load_metadata_rules(source)


@pytest.mark.parametrize("func", [find_title, find_outlet, find_date, find_author, extract_metadata, iso_date])
def test_non_text_is_a_clear_type_error(func):
    with pytest.raises(TypeError, match=r"must be a str, not NoneType"):
        func(None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  京东与阿里的竞争进入新阶段 ", ("京东与阿里的竞争进入新阶段", "text")),  # no Markdown: the fast path
        ("2023-12-29 | HiShop", ("2023-12-29 | HiShop", "text")),  # a hyphen inside a line is not a list mark
        ("# 京东与阿里", ("京东与阿里", "heading")),
        ("- 来源:虎嗅", ("来源:虎嗅", "text")),  # a list mark goes
        ("> 以下文章来源于晚点", ("以下文章来源于晚点", "text")),
        ("**作者|**沈一", ("作者|沈一", "text")),
        ("_来源:视觉中国_", ("来源:视觉中国", "italic")),  # a caption only under an image (read_head)
        ("*本文来源:某某财经*", ("本文来源:某某财经", "italic")),  # single emphasis, either mark
        ("![](https://x.cn/a.jpg)_来源:视觉中国_", ("来源:视觉中国", "caption")),  # beside an image
        ("![](https://x.cn/a.jpg)", ("", "image")),
        ("见[财报](https://x.cn/a)", ("见财报", "text")),
    ],
)
def test_plain_line_strips_markdown_and_passes_plain_lines_through(line, expected):
    from coopetition.reading.metadata import _plain

    assert tuple(_plain(line)) == expected


# --- rule speed-ups that must not change what a rule finds -----------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(^|[\s,:;、(“]|告诉|向|对|接受)(?P<outlet>[一-龥]{1,8}?(日报|新闻))(的)?记者", ("记者",)),
        (r"转载?自\s*(?P<outlet>[^\s,;。]{2,30}?)", ("转",)),  # 载 is optional: not required
        (r"^(文章|本文)?来源\s*[|丨/:]", ("来源",)),
        (r"(作者|文)\s*[|丨/:]\s*(?P<names>.+)", ("作者", "文")),  # one of the alternatives
        (r"\d\s{0,2}人阅读", ("人阅读",)),
        (r"(未经|禁止)[^。]{0,20}(转载|复制)", ("未经", "禁止")),  # the first group; the second is as long
        (r"侵权必究|版权归.{1,20}所有|All [Rr]ights", ("侵权必究", "版权归", "ights")),  # each branch's longest run
        (r"(x|)y", ("y",)),  # an empty branch requires nothing: the literal after it
        (r"a|b?", ()),  # a branch that can match nothing
        (r"(?i)app", ()),  # case-insensitive: a literal test would miss APP
        (r"(?i:app)版", ("版",)),  # the same inside a group
    ],
)
def test_the_texts_one_of_which_every_match_of_a_rule_holds(pattern, expected):
    import re

    from coopetition.text.clean import required_texts

    compiled = re.compile(pattern)
    assert required_texts(compiled) == expected
    for text in (
        "据人民日报记者报道",
        "转自虎嗅",
        "来源:新华社",
        "作者|张三",
        "文/李四",
        "2.3万人阅读",
        "未经许可禁止转载",
        "All rights",
        "xy",
        "APP版",
    ):
        if compiled.search(text):  # whatever matches holds one of the texts
            assert not expected or any(t in text for t in expected), text


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("本文转载自虎嗅网,已获授权。", "虎嗅网"),
        ("转自 36氪 (ID:wow36kr)", "36氪"),
        ("本文转自澎湃新闻", "澎湃新闻"),
        ("转战外卖市场后,美团自有骑手规模扩大。", ""),  # 转 … 自 apart: not a repost line
    ],
)
def test_a_repost_line_names_the_outlet(line, outlet):
    assert find_outlet(f"京东与阿里竞争加剧\n{line}\n{BODY}") == outlet


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("首页 > 科技 > 正文\n京东与阿里竞争加剧", "京东与阿里竞争加剧"),  # a breadcrumb is furniture
        ("网易首页>网易号>正文\n京东与阿里竞争加剧", "京东与阿里竞争加剧"),
        ("科技›互联网›电商\n京东与阿里竞争加剧", "京东与阿里竞争加剧"),
        ("京东>阿里?拼多多的答案", "京东>阿里?拼多多的答案"),  # one mark: a headline comparing two firms
    ],
)
def test_a_breadcrumb_is_never_the_title(head, title):
    assert find_title(f"{head}\n{BODY}") == title


def test_the_last_resort_outlet_is_read_from_the_clean_text_when_given():
    raw = "京東與當當的競爭\n莊帥告訴市界,價格戰結束了。\n一位員工對市界表示,當當會入駐。"
    clean = "京东与当当的竞争\n庄帅告诉市界,价格战结束了。\n一位员工对市界表示,当当会入驻。"
    assert extract_metadata(raw)["outlet"] == "市界"  # the raw text is normalised first
    assert extract_metadata(raw, clean=clean)["outlet"] == "市界"
    assert extract_metadata(raw, clean="京东与当当的竞争")["outlet"] == ""  # only the clean text is read


# --- credits and bylines in any position, any separator, any emphasis ---------------------


@pytest.mark.parametrize(
    ("text", "outlet", "author"),
    [
        # a 来源 credit after a dateline on the same line, either colon, with or without a space
        ("标题\n2023-11-28 10:23 来源: 某某财经\n" + BODY, "某某财经", ""),
        ("标题\n2023年11月28日 来源：某某财经 作者：赵琳\n" + BODY, "某某财经", "赵琳"),
        ("标题\n发布时间:2024/03/15 丨 来源｜某某商报 丨 编辑｜李四\n" + BODY, "某某商报", ""),
        # a wire dateline with its year, any agency
        ("新华社北京2024年3月15日电（记者 周敏）" + BODY, "新华社", "周敏"),
        ("某某社上海 2024 年 3 月 15 日电 (记者 王一 李二)" + BODY, "某某社", "王一、李二"),
        # single emphasis, either mark, like double
        ("标题\n*本文来源：某响财经*\n" + BODY, "某响财经", ""),
        ("标题\n_本文来源：某响财经_\n" + BODY, "某响财经", ""),
        ("标题\n*作者：钱多多*\n" + BODY, "", "钱多多"),
        ("标题\n_文丨孙某 编辑丨李某_\n" + BODY, "", "孙某"),
        # a place before 报道 or after 发自 is a dateline, an outlet before a label is no name
        ("标题\n记者 张三 上海报道\n" + BODY, "", "张三"),
        ("标题\n本报记者 张三 北京报道\n" + BODY, "", "张三"),
        ("标题\n记者｜刘五 杨六 深圳报道\n" + BODY, "", "刘五、杨六"),
        ("標題\n經濟日報/ 記者 王小明/台北即時報導\n" + BODY, "经济日报", "王小明"),  # Taiwan's 報導
        ("标题\n某某时报记者 陈七 发自杭州\n" + BODY, "某某时报", "陈七"),
        ("标题\n每日某某新闻记者 张三 每日某某新闻编辑 李四\n" + BODY, "每日某某新闻", "张三"),
    ],
)
def test_credit_and_byline_wherever_they_stand_on_a_head_line(text, outlet, author):
    found = extract_metadata(text)
    assert (found["outlet"], found["author"]) == (outlet, author)


@pytest.mark.parametrize(
    "text",
    [
        "标题\n记者从京东方面获悉，双方已恢复合作。\n" + BODY,  # 记者 opening a sentence
        "标题\n记者 从京东方面获悉，双方已恢复合作。\n" + BODY,  # even with a space after it
        "标题\n据新华社报道，京东与阿里已恢复合作。\n" + BODY,  # a quoted wire
        "标题\n据新华社北京2024年3月15日电，京东与阿里已恢复合作。\n" + BODY,  # a quoted wire dateline
        "标题\n资金来源:自有资金,京东与阿里已恢复合作。\n" + BODY,  # 来源 inside a word is no credit
        "标题\n![](https://img.example.com/1.jpg)\n*来源：视觉中国*\n" + BODY,  # a photo credit under a picture
        "标题\n![](https://img.example.com/1.jpg)\n_图片来源:某图库_\n" + BODY,
        "标题\n*京东与阿里竞争加剧*\n" + BODY,  # emphasis that credits nothing
        "标题\n" + BODY + "\n京东创始人刘强东在会上表示,双方已恢复合作。\n" + DEEP,  # a person in the body
    ],
)
def test_sentences_quotes_and_photo_credits_name_no_outlet_or_author(text):
    found = extract_metadata(text)
    assert (found["outlet"], found["author"]) == ("", "")


# --- stated fields of a page or record pass the same name rules ----------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"author": "作者：王晓明"}, "王晓明"),  # the label goes, either colon
        ({"author": "文丨王晓明 编辑丨李四"}, "王晓明"),
        ({"author": "王晓明"}, "王晓明"),
        ({"author": "王晓明; 李四"}, "王晓明、李四"),  # as trafilatura joins several
        ({"author": "John Smith"}, "John Smith"),
        ({"author": "张伟 Sf"}, "张伟"),  # a stray Latin fragment is no name
        ({"author": "责任编辑：张伟 Sf"}, ""),  # an editor is not the author
        ({"author": "来源:某某网"}, ""),
    ],
)
def test_a_stated_author_is_read_as_a_byline(given, expected):
    assert extract_metadata(BODY, given)["author"] == expected


def test_an_editor_stated_by_the_page_leaves_the_byline_of_the_text():
    assert extract_metadata("标题\n作者|张三\n" + BODY, {"author": "责任编辑:李四"})["author"] == "张三"


@pytest.mark.parametrize(
    ("given", "title", "site"),
    [
        # a page title is not a site: long, or the headline itself
        (
            {"title": "美团抖音外卖之战升级", "site": "美团抖音外卖之战升级 佣金最低降至2.5%"},
            "美团抖音外卖之战升级",
            "",
        ),
        (
            {"title": "美团抖音外卖之战升级 佣金最低降至2.5%", "site": "美团抖音外卖之战升级 佣金最低降至2.5%"},
            "美团抖音外卖之战升级 佣金最低降至2.5%",
            "",
        ),
        # the short part after the last separator of a whole page title is the site
        ({"site": "美团抖音外卖之战升级 佣金最低降至2.5% - 财经频道"}, "", "财经频道"),
        ({"title": "美团抖音外卖之战升级_财经频道_某某网"}, "美团抖音外卖之战升级", "某某网"),
        ({"title": "京东与阿里竞争加剧 | Example News"}, "京东与阿里竞争加剧", "Example News"),
        # look-alikes: a stated site kept, a headline with a bar or a hyphen kept whole
        ({"title": "京东与阿里竞争加剧", "site": "某某科技网"}, "京东与阿里竞争加剧", "某某科技网"),
        ({"title": "快手|拼多多的下沉之战"}, "快手|拼多多的下沉之战", ""),
        ({"title": "B2B-电商的下一站"}, "B2B-电商的下一站", ""),
        ({"site": "finance.example.com.cn"}, "", "finance.example.com.cn"),
    ],
)
def test_a_page_title_is_not_a_site(given, title, site):
    found = extract_metadata(BODY, given)
    assert (found["title"], found["site"]) == (title, site)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<meta name="author" content="王晓明"><title>美团抖音外卖之战升级 佣金最低降至2.5% - 财经频道</title>',
            {"author": "王晓明", "site": "财经频道"},
        ),
        (
            '<meta name="author" content="作者：王晓明"><meta property="og:site_name" content="某某科技网">',
            {"author": "王晓明", "site": "某某科技网"},
        ),
        (
            '<meta name="author" content="责任编辑：张伟 Sf"><title>美团抖音外卖之战升级</title>',
            {},
        ),  # an editor; no site
        ('<meta property="og:title" content="京东与阿里竞争加剧"><title>京东与阿里竞争加剧</title>', {}),
    ],
)
def test_page_head_fields_read_meta_author_and_site(html, expected):
    from coopetition.reading.metadata import page_head_fields

    assert page_head_fields(f"<html><head>{html}</head><body><p>{BODY}</p></body></html>") == expected
    assert page_head_fields("") == {}


# --- the headline as the best-scoring candidate ---------------------------------------------

from coopetition.reading.metadata import (  # noqa: E402 - the imports of this section, beside its tests
    OUTLETS,
    TITLE_FEATURES,
    load_outlets,
    load_title_model,
    read_head,
    title_candidates,
)  # noqa: E402

NAV = "首页 新闻 财经 科技 汽车 房产 教育"
SPAM = "美团外卖,美团外卖红包,美团外卖优惠券,外卖平台,外卖平台哪个好_外卖平台排名_外卖app下载"
LEDE = "本报讯 12月20日,美团宣布将在香港推出外卖平台Keeta,与Foodpanda和Deliveroo展开正面竞争。业内人士认为,这将加剧香港外卖市场的补贴战。"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # a nav line, a section label, a spam keyword line, then the headline and its dateline
        (
            f"{NAV}\n财经频道\n{SPAM}\n美团Keeta进军香港 外卖补贴战一触即发\n2023-12-20 10:05 来源:某某网",
            "美团Keeta进军香港 外卖补贴战一触即发",
        ),
        # a breadcrumb ending in the headline, then the headline
        (
            "您的位置:首页 > 科技 > 美团进军香港外卖市场\n美团进军香港外卖市场\n发布时间:2023-12-20",
            "美团进军香港外卖市场",
        ),
        # a site slogan and a login prompt above a traditional-script headline
        ("歡迎來到某某網!\n登錄 | 註冊\n美團與餓了麼再戰:補貼大戰何時休?", "美团与饿了么再战:补贴大战何时休?"),
        # a section tag glued before the headline, a keyword run after a separator
        (f"[科技] 腾讯起诉字节跳动不正当竞争\n{LEDE}", "腾讯起诉字节跳动不正当竞争"),
        (f"腾讯起诉字节跳动不正当竞争|腾讯|字节跳动|抖音|诉讼\n{LEDE}", "腾讯起诉字节跳动不正当竞争"),
    ],
)
def test_the_headline_wins_over_furniture_candidates(head, expected):
    assert find_title(f"{head}\n{LEDE}\n{BODY}") == expected


def test_a_markdown_heading_is_the_headline_over_plain_lines():
    text = f"{NAV}\n财经频道\n## 美团Keeta进军香港\n2023-12-20 来源:某某网\n{LEDE}\n## 一、补贴从何而来\n{BODY}"
    assert find_title(text) == "美团Keeta进军香港"  # the heading before the body, not the section heading after it


def test_a_headline_repeated_later_scores_higher():
    from coopetition.reading.metadata import _score, _title_model

    def score_of(raw, text):
        head, tail = read_head(raw)
        return max(_score(c, _title_model()) for c in title_candidates(head, tail) if c.text == text)

    once = f"{NAV}\n京东物流与顺丰的快递之争\n{LEDE}\n{BODY}"
    twice = f"{NAV}\n京东物流与顺丰的快递之争\n{LEDE}\n相关阅读:京东物流与顺丰的快递之争\n{BODY}"
    assert score_of(twice, "京东物流与顺丰的快递之争") > score_of(once, "京东物流与顺丰的快递之争")


@pytest.mark.parametrize(
    "raw",
    [
        f"{NAV}\n{LEDE}\n{BODY}",  # a menu, then the lede: no headline
        f"2023-12-20 10:05 来源:某某网\n作者|张三\n{LEDE}",  # only credits above the lede
        f"{SPAM}\n{LEDE}",  # a spam keyword line is no headline
    ],
)
def test_no_headline_when_the_page_prints_none(raw):
    assert find_title(raw) == ""


def test_every_candidate_has_every_feature_and_the_model_names_them():
    head, tail = read_head(f"{NAV}\n美团进军香港\n{LEDE}")
    candidates = title_candidates(head, tail)
    assert candidates and all(len(c.features) == len(TITLE_FEATURES) for c in candidates)
    with pytest.raises(ValueError, match="title_model.toml.*missing"):
        load_title_model("intercept = 0.0\nthreshold = 0.5\n[weights]\nposition = 1.0\n")
    with pytest.raises(ValueError, match="numbers"):
        weights = "\n".join(f"{f} = 0.0" for f in TITLE_FEATURES).replace("position = 0.0", 'position = "a"')
        load_title_model(f"intercept = 0.0\nthreshold = 0.5\n[weights]\n{weights}\n")


# --- the outlet gazetteer ----------------------------------------------------------------------


def test_the_gazetteer_loads_hundreds_of_outlets_in_both_scripts():
    assert len(set(OUTLETS.names.values())) >= 300
    for simplified, traditional in (
        ("联合报", "聯合報"),
        ("经济日报", "經濟日報"),
        ("中央社", "中央社"),
        ("钛媒体", "鈦媒體"),
        ("星岛日报", "星島日報"),
    ):
        assert OUTLETS.canonical(simplified) and OUTLETS.canonical(simplified) == OUTLETS.canonical(traditional)
    assert OUTLETS.canonical("每经") == "每日经济新闻"
    assert OUTLETS.canonical("BBC中文網") == OUTLETS.canonical("BBC中文网") != ""
    assert OUTLETS.canonical("热点资讯") == "" and OUTLETS.canonical("新零售") == ""  # section labels are no outlets


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("name\taliases\tkind\tregion\n新华社\t\tagency\n", r"outlets.tsv: line 2: .*four"),
        ("name\taliases\tkind\tregion\n新华社\t\tblog\tmainland\n", r"outlets.tsv: line 2: kind 'blog'"),
        ("名称,别名\n新华社\n", r"outlets.tsv: line 1: the header"),
        ("# only a comment\n", "no header"),
    ],
)
def test_a_bad_gazetteer_row_is_named(source, message):
    with pytest.raises(ValueError, match=message):
        load_outlets(source)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a credited outlet as the page prints it, whichever script
        ("標題\n經濟日報/記者 王小明/台北報導\n" + BODY, "经济日报"),
        ("标题\n【环球网科技综合报道 记者 李明】12月14日消息," + BODY, "环球网"),
        ("标题\n【环球时报驻香港特约记者 王五】" + BODY, "环球时报"),
        ("标题\n(德国之声中文网)美国政府施压," + BODY, "德国之声中文网"),
        ("标题\n鞭牛士报道 最近两天," + BODY, "鞭牛士"),
        ("标题\nDoNews 2月2日消息(记者 甲)" + BODY, "DoNews"),
        ("标题\n某某网3月20日消息 据钛媒体报道," + BODY, "钛媒体"),  # the wire a site quotes at its dateline
        ("标题\n《科创板日报》(上海,记者 汪某)讯," + BODY, "科创板日报"),
        ("标题\n编辑:顾某 钛媒体APP 时间:2025-07-22 14:18\n" + BODY, "钛媒体APP"),
        ("标题\n搜狐财经· 2025-11-02 12:14\n" + BODY, "搜狐财经"),
        ("标题\n來源: Rest of World - TikTok's messy merger\n" + BODY, "Rest of World"),
        ("标题\n2023-6-20 10:02来源:移动支付网\n" + BODY, "移动支付网"),
        ("标题\n来源 财华社\n" + BODY, "财华社"),
        ("标题\n2023-03-09 17:00 · 稿源: 某某科技\n" + BODY, "某某科技"),
        ("标题\n本文来源于微信公众号:某某商业观察(ID:abc)\n" + BODY, "某某商业观察"),
        ("标题\n出处:某某日报 2024-03-15\n" + BODY, "某某日报"),
        ("标题\n界面新闻\n" + BODY, "界面新闻"),  # a logo line naming a known outlet
        ("打开APP\n36氪\n标题\n文|李四\n" + BODY, "36氪"),
        ("明報新聞網\n美團來港\n【明報專訊】" + BODY, "明报"),  # a credit wins over a logo line
        # an abbreviation is kept as credited, and expanded only when the page prints the full name
        ("标题\n每经记者 张三 每经编辑 李四\n" + BODY, "每经"),
        ("标题\n每经记者 张三 每经编辑 李四\n分析师告诉《每日经济新闻》记者," + BODY, "每日经济新闻"),
        ("标题\n" + DEEP + "\n(本文不代表《今日某言》立场。)", "今日某言"),
    ],
)
def test_outlet_credited_at_a_credit_byline_or_dateline_position(text, expected):
    assert find_outlet(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "标题\n" + DEEP[:300] + "\n据路透社报道,亚马逊也在布局。\n" + DEEP,  # a known outlet quoted in the body
        "标题\n" + BODY + "\n彭博社援引知情人士称,双方已恢复谈判。\n" + DEEP,
        "标题\n2024.02.06 | 新零售\n" + BODY,  # a section label beside a date
        "标题\n热点资讯2023-01-12 14:24:08\n" + BODY,
        "标题\n【独家】" + BODY,  # a bracketed tag that names no outlet
        "标题\n(图)" + BODY,
        "标题\n日本经济新闻社与金融时报2015年11月合并成为同一家媒体集团," + BODY,  # prose, not a dateline
        "标题\n财经\n" + BODY,  # a short section name is a menu item
        "标题\n2023-01-12 14:24 财经\n" + BODY,  # … also beside a date
        "标题\n(财报)" + BODY,  # a word ending like an outlet (报) is no outlet
        "标题\n【快报】" + BODY,
    ],
)
def test_no_outlet_from_body_mentions_section_labels_or_prose(text):
    assert find_outlet(text) == ""


# --- dates in every form, by label and position ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n2024-03-15 10:05\n" + BODY, "2024-03-15"),
        ("标题\n2024/3/15\n" + BODY, "2024-03-15"),
        ("标题\n2024年3月15日 星期五\n" + BODY, "2024-03-15"),
        ("标题\n2024.03.15 | 科技\n" + BODY, "2024-03-15"),
        ("标题\nPublished 15 Mar 2024\n" + BODY, "2024-03-15"),
        ("标题\nMarch 15, 2024\n" + BODY, "2024-03-15"),
        ("标题\nBy 李四 | March 15, 2024\n" + BODY, "2024-03-15"),
        ("標題\n中華民國113年3月15日\n" + BODY, "2024-03-15"),
        (" date 2024-03-15 聽新聞 標題\n" + BODY, "2024-03-15"),  # a stored page's date marker
        # a dateline glued to the lede
        (
            "标题\n某某网2021年4月10日早间消息 4月10日,市场监管总局依法作出处罚,责令停止违法行为,并处以罚款,计182.28亿元,引发业界关注和讨论。",
            "2021-04-10",
        ),
        (
            "标题\n2026-01-25某某,某某官网,某某注册,某某登录,某某平台,某某网址,某某链接,某某下载,某某客户端,某某入口,某某地址",
            "2026-01-25",
        ),
        # an update time loses to a publish time, wherever they stand
        ("标题\n更新时间:2024-03-20 08:00\n发布时间:2024-03-15 10:05\n" + BODY, "2024-03-15"),
        ("标题\n2024-03-20 08:00\n发布时间:2024-03-15\n" + BODY, "2024-03-15"),  # a label beats an unlabelled date
        ("標題\n最後更新:2024-03-20\n2024年3月15日\n" + BODY, "2024-03-15"),
        # a labelled date under a long menu
        ("\n".join(f"菜单项{i}" for i in range(20)) + "\n时间:2025-07-16 17:05:10\n" + BODY, "2025-07-16"),
    ],
)
def test_date_in_every_form(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "标题\n2024年3月15日,京东宣布与阿里达成合作,双方将在物流领域展开深度协同,覆盖全国三百多个城市。\n"
        + BODY,  # a date in a sentence
        "标题\n" + BODY + "京东在2024-03-15的发布会上表示,将继续加大投入。\n" + BODY,
        "标题\n— 某某 (@someone) February 2, 2021 转发了这条消息并称赞双方的合作\n" + BODY,  # a quoted post
        "标题\n更新时间:2024-03-20\n" + BODY,  # only an update time
        "标题\ndate 2023-04 Photo Credit: Getty Images\n" + BODY,  # a month without a day
        "标题\n2024年3月\n" + BODY,
        "标题\n民国113年13月40日\n" + BODY,  # no such day
    ],
)
def test_no_date_from_sentences_updates_or_partial_dates(text):
    assert find_date(text) == ""


# --- the development pages, scored as the benchmark scores them -------------------------------------


def test_devpages_development_half_scores():
    from coopetition import paths

    folder = paths.project_root() / ".." / "shared" / "devpages"
    if not (folder / "structure.jsonl").is_file():
        pytest.skip("../shared/devpages is absent")
    bench = load_benchmark("bench_devpages_metadata")
    result, _ = bench.score_half(folder, "development")
    assert result["pages"] == 100
    for row in bench.ROWS:  # the fitted weights are tuned here: these are floors, not the validated score
        assert result["rows"][row]["title"] >= 0.8
        assert result["rows"][row]["outlet"] >= 0.85
        assert result["rows"][row]["date"] >= 0.95


@pytest.mark.parametrize("model", ["title", "outlet"])
def test_the_shipped_weights_are_the_fit_of_the_development_half(model):
    """A feature or candidate changed without a refit (python benchmarks/fit_<model>_model.py --write) fails here."""
    from coopetition import paths
    from coopetition.reading.metadata.outlet_model import load_outlet_model

    folder = paths.project_root() / ".." / "shared" / "devpages"
    if not (folder / "structure.jsonl").is_file():
        pytest.skip("../shared/devpages is absent")
    fit_module = load_benchmark(f"fit_{model}_model")
    fitted, threshold = fit_module.fit(fit_module.page_candidates(folder))
    shipped = {"title": load_title_model, "outlet": load_outlet_model}[model]()
    assert shipped.weights == pytest.approx(tuple(fitted.coef_[0]), abs=1e-3)
    assert shipped.intercept == pytest.approx(fitted.intercept_[0], abs=1e-3)
    assert shipped.threshold == pytest.approx(threshold, abs=1e-3)


# --- the honest outlet estimate: a page's own outlet taken out of the gazetteer -----------------


def test_a_gazetteer_without_an_outlet_forgets_every_form_of_it():
    from coopetition.reading.metadata.rules import current_outlets, outlets_in_use

    text = "标题\n【环球网科技综合报道 记者 李明】12月14日消息," + BODY
    assert find_outlet(text) == "环球网"
    less = OUTLETS.without(["环球网"])
    assert less.canonical("环球网") == "" and less.canonical("環球網") == ""
    assert less.canonical("新华社") == "新华社"  # the others stay
    with outlets_in_use(less):
        assert current_outlets() is less
        # the credit rules turn the unknown name away; the outlet score reads it from the page
        assert find_outlet(text) in ("环球网", "环球网科技")
        assert find_outlet("标题\n【环球网】12月14日消息," + BODY) == "环球网"
    assert current_outlets() is OUTLETS  # the packaged gazetteer is back after the block
    with pytest.raises(TypeError, match="outlets_in_use: outlets must be a Gazetteer"):
        with outlets_in_use({"环球网": "环球网"}):  # type: ignore[arg-type]
            pass


# --- the outlet of a site no gazetteer knows, read from the page and scored ---------------------

LEDE2 = "美团与抖音在本地生活领域的竞争日趋激烈,双方都在加大对商家的补贴力度。业内人士认为,这场补贴战短期内不会结束。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("美团与抖音的外卖之战\n【青柠科技】12月14日消息," + LEDE2, "青柠科技"),  # a bracketed credit
        ("美团与抖音的外卖之战\n青柠科技报道 " + LEDE2, "青柠科技"),
        ("美团与抖音的外卖之战\n青柠观察 3月2日消息 " + LEDE2, "青柠观察"),
        ("美團與抖音的外賣之戰\n青檸週刊/記者 王小明/台北報導\n" + LEDE2, "青柠周刊"),  # a byline with its paper
        ("美团与抖音的外卖之战_青柠财经网\n" + LEDE2, "青柠财经网"),  # a site name after a title separator
        ("美团与抖音的外卖之战 - 青柠观察\n" + LEDE2, "青柠观察"),
        ("美团与抖音的外卖之战｜青柠观察\n" + LEDE2, "青柠观察"),
        ("美团与抖音的外卖之战\n" + LEDE2 + "\n" + DEEP + "\n©2025 青柠财经网 版权所有", "青柠财经网"),
        (
            "美团与抖音的外卖之战\n" + LEDE2 + "\n" + DEEP + "\nCopyright © 2025 QingNing News All Rights Reserved",
            "QingNing News",
        ),
        # "版权所有 © 青柠观察" (a copyright name without a strong suffix) is a candidate, no longer over the
        # threshold: no development page credits its outlet only in a copyright line, so the copyright
        # source weighs 0 (test_a_copyright_name_is_a_candidate_with_its_source below)
        ("美团与抖音的外卖之战\n青柠新闻客户端\n" + LEDE2, "青柠新闻"),
    ],
)
def test_an_unknown_outlet_is_read_from_its_credit_title_suffix_or_copyright(text, expected):
    assert OUTLETS.canonical(expected) == ""  # no gazetteer help: the name is read from the page
    assert find_outlet(text) == expected


def test_a_copyright_name_is_a_candidate_with_its_source():
    from coopetition.reading.metadata import metadata_rules
    from coopetition.reading.metadata.outlet_model import OUTLET_FEATURES, outlet_candidates

    head, tail = read_head("美团与抖音的外卖之战\n" + LEDE2 + "\n" + DEEP + "\n版权所有 © 青柠观察")
    by_text = {c.text: c for c in outlet_candidates(head, tail, metadata_rules(), OUTLETS)}
    features = dict(zip(OUTLET_FEATURES, by_text["青柠观察"].features))
    assert by_text["青柠观察"].source == "copyright" and features["in_tail"] == 1.0 and features["outlet_suffix"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "专注互联网商业的深度报道平台\n美团与抖音的外卖之战\n" + LEDE2,  # a slogan over the headline
        "热点资讯\n美团与抖音的外卖之战\n" + LEDE2,  # a section label
        "首页 > 电商 > 正文\n美团与抖音的外卖之战\n" + LEDE2,  # a breadcrumb
        "美团与抖音的外卖之战\n文/董文\n" + LEDE2,  # a byline's person
        "美团与抖音的外卖之战\n编辑:李薇 2025-12-18 10:32\n" + LEDE2,
        "美团与抖音的外卖之战\n【独家】" + LEDE2,
        "美团与抖音的外卖之战\n(财报)" + LEDE2,
        "美团与抖音的外卖之战\n据青柠科技报道," + LEDE2,  # a quoted source in the lede
    ],
)
def test_slogans_section_labels_and_people_are_no_outlet(text):
    assert find_outlet(text) == ""


def test_outlet_candidates_carry_every_feature_and_the_model_reads_its_data():
    from coopetition.reading.metadata import metadata_rules
    from coopetition.reading.metadata.outlet_model import (
        OUTLET_FEATURES,
        load_outlet_model,
        load_outlet_words,
        outlet_candidates,
    )

    head, tail = read_head("美团与抖音的外卖之战_青柠财经网\n文/董文\n" + LEDE2)
    cands = {
        c.text: dict(zip(OUTLET_FEATURES, c.features)) for c in outlet_candidates(head, tail, metadata_rules(), OUTLETS)
    }
    assert cands["青柠财经网"]["title_suffix"] == 1.0 and cands["青柠财经网"]["outlet_suffix"] == 1.0
    assert cands["青柠财经网"]["person_like"] == 0.0
    assert all(len(f) == len(OUTLET_FEATURES) for f in cands.values())
    model = load_outlet_model()
    assert len(model.weights) == len(OUTLET_FEATURES) and 0.0 < model.threshold < 1.0
    with pytest.raises(ValueError, match=r"outlet_model.toml: weights must name exactly the outlet features"):
        load_outlet_model("intercept = 0.0\nthreshold = 0.5\n[weights]\nlength = 1.0\n")
    with pytest.raises(ValueError, match=r"outlet_words.toml: surnames must be a non-empty list"):
        load_outlet_words(
            'outlet_suffixes = ["网"]\ndesk_words = ["讯"]\nsection_words = ["首页"]\n'
            'slogan_chars = ["的"]\nbyline_labels = ["文"]\nsurnames = []\n'
        )


# --- more date forms: day first, ROC numeric, ISO with a zone, a month and day with the copyright's year ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("美团与抖音的外卖之战\n星期四, 18 12 月, 2025\n" + LEDE2, "2025-12-18"),  # a theme's Chinese locale, day first
        ("美團與抖音的外賣之戰\n18/12/2025 10:32\n" + LEDE2, "2025-12-18"),  # Hong Kong, day first
        ("美团与抖音的外卖之战\n发布时间：2025年12月18日 10:32\n" + LEDE2, "2025-12-18"),  # full-width colon
        ("美团与抖音的外卖之战\n2025-12-18T10:32:00+08:00\n" + LEDE2, "2025-12-18"),
        ("美團與抖音的外賣之戰\n中央社 民國114年12月18日 10:32\n" + LEDE2, "2025-12-18"),
        ("美團與抖音的外賣之戰\n發佈時間:114/12/18 10:32\n" + LEDE2, "2025-12-18"),  # ROC year, numeric
        ("美团与抖音的外卖之战\n12月18日 10:32\n" + LEDE2 + "\n" + DEEP + "\n© 2025 某某网 版权所有", "2025-12-18"),
        ("美团与抖音的外卖之战\n12月18日\n" + LEDE2 + "\n" + DEEP + "\nCopyright © 2012-2025 某某网", "2025-12-18"),
        # the site's clock above the headline gives way to the article's dateline
        ("星期四, 18 12 月, 2025\n美团与抖音的外卖之战\n2025-11-02 09:00\n" + LEDE2, "2025-11-02"),
    ],
)
def test_date_forms_read_with_dateparser_and_the_roc_calendar(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "美团与抖音的外卖之战\n12月18日 10:32\n" + LEDE2,  # a month and day, and no year anywhere on the page
        "星期四, 18 12 月, 2025\n美团与抖音的外卖之战\n" + LEDE2 + "\n" + DEEP,  # only the site's clock
        "美团与抖音的外卖之战\n版本 3.2.1\n" + LEDE2,
        "美团与抖音的外卖之战\n31/02/2025\n" + LEDE2,  # no such day
        "美团与抖音的外卖之战\n"
        + LEDE2
        + "12月18日,美团宣布降价。\n"
        + DEEP
        + "\n© 2025 某某网",  # a date in a sentence
    ],
)
def test_no_date_from_partial_dates_without_a_year_or_the_sites_clock(text):
    assert find_date(text) == ""


def test_a_headline_naming_the_platforms_wins_over_a_promo_line_above_it():
    lede = "在刚刚过去的一百天里,两家游戏公司围绕派对游戏展开了激烈竞争,双方投入的推广费用都超过了十亿元。业内人士认为,这场大战还远没有结束。"
    head, tail = read_head("联系“小编小乔”\n腾讯与网易的100天派对游戏大战\n" + lede)
    by_text = {c.text: dict(zip(TITLE_FEATURES, c.features)) for c in title_candidates(head, tail)}
    assert by_text["腾讯与网易的100天派对游戏大战"]["names_actor"] == 1.0
    assert by_text["联系“小编小乔”"]["names_actor"] == 0.0
    assert find_title("联系“小编小乔”\n腾讯与网易的100天派对游戏大战\n" + lede) == "腾讯与网易的100天派对游戏大战"
    assert find_title("商务合作请联系我们\n抖音起诉腾讯垄断,要求停止封禁\n" + lede) == "抖音起诉腾讯垄断,要求停止封禁"


@pytest.mark.parametrize(
    ("head", "title", "outlet"),
    [
        ("title: 腾讯与网易的派对游戏大战 - 青柠观察", "腾讯与网易的派对游戏大战", "青柠观察"),  # a crawl's title field
        ("Title: 腾讯与网易的派对游戏大战_青柠财经网", "腾讯与网易的派对游戏大战", "青柠财经网"),
        ("标题:腾讯与网易的派对游戏大战", "腾讯与网易的派对游戏大战", ""),
        ("腾讯与网易的派对游戏大战-青柠财经网", "腾讯与网易的派对游戏大战", "青柠财经网"),  # glued by a bare hyphen
        (
            "腾讯与网易的派对游戏大战-青柠财经网\n首页 > 游戏 > 正文\n腾讯与网易的派对游戏大战",
            "腾讯与网易的派对游戏大战",
            "青柠财经网",
        ),
        ("B2B-电商的新战场:京东与阿里", "B2B-电商的新战场:京东与阿里", ""),  # a hyphen inside a headline stays
    ],
)
def test_a_page_title_line_loses_its_label_and_site_suffix_and_the_suffix_names_the_outlet(head, title, outlet):
    lede = "在刚刚过去的一百天里,两家游戏公司围绕派对游戏展开了激烈竞争,双方投入的推广费用都超过了十亿元。业内人士认为,这场大战还远没有结束。"
    assert find_title(head + "\n" + lede) == title
    assert find_outlet(head + "\n" + lede) == outlet


@pytest.mark.parametrize(
    "text",
    [
        "",
        "©\n客户端\n【】\n-",  # marks with no name
        "Copyright\n版权所有\n官方账号官方账号",
        "\n".join(["首页-新闻网"] * 40),  # one line repeated down the head
        "标题\n" + "网" * 5000,  # a line far over every length limit
        "标题\n31/31/2025\n999/99/99\n民国0年13月1日",  # dates that do not exist
    ],
)
def test_adversarial_heads_give_no_outlet_or_date_and_no_error(text):
    from coopetition.reading.metadata import extract_metadata

    found = extract_metadata(text)
    assert found["date"] == ""
    assert found["outlet"] in ("", "新闻网")  # a line repeated 40 times: at most its site part
    assert all(isinstance(v, str) for v in found.values())


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("来源:青柠日报 2025-12-18 10:32", True),
        ("编辑:甲 某某APP 时间:2025-07-22", True),
        ("2025年12月18日,美团宣布将在全国上线新的骑手保障计划。", False),  # a sentence: a prose mark
        ("据悉,双方的合作将于2026年1月1日正式生效;具体细节尚未披露", False),
        ("发布时间:2025-12-18 " + "某" * 60, False),  # too long for a dateline
    ],
)
def test_a_dateline_is_short_and_holds_no_prose_mark(text, shaped):
    assert RULES.dateline_shaped(text) is shaped


# --- a headline behind a list bullet or a repost's source label ----------------------------------


@pytest.mark.parametrize(
    "line, title",
    [
        ("• 【快评】美团与抖音的外卖之战升级", "【快评】美团与抖音的外卖之战升级"),
        ("● 京东与美团的外卖之战升级,补贴再加码", "京东与美团的外卖之战升级,补贴再加码"),
        ("文章来源于互联网:头腾大战再起:抖音起诉腾讯垄断", "头腾大战再起:抖音起诉腾讯垄断"),
        ("转载自青柠网:京东与美团的外卖之战升级", "京东与美团的外卖之战升级"),
        ("以下文章来源于某某商业观察:京东与美团的外卖之战升级", "京东与美团的外卖之战升级"),  # WeChat's repost head
        ("文章來源於某某日報:京東與美團的外賣之戰升級", "京东与美团的外卖之战升级"),
    ],
)
def test_a_headline_behind_a_bullet_or_a_source_label_loses_them(line, title):
    assert find_title(f"{line}\n{BODY}") == title


@pytest.mark.parametrize(
    "line, outlet",
    [
        ("文章来源于某某商业观察:京东与美团的外卖之战升级", "某某商业观察"),
        ("以下文章来源于晚点LatePost:京东与美团的外卖之战升级", "晚点LatePost"),
        ("文章来源于:第一财经", "第一财经"),  # the label's own colon is no end of the name
    ],
)
def test_a_source_label_before_a_headline_credits_the_name_before_the_colon(line, outlet):
    assert extract_metadata(f"{line}\n{BODY}")["outlet"] == outlet


@pytest.mark.parametrize("label", ["文章来源于互联网", "本文來源於網絡", "转载自网络", "以下文章来源于网络"])
def test_a_source_label_standing_alone_is_no_headline_whatever_it_names(label):
    # the name is no outlet, so no credit is read from it; the line is still a label, not the headline
    assert find_title(f"{label}\n{BODY}") == ""
    assert find_title(f"京东与美团的外卖之战升级\n{label}\n{BODY}") == "京东与美团的外卖之战升级"


@pytest.mark.parametrize(
    "title",
    [
        "来自美团的反击:外卖战升级",
        "来自美团的反击:外卖战全面升级,补贴再加码",  # six or more characters after the colon
        "来自星星的你:一部韩剧在内地平台的十年",
        "来自拼多多的新挑战",
        "转型中的京东物流",
    ],
)
def test_a_headline_opening_like_a_source_label_stays_the_headline(title):
    assert find_title(f"{title}\n{BODY}") == title


@pytest.mark.parametrize(
    "head",
    [
        "• 首页\n• 新闻\n• 关于我们",  # a menu of bullets: each item too short to be a headline
        "来自 iPhone 客户端",  # a post's device label, no colon, no headline behind it
        "来源:青柠网",  # a credit line, not a label before a headline
    ],
)
def test_a_bullet_menu_or_a_bare_label_gives_no_headline(head):
    assert find_title(f"{head}\n{BODY}") == ""
    assert find_title(f"{head}\n京东与美团的外卖之战升级\n{BODY}") == "京东与美团的外卖之战升级"

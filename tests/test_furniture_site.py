"""The corpus pass of the cleaning: template lines a site repeats across its articles.

The mini-crawls here are written for these tests, in the patterns real site templates use
(a channel menu, a slogan, a "related" header, a footer of links, a reprint notice).
"""

import json
import warnings

import pytest

from coopetition import load_corpus
from coopetition.text.clean import clean_with_report
from coopetition.text.furniture_site import (
    MIN_ARTICLES,
    drop_lines,
    drop_site_furniture,
    line_keys,
    recurring_lines,
    site_furniture,
    site_groups,
)

HEADLINES = [
    "美团与抖音在本地生活领域再度交锋",
    "京东外卖上线三个月订单量突破千万",
    "阿里巴巴宣布淘宝天猫接入微信支付",
    "拼多多旗下Temu在欧洲市场加速扩张",
    "饿了么与支付宝联合推出骑手保障计划",
]
BODIES = [
    [
        "记者了解到,美团近期在多个城市上线了团购直播业务,与抖音的到店团购形成直接竞争。",
        "业内人士认为,两家平台在本地生活服务上的竞争与合作将长期并存。",
    ],
    [
        "京东方面表示,外卖业务上线以来,日均订单量持续增长,入驻餐饮商家已超过三十万家。",
        "分析人士指出,京东入局外卖将加剧与美团之间的竞争。",
    ],
    [
        "阿里巴巴集团表示,淘宝天猫将全面接入微信支付,以提升用户的支付体验。",
        "这意味着两大互联网巨头在支付领域的壁垒进一步松动,合作大于对抗。",
    ],
    [
        "Temu在德国、法国等市场的月活跃用户数量快速增长,已成为当地下载量最高的购物应用之一。",
        "面对激烈的竞争,亚马逊也在加快推出低价商城业务。",
    ],
    [
        "饿了么与支付宝宣布,将联合为全国骑手提供意外伤害保障,覆盖人数超过三百万。",
        "双方表示,这是阿里生态内部协同的又一次尝试。",
    ],
]
SLOGAN = "科技改变生活 商业创造价值"
MENU = "首页 新闻 科技 财经 汽车"
RELATED = "相关阅读"
FOOTER = "关于我们 | 联系我们 | 广告服务"
#: a statement that three of the five articles quote in full, as a closing paragraph
QUOTE = "国家市场监管总局表示,将持续加强对平台经济领域的常态化监管,维护公平竞争的市场秩序。"
#: a subheading that each article prints between two of its paragraphs
SUBHEADING = "写在最后"


def crawl(*, quote_in=(1, 2, 3)) -> list[str]:
    """Five articles of one site as the cleaning leaves them: the template around each body."""
    texts = []
    for i, (headline, body) in enumerate(zip(HEADLINES, BODIES)):
        lines = [SLOGAN, MENU, headline, body[0], SUBHEADING, body[1]]
        if i in quote_in:
            lines.append(QUOTE)
        lines += [RELATED, FOOTER]
        texts.append("\n".join(lines))
    return texts


def test_the_template_goes_and_every_written_line_stays():
    texts = crawl()
    cleaned, dropped = drop_site_furniture(texts, ["site"] * len(texts))
    assert dropped == [4] * 5
    for text, body, headline in zip(cleaned, BODIES, HEADLINES):
        lines = text.split("\n")
        assert not {SLOGAN, MENU, RELATED, FOOTER} & set(lines)
        assert lines[:4] == [headline, body[0], SUBHEADING, body[1]]
    # the shared statement is prose: it stays in each of the three articles that quote it
    assert [QUOTE in text.split("\n") for text in cleaned] == [False, True, True, True, False]


def test_the_counting_from_each_article_s_hashes_alone_finds_and_drops_the_same_lines():
    # what process_corpus's workers send: line indexes and hashes, no text
    texts = crawl()
    reads = [line_keys(text) for text in texts]
    assert all(isinstance(key, int) for keys, _ in reads for _, key in keys)
    found = recurring_lines(["site"] * 5, reads.__getitem__)
    assert found == site_furniture(texts, ["site"] * 5) and len(found["site"]) == 4
    cleaned, dropped = drop_site_furniture(texts, ["site"] * 5)
    for text, (keys, _), expected, n in zip(texts, reads, cleaned, dropped):
        assert drop_lines(text, keys, found["site"]) == (expected, n)
    # an article of another site, or one without edge lines, loses nothing and is returned as is
    assert drop_lines(texts[0], reads[0][0], {1, 2, 3}) == (texts[0], 0)
    assert drop_lines("", line_keys("")[0], found["site"]) == ("", 0)


def test_a_subheading_every_article_uses_stays_between_its_paragraphs():
    cleaned, _ = drop_site_furniture(crawl(), ["site"] * 5)
    assert all(SUBHEADING in text.split("\n") for text in cleaned)


def test_a_short_line_of_the_body_edge_is_compared_after_normalising_spaces_and_case():
    texts = crawl()
    texts[0] = texts[0].replace(FOOTER, "关于我们  |  联系我们 |   广告服务")
    texts[3] = texts[3].replace(SLOGAN, "科技改变生活  商业创造价值")
    cleaned, dropped = drop_site_furniture(texts, ["site"] * 5)
    assert dropped == [4] * 5
    assert "关于我们" not in cleaned[0] and "科技改变生活" not in cleaned[3]


def test_a_line_in_too_few_articles_of_the_site_stays():
    # an editor's line in two of five articles: under MIN_ARTICLES (3)
    texts = crawl()
    for i in (0, 4):
        texts[i] += "\n责任编辑:王小明"
    cleaned, _ = drop_site_furniture(texts, ["site"] * 5)
    assert MIN_ARTICLES == 3
    assert [text.endswith("责任编辑:王小明") for text in cleaned] == [True, False, False, False, True]


def test_a_line_in_three_articles_of_a_large_site_is_under_the_share():
    # twenty distinct articles: a line must recur in four (20%); a note three of them share stays
    texts = [text.replace(body[0], f"第{k}篇:{body[0]}") for k in range(4) for text, body in zip(crawl(), BODIES)]
    assert len(set(texts)) == 20
    notes = [text + ("\n本文首发于财经观察公众号" if i < 3 else "") for i, text in enumerate(texts)]
    cleaned, _ = drop_site_furniture(notes, ["site"] * 20)
    assert sum("本文首发于" in text for text in cleaned) == 3
    with_four = [text + ("\n本文首发于财经观察公众号" if i < 4 else "") for i, text in enumerate(texts)]
    cleaned, _ = drop_site_furniture(with_four, ["site"] * 20)
    assert not any("本文首发于" in text for text in cleaned)


def test_sites_are_counted_apart():
    # the same slogan on two sites, in two and three articles: neither site repeats it enough on its own
    texts = crawl()
    others = [text.replace(MENU, "要闻 国际 社会") for text in texts]
    groups = ["a.com", "a.com", "b.com", "b.com", "b.com"]
    found = site_furniture(texts[:2] + others[2:], groups)
    assert "a.com" not in found  # two articles: too few to count
    cleaned, dropped = drop_site_furniture(texts[:2] + others[2:], groups)
    assert dropped == [0, 0, 4, 4, 4]
    assert SLOGAN in cleaned[0] and SLOGAN not in cleaned[2]


def test_an_article_without_written_lines_and_adversarial_input():
    # a crawl of bare link lists: nothing is body, every recurring line goes, unique lines stay
    texts = [f"{MENU}\n第{i}期 电商周报\n{FOOTER}" for i in range(4)]
    cleaned, dropped = drop_site_furniture(texts, ["x"] * 4)
    assert dropped == [2] * 4 and cleaned[2] == "第2期 电商周报"
    assert drop_site_furniture([], []) == ([], [])
    assert drop_site_furniture(["", "\n\n", " "], ["x"] * 3) == (["", "\n\n", " "], [0, 0, 0])
    with pytest.raises(ValueError, match="2 texts but 1 groups"):
        drop_site_furniture(["a", "b"], ["x"])
    with pytest.raises(ValueError, match="min_articles"):
        site_furniture(["a"], ["x"], min_articles=1)
    with pytest.raises(ValueError, match="min_share"):
        site_furniture(["a"], ["x"], min_share=0)


def test_load_corpus_drops_a_slogan_the_article_cleaning_keeps(tmp_path):
    crawl_dir = tmp_path / "crawl"
    crawl_dir.mkdir()
    for i, (headline, body) in enumerate(zip(HEADLINES, BODIES)):
        lines = [MENU, SLOGAN, headline, body[0], *([QUOTE] if i in (1, 3) else []), body[1], "热门推荐", FOOTER]
        (crawl_dir / f"{i:03d}_news.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # one article in another folder prints the slogan too: its folder is another site
    other = tmp_path / "other"
    other.mkdir()
    (other / "900_blog.txt").write_text(f"{MENU}\n{SLOGAN}\n{HEADLINES[0]}\n{BODIES[0][0]}\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(tmp_path).set_index("doc_id")
    news = corpus[corpus["path"].str.startswith("crawl")]
    assert len(news) == 5
    assert not news["text"].str.contains(SLOGAN).any()
    assert news["text"].str.split("\n").str[0].tolist() == HEADLINES
    assert news["text"].str.contains(QUOTE, regex=False).sum() == 2
    assert (news["clean_chars"] == news["text"].str.len()).all()
    for raw, text, count in zip(news["raw"], news["text"], news["n_boilerplate_lines"]):
        alone, report = clean_with_report(raw)  # the article's own cleaning keeps the slogan
        assert SLOGAN in alone and count == report["n_boilerplate_lines"] + 1
        assert text == alone.replace(SLOGAN + "\n", "")
    blog = corpus[corpus["path"].str.startswith("other")].iloc[0]
    assert SLOGAN in blog["text"] and blog["text"] == clean_with_report(blog["raw"])[0]


def test_a_page_of_the_template_only_is_emptied_and_warned_about(tmp_path):
    # a crawl's empty article page (the story was taken down): the template alone, every line of it repeated
    for i, (headline, body) in enumerate(zip(HEADLINES, BODIES)):
        text = "\n".join([MENU, SLOGAN, headline, body[0], body[1], FOOTER])
        (tmp_path / f"{i:03d}_news.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "005_gone.txt").write_text(f"{MENU}\n{SLOGAN}\n{FOOTER}\n", encoding="utf-8")
    with pytest.warns(Warning, match="005_gone.txt: no words are left after cleaning"):
        corpus = load_corpus(tmp_path)
    gone = corpus[corpus["path"] == "005_gone.txt"].iloc[0]
    assert gone["text"] == "" and gone["clean_chars"] == 0
    assert corpus[corpus["path"] != "005_gone.txt"]["warnings"].eq("").all()


BYLINE = "来源:电商观察 作者:李华 2024-05-01 09:30"
CLOSING = "(完)"


def with_copies() -> tuple[list[str], str]:
    """The five articles, and three copies of a sixth (a crawl that fetched one page three times,
    the last time with a different "related" list under it): its headline, byline and closing
    line are at its edges, in three of eight rows."""
    article = "\n".join(
        [
            SLOGAN,
            MENU,
            "抖音电商与快手在直播带货领域展开新一轮竞争",
            BYLINE,
            "据了解,抖音电商近期推出了新的商家扶持政策,快手随即跟进推出流量补贴计划。",
            "业内人士表示,两家平台的竞争将推动直播电商行业进一步规范发展。",
            CLOSING,
            RELATED,
            FOOTER,
        ]
    )
    copies = [article, article, article.replace(RELATED, "热门推荐")]
    return crawl() + copies, article


def test_copies_of_one_article_count_once_and_keep_their_edges():
    texts, article = with_copies()
    cleaned, dropped = drop_site_furniture(texts, ["site"] * len(texts))
    # the template of the distinct articles still goes, from the copies too
    assert dropped == [4] * 5 + [4, 4, 3]
    for text in cleaned[5:]:
        lines = text.split("\n")
        assert lines[:2] == ["抖音电商与快手在直播带货领域展开新一轮竞争", BYLINE]
        assert CLOSING in lines and not {SLOGAN, MENU, RELATED, FOOTER} & set(lines)
    # counted as three articles, the copies' own lines were "site furniture"
    counted_apart = [text.replace("据了解", f"据了解{k}") for k, text in enumerate(texts[5:])]
    cleaned, _ = drop_site_furniture(texts[:5] + counted_apart, ["site"] * len(texts))
    assert not any(BYLINE in text or CLOSING in text for text in cleaned[5:])


def test_the_share_is_of_distinct_articles():
    # two distinct articles and fifteen copies of a third: a line of all three is the site's template,
    # although it stands in 3 of 17 rows (under 20% of the rows)
    texts = [f"{MENU}\n{HEADLINES[i]}\n{BODIES[i][0]}\n{FOOTER}" for i in range(3)]
    rows = texts[:2] + [texts[2]] * 15
    cleaned, dropped = drop_site_furniture(rows, ["site"] * len(rows))
    assert dropped == [2] * 17
    assert all(text.split("\n")[0] in HEADLINES for text in cleaned)
    # two distinct articles, however many copies: too few to repeat anything
    assert site_furniture(texts[:1] * 5 + texts[1:2] * 5, ["site"] * 10) == {}


def test_load_corpus_keeps_the_headline_of_a_page_fetched_three_times(tmp_path):
    texts, _ = with_copies()
    for i, text in enumerate(texts):
        (tmp_path / f"{i:03d}_news.txt").write_text(text + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(tmp_path, drop_duplicates=True)
    kept = corpus[corpus["text"].str.contains("据了解", regex=False)]
    assert len(kept) == 1  # the copies are one article, and it is whole
    assert kept["text"].iloc[0].split("\n")[0] == "抖音电商与快手在直播带货领域展开新一轮竞争"
    # what the site pass dropped from it is the template its own cleaning kept, nothing of its own
    alone = clean_with_report(kept["raw"].iloc[0])[0].split("\n")
    assert kept["text"].iloc[0].split("\n") == [line for line in alone if line not in {SLOGAN, MENU, RELATED, FOOTER}]
    assert not corpus["text"].str.contains(SLOGAN).any()


def test_articles_without_a_site_join_the_one_site_their_folder_names():
    groups = site_groups(
        ["观察网", "", "观察网", "", "甲网", "乙网", "", "", "甲网"],
        ["crawl", "crawl", "crawl", "crawl", "mixed", "mixed", "mixed", "notes", "notes"],
    )
    assert groups == [("site", "观察网")] * 4 + [
        ("site", "甲网"),
        ("site", "乙网"),
        ("folder", "mixed"),  # its folder names two sites: which one is not known
        ("site", "甲网"),  # a site is one group across folders
        ("site", "甲网"),
    ]
    assert site_groups([], []) == []
    with pytest.raises(ValueError, match="2 sites but 1 folders"):
        site_groups(["a", "b"], ["x"])


def test_load_corpus_counts_a_crawl_that_sometimes_names_its_site_as_one_group(tmp_path):
    # one folder, one dump of five pages of one site: two records name the site, three do not. Split in a
    # group of two (too few to count) and one of three, the two would keep the template the three lose
    crawl_dir = tmp_path / "crawl"
    crawl_dir.mkdir()
    records = []
    for i, (headline, body) in enumerate(zip(HEADLINES, BODIES)):
        text = "\n".join([MENU, SLOGAN, headline, body[0], body[1], "热门推荐", FOOTER])
        records.append({"id": f"a{i}", "text": text, **({"site": "观察网"} if i in (0, 3) else {})})
    (crawl_dir / "dump.jsonl").write_text(
        "\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n", encoding="utf-8"
    )
    # another folder of two sites' articles and one that names none: it is counted by its folder
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    others = [
        {
            "id": f"b{i}",
            "text": "\n".join([MENU, SLOGAN, HEADLINES[i], *BODIES[i], FOOTER]),
            **({"site": s} if s else {}),
        }
        for i, s in enumerate(["甲网", "乙网", ""])
    ]
    (mixed / "dump.jsonl").write_text(
        "\n".join(json.dumps(record, ensure_ascii=False) for record in others) + "\n", encoding="utf-8"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(tmp_path)
    news = corpus[corpus["path"].str.startswith("crawl")]
    assert len(news) == 5 and (news["site"] == "观察网").sum() == 2
    assert not news["text"].str.contains(SLOGAN).any()
    assert sorted(news["text"].str.split("\n").str[0]) == sorted(HEADLINES)
    mixed_rows = corpus[corpus["path"].str.startswith("mixed")]
    assert len(mixed_rows) == 3
    for raw, text in zip(mixed_rows["raw"], mixed_rows["text"]):
        alone = clean_with_report(raw)[0]  # three groups of one: the site pass drops nothing
        assert SLOGAN in alone and text == alone

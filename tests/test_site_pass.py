"""The site-furniture pass wherever a crawl is read: one key a site, and process_file's records.

The mini-crawls are written for these tests, in the patterns real site templates use (a channel
menu, a slogan and a footer of links around each article), as ``.txt`` pages and ``.jsonl``
dumps whose records name their site by name, by URL, or both.
"""

import functools
import json
import warnings

import pytest

import coopetition as cp
from coopetition.pipeline import drop_site_furniture_records, frequencies_from_records, process_file
from coopetition.reading.listing import list_corpus
from coopetition.text.furniture_site import drop_site_furniture, site_domain, site_groups, site_key

MENU = "首页 | 要闻 | 财经 | 科技 | 评论"
SLOGAN = "让商业更有温度 让科技更近生活"  # a slogan each article's own cleaning keeps
FOOTER = "关于我们 | 联系我们 | 投稿邮箱 | 版权声明"
ARTICLES = [
    (
        "百度地图接入美团外卖入口 用户可直接下单",
        "百度地图宣布在搜索结果中接入美团外卖服务,用户无需跳转即可完成点餐和支付。",
        "有分析认为,地图平台与本地生活平台的合作将改变流量分发格局。",
    ),
    (
        "华为鸿蒙版微信正式上架应用市场",
        "腾讯与华为双方确认,鸿蒙原生版微信已通过审核,首批用户可在应用市场下载。",
        "此前两家公司曾在数据权限上有过分歧,此次合作被视为关系缓和的信号。",
    ),
    (
        "顺丰与京东物流在县域市场展开价格战",
        "多地快递网点反映,顺丰与京东物流近期同时下调县域件价格,部分线路降幅超过两成。",
        "业内人士预计,县域物流的竞争将倒逼双方在共享仓配上寻求合作。",
    ),
    (
        "小红书与淘宝打通笔记购物链接",
        "小红书宣布与淘宝天猫开展合作,用户可在部分笔记中直接跳转到淘宝商品页面。",
        "这意味着内容平台与电商平台之间长期存在的外链壁垒出现松动。",
    ),
    (
        "滴滴与高德在网约车聚合业务上正面竞争",
        "高德打车今年以来接入的网约车品牌持续增加,滴滴则以补贴和会员权益回应。",
        "分析人士指出,聚合模式与自营模式之间的竞争短期内难分胜负。",
    ),
]


def page(i: int) -> str:
    headline, first, second = ARTICLES[i]
    return "\n".join([MENU, SLOGAN, headline, first, second, FOOTER]) + "\n"


def write_dump(folder, records) -> None:
    folder.mkdir(parents=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the template-only page's warning (its text is compared)
        return function(*args, **kwargs)


# --- one key a site ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "url", "domain"),
    [
        ("36氪", "https://www.36kr.com/p/2808123", "36kr.com"),
        ("", "https://m.36kr.com/p/2808123", "36kr.com"),
        ("", "http://finance.sina.com.cn/tech/2025-06-10/doc-1.shtml", "sina.com.cn"),
        ("", "https://news.bbc.co.uk/zhongwen", "bbc.co.uk"),  # a two-label public suffix
        ("Guancha.CN", "", "guancha.cn"),  # a record's site field that is a host
        ("", "http://10.0.0.8/news/1.html", "10.0.0.8"),  # no registrable domain: the host itself
        ("36氪", "", ""),  # a name only
        ("新浪财经", "http://[::1/broken", ""),  # a malformed URL names no host
        ("", "/p/2808123", ""),  # a relative link names no host
        ("", "www.36kr.com/p/1", "36kr.com"),  # a URL without its scheme
        ("", "index.html", ""),  # a relative link without a slash is no host either
        ("www.36kr.com:8080", "", "36kr.com"),  # a host with its port
        ("", "https://例子.中国/新闻/1", "xn--fsqu00a.xn--fiqs8s"),  # unicode and punycode: one key
        ("xn--fsqu00a.xn--fiqs8s", "", "xn--fsqu00a.xn--fiqs8s"),
        ("www.foo.unknownsuffix", "", "foo.unknownsuffix"),  # no public suffix: www./m./wap. dropped
        ("", "http://m.foo.unknownsuffix/a/1", "foo.unknownsuffix"),
        ("", "http://wap.foo.unknownsuffix/a/1", "foo.unknownsuffix"),
        # a crawl of a local mirror: localhost and addresses are each their own site
        ("", "http://localhost:8000/a/1", "localhost"),
        ("", "http://[::1]:80/x", "::1"),
        ("", "http://[2001:DB8::1]/news/2.html", "2001:db8::1"),
        ("127.0.0.1", "", "127.0.0.1"),  # a bare address, with or without a scheme
        ("127.0.0.1:8080", "", "127.0.0.1"),
        ("", "http://127.0.0.1/x", "127.0.0.1"),
        ("", "127.0.0.1/news/1.html", "127.0.0.1"),
        ("localhost", "", ""),  # a bare word is a site name, not a host
        ("", "http://user@localhost/x", "localhost"),
        ("", "http://[::1/broken", ""),
        ("", "999.1.1.1", ""),  # no address, no known suffix
    ],
)
def test_site_domain_is_the_registrable_domain_of_a_url_or_a_host_name(site, url, domain):
    assert site_domain(site, url) == domain
    assert site_domain(site, url) == domain  # again, from the cache of hosts


def test_many_rows_of_few_hosts_are_keyed_as_each_row_alone():
    # the grouping keeps each host's work once: every row must still get its own key, whatever row came first
    hosts = [
        "https://www.36kr.com/p/{}",
        "http://localhost:8000/a/{}",
        "https://mp.weixin.qq.com/s/{}",
        "36kr.com/p/{}",
    ]
    sites = ["36氪", "", "甲科技", "乙号", ""] * 40
    urls = [hosts[i % 4].format(i) if i % 5 else "" for i in range(200)]
    groups = site_groups(sites, ["crawl"] * 200, urls)
    alone = [site_key(site, url) for site, url in zip(sites, urls)]
    assert [key for (_, key), own in zip(groups, alone) if own] == [own for own in alone if own]
    assert sum(bool(own) for own in alone) > 100
    assert {key for _, key in groups} >= {"36kr.com", "localhost", "mp.weixin.qq.com/甲科技"}


def test_a_site_name_and_its_url_host_are_one_group():
    sites = ["观察者网", "m.guancha.cn", "观察者网", "", "甲网", "甲网", "乙网", "", "36氪"]
    urls = [
        "",
        "https://m.guancha.cn/a/1.shtml",
        "https://www.guancha.cn/b/2.shtml",  # this record names the site both ways: the bridge
        "https://user.guancha.cn/c/3",
        "https://a.example.com/1",
        "https://b.example.org/2",  # 甲网 on two domains: the name stays its own key
        "",
        "",
        "",
    ]
    folders = ["feed_a", "feed_b", "feed_c", "feed_d", "x", "y", "z", "z", "w"]
    groups = site_groups(sites, folders, urls)
    assert groups[:4] == [("site", "guancha.cn")] * 4
    assert groups[4:6] == [("site", "example.com"), ("site", "example.org")]
    assert groups[6:] == [("site", "乙网"), ("site", "乙网"), ("site", "36氪")]  # 36氪: no URL ever gives it
    with pytest.raises(ValueError, match="2 sites but 2 folders and 1 urls"):
        site_groups(["a", "b"], ["x", "y"], [""])


def test_load_corpus_counts_a_site_named_by_name_and_by_url_as_one_site(tmp_path):
    # five pages of one site in four feeds: by name only, by mobile URL only, both, by URL only. Counted
    # under each name apart (2, 2 and 1 articles, under the 3 a line must recur in) the template stays
    write_dump(tmp_path / "feed_a", [{"id": "a0", "text": page(0), "site": "观察者网"}])
    write_dump(
        tmp_path / "feed_b",
        [{"id": f"b{i}", "text": page(i), "url": f"https://m.guancha.cn/economy/2025_06_1{i}_1.shtml"} for i in (1, 2)],
    )
    write_dump(
        tmp_path / "feed_c",
        [{"id": "c3", "text": page(3), "site": "观察者网", "url": "https://www.guancha.cn/economy/2025_06_13_3.shtml"}],
    )
    write_dump(tmp_path / "feed_d", [{"id": "d4", "text": page(4), "url": "https://www.guancha.cn/politics/4.shtml"}])
    corpus = _quiet(cp.load_corpus, tmp_path)
    assert len(corpus) == 5 and corpus["site"].nunique() == 3  # three names of one site
    assert not corpus["text"].str.contains(SLOGAN).any()
    assert not corpus["text"].str.contains(MENU, regex=False).any()
    assert sorted(corpus["text"].str.split("\n").str[0]) == sorted(a[0] for a in ARTICLES)
    assert (corpus["n_boilerplate_lines"] >= 1).all()


def test_two_sites_of_one_folder_stay_apart_by_their_domains(tmp_path):
    # one feed of two sites, told apart by URL only: each has two articles, too few to count, so
    # the template the two print stays (were they one folder group of four, it would go)
    write_dump(
        tmp_path / "feed",
        [
            {"id": f"r{i}", "text": page(i), "url": f"https://{host}/news/{i}.html"}
            for i, host in enumerate(["www.guancha.cn", "www.thepaper.cn", "m.guancha.cn", "thepaper.cn"])
        ],
    )
    corpus = _quiet(cp.load_corpus, tmp_path)
    assert corpus["text"].str.contains(SLOGAN).all()


# --- process_file's records and the Dask recipe --------------------------------------------------


@pytest.fixture()
def crawl(tmp_path):
    """One site's crawl: four pages as files and two in a dump, a page of the template only,
    and another folder whose one page prints the slogan too."""
    site = tmp_path / "crawl"
    site.mkdir()
    for i in range(4):
        (site / f"2025061{i}_news.txt").write_text(page(i), encoding="utf-8")
    records = [{"id": "d4", "text": page(4)}, {"id": "d0", "text": page(0).replace("直接下单", "一键下单")}]
    (site / "dump.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    (site / "20250619_gone.txt").write_text(f"{MENU}\n{SLOGAN}\n{FOOTER}\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "blog.txt").write_text(page(1), encoding="utf-8")
    return tmp_path


FIELDS = ["text", "clean_chars", "n_boilerplate_lines", "warnings", "site", "url"]


def _plain(freqs):
    return freqs.astype({"doc_id": str, "term": str}).sort_values(["doc_id", "term"]).reset_index(drop=True)


def _expected(crawl):
    corpus = _quiet(cp.load_corpus, crawl)
    return corpus, _by_file(corpus.to_dict("records"))


def _by_file(rows):
    """The compared fields of each row by its file's name (process_file without ``name`` knows no folder)."""
    return {row["file"].rsplit("/", 1)[-1]: {k: row[k] for k in FIELDS} for row in rows}


def _files(crawl):
    return [str(f) for f in list_corpus(crawl).files]


def test_process_file_alone_keeps_the_template_a_file_is_not_a_site(crawl):
    records = [r for f in _files(crawl) for r in _quiet(process_file, f, cache=False)]
    # every article keeps it (the template-only page is emptied by its own cleaning): the pass needs the other files
    assert [SLOGAN in r["text"] for r in records if r["path"] != "20250619_gone.txt"] == [True] * 7


def test_the_records_pass_gives_load_corpus_rows_and_term_counts(crawl):
    corpus, expected = _expected(crawl)
    records = [r for f in _files(crawl) for r in _quiet(process_file, f, cache=False)]  # no name: files alone
    changed = _quiet(drop_site_furniture_records, records, cache=False)
    assert changed == 6  # the six news pages; the other folder's page keeps its slogan, the template-only page is empty
    assert _by_file(records) == expected
    assert drop_site_furniture_records(records, cache=False) == 0  # run twice: nothing more recurs
    assert _by_file(records) == expected
    assert _plain(frequencies_from_records(records)).equals(_plain(cp.term_frequencies(corpus)))


def test_the_dask_recipe_with_the_records_pass_equals_load_corpus(crawl):
    db = pytest.importorskip("dask.bag")
    corpus, expected = _expected(crawl)
    bag = db.from_sequence(_files(crawl), npartitions=2).map(functools.partial(process_file, cache=False))
    records = bag.flatten().compute(scheduler="processes", num_workers=2)
    drop_site_furniture_records(records, cache=False)
    assert _by_file(records) == expected
    assert _plain(frequencies_from_records(records)).equals(_plain(cp.term_frequencies(corpus)))


def test_the_records_pass_refuses_records_it_cannot_correct():
    with pytest.raises(TypeError, match="records must be a list of dicts, not tuple"):
        drop_site_furniture_records(({"text": "", "counts": {}},))
    packed = {"path": "crawl/a.txt", "text": "", "packed_terms": "美团", "packed_counts": b"\x01\x00\x00\x00"}
    with pytest.raises(ValueError, match=r"record 0 \('crawl/a.txt'\) has no text or no counts"):
        drop_site_furniture_records([packed])
    assert drop_site_furniture_records([]) == 0
    good = {"path": "crawl/a.txt", "text": page(0), "counts": {}, "site": "", "url": ""}
    with pytest.raises(TypeError, match=r"list of dicts, but record 1 is a str \('oops'\)"):
        drop_site_furniture_records([good, "oops"])


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"path": None}, TypeError, r"record 1: 'path' must be a string"),
        ({"path": ...}, ValueError, r"record 1 has no 'path' field"),
        ({"url": None}, TypeError, r"record 1 \('crawl/b.txt'\): 'url' must be a string \(''"),
        ({"site": 36}, TypeError, r"record 1 \('crawl/b.txt'\): 'site' must be a string"),
        ({"site": ...}, ValueError, r"record 1 \('crawl/b.txt'\) has no 'site' field"),
        (
            {"text": None},
            TypeError,
            r"record 1 \('crawl/b.txt'\): 'text' must be a string \(its cleaned text\), not NoneType",
        ),
    ],
)
def test_the_records_pass_names_the_record_and_the_field_it_cannot_read(change, error, message):
    good = {"path": "crawl/a.txt", "text": page(0), "counts": {}, "site": "观察者网", "url": ""}
    bad = {**good, "path": "crawl/b.txt", **change}
    bad = {k: v for k, v in bad.items() if v is not ...}
    with pytest.raises(error, match=message):
        drop_site_furniture_records([good, bad])


# --- content platforms: each account a site ----------------------------------------------------


def _account_page(signature: str, i: int) -> str:
    body = f"第{i}期平台观察:美团与饿了么在即时零售领域的竞争再度升级,双方第{i}次同时加大补贴力度。"
    return "\n".join([signature, f"平台竞合观察第{i}期", body, "点击上方蓝字关注我们"]) + "\n"


def test_a_small_account_of_a_platform_loses_its_own_template_beside_a_large_one():
    # WeChat: account 甲 (5 articles) beside account 乙 (30): keyed by the platform's domain they were one
    # site of 35 articles, where 甲's signature (5 of 35, under the 20 % share) stayed
    small = [_account_page("甲科技 | 专注平台经济的深度观察", i) for i in range(5)]
    large = [_account_page("乙财经 | 每天三分钟读懂商业", 100 + i) for i in range(30)]
    sites = ["甲科技"] * 5 + ["乙财经"] * 30
    urls = [f"https://mp.weixin.qq.com/s/a{i}" for i in range(35)]
    groups = site_groups(sites, ["feed"] * 35, urls)
    assert len(set(groups)) == 2
    texts, dropped = drop_site_furniture(small + large, groups)
    assert not any("甲科技 | 专注" in text for text in texts[:5])
    assert not any("乙财经 | 每天" in text for text in texts[5:])
    assert all("即时零售" in text for text in texts)


@pytest.mark.parametrize(
    ("site", "url", "key"),
    [
        ("某某科技", "https://mp.weixin.qq.com/s/AbCd", "mp.weixin.qq.com/某某科技"),
        (
            "某某科技",
            "https://mp.weixin.qq.com/s?__biz=MzA5&mid=2651",
            "mp.weixin.qq.com/__biz=MzA5",
        ),  # the URL's id first
        ("微信公众平台", "https://mp.weixin.qq.com/s/AbCd", ""),  # the platform's own name names no account
        ("", "https://baijiahao.baidu.com/s?id=1780", ""),  # no account anywhere: its folder
        ("", "https://www.sohu.com/a/712345_121", "sohu.com/account=121"),
        ("", "https://www.sohu.com/tech/2025/1.shtml", "sohu.com"),  # Sohu's own newsroom
        ("甲说", "https://www.163.com/dy/article/ABC.html", "163.com/甲说"),
        ("网易科技", "https://www.163.com/tech/article/ABC.html", "163.com"),
        ("乙观察", "https://www.toutiao.com/article/7312/", "toutiao.com/乙观察"),
        ("36氪", "https://36kr.com/p/1", "36kr.com"),  # no platform: the domain
        # Baijiahao's articles shown on mbd.baidu.com's news pages are Baijiahao's accounts
        (
            "丙视角",
            "https://mbd.baidu.com/newspage/data/landingsuper?context=%7B%22nid%22%3A%22news_9%22%7D",
            "baijiahao.baidu.com/丙视角",
        ),
        ("丙视角", "https://baijiahao.baidu.com/s?id=1780", "baijiahao.baidu.com/丙视角"),
        ("百家号", "https://mbd.baidu.com/newspage/data/landingsuper?x=1", ""),
        ("", "https://mbd.baidu.com/ma/s/Ab3", "baidu.com"),  # not a news page: Baidu's own
        # Weibo and Xueqiu name the account (a user id) in the path
        ("", "https://weibo.com/1644114654/NqRs8xYzA", "weibo.com/account=1644114654"),
        ("", "https://m.weibo.cn/1644114654/4990123456789012", "weibo.com/account=1644114654"),
        ("", "https://weibo.com/u/1644114654", "weibo.com/account=1644114654"),
        ("某财经博主", "https://m.weibo.cn/status/4990123456789012", "weibo.com/某财经博主"),  # no id: the name
        ("新浪微博", "https://m.weibo.cn/detail/4990123456789012", ""),
        ("", "https://xueqiu.com/9528364710/281234567", "xueqiu.com/account=9528364710"),
        ("雪球", "https://xueqiu.com/S/SH600519", ""),  # a stock's page names no account
    ],
)
def test_a_platform_page_is_keyed_by_its_account(site, url, key):
    assert site_key(site, url) == key


def test_a_wechat_account_named_by_biz_on_some_pages_and_by_name_on_others_is_one_site():
    sites = ["甲科技", "甲科技", "甲科技", "乙财经", "乙财经", "丙观察", "丙观察", "丙观察"]
    urls = [
        "https://mp.weixin.qq.com/s?__biz=MzA5AAA==&mid=1",
        "https://mp.weixin.qq.com/s/Xy12",
        "mp.weixin.qq.com/s/Zq34",
        "https://mp.weixin.qq.com/s/Ab56",  # 乙 never shows a __biz: by its name
        "https://mp.weixin.qq.com/s/Cd78",
        "https://mp.weixin.qq.com/s?__biz=MzB6BBB==&mid=2",  # two accounts named 丙: the name is no id's
        "https://mp.weixin.qq.com/s?__biz=MzC7CCC==&mid=3",
        "https://mp.weixin.qq.com/s/Ef90",
    ]
    groups = site_groups(sites, ["feed"] * 8, urls)
    assert [key for _, key in groups] == [
        "mp.weixin.qq.com/__biz=MzA5AAA==",
        "mp.weixin.qq.com/__biz=MzA5AAA==",
        "mp.weixin.qq.com/__biz=MzA5AAA==",
        "mp.weixin.qq.com/乙财经",
        "mp.weixin.qq.com/乙财经",
        "mp.weixin.qq.com/__biz=MzB6BBB==",
        "mp.weixin.qq.com/__biz=MzC7CCC==",
        "mp.weixin.qq.com/丙观察",
    ]
    # a name on another platform is another account: 甲科技 on Toutiao stays apart from its WeChat id
    assert site_groups(["甲科技", "甲科技"], ["feed"] * 2, [urls[0], "https://www.toutiao.com/article/7312/"]) == [
        ("site", "mp.weixin.qq.com/__biz=MzA5AAA=="),
        ("site", "toutiao.com/甲科技"),
    ]


def test_platform_pages_without_an_account_go_by_their_folder():
    urls = [f"https://baijiahao.baidu.com/s?id=17{i}" for i in range(4)]
    groups = site_groups(["", "", "百家号", "丙视角"], ["acc_a", "acc_b", "acc_b", "acc_c"], urls)
    assert groups == [
        ("folder", "acc_a"),
        ("folder", "acc_b"),
        ("folder", "acc_b"),
        ("site", "baijiahao.baidu.com/丙视角"),
    ]

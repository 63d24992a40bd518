"""process_corpus runs the site-furniture pass of load_corpus: same rows, same term counts.

The mini-crawl is written for these tests, in the patterns real site templates use: a channel
menu, a slogan and a footer of links around each article, and a regulator's statement that
several articles quote in full (prose, which stays).
"""

import json
import warnings

import pytest

import coopetition as cp
from coopetition.pipeline import iter_records, process_corpus
from coopetition.text.clean import clean_with_report

MENU = "首页 | 快讯 | 电商 | 本地生活 | 出海"
SLOGAN = "让商业更有温度 让科技更近生活"  # a slogan the article's own cleaning keeps
FOOTER = "关于我们 | 联系我们 | 投稿邮箱 | 版权声明"
QUOTE = "国家市场监管总局有关负责人表示,将依法规范平台经营行为,推动平台企业在竞争中加强合作。"
ARTICLES = [
    (
        "美团闪购与京东秒送在即时零售领域短兵相接",
        "记者了解到,美团闪购近期在二十多个城市上线夜间配送服务,京东秒送随即推出满减补贴。",
        "业内人士认为,即时零售的竞争已从价格转向履约效率。",
    ),
    (
        "淘宝天猫全面接入微信支付 双方互通再进一步",
        "阿里巴巴方面表示,淘宝天猫已在全部商品上支持微信支付,用户下单时可直接选择。",
        "分析人士指出,两大平台在支付领域的合作有望带动更多互联互通。",
    ),
    (
        "抖音生活服务与饿了么达成合作 外卖入口上线",
        "抖音生活服务宣布与饿了么合作,用户可在抖音内直接下单外卖,由蜂鸟骑手配送。",
        "这被视为抖音在本地生活领域与美团竞争的又一步。",
    ),
    (
        "拼多多旗下Temu加快欧洲本地仓布局",
        "Temu在德国、西班牙等市场推出本地发货模式,商家可从欧洲仓库直接发货。",
        "面对Temu的扩张,亚马逊也加快了低价商城的上线节奏。",
    ),
    (
        "快手电商推出新商家扶持计划 与抖音争夺中小商家",
        "快手电商宣布,新入驻商家在前九十天可获得流量扶持和保证金减免。",
        "业内人士表示,两家短视频平台对中小商家的争夺将更加激烈。",
    ),
    (
        "菜鸟与顺丰恢复数据接口 物流合作回暖",
        "菜鸟与顺丰双方宣布,恢复此前中断的数据接口,消费者可在淘宝查看顺丰物流信息。",
        "分析认为,竞争对手之间重新握手,说明平台间的合作空间仍然很大。",
    ),
]


def page(headline: str, first: str, second: str, *, quote: bool) -> str:
    return "\n".join([MENU, SLOGAN, headline, first, *([QUOTE] if quote else []), second, FOOTER]) + "\n"


@pytest.fixture()
def crawl(tmp_path):
    """A folder of one site: four pages as files, two in a dump (with a bad record between them),
    and a page of the template only; another folder whose one page prints the slogan too."""
    site = tmp_path / "crawl"
    site.mkdir()
    for i, article in enumerate(ARTICLES[:4]):
        (site / f"2025061{i}_news.txt").write_text(page(*article, quote=i in (1, 2)), encoding="utf-8")
    good = [{"id": f"d{i}", "text": page(*ARTICLES[i], quote=i == 5)} for i in (4, 5)]
    (site / "dump.jsonl").write_text(
        json.dumps(good[0], ensure_ascii=False) + "\n{not json\n" + json.dumps(good[1], ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (site / "20250619_gone.txt").write_text(f"{MENU}\n{SLOGAN}\n{FOOTER}\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "blog.txt").write_text(page(*ARTICLES[0], quote=False), encoding="utf-8")
    return tmp_path


def _loaded(folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = cp.load_corpus(folder, errors="skip")
    return corpus, sorted(str(w.message) for w in caught)


def _plain(freqs):
    return freqs.astype({"doc_id": str, "term": str}).reset_index(drop=True)


@pytest.mark.parametrize("keep_text", [True, False])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_process_corpus_drops_the_template_as_load_corpus_does(crawl, n_jobs, keep_text):
    expected, expected_warnings = _loaded(crawl)
    news = expected[expected["path"].str.startswith("crawl")]
    assert len(news) == 7 and not news["text"].str.contains(SLOGAN).any()  # the pass did drop the template
    assert news["text"].str.contains(QUOTE, regex=False).sum() == 3  # the quoted statement stays
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = process_corpus(crawl, n_jobs=n_jobs, chunksize=1, keep_text=keep_text, errors="skip", progress=False)
    assert sorted(str(w.message) for w in caught) == expected_warnings  # the template-only page is warned about
    rows = expected.drop(columns=["raw"])
    if keep_text:
        assert result.corpus.equals(rows)
    else:
        assert (result.corpus["text"] == "").all()
        assert result.corpus.drop(columns=["text"]).equals(rows.drop(columns=["text"]))
    assert _plain(result.frequencies).equals(cp.term_frequencies(expected))


def test_the_streamed_counts_lose_the_slogan_words_only_in_the_site_folder(crawl):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the bad record and the template-only page (compared above)
        result = process_corpus(crawl, errors="skip", progress=False, cache=False)
    corpus = result.corpus.set_index("doc_id")
    counts = _plain(result.frequencies)
    rest = "\n".join([MENU, FOOTER, QUOTE, *(line for article in ARTICLES for line in article)])
    slogan_terms = set(cp.term_frequencies(SLOGAN)["term"]) - set(cp.term_frequencies(rest)["term"])
    assert slogan_terms  # words only the slogan has (温度, 更近)
    assert slogan_terms <= set(counts[counts["doc_id"] == "blog"]["term"])  # alone in its folder, it keeps them
    assert not slogan_terms & set(counts[counts["doc_id"] != "blog"]["term"])
    gone = corpus[corpus["path"] == "crawl/20250619_gone.txt"].iloc[0]
    assert gone["clean_chars"] == 0 and "no words are left" in gone["warnings"]
    # each site page lost the slogan the article's own cleaning kept, counted as boilerplate
    news = corpus[corpus["path"].str.startswith("crawl") & (corpus["path"] != "crawl/20250619_gone.txt")]
    for doc_id, row in news.iterrows():
        alone, report = clean_with_report(crawl.joinpath(row["path"]).read_text(encoding="utf-8"))
        if row["format"] == "txt":
            assert SLOGAN in alone and row["n_boilerplate_lines"] == report["n_boilerplate_lines"] + 1, doc_id
        assert row["clean_chars"] == len(row["text"])


def test_records_streamed_one_by_one_carry_no_site_hashes(crawl):
    records = list(iter_records(sorted((crawl / "crawl").glob("*_news.txt"))))
    assert len(records) == 4
    assert not {key for record in records for key in record if key.startswith("site_")}


def test_a_file_changed_between_the_stream_and_its_second_read_is_named(crawl, monkeypatch):
    # with keep_text=False an affected article is read again from its file: if the file changed in
    # between, the lines counted are not the lines read, and the run stops naming the file
    import coopetition.pipeline as pipeline

    real = pipeline._rereader

    def changed(*args):
        reread = real(*args)
        return lambda indices: {i: text.replace(SLOGAN, "让生活更美好") for i, text in reread(indices).items()}

    monkeypatch.setattr(pipeline, "_rereader", changed)
    with pytest.raises(cp.CorpusError, match=r"crawl.*changed while the corpus was read"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            process_corpus(crawl, keep_text=False, errors="skip", progress=False, cache=False)

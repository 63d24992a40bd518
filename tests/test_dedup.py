"""Near-duplicates: the same story on two sites is flagged once; different stories on one topic are not."""

import pytest

from coopetition import load_corpus
from coopetition.reading.dedup import (
    NUM_PERM,
    THRESHOLD,
    DuplicateIndex,
    find_duplicates,
    lsh_bands,
    signature,
    without_duplicates,
)

STORY = (
    "12月29日,北京市高级人民法院对京东诉阿里巴巴“二选一”案做出一审判决,认定其滥用市场支配地位实施垄断行为成立,"
    "判决向京东赔偿10亿元。京东方面表示,公平竞争是市场经济的核心,此次判决是中国反垄断法治进程中的标志性时刻。"
    "阿里巴巴回应称,已获悉此消息,尊重法院的判决结果。业内人士认为,平台之间的竞争将更多回到商品与服务本身,"
    "商家在多个平台同时经营的自由将得到更好保障,消费者也将从更充分的竞争中获益。"
)
# the same story as another site prints it: its own furniture, full-width marks, a line break, one sentence more
SYNDICATED = "来源:某某网\n" + STORY.replace(",", ",").replace("。", "。\n") + "记者将持续关注此案进展。"
# same topic, same firms, another story
OTHER = (
    "拼多多市值一度超越阿里巴巴,成为美股市值最高的中国电商公司。阿里巴巴创始人马云在内网发帖回应,"
    "称坚信阿里会变、阿里会改,并祝贺拼多多过去几年的决策和执行。分析人士指出,低价策略与下沉市场是拼多多增长的关键,"
    "而阿里正在调整组织架构,淘天集团换帅被视为应对竞争的重要一步,京东也在加大百亿补贴的力度。"
)


def test_signature_is_fixed_and_compact():
    assert signature(STORY) == signature(STORY)
    assert len(signature(STORY)) == 4 * NUM_PERM
    assert signature("。。。!!!") == b""  # nothing to shingle


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ({"b": STORY, "a": SYNDICATED, "c": OTHER}, {"a": "", "b": "a", "c": ""}),  # the smallest doc_id is kept
        ({"a": STORY, "b": OTHER}, {"a": "", "b": ""}),
        ({"a": STORY, "b": STORY, "c": STORY}, {"a": "", "b": "a", "c": "a"}),
        ({"a": STORY, "b": ""}, {"a": "", "b": ""}),  # an empty article is nobody's copy
    ],
)
def test_find_duplicates_flags_copies_of_the_kept_article(texts, expected):
    ids = list(texts)
    found = find_duplicates(ids, [signature(texts[d]) for d in ids])
    assert dict(zip(ids, found)) == expected


def test_the_corpus_flags_a_syndicated_copy_and_can_drop_it(tmp_path):
    (tmp_path / "site_a.txt").write_text("京东诉阿里案一审宣判\n" + STORY, encoding="utf-8")
    (tmp_path / "site_b.txt").write_text("阿里被判赔京东10亿元\n" + SYNDICATED, encoding="utf-8")
    (tmp_path / "site_c.txt").write_text("拼多多市值超越阿里\n" + OTHER, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert dict(zip(corpus["doc_id"], corpus["duplicate_of"])) == {"site_a": "", "site_b": "site_a", "site_c": ""}
    kept = load_corpus(tmp_path, drop_duplicates=True)
    assert kept["doc_id"].tolist() == ["site_a", "site_c"]
    assert without_duplicates(corpus).equals(kept)


def test_without_duplicates_needs_the_flag_column():
    import pandas as pd

    with pytest.raises(KeyError, match="duplicate_of"):
        without_duplicates(pd.DataFrame({"doc_id": ["a"]}))


def test_seeds_hold_no_duplicates(corpus):
    assert (corpus["duplicate_of"] == "").all()


def _datasketch_signature(text: str) -> bytes:
    """The reference: datasketch's own MinHash, updated shingle by shingle."""
    from datasketch import MinHash

    from coopetition.reading.dedup import SCHEME, SEED, _shingle_hashes

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=lambda value: value)
    minhash.update_batch(_shingle_hashes(text).tolist())
    return minhash.hashvalues.astype("uint32").tobytes()


@pytest.mark.parametrize(
    "text",
    [STORY, SYNDICATED, OTHER, "京东", "ABC def 123", "京东" * 3000, "𠀀𪚥龘" * 7],  # short, Latin, long, astral
)
def test_vectorised_signature_equals_datasketch_minhash(text):
    assert signature(text) == _datasketch_signature(text)


def test_signatures_of_real_articles_equal_datasketch_minhash():
    from coopetition import clean_text, paths
    from coopetition.reading.corpus import read_article

    files = sorted(paths.seeds_dir().glob("*.txt"))
    external = paths.project_root() / ".." / "shared" / "external" / "articles"
    files += sorted(external.glob("*.txt")) if external.is_dir() else []
    for path in files:
        text = clean_text(read_article(path)[0])
        assert signature(text) == _datasketch_signature(text), path.name


@pytest.mark.parametrize("text", [STORY, "京东", "ABCDE", "a", "𠀀𪚥龘京东" * 50, "京东" * 3000])
def test_shingle_hashes_are_the_polynomial_over_code_points_modulo_2_32(text):
    from coopetition.reading.dedup import _BASE, _NOT_CONTENT_RE, SHINGLE, _shingle_hashes

    points = [ord(ch) for ch in _NOT_CONTENT_RE.sub("", text).lower()]
    points += [0] * (SHINGLE - len(points))
    expected = [
        sum(p * _BASE**k for k, p in enumerate(points[i : i + SHINGLE])) % 2**32
        for i in range(len(points) - SHINGLE + 1)
    ]
    assert _shingle_hashes(text).tolist() == expected


def test_the_streaming_index_finds_the_groups_whatever_the_arrival_order():
    from itertools import permutations

    from coopetition.reading.dedup import DuplicateIndex

    texts = {"c": STORY, "a": SYNDICATED, "d": OTHER, "b": STORY + "记者将持续关注此案进展。", "e": ""}
    expected = {"a": "", "b": "a", "c": "a", "d": "", "e": ""}
    for order in permutations(texts):
        index = DuplicateIndex()
        for position, doc_id in enumerate(order):
            index.add(position, signature(texts[doc_id]))
        assert dict(zip(order, index.result(list(order)))) == expected
    assert len(index.pairs) == 3  # each matching pair met once, from its later article


def test_the_streaming_index_refuses_articles_out_of_order_or_ids_that_do_not_fit():
    from coopetition.reading.dedup import DuplicateIndex

    index = DuplicateIndex()
    index.add(0, signature(STORY))
    with pytest.raises(ValueError, match="expected position 1, got 3"):
        index.add(3, signature(OTHER))
    with pytest.raises(ValueError, match="2 doc_ids but 1 signatures"):
        index.result(["a", "b"])


def test_a_parallel_run_flags_the_same_copies(tmp_path):
    from coopetition import process_corpus

    for name, text in {"site_b": SYNDICATED, "site_a": STORY, "site_c": OTHER, "site_d": STORY + "另据报道。"}.items():
        (tmp_path / f"{name}.txt").write_text("标题\n" + text, encoding="utf-8")
    serial = process_corpus(tmp_path, cache=False, progress=False)
    parallel = process_corpus(tmp_path, n_jobs=2, chunksize=1, cache=False, progress=False)
    flags = dict(zip(parallel.corpus["doc_id"], parallel.corpus["duplicate_of"]))
    assert flags == {"site_a": "", "site_b": "site_a", "site_c": "", "site_d": "site_a"}
    assert parallel.corpus["duplicate_of"].equals(serial.corpus["duplicate_of"])
    # docs/scale.md's recipe for a cluster: records from process_file, signatures into an index as they arrive
    from coopetition.pipeline import process_file
    from coopetition.reading.dedup import DuplicateIndex

    records = [r for f in sorted(tmp_path.glob("*.txt")) for r in process_file(f, cache=False)]
    index = DuplicateIndex()
    for i, record in enumerate(records):
        index.add(i, record["minhash"])
    assert dict(zip((r["doc_id"] for r in records), index.result([r["doc_id"] for r in records]))) == flags


def test_the_index_bands_are_datasketchs_own_choice_made_once():
    from datasketch import MinHashLSH

    for threshold in (0.5, THRESHOLD, 0.95):
        chosen = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        assert lsh_bands(threshold) == (chosen.b, chosen.r)
    assert lsh_bands(0.5) != lsh_bands(0.95)  # the threshold is part of the cached key
    with pytest.raises(ValueError, match="threshold"):
        DuplicateIndex(threshold=1.5).add(0, signature("拼多多与淘宝在下沉市场正面交锋,双方补贴不断加码。"))


@pytest.mark.parametrize(
    "text",
    [
        "京东与美团在外卖市场展开竞争,双方都表示将继续投入。JD.com 与 Meituan 2024年Q3财报显示GMV增长12%。",
        "ＡＢＣ全角字母１２３不算内容,İstanbul、ß、Ω 与 é 也不算;豈更車(兼容汉字)算。",
        "\ud800孤立代理\udfff与\x00控制字符\u200b零宽空格",
        "",
        "。,!?……",
        "拼多多" * 30_000,  # past MAX_CHARS of content
        "a " * 120_000,  # past the 4 * MAX_CHARS cut
    ],
)
def test_content_points_are_the_regex_definition_of_content(text):
    from coopetition.reading.dedup import _NOT_CONTENT_RE, MAX_CHARS, _content_points

    expected = _NOT_CONTENT_RE.sub("", text[: 4 * MAX_CHARS])[:MAX_CHARS].lower()
    assert _content_points(text).tolist() == [ord(ch) for ch in expected]

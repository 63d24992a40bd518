"""The outlet of a site no gazetteer knows: candidate kinds read from the page, and look-alikes that must not be taken."""

from __future__ import annotations

import threading

import pytest

from coopetition.reading.metadata import extract_metadata, find_outlet, metadata_rules, read_head
from coopetition.reading.metadata.credits import _credits, outlet_and_kind
from coopetition.reading.metadata.outlet_model import OUTLET_FEATURES, Credit, outlet_candidates, rules_pick
from coopetition.reading.metadata.rules import current_outlets, known_outlets, outlets_in_use


def test_outlets_in_use_is_scoped_to_the_thread_that_set_it():
    less = known_outlets().without(["环球网"])
    seen: list[str] = []
    inside = threading.Event()
    done = threading.Event()

    def other() -> None:
        inside.wait(5)
        seen.append(current_outlets().canonical("环球网"))  # another thread, while the block is open
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with outlets_in_use(less):
        inside.set()
        done.wait(5)
        assert current_outlets().canonical("环球网") == ""
    thread.join(5)
    assert seen == [known_outlets().canonical("环球网")] and seen[0]
    assert current_outlets() is known_outlets()


# --- the credit kinds a site nobody listed prints: each read right, and its look-alikes never taken ---


HEADLINE = "腾讯与网易的派对游戏大战"
LEDE = (
    "在刚刚过去的一百天里,两家游戏公司围绕派对游戏展开了激烈竞争,双方投入的推广费用都超过了十亿元。"
    "业内人士认为,这场大战还远没有结束,下半年的暑期档将是新的决战时刻。"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # a WeChat article's meta line: the account stands right before the date, time and place
        ("原创 张三 青柠观察 2025-12-18 10:32 发表于北京", "青柠观察"),
        ("青柠研究院 2025年12月18日 10:32 发表于上海", "青柠研究院"),
        # a Latin site name of several words after 来源:, closed by a separator
        ("来源: Lemon Tech Review - How the party game war was won", "Lemon Tech Review"),
        # a site quoting a wire right after its dateline: the wire, not the site's own name
        ("青柠资讯网3月20日消息 据青柠日报报道,两家游戏公司的竞争仍在升级。", "青柠日报"),
        # a paper's byline with its desk (traditional script, full-width slash)
        ("青檸日報／記者王小明／台北報導", "青柠日报"),
        # a copyright line whose mark is a bare @
        ("Copyright @ 2009-2025 青柠华人网 版权所有", "青柠华人网"),
    ],
)
def test_outlet_credit_kinds_of_unlisted_sites(head, expected):
    assert find_outlet(f"{HEADLINE}\n{head}\n{LEDE}") == expected


@pytest.mark.parametrize(
    "head",
    [  # invented outlets (青柠…) no gazetteer holds, in the patterns real ones use
        "邮差 发表于 2018-7-4 17:43:33",  # a forum post: the label before the date, a poster not an outlet
        "编辑:李薇 2025-12-18 10:32 发表于北京",  # an editor's name glued to its label
        "来源: Reuters 路透社",  # a Latin word followed by its Chinese name: no run of several words
        "时间回到2023年11月29日,是拼多多翻开历史新页的日子,营收与净利分别年增93.9%及37%。",  # a sentence
        "发表于 2025-07-22 10:32",  # the label alone
    ],
)
def test_outlet_look_alikes_of_unlisted_sites_are_not_taken(head):
    found = find_outlet(f"{HEADLINE}\n{head}\n{LEDE}")
    assert found not in ("邮差", "李薇", "编辑", "时间回到", "发表于", "Reuters 路透社")
    if head.startswith("来源: Reuters"):
        assert found == "Reuters"


def test_a_credit_word_and_a_prose_line_are_features_of_a_candidate():
    head, tail = read_head(f"{HEADLINE}\n青柠智库2021年4月10日早间消息 {LEDE}\n时间回到2023年11月29日,{LEDE}")
    features = {
        c.text: dict(zip(OUTLET_FEATURES, c.features))
        for c in outlet_candidates(
            head,
            tail,
            metadata_rules(),
            known_outlets(),
            [
                Credit("青柠智库", 1, "guarded_credit", head[1].text),
                Credit("时间回到", 2, "guarded_credit", head[2].text),
            ],
        )
    }
    assert features["青柠智库"]["credit_word"] == 1.0 and features["青柠智库"]["prose_line"] == 1.0
    assert features["时间回到"]["credit_word"] == 0.0


def test_outlet_and_kind_names_what_decided_the_outlet():
    rules = metadata_rules()
    assert outlet_and_kind(*read_head(f"{HEADLINE}\n来源:青柠日报\n{LEDE}"), rules) == ("青柠日报", "head_credit")
    assert outlet_and_kind(*read_head(f"{HEADLINE}\n{LEDE}"), rules) == ("", "")
    outlet, kind = outlet_and_kind(*read_head(f"{HEADLINE}_青柠财经网\n{LEDE}"), rules)
    assert (outlet, kind) == ("青柠财经网", "title_suffix")
    assert extract_metadata(f"{HEADLINE}_青柠财经网\n{LEDE}")["outlet"] == outlet


@pytest.mark.parametrize(
    "head",
    [
        "发布网友 发布时间:2023-03-08 21:12",  # a post's meta line with a labelled publication date
        "网友 腾讯 发布时间:2023-03-08 21:12",  # one naming a platform, as a headline does
        "腾讯与网易:发布时间:2023-03-08 21:12",
    ],
)
def test_a_line_with_a_labelled_publication_date_is_never_the_headline(head):
    from coopetition.reading.metadata import find_title

    assert find_title(f"{head}\n{LEDE}") == ""
    assert find_title(f"{head}\n{HEADLINE}\n{LEDE}") == HEADLINE  # the headline below it wins
    assert find_title(f"{HEADLINE}:2025年的新战场\n{LEDE}") == f"{HEADLINE}:2025年的新战场"  # a year is no label


@pytest.mark.parametrize(
    "line",
    [
        "来源: " + "Alpha of " * 200,  # a Latin run far over five words and forty characters
        "来源: " + "Alpha " * 300 + "- x",
        "青柠 2025-12-18 10:32 发表于" * 30,  # the WeChat form repeated down one line
        "Copyright @ " + "@" * 300,  # a copyright mark with no name
        "青柠讯" * 100,
    ],
)
def test_adversarial_credit_lines_give_a_short_outlet_or_none(line):
    found = extract_metadata(f"{HEADLINE}\n{line}\n{LEDE}")["outlet"]
    assert isinstance(found, str) and len(found) <= 40
    assert "@" not in found and "发表于" not in found


# --- every candidate kind weighed by the score; the gazetteer decides only names it knows ------------


def _features(text: str) -> dict[str, dict[str, float]]:
    """Each outlet candidate of ``text`` (read as :func:`outlet_and_kind` reads it) → its features."""
    head, tail = read_head(text)
    rules, outlets = metadata_rules(), known_outlets()
    credits = _credits(head, tail, rules)
    pick = rules_pick(credits, head, rules, outlets)
    cands = outlet_candidates(head, tail, rules, outlets, credits, pick=pick.name if pick else "")
    return {c.text: dict(zip(OUTLET_FEATURES, c.features)) for c in cands}


def test_a_known_name_at_a_credit_position_decides_and_an_unknown_one_is_scored():
    rules = metadata_rules()
    # the gazetteer knows 环球网: its channel's bracketed credit decides, cut to the outlet
    text = f"{HEADLINE}\n【环球网科技综合报道 记者 李明】12月14日消息,{LEDE}"
    assert outlet_and_kind(*read_head(text), rules) == ("环球网", "guarded_credit")
    # an unknown name under a 来源 label is a candidate with its kind, label and the rules' pick as features
    features = _features(f"{HEADLINE}\n来源:青柠财经 作者:张三\n{LEDE}")["青柠财经"]
    assert features["head_credit"] == features["credit_label"] == features["rules_pick"] == 1.0
    assert features["outlet_suffix"] == 1.0 and features["known"] == 0.0
    assert outlet_and_kind(*read_head(f"{HEADLINE}\n来源:青柠财经 作者:张三\n{LEDE}"), rules) == (
        "青柠财经",
        "head_credit",
    )


def test_a_wechat_account_credit_carries_the_account_form():
    text = f"{HEADLINE}\n本文来自微信公众号:青柠研究所(ID:qnyjs),作者:张三\n{LEDE}"
    features = _features(text)["青柠研究所"]
    assert features["account_form"] == 1.0 and features["credit_label"] == 1.0
    assert find_outlet(text) == "青柠研究所"
    assert _features(f"{HEADLINE}\n来源:青柠研究所\n{LEDE}")["青柠研究所"]["account_form"] == 0.0


@pytest.mark.parametrize(
    "value",
    ["用户投稿", "网络整理", "本站原创", "作者供稿", "网友提交", "综合整理", "未知", "佚名"],
)
def test_a_cms_placeholder_under_a_source_label_is_no_outlet(value):
    # the 来源 field of a CMS left at its default or filled with "user submitted": no outlet is credited
    for line in (f"来源:{value}", f"来源: {value} 手机版", f"2024-03-01 10:05 来源:{value} 编辑:张三"):
        assert find_outlet(f"{HEADLINE}\n{line}\n{LEDE}") == ""
    assert find_outlet(f"{HEADLINE}\n来源:青柠日报\n{LEDE}") == "青柠日报"  # a name in the same place is taken


@pytest.mark.parametrize(
    "line",
    ["记者｜刘五 杨六 深圳报道", "青柠 观察 2025-12-18", "【刘五 杨六 报道】"],
)
def test_names_in_a_row_are_never_one_outlet(line):
    texts = set(_features(f"{HEADLINE}\n{line}\n{LEDE}"))
    assert not any(" " in t and not t.isascii() for t in texts)
    assert " " not in find_outlet(f"{HEADLINE}\n{line}\n{LEDE}")


def test_the_honest_cv_reads_a_page_without_the_guard_words_it_alone_taught():
    from _bench import load_benchmark

    fit = load_benchmark("fit_outlet_model")
    rules, words = metadata_rules(), fit.outlet_words()
    assert {"本报", "新零售", "发表于", "投稿"} <= fit.guard_words(rules, words)
    text = f"{HEADLINE}\n2024.02.06 | 新零售\n来源:本报\n{LEDE}"
    head, tail = read_head(text)

    def texts(r, w) -> set[str]:
        return {c.text for c in outlet_candidates(head, tail, r, known_outlets(), _credits(head, tail, r), w)}

    assert not {"新零售", "本报"} & texts(rules, words)  # the lists turn both away
    less_rules, less_words = fit.without_guards(rules, words, {"新零售", "本报"})
    assert {"新零售", "本报"} <= texts(less_rules, less_words)  # without them, both are candidates to score
    assert less_words.section_words == words.section_words - {"新零售"} and "本报" not in less_rules.not_outlets
    assert "本报" in rules.not_outlets  # the packaged lists are untouched


@pytest.mark.parametrize("line", ["来源:青柠网-青柠日报", "来源:青柠日报/青柠网", "转载自 青柠网｜青柠日报"])
def test_a_credit_of_two_names_gives_one_of_them_never_the_pair(line):
    texts = set(_features(f"{HEADLINE}\n{line}\n{LEDE}"))
    assert {"青柠网", "青柠日报"} <= texts
    assert find_outlet(f"{HEADLINE}\n{line}\n{LEDE}") in ("青柠网", "青柠日报")
    # a breadcrumb on a line alone is no credit: its parts stay out
    assert "青柠新闻网" not in _features(f"{HEADLINE}\n首页-青柠新闻网\n{LEDE}")

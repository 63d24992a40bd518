"""coopetition.text.patterns: one builder of word-list alternations, and the searches built with it."""

import random
import re

import pandas as pd
import pytest

from coopetition._data import data_lines
from coopetition.measures.sentences import kwic
from coopetition.text.clean import tables
from coopetition.text.patterns import NEVER, alternation, longest_first


def test_longest_first_puts_a_word_before_the_shorter_words_that_start_it():
    assert longest_first(["港", "港元", "港元汇率", "元"]) == ["港元汇率", "港元", "元", "港"]


def test_the_longest_word_wins_at_a_place_whatever_order_the_list_came_in():
    text = "腾讯港元债券发行规模为30亿港元,微信支付与支付宝展开竞争"
    words = ["港", "港元", "元", "微信", "微信支付", "支付", "支付宝"]
    found = re.findall(alternation(words), text)
    assert found == ["港元", "港元", "微信支付", "支付宝"]
    # a naive join in list order finds the short words first, the bug the builder exists for
    assert re.findall("|".join(words), text)[:2] == ["港", "元"]


def test_the_pattern_is_the_same_string_for_any_order_and_duplicates():
    words = ["美元", "港元", "日元", "人民币", "元", "美元", "新台币", "台币"]
    expected = alternation(words)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = words[:]
        rng.shuffle(shuffled)
        assert alternation(shuffled) == expected
        assert alternation(set(shuffled)) == expected
    # ties of one length in code-point order
    assert expected == "人民币|新台币|台币|日元|港元|美元|元"


@pytest.mark.parametrize(
    ("word", "text", "look_alike"),
    [
        ("HK$", "售价HK$299", "售价HK299"),  # $ is not the end of the text
        ("U.S.", "U.S.监管机构", "UxSx监管机构"),  # . is not any character
        ("出品|", "出品|36氪", "出品人张三"),  # | is not an alternation: 出品 alone must not match
        ("(完)", "全文完(完)", "全文完"),  # brackets are not a group
        ("C++", "用C++写成", "用CCC写成"),
    ],
)
def test_escaped_words_match_only_themselves(word, text, look_alike):
    pattern = re.compile(alternation([word, "腾讯"]))
    assert pattern.search(text).group() == word
    assert pattern.search(look_alike) is None


def test_unescaped_entries_keep_their_pattern_meaning():
    pattern = re.compile(alternation([r"\d+亿元", "亿元"], escape=False))
    assert pattern.search("营收达120亿元").group() == "120亿元"


def test_no_words_match_nowhere_where_an_empty_join_matched_everywhere():
    assert alternation([]) == NEVER
    assert re.search(alternation([]), "京东与美团") is None
    assert re.search("|".join([]), "京东与美团").group() == ""  # what the old joins gave


def test_an_empty_word_or_a_non_string_is_refused_with_its_reason():
    with pytest.raises(ValueError, match="empty word would match everywhere"):
        alternation(["京东", ""])
    with pytest.raises(TypeError, match="must be a string, not int"):
        alternation(["京东", 3])


def test_the_cleaning_word_tables_match_each_of_their_words_literally():
    # zhu_words.txt and the kept rows of variants.tsv were joined unescaped; their entries are plain
    # words (no metacharacter on purpose), so each must match itself, whole, and nothing wider
    zhu = data_lines("zhu_words.txt")
    assert zhu and all(tables._ZHU_RE.fullmatch(word) for word in zhu)
    kept = [w for w, s in tables.VARIANTS.items() if w == s]
    assert all(tables._KEEP_RE.fullmatch(word) for word in kept)
    assert all(tables._VARIANT_RE.fullmatch(word) for word in tables.VARIANTS)


def test_a_metacharacter_entry_in_a_word_file_would_have_broken_an_unescaped_join():
    # a plausible entry of zhu_words.txt with a bracketed gloss: joined unescaped (the old _ZHU_RE)
    # it is a group: it misses the entry as written and matches the text without its brackets;
    # the builder matches it as written, and only so
    words = ["著(作)", "著名"]
    old = re.compile("|".join(sorted(words, key=len, reverse=True)))
    assert old.search("著(作)等身") is None
    assert old.search("著作等身").group() == "著作"
    new = re.compile(alternation(words))
    assert new.search("著(作)等身").group() == "著(作)"
    assert new.search("著作等身") is None


def test_kwic_of_no_terms_is_an_empty_table_not_a_row_per_character():
    sentences = pd.DataFrame(
        {
            "doc_id": ["001", "001"],
            "sent_id": [0, 1],
            "sentence": ["阿里与腾讯既竞争又合作,堪称竞合。", "美团和饿了么相爱相杀。"],
            "frame": ["coopetition", "competition"],
        }
    )
    assert kwic(sentences, []).empty
    found = kwic(sentences, ["竞合", "竞争", "相爱相杀"])
    assert list(found["keyword"]) == ["竞争", "竞合", "相爱相杀"]


@pytest.mark.parametrize("call", [alternation, longest_first])
def test_one_string_is_refused_not_read_as_its_characters(call):
    # alternation("美团") was "团|美": a search for 美团 then found 美 and 团 on their own
    with pytest.raises(TypeError, match=r"words must be a list of words, not one str \('美团'\): write \['美团'\]"):
        call("美团")
    # bytes: the suggestion must be one that works (write [b'meituan'] failed on its element)
    with pytest.raises(
        TypeError, match=r"not bytes \(b'meituan'\): decode it \(\.decode\('utf-8'\)\) and give a list of str"
    ):
        call(b"meituan")
    with pytest.raises(TypeError, match="not bytearray"):
        call(bytearray("美团", "utf-8"))
    assert call(["meituan"]) in ("meituan", ["meituan"])  # the suggested form is taken


def test_a_word_that_is_not_a_string_is_named_before_the_set_is_built():
    # a nested list gave a bare "unhashable type: 'list'" from set()
    with pytest.raises(TypeError, match=r"alternation: words: each word must be a string, not list \(\['饿了么'\]\)"):
        alternation(["美团", ["饿了么"]])
    with pytest.raises(TypeError, match=r"longest_first: words: each word must be a string, not int"):
        longest_first(["美团", 12])
    with pytest.raises(TypeError, match="alternation: words must be a list of words, not int"):
        alternation(12)
    with pytest.raises(ValueError, match="alternation: words: an empty word would match everywhere"):
        alternation(["美团", ""])
    assert alternation(w for w in ["美团", "美团外卖"]) == "美团外卖|美团"  # a generator is read once, whole


def test_kwic_takes_one_string_as_one_term_and_names_its_own_argument():
    sentences = pd.DataFrame(
        {
            "doc_id": ["001", "001"],
            "sent_id": [0, 1],
            "sentence": ["美团与饿了么在即时零售上正面交锋。", "团购业务方面,美国市场并不在其规划中。"],
            "frame": ["competition", "none"],
        }
    )
    one = kwic(sentences, "美团")
    assert list(one["keyword"]) == ["美团"]  # not 美 of 美国 and 团 of 团购
    assert one.equals(kwic(sentences, ["美团"]))
    with pytest.raises(TypeError, match=r"kwic: terms: each word must be a string, not list"):
        kwic(sentences, ["美团", ["饿了么"]])

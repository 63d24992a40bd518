"""Reading a pattern's source (text/clean/pattern_reading.py): required literals and the longest match,
as the furniture and metadata rules use them to skip searches that cannot match."""

import re

import pytest

from coopetition.reading.metadata import metadata_rules
from coopetition.text.clean.pattern_reading import max_width, parse, required_literals
from coopetition.text.clean.rules import boilerplate_rules, required_texts


def _rule_patterns():
    found = set()

    def walk(value, depth=0):
        if isinstance(value, re.Pattern):
            found.add(value)
        elif depth < 4 and isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                walk(item, depth + 1)
        elif depth < 4 and hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name), depth + 1)

    walk(boilerplate_rules())
    walk(metadata_rules())
    return sorted(found, key=lambda p: p.pattern)


LINES = [
    "本文来源:证券日报 作者:张三",
    "未经授权,禁止转载。",
    "责任编辑:李四",
    "点击关注,获取更多精彩内容",
    "第3页",
    "共5页",
    "图片来源:视觉中国",
    "(记者 王五 北京报道)",
    "2023-12-29 10:05 来源:新浪科技",
    "1234人阅读",
    "文丨赵六 编辑丨钱七",
    "扫码下载APP,阅读全文",
    "京东与阿里在即时零售领域展开竞争。",
    "【财经网】美团发布第三季度财报",
    "本文系作者原创,转载请注明出处",
]


def test_the_rules_have_patterns_to_check():
    assert len(_rule_patterns()) > 50


@pytest.mark.parametrize("line", LINES)
def test_every_match_of_every_rule_holds_a_required_text_and_fits_its_width(line):
    for pattern in _rule_patterns():
        texts = required_texts(pattern)
        width = max_width(pattern.pattern)
        for match in pattern.finditer(line):
            assert not texts or any(t in match.group(0) for t in texts), pattern.pattern
            assert len(match.group(0)) <= width, pattern.pattern


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"(作者|文)\s*[|丨/:]", ("作者", "文")),
        (r"(未经|未获)授权", ("授权",)),  # the common prefix 未 moves out; 授权 is the longer literal
        (r"未经|未获", ("未",)),  # as the standard parser reads it: 未 then [经获]
        (r"(?:图片|图)来源", ("来源",)),  # a non-capturing group is part of its sequence (图 moves out, then 来源)
        (r"(?i:abc)def", ("def",)),  # a case-blind group holds no literal
        (r"[文图]说", ("说",)),
        (r"x{}y", ("x{}y",)),  # a brace that is no repeat is a literal
        (r"\d+", ()),
        (r"(?=来源)", ()),  # a lookahead consumes nothing
    ],
)
def test_required_literals_known_answers(pattern, texts):
    assert required_literals(pattern) == texts


def test_a_case_blind_pattern_requires_nothing():
    assert required_texts(re.compile("(?i)source:")) == ()
    assert required_texts(re.compile("source:", re.IGNORECASE)) == ()


@pytest.mark.parametrize(
    ("pattern", "width"),
    [
        (r"^[第]?\d{1,3}[页頁]$", 5),
        (r"^责任编辑.*$", float("inf")),
        (r"^(?:图|图片)来源$", 4),
        (r"^a{2,5}$", 5),
        (r"^(ab|c)$", 2),
        (r"^\bx\b$", 1),
        (r"^(a)\1$", float("inf")),
    ],
)
def test_max_width_known_answers(pattern, width):
    assert max_width(pattern) == width


@pytest.mark.parametrize("pattern", [r"(?x) a b", r"(?(1)a|b)", r"\N{DIGIT ONE}", "a)"])
def test_what_it_does_not_follow_falls_back_to_no_prefilter(pattern):
    assert required_literals(pattern) == ()
    assert max_width(pattern) == float("inf")


def test_parse_refuses_unbalanced_input():
    with pytest.raises(ValueError):
        parse("(ab")

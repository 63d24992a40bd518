"""The fast furniture features equal the old ones exactly.

``coopetition.text.furniture.line_features`` was rewritten for speed (code points
counted with NumPy, each regex run once over the joined lines, rules skipped
when their required literal is absent). This module keeps a FROZEN COPY of the
implementation before that rewrite (commit 20cbaba, ``src/coopetition/furniture.py``:
its regexes, ``_rule_hits``, ``_inside_other`` and ``line_features``, copied
verbatim, only renamed) and checks ``np.array_equal`` of the two feature
matrices on a large, varied set of texts: every seed, every article of
``../shared/external/articles``, every development-half page of
``../shared/devpages`` (both skipped when absent; test-half pages are never
read), each as raw lines and as the lines the cleaning chain hands the furniture
step, plus written adversarial lines. The shipped model
(``data/furniture_model.npz``) was fitted on the old features, so equal
features keep it valid.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib

import numpy as np
import pytest

from coopetition import paths
from coopetition._data import read_text
from coopetition.reading.readers import read_article
from coopetition.text.charset import CJK
from coopetition.text.clean import BOILERPLATE, CLEANING_CHAIN, drop_furniture_lines
from coopetition.text.furniture import BASE_FEATURES, FEATURES, WORDS_FILE, furniture_lines, line_features

SHARED = paths.project_root() / ".." / "shared"
DEVPAGES = SHARED / "devpages"
EXTERNAL = SHARED / "external" / "articles"

# ---- frozen copy of the old implementation (do not edit: it is the reference) -----------------


def _words(spec: dict, key: str) -> re.Pattern:
    words = spec.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"{WORDS_FILE}: '{key}' must be a non-empty list of words")
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def _load_words() -> dict:
    try:
        return tomllib.loads(read_text(WORDS_FILE))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{WORDS_FILE} is not valid TOML: {exc}") from None


_SPEC = _load_words()
_CREDIT_WORDS_RE = _words(_SPEC, "credit_words")
_WIDGET_WORDS_RE = _words(_SPEC, "widget_words")
_NAV_WORDS_RE = _words(_SPEC, "nav_words")
_NOTICE_WORDS_RE = _words(_SPEC, "notice_words")
_CREDIT_LABEL_RE = re.compile(
    r"^[(\[【▲■●]?\s{0,2}(?:" + _words(_SPEC, "credit_labels").pattern + r")\s{0,2}(?:[|丨/:]|\s)"
)
_LEADING_CREDIT_RE = re.compile(_SPEC.get("one_line", {}).get("leading_credit", "(?!)"))

_HAN_RE = re.compile(f"[{CJK}]")
_DIGIT_RE = re.compile(r"[0-9]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_PUNCT_RE = re.compile(r"[^\w\s]")
_DATE_RE = re.compile(r"(?:19|20)\d{2}\s{0,2}[-/.年]\s{0,2}\d{1,2}\s{0,2}[-/.月]\s{0,2}\d{1,2}|\d{1,2}月\d{1,2}日")
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_SENTENCE_END_RE = re.compile(r"(?:[。!?;…]|(?<=[a-z]{2})\.)[”’\"'」』)\]】》]*$")
_SENTENCE_MARK_RE = re.compile(r"[。!?;]")
_COMMA_RE = re.compile(r"[,、]")
_SEPARATOR_RE = re.compile(r"[|丨·>»›/]|\s-\s")
_LINK_RE = re.compile(
    r"https?:|www\.|\.(?:com|cn|net|org|hk|tw|html?|jpe?g|png|gif|webp)\b|@\w|ID\s?:|微信号|公众号", re.I
)
_BRACKET_CREDIT_RE = re.compile(r"^[(\[【][^()\[\]【】]{1,20}[)\]】]")
_COUNTER_RE = re.compile(r"(?:^|\s)\d{1,7}(?=\s|$)")
_QUOTE_RE = re.compile(r"[“”「」\"]")
_ELLIPSIS_RE = re.compile(r"(?:\.{3,}|…+)$")
_TOKEN_RE = re.compile(r"\S+")
_TRAILING_ID_RE = re.compile(r"\d{5,}$")
_TABLE_ROW_RE = re.compile(r"^\|.*\|.*\||^[^|]{1,30}(?:\|[^|]{1,30}){2,}\|$")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
#: a line that may be a headline: 8-60 characters, no sentence end
_TITLEISH_RE = re.compile(r"^.{8,60}$")
#: lines each side whose features are averaged into the window features
WINDOW = 3


def _old_rule_hits(lines: list[str], rule) -> np.ndarray:
    """1.0 for each line a compiled TOML rule set matches (one scan of the joined text)."""
    hits = np.zeros(len(lines))
    if rule is None or not lines:
        return hits
    text = "\n".join(lines)
    starts = np.cumsum([0, *(len(line) + 1 for line in lines[:-1])])
    for begin, _ in rule.lines(text):
        hits[int(np.searchsorted(starts, begin))] = 1.0
    return hits


def _old_inside_other(lines: list[str]) -> np.ndarray:
    """1.0 for a line (of 6+ characters, its trailing ellipsis cut) that stands inside another, longer line."""
    out = np.zeros(len(lines))
    joined = "\n".join(lines)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    for i, line in enumerate(lines):
        stem = _ELLIPSIS_RE.sub("", line)
        if len(stem) >= 6 and joined.count(stem) > counts[line]:
            out[i] = 1.0
    return out


def old_line_features(lines: list[str], *, rules=None) -> np.ndarray:
    """The feature matrix (``len(lines)`` × ``len(FEATURES)``) of an article's non-blank lines.

    Args:
        lines: the article's non-blank lines, in order, as the chain sees them
            (simplified, width folded, whitespace normalised).
        rules: the :class:`~coopetition.text.clean.BoilerplateRules` whose matches
            are features (default: the packaged ones).
    """
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURES)))
    base = np.zeros((n, len(BASE_FEATURES)))
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    seen: set[str] = set()
    for i, line in enumerate(lines):
        repeat = line in seen  # a headline's first print is not a repeat
        seen.add(line)
        length = len(line)
        tokens = _TOKEN_RE.findall(line)
        base[i] = (
            i / (n - 1) if n > 1 else 0.0,
            i == 0,
            i == 1,
            i == n - 1 and n > 1,
            min(i, 10) / 10,
            min(n - 1 - i, 10) / 10,
            math.log1p(length),
            length <= 8,
            len(_HAN_RE.findall(line)) / length,
            len(_DIGIT_RE.findall(line)) / length,
            len(_LATIN_RE.findall(line)) / length,
            len(_PUNCT_RE.findall(line)) / length,
            math.log1p(len(tokens)),
            len(tokens) >= 3 and sum(map(len, tokens)) / len(tokens) <= 6,
            bool(_DATE_RE.search(line)),
            bool(_TIME_RE.search(line)),
            bool(_SENTENCE_END_RE.search(line)),
            math.log1p(len(_SENTENCE_MARK_RE.findall(line))),
            math.log1p(len(_COMMA_RE.findall(line))),
            math.log1p(len(_SEPARATOR_RE.findall(line))),
            math.log1p(len(_LINK_RE.findall(line))),
            bool(_BRACKET_CREDIT_RE.match(line)),
            bool(_CREDIT_LABEL_RE.match(line)),
            math.log1p(len(_CREDIT_WORDS_RE.findall(line))),
            math.log1p(len(_WIDGET_WORDS_RE.findall(line))),
            math.log1p(len(_NAV_WORDS_RE.findall(line))),
            math.log1p(len(_NOTICE_WORDS_RE.findall(line))),
            0.0,
            0.0,
            0.0,  # rule hits: filled below, one scan per rule set
            bool(rules.inline_re is not None and rules.inline_re.search(line)),
            repeat and length >= 4,
            0.0,  # inside another line: below
            bool(_ELLIPSIS_RE.search(line)),
            math.log1p(len(_COUNTER_RE.findall(line))),
            bool(_QUOTE_RE.search(line)),
            bool(_TRAILING_ID_RE.search(line)),
            0.0,
            0.0,
            0.0,  # window means: below
            bool(_TABLE_ROW_RE.search(line)),
            math.log1p(len(_LATIN_WORD_RE.findall(line))),
            0.0,
            0.0,
            0.0,
            0.0,  # window of short lines, body bounds, first headline-like line: below
        )
    column = BASE_FEATURES.index
    base[:, column("rule_line")] = _old_rule_hits(lines, rules.line_re)
    base[:, column("rule_prefix")] = _old_rule_hits(lines, rules.prefix_re)
    base[:, column("rule_footer")] = np.maximum(
        _old_rule_hits(lines, rules.footer_re), _old_rule_hits(lines, rules.tail_footer_re)
    )
    base[:, column("inside_other")] = _old_inside_other(lines)
    low = np.maximum(np.arange(n) - WINDOW, 0)
    high = np.minimum(np.arange(n) + WINDOW + 1, n)
    for name, source in (
        ("window_sentence_end", "sentence_end"),
        ("window_log_length", "log_length"),
        ("window_han_share", "han_share"),
        ("window_short", "short"),
    ):
        sums = np.concatenate([[0.0], np.cumsum(base[:, column(source)])])
        base[:, column(name)] = (sums[high] - sums[low]) / (high - low)
    ends = base[:, column("sentence_end")] > 0
    base[:, column("before_body")] = np.cumsum(ends) - ends == 0  # no sentence ends before this line
    base[:, column("after_body")] = np.cumsum(ends[::-1])[::-1] - ends == 0  # none after it
    separators = base[:, column("log_separators")]
    titleish = [
        i for i, line in enumerate(lines) if not ends[i] and _TITLEISH_RE.match(line) and separators[i] <= math.log1p(1)
    ]
    if titleish:
        base[titleish[0], column("first_titleish")] = 1.0
    zero = np.zeros((1, base.shape[1]))
    prev = np.vstack([zero, base[:-1]])
    nxt = np.vstack([base[1:], zero])
    exists = np.ones(n)
    has_prev, has_next = exists.copy(), exists.copy()
    has_prev[0] = has_next[-1] = 0.0
    return np.hstack([base, prev, nxt, has_prev[:, None], has_next[:, None]])


# ---- end of the frozen copy ------------------------------------------------------------------


def _filled(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def _furniture_input(text: str) -> str:
    """The text as the chain hands it to the furniture step."""
    for step in CLEANING_CHAIN[: CLEANING_CHAIN.index(drop_furniture_lines)]:
        text, _ = step.apply(text)
    return text


def _real_texts() -> list[tuple[str, str]]:
    """(name, raw text) of every seed, external article and development-half page present."""
    files = sorted(paths.seeds_dir().glob("*.txt"))
    if EXTERNAL.is_dir():
        files += sorted(EXTERNAL.glob("*.txt"))
    if (DEVPAGES / "split.tsv").is_file():
        with (DEVPAGES / "split.tsv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        files += [DEVPAGES / "pages" / row["file"] for row in rows if row["split"] == "development"]
    return [(f.name, read_article(f)[0]) for f in files]


def _assert_same(lines: list[str], label: str) -> None:
    old = old_line_features(lines, rules=BOILERPLATE)
    new = line_features(lines, rules=BOILERPLATE)
    assert new.shape == old.shape == (len(lines), len(FEATURES)), label
    assert new.dtype == old.dtype, label
    if not np.array_equal(new, old):
        rows, cols = np.nonzero(new != old)
        first = [(int(r), FEATURES[c], float(old[r, c]), float(new[r, c])) for r, c in zip(rows[:5], cols[:5])]
        raise AssertionError(f"{label}: {len(rows)} values differ, first (row, feature, old, new): {first}")


def test_every_real_text_gives_the_old_matrix_raw_and_at_the_furniture_step():
    texts = _real_texts()
    assert len(texts) >= 6  # the seeds at least (the shared folders may be absent)
    checked = 0
    for name, text in texts:
        for label, lines in ((f"{name} raw", _filled(text)), (f"{name} chain", _filled(_furniture_input(text)))):
            _assert_same(lines, label)
            checked += len(lines)
    assert checked > 300  # the seeds alone give 438 lines; with ../shared (129 texts), 5,466


#: tokens the random articles are built from: every character class the features count,
#: the words and marks the regexes look for, and their look-alikes at line edges
_TOKENS = (
    "京东",
    "美团",
    "阿里巴巴",
    "拼多多",
    "的",
    "在",
    "宣布",
    "补贴",
    "骑手",
    "平台",
    "竞争",
    "合作",
    "作者",
    "记者",
    "编辑",
    "来源",
    "责任编辑",
    "原标题",
    "图",
    "文",
    "摄影",
    "点赞",
    "分享",
    "收藏",
    "评论",
    "首页",
    "当前位置",
    "正文",
    "版权所有",
    "未经授权",
    "禁止转载",
    "公众号",
    "微信号",
    "阅读",
    "人阅读",
    "扫码",
    "。",
    ",",
    "、",
    "!",
    "?",
    ";",
    ":",
    "…",
    "……",
    "...",
    ".",
    "“",
    "”",
    "「",
    "」",
    '"',
    "'",
    "’",
    "(",
    ")",
    "【",
    "】",
    "[",
    "]",
    "《",
    "》",
    "『",
    "』",
    "|",
    "丨",
    "·",
    ">",
    "»",
    "›",
    "/",
    " - ",
    "-",
    " ",
    "  ",
    "\t",
    "\u3000",
    "0",
    "7",
    "12",
    "2024",
    "2024-03-05",
    "2024年3月5日",
    "3月5日",
    "08:15",
    "14:20:33",
    "7270249",
    "123456",
    "https://",
    "www.",
    ".com",
    ".cn",
    ".html",
    ".jpg",
    "@tech",
    "ID:",
    "ID ",
    "ID",
    "a",
    "b",
    "ab",
    "JD",
    "Alibaba",
    "Meituan",
    "news",
    "ｗｗｗ",
    "ＡＢＣ",
    "１２３",
    "٣٤٥٦٧",
    "👍",
    "🔥",
    "_",
    "#",
    "%",
    "\u200b",
    "\x00",
    "\r",
    "é",
    "ß",
)


def _random_articles(count: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    articles = []
    for _ in range(count):
        lines = []
        for _ in range(int(rng.integers(1, 25))):
            line = "".join(_TOKENS[int(k)] for k in rng.integers(0, len(_TOKENS), int(rng.integers(1, 30))))
            lines.append(line)
        if len(lines) > 3 and rng.random() < 0.5:  # repeats and lines standing inside others
            lines.append(lines[int(rng.integers(0, len(lines)))])
            lines.append(lines[0][: max(6, len(lines[0]) // 2)] + "...")
        articles.append(lines)
    return articles


def test_random_articles_of_every_character_class_give_the_old_matrix():
    for k, lines in enumerate(_random_articles(400, seed=20261207)):
        _assert_same(lines, f"random article {k}")


_ADVERSARIAL: dict[str, list[str]] = {
    "one line": ["京东今天宣布将向全职骑手再发放10亿元补贴。"],
    "very long line": ["京东与美团在外卖市场展开竞争,双方都表示将继续投入。" * 4000, "作者:张三", "2024-03-05 08:15"],
    "all punctuation": ["。,!?;:……——||//>>»", "“”「」()【】", "...", "…"],
    "latin only": [
        "Breaking News: Alibaba and JD.com sign a deal",
        "Read more at www.example.com/news.html",
        "By John Smith | Reuters",
        "Contact: ID: abc123 @techdaily",
        "the end.",
    ],
    "emoji": ["👍👍 点赞 🔥 收藏", "😀", "美团外卖🛵又来了。", "🇨🇳🇭🇰"],
    "tabs and wide spaces": ["\t作者:\t张三\t", "\u3000\u3000京东今天宣布将继续加码即时零售。", " ", "\t", "\u3000"],
    "digits": ["1234567", " 123 456 7890123 ", "2024", "12:30", "٣٤٥٦٧", "１２３４５"],
    "control and lone surrogate": ["\x00", "\ud800abc", "a\rb", "\u200b京东\u200b", "\x0b\x0c\x1c\x1d\x1e\x1f\x85"],
    # pairs of lines whose edges would make a match if the regexes could see across the line break
    "edges": [
        "记者王五报道",
        "作者",
        "张三 摄影",
        "ID",
        ": abc",
        "ab",
        ".",
        "123",
        "456 人阅读",
        "2024-",
        "03-05",
        "2024年",
        "3月5日",
        "【记者",
        "张三】",
        "a|b",
        "c|d|",
        "12:",
        "30",
        "首页 -",
        "- 新闻",
        "京东。",
        "”",
        "来源:",
        "www",
        ".com",
        "点",
        "赞",
    ],
    "repeats and insides": [
        "京东宣布新补贴计划",
        "京东宣布新补贴计划",
        "京东宣布新补贴计划将持续一年。",
        "京东宣布新补贴...",
        "短",
        "短",
        "京东宣布新补贴计划",
    ],
    # links in any case: found in the text with A-Z lowered, unless a character outside ASCII that an
    # ASCII letter matches case-insensitively (İ ı ſ K) is in the page
    "links in upper case": [
        "详见 HTTPS://WWW.EXAMPLE.COM/NEWS.HTML",
        "Www.Jd.Com 与 Meituan.CN",
        "Id: techdaily 微信号:abc",
        "iD :x Http:",
        "@Alibaba @_ @。",
        "IMG.JPEG 与 Photo.Png",
    ],
    "links beside characters that fold into ASCII": [
        "详见 HTTPS://WWW.EXAMPLE.COM/NEWS.HTML",
        "\u0130D: 与 \u0131d: 与 http\u017f: 与 .hk 与 .H\u212a",
        "www.jd.\u212aOM",
    ],
    # the month-and-day date, found from its 月 with the digit before it read off the code points
    "month and day": [
        "月5日京东宣布",
        "5",
        "月5日",
        "３月５日",
        "٣月٤日",
        "12月123日",
        "12月1日2月3日",
        "2024年3月5日",
        "月月5日",
        "第5月月5日",
        "x月1日",
        "5 月1日",
        "5月",
        "1日",
        "3月5",
        "日",
    ],
    "table": ["|平台|GMV|增速|", "|---|---|---|", "|京东|1000|5%|", "美团|800|7%|", "a|b|c|"],
    # counts past the log table (4096): a crawl's one-line page, a counter widget run wild
    "long counts": [
        "京东与阿里的竞争," * 700,
        "1 " * 4200,
        "首页 | " * 4100,
        "ab " * 4500,
        "责任编辑:张三",
    ],
}


@pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
def test_adversarial_lines_give_the_old_matrix(name):
    _assert_same(_ADVERSARIAL[name], name)


def test_no_lines_give_an_empty_matrix_of_every_feature():
    assert line_features([]).shape == old_line_features([], rules=BOILERPLATE).shape == (0, len(FEATURES))


def test_an_empty_line_is_refused_with_its_index():
    with pytest.raises(ZeroDivisionError):  # the old code divided by the length
        old_line_features(["京东。", ""], rules=BOILERPLATE)
    with pytest.raises(ValueError, match=r"lines\[1\] is empty"):
        line_features(["京东。", ""])


def test_a_line_holding_a_line_break_is_refused_with_its_index():
    with pytest.raises(ValueError, match=r"lines\[0\] holds a line break"):
        line_features(["京东\n美团。", "作者:张三"])


def test_furniture_lines_on_real_texts_match_the_old_decision():
    """The decision on top of the features (model, headline rule, per-outlet rules) is unchanged too."""
    from coopetition.text.furniture import decide, load_model, outlet_line_rule
    from coopetition.text.furniture_lexicon import context_features

    model = load_model()
    for name, text in _real_texts():
        lines = _filled(_furniture_input(text))
        if len(lines) < 2:
            continue
        matrix = np.hstack([old_line_features(lines, rules=BOILERPLATE), context_features(lines)])
        over = decide(model.scores(matrix, lines), matrix) > model.threshold
        over |= _old_rule_hits(lines, outlet_line_rule()) > 0
        assert furniture_lines(lines, rules=BOILERPLATE) == [int(i) for i in np.flatnonzero(over)], name


def _label_openings_line_by_line(lines: list[str]) -> list[bool]:
    """``label_opening`` by its definition: ``_LABEL_OPENING_RE`` matched at the start of each line alone."""
    from coopetition.text.furniture_lexicon import _LABEL_OPENING_RE

    return [_LABEL_OPENING_RE.match(line) is not None for line in lines]


@pytest.mark.parametrize(
    "lines",
    [
        ["温馨提示:本站为官方授权订票中心,请放心购买。", "京东与美团的新战场"],  # the first line
        ["京东与美团的新战场", "数据来源:艾瑞咨询", "摘要 :外卖大战再起"],  # two in a row, a space before the colon
        ["今天小编分享的互联网经验:外卖大战再起", "a_b:c", "编辑:", "12:30 发布"],  # too long, "_", digits
        ["提示\u3000:全角空格不是 [^\\S\\n]{0,2} 之外", "::", "提示:\t:", "x"],  # a wide space, colons alone
    ],
)
def test_label_opening_found_after_line_breaks_equals_its_per_line_definition(lines):
    from coopetition.text.furniture_lexicon import CONTEXT_FEATURES, context_features

    column = CONTEXT_FEATURES.index("label_opening")
    assert context_features(lines)[:, column].astype(bool).tolist() == _label_openings_line_by_line(lines)


def test_label_opening_on_real_texts_equals_its_per_line_definition():
    from coopetition.text.furniture_lexicon import CONTEXT_FEATURES, context_features

    column = CONTEXT_FEATURES.index("label_opening")
    checked = 0
    for name, text in _real_texts():
        lines = _filled(_furniture_input(text))
        if lines:
            found = context_features(lines)[:, column].astype(bool).tolist()
            assert found == _label_openings_line_by_line(lines), name
            checked += sum(found)
    assert checked  # some real line opens with a label

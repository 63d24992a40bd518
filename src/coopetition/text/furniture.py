"""Site furniture as a learned line classifier: features per line, a linear model, a decision.

The features of each line are computed in :mod:`coopetition.text.furniture_features`
(:data:`FEATURES`, :func:`line_features`).

A logistic regression over those features (standardised) gives each line a
furniture probability; :func:`furniture_lines` returns the lines over the
threshold chosen by site-grouped cross-validation (``coopetition.model.furniture_train``,
which also writes the model). The model ships as plain arrays in
``data/furniture_model.npz`` and loads without pickle.

A text of one non-blank line (a one-line record) is never dropped: a leading
credit (``作者:张三 …``) is cut and its text kept (:func:`trim_leading_credit`).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from coopetition._data import read_text
from coopetition.text.charset import cjk_count
from coopetition.text.furniture_features import (  # noqa: F401 - re-exported: the features are part of this module's API
    _CREDIT_LABEL_RE,
    _LEADING_CREDIT_RE,
    _SPEC,
    BASE_FEATURES,
    FEATURES,
    TITLEISH_CHARS,
    WORDS_FILE,
    _inside_other,
    _rule_hits,
    line_features,
)
from coopetition.text.furniture_lexicon import CONTEXT_FEATURES, Lexicon, context_features, item_keys

__all__ = [
    "FEATURES",
    "BASE_FEATURES",
    "MODEL_FEATURES",
    "model_matrix",
    "FurnitureModel",
    "line_features",
    "furniture_scores",
    "furniture_lines",
    "trim_leading_credit",
    "cut_glued",
    "load_model",
    "model_from_arrays",
    "MODEL_FILE",
]

MODEL_FILE = "furniture_model.npz"
#: the model's dense columns: the per-line features, then the context features
MODEL_FEATURES: tuple[str, ...] = (*FEATURES, *CONTEXT_FEATURES)


def model_matrix(lines: list[str], *, rules=None) -> np.ndarray:
    """The dense columns (:data:`MODEL_FEATURES`) of an article's non-blank lines."""
    return np.hstack([line_features(lines, rules=rules), context_features(lines)])


@dataclass(frozen=True)
class FurnitureModel:
    """A standardised logistic regression over :data:`MODEL_FEATURES` and a
    vocabulary of characters and bigrams (sorted keys, one weight each), and its threshold."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    vocabulary: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    vocabulary_weight: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def scores(self, matrix: np.ndarray, lines: list[str] | None = None) -> np.ndarray:
        """The furniture probability of each row of a :func:`model_matrix` (with the
        lexical score of each of ``lines``, the matrix's lines, when given)."""
        weights, bias = self.folded
        z = matrix @ weights + bias
        if lines is not None and len(self.vocabulary):
            z = z + self.lexicon.sums(lines)
        return 1.0 / (1.0 + np.exp(-z))

    @cached_property
    def folded(self) -> tuple[np.ndarray, float]:
        """The standardisation folded into the weights, once per model: ``((x - mean) / scale) @ coef``
        is ``x @ (coef / scale) - mean @ (coef / scale)``, with no page-sized subtraction and division."""
        weights = self.coef / self.scale
        return weights, float(self.intercept - self.mean @ weights)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The vocabulary's lookup tables, built once per model (not once per article)."""
        return Lexicon(
            np.ascontiguousarray(self.vocabulary, dtype=np.uint64),
            np.ascontiguousarray(self.vocabulary_weight, np.float64),
        )


def model_from_arrays(data: dict) -> FurnitureModel:
    """A model from the arrays :func:`coopetition.model.furniture_train.model_arrays` writes.

    Raises:
        ValueError: the arrays are for other features than this version's :data:`FEATURES`.
    """
    features = tuple(str(f) for f in data["features"])
    if features != MODEL_FEATURES:
        raise ValueError(
            f"{MODEL_FILE}: the model's features differ from this version's; retrain it (python -m coopetition.model.furniture_train)"
        )
    return FurnitureModel(
        features,
        np.asarray(data["mean"], float),
        np.asarray(data["scale"], float),
        np.asarray(data["coef"], float),
        float(data["intercept"]),
        float(data["threshold"]),
        *_vocabulary(data),
    )


def _vocabulary(data: dict) -> tuple[np.ndarray, np.ndarray]:
    """The sorted keys of the model's vocabulary and their weights (empty without one).

    Raises:
        ValueError: the items are not sorted by key, or their weights do not match them.
    """
    items = data.get("vocabulary", np.zeros(0, dtype=str))
    weights = np.asarray(data.get("vocabulary_weight", np.zeros(0)), float)
    keys = item_keys(items)
    if len(keys) != len(weights) or bool((keys[1:] <= keys[:-1]).any()):
        raise ValueError(f"{MODEL_FILE}: the vocabulary must be sorted by key, one weight per item")
    return keys, weights


@lru_cache(maxsize=1)
def load_model() -> FurnitureModel:
    """The shipped model (``data/furniture_model.npz``, no pickle), loaded once per process."""
    with resources.files("coopetition").joinpath("data", MODEL_FILE).open("rb") as handle:
        with np.load(handle, allow_pickle=False) as data:
            return model_from_arrays({key: data[key] for key in data.files})


#: a line at least this long after the first line makes the first line a headline
HEADLINE_NEXT_CHARS = 12
#: the shortest first line the headline guard protects (a five-character headline is real; 首页 or 财经频道 is not one)
HEADLINE_MIN_CHARS = 5
#: ... and the longest, the 8-60 character candidates' bound (a first line of keywords run on for 120
#: characters is no headline)
HEADLINE_MAX_CHARS = TITLEISH_CHARS[1]
#: ... or a line with a comma at least this long (a lead hard-wrapped mid-sentence)
HEADLINE_WRAPPED_CHARS = 12
#: the headline guard may look past a line (no sentence) the model scores over this, to find the lead;
#: 1 (never) as shipped: site-grouped CV removed less furniture at 0.5 (``furniture_cv.json``)
HEADLINE_SKIPS = 1.0
#: the least share of Han characters of a line the headline guard keeps (a headline is written in Han
#: characters; a Latin photo credit, a phone number with 注册 登录 or a bare date standing where a
#: headline would is not one): chosen by site-grouped CV (``furniture_cv.json``)
HEADLINE_MIN_HAN = 0.3
#: a line that ends a sentence, holds a comma and at least this many Han characters is body text
#: unless a rule names it, a short label opens it (``温馨提示:``) or it repeats an earlier line
SENTENCE_HAN = 16
#: ... or this many, with no comma, when the line holds none of the furniture words (``本文来自对30位商家的采访。``)
SENTENCE_HAN_PLAIN = 8
#: ... or this many characters, half of them Latin letters (an English paragraph quoted whole)
SENTENCE_LATIN = 60
_COLUMN = {name: i for i, name in enumerate(MODEL_FEATURES)}
#: the columns :func:`decide` reads as "over 0" (every feature is 0 or more), gathered at once
_ON = (
    "rule_line",
    "credit_label",
    "sentence_end",
    "log_commas",
    "first",
    "repeated",
    "first_titleish",
    "short",
    "number_cut",
    "prev:log_commas",
    "prev:sentence_end",
    "continues_line",
    "continued_by_next",
    "rule_prefix",
    "credit_words",
    "widget_words",
    "nav_words",
    "notice_words",
    "table_row",
    "prev:table_row",
    "next:table_row",
    "label_opening",
)
_ON_INDEX = np.array([_COLUMN[name] for name in _ON])
_LOG_NEXT, _LOG_WRAPPED, _LOG_MIN, _LOG_MAX, _LOG_ONE, _LOG_LATIN = (
    math.log1p(k)
    for k in (HEADLINE_NEXT_CHARS, HEADLINE_WRAPPED_CHARS, HEADLINE_MIN_CHARS, HEADLINE_MAX_CHARS, 1, SENTENCE_LATIN)
)


def decide(
    scores: np.ndarray,
    matrix: np.ndarray,
    *,
    headline_min_han: float = HEADLINE_MIN_HAN,
    headline_skips: float = HEADLINE_SKIPS,
    label_skip: bool = True,
    written_guard: bool = True,
    both_halves: bool = True,
) -> np.ndarray:
    """The scores the decision uses: 1 where a generic TOML line rule or a credit
    label names the line furniture (a rule that matches decides), 0 for a headline
    (the first headline-like line, 8-60 characters with no sentence end and at
    most one separator, among the first three, when the next line, or the one
    after named credit lines and repeats, is a sentence of 12+ characters or a
    wrapped lead of 40+ with a comma), 0 for a piece of a sentence (the context
    features: a comma at the break, or a number cut from its unit after a line
    broken off mid-sentence) and for a line a generic ``prefixes`` rule cuts (a
    dateline glued to the lead) that repeats no earlier line, the model's
    probability elsewhere. The headline guard keeps only a line whose Han share is at
    least ``headline_min_han`` (:data:`HEADLINE_MIN_HAN`). Written text scores 0 too: a
    sentence (a sentence end, and a comma and :data:`SENTENCE_HAN` Han characters, or
    :data:`SENTENCE_HAN_PLAIN` and none of the furniture words, or :data:`SENTENCE_LATIN`
    characters half Latin letters) or a row of a run of table
    rows, with no label opening it and no repeat (unless ``written_guard`` is false).
    Looking for the lead, the guard of an 8-60 character headline also passes a short
    label (8 characters at most, unless ``label_skip`` is false) and can pass a line
    that is no sentence and scores over ``headline_skips`` (a widget; off as shipped). The line before a number cut from its unit, when at least half Han
    characters, is a piece as well as the cut line (``both_halves``). The keywords set
    the rules of the round before for the CV report (``headline_min_han=0, label_skip=False,
    written_guard=False, both_halves=False``). A short first line is a candidate from 5 characters up to
    :data:`HEADLINE_MAX_CHARS` (a keyword line run on for 120 characters is no headline).
    Cross-validation tunes the threshold on these."""
    on = dict(zip(_ON, matrix.T[_ON_INDEX] > 0))  # one gather: every column decide reads as "over 0"
    named = on["rule_line"] | on["credit_label"]
    length = matrix[:, _COLUMN["log_length"]]
    han_share = matrix[:, _COLUMN["han_share"]]
    sentence = (on["sentence_end"] & (length >= _LOG_NEXT)) | (on["log_commas"] & (length >= _LOG_WRAPPED))
    first, repeated = on["first"], on["repeated"]
    # a short headline (5-7 characters: 刘强东再换帅) is a candidate on the first line only; the feature keeps 8-60
    # (a menu is no headline: at most one separator, as for the longer candidates)
    short_first = (
        first
        & (length >= _LOG_MIN)
        & (length <= _LOG_MAX)
        & ~on["sentence_end"]
        & (matrix[:, _COLUMN["log_separators"]] <= _LOG_ONE)
    )
    titleish = on["first_titleish"] & (matrix[:, _COLUMN["lines_from_top"]] <= 0.2)
    candidate = (titleish | short_first) & ~named & (han_share >= headline_min_han)
    headline = np.zeros(len(matrix), dtype=bool)
    # the guard of an 8-60 character headline also looks past a short label (8 characters at most: 记者手记,
    # 关键词:降本增效) and, as a CV variant, a line the model scores over ``headline_skips``, neither a sentence;
    # a short first line (a menu item: 首页->头条) does not
    skip_scored = ((scores > headline_skips) | (on["short"] & label_skip)) & ~sentence
    for i in map(
        int, np.flatnonzero(candidate)
    ):  # rows of several articles may be stacked: each starts at a first line
        j = i + 1
        while (
            j < min(i + 6, len(matrix)) and not first[j] and (named[j] or repeated[j] or skip_scored[j] & titleish[i])
        ):
            j += 1  # a byline, a dateline, a label or the headline printed again between the headline and the lead
        headline[i] = j < len(matrix) and not first[j] and sentence[j]
    # a piece of a sentence: it continues the line before or is continued by the next (a comma or an
    # enumeration comma at the break), or a number cut from its unit after a line that breaks off mid-sentence
    cut = on["number_cut"] & on["prev:log_commas"] & ~on["prev:sentence_end"]
    # (both halves of a number cut from its unit: the line before the cut too, when written in Han characters:
    # not a dateline ending on a year, ``星期四,18 12月,2025``)
    piece = on["continues_line"] | on["continued_by_next"] | cut
    if both_halves and cut.any():
        piece[:-1] |= cut[1:] & (han_share[:-1] >= 0.5)
    # a line a generic ``prefixes`` rule cuts (a dateline or tag glued to the lead) holds article text
    # after the cut, unless it repeats an earlier line
    glued = on["rule_prefix"] & ~repeated
    # written text: a sentence with a comma in Han characters, a plain one (none of the furniture words of
    # furniture_words.toml) or a long one in Latin script, or a row of a table (two rows or more)
    written = np.zeros(len(matrix), dtype=bool)
    if written_guard:
        han = han_share * np.expm1(length) + 0.5
        plain = ~(on["credit_words"] | on["widget_words"] | on["nav_words"] | on["notice_words"])
        han_sentence = (on["log_commas"] & (han >= SENTENCE_HAN)) | (plain & (han >= SENTENCE_HAN_PLAIN))
        latin_sentence = (matrix[:, _COLUMN["latin_share"]] >= 0.5) & (length >= _LOG_LATIN)
        table = on["table_row"] & (on["prev:table_row"] | on["next:table_row"])
        written = ((on["sentence_end"] & (han_sentence | latin_sentence)) | table) & ~on["label_opening"] & ~repeated
    return np.where(named, 1.0, np.where(headline | piece | glued | written, 0.0, scores))


def furniture_scores(lines: list[str], *, model: FurnitureModel | None = None, rules=None) -> np.ndarray:
    """The furniture score of each of an article's non-blank lines (:func:`decide` over the model's probability)."""
    if not lines:
        return np.zeros(0)
    matrix = model_matrix(lines, rules=rules)
    return decide((model or load_model()).scores(matrix, lines), matrix)


@lru_cache(maxsize=1)
def outlet_line_rule():
    """The ``lines`` rules of the per-outlet tables of ``data/boilerplate.toml``:
    what one site alone prints, which no feature can learn, stays a decision."""
    from coopetition.text.clean import _line_rule

    spec = tomllib.loads(read_text("boilerplate.toml"))
    patterns = [re.compile(p) for table in spec.get("outlets", {}).values() for p in table.get("lines", [])]
    return _line_rule(tuple(patterns))


def furniture_lines(
    lines: list[str], *, model: FurnitureModel | None = None, rules=None, threshold: float | None = None
) -> list[int]:
    """Indexes of the lines the classifier calls furniture, and of lines a per-outlet
    ``lines`` rule matches (never the only line of a text).

    Args:
        lines: the article's non-blank lines, in order.
        threshold: the probability over which a line is furniture (default: the model's, tuned by CV).
    """
    if len(lines) < 2:
        return []
    model = model or load_model()
    cut = model.threshold if threshold is None else threshold
    over = furniture_scores(lines, model=model, rules=rules) > cut
    over |= _rule_hits(lines, outlet_line_rule()) > 0
    return [int(i) for i in np.flatnonzero(over)]


def trim_leading_credit(line: str) -> tuple[str, int]:
    """Cut a credit that opens a one-line record: ``作者:张三 阿里与京东…`` → ``阿里与京东…``.

    Returns ``(line, 1)`` when a credit was cut, else ``(line, 0)``. A credit
    that is the whole line stays (nothing would be left of the record).
    """
    match = _LEADING_CREDIT_RE.match(line)
    if match is None or match.end() >= len(line):
        return line, 0
    return line[match.end() :], 1


def _split_rules(spec: dict) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The glue rules of ``[split]`` in ``furniture_words.toml``: a byline or dateline tail, a tag tail, a quote.

    Raises:
        ValueError: a rule is missing or is not a valid regular expression.
    """
    table = spec.get("split", {})
    try:
        field, date, day, tags, quote = (table[key] for key in ("field", "date", "day", "tags", "quote"))
        # the chain has taken out the space between a Han character and a digit: a date may touch the headline
        fields = rf"(?:\s{{0,3}}{field})"
        byline = re.compile(
            rf"^(?P<head>.{{5,60}}?)(?:\s{{0,3}}(?:(?:{date}|{day}){fields}+|{date})|\s{{1,3}}{field}{fields}*)\s*$"
        )
        return byline, re.compile(rf"^(?P<head>.{{5,60}}?){tags}"), re.compile(quote)
    except KeyError as exc:
        raise ValueError(f"{WORDS_FILE}: [split] needs a '{exc.args[0]}' rule") from None
    except re.error as exc:
        raise ValueError(f"{WORDS_FILE}: a [split] rule is not a valid regular expression: {exc}") from None


_BYLINE_TAIL_RE, _TAGS_TAIL_RE, _QUOTE_RE = _split_rules(_SPEC)
#: the glue rules that cut a headline's tail look at this many first lines
SPLIT_HEAD_LINES = 3


#: the least Han characters of the part of a line before a glued tail (a headline, not a date)
SPLIT_HEAD_HAN = 4


def _headline_part(head: str) -> bool:
    """Whether the part before a glued tail reads as a headline: no sentence end and no bar (a menu
    or a widget row, ``点赞|在看|分享``, is no headline), 4+ Han characters,
    no credit label opening it, not ending on a label (``时间:``, ``发表于``: the line is a credit itself)."""
    return (
        "。" not in head
        and "|" not in head
        and "丨" not in head
        and cjk_count(head) >= SPLIT_HEAD_HAN
        and _CREDIT_LABEL_RE.match(head) is None
        and not head.rstrip().endswith((":", "于", "|"))
    )


def cut_glued(lines: list[str]) -> tuple[list[str], int]:
    """Cut furniture glued to article text at the glue point, keeping the text (``[split]`` rules
    of ``furniture_words.toml``): a byline or a dateline after a headline (``标题 作者:X 来源:Y``,
    ``标题 2025-12-18 10:32 来源:…``) and SEO tags after one (``标题 标签:A B C``, ``标题|A|B|C``)
    on the first :data:`SPLIT_HEAD_LINES` lines when the headline part ends no sentence, and the price
    and change a stock-quote widget glues after a stock code (``阿里巴巴-SW(09988)82.350-1.200(-1.44%)``)
    on any line. Returns the lines and how many cuts were made."""
    out, cuts = list(lines), 0
    for i, line in enumerate(out[:SPLIT_HEAD_LINES]):
        match = _BYLINE_TAIL_RE.match(line) or _TAGS_TAIL_RE.match(line)
        if match is not None and _headline_part(match["head"]):
            out[i], cuts = match["head"].rstrip(), cuts + 1
    text = "\n".join(out)
    if "%" in text:  # one scan of the page (the rule never crosses a line break)
        text, n = _QUOTE_RE.subn(r"\1", text)
        if n:
            out, cuts = text.split("\n"), cuts + n
    return out, cuts

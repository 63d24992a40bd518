"""Site furniture as a learned line classifier: features per line, a linear model, a decision.

Every non-blank line of an article, as the cleaning chain sees it after
glosses, mojibake, Markdown, URLs, script conversion and width folding, gets
features that hold across sites (:data:`FEATURES`):

- its position from the top and from the bottom (non-blank line index and
  relative position);
- its length, its shares of Han characters, digits, Latin letters and
  punctuation, dates and times;
- whether it ends a sentence, how many sentence marks and commas it holds;
- separators (``| 丨 · > / »``), link- and handle-like tokens, a bracketed
  credit at its start;
- counts of label, widget, menu and notice words (``data/furniture_words.toml``);
- whether each kind of rule of ``data/boilerplate.toml`` matches it (the rules
  are features here, not decisions);
- whether it repeats elsewhere in the article, or stands inside another line;
- and the same features of the line before and the line after.

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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from coopetition._data import read_text
from coopetition.text.charset import CJK

__all__ = [
    "FEATURES",
    "BASE_FEATURES",
    "FurnitureModel",
    "line_features",
    "furniture_scores",
    "furniture_lines",
    "trim_leading_credit",
    "load_model",
    "model_from_arrays",
    "MODEL_FILE",
]

MODEL_FILE = "furniture_model.npz"
WORDS_FILE = "furniture_words.toml"


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
_LINK_RE = re.compile(r"https?:|www\.|\.(?:com|cn|net|org|hk|tw|html?|jpe?g|png|gif|webp)\b|@\w|ID\s?:|微信号|公众号", re.I)
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

#: the features of one line, before its neighbours' are added
BASE_FEATURES: tuple[str, ...] = (
    "pos_top", "first", "second", "last", "lines_from_top", "lines_from_bottom",
    "log_length", "short", "han_share", "digit_share", "latin_share", "punct_share", "log_tokens", "short_tokens",
    "date", "time", "sentence_end", "log_sentence_marks", "log_commas", "log_separators", "link_handle",
    "bracket_credit", "credit_label", "credit_words", "widget_words", "nav_words", "notice_words",
    "rule_line", "rule_prefix", "rule_footer", "rule_inline", "repeated", "inside_other", "ellipsis_end",
    "counters", "quotes", "trailing_id", "window_sentence_end", "window_log_length", "window_han_share",
    "table_row", "latin_words", "window_short", "before_body", "after_body", "first_titleish",
)
#: every feature: the line's own, then its neighbours' (``prev:``, ``next:``), then whether they exist
FEATURES: tuple[str, ...] = (
    *BASE_FEATURES,
    *(f"prev:{name}" for name in BASE_FEATURES),
    *(f"next:{name}" for name in BASE_FEATURES),
    "has_prev", "has_next",
)


def _rule_hits(lines: list[str], rule) -> np.ndarray:
    """1.0 for each line a compiled TOML rule set matches (one scan of the joined text)."""
    hits = np.zeros(len(lines))
    if rule is None or not lines:
        return hits
    text = "\n".join(lines)
    starts = np.cumsum([0, *(len(line) + 1 for line in lines[:-1])])
    for begin, _ in rule.lines(text):
        hits[int(np.searchsorted(starts, begin))] = 1.0
    return hits


def _inside_other(lines: list[str]) -> np.ndarray:
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


def line_features(lines: list[str], *, rules=None) -> np.ndarray:
    """The feature matrix (``len(lines)`` × ``len(FEATURES)``) of an article's non-blank lines.

    Args:
        lines: the article's non-blank lines, in order, as the chain sees them
            (simplified, width folded, whitespace normalised).
        rules: the :class:`~coopetition.text.clean.BoilerplateRules` whose matches
            are features (default: the packaged ones).
    """
    if rules is None:
        from coopetition.text.clean import BOILERPLATE as rules  # noqa: N811 - the chain's own rules
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
            0.0, 0.0, 0.0,  # rule hits: filled below, one scan per rule set
            bool(rules.inline_re is not None and rules.inline_re.search(line)),
            repeat and length >= 4,
            0.0,  # inside another line: below
            bool(_ELLIPSIS_RE.search(line)),
            math.log1p(len(_COUNTER_RE.findall(line))),
            bool(_QUOTE_RE.search(line)),
            bool(_TRAILING_ID_RE.search(line)),
            0.0, 0.0, 0.0,  # window means: below
            bool(_TABLE_ROW_RE.search(line)),
            math.log1p(len(_LATIN_WORD_RE.findall(line))),
            0.0, 0.0, 0.0, 0.0,  # window of short lines, body bounds, first headline-like line: below
        )
    column = BASE_FEATURES.index
    base[:, column("rule_line")] = _rule_hits(lines, rules.line_re)
    base[:, column("rule_prefix")] = _rule_hits(lines, rules.prefix_re)
    base[:, column("rule_footer")] = np.maximum(_rule_hits(lines, rules.footer_re), _rule_hits(lines, rules.tail_footer_re))
    base[:, column("inside_other")] = _inside_other(lines)
    low = np.maximum(np.arange(n) - WINDOW, 0)
    high = np.minimum(np.arange(n) + WINDOW + 1, n)
    for name, source in (("window_sentence_end", "sentence_end"), ("window_log_length", "log_length"),
                         ("window_han_share", "han_share"), ("window_short", "short")):
        sums = np.concatenate([[0.0], np.cumsum(base[:, column(source)])])
        base[:, column(name)] = (sums[high] - sums[low]) / (high - low)
    ends = base[:, column("sentence_end")] > 0
    base[:, column("before_body")] = np.cumsum(ends) - ends == 0  # no sentence ends before this line
    base[:, column("after_body")] = np.cumsum(ends[::-1])[::-1] - ends == 0  # none after it
    separators = base[:, column("log_separators")]
    titleish = [i for i, line in enumerate(lines) if not ends[i] and _TITLEISH_RE.match(line) and separators[i] <= math.log1p(1)]
    if titleish:
        base[titleish[0], column("first_titleish")] = 1.0
    zero = np.zeros((1, base.shape[1]))
    prev = np.vstack([zero, base[:-1]])
    nxt = np.vstack([base[1:], zero])
    exists = np.ones(n)
    has_prev, has_next = exists.copy(), exists.copy()
    has_prev[0] = has_next[-1] = 0.0
    return np.hstack([base, prev, nxt, has_prev[:, None], has_next[:, None]])


@dataclass(frozen=True)
class FurnitureModel:
    """A standardised logistic regression over :data:`FEATURES`, and its threshold."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        """The furniture probability of each row of a feature matrix."""
        z = ((matrix - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


def model_from_arrays(data: dict) -> FurnitureModel:
    """A model from the arrays :func:`coopetition.model.furniture_train.model_arrays` writes.

    Raises:
        ValueError: the arrays are for other features than this version's :data:`FEATURES`.
    """
    features = tuple(str(f) for f in data["features"])
    if features != FEATURES:
        raise ValueError(f"{MODEL_FILE}: the model's features differ from this version's; retrain it (python -m coopetition.model.furniture_train)")
    return FurnitureModel(features, np.asarray(data["mean"], float), np.asarray(data["scale"], float),
                          np.asarray(data["coef"], float), float(data["intercept"]), float(data["threshold"]))


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
#: ... or a line with a comma at least this long (a lead hard-wrapped mid-sentence)
HEADLINE_WRAPPED_CHARS = 12
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def decide(scores: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The scores the decision uses: 1 where a generic TOML line rule or a credit
    label names the line furniture (a rule that matches decides), 0 for a headline
    (the first headline-like line, 8-60 characters with no sentence end and at
    most one separator, among the first three, when the next line, or the one
    after named credit lines and repeats, is a sentence of 12+ characters or a
    wrapped lead of 40+ with a comma), the model's
    probability elsewhere. Cross-validation tunes the
    threshold on these."""
    named = (matrix[:, _COLUMN["rule_line"]] > 0) | (matrix[:, _COLUMN["credit_label"]] > 0)
    length = matrix[:, _COLUMN["log_length"]]
    sentence = (((matrix[:, _COLUMN["sentence_end"]] > 0) & (length >= math.log1p(HEADLINE_NEXT_CHARS)))
                | ((matrix[:, _COLUMN["log_commas"]] > 0) & (length >= math.log1p(HEADLINE_WRAPPED_CHARS))))
    first = matrix[:, _COLUMN["first"]] > 0
    repeated = matrix[:, _COLUMN["repeated"]] > 0
    # a short headline (5-7 characters: 刘强东再换帅) is a candidate on the first line only; the feature keeps 8-60
    short_first = first & (length >= math.log1p(HEADLINE_MIN_CHARS)) & (matrix[:, _COLUMN["sentence_end"]] == 0)
    candidate = (((matrix[:, _COLUMN["first_titleish"]] > 0) & (matrix[:, _COLUMN["lines_from_top"]] <= 0.2)) | short_first) & ~named
    headline = np.zeros(len(matrix), dtype=bool)
    for i in np.flatnonzero(candidate):  # rows of several articles may be stacked: each starts at a first line
        j = i + 1
        while j < min(i + 6, len(matrix)) and not first[j] and (named[j] or repeated[j]):
            j += 1  # a byline, a dateline or the headline printed again between the headline and the lead
        headline[i] = j < len(matrix) and not first[j] and sentence[j]
    return np.where(named, 1.0, np.where(headline, 0.0, scores))


def furniture_scores(lines: list[str], *, model: FurnitureModel | None = None, rules=None) -> np.ndarray:
    """The furniture score of each of an article's non-blank lines (:func:`decide` over the model's probability)."""
    if not lines:
        return np.zeros(0)
    matrix = line_features(lines, rules=rules)
    return decide((model or load_model()).scores(matrix), matrix)


@lru_cache(maxsize=1)
def outlet_line_rule():
    """The ``lines`` rules of the per-outlet tables of ``data/boilerplate.toml``:
    what one site alone prints, which no feature can learn, stays a decision."""
    from coopetition.text.clean import _line_rule

    spec = tomllib.loads(read_text("boilerplate.toml"))
    patterns = [re.compile(p) for table in spec.get("outlets", {}).values() for p in table.get("lines", [])]
    return _line_rule(tuple(patterns))


def furniture_lines(lines: list[str], *, model: FurnitureModel | None = None, rules=None, threshold: float | None = None) -> list[int]:
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
    return line[match.end():], 1

"""Sentence → cues: the frame and tone cues of a sentence, found by compiled matchers.

The cue lexicons (``data/frames.toml``, ``data/tone_rules.toml``,
``data/tone_hownet.tsv``) are compiled once per process into two Aho–Corasick
automata (``pyahocorasick``): one for frame cues, one for tone words. A
sentence is scanned once by each, leftmost-longest, so a longer listed word
swallows the cue inside it: 竞争力 (competitiveness) hides 竞争, 金科投资有限公司
hides 投资, 不断 hides the negator 不. No per-token loop over a lexicon.

The rules that read those cues (negation and contrast scope, relational
sentences, endings) give :func:`rule_frame` and :func:`rule_tone`; the
trained model in :mod:`coopetition.measures.labels` takes the same cues as features.
Text must be simplified script already (:mod:`coopetition.measures.labels` simplifies).
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from coopetition._data import data_rows, read_text
from coopetition.text.actors import actor_aliases, find_actors
from coopetition.text.patterns import alternation
from coopetition.text.segment import stopwords

__all__ = ["FRAMES", "TONES", "Cues", "lexicon", "hownet", "sentence_cues", "live_frames", "rule_frame", "rule_tone"]

FRAMES = ("competition", "cooperation", "coopetition", "none")
TONES = ("positive", "neutral", "negative")

#: 的 between a negator and a cue: the negator sits in a modifier (不能忽视的竞争对手)
_MODIFIER_MARK = "的"
#: after alias + cue (腾讯投资了, 阿里投资过) the cue is a verb, not part of a name (so is it before a firm)
_ASPECT_PARTICLES = frozenset("了过")
#: the start of a stated number: digits and Chinese numerals (超过13亿, 逼近三成, 超过了1000亿)
#: (not words that merely open with a numeral character: 超过一些, 超过一般水平, 超过数据显示的)
#: a Chinese numeral counts only as a run of two (一半, 千亿, 数十) or before a unit or measure word
#: (十年, 三成, 两倍, 几家): 三星, 万达, 百度, 一些, 两大 merely open with a numeral character
_NUMBER_START_RE = re.compile(
    r"了?(?:[0-9０-９]|[零〇一二三四五六七八九十百千万亿两数几半]"
    r"(?=[零〇一二三四五六七八九十百千万亿两数几半个年月日天周家成倍人名位次款件项条元%％多余只台辆张份]))"
)


@lru_cache(maxsize=1)
def hownet() -> dict[str, float]:
    """The HowNet word list as shipped (``data/tone_hownet.tsv``), unfiltered: word → ±1."""
    return {row["word"]: float(row["polarity"]) for row in data_rows("tone_hownet.tsv", delimiter="\t")}


@dataclass(frozen=True)
class Lexicon:
    """The compiled cue lexicons (see :func:`lexicon`)."""

    frame_automaton: ahocorasick.Automaton  # word -> (word, role, arg)
    tone_automaton: ahocorasick.Automaton
    frame_vocab: frozenset[str]
    quantity_comparisons: frozenset[str]
    relationship_endings: frozenset[str]
    polarity: dict[str, float]
    neutral: frozenset[str]
    degree: dict[str, float]
    relational: tuple[str, ...]
    firms_re: re.Pattern
    firm_start_re: re.Pattern  # any firm, actor alias or other (matched at a position)
    furniture_re: re.Pattern
    furniture_chars: int
    clause_re: re.Pattern
    frame_window: int
    tone_window: int
    contrast_after: float
    contrast_before: float
    smoothing: float
    neutral_band: float


def _automaton(entries: dict[str, tuple[str, object]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, (role, arg) in entries.items():
        automaton.add_word(word, (word, role, arg))
    automaton.make_automaton()
    return automaton


def _name_blockers(frames: dict) -> set[str]:
    """Names that contain a cue: organisations (投资 + 有限公司) and roles (联合 + 创始人)."""
    names = frames["names"]
    blockers = {cue + suffix for cue in names["cues"] for suffix in names["org_suffixes"]}
    roles = frames["roles"]
    blockers |= {cue + title for cue in roles["cues"] for title in roles["titles"]}
    return blockers


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load, cross-filter and compile the packaged frame and tone lexicons (once per process)."""
    frames = tomllib.loads(read_text("frames.toml"))
    rules = tomllib.loads(read_text("tone_rules.toml"))
    scope = frames["scope"]
    frame_entries: dict[str, tuple[str, object]] = {}
    for frame in ("competition", "cooperation", "coopetition"):
        for kind in ("strong", "weak", "phrases"):
            for word in frames[frame].get(kind, []):
                frame_entries[word] = ("frame", (frame, "phrase" if kind == "phrases" else kind))
    for word in (*frames["ending"]["strong"], *frames["ending"]["relationship"]):
        frame_entries[word] = ("ending", None)
    frame_vocab = frozenset(frame_entries)
    for word in scope["negators"]:
        frame_entries[word] = ("negator", word in scope["cessation"])
    for word in scope["relational"]:
        frame_entries.setdefault(word, ("relational", None))
    # blockers: listed words that contain a cue or a negator but are neither
    blockers = set(scope["not_cues"]) | set(scope["not_negators"]) | set(scope["launch"]) | _name_blockers(frames)
    for word in blockers:
        frame_entries[word] = ("block", None)
    # a firm's arm or product named by alias + cue (腾讯投资, 淘宝联盟) hides the cue,
    # unless an aspect particle follows: then the cue is the verb (腾讯投资了京东)
    for alias in actor_aliases():
        if not alias.isascii():
            for cue in frames["names"]["after_actor"]:
                frame_entries[alias + cue] = ("name", cue)

    neutral = frozenset(rules["neutral"]["words"])
    degree = {w: float(spec["weight"]) for spec in rules["degree"].values() for w in spec["words"]}
    strong_cues = [w for w, (role, arg) in frame_entries.items() if role == "frame" and len(w) >= 2]
    polarity: dict[str, float] = {}
    for word, value in hownet().items():
        stem = word.removesuffix("的").removesuffix("地")  # 复杂的 reads as 复杂
        if len(stem) >= 2 and stem not in stopwords() and stem not in neutral and "." not in word:
            if not any(cue in word for cue in strong_cues):  # frame words never carry HowNet tone
                polarity[word] = value
    for word in frame_vocab | set(degree):
        polarity.pop(word, None)
    # the domain lists decide last: 挑战 is a weak rivalry cue and also negative
    polarity.update({w: 1.0 for w in rules["positive"]["words"]})
    polarity.update({w: -1.0 for w in rules["negative"]["words"]})
    # blockers: stopwords and neutral words hide the polar words inside them (所有 hides 有用)
    plain = {w for w in stopwords() if len(w) >= 2} | neutral | set(scope["not_negators"])
    tone_entries: dict[str, tuple[str, object]] = {w: ("block", None) for w in plain}
    tone_entries.update({w: ("polar", v) for w, v in polarity.items()})
    tone_entries.update({w: ("degree", v) for w, v in degree.items()})
    for word in rules["negation"]["words"]:
        tone_entries[word] = ("negator", None)
    for word in rules["contrast"]["markers"]:
        tone_entries[word] = ("contrast", None)
    for word in rules["contrast"]["concessive"]:
        tone_entries[word] = ("concessive", None)
    return Lexicon(
        frame_automaton=_automaton(frame_entries),
        tone_automaton=_automaton(tone_entries),
        frame_vocab=frame_vocab,
        quantity_comparisons=frozenset(scope["quantity_comparisons"]),
        relationship_endings=frozenset(frames["ending"]["relationship"]),
        polarity=polarity,
        neutral=neutral,
        degree=degree,
        relational=tuple(scope["relational"]),
        firms_re=re.compile(alternation(frames["firms"]["other"], what="frames.toml: firms.other")),
        firm_start_re=re.compile(
            alternation({*frames["firms"]["other"], *actor_aliases()}, what="frames.toml: firms.other")
        ),
        furniture_re=re.compile(alternation(frames["furniture"]["markers"], what="frames.toml: furniture.markers")),
        furniture_chars=int(frames["furniture"]["max_chars"]),
        clause_re=re.compile(alternation(scope["clause_marks"], what="frames.toml: scope.clause_marks")),
        frame_window=int(scope["negation_chars"]),
        tone_window=int(rules["negation"]["chars"]),
        contrast_after=float(rules["contrast"]["after"]),
        contrast_before=float(rules["contrast"]["before"]),
        smoothing=float(rules["score"]["smoothing"]),
        neutral_band=float(rules["score"]["neutral_band"]),
    )


@dataclass(frozen=True)
class Cues:
    """The cues of one sentence.

    ``frame_cues`` holds ``(cue, frame, note)``: note ``strong``, ``weak`` or
    ``phrase`` when it counts, ``negated`` when a negator shortly before it in
    its clause cancels it, ``ended`` for a negated cooperation cue after a
    "stop" negator (不再续约), ``idle`` for a weak cue in a sentence naming no
    relationship; frame ``ending`` marks 终止, 分道扬镳…. ``tone_cues`` holds
    ``(word, weight)`` after negation, degree and contrast.
    """

    frame_cues: tuple[tuple[str, str, str], ...]
    tone_cues: tuple[tuple[str, float], ...]
    actors: tuple[str, ...]
    relational: bool
    furniture: bool = False


def _clause_starts(sentence: str, lex: Lexicon) -> list[int]:
    return [m.end() for m in lex.clause_re.finditer(sentence)]


def _negated(
    sentence: str, negators: list[tuple[int, int, bool]], start: int, clause: int, starts: list[int], window: int
) -> tuple[bool, bool]:
    """(negated, by a 'stop' negator) for a cue at ``start``."""
    for n_start, n_end, stop in reversed(negators):
        if n_end > start:
            continue
        if start - n_end > window or bisect.bisect_right(starts, n_start) != clause:
            break
        if _MODIFIER_MARK in sentence[n_end:start]:
            break
        return True, stop
    return False, False


def _frame_cues(sentence: str, lex: Lexicon, starts: list[int], relational: bool) -> list[tuple[str, str, str]]:
    cues: list[tuple[str, str, str]] = []
    negators: list[tuple[int, int, bool]] = []
    for end, (word, role, arg) in lex.frame_automaton.iter_long(sentence):
        start = end - len(word) + 1
        if role == "negator":
            negators.append((start, end + 1, bool(arg)))
            continue
        if role == "name":  # 腾讯投资: a name, unless the cue is the verb (腾讯投资了…, 腾讯投资京东)
            if sentence[end + 1 : end + 2] not in _ASPECT_PARTICLES and not lex.firm_start_re.match(sentence, end + 1):
                continue
            start = end - len(arg) + 1
            word, role, arg = lex.frame_automaton.get(arg)
        if role not in ("frame", "ending"):
            continue
        clause = bisect.bisect_right(starts, start)
        negated, stop = _negated(sentence, negators, start, clause, starts, lex.frame_window)
        if role == "ending":
            cues.append((word, "ending", "negated" if negated else "strong"))
            continue
        frame, kind = arg
        if (
            word in lex.quantity_comparisons
            and _NUMBER_START_RE.match(sentence, end + 1)
            and not lex.firm_start_re.match(sentence, end + 1)
        ):
            continue  # 超过十年, 逼近1000亿: a stated quantity, not one firm passing another
        if negated:
            ended = frame == "cooperation" and kind == "strong" and stop
            cues.append((word, "ending" if ended else frame, "ended" if ended else "negated"))
        else:
            cues.append((word, frame, kind if kind != "weak" or relational else "idle"))
    return cues


def _tone_cues(sentence: str, lex: Lexicon, starts: list[int]) -> list[tuple[str, float]]:
    matches = [
        (end - len(word) + 1, end + 1, word, role, arg)
        for end, (word, role, arg) in lex.tone_automaton.iter_long(sentence)
    ]
    n_clauses = len(starts) + 1
    clause_of = [bisect.bisect_right(starts, m[0]) for m in matches]
    # the turn of a contrast: clauses from the last clause-initial contrast marker on weigh more
    turn = None
    for (start, _, _, role, _), clause in zip(matches, clause_of):
        clause_start = starts[clause - 1] if clause else 0
        if role == "contrast" and len(sentence[clause_start:start].strip()) <= 1:
            turn = clause
    weights = [1.0] * n_clauses
    if turn:
        weights = [lex.contrast_before if i < turn else lex.contrast_after for i in range(n_clauses)]
    else:
        for (_, _, _, role, _), clause in zip(matches, clause_of):
            if role == "concessive":
                weights[clause] = lex.contrast_before
    cues: list[tuple[str, float]] = []
    for i, ((start, _, word, role, value), clause) in enumerate(zip(matches, clause_of)):
        if role != "polar":
            continue
        flips, degree = 0, 1.0
        for before, c in zip(reversed(matches[:i]), reversed(clause_of[:i])):
            if c != clause or start - before[1] > lex.tone_window:
                break
            if before[3] == "negator":
                flips += 1
            elif before[3] == "degree":
                degree = max(degree, before[4])
        cues.append((word, round(value * degree * weights[clause] * (-1 if flips % 2 else 1), 4)))
    return cues


def sentence_cues(sentence: str) -> Cues:
    """The frame and tone cues of one simplified-script sentence.

    Example:
        >>> [c[:2] for c in sentence_cues("京东与阿里巴巴展开激烈竞争").frame_cues]
        [('竞争', 'competition')]
    """
    lex = lexicon()
    starts = _clause_starts(sentence, lex)
    actors = tuple(sorted({actor for _, actor in find_actors(sentence)}))
    firms = set(actors) | set(lex.firms_re.findall(sentence))
    relational = len(firms) >= 2 or any(marker in sentence for marker in lex.relational)
    furniture = len(sentence) < lex.furniture_chars and lex.furniture_re.search(sentence.replace(":", ":")) is not None
    return Cues(
        tuple(_frame_cues(sentence, lex, starts, relational)),
        tuple(_tone_cues(sentence, lex, starts)),
        actors,
        relational,
        furniture,
    )


def live_frames(cues: Cues) -> set[str]:
    """The frames a sentence's cues name and do not negate or leave idle, ``ending`` among them
    (the cue rules read it; an ending alone frames no relationship)."""
    return {frame for _, frame, note in cues.frame_cues if note not in ("negated", "idle")}


def _ends_a_relationship(cues: Cues) -> bool:
    """A live ending cue that ends a relationship by itself (分道扬镳, 决裂)."""
    endings = lexicon().relationship_endings
    return any(frame == "ending" and note == "strong" and word in endings for word, frame, note in cues.frame_cues)


def rule_frame(cues: Cues) -> str:
    """The frame the cue rules alone give: both frames or a named co-opetition →
    ``coopetition``; a partnership ending (合作终止, 不再续约, or an ending in a
    relational sentence) → ``cooperation``, or ``coopetition`` when a cooperation
    cue ends beside a rivalry cue; a rivalry ending (价格战画上句号) →
    ``competition``; else the one live frame, else ``none``.
    Web furniture (a byline, a credit, navigation) is ``none``."""
    if cues.furniture:
        return "none"
    live = live_frames(cues)
    if "coopetition" in live or {"competition", "cooperation"} <= live:
        return "coopetition"
    if any(note == "ended" for _, _, note in cues.frame_cues):
        # a partnership that ends (不再续约) is framed as a partnership; ended amid rivalry it
        # is both (the codebook's "partnership ending because of strategic rivalry")
        return "coopetition" if "competition" in live else "cooperation"
    # an ending alone frames nothing (双十一大促落幕, 交易结束), unless the word itself ends a
    # relationship (分道扬镳, 决裂) in a sentence about two parties
    if "ending" in live and (live - {"ending"} or (cues.relational and _ends_a_relationship(cues))):
        # what ends is what the sentence names: a rivalry (价格战画上句号) or, by default, a partnership
        return "competition" if live - {"ending"} == {"competition"} else "cooperation"
    for frame in ("competition", "cooperation"):
        if frame in live:
            return frame
    return "none"


def rule_tone(cues: Cues) -> float:
    """Tone in [-1, 1] from the tone cues alone: ``S / (A + smoothing)``."""
    signed = sum(v for _, v in cues.tone_cues)
    total = sum(abs(v) for _, v in cues.tone_cues)
    return round(signed / (total + lexicon().smoothing), 4)

"""Fit the outlet score (``src/coopetition/data/outlet_model.toml``) on the development half of the devpages.

The outlet of a site no gazetteer knows is read from the page: every string at an
outlet position is a candidate with the features of
:func:`coopetition.reading.metadata.outlet_model.outlet_candidates`; a candidate is
positive when it equals the page's gold outlet after normalisation. The credit
rules run first and the model only speaks when they find nothing, as in
:func:`coopetition.reading.metadata.find_outlet`.

Every page is read **as a site the gazetteer never heard of**: its own outlet and
site are taken out of the gazetteer (``bench_devpages_metadata.own_outlet_names``)
for its features and for the rules, so the gazetteer feature learns what a prior
is worth on an unknown site, not that the page's outlet was written into the list.

Validation: site-grouped 5-fold cross-validation (every page is a different site;
folds split by host), weights and threshold refitted in each fold, the held-out
pages' outlets scored end to end (rules, then the model) with their own outlet out
of the gazetteer. Writes the weights (plain numbers, no pickle) and
``benchmarks/outlet_model_cv.json``.

Round 5: the held-out pages' outlets by outcome (right, a false outlet on a page crediting none, a
miss, a wrong name) and by what decided them (``cv_outcomes``, ``cv_errors_by_kind``,
``cv_wrong_by_outcome``), and a learned abstention tried by the same CV (``abstain_cv``: a second
regression over the proposal's features deciding whether to give it; not shipped, as it does not
validate over the threshold).

Only the development half is read: ``split.tsv`` decides; the test half is never opened.

Run: ``python benchmarks/fit_outlet_model.py [--write]`` (without ``--write``: CV only).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from coopetition import paths
from coopetition.reading.metadata import metadata_rules, read_head
from coopetition.reading.metadata.credits import _credits
from coopetition.reading.metadata.outlet_model import (
    OUTLET_FEATURES,
    OutletCandidate,
    OutletWords,
    outlet_candidates,
    outlet_words,
    rules_pick,
)
from coopetition.reading.metadata.rules import MetadataRules, known_outlets
from coopetition.reading.readers import read_articles


def _load(name: str):
    """A script beside this one, loaded by path."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: the headline's fitting script: its devpages benchmark (half reader, scoring) and its grouped CV
_TITLE = _load("fit_title_model")
_BENCH = _TITLE._BENCH

C = 0.3
C_TRIED = (0.1, 0.3, 1.0, 3.0)
#: the abstention's regularisation, and those compared by the same CV (abstain_cv_alternatives)
C_ABSTAIN = 0.3
C_ABSTAIN_TRIED = (0.1, 0.3, 1.0)
FOLDS = _TITLE.FOLDS
MODEL_PATH = paths.project_root() / "src" / "coopetition" / "data" / "outlet_model.toml"
CV_PATH = Path(__file__).with_name("outlet_model_cv.json")


def _page(folder: Path, gold: dict, rules: MetadataRules, words: OutletWords) -> dict:
    """One development page's outlet candidates, read with its own outlet unknown, under the guard
    lists of ``rules`` (``not_outlets``) and ``words`` (section words, post labels): the name the rules
    would take when the gazetteer knows it (``credited``, it decides), and every candidate."""
    (article,) = read_articles(folder / "pages" / gold["file"])
    head, tail = read_head(article.raw)
    outlets = known_outlets().without(_BENCH.own_outlet_names(gold))
    credits = _credits(head, tail, rules)
    pick = rules_pick(credits, head, rules, outlets)
    known = pick is not None and bool(outlets.canonical(pick.name) or pick.name.startswith("《"))
    cands = outlet_candidates(head, tail, rules, outlets, credits, words, pick.name if pick else "")
    target, site = _BENCH.normalise(gold["outlet"]), _BENCH.normalise(gold.get("site", ""))
    keep = [not (not target and site and _BENCH.normalise(c.text) == site) for c in cands]
    # the guard words that act on the page: read again with no guard lists at all, a word a candidate (or
    # the credited name) equals, starts or ends with is one the lists turn away or mark here
    bare_rules, bare_words = without_guards(rules, words, guard_words(rules, words))
    bare = [
        c.text for c in outlet_candidates(head, tail, bare_rules, outlets, _credits(head, tail, bare_rules), bare_words)
    ]
    acting = {w for w in guard_words(rules, words) for t in bare if t and (t == w or (len(w) >= 2 and w in t))}
    return {
        "file": gold["file"],
        "host": gold["host"],
        "gold": gold,
        "credited": pick.name if known and pick else "",
        "credited_kind": pick.source if known and pick else "",
        "rules_pick": pick.name if pick else "",
        "sources": [c.source for c in cands],
        "texts": [c.text for c in cands],
        "X": np.array([c.features for c in cands], dtype=float).reshape(-1, len(OUTLET_FEATURES)),
        "y": np.array([bool(target) and _BENCH.normalise(c.text) == target for c in cands], dtype=int),
        "keep": np.array(keep, dtype=bool),
        # the guard words acting on the page: a word that acts only on held-out pages was learnable from them alone
        "guard_words": sorted(acting),
    }


def guard_words(rules: MetadataRules, words: OutletWords) -> set[str]:
    """The words of the outlet guards: ``not_outlets`` (metadata.toml), the section words, post labels
    and CMS placeholders (outlet_words.toml): lists written by people who had read the development pages."""
    return set(rules.not_outlets) | set(words.section_words) | set(words.placeholder_ends)


def without_guards(rules: MetadataRules, words: OutletWords, gone: set[str]) -> tuple[MetadataRules, OutletWords]:
    """``rules`` and ``words`` less the guard words ``gone``."""
    return (
        dataclasses.replace(rules, not_outlets=rules.not_outlets - gone),
        dataclasses.replace(
            words,
            section_words=words.section_words - gone,
            placeholder_ends=tuple(w for w in words.placeholder_ends if w not in gone),
        ),
    )


def page_candidates(folder: Path) -> list[dict]:
    """Each development page's rule credit and outlet candidates, read with its own outlet unknown."""
    rules, words = metadata_rules(), outlet_words()
    return [_page(folder, gold, rules, words) for gold in _BENCH.load_half(folder, "development")]


def guards_out_cv(folder: Path, pages: list[dict], c: float = C) -> tuple[int, list[str], list[str]]:
    """Site-grouped CV in which each fold's guard lists hold only what its training sites could teach:
    a guard word that no training page holds and a held-out page does (so it could have been written
    from the held-out site alone) is taken out of the lists for the held-out pages, which are read
    again with the shorter lists. Returns the pages right, the files missed and the words taken out."""
    rules, words = metadata_rules(), outlet_words()
    right, wrong, dropped = 0, [], set()
    for train, test in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=[p["host"] for p in pages]):
        model, threshold = fit([pages[i] for i in train], c)
        taught = {w for i in train for w in pages[i]["guard_words"]}
        gone = {w for i in test for w in pages[i]["guard_words"]} - taught
        dropped |= gone
        fold_rules, fold_words = without_guards(rules, words, gone)
        for i in test:
            page = _page(folder, pages[i]["gold"], fold_rules, fold_words) if gone else pages[i]
            ok = page_right(page, model, threshold)
            right += ok
            if not ok:
                wrong.append(page["file"])
    return right, sorted(wrong), sorted(dropped)


def predict(page: dict, model: LogisticRegression, threshold: float) -> str:
    if page["credited"] or not len(page["X"]):
        return page["credited"]
    proba = model.predict_proba(page["X"])[:, 1]
    k = int(np.argmax(proba))
    return page["texts"][k] if proba[k] > threshold else ""


def decided_by(page: dict, model: LogisticRegression, threshold: float) -> str:
    """What decided the page's outlet: where the candidate the score took was found (a credit rule's
    kind or a position), or ``none``."""
    if page["credited"]:
        return page["credited_kind"]
    if not len(page["X"]):
        return "none"
    proba = model.predict_proba(page["X"])[:, 1]
    k = int(np.argmax(proba))
    return page["sources"][k] if proba[k] > threshold else "none"


def rules_right(page: dict) -> bool:
    """Right by the credit rules alone (:func:`~coopetition.reading.metadata.outlet_model.rules_pick`, no score)."""
    return _BENCH.is_right("outlet", {"outlet": page["rules_pick"], "site": ""}, page["gold"])


def page_right(page: dict, model: LogisticRegression, threshold: float) -> bool:
    return _BENCH.is_right("outlet", {"outlet": predict(page, model, threshold), "site": ""}, page["gold"])


def fit(pages: list[dict], c: float = C, class_weight: str | None = None) -> tuple[LogisticRegression, float]:
    """The regression on the pages' candidates, and the threshold right on most training pages (ties:
    the highest, fewest guesses). A cut at the midpoint of the widest gap was tried: CV 0.85 against
    0.86, and it took ``(财报)`` opening a lede for an outlet; left."""
    X = np.vstack([p["X"][p["keep"]] for p in pages])
    y = np.concatenate([p["y"][p["keep"]] for p in pages])
    model = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight).fit(X, y)
    best = [float(model.predict_proba(p["X"])[:, 1].max()) for p in pages if len(p["X"]) and not p["credited"]]
    grid = sorted({*best, 1.0})
    scores = [sum(page_right(p, model, t - 1e-9) for p in pages) for t in grid]
    top = max(scores)
    threshold = max(t for t, s in zip(grid, scores) if s == top)
    return model, threshold - 1e-9


def cross_validate(
    pages: list[dict], c: float, by_kind: dict[str, dict[str, int]] | None = None
) -> tuple[int, list[str]]:
    """Pages right under site-grouped CV (weights and threshold refitted in each fold), and the files
    missed; with ``by_kind``, the held-out pages right and wrong by what decided their outlet."""

    def right(page: dict, model: LogisticRegression | None, threshold: float) -> bool:
        ok = page_right(page, model, threshold)
        if by_kind is not None:
            tally = by_kind.setdefault(decided_by(page, model, threshold), {"right": 0, "wrong": 0})
            tally["right" if ok else "wrong"] += 1
        return ok

    return _TITLE.cross_validate(pages, c, fit_fn=fit, right_fn=right)


# --- the abstention (round 5): tried by site-grouped CV, not shipped (see docs/metadata.md) ---

#: the proposal's kind, grouped: a credit rule's kinds, a dateline, a logo line, a place a site names itself
_KIND_GROUPS = {
    "head_credit": "kind_head_credit",
    "after_dateline": "kind_after_dateline",
    "tail_credit": "kind_tail_credit",
    "guarded_credit": "kind_guarded_credit",
    "dateline_word": "kind_dateline",
    "dateline_known": "kind_dateline",
    "logo_line": "kind_logo",
    "logo_known": "kind_logo",
    "title_suffix": "kind_site_place",
    "copyright": "kind_site_place",
    "app_account": "kind_site_place",
}
#: the places where a page names its own site (a title's suffix, a copyright line, a logo line)
_SITE_PLACES = ("title_suffix", "copyright", "logo_line", "app_account")
#: features of the outlet score's candidate row carried over to the proposal
_CARRIED = (
    "position",
    "in_tail",
    "trimmed",
    "strong_suffix",
    "outlet_suffix",
    "latin",
    "short",
    "prose_line",
    "credit_label",
    "credit_word",
    "after_byline_label",
    "person_like",
)
ABSTAIN_FEATURES = (
    "score",
    "margin",
    *sorted(set(_KIND_GROUPS.values())),
    *_CARRIED,
    "site_place",
    "names",
)
_CARRIED_AT = tuple(OUTLET_FEATURES.index(name) for name in _CARRIED)


def abstain_features(
    at: int, candidates: Sequence[OutletCandidate], probabilities: Sequence[float]
) -> tuple[float, ...]:
    """The features of :data:`ABSTAIN_FEATURES` for the proposal, the candidate at index ``at``, given the
    page's outlet candidates and their scores."""
    name, kind = candidates[at].text, candidates[at].source
    score = probabilities[at]
    others = [p for c, p in zip(candidates, probabilities) if c.text != name]
    carried = [candidates[at].features[i] for i in _CARRIED_AT]
    group = _KIND_GROUPS.get(kind, "")
    kinds = [float(group == g) for g in sorted(set(_KIND_GROUPS.values()))]
    return (
        score,
        score - max(others, default=0.0),
        *kinds,
        *carried,
        float(any(c.text == name and c.source in _SITE_PLACES for c in candidates)),
        min(len({c.text for c in candidates}), 5) / 5,
    )


def scores(page: dict, model: LogisticRegression) -> np.ndarray:
    """The outlet score's probability of each of the page's candidates."""
    return model.predict_proba(page["X"])[:, 1] if len(page["X"]) else np.zeros(0)


def proposal(
    page: dict, model: LogisticRegression, veto_of: float | None = None
) -> tuple[str, str, tuple[float, ...]] | None:
    """The page's proposed outlet under the score ``model``, as the runtime reads it
    (:func:`~coopetition.reading.metadata.credits.outlet_and_kind`): the name the gazetteer knows, else the
    best-scoring candidate; ``(name, kind, abstention features)``, or None when the page offers no name.
    With ``veto_of`` (the score's threshold), only a name the shipped decision gives is proposed: the
    abstention can then only turn an outlet into none (a veto), never give a name under the threshold."""
    proba = scores(page, model)
    if veto_of is not None and not predict(page, model, veto_of):
        return None
    if page["credited"]:  # a name the gazetteer knows decides; the abstention never sees it (empty features)
        return page["credited"], page["credited_kind"], ()
    if not len(proba):
        return None
    k = int(np.argmax(proba))
    cands = [OutletCandidate(t, tuple(row), s) for t, row, s in zip(page["texts"], page["X"], page["sources"])]
    return page["texts"][k], page["sources"][k], abstain_features(k, cands, [float(p) for p in proba])


def _proposals(pages: list[dict], veto: bool = False) -> list[tuple[str, str, tuple[float, ...]] | None]:
    """Each page's proposal under a score fitted on the other pages' sites (site-grouped, out of fold):
    the abstention learns from proposals scored as a held-out page's would be."""
    out: list[tuple[str, str, tuple[float, ...]] | None] = [None] * len(pages)
    for train, test in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=[p["host"] for p in pages]):
        model, threshold = fit([pages[i] for i in train])
        for i in test:
            out[i] = proposal(pages[i], model, threshold if veto else None)
    return out


def _outcome(page: dict, name: str) -> bool:
    return _BENCH.is_right("outlet", {"outlet": name, "site": ""}, page["gold"])


def fit_abstain(pages: list[dict], props: list, c: float = C_ABSTAIN) -> tuple[LogisticRegression | None, float]:
    """The abstention on ``pages`` whose proposals are ``props``: a regression of "giving the proposal is
    right" on the pages where giving it and giving nothing differ (one right, one wrong), and the threshold
    right on most of the pages (ties: the lowest, fewest abstentions)."""
    rows, ys = [], []
    for page, prop in zip(pages, props):
        if prop is None or not prop[2]:
            continue
        give, abstain = _outcome(page, prop[0]), _outcome(page, "")
        if give != abstain:
            rows.append(prop[2])
            ys.append(int(give))
    if len(set(ys)) < 2:
        return None, 0.0
    model = LogisticRegression(C=c, max_iter=2000).fit(np.array(rows), np.array(ys))
    p = [(float(model.predict_proba([prop[2]])[0, 1]) if prop[2] else 1.0) if prop else 0.0 for prop in props]
    grid = sorted({0.0, *p})
    right = [sum(_given(page, prop, q, t - 1e-9) for page, prop, q in zip(pages, props, p)) for t in grid]
    threshold = grid[int(np.argmax(right))]
    return model, max(threshold - 1e-9, 0.0)


def _given(page: dict, prop: tuple | None, probability: float, threshold: float) -> bool:
    """Right when the proposal is given if its probability passes ``threshold``, else nothing."""
    return _outcome(page, prop[0] if prop and probability > threshold else "")


def abstain_decision(prop: tuple | None, model: LogisticRegression | None, threshold: float) -> str:
    """The proposal's name when the abstention gives it, else ``""``."""
    if prop is None:
        return ""
    if model is None or not prop[2]:
        return prop[0]
    return prop[0] if float(model.predict_proba([prop[2]])[0, 1]) > threshold else ""


def error_kind(page: dict, predicted: str) -> str:
    """``right``, or how the outlet is wrong: a name on a page with gold none (``false_outlet``), nothing on
    a page with one (``miss``), or another name (``wrong_name``)."""
    if _outcome(page, predicted):
        return "right"
    if not page["gold"]["outlet"]:
        return "false_outlet"
    return "miss" if not predicted else "wrong_name"


def abstain_cv(
    pages: list[dict], c: float = C_ABSTAIN, veto: bool = False
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Site-grouped CV of the whole outlet decision with the abstention: in each fold the score is fitted on
    the training sites, the training pages' proposals come from an inner site-grouped CV on them, the
    abstention is fitted on those, and each held-out page's proposal (from the fold's score) is given or
    not. Returns each page's prediction and what proposed it, and the same for the shipped decision (the
    outlet score's threshold, no abstention) in the same folds."""
    predicted, kinds = [""] * len(pages), [""] * len(pages)
    baseline, baseline_kinds = [""] * len(pages), [""] * len(pages)
    for train, test in GroupKFold(n_splits=FOLDS).split(np.zeros(len(pages)), groups=[p["host"] for p in pages]):
        train_pages = [pages[i] for i in train]
        model, threshold = fit(train_pages)
        abstainer, cut = fit_abstain(train_pages, _proposals(train_pages, veto), c)
        for i in test:
            prop = proposal(pages[i], model, threshold if veto else None)
            predicted[i] = abstain_decision(prop, abstainer, cut)
            kinds[i] = prop[1] if prop and predicted[i] else "none"
            baseline[i] = predict(pages[i], model, threshold)
            baseline_kinds[i] = decided_by(pages[i], model, threshold)
    return predicted, kinds, baseline, baseline_kinds


def error_table(pages: list[dict], predicted: list[str], kinds: list[str]) -> dict[str, dict[str, int]]:
    """Held-out pages by what decided the outlet (a credit rule's kind, a position, ``none``) and outcome."""
    table: dict[str, dict[str, int]] = {}
    for page, name, kind in zip(pages, predicted, kinds):
        row = table.setdefault(kind, {})
        outcome = error_kind(page, name)
        row[outcome] = row.get(outcome, 0) + 1
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the weights fitted on the whole development half")
    args = parser.parse_args(argv)
    folder = _BENCH.devpages_dir()
    if not (folder / "structure.jsonl").is_file():
        print(f"{folder}: no devpages folder; nothing to fit", file=sys.stderr)
        return 1
    pages = page_candidates(folder)
    n = len(pages)
    rules_only = sum(rules_right(p) for p in pages)
    by_kind: dict[str, dict[str, int]] = {}
    right, wrong = cross_validate(pages, C, by_kind)
    guards_right, guards_wrong, guards_dropped = guards_out_cv(folder, pages)
    credited = [p for p in pages if p["gold"]["outlet"]]
    uncredited = [p for p in pages if not p["gold"]["outlet"]]
    alternatives = {f"C={c}": round(cross_validate(pages, c)[0] / n, 3) for c in C_TRIED}
    # round 5: the held-out pages' errors by kind, and the abstention tried over the shipped decision
    abstention: dict[str, object] = {}
    for veto in (False, True):
        for c in C_ABSTAIN_TRIED:
            got, got_kinds, shipped, shipped_kinds = abstain_cv(pages, c, veto)
            key = f"{'veto' if veto else 'full'}, C={c}"
            abstention[key] = round(sum(_outcome(p, x) for p, x in zip(pages, got)) / n, 3)
            if c == C_ABSTAIN:
                abstention[f"{'veto' if veto else 'full'}_errors"] = error_table(pages, got, got_kinds)
    shipped_outcomes = [error_kind(p, x) for p, x in zip(pages, shipped)]
    model, threshold = fit(pages)
    near = []  # the pages the score decides, fitted on all, whose best candidate is within 0.05 of the threshold
    for p in pages:
        if p["credited"] or not len(p["X"]):
            continue
        best = float(model.predict_proba(p["X"])[:, 1].max())
        if abs(best - threshold) <= 0.05:
            near.append([p["file"], round(best, 3), best > threshold, page_right(p, model, threshold)])
    cv = {
        "measured_on": (
            "devpages development half (100 pages, 100 sites), each page read with its own outlet and site "
            "out of the gazetteer; site-grouped 5-fold CV"
        ),
        "pages": n,
        "candidates": sum(len(p["X"]) for p in pages),
        "reachable": round(sum(bool(p["y"].any()) or not p["gold"]["outlet"] for p in pages) / n, 3),
        "rules_only_outlet_right": round(rules_only / n, 3),
        "cv_outlet_right": round(right / n, 3),
        # the same CV with each fold's guard lists (not_outlets, section words, post labels) built from its
        # training sites only: a guard word held by held-out pages alone is out when they are read
        "cv_outlet_right_guards_out": round(guards_right / n, 3),
        "guards_out_words": guards_dropped,
        "guards_out_wrong": guards_wrong,
        # the held-out pages by what decided their outlet: a credit rule, the score's candidate by source, none
        "cv_by_kind": dict(sorted(by_kind.items())),
        # the pages that credit an outlet and those that credit none (gold ""): the score mixes the two
        "pages_crediting_an_outlet": len(credited),
        "cv_right_crediting_an_outlet": round(sum(p["file"] not in wrong for p in credited) / len(credited), 3),
        "cv_right_crediting_none": round(sum(p["file"] not in wrong for p in uncredited) / len(uncredited), 3),
        "rules_only_right_crediting_an_outlet": round(sum(rules_right(p) for p in credited) / len(credited), 3),
        "train_outlet_right": round(sum(page_right(p, model, threshold) for p in pages) / n, 3),
        "threshold": round(threshold, 4),
        # [file, best candidate's probability, taken, page right]: how many decisions sit on the threshold
        "near_threshold": near,
        "C": C,
        "cv_alternatives": alternatives,
        "weights_by_size": _TITLE.weights_by_size(model, OUTLET_FEATURES),
        "cv_wrong": wrong,
        # round 5: every held-out page's outlet by outcome (right, false_outlet: a name on a page with gold
        # none, miss: none where the gold has one, wrong_name) and by what decided it; the shipped decision
        "cv_outcomes": dict(sorted(Counter(shipped_outcomes).items())),
        "cv_errors_by_kind": error_table(pages, shipped, shipped_kinds),
        "cv_wrong_by_outcome": {
            o: sorted(p["file"] for p, k in zip(pages, shipped_outcomes) if k == o)
            for o in ("false_outlet", "miss", "wrong_name")
        },
        # the abstention (a regression over the proposal's features deciding whether to give it): "full"
        # proposes the best candidate whatever its score, "veto" only what the shipped decision gives
        "abstain_features": list(ABSTAIN_FEATURES),
        "abstain_pages_decided_by_known_name": sum(bool(p["credited"]) for p in pages),
        "abstain_cv": abstention,
        "abstain_C": C_ABSTAIN,
    }
    header = [
        "# Weights of the outlet score read by coopetition.reading.metadata (find_outlet, when no credit rule",
        "# finds an outlet): a logistic regression over the features of outlet_model.outlet_candidates.",
        "#",
        "# Source: fitted by benchmarks/fit_outlet_model.py on the development half of ../shared/devpages/",
        "# (100 real pages from 100 sites; gold outlets of its structure.jsonl), each page read with its own",
        f"# outlet out of the gazetteer; scikit-learn LogisticRegression (C={C}). Threshold: the best candidate's",
        "# probability must pass it, else no outlet. Site-grouped 5-fold CV outlet right, own outlet unknown:",
        f"# {cv['cv_outlet_right']} against {cv['rules_only_outlet_right']} for the rules alone (benchmarks/outlet_model_cv.json).",
    ]
    summary = (
        f"outlet right with the page's own outlet unknown, {n} development pages: rules only "
        f"{cv['rules_only_outlet_right']:.2f}; rules then the model, site-grouped {FOLDS}-fold CV "
        f"{cv['cv_outlet_right']:.2f}, guard lists from training sites only {cv['cv_outlet_right_guards_out']:.2f} (fitted on all: {cv['train_outlet_right']:.2f}); alternatives {alternatives}"
    )
    _TITLE.write_fit(
        cv,
        model,
        threshold,
        OUTLET_FEATURES,
        header,
        summary=summary,
        cv_path=CV_PATH,
        model_path=MODEL_PATH if args.write else None,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

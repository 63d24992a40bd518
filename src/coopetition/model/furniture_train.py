"""Train the furniture line classifier on the development half of ``../shared/devpages``.

``python -m coopetition.model.furniture_train`` reads the development pages (the
``development`` rows of ``devpages/split.tsv``; the test half is never read),
brings every line to the form the cleaning chain gives it before the furniture
step (the chain's earlier steps run on each line), labels it from
``devpages/structure.jsonl`` (furniture 1; content and mixed lines 0: a mixed
line holds article text, and its furniture part is cut by a prefix rule),
cross-validates by site (``GroupKFold``: each page is one site) a logistic
regression over a grid of ``C``, of the prior weight and of the lexical
vocabulary's site count (each fold builds its vocabulary from its own training
sites), against gradient-boosted trees, picks the
threshold on the pooled out-of-fold scores, fits on every development line and
writes:

- ``data/furniture_model.npz``: the model as plain arrays, its vocabulary of
  characters and bigrams with one weight each included (byte-for-byte the
  same on every run: fixed zip dates, a deterministic solver);
- ``data/furniture_cv.json``: the cross-validated numbers and the standardised
  coefficients, the source of every figure ``docs/cleaning.md`` quotes.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from coopetition import paths
from coopetition.model.furniture_chain import (  # noqa: F401 - pooled: importable from here, as before
    MIN_CHAIN_CONTENT_KEPT,
    clean_with_model,
    end_to_end_cv,
    operating_point,
    pooled,
)
from coopetition.text.furniture import MODEL_FEATURES, MODEL_FILE, cut_glued, decide, model_matrix
from coopetition.text.furniture_lexicon import CONTEXT_FEATURES, bag_matrix, key_items, page_keys

CV_FILE = "furniture_cv.json"
#: the content kept (benchmark-style, pooled over pages) the threshold must keep in cross-validation
MIN_CONTENT_KEPT = 0.988
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
#: the lexical vocabulary keeps characters and bigrams found on at least this many
#: development sites (0: no vocabulary); grid chosen by CV
SITES_GRID = (0, 5, 8)
#: C of the models with a vocabulary (the grid is smaller: each fold builds its own vocabulary)
C_GRID_LEXICAL = (0.01, 0.03)
#: features that name furniture outright (a TOML rule matches, a credit label opens
#: the line, a repeat, a trailing article id): their standardised column is
#: multiplied by a prior weight, which divides their L2 penalty by its square, so
#: the few lines they fire on in the data are not shrunk away (grid chosen by CV)
PRIOR_FEATURES = ("rule_line", "rule_footer", "credit_label", "repeated", "trailing_id")
PRIOR_GRID = (1.0, 10.0)
N_FOLDS = 5
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def devpages_dir(shared: Path | None = None) -> Path:
    """``../shared/devpages`` beside the project (or under ``shared``)."""
    from coopetition.model.train import shared_dir

    return (shared or shared_dir()) / "devpages"


def half_files(devpages: Path, half: str) -> list[str]:
    """The page files of one half of ``split.tsv``, sorted.

    Raises:
        ValueError: ``half`` is neither ``development`` nor ``test``.
    """
    if half not in ("development", "test"):
        raise ValueError(f"half must be 'development' or 'test', not {half!r}")
    from coopetition.model.train import devpage_split  # the one reader of split.tsv

    return sorted(file for file, split in devpage_split(devpages.parent).items() if split == half)


def gold(devpages: Path) -> dict[str, dict]:
    """The line annotation of every page, by file."""
    rows = (
        json.loads(line)
        for line in (devpages / "structure.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    return {row["file"]: row for row in rows}


def chain_lines(raw_lines: list[str]) -> list[str]:
    """Each raw line as the cleaning chain sees it at the furniture step (``""`` if nothing is left)."""
    from coopetition.text.clean import FURNITURE_INPUT_STEPS

    out = []
    for line in raw_lines:
        for step in FURNITURE_INPUT_STEPS:
            line = step.apply(line)[0]
        out.append(line.strip())
    return out


def page_table(
    devpages: Path, files: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, str, str]]]:
    """Features, labels (1 furniture), groups (page index) and (file, line text, gold kind) of every line."""
    from coopetition.reading.readers import read_article

    annotation = gold(devpages)
    blocks, labels, groups, rows = [], [], [], []
    for g, file in enumerate(files):
        raw = read_article(devpages / "pages" / file)[0].split("\n")
        row = annotation[file]
        kind = {i: "furniture" for i in row["furniture_lines"]}
        kind.update({i: "content" for i in row["content_lines"]})
        kind.update({m["line"] if isinstance(m, dict) else m: "mixed" for m in row["mixed_lines"]})
        processed = chain_lines(raw)
        kept = [(i + 1, line) for i, line in enumerate(processed) if line and (i + 1) in kind]
        if not kept:
            continue
        lines = cut_glued([line for _, line in kept])[0]  # as the furniture step cuts them before it scores
        blocks.append(model_matrix(lines))
        labels += [kind[i] == "furniture" for i, _ in kept]
        groups += [g] * len(kept)
        rows += [(file, line, kind[i]) for (i, _), line in zip(kept, lines)]
    return np.vstack(blocks), np.array(labels, dtype=int), np.array(groups), rows


#: what matching against clean text leaves out: everything but letters, digits and Han characters
_DROP_RE = re.compile(r"[\W_]+")


def normalise(line: str) -> str:
    """A line reduced for matching against clean text: the chain's script, width and
    gloss steps, then only letters, digits and Han characters, lower case."""
    return _DROP_RE.sub("", chain_lines([line])[0]).lower()


def scorable(normalised: str) -> bool:
    """Whether a normalised line has at least 2 Han characters or letters (shorter lines are skipped)."""
    return sum(ch.isalpha() for ch in normalised) >= 2


def page_rates(scores: np.ndarray, rows: list[tuple[str, str, str]], threshold: float) -> dict[str, float]:
    """Furniture removed and content kept as the benchmark scores them, with the
    lines over ``threshold`` dropped: a gold line's normalised text is looked
    for in the page's kept lines, joined (lines under 2 Han/letters skipped)."""
    pages: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        pages.setdefault(row[0], []).append(i)
    removed = furniture = kept = content = 0
    for members in pages.values():
        text = "".join(_normal(rows[i][1]) for i in members if scores[i] <= threshold)
        for i in members:
            norm = _normal(rows[i][1])
            if not scorable(norm):
                continue
            if rows[i][2] == "furniture":
                furniture += 1
                removed += norm not in text
            elif rows[i][2] == "content":
                content += 1
                kept += norm in text
    return {
        "furniture_removed": round(removed / max(furniture, 1), 4),
        "content_kept": round(kept / max(content, 1), 4),
    }


_NORMAL: dict[str, str] = {}


def _normal(line: str) -> str:
    if line not in _NORMAL:  # the line is already chain-processed: only the character filter is left
        _NORMAL[line] = _DROP_RE.sub("", line).lower()
    return _NORMAL[line]


def pick_page_threshold(scores: np.ndarray, rows, *, min_content: float = MIN_CONTENT_KEPT) -> float:
    """The lowest threshold (on a grid) whose benchmark-style content kept is at least ``min_content``."""
    for threshold in np.round(np.arange(0.05, 1.0, 0.01), 2):
        if page_rates(scores, rows, float(threshold))["content_kept"] >= min_content:
            return float(threshold)
    return 0.99


def score_clean(raw: str, clean: str, row: dict) -> dict[str, int]:
    """How a page's clean text meets its line gold (see ``benchmarks/bench_devpages_cleaning.py``):
    counts of furniture, content and mixed lines scored, removed or kept."""
    haystack = _DROP_RE.sub("", clean).lower()
    lines = raw.split("\n")
    out = {"furniture": 0, "furniture_removed": 0, "content": 0, "content_kept": 0, "mixed": 0, "mixed_kept": 0}
    for kind, numbers in (
        ("furniture", row["furniture_lines"]),
        ("content", row["content_lines"]),
        ("mixed", [m["line"] if isinstance(m, dict) else m for m in row["mixed_lines"]]),
    ):
        for number in numbers:
            norm = normalise(lines[number - 1])
            if not scorable(norm):
                continue
            out[kind] += 1
            if kind == "furniture":
                out["furniture_removed"] += norm not in haystack
            elif kind == "content":
                out["content_kept"] += norm in haystack
            else:  # the content part of a mixed line should stay: its middle third
                third = len(norm) // 3
                out["mixed_kept"] += norm[third : len(norm) - third] in haystack
    return out


class Pages:
    """The development lines by page (``groups``), with each page's character and bigram keys,
    for building a vocabulary from some pages and the presence matrix of their lines."""

    def __init__(self, groups: np.ndarray, rows: list[tuple[str, str, str]]):
        self.members = {int(g): np.flatnonzero(groups == g) for g in sorted(set(groups.tolist()))}
        self.lines = {g: [rows[i][1] for i in m] for g, m in self.members.items()}
        self.keys = {g: page_keys(lines) for g, lines in self.lines.items()}

    def vocabulary(self, pages, sites: int) -> np.ndarray:
        """The sorted keys found on at least ``sites`` of ``pages`` (empty for ``sites`` 0)."""
        if not sites:
            return np.zeros(0, dtype=np.uint64)
        keys, counts = np.unique(np.concatenate([self.keys[g] for g in pages]), return_counts=True)
        return keys[counts >= sites]

    def bag(self, rows: np.ndarray, vocabulary: np.ndarray) -> np.ndarray:
        """The presence matrix of ``rows`` (whole pages, in row order) over ``vocabulary``."""
        pages = sorted({int(g) for g, m in self.members.items() if np.isin(m, rows).any()})
        out = np.vstack([bag_matrix(self.lines[g], vocabulary) for g in pages])
        if len(out) != len(rows):
            raise ValueError("Pages.bag: the rows must be whole pages, in order")
        return out


def _chain_cv(devpages: Path, files: list[str], x, y, groups, rows, spec: dict, thresholds: list[float]) -> dict:
    """:func:`~coopetition.model.furniture_chain.end_to_end_cv` of the model ``spec`` names, on the
    development pages, site-grouped (each fold's vocabulary from its own training pages)."""
    from sklearn.model_selection import GroupKFold

    from coopetition.reading.readers import read_article

    annotation, pages = gold(devpages), Pages(groups, rows)
    raws = {g: read_article(devpages / "pages" / files[g])[0] for g in sorted(set(groups.tolist()))}
    folds = [
        (train, sorted(set(groups[test].tolist()))) for train, test in GroupKFold(n_splits=N_FOLDS).split(x, y, groups)
    ]

    def fit(train: np.ndarray) -> dict:
        vocabulary = pages.vocabulary(sorted(set(groups[train].tolist())), spec["sites"])
        bag = pages.bag(train, vocabulary) if len(vocabulary) else None
        return model_arrays(
            x[train], y[train], spec["c"], thresholds[0], spec["prior"], vocabulary, bag, spec.get("bag_prior", 1.0)
        )

    def score_page(g: int, model) -> dict[str, int]:
        return score_clean(raws[g], clean_with_model(raws[g], model), annotation[files[g]])

    return end_to_end_cv(folds, fit, score_page, thresholds)


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


Fitted = tuple[np.ndarray, np.ndarray, np.ndarray, float, np.ndarray]


def _fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    c: float,
    prior: float = 1.0,
    bag: np.ndarray | None = None,
    bag_prior: float = 1.0,
    class_weight: str | None = None,
) -> Fitted:
    """A logistic regression over the standardised dense columns and vocabulary presences:
    ``(mean, scale, coef, intercept, vocabulary weights)``, the presences' standardisation
    folded into one weight per item and the intercept (a line's lexical score is a sum of weights)."""
    from sklearn.linear_model import LogisticRegression

    full = x if bag is None else np.hstack([x, bag])
    mean, scale = _standardise(full)
    scale[[MODEL_FEATURES.index(f) for f in PRIOR_FEATURES]] /= prior
    scale[x.shape[1] :] /= bag_prior  # under 1: the vocabulary's weights shrink more than the dense ones
    clf = LogisticRegression(C=c, max_iter=5000, class_weight=class_weight)
    clf.fit((full - mean) / scale, y)
    coef, d = clf.coef_[0], x.shape[1]
    weights = coef[d:] / scale[d:]
    intercept = float(clf.intercept_[0]) - float(np.sum(weights * mean[d:]))
    return mean[:d], scale[:d], coef[:d], intercept, weights


def _scores(fitted: Fitted, x: np.ndarray, bag: np.ndarray | None = None) -> np.ndarray:
    mean, scale, coef, intercept, weights = fitted
    z = ((x - mean) / scale) @ coef + intercept
    if bag is not None and len(weights):
        z = z + bag @ weights
    return 1.0 / (1.0 + np.exp(-z))


def out_of_fold(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    model: str,
    c: float = 1.0,
    prior: float = 1.0,
    *,
    sites: int = 0,
    pages: Pages | None = None,
    bag_prior: float = 1.0,
    class_weight: str | None = None,
) -> np.ndarray:
    """Site-grouped out-of-fold furniture scores of every development line (with
    ``sites``, each fold's vocabulary is built from its own training pages only)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=N_FOLDS).split(x, y, groups):
        xt, yt = x[train], y[train]
        if model == "logistic":
            bag_train = bag_test = None
            if sites and pages is not None:
                vocabulary = pages.vocabulary(sorted(set(groups[train].tolist())), sites)
                bag_train, bag_test = pages.bag(train, vocabulary), pages.bag(test, vocabulary)
            fitted = _fit_logistic(xt, yt, c, prior, bag_train, bag_prior, class_weight)
            scores[test] = _scores(fitted, x[test], bag_test)
        else:
            clf = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0)
            clf.fit(xt, yt)
            scores[test] = clf.predict_proba(x[test])[:, 1]
    return scores


def rates(scores: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    """Line-level furniture removed and content kept at a threshold."""
    dropped = scores > threshold
    return {
        "furniture_removed": round(float(dropped[y == 1].mean()), 4),
        "content_kept": round(float(1 - dropped[y == 0].mean()), 4),
    }


def model_arrays(
    x: np.ndarray,
    y: np.ndarray,
    c: float,
    threshold: float,
    prior: float = 1.0,
    vocabulary: np.ndarray | None = None,
    bag: np.ndarray | None = None,
    bag_prior: float = 1.0,
) -> dict[str, np.ndarray]:
    """The shipped model's arrays: a logistic regression fitted on every line (and the
    ``vocabulary``, sorted keys, whose presence matrix of the lines is ``bag``)."""
    mean, scale, coef, intercept, weights = _fit_logistic(x, y, c, prior, bag, bag_prior)
    items = key_items(vocabulary) if vocabulary is not None and bag is not None else []
    return {
        "features": np.array(MODEL_FEATURES, dtype=str),
        "mean": mean.astype(np.float64),
        "scale": scale.astype(np.float64),
        "coef": coef.astype(np.float64),
        "intercept": np.array(intercept),
        "threshold": np.array(threshold),
        "vocabulary": np.array(items, dtype="<U2"),
        "vocabulary_weight": np.asarray(weights if items else np.zeros(0), dtype=np.float64),
    }


def save_arrays(arrays: dict[str, np.ndarray], path: Path) -> Path:
    """Write arrays as an ``.npz`` (no pickle) whose bytes depend only on the arrays (fixed zip dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    path.write_bytes(buffer.getvalue())
    return path


def train(shared: Path | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """Cross-validate and fit on the development half: ``(model arrays, CV report)``.

    Raises:
        FileNotFoundError: ``devpages`` is not there.
    """
    devpages = devpages_dir(shared)
    if not (devpages / "split.tsv").is_file():
        raise FileNotFoundError(f"{devpages}: no split.tsv (the shared development pages are needed to train)")
    files = half_files(devpages, "development")
    x, y, groups, rows = page_table(devpages, files)
    pages = Pages(groups, rows)
    report: dict = {
        "data": "devpages development half",
        "pages": len(files),
        "lines": int(len(y)),
        "furniture_lines": int(y.sum()),
        "folds": N_FOLDS,
        "min_content_kept": MIN_CONTENT_KEPT,
        "models": {},
    }
    best: tuple[dict, dict] | None = None

    def evaluate(scores: np.ndarray) -> dict:
        scores = decide(scores, x)
        threshold = pick_page_threshold(scores, rows)
        return {
            "threshold": threshold,
            **page_rates(scores, rows, threshold),
            "lines": rates(scores, y, threshold),
            "at_0.5": page_rates(scores, rows, 0.5),
        }

    # the context columns zeroed: the model of the previous version, for comparison
    no_context = x.copy()
    no_context[:, [MODEL_FEATURES.index(f) for f in CONTEXT_FEATURES]] = 0.0
    report["models"]["logistic C=0.01 prior=10 sites=0 without context"] = evaluate(
        out_of_fold(no_context, y, groups, "logistic", 0.01, 10.0)
    )
    for sites in SITES_GRID:
        for prior in PRIOR_GRID:
            for c in C_GRID_LEXICAL if sites else C_GRID:
                oof = out_of_fold(x, y, groups, "logistic", c, prior, sites=sites, pages=pages)
                result = evaluate(oof)
                report["models"][f"logistic C={c} prior={prior:g} sites={sites}"] = result
                if best is None or result["furniture_removed"] > best[1]["furniture_removed"]:
                    best = ({"c": c, "prior": prior, "sites": sites, "oof": oof}, result)
    report["models"]["hist_gradient_boosting sites=0"] = evaluate(out_of_fold(x, y, groups, "boosting"))
    for c in C_GRID_LEXICAL:  # furniture weighted as much as content in the fit: compared, not chosen from
        balanced = out_of_fold(x, y, groups, "logistic", c, sites=5, pages=pages, class_weight="balanced")
        report["models"][f"logistic C={c} prior=1 sites=5 class_weight=balanced"] = evaluate(balanced)
    assert best is not None  # the grids are not empty
    spec, chosen = best
    _variants(report, x, y, groups, rows, pages, spec)
    report["chosen"] = {
        "model": f"logistic C={spec['c']} prior={spec['prior']:g} sites={spec['sites']}",
        **{key: value for key, value in spec.items() if key != "oof"},
        **chosen,
    }
    # the operating point: raised from the line-level choice until the whole chain, cross-validated by site,
    # keeps MIN_CHAIN_CONTENT_KEPT of the content (furniture_chain)
    threshold, reached, by_threshold = operating_point(
        lambda thresholds: _chain_cv(devpages, files, x, y, groups, rows, spec, thresholds), chosen["threshold"]
    )
    report["chosen"]["line_level_threshold"] = chosen["threshold"]
    report["chosen"]["threshold"] = threshold
    report["chosen"]["at_threshold"] = page_rates(decide(spec["oof"], x), rows, threshold)
    report["chosen"]["end_to_end_cv"] = by_threshold[f"{threshold:.2f}"]
    report["chosen"]["reached"] = reached  # False: no threshold compared kept MIN_CHAIN_CONTENT_KEPT
    report["min_chain_content_kept"] = MIN_CHAIN_CONTENT_KEPT
    report["end_to_end_by_threshold"] = by_threshold
    arrays = _final_arrays(x, y, groups, rows, report["chosen"])
    # the weight of one standard deviation of each feature (the prior folded back in)
    spread = x.std(axis=0)
    weights = sorted(
        zip(MODEL_FEATURES, (arrays["coef"] / arrays["scale"] * spread).tolist()), key=lambda fw: (-abs(fw[1]), fw[0])
    )
    report["top_weights"] = [{"feature": f, "per_sd": round(w, 3)} for f, w in weights[:20]]
    report["vocabulary_items"] = int(len(arrays["vocabulary"]))
    items = sorted(
        zip(arrays["vocabulary"].tolist(), arrays["vocabulary_weight"].tolist()), key=lambda iw: (-iw[1], iw[0])
    )
    report["top_vocabulary"] = {
        "furniture": [{"item": i, "weight": round(w, 3)} for i, w in items[:15]],
        "content": [{"item": i, "weight": round(w, 3)} for i, w in items[::-1][:15]],
    }
    return arrays, report


def _variants(report: dict, x, y, groups, rows, pages: Pages, spec: dict) -> None:
    """The chosen model's out-of-fold scores under the decision rules' variants, with the threshold
    chosen inside the folds, and the stacked (two-pass) model, into ``report["models"]``."""
    from sklearn.model_selection import GroupKFold

    from coopetition.model.furniture_stack import stacked_out_of_fold

    def scored(scores: np.ndarray) -> dict:
        threshold = pick_page_threshold(scores, rows)
        return {"threshold": threshold, **page_rates(scores, rows, threshold), "lines": rates(scores, y, threshold)}

    name = f"logistic C={spec['c']} prior={spec['prior']:g} sites={spec['sites']}"
    before = {"headline_min_han": 0.0, "label_skip": False, "written_guard": False, "both_halves": False}
    for label, rules in (
        ("shipped rules", {}),
        ("headline guard for any Han share", {"headline_min_han": 0.0}),
        ("headline guard for Han share >= 0.5", {"headline_min_han": 0.5}),
        ("headline guard passes a line scored over 0.5", {"headline_skips": 0.5}),
        ("headline guard passes no short label", {"label_skip": False}),
        ("no written-sentence guard", {"written_guard": False}),
        ("only the cut half of a number cut is a piece", {"both_halves": False}),
        ("the decision rules of the round before", before),
    ):
        report["models"][f"{name}, {label}"] = scored(decide(spec["oof"], x, **rules))
    # the threshold chosen inside the folds: each fold's lines cut at the threshold the other folds' scores pick
    decided, shifted = decide(spec["oof"], x), np.zeros(len(y))
    for train, test in GroupKFold(n_splits=N_FOLDS).split(x, y, groups):
        threshold = pick_page_threshold(decided[train], [rows[i] for i in train])
        shifted[test] = decided[test] - threshold + 0.5
    inside = {"threshold": 0.5, **page_rates(shifted, rows, 0.5), "lines": rates(shifted, y, 0.5)}
    report["models"][f"{name}, threshold chosen inside the folds"] = inside

    def first_pass(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        vocabulary = pages.vocabulary(sorted(set(groups[train].tolist())), spec["sites"])
        fitted = _fit_logistic(x[train], y[train], spec["c"], spec["prior"], pages.bag(train, vocabulary))
        return _scores(fitted, x[test], pages.bag(test, vocabulary))

    for c in (0.01, 0.1, 1.0):
        stacked = stacked_out_of_fold(x, y, groups, first_pass, c=c, folds=N_FOLDS)
        report["models"][f"stacked (two passes, nested), second pass C={c}"] = scored(decide(stacked, x))


def _final_arrays(x, y, groups, rows, chosen: dict) -> dict[str, np.ndarray]:
    """The chosen model fitted on every development line (its vocabulary from every development page)."""
    pages = Pages(groups, rows)
    vocabulary = pages.vocabulary(sorted(pages.members), chosen["sites"])
    bag = pages.bag(np.arange(len(y)), vocabulary) if len(vocabulary) else None
    return model_arrays(
        x, y, chosen["c"], chosen["threshold"], chosen["prior"], vocabulary, bag, chosen.get("bag_prior", 1.0)
    )


def refit(shared: Path | None = None, cv_report: Path | None = None) -> dict[str, np.ndarray]:
    """The model arrays refitted with the hyper-parameters and threshold of the
    committed CV report (``data/furniture_cv.json``), without cross-validating again.

    Raises:
        FileNotFoundError: ``devpages`` or the CV report is not there.
    """
    chosen, (x, y, groups, rows) = development_table(shared, cv_report)
    return _final_arrays(x, y, groups, rows, chosen)


def development_table(shared: Path | None = None, cv_report: Path | None = None) -> tuple[dict, tuple]:
    """The ``chosen`` settings of the committed CV report (``data/furniture_cv.json``) and the
    development half's line table (:func:`page_table`): what a refit and the furniture
    benchmarks start from.

    Raises:
        FileNotFoundError: ``devpages`` or the CV report is not there.
    """
    devpages = devpages_dir(shared)
    if not (devpages / "split.tsv").is_file():
        raise FileNotFoundError(f"{devpages}: no split.tsv (the shared development pages are needed to train)")
    path = cv_report or paths.project_root() / "src" / "coopetition" / "data" / CV_FILE
    chosen = json.loads(path.read_text(encoding="utf-8"))["chosen"]
    return chosen, page_table(devpages, half_files(devpages, "development"))


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, fit and write the model and its CV report into ``data/``."""
    parser = argparse.ArgumentParser(
        prog="python -m coopetition.model.furniture_train", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    parser.add_argument("--out", type=Path, default=None, help="folder to write into (default: the package's data/)")
    parser.add_argument(
        "--refit-only", action="store_true", help="refit with the committed CV report's choices; write only the model"
    )
    args = parser.parse_args(argv)
    out = args.out or paths.project_root() / "src" / "coopetition" / "data"
    if args.refit_only:
        save_arrays(refit(args.shared), out / MODEL_FILE)
        print(f"wrote {out / MODEL_FILE}")
        return 0
    arrays, report = train(args.shared)
    save_arrays(arrays, out / MODEL_FILE)
    old = json.loads((out / CV_FILE).read_text(encoding="utf-8")) if (out / CV_FILE).is_file() else {}
    report.update({key: old[key] for key in ("round5",) if key in old})  # furniture_round5's entry, kept
    (out / CV_FILE).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, result in report["models"].items():
        print(
            f"{name:34s} threshold {result['threshold']:.3f}  furniture {result['furniture_removed']:.3f}  content {result['content_kept']:.3f}"
        )
    print(
        f"chosen: {report['chosen']['model']}; cleaning chain, cross-validated by site: {report['chosen']['end_to_end_cv']}"
    )
    print(f"wrote {out / MODEL_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

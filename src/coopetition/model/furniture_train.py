"""Train the furniture line classifier on the development half of ``../shared/devpages``.

``python -m coopetition.model.furniture_train`` reads the development pages (the
``development`` rows of ``devpages/split.tsv``; the test half is never read),
brings every line to the form the cleaning chain gives it before the furniture
step (the chain's earlier steps run on each line), labels it from
``devpages/structure.jsonl`` (furniture 1; content and mixed lines 0: a mixed
line holds article text, and its furniture part is cut by a prefix rule),
cross-validates by site (``GroupKFold``: each page is one site) a logistic
regression over a grid of ``C`` against gradient-boosted trees, picks the
threshold on the pooled out-of-fold scores, fits on every development line and
writes:

- ``data/furniture_model.npz``: the model as plain arrays (byte-for-byte the
  same on every run: fixed zip dates, a deterministic solver);
- ``data/furniture_cv.json``: the cross-validated numbers and the standardised
  coefficients, the source of every figure ``docs/cleaning.md`` quotes.
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from coopetition import paths
from coopetition.text.furniture import FEATURES, MODEL_FILE, decide, line_features

CV_FILE = "furniture_cv.json"
#: the largest share of content lines cross-validation may let the threshold drop (line level)
MAX_CONTENT_LOSS = 0.01
#: the content kept (benchmark-style, pooled over pages) the threshold must keep in cross-validation
MIN_CONTENT_KEPT = 0.985
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
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
        lines = [line for _, line in kept]
        blocks.append(line_features(lines))
        labels += [kind[i] == "furniture" for i, _ in kept]
        groups += [g] * len(kept)
        rows += [(file, line, kind[i]) for i, line in kept]
    return np.vstack(blocks), np.array(labels, dtype=int), np.array(groups), rows


_MATCH_DROP_RE = None


def normalise(line: str) -> str:
    """A line reduced for matching against clean text: the chain's script, width and
    gloss steps, then only letters, digits and Han characters, lower case."""
    import re

    global _MATCH_DROP_RE
    if _MATCH_DROP_RE is None:
        _MATCH_DROP_RE = re.compile(r"[\W_]+")
    return _MATCH_DROP_RE.sub("", chain_lines([line])[0]).lower()


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
    import re

    if line not in _NORMAL:  # the line is already chain-processed: only the character filter is left
        _NORMAL[line] = re.sub(r"[\W_]+", "", line).lower()
    return _NORMAL[line]


def pick_page_threshold(scores: np.ndarray, rows, *, min_content: float = MIN_CONTENT_KEPT) -> float:
    """The lowest threshold (on a grid) whose benchmark-style content kept is at least ``min_content``."""
    for threshold in np.round(np.arange(0.05, 1.0, 0.01), 2):
        if page_rates(scores, rows, float(threshold))["content_kept"] >= min_content:
            return float(threshold)
    return 0.99


_STRIP_RE = None


def score_clean(raw: str, clean: str, row: dict) -> dict[str, int]:
    """How a page's clean text meets its line gold (see ``benchmarks/bench_devpages_cleaning.py``):
    counts of furniture, content and mixed lines scored, removed or kept."""
    import re

    global _STRIP_RE
    if _STRIP_RE is None:
        _STRIP_RE = re.compile(r"[\W_]+")
    haystack = _STRIP_RE.sub("", clean).lower()
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


def pooled(counts: list[dict[str, int]]) -> dict[str, float]:
    """Furniture removed, content kept and mixed kept, pooled over pages."""
    total = {key: sum(c[key] for c in counts) for key in counts[0]} if counts else {}
    share = lambda part, whole: round(total.get(part, 0) / max(total.get(whole, 0), 1), 4)  # noqa: E731
    return {
        "furniture_removed": share("furniture_removed", "furniture"),
        "content_kept": share("content_kept", "content"),
        "mixed_kept": share("mixed_kept", "mixed"),
    }


def clean_with_model(raw: str, model) -> str:
    """The cleaning chain with ``model`` as the furniture classifier."""
    from coopetition.text.clean import CLEANING_CHAIN, drop_furniture_lines

    text = raw
    for step in CLEANING_CHAIN:
        text = step.apply(text, model=model)[0] if step is drop_furniture_lines else step.apply(text)[0]
    return text


def end_to_end_cv(
    devpages: Path, files: list[str], x, y, groups, c: float, threshold: float, prior: float, silver=None
) -> dict[str, float]:
    """The benchmark's numbers on the development half, each page cleaned by a
    model fitted without its fold (site-grouped): the honest estimate for unseen sites."""
    from sklearn.model_selection import GroupKFold

    from coopetition.reading.readers import read_article
    from coopetition.text.furniture import model_from_arrays

    annotation = gold(devpages)
    counts = []
    for train_rows, test_rows in GroupKFold(n_splits=N_FOLDS).split(x, y, groups):
        xt, yt = x[train_rows], y[train_rows]
        if silver is not None:
            xt, yt = np.vstack([xt, silver[0]]), np.concatenate([yt, silver[1]])
        model = model_from_arrays(model_arrays(xt, yt, c, threshold, prior))
        for g in sorted(set(groups[test_rows].tolist())):
            raw = read_article(devpages / "pages" / files[g])[0]
            counts.append(score_clean(raw, clean_with_model(raw, model), annotation[files[g]]))
    return pooled(counts)


def silver_files(shared: Path | None = None) -> list[Path]:
    """The seeds and the 24 articles of ``../shared/external/articles`` (when present), sorted."""
    files = sorted(paths.seeds_dir().glob("*.txt"))
    external = (shared or paths.project_root() / ".." / "shared") / "external" / "articles"
    if external.is_dir():
        files += sorted(external.glob("*.txt"))
    return files


def silver_table(files: Sequence[Path], first_group: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and groups of article lines labelled by what the hand rules
    remove: a line a generic or per-outlet ``lines`` rule of ``data/boilerplate.toml``
    matches is furniture, every other line content (each article its own group)."""
    from coopetition.reading.readers import read_article
    from coopetition.text.clean import BOILERPLATE
    from coopetition.text.furniture import _rule_hits

    blocks, labels, groups = [], [], []
    for g, path in enumerate(files, start=first_group):
        lines = [line for line in chain_lines(read_article(path)[0].split("\n")) if line]
        if len(lines) < 2:
            continue
        blocks.append(line_features(lines))
        labels += (_rule_hits(lines, BOILERPLATE.line_re) > 0).astype(int).tolist()
        groups += [g] * len(lines)
    return np.vstack(blocks), np.array(labels, dtype=int), np.array(groups)


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def _fit_logistic(x: np.ndarray, y: np.ndarray, c: float, prior: float = 1.0):
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardise(x)
    scale[[FEATURES.index(f) for f in PRIOR_FEATURES]] /= prior
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit((x - mean) / scale, y)
    return mean, scale, clf.coef_[0], float(clf.intercept_[0])


def _scores(fitted, x: np.ndarray) -> np.ndarray:
    mean, scale, coef, intercept = fitted
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ coef + intercept)))


def out_of_fold(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    model: str,
    c: float = 1.0,
    prior: float = 1.0,
    silver: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Site-grouped out-of-fold furniture scores of every development line (each
    fold's model also fitted on the ``silver`` lines, when given)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=N_FOLDS).split(x, y, groups):
        xt, yt = x[train], y[train]
        if silver is not None:
            xt, yt = np.vstack([xt, silver[0]]), np.concatenate([yt, silver[1]])
        if model == "logistic":
            scores[test] = _scores(_fit_logistic(xt, yt, c, prior), x[test])
        else:
            clf = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0)
            clf.fit(xt, yt)
            scores[test] = clf.predict_proba(x[test])[:, 1]
    return scores


def pick_threshold(scores: np.ndarray, y: np.ndarray, *, max_content_loss: float = MAX_CONTENT_LOSS) -> float:
    """The lowest threshold (most furniture dropped) that drops at most ``max_content_loss`` of content lines."""
    content = np.sort(scores[y == 0])[::-1]
    allowed = int(np.floor(max_content_loss * len(content)))
    # drop only lines scoring above the (allowed+1)-th highest content score
    return float(np.round(content[allowed], 6)) if len(content) > allowed else 0.5


def rates(scores: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    """Line-level furniture removed and content kept at a threshold."""
    dropped = scores > threshold
    return {
        "furniture_removed": round(float(dropped[y == 1].mean()), 4),
        "content_kept": round(float(1 - dropped[y == 0].mean()), 4),
    }


def model_arrays(x: np.ndarray, y: np.ndarray, c: float, threshold: float, prior: float = 1.0) -> dict[str, np.ndarray]:
    """The shipped model's arrays: a logistic regression fitted on every line."""
    mean, scale, coef, intercept = _fit_logistic(x, y, c, prior)
    return {
        "features": np.array(FEATURES, dtype=str),
        "mean": mean.astype(np.float64),
        "scale": scale.astype(np.float64),
        "coef": coef.astype(np.float64),
        "intercept": np.array(intercept),
        "threshold": np.array(threshold),
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
    report: dict = {
        "data": "devpages development half",
        "pages": len(files),
        "lines": int(len(y)),
        "furniture_lines": int(y.sum()),
        "folds": N_FOLDS,
        "max_content_loss": MAX_CONTENT_LOSS,
        "models": {},
    }
    best: tuple[float, float, bool, dict] | None = None

    def evaluate(scores: np.ndarray) -> dict:
        scores = decide(scores, x)
        threshold = pick_page_threshold(scores, rows)
        return {
            "threshold": threshold,
            **page_rates(scores, rows, threshold),
            "lines": rates(scores, y, threshold),
            "at_0.5": page_rates(scores, rows, 0.5),
        }

    sx, sy, _ = silver_table(silver_files(shared), len(files))
    report["silver_lines"], report["silver_furniture_lines"] = int(len(sy)), int(sy.sum())
    for use_silver in (False, True):
        silver = (sx, sy) if use_silver else None
        for prior in PRIOR_GRID:
            for c in C_GRID:
                result = evaluate(out_of_fold(x, y, groups, "logistic", c, prior, silver))
                report["models"][f"logistic C={c} prior={prior:g}{' +silver' if use_silver else ''}"] = result
                if best is None or result["furniture_removed"] > best[3]["furniture_removed"]:
                    best = (c, prior, use_silver, result)
        report["models"][f"hist_gradient_boosting{' +silver' if use_silver else ''}"] = evaluate(
            out_of_fold(x, y, groups, "boosting", silver=silver)
        )
    assert best is not None  # the grids are not empty
    c, prior, use_silver, chosen = best
    silver = (sx, sy) if use_silver else None
    report["chosen"] = {
        "model": f"logistic C={c} prior={prior:g}{' +silver' if use_silver else ''}",
        "c": c,
        "prior": prior,
        "silver": use_silver,
        **chosen,
    }
    report["chosen"]["end_to_end_cv"] = end_to_end_cv(
        devpages, files, x, y, groups, c, chosen["threshold"], prior, silver
    )
    if silver is not None:
        x, y = np.vstack([x, sx]), np.concatenate([y, sy])
    arrays = model_arrays(x, y, c, chosen["threshold"], prior)
    # the weight of one standard deviation of each feature (the prior folded back in)
    spread = x.std(axis=0)
    weights = sorted(
        zip(FEATURES, (arrays["coef"] / arrays["scale"] * spread).tolist()), key=lambda fw: (-abs(fw[1]), fw[0])
    )
    report["top_weights"] = [{"feature": f, "per_sd": round(w, 3)} for f, w in weights[:20]]
    return arrays, report


def refit(shared: Path | None = None, cv_report: Path | None = None) -> dict[str, np.ndarray]:
    """The model arrays refitted with the hyper-parameters and threshold of the
    committed CV report (``data/furniture_cv.json``), without cross-validating again.

    Raises:
        FileNotFoundError: ``devpages`` or the CV report is not there.
    """
    devpages = devpages_dir(shared)
    if not (devpages / "split.tsv").is_file():
        raise FileNotFoundError(f"{devpages}: no split.tsv (the shared development pages are needed to train)")
    path = cv_report or paths.project_root() / "src" / "coopetition" / "data" / CV_FILE
    chosen = json.loads(path.read_text(encoding="utf-8"))["chosen"]
    x, y, _, _ = page_table(devpages, half_files(devpages, "development"))
    if chosen["silver"]:
        sx, sy, _ = silver_table(silver_files(shared), 0)
        x, y = np.vstack([x, sx]), np.concatenate([y, sy])
    return model_arrays(x, y, chosen["c"], chosen["threshold"], chosen["prior"])


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

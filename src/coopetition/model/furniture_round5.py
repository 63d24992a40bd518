"""Round 5 of the furniture classifier (issue 22): rule leakage and constructed training rows, by whole-chain site CV.

``python -m coopetition.model.furniture_round5`` cross-validates the whole cleaning chain by site on
the development half (:func:`~coopetition.model.furniture_chain.end_to_end_cv`, the folds and
scoring of ``furniture_train``) for each variant of :data:`VARIANTS` and writes the numbers to the
``round5`` entry of ``data/furniture_cv.json`` (the rest of that file is left as it is, and
``furniture_train`` keeps this entry when it rewrites the file):

- **rule leakage**: the rule and word-list columns switched off in the fit (``zero``), and the
  chain run with the rule entries written after the development pages arrived taken out of the
  data files as well (``pre_devpages``: all of ``furniture_words.toml``, the word lists, the glue
  cuts and the one-line credit, first committed with the classifier in f6ee76f, and the two
  ``prefixes`` rules of ``boilerplate.toml`` added since; run in a child process whose
  ``COOPETITION_DATA_DIR`` holds the reduced files, since the rules compile on import);
- **constructed rows** (:mod:`~coopetition.model.furniture_augment`): pages built from constructed
  furniture around constructed and external article text, added to every training fold only. The
  lexical vocabulary stays the items on at least K development training sites: constructed pages
  count for no site (``vocabulary: "development"``), or all of them together for one
  (``"one site"``), so an item they repeat cannot enter the vocabulary on their own.

Every variant is compared at the operating point of ``furniture_chain`` (the lowest threshold from
0.40 up, to 0.75, whose chain content kept reaches 0.990) and at the shipped threshold.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from coopetition import paths

#: the thresholds compared for each variant
THRESHOLDS = tuple(round(0.40 + 0.01 * k, 2) for k in range(36))
#: columns counted by the generic rules of ``boilerplate.toml``
RULE_COLUMNS = ("rule_line", "rule_prefix", "rule_footer", "rule_inline")
#: columns counted by the word lists of ``furniture_words.toml``
WORD_COLUMNS = ("credit_label", "credit_words", "widget_words", "nav_words", "notice_words")
#: the variant the others are paired with in the bootstrap: the shipped model (round 4's, every column on)
BASE = "round 4 model (every column on, shipped)"
#: bootstrap draws of the pages for the intervals
BOOTSTRAP = 2000
#: the variants: fit options (``zero``: columns switched off, with their neighbours' copies;
#: ``augment``: constructed pages, ``"all"`` or ``"constructed"`` carriers; ``copies``: seeds)
VARIANTS: dict[str, dict] = {
    "round 4 model (every column on, shipped)": {},
    "no rule columns": {"zero": RULE_COLUMNS},
    "no word-list columns": {"zero": WORD_COLUMNS},
    "no rule or word-list columns": {"zero": RULE_COLUMNS + WORD_COLUMNS},
    "constructed rows (all carriers)": {"augment": "all"},
    "constructed rows (constructed carriers only)": {"augment": "constructed"},
    "constructed rows (all carriers), 3 body lines each end": {"augment": "all", "edges": 3},
    "constructed rows (constructed carriers only), 3 body lines each end": {"augment": "constructed", "edges": 3},
    "constructed rows (all carriers), counted as one site": {"augment": "all", "vocabulary": "one site"},
    "constructed rows (all carriers), no rule or word-list columns": {
        "augment": "all",
        "zero": RULE_COLUMNS + WORD_COLUMNS,
    },
}
#: run in a child process with the post-devpages rule entries taken out of the data files
PRE_DEVPAGES = {"pre-devpages rules": {}, "pre-devpages rules, constructed rows (all carriers)": {"augment": "all"}}
#: the two ``prefixes`` rules of ``boilerplate.toml`` added after the development pages arrived (0c136ec, fc2459e)
_LATE_PREFIXES = ("^【[^【】]{1,24}(讯|报道|消息", "^(?:[\\w·]{1,12}(?:\\s{1,2}|(?<=[讯网社台报])")
#: a word no line holds (a private-use character), standing for an emptied word list
_NO_WORD = "\ue000"


def _columns(names: Sequence[str]) -> list[int]:
    from coopetition.text.furniture import MODEL_FEATURES

    wanted = set(names)
    return [i for i, f in enumerate(MODEL_FEATURES) if f.split(":")[-1] in wanted]


def _augment_rows(
    kind: str, copies: int, edges: int = 0, *, shared: Path
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """The constructed training rows of a variant; ``shared`` is the shared folder (its ``external/articles``
    are carriers for ``kind="all"``).

    Raises:
        FileNotFoundError: ``kind`` is ``"all"`` and the external articles are not there (the variant would
            silently be the constructed-carriers one under another name).
    """
    from coopetition.model.furniture_augment import (
        constructed_carriers,
        constructed_pages,
        external_carriers,
        page_rows,
    )

    carriers = constructed_carriers()
    if kind == "all":
        folder = shared / "external" / "articles"
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: no external articles, which the 'all carriers' variants need")
        carriers += external_carriers(folder)
    pages = [page for seed in range(copies) for page in constructed_pages(carriers, seed=seed, edges=edges)]
    return page_rows(pages)


def variant_cv(table, options: dict, thresholds: Sequence[float] = THRESHOLDS) -> dict:
    """The whole chain cross-validated by site for one variant: ``{threshold: {page: counts}}`` (the
    counts of :func:`~coopetition.model.furniture_train.score_clean`; each fold fitted once, as
    :func:`~coopetition.model.furniture_chain.end_to_end_cv` does, the pages kept apart for the bootstrap)."""
    from sklearn.model_selection import GroupKFold

    from coopetition.model.furniture_train import N_FOLDS, Pages, clean_with_model, gold, model_arrays, score_clean
    from coopetition.reading.readers import read_article
    from coopetition.text.furniture import model_from_arrays
    from coopetition.text.furniture_lexicon import bag_matrix, page_keys

    devpages, files, spec, (x, y, groups, rows) = table
    x = x.copy()
    zero = _columns(options.get("zero", ()))
    x[:, zero] = 0.0
    annotation, pages = gold(devpages), Pages(groups, rows)
    raws = {g: read_article(devpages / "pages" / files[g])[0] for g in sorted(set(groups.tolist()))}
    folds = [
        (train, sorted(set(groups[test].tolist()))) for train, test in GroupKFold(n_splits=N_FOLDS).split(x, y, groups)
    ]
    extra = (
        _augment_rows(options["augment"], options.get("copies", 1), options.get("edges", 0), shared=devpages.parent)
        if options.get("augment")
        else None
    )
    if extra is not None:
        extra[0][:, zero] = 0.0
        extra_keys = np.unique(np.concatenate([page_keys(lines) for lines in extra[2]]))

    def fit(train: np.ndarray) -> dict:
        vocabulary = pages.vocabulary(sorted(set(groups[train].tolist())), spec["sites"])
        if extra is not None and options.get("vocabulary") == "one site":
            keys = np.concatenate(
                [np.concatenate([pages.keys[g] for g in sorted(set(groups[train].tolist()))]), extra_keys]
            )
            items, counts = np.unique(keys, return_counts=True)
            vocabulary = items[counts >= spec["sites"]]
        bag = pages.bag(train, vocabulary)
        xt, yt = x[train], y[train]
        if extra is not None:
            bag = np.vstack([bag, *[bag_matrix(lines, vocabulary) for lines in extra[2]]])
            xt, yt = np.vstack([xt, extra[0]]), np.concatenate([yt, extra[1]])
        return model_arrays(xt, yt, spec["c"], thresholds[0], spec["prior"], vocabulary, bag)

    def score_page(g: int, model) -> dict[str, int]:
        return score_clean(raws[g], clean_with_model(raws[g], model), annotation[files[g]])

    counts: dict[float, dict[int, dict[str, int]]] = {threshold: {} for threshold in thresholds}
    for train_rows, test_pages in folds:
        arrays = fit(train_rows)
        for threshold in thresholds:
            model = model_from_arrays({**arrays, "threshold": np.array(threshold)})
            counts[threshold].update({g: score_page(g, model) for g in test_pages})
    return counts


def bootstrap(first: dict[int, dict], second: dict[int, dict] | None = None, draws: int = BOOTSTRAP) -> dict:
    """The 95% interval of furniture removed and content kept (pooled) over pages drawn with
    replacement (seed 0), or of their difference ``first - second`` on the same draws (paired)."""
    from coopetition.model.furniture_chain import pooled

    pages = sorted(first)
    rng = np.random.default_rng(0)
    out: dict[str, list[float]] = {"furniture_removed": [], "content_kept": []}
    for _ in range(draws):
        drawn = rng.choice(pages, size=len(pages))
        one = pooled([first[g] for g in drawn])
        two = pooled([second[g] for g in drawn]) if second is not None else None
        for key in out:
            out[key].append(one[key] - (two[key] if two else 0.0))
    return {
        key: [round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)] for key, v in out.items()
    }


def summary(by_threshold: dict, shipped: float, extra_rows: int = 0) -> dict:
    """A variant's operating point (the lowest threshold whose chain content kept reaches
    ``MIN_CHAIN_CONTENT_KEPT``) and its numbers there and at the shipped threshold
    (``by_threshold``: pooled numbers by threshold)."""
    from coopetition.model.furniture_chain import MIN_CHAIN_CONTENT_KEPT

    reaching = [t for t in sorted(by_threshold) if by_threshold[t]["content_kept"] >= MIN_CHAIN_CONTENT_KEPT]
    point = reaching[0] if reaching else max(by_threshold)
    return {
        "operating_point": point,
        "reached": bool(reaching),
        "at_operating_point": by_threshold[point],
        "at_shipped_threshold": by_threshold[shipped],
        "constructed_rows": extra_rows,
        "by_threshold": {f"{t:.2f}": v for t, v in sorted(by_threshold.items())},
    }


def development(shared: Path | None = None):
    """``(devpages, files, chosen settings, line table)`` of the development half."""
    from coopetition.model.furniture_train import development_table, devpages_dir, half_files

    chosen, table = development_table(shared)
    devpages = devpages_dir(shared)
    return devpages, half_files(devpages, "development"), chosen, table


def run(names: Sequence[str], variants: dict, shared: Path | None = None) -> dict:
    """The summaries of ``names`` of ``variants`` in this process (each with its pages' counts at
    its operating point, ``pages_at_operating_point``, for the paired bootstrap)."""
    from coopetition.model.furniture_chain import pooled

    unknown = sorted(set(names) - set(variants))
    if unknown:
        raise ValueError(
            f"furniture_round5: no variant named {', '.join(map(repr, unknown))} (known: {', '.join(variants)})"
        )
    devpages, files, chosen, table = development(shared)
    out = {}
    for name in names:
        options = variants[name]
        counts = variant_cv((devpages, files, chosen, table), options)
        by = {t: pooled(list(c.values())) for t, c in counts.items()}
        rows = (
            len(
                _augment_rows(
                    options["augment"], options.get("copies", 1), options.get("edges", 0), shared=devpages.parent
                )[1]
            )
            if options.get("augment")
            else 0
        )
        out[name] = {
            "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
            **summary(by, chosen["threshold"], rows),
        }
        out[name]["pages_at_operating_point"] = counts[out[name]["operating_point"]]
        point = out[name]["at_operating_point"]
        print(f"{name}: {out[name]['operating_point']:.2f} {point}", file=sys.stderr, flush=True)
    return out


def reduced_data(folder: Path) -> Path:
    """Write into ``folder`` the data files without the entries added after the development pages
    arrived: ``furniture_words.toml`` with every word list one word no line holds and the glue and
    one-line rules never matching, ``boilerplate.toml`` without its two late ``prefixes`` rules."""
    from coopetition._data import read_text

    words = read_text("furniture_words.toml")
    words = re.sub(r"(?ms)^(\w+) = \[\n.*?^\]", lambda m: f'{m.group(1)} = ["{_NO_WORD}"]', words)
    words = re.sub(r"(?m)^(leading_credit|field|date|day|tags|quote) = '.*'$", r"\1 = '((?!))'", words)
    boiler = read_text("boilerplate.toml")
    lines = boiler.split("\n")
    kept = [line for line in lines if not line.strip().startswith(tuple("'" + p for p in _LATE_PREFIXES))]
    if len(lines) - len(kept) != len(_LATE_PREFIXES):
        raise ValueError(
            f"boilerplate.toml: expected the {len(_LATE_PREFIXES)} late prefixes rules, found {len(lines) - len(kept)}"
        )
    (folder / "furniture_words.toml").write_text(words, encoding="utf-8")
    (folder / "boilerplate.toml").write_text("\n".join(kept), encoding="utf-8")
    return folder


def start_reduced(folder: Path, shared: Path | None = None) -> subprocess.Popen:
    """The :data:`PRE_DEVPAGES` variants, started in a child process over :func:`reduced_data` in ``folder``."""
    reduced_data(folder)
    env = {**os.environ, "COOPETITION_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "coopetition.model.furniture_round5", "--child"]
    if shared is not None:
        command += ["--shared", str(shared)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def finish_reduced(child: subprocess.Popen) -> dict:
    """The child's summaries (:func:`start_reduced`).

    Raises:
        RuntimeError: the child failed.
    """
    out, _ = child.communicate()
    if child.returncode:
        raise RuntimeError(f"furniture_round5 child failed with code {child.returncode}")
    return json.loads(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every variant and write the ``round5`` entry of ``data/furniture_cv.json``."""
    parser = argparse.ArgumentParser(
        prog="python -m coopetition.model.furniture_round5", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", default=None, help="run only these variants (printed, nothing written)")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run(list(PRE_DEVPAGES), PRE_DEVPAGES, args.shared)))
        return 0
    if args.only is not None:
        if not args.only:
            parser.error("--only needs at least one variant name")
        result = run(args.only, VARIANTS, args.shared)
        for summary_ in result.values():
            summary_.pop("pages_at_operating_point")
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        child = start_reduced(Path(folder), args.shared)  # in parallel: its rules differ, so its process too
        result = run(list(VARIANTS), VARIANTS, args.shared)
        result.update(finish_reduced(child))
    base = {int(g): c for g, c in result[BASE]["pages_at_operating_point"].items()}
    for name, summary_ in result.items():
        pages = {int(g): c for g, c in summary_.pop("pages_at_operating_point").items()}
        summary_["interval_95"] = bootstrap(pages)
        if name != BASE:
            summary_["minus_base_interval_95"] = bootstrap(pages, base)
    path = paths.project_root() / "src" / "coopetition" / "data" / "furniture_cv.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    report["round5"] = {"data": "devpages development half, whole chain, 5-fold site-grouped CV", "variants": result}
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

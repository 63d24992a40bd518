"""The validation tables of ``docs/labels.md``, generated from the committed result files.

- ``benchmarks/labels_validation.json`` (``python -m coopetition.model.train``): article- and
  site-disjoint cross-validation, κ with intervals and confusion matrices;
- ``benchmarks/quantify_validation.json`` and ``quantify_validation_accurate.json``
  (``benchmarks/quantify_validation.py [--mode accurate]``): the share correction's errors and interval coverage;
- ``benchmarks/lab_labels.csv``, ``lab_labels_nested.csv`` and ``lab_labels_features.csv``
  (``benchmarks/lab_labels.py [--nested | --features]``): round 3's decision rules, accurate-mode classifiers and
  rule features; ``benchmarks/lab_vocab.csv`` (``benchmarks/lab_vocab.py``): round 4's vocabulary and
  reported-process features; ``benchmarks/adapt_tuning_accurate_development.json``
  (``benchmarks/tune_adapt_accurate.py``): the accurate labeller's adaptation settings; ``benchmarks/label_errors_development.json``
  (``benchmarks/label_errors.py``): the error analysis by codebook property;
- ``src/coopetition/data/devpages_labels_test.json`` (``benchmarks/score_devpages_labels.py --half test``,
  run once by the lead on the frozen model): the test half's score, when it exists.

:func:`render` is the ``labels-validation`` table of ``benchmarks/render_docs.py``, which writes it
into ``docs/labels.md`` (``python benchmarks/render_docs.py``) and whose test fails when the doc drifts.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
FRAMES = ("competition", "cooperation", "coopetition", "none")
TONES = ("positive", "neutral", "negative")


def _load(name: str) -> dict | None:
    path = (HERE.parent / "src" / "coopetition" / "data" if name == "devpages_labels_test.json" else HERE) / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _confusion(matrix: dict, classes: tuple[str, ...]) -> list[str]:
    lines = ["| coded \\ model | " + " | ".join(classes) + " |", "|---|" + "---:|" * len(classes)]
    lines += [f"| {g} | " + " | ".join(str(matrix[g][p]) for p in classes) + " |" for g in classes]
    return lines


def _csv_rows(name: str) -> list[dict]:
    """The rows of a result CSV beside this script (none when it is absent)."""
    import csv

    path = HERE / name
    return list(csv.DictReader(path.open(encoding="utf-8"))) if path.exists() else []


def _tuning() -> list[str]:
    rows = _csv_rows("labels_tuning.csv")
    if not rows:
        return []
    out = [
        "### Tuning: site-disjoint κ on the development pages",
        "",
        "Each setting (overrides of `coopetition.model.train.SETTINGS`) fitted on everything but a fold of development-page sites, 4 folds; "
        "the two rows named in words are the shipped settings' 5-fold site-disjoint predictions, without and with cross-fitted "
        "class biases. Source: `benchmarks/labels_tuning.csv`.",
        "",
        "| settings | units | frame κ | tone κ |",
        "|---|---:|---:|---:|",
    ]
    out += [
        f"| `{r['settings']}` | {int(r['n']):,} | {float(r['frame_kappa']):.3f} | {float(r['tone_kappa']):.3f} |"
        for r in rows
    ]
    return out + [""]


def _accurate() -> list[str]:
    """The accurate mode's candidates (benchmarks/accurate_labels.py) and its speed."""
    rows = _csv_rows("accurate_labels.csv")
    if not rows:
        return []
    out = _candidates(
        "accurate_labels.csv",
        "Accurate mode and the tone candidates: site-disjoint κ",
        "The shipped settings' 5-fold site-disjoint folds (the rows above); the fast model's row is its shipped held-out "
        "predictions. A setting marked cross-fitted was chosen on the other folds' held-out predictions for each fold.",
    )[:-1]
    n = {(r["n_devpages"], r["n_all"]) for r in rows}
    if len(n) == 1:
        dev, every = next(iter(n))
        out += [
            "",
            f"Each κ is on {int(dev):,} development-page units (development half) and {int(every):,} scored sentences.",
        ]
    speed = _load("accurate_speed.json")
    if speed:
        out += [
            "",
            f"Speed of the accurate mode: {speed['sentences_per_second']:.0f} sentences a second on one thread "
            f"({speed['sentences']} units of mean length {speed['mean_characters']:.0f} characters in {speed['seconds']:.1f} s; "
            f"{speed['measured_on']}). Source: `benchmarks/accurate_speed.json`.",
        ]
    return out + [""]


def _candidates(name: str, title: str, what: str) -> list[str]:
    """A candidates table (the columns of ``accurate_labels.csv``) from the result CSV ``name``."""
    rows = _csv_rows(name)
    if not rows:
        return []
    out = [f"### {title}", "", f"{what} Source: `benchmarks/{name}`.", ""]
    out += ["| candidate | axis | κ, development pages | κ, all scored | note |", "|---|---|---:|---:|---|"]
    out += [
        f"| {r['candidate']} | {r['axis']} | {float(r['kappa_devpages']):.3f} | {float(r['kappa_all']):.3f} | {r['note']} |"
        for r in rows
    ]
    return out + [""]


def _adapt_accurate() -> list[str]:
    """The accurate labeller's adaptation settings (benchmarks/tune_adapt_accurate.py)."""
    result = _load("adapt_tuning_accurate_development.json")
    if not result:
        return []

    def setting(part: dict | str | None) -> str:
        if part is None or isinstance(part, str):
            return part or "not adapted"
        scale = ", log-odds only" if not part["feature_scale"] else ""
        axes = f", {' and '.join(part['axes'])} only" if "axes" in part else ""
        return f"weight {part['weight']:g}, C {part['C']:g}{scale}{axes}"

    out = [
        "### Round 4: the accurate labeller's adaptation settings",
        "",
        f"{result['trials']} trials on development-half sites the fast model and the embedding regressions were "
        f"refitted without: {result['n']} coded units of half the held-out sites adapt, the other half is scored "
        "with the blend. Mean κ; raised: the trials where it beat the unadapted blend. Sorted by frame plus tone κ; the "
        "last rows score the fast mode's own labels in the same trials (the fast labeller), against the unadapted fast model. "
        "Source: `benchmarks/adapt_tuning_accurate_development.json`.",
        "",
        "| fast part | embedding part | frame κ | raised | tone κ | raised |",
        "|---|---|---:|---:|---:|---:|",
    ]
    rows = sorted(result["results"], key=lambda r: -(r["frame_kappa"] + r["tone_kappa"]))
    # the fast mode's own labels in the same trials (no blend): the fast labeller's settings
    rows += [{**r, "embedding_settings": "fast mode, no blend"} for r in result.get("fast_mode", [])]
    for r in rows:
        fast = "unadapted" if "fast_settings" not in r else setting(r["fast_settings"])
        emb = r.get("embedding_settings", "unadapted") if "fast_settings" not in r else setting(r["embedding_settings"])
        out.append(
            f"| {fast} | {emb} | {r['frame_kappa']:.3f} | {r['frame_raised_vs_unadapted']} | "
            f"{r['tone_kappa']:.3f} | {r['tone_raised_vs_unadapted']} |"
        )
    return out + [""]


def _errors() -> list[str]:
    """The error analysis by codebook property (benchmarks/label_errors.py)."""
    e = _load("label_errors_development.json")
    if not e:
        return []
    out = [
        "### Error analysis: which codebook rules the model misses on unseen sites",
        "",
        f"Site-disjoint held-out predictions of the {e['fast']['n']:,} development-page units (development half). For each "
        "error cell, the share of its units with a property, and after the slash the same share among the units of the same "
        "coded class read right. A tone cue is a word of the tone lexicon; a frame cue one of `data/frames.toml`, live when "
        "it counts (a weak cue counts only in a relational sentence). Source: `benchmarks/label_errors_development.json`.",
        "",
        "| mode | coded → read | units | of the coded class | names 2+ firms | no frame cue at all | live frame cue | "
        "positive tone word | negative tone word | reporting verb | a number |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode in ("fast", "accurate"):
        for cell, v in e[mode]["cells"].items():
            err = v["errors"]
            right = next(x for k, x in v.items() if k.endswith("read right"))
            if not err["n"]:
                continue

            def pair(get, err=err, right=right) -> str:
                return f"{get(err):.2f} / {get(right):.2f}"

            live = lambda d: d["frame cue"]["of the coded frame"] + d["frame cue"]["of another frame"]  # noqa: E731
            out.append(
                f"| {mode} | {cell.split(': ', 1)[1].replace('coded ', '').replace(', read ', ' → ')} | {err['n']} | "
                f"{v['share of the coded class']:.2f} | {pair(lambda d: d['actors']['2+'])} | "
                f"{pair(lambda d: d['frame cue']['none'])} | {pair(live)} | "
                f"{pair(lambda d: d['tone cue']['positive'] + d['tone cue']['both'])} | "
                f"{pair(lambda d: d['tone cue']['negative'] + d['tone cue']['both'])} | "
                f"{pair(lambda d: d['reported'])} | {pair(lambda d: d['figures'])} |"
            )
    return out + [""]


def render() -> str:
    """The generated Markdown, from whichever result files exist."""
    out = _tuning() + _accurate()
    out += _candidates(
        "lab_labels.csv",
        "Round 3: decision rules tuned for κ, and other classifiers for the accurate mode",
        "The same folds and held-out predictions as the table above. Class biases are log-odds shifts per class "
        "(`coopetition.model.train.class_bias`), fitted per fold on the other folds' held-out probabilities (all their "
        "scored sentences, or their development pages only) to maximise κ or to match the coders' class shares; the "
        "accurate blend's (C, a) is chosen the same way first. A stacker is a logistic regression on the two models' "
        "log-probabilities, fitted on the other folds' held-out probabilities.",
    )
    out += _candidates(
        "lab_labels_nested.csv",
        "Round 3: class biases chosen inside the training folds",
        "Nested: for each outer fold, the fast model and the embedding regression are refitted on 4 inner site-disjoint "
        "folds of its training sites; the biases are fitted on those inner held-out probabilities and applied to the "
        "outer fold's (the fast model's, and the blend's at the shipped C and a, whose rows without biases are "
        '"fast (shipped, data/labels_cv.csv)" and "accurate blend at the shipped C and a" above).',
    )
    out += _candidates(
        "lab_labels_features.csv",
        "Round 3: the fast model with the error analysis's properties as features",
        "The fast model refitted on the same folds, rows and weights, with its rules; first as it is (a check that "
        "the refit gives the shipped CV's κ), then with three 0/1 columns beside its features: a reporting verb, a "
        "number, a live frame cue with no tone word.",
    )
    out += _candidates(
        "lab_vocab.csv",
        "Round 4: vocabulary beyond the coded words, and conflict words in plain reports",
        "The fast model refitted on the same folds, rows and weights, with its rules (first as it is: the check), "
        "then with extra columns: word-cluster counts (k-means on `data/word_vectors.npz`), the frame cues' "
        "neighbours in that space, and reported process against evaluative words (`benchmarks/tone_process.toml`); "
        "a candidate marked for one axis adds its columns to that regression only.",
    )
    out += _adapt_accurate()
    out += _errors()
    cv = _load("labels_validation.json")
    if cv:
        out += [
            "### Cross-validation: article-disjoint and site-disjoint",
            "",
            "Held-out κ of the shipped settings on every hand-coded sentence of real text (constructed text is trained on, never scored); "
            "the interval resamples the scheme's groups (articles or sites). Source: `benchmarks/labels_validation.json`.",
            "",
            "| scheme | set | axis | n | sites | κ | 95% interval | accuracy | macro-F1 | readers' κ |",
            "|---|---|---|---:|---:|---:|---|---:|---:|---:|",
        ]
        for r in cv["table"]:
            readers = (
                ""
                if r["readers_kappa"] is None or r["readers_kappa"] != r["readers_kappa"]
                else f"{r['readers_kappa']:.2f}"
            )
            out.append(
                f"| {r['scheme']} | {r['set']} | {r['axis']} | {r['n']:,} | {r['sites']} | {r['kappa']:.3f} | "
                f"{r['kappa_low']:.3f}–{r['kappa_high']:.3f} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {readers} |"
            )
        for axis, classes in (("frame", FRAMES), ("tone", TONES)):
            key = f"site-disjoint|devpages|{axis}"
            if key in cv["confusion"]:
                out += ["", f"Site-disjoint confusion, {axis}, development pages (development half):", ""]
                out += _confusion(cv["confusion"][key], classes)
        out.append("")
    q = _load("quantify_validation.json")
    qa = _load("quantify_validation_accurate.json")
    if q:
        out += [
            "### Corrected shares: choice of method and interval coverage",
            "",
            f"{q['reps']} simulated target samples of {q['sample_size']} sentences from held-out development-page sites, "
            f"class priors shifted; {q['bootstrap']} bootstrap resamples per interval. An error is the mean absolute difference between a "
            "method's share and the coders' share of the sample, over classes and samples; coverage is how often the chosen method's "
            "95% interval held the coders' share. The accurate mode's rows are the same simulation on its own held-out "
            "probabilities (`data/labels_cv_accurate.csv`). Sources: `benchmarks/quantify_validation.json`, "
            "`benchmarks/quantify_validation_accurate.json`.",
            "",
            "| mode | axis | CC error | PCC error | ACC error | PACC error | EMQ error | chosen | coverage of 95% intervals | mean width |",
            "|---|---|---:|---:|---:|---:|---:|---|---:|---:|",
        ]
        for mode, result in (("fast", q), ("accurate", qa)):
            for axis in ("frame", "tone") if result else ():
                a = result[axis]
                errors = " | ".join(f"{a['mean_absolute_error'][m]:.4f}" for m in ("CC", "PCC", "ACC", "PACC", "EMQ"))
                out.append(
                    f"| {mode} | {axis} | {errors} | {a['chosen']} | {a['coverage']:.3f} | {a['mean_interval_width']:.3f} |"
                )
        out.append("")
    test = _load("devpages_labels_test.json")
    out += ["### Frozen score on the test half of the development pages", ""]
    if test:
        out += [
            f"{test['units']:,} coded units from {test['sites']} sites, scored once with the frozen model (commit `{test['commit'][:10]}`). "
            "Source: `src/coopetition/data/devpages_labels_test.json`.",
            "",
            "| axis | κ | 95% interval over sites | accuracy | largest share gap, raw | largest share gap, corrected |",
            "|---|---:|---|---:|---:|---:|",
        ]
        for axis in ("frame", "tone"):
            a = test[axis]
            out.append(
                f"| {axis} | {a['kappa']:.3f} | {a['kappa_low']:.3f}–{a['kappa_high']:.3f} | {a['accuracy']:.3f} | "
                f"{a['max_share_gap_raw']:.3f} | {a['max_share_gap_corrected']:.3f} |"
            )
    else:
        out.append(
            "Not run yet: `python benchmarks/score_devpages_labels.py --half test` is run once, after the merge, on the frozen model."
        )
    return "\n".join(out).rstrip() + "\n"

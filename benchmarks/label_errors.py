"""Issue 24, round 3, item 2: which codebook rules the model misses on sites it has never seen.

Reads the site-disjoint held-out predictions of the development pages (development half only: the fast model's
``data/labels_cv.csv`` and the accurate mode's ``data/labels_cv_accurate.csv``), rebuilds the units' text from
``../shared/devpages/`` (never written anywhere) and describes every sentence by general properties that the
codebook's rules turn on, read by the project's own cue reader (:func:`coopetition.measures.cues.sentence_cues`)
and a few patterns:

- ``actors``: how many firms or platforms it names (0, 1, 2+): the codebook's frame is a relation *between* firms;
- ``frame cue``: none, only weak or idle ones, a live cue of the coded frame, a live cue of another frame;
- ``figures``: it states a number (digits, 万, 亿, %): market statistics, results;
- ``reported``: it reports what someone said or what data show (a reporting verb of ``data/tone_rules.toml``'s
  ``[reporting]``);
- ``tone cue``: whether the tone lexicon finds a positive or negative word.

For each error cell the codebook names (implicit rivalry read as none; plain sentences read as competition;
neutral read as positive or negative), the share of its sentences with each property is set beside the share
among the sentences of the same coded class that the model got right: a property much commoner among the errors
is a rule the model misses. Writes ``benchmarks/label_errors_development.json`` (counts and shares, no text).

Run: ``python benchmarks/label_errors.py`` (seconds; needs ``../shared/``). ``--half test`` is refused:
the test half is scored once, by the lead, with ``score_devpages_labels.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from pathlib import Path

import pandas as pd

from coopetition._data import read_text
from coopetition.measures.cues import live_frames, sentence_cues
from coopetition.measures.labels import simplify_all
from coopetition.model.train import devpage_units
from coopetition.model.validation import shipped_predictions
from coopetition.text.patterns import alternation

OUT = Path(__file__).with_name("label_errors_development.json")
FIGURES = re.compile(r"[0-9０-９]|[万亿]元|%|％|百分之")
#: the error cells of the issue, (axis, coded, read as)
CELLS = (
    ("frame", "competition", "none"),
    ("frame", "none", "competition"),
    ("frame", "cooperation", "none"),
    ("frame", "none", "cooperation"),
    ("tone", "neutral", "positive"),
    ("tone", "neutral", "negative"),
    ("tone", "positive", "neutral"),
    ("tone", "negative", "neutral"),
)


def reporting_words() -> list[str]:
    """The reporting verbs and phrases of ``data/tone_rules.toml`` (``[reporting]``)."""
    return list(tomllib.loads(read_text("tone_rules.toml"))["reporting"]["words"])


def properties(texts: list[str]) -> pd.DataFrame:
    """The properties of each sentence (module docstring), one row per text."""
    reporting = re.compile(alternation(reporting_words()))
    rows = []
    for text in simplify_all(texts):
        cues = sentence_cues(text)
        live = live_frames(cues) - {"ending"}
        rows.append(
            {
                "actors": "0" if not cues.actors else "1" if len(cues.actors) == 1 else "2+",
                "live": ",".join(sorted(live)),
                "any_cue": bool(cues.frame_cues),
                "figures": bool(FIGURES.search(text)),
                "reported": bool(reporting.search(text)),
                "tone_cue": "both"
                if {w > 0 for _, w in cues.tone_cues} == {True, False}
                else "positive"
                if any(w > 0 for _, w in cues.tone_cues)
                else "negative"
                if cues.tone_cues
                else "none",
            }
        )
    return pd.DataFrame(rows)


def _shares(part: pd.DataFrame, gold_frame: str | None) -> dict:
    n = len(part)
    if not n:
        return {"n": 0}
    cue = part.apply(
        lambda r: (
            "none"
            if not r["any_cue"]
            else "weak or idle only"
            if not r["live"]
            else "of the coded frame"
            if gold_frame and gold_frame in r["live"].split(",")
            else "of another frame"
        ),
        axis=1,
    )
    share = lambda mask: round(float(mask.mean()), 3)  # noqa: E731
    return {
        "n": n,
        "actors": {k: share(part["actors"] == k) for k in ("0", "1", "2+")},
        "frame cue": {
            k: share(cue == k) for k in ("none", "weak or idle only", "of the coded frame", "of another frame")
        },
        "figures": share(part["figures"]),
        "reported": share(part["reported"]),
        "tone cue": {k: share(part["tone_cue"] == k) for k in ("none", "positive", "negative", "both")},
    }


def analyse(predictions: pd.DataFrame, props: pd.DataFrame) -> dict:
    """For each cell of :data:`CELLS`: the properties of its errors beside those of the same class read right."""
    out = {}
    for axis, gold, read in CELLS:
        coded = predictions[axis] == gold
        errors = props[(coded & (predictions[f"{axis}_pred"] == read)).to_numpy()]
        right = props[(coded & (predictions[f"{axis}_pred"] == gold)).to_numpy()]
        frame = gold if axis == "frame" else None
        out[f"{axis}: coded {gold}, read {read}"] = {
            "errors": _shares(errors, frame),
            f"coded {gold}, read right": _shares(right, frame),
            "share of the coded class": round(float(len(errors) / max(int(coded.sum()), 1)), 3),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="development", choices=("development",), help="the development half only")
    args = parser.parse_args(argv)
    units = devpage_units(half=args.half).set_index("id")
    result: dict = {
        "what": "site-disjoint held-out predictions of the development pages (development half), by property; "
        "shares of each error cell's sentences beside the same coded class read right",
    }
    for mode in ("fast", "accurate"):
        cv = shipped_predictions(mode)
        cv = cv[(cv["scheme"] == "site-disjoint") & (cv["set"] == "devpages")].sort_values("id", ignore_index=True)
        props = properties(units.loc[cv["id"], "text"].tolist())
        result[mode] = {"n": len(cv), "cells": analyse(cv, props)}
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The validation in words: how far the frame and tone labels agree with hand coding.

Sentences for notebook 03's validation section, computed from the cross-validation tables
(:func:`coopetition.model.validation.cv_table`, :func:`~coopetition.model.validation.class_table`):
κ per set and axis in Landis & Koch's words, beside the two readers' own agreement, and the weakest
label of each axis. The other notebooks' findings are in :mod:`coopetition.output.findings`.
"""

from __future__ import annotations

import pandas as pd

from coopetition.output.findings import _bullets, _tables

__all__ = ["LANDIS_KOCH", "READERS_MARGIN", "class_findings", "validation_findings"]

#: Landis & Koch (1977, *Biometrics* 33:159–174): upper bound of κ for each strength of agreement
LANDIS_KOCH = (
    (0.0, "poor"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.0, "almost perfect"),
)

#: a model κ within this of the readers' own κ counts as agreeing as well as they do
READERS_MARGIN = 0.05

#: how far a measure of a given strength may be read (κ above 0.60 is read as measured, above 0.40 as indicative)
_READING = {
    "substantial": "can be read with their intervals",
    "almost perfect": "can be read with their intervals",
    "moderate": "are indicative only",
    "fair": "are not a measurement to rely on",
    "slight": "are not a measurement to rely on",
    "poor": "are not a measurement to rely on",
}

#: what each axis measures in the notebook's per-article sections
_AXIS_SECTION = {"frame": "frame shares", "tone": "tone shares and net tones"}


def _strength(kappa: float) -> str:
    """Landis & Koch's name for the strength of agreement a Cohen's κ shows (0.60 is moderate, 0.61 substantial)."""
    if kappa < 0:
        return "poor"
    return next(name for top, name in LANDIS_KOCH[1:] if kappa <= top + 1e-9)


def _kappa_row(cv: pd.DataFrame, scheme: str, set_name: str, axis: str) -> pd.Series | None:
    rows = cv[(cv["scheme"] == scheme) & (cv["set"] == set_name) & (cv["axis"] == axis)]
    return rows.iloc[0] if len(rows) else None


def class_findings(classes: pd.DataFrame) -> str:
    """The least reliable label of each axis, from :func:`coopetition.model.validation.class_table`.

    Returns:
        Markdown bullets, one per axis: the class with the lowest F1, its recall and
        precision and the hand-coded sentences behind them.

    Example:
        >>> t = pd.DataFrame({"axis": ["frame"] * 2, "label": ["competition", "coopetition"], "precision": [0.8, 0.57],
        ...                   "recall": [0.79, 0.59], "f1": [0.79, 0.58], "support": [214, 34]})
        >>> class_findings(t)
        '- Frame: the least reliable label is coopetition (recall 59%, precision 57%, 34 hand-coded sentences); read its shares with the most caution.'
    """
    _tables(classes=classes)
    lines = []
    for axis, part in classes.groupby("axis", sort=True):
        weakest = part.sort_values(["f1", "label"]).iloc[0]
        lines.append(
            f"{axis.capitalize()}: the least reliable label is {weakest['label']} (recall {weakest['recall']:.0%}, "
            f"precision {weakest['precision']:.0%}, {int(weakest['support']):,} hand-coded sentences); "
            "read its shares with the most caution."
        )
    return _bullets(lines)


def validation_findings(
    cv: pd.DataFrame, *, axis: str | None = None, scheme: str | None = None, set_name: str = "all"
) -> str:
    """How valid the frame and tone labels are, in Landis & Koch's words, from the cross-validation table.

    Args:
        cv: :func:`coopetition.model.validation.cv_table` (``scheme, set, axis, n, kappa,
            accuracy, macro_f1, readers_kappa``; ``kappa_low``, ``kappa_high`` are
            quoted when present).
        axis: ``None`` for the validation section's bullet list (both axes, the
            sets scored, the readers' agreement); ``"frame"`` or ``"tone"`` for the
            one sentence a per-article section carries, referring back.
        scheme, set_name: the row read for the headline κ (default: the
            site-disjoint cross-validation when the table has it, else pooled
            fitting; every hand-coded sentence scored).

    Returns:
        Markdown: a bullet list, or one sentence.

    Raises:
        ValueError: ``axis`` is not frame/tone, or ``cv`` has no row for it.

    Example:
        >>> cv = pd.DataFrame({"scheme": ["pooled"] * 2, "set": ["all"] * 2, "axis": ["frame", "tone"],
        ...                    "n": [100, 100], "kappa": [0.69, 0.42], "accuracy": [0.8, 0.6],
        ...                    "macro_f1": [0.7, 0.6], "readers_kappa": [float("nan")] * 2})
        >>> validation_findings(cv, axis="tone")
        '*How valid: tone agrees moderately with hand coding on held-out articles (κ 0.42, moderate agreement), so the tone shares and net tones below are indicative only (see Validation above).*'
    """
    _tables(cv=cv)
    if scheme is None:
        scheme = "site-disjoint" if (cv["scheme"] == "site-disjoint").any() else "pooled"
    held = "held-out sites" if scheme == "site-disjoint" else "held-out articles"
    if axis not in (None, "frame", "tone"):
        raise ValueError(f"axis must be None, 'frame' or 'tone', not {axis!r}")
    heads = {a: _kappa_row(cv, scheme, set_name, a) for a in ("frame", "tone")}
    missing = [a for a in ((axis,) if axis else ("frame", "tone")) if heads[a] is None]
    if missing:
        raise ValueError(f"the validation table has no {scheme!r} row for set {set_name!r} and axis {missing[0]!r}")
    if axis is not None:
        head = heads[axis]
        assert head is not None  # not missing, checked above
        kappa = float(head["kappa"])
        strength = _strength(kappa)
        adverb = {
            "almost perfect": "almost perfectly",
            "substantial": "substantially",
            "moderate": "moderately",
            "fair": "only fairly",
            "slight": "only slightly",
            "poor": "no better than chance",
        }[strength]
        return (
            f"*How valid: {axis} agrees {adverb} with hand coding on {held} (κ {kappa:.2f}, {strength} "
            f"agreement), so the {_AXIS_SECTION[axis]} below {_READING[strength]} (see Validation above).*"
        )
    frame_head, tone_head = heads["frame"], heads["tone"]
    assert frame_head is not None and tone_head is not None  # not missing, checked above
    frame, tone = float(frame_head["kappa"]), float(tone_head["kappa"])

    def interval(a: str) -> str:  # the article (or site) bootstrap's 95% interval, when the table has it
        row = heads[a]
        assert row is not None  # not missing, checked above
        over = "sites" if scheme == "site-disjoint" else "articles"
        return (
            f", 95% interval over {over} {row['kappa_low']:.2f}–{row['kappa_high']:.2f}"
            if "kappa_low" in row.index
            else ""
        )

    fitted = f"{scheme} fitting" if scheme == "pooled" else f"{scheme} cross-validation"
    lines = [
        f"On {int(frame_head['n']):,} hand-coded sentences of {held} ({fitted}): frame κ "
        f"{frame:.2f} ({_strength(frame)} agreement{interval('frame')}), tone κ {tone:.2f} ({_strength(tone)}"
        f"{interval('tone')}): frame shares {_READING[_strength(frame)]}, tone shares {_READING[_strength(tone)]}."
    ]
    scored = cv[(cv["scheme"] == scheme) & (cv["set"] != set_name)].dropna(subset=["readers_kappa"])
    for name, part in scored.groupby("set", sort=True):
        by_axis = part.set_index("axis")
        parts = [
            f"{a} κ {by_axis.at[a, 'kappa']:.2f} ({_strength(float(by_axis.at[a, 'kappa']))}) against the readers' "
            f"{by_axis.at[a, 'readers_kappa']:.2f}"
            for a in ("frame", "tone")
            if a in by_axis.index
        ]
        lines.append(f"{name.capitalize()} ({int(part['n'].iloc[0]):,} sentences): " + "; ".join(parts) + ".")
    gaps = (
        cv[cv["scheme"] == scheme].dropna(subset=["readers_kappa"])
        if scheme in ("site-disjoint", "article-disjoint")
        else cv.dropna(subset=["readers_kappa"])
    )
    if len(gaps):
        widest = (
            gaps.assign(gap=gaps["readers_kappa"] - gaps["kappa"])
            .sort_values(["gap", "scheme", "set", "axis"])
            .iloc[-1]
        )
        verdict = (
            "the model is not yet as reliable as two careful readers"
            if widest["gap"] > READERS_MARGIN
            else "the model agrees with hand coding about as well as two careful readers agree with each other"
        )
        fitting = (
            "pooled fitting"
            if widest["scheme"] == "pooled"
            else f"{widest['scheme']} cross-validation"
            if widest["scheme"] in ("site-disjoint", "article-disjoint")
            else f"fitted on the {widest['scheme'].removesuffix(' only')} alone"
        )
        lines.append(
            f"The widest gap to the readers is {widest['axis']} on the {widest['set']}, {fitting}: "
            f"κ {widest['kappa']:.2f} against {widest['readers_kappa']:.2f}; {verdict}."
        )
    return _bullets(lines)

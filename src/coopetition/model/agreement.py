"""Agreement between two codings of the same sentences: Cohen's κ, Krippendorff's α and a confusion table.

Two coders (or a coder and the model) coded the same sentences of a coding sheet
(:mod:`coopetition.model.coding`); :func:`agreement` aligns them by id and says how far they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coopetition.model.coding import AXES, SHOW_ROWS, CodingError, _fold, _spellings

__all__ = ["Agreement", "agreement"]

# ---------------------------------------------------------------- agreement


@dataclass(frozen=True)
class Agreement:
    """Agreement between two codings of the same sentences.

    ``table`` holds one row per axis: ``axis, n, agreement`` (the share of
    sentences given the same label), ``kappa`` (Cohen's κ) and ``alpha``
    (Krippendorff's α, nominal); ``confusion`` is tidy: ``axis, a, b, n``
    (coding ``a``'s label, coding ``b``'s label, sentences), every pair of
    labels including zeros. ``kappa`` and ``alpha`` are also dicts by axis.
    """

    table: pd.DataFrame
    confusion: pd.DataFrame

    @property
    def kappa(self) -> dict[str, float]:
        return dict(zip(self.table["axis"], self.table["kappa"]))

    @property
    def alpha(self) -> dict[str, float]:
        return dict(zip(self.table["axis"], self.table["alpha"]))

    @property
    def n(self) -> dict[str, int]:
        return dict(zip(self.table["axis"], self.table["n"]))


def _coding_table(coding, name: str) -> pd.DataFrame:
    """A coding as ``id, frame, tone`` (an axis absent is all empty); labels folded and checked."""
    if isinstance(coding, pd.Series):
        axis = (
            coding.name
            if coding.name in AXES
            else next((a for a, labels in AXES.items() if set(coding.map(_fold)) - {""} <= set(_spellings()[a])), None)
        )
        if axis is None:
            raise CodingError(f"{name}: a Series of labels must be named 'frame' or 'tone' (its labels fit neither)")
        table = pd.DataFrame({"id": coding.index.astype(str), axis: coding.to_numpy()})
    elif isinstance(coding, pd.DataFrame):
        table = coding.rename(columns={c: _fold(c) for c in coding.columns})
        if "id" not in table.columns:
            raise CodingError(f"{name}: a coding needs an 'id' column (it has {', '.join(map(str, coding.columns))})")
        if not any(axis in table.columns for axis in AXES):
            raise CodingError(f"{name}: a coding needs a 'frame' or 'tone' column")
        table = table.assign(id=table["id"].astype(str).str.strip())
    else:
        raise TypeError(
            f"{name} must be a coding (DataFrame with id, frame, tone) or a Series of labels indexed by id, not {type(coding).__name__}"
        )
    if table["id"].duplicated().any():
        raise CodingError(
            f"{name}: id(s) repeated: {', '.join(table['id'][table['id'].duplicated()].unique()[:SHOW_ROWS])}"
        )
    out = pd.DataFrame({"id": table["id"]})
    for axis in AXES:
        if axis not in table.columns:
            out[axis] = ""
            continue
        folded = table[axis].map(_fold)
        labels = folded.map(_spellings()[axis])
        bad = (folded != "") & labels.isna()
        if bad.any():
            raise CodingError(
                f"{name}: {axis} of id(s) {', '.join(table['id'][bad].tolist()[:SHOW_ROWS])} not one of {', '.join(AXES[axis])}"
            )
        out[axis] = labels.fillna("").to_numpy()
    return out


def agreement(a, b) -> Agreement:
    """How far two codings of the same sentences agree, per axis.

    The codings are matched by ``id``; on each axis a sentence counts when
    both gave it a label.

    Args:
        a, b: codings: DataFrames with ``id`` and ``frame`` and/or ``tone``
            (what :func:`read_coding` returns), or Series of labels indexed
            by id (named ``frame`` or ``tone``).

    Returns:
        An :class:`Agreement`: Cohen's κ (scikit-learn), Krippendorff's α
        (the ``krippendorff`` package, nominal), n, the share agreed and the
        confusion table. Perfect agreement is κ = α = 1, also when both
        codings use a single label.

    Raises:
        CodingError: no id is in both codings, an id repeats, or a label is
            outside the codebook.

    Example:
        >>> a = pd.DataFrame({"id": ["1", "2", "3", "4"], "frame": ["none", "none", "competition", "competition"]})
        >>> b = a.assign(frame=["none", "competition", "competition", "competition"])
        >>> agreement(a, b).kappa["frame"]
        0.5
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    left, right = _coding_table(a, "a"), _coding_table(b, "b")
    both = left.merge(right, on="id", suffixes=("_a", "_b"))
    if both.empty:
        raise CodingError(
            f"a and b share no id (a has {len(left)} ids such as {', '.join(left['id'][:3])}; b has {len(right)} such as {', '.join(right['id'][:3])})"
        )
    rows, cells = [], []
    for axis, labels in AXES.items():
        pair = both[(both[f"{axis}_a"] != "") & (both[f"{axis}_b"] != "")]
        if pair.empty:
            continue
        x, y = pair[f"{axis}_a"].tolist(), pair[f"{axis}_b"].tolist()
        observed = float(np.mean([p == q for p, q in zip(x, y)]))
        if len(set(x) | set(y)) == 1:
            kappa = alpha = 1.0  # one label throughout: agreement is perfect, chance cannot be estimated
        else:
            kappa = float(cohen_kappa_score(x, y, labels=list(labels)))
            code = {label: i for i, label in enumerate(labels)}
            data = np.array([[code[v] for v in x], [code[v] for v in y]], dtype=float)
            alpha = float(
                krippendorff.alpha(
                    reliability_data=data, level_of_measurement="nominal", value_domain=list(range(len(labels)))
                )
            )
        rows.append(
            {
                "axis": axis,
                "n": len(pair),
                "agreement": round(observed, 4),
                "kappa": round(kappa, 4),
                "alpha": round(alpha, 4),
            }
        )
        counts = pd.crosstab(pd.Categorical(x, categories=labels), pd.Categorical(y, categories=labels), dropna=False)
        cells += [{"axis": axis, "a": p, "b": q, "n": int(counts.loc[p, q])} for p in labels for q in labels]
    if not rows:
        raise CodingError("a and b share ids but no sentence has a label from both on either axis")
    return Agreement(pd.DataFrame(rows), pd.DataFrame(cells, columns=["axis", "a", "b", "n"]))

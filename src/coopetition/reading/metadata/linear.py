"""Metadata, the candidate scores: a logistic regression's weights read from plain data and applied.

The headline (``data/title_model.toml``) and the outlet of an unknown site
(``data/outlet_model.toml``) are each the best of several candidates, scored by a
logistic regression that a script in ``benchmarks/`` fits with scikit-learn and
writes as plain numbers (no pickle). One reader and one scorer serve both.
"""

from __future__ import annotations

import math
import operator
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LinearModel:
    """Weights of a candidate score (a logistic regression over a fixed list of features)."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def logit(self, features: Sequence[float]) -> float:
        """The candidate's log-odds: the intercept plus the weighted features."""
        return self.intercept + sum(map(operator.mul, self.weights, features))

    def probability(self, features: Sequence[float]) -> float:
        """The candidate's probability: the logistic of :meth:`logit`."""
        return 1.0 / (1.0 + math.exp(-self.logit(features)))

    def best(self, candidates: Iterable[tuple[str, Sequence[float]]]) -> str:
        """The text of the best-scoring ``(text, features)`` candidate when its probability passes
        the threshold, else ``""`` (the first of equal scores)."""
        texts, features = [], []
        for text, row in candidates:
            texts.append(text)
            features.append(row)
        best = self.best_index(features)
        return texts[best] if best >= 0 and texts[best] else ""

    def best_index(self, candidates: Iterable[Sequence[float]]) -> int:
        """The index of the best-scoring feature row when its probability passes the threshold,
        else -1 (the first of equal scores)."""
        best, best_z = -1, -math.inf
        for index, features in enumerate(candidates):
            z = self.logit(features)
            if z > best_z:
                best, best_z = index, z
        return best if best >= 0 and 1.0 / (1.0 + math.exp(-best_z)) > self.threshold else -1


def load_linear_model(text: str, features: Sequence[str], *, where: str, what: str) -> LinearModel:
    """Read a candidate score's ``intercept``, ``threshold`` and ``[weights]`` (one per feature name).

    Raises:
        ValueError: naming ``where`` when a feature has no weight, an unknown feature is weighted,
            or a weight, the intercept or the threshold is not a number.
    """
    spec = tomllib.loads(text)
    weights = spec.get("weights", {})
    missing, unknown = set(features) - set(weights), set(weights) - set(features)
    if missing or unknown:
        raise ValueError(
            f"{where}: weights must name exactly the {what} features; missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    values = [weights[f] for f in features] + [spec.get("intercept"), spec.get("threshold")]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise ValueError(f"{where}: every weight, the intercept and the threshold must be numbers")
    return LinearModel(tuple(float(weights[f]) for f in features), float(spec["intercept"]), float(spec["threshold"]))

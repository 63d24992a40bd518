"""Cleaning: the step type (a ``str -> str`` function that counts what it changed) and :func:`compose`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from coopetition._check import require_text
from coopetition.text.clean.tables import _codepoints

# --- the step type -------------------------------------------------------------


@dataclass
class Step:
    """A named cleaning step: call it as ``str -> str``; ``apply`` also counts.

    Args:
        name: the column suffix in the cleaning report (``n_<name>``).
        func: ``(text, **options) -> (new_text, count)``.
        unit: what ``count`` counts, for the report's legend.
    """

    name: str
    func: Callable[..., tuple[str, int]] = field(repr=False)
    unit: str = "items"

    def __call__(self, text: str, **options) -> str:
        return self.apply(text, **options)[0]

    def apply(self, text: str, **options) -> tuple[str, int]:
        """Return the cleaned text and how many items this step changed or removed.

        Raises:
            TypeError: ``text`` is not a ``str``.
        """
        return self.func(require_text(text, "text"), **options)


def compose(*steps: Callable[[str], str]) -> Callable[[str], str]:
    """Chain ``str -> str`` functions left to right into one function."""

    def chained(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return chained


def _step(name: str, unit: str):
    def wrap(func: Callable[..., tuple[str, int]]) -> Step:
        step = Step(name, func, unit)
        functools.update_wrapper(step, func)  # type: ignore[arg-type]
        return step

    return wrap


def _count_changed(before: str, after: str) -> int:
    """How many characters differ between two texts of the same length (else the length change)."""
    if len(before) != len(after):
        return abs(len(before) - len(after)) + sum(map(str.__ne__, before, after))
    if not before:
        return 0
    return int(np.count_nonzero(_codepoints(before) != _codepoints(after)))

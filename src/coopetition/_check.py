"""Argument checks shared by the public functions: one clear error, naming the argument."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

__all__ = ["CorpusWarning", "require_text", "texts_of", "is_texts", "container_hint", "TEXTS_EXPECTED"]


class CorpusWarning(UserWarning):
    """An article that loads but deserves a look (empty after cleaning, absurdly long line
    or title), or a file or record left out; the message names the file (and the record).

    Defined here, on the ground floor, so that cleaning (``text/``) and reading
    (``reading/``) warn with the same class; ``coopetition.CorpusWarning`` is this class.
    """


#: what the functions that take texts accept, for their error messages
TEXTS_EXPECTED = "str, list, Series or corpus DataFrame"


def require_text(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``; else raise a ``TypeError`` naming ``name``.

    Example:
        >>> require_text(None, "sentence")
        Traceback (most recent call last):
        ...
        TypeError: sentence must be a str, not NoneType
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def is_texts(value: object) -> bool:
    """Whether ``value`` is a container :func:`texts_of` reads (its items are checked there)."""
    import numpy as np
    import pandas as pd

    return isinstance(value, (str, list, tuple, pd.Series, pd.DataFrame, pd.Index)) or (
        isinstance(value, np.ndarray) and value.ndim == 1
    )


def container_hint(value: object) -> str:
    """What to give instead of a container :func:`texts_of` does not read, for its error ("" if nothing to say)."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return f" (an array of {value.ndim} dimensions; give one text per item)"
    if isinstance(value, (set, frozenset)):
        return " (a set has no order to align a result to: give a list)"
    if isinstance(value, Iterator):
        return " (an iterator is read once: give list(...) of it)"
    return ""


def texts_of(value: object, call: str, *, columns: Sequence[str] = ("text",)):
    """The texts of a pandas-style argument, and the index to align a result to.

    ``value`` may be a ``str`` (index ``None``: the caller returns a scalar), a
    list, tuple, one-dimensional NumPy array or pandas Index of ``str`` (a ``RangeIndex``), a ``pandas.Series`` of ``str``
    (its own index) or a DataFrame with one of ``columns`` (the first present;
    its index).

    Args:
        value: the argument.
        call: the argument as the user wrote it, for messages: ``"frame_label(sentence=…)"``.
        columns: the DataFrame columns that hold the texts, in order of preference.

    Returns:
        ``(texts, index)``: a ``str`` and ``None``, or a list of ``str`` and a ``pandas.Index``.

    Raises:
        TypeError: ``value`` is none of these, or an item is not a ``str``
            (naming its position or index label).
        ValueError: a DataFrame has none of ``columns``.

    Example:
        >>> texts_of(3, "frame_label(sentence=…)")
        Traceback (most recent call last):
        ...
        TypeError: frame_label(sentence=…) expects str, list, Series or corpus DataFrame, got int
    """
    import numpy as np
    import pandas as pd

    if isinstance(value, str):
        return value, None
    if isinstance(value, pd.DataFrame):
        column = next((c for c in columns if c in value.columns), None)
        if column is None:
            raise ValueError(
                f"{call}: a DataFrame needs a {' or '.join(map(repr, columns))} column; "
                f"it has {', '.join(map(repr, map(str, value.columns))) or 'no columns'}"
            )
        items, index = value[column].tolist(), value.index
    elif isinstance(value, pd.Series):
        items, index = value.tolist(), value.index
    elif isinstance(value, (list, tuple, pd.Index)) or (isinstance(value, np.ndarray) and value.ndim == 1):
        items, index = list(value), pd.RangeIndex(len(value))  # a column's .values or .index, too
    else:
        raise TypeError(f"{call} expects {TEXTS_EXPECTED}, got {type(value).__name__}{container_hint(value)}")
    for label, item in zip(index, items):
        if not isinstance(item, str):
            raise TypeError(f"{call}: the item at {label!r} must be a str, not {type(item).__name__}")
    return items, index

"""Argument checks shared by the public functions: one clear error, naming the argument."""

from __future__ import annotations

__all__ = ["require_text"]


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

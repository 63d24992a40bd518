"""The package version (one place: the package, the labeller files and the cache key read it)."""

__version__ = "0.1.0"

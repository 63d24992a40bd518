"""Output: tables → figures (their I/O and cache), findings and the report."""

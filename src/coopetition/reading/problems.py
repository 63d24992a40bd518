"""Reading, files that cannot be read: ``errors='raise'`` or ``'skip'``, one error naming them all."""

from __future__ import annotations

from pathlib import Path

from coopetition.reading.readers import CorpusError, Problem, corpus_warning

#: what to do with a file that cannot be read: ``raise`` one error naming every such file, after
#: reading the others, or ``skip`` it with a warning naming it and the reason
ERRORS = ("raise", "skip")
#: unreadable files named one per line in the error before "and k more"
_LISTED_PROBLEMS = 20


def check_errors(errors: object) -> str:
    """``errors`` if it is one of :data:`ERRORS`; else a ``ValueError`` naming them."""
    if errors not in ERRORS:
        raise ValueError(f"errors must be one of {', '.join(map(repr, ERRORS))}, not {errors!r}")
    return errors  # type: ignore[return-value]


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def settle_problems(
    problems: list,
    errors: str,
    *,
    hint: str = "errors='skip' loads the rest with a warning for each",
    stacklevel: int = 3,
) -> None:
    """Act on the files and records that could not be read.

    Each problem is a :class:`~coopetition.reading.readers.Problem` (a file, or one
    record of a dump) or a :class:`CorpusError` message naming its file. With
    ``errors="raise"``, one :class:`CorpusError` lists them all, so one run finds
    every bad file and record of a crawl; with ``"skip"``, each is a
    :class:`CorpusWarning` naming it (``<file>: skipped: <reason>``;
    ``<file>: line 3 (id 'a17'): skipped: <reason>`` for a record, whose file's
    other records are read) and loading goes on. ``hint`` says in the error what
    the caller can do about them. Warnings point at the user's call and are shown
    for every problem, every time (``stacklevel`` is kept for callers; unused).
    """
    if not problems:
        return
    problems = [p if isinstance(p, Problem) else Problem(*str(p).partition(": ")[::2]) for p in problems]
    if errors == "skip":
        for problem in problems:
            tail = "; the file's other records are read" if problem.record else ""
            corpus_warning(f"{problem.where}: skipped: {problem.reason}{tail}")
        return
    if len(problems) == 1:
        raise CorpusError(str(problems[0]))
    records = sum(p.record for p in problems)
    files = len(problems) - records
    what = " and ".join(
        x for x in (_count(files, "file") if files else "", _count(records, "record") if records else "") if x
    )
    listed = "\n".join(f"  {p}" for p in problems[:_LISTED_PROBLEMS])
    more = f"\n  and {len(problems) - _LISTED_PROBLEMS:,} more" if len(problems) > _LISTED_PROBLEMS else ""
    raise CorpusError(f"{what} could not be read ({hint}):\n{listed}{more}")


def read_each(files: list[Path], read, errors: str, *, problems: list | None = None, **settle) -> list:
    """``read(file)`` for every file, in order, then :func:`settle_problems` on ``problems``
    (what the caller found before, and what ``read`` adds to it: a dump's bad records) and
    the files whose read raised a :class:`CorpusError`: the results of the others
    (``settle``: its ``hint``)."""
    results, problems = [], problems if problems is not None else []
    for file in files:
        try:
            results.append(read(file))
        except CorpusError as exc:
            problems.append(str(exc))
    settle_problems(problems, errors, **settle)
    return results

"""The corpus at scale: many articles, streamed, in parallel processes, cached.

:func:`process_corpus` loads, cleans and tokenises a folder (or a list) of
articles and returns the same two tables the notebooks build with
:func:`coopetition.load_corpus` and :func:`coopetition.term_frequencies`.
Articles stream through one at a time: no list of every article's tokens is
ever held, only each article's term counts, packed into integer arrays.

The per-article step, :func:`process_article`, is a pure, picklable function
of a file path, so any scheduler can run it — ``concurrent.futures`` here,
Dask on a cluster (see the README)::

    import dask.bag as db
    from coopetition.pipeline import process_article, frequencies_from_records

    records = db.from_sequence(files, npartitions=64).map(process_article).compute()
    freqs = frequencies_from_records(records)

Worker processes build their own jieba tokenizer from the packaged
dictionary on first use, so the domain words take effect in every worker
whatever the start method (a user dictionary added to jieba at run time in
the parent is the well-known trap this avoids).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coopetition import paths
from coopetition.corpus import article_record, catalog_for, corpus_frame
from coopetition.segment import document_tokens

__all__ = ["process_article", "process_corpus", "iter_records", "frequencies_from_records", "ProcessedCorpus"]


@dataclass(frozen=True)
class ProcessedCorpus:
    """What :func:`process_corpus` returns.

    Attributes:
        corpus: one row per article, the columns of :func:`coopetition.load_corpus`
            (``raw`` is empty unless ``keep_raw=True``; ``text`` is empty with
            ``keep_text=False``).
        frequencies: ``doc_id, term, count, per_1k`` exactly as
            :func:`coopetition.term_frequencies`, with ``doc_id`` and ``term``
            as categoricals to keep millions of rows small.
    """

    corpus: pd.DataFrame
    frequencies: pd.DataFrame


def process_article(path: str | Path, meta: dict | None = None, *, cache: bool = True) -> dict:
    """Load, clean and tokenise one article: a pure, picklable function of its file.

    Returns:
        The corpus row of :func:`coopetition.corpus.article_record` plus
        ``counts``, a ``{term: count}`` dict of its content tokens.
    """
    record = article_record(Path(path), meta, cache=cache)
    record["counts"] = dict(Counter(document_tokens(record["text"], cache=cache)))
    return record


def _task(args: tuple) -> dict:
    path, meta, cache, keep_text, keep_raw = args
    record = process_article(path, meta, cache=cache)
    if not keep_raw:
        record["raw"] = ""
    if not keep_text:
        record["text"] = ""
    return _pack(record)


def iter_records(
    files: Iterable[Path], catalog: pd.DataFrame | None = None, *, n_jobs: int = 1, cache: bool = True,
    keep_text: bool = True, keep_raw: bool = False, chunksize: int = 8,
) -> Iterator[dict]:
    """Yield :func:`process_article` records in file order, from ``n_jobs`` processes."""
    catalog = catalog if catalog is not None else pd.DataFrame(columns=["file"]).set_index("file")
    tasks = ((f, catalog.loc[f.name].to_dict() if f.name in catalog.index else None, cache, keep_text, keep_raw) for f in files)
    if n_jobs <= 1:
        yield from map(_task, tasks)
        return
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        yield from pool.map(_task, tasks, chunksize=chunksize)


_SEP = "\n"  # tokens never hold a line break: jieba splits on whitespace
_FLUSH_EVERY = 2000  # articles whose terms are factorised together


def _pack(record: dict) -> dict:
    """Replace ``record["counts"]`` by a compact form: the terms joined by a line
    break and the counts as int32 bytes (cheap to pickle, cheap to unpack)."""
    counts = record.pop("counts")
    record["packed_terms"] = _SEP.join(counts)
    record["packed_counts"] = array("i", counts.values()).tobytes()
    return record


class _FrequencyBuilder:
    """Collects each record's term counts as it arrives, without a Python loop per term.

    Terms are factorised by pandas in batches of articles; only each batch's
    distinct terms go through a dict to get corpus-wide codes.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.doc_ids: list[str] = []
        self.lengths = array("q")
        self.count_parts: list[bytes] = []
        self.code_parts: list[np.ndarray] = []
        self.pending: list[str] = []

    def add(self, record: dict) -> dict:
        """Take the counts out of ``record`` (packed or not) and keep them; return the record."""
        if "counts" in record:
            _pack(record)
        terms, counts = record.pop("packed_terms"), record.pop("packed_counts")
        self.doc_ids.append(record["doc_id"])
        self.lengths.append(len(counts) // 4)
        if counts:
            self.pending.append(terms)
            self.count_parts.append(counts)
        if len(self.pending) >= _FLUSH_EVERY:
            self._flush()
        return record

    def _flush(self) -> None:
        if not self.pending:
            return
        terms = np.array(_SEP.join(self.pending).split(_SEP), dtype=object)
        local, uniques = pd.factorize(terms)
        ids = self.term_ids
        mapping = np.fromiter((ids.setdefault(t, len(ids)) for t in uniques), dtype=np.int64, count=len(uniques))
        self.code_parts.append(mapping[local].astype(np.int32))
        self.pending = []

    def table(self) -> pd.DataFrame:
        """The tidy table, sorted like :func:`coopetition.term_frequencies`."""
        self._flush()
        terms = np.array(list(self.term_ids), dtype=object)
        docs = np.array(self.doc_ids, dtype=object)
        term_sorted, doc_sorted = np.argsort(terms, kind="stable"), np.argsort(docs, kind="stable")
        term_rank, doc_rank = np.empty(len(terms), dtype=np.int64), np.empty(len(docs), dtype=np.int64)
        term_rank[term_sorted] = np.arange(len(terms))
        doc_rank[doc_sorted] = np.arange(len(docs))
        lengths = np.frombuffer(self.lengths, dtype=np.int64)
        d = np.repeat(np.arange(len(docs)), lengths)
        t = np.concatenate(self.code_parts).astype(np.int64) if self.code_parts else np.empty(0, dtype=np.int64)
        c = np.frombuffer(b"".join(self.count_parts), dtype=np.int32).astype(np.int64)
        totals = np.bincount(d, weights=c, minlength=len(docs))
        order = np.lexsort((term_rank[t], -c, doc_rank[d]))
        d, t, c = d[order], t[order], c[order]
        return pd.DataFrame(
            {
                "doc_id": pd.Categorical.from_codes(doc_rank[d], categories=docs[doc_sorted]),
                "term": pd.Categorical.from_codes(term_rank[t], categories=terms[term_sorted]),
                "count": c,
                "per_1k": 1000 * c / totals[d],
            }
        )


def frequencies_from_records(records: Iterable[dict]) -> pd.DataFrame:
    """Build the tidy ``doc_id, term, count, per_1k`` table from records' ``counts``
    (from :func:`process_article` on any scheduler), streaming."""
    builder = _FrequencyBuilder()
    for record in records:
        builder.add(record)
    return builder.table()


def process_corpus(
    source: str | Path | Iterable[str | Path] | None = None, *, n_jobs: int = 1, cache: bool = True,
    keep_text: bool = True, keep_raw: bool = False, chunksize: int = 8,
) -> ProcessedCorpus:
    """Load, clean and tokenise many articles, streaming, optionally in parallel.

    Args:
        source: a folder of ``.txt`` articles (with an optional ``catalog.csv``),
            one file, or an iterable of files; default the seeds folder.
        n_jobs: worker processes (1 runs in this process).
        cache: read and write the article cache (cleaned text and tokens,
            keyed by content and pipeline version; see :mod:`coopetition.cache`).
        keep_text: keep each article's cleaned text in ``corpus``.
        keep_raw: keep each article's decoded raw text in ``corpus``.
        chunksize: articles handed to a worker at a time.

    Returns:
        A :class:`ProcessedCorpus`: the corpus table and the term frequencies.

    Raises:
        CorpusError: as :func:`coopetition.load_corpus`, naming the file.
    """
    if source is None or isinstance(source, (str, Path)):
        files, catalog = catalog_for(Path(source) if source is not None else paths.seeds_dir())
    else:
        files, catalog = [Path(p) for p in source], None
    builder = _FrequencyBuilder()
    records = iter_records(files, catalog, n_jobs=n_jobs, cache=cache, keep_text=keep_text, keep_raw=keep_raw, chunksize=chunksize)
    rows = [builder.add(record) for record in records]
    where = Path(source) if isinstance(source, (str, Path)) else Path(".")
    return ProcessedCorpus(corpus_frame(rows, where), builder.table())

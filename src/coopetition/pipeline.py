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
from coopetition.cache import memo
from coopetition.clean import REPORT_COLUMNS
from coopetition.corpus import CORPUS_COLUMNS, article_record, catalog_for, check_doc_ids, doc_label
from coopetition.segment import tokenize

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
    text = record["text"]
    tokens = memo("tokens", text, lambda: tokenize(text), use=cache)
    record["counts"] = dict(Counter(tokens))
    return record


def _task(args: tuple) -> dict:
    path, meta, cache, keep_text, keep_raw = args
    record = process_article(path, meta, cache=cache)
    if not keep_raw:
        record["raw"] = ""
    if not keep_text:
        record["text"] = ""
    return record


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


class _FrequencyBuilder:
    """Packs each record's term counts into integer arrays as it arrives."""

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.doc_ids: list[str] = []
        self.docs, self.terms, self.counts = array("i"), array("i"), array("i")
        self.totals = array("q")

    def add(self, record: dict) -> dict:
        """Take ``record["counts"]`` out of the record and pack it; return the record."""
        doc_index = len(self.doc_ids)
        self.doc_ids.append(record["doc_id"])
        counts = record.pop("counts")
        self.totals.append(sum(counts.values()))
        for term, count in counts.items():
            self.docs.append(doc_index)
            self.terms.append(self.term_ids.setdefault(term, len(self.term_ids)))
            self.counts.append(count)
        return record

    def table(self) -> pd.DataFrame:
        """The tidy table, sorted like :func:`coopetition.term_frequencies`."""
        terms = np.array(list(self.term_ids), dtype=object)
        docs = np.array(self.doc_ids, dtype=object)
        term_sorted, doc_sorted = np.argsort(terms, kind="stable"), np.argsort(docs, kind="stable")
        term_rank, doc_rank = np.empty(len(terms), dtype=np.int64), np.empty(len(docs), dtype=np.int64)
        term_rank[term_sorted] = np.arange(len(terms))
        doc_rank[doc_sorted] = np.arange(len(docs))
        d = np.frombuffer(self.docs, dtype=np.int32).astype(np.int64)
        t = np.frombuffer(self.terms, dtype=np.int32).astype(np.int64)
        c = np.frombuffer(self.counts, dtype=np.int32).astype(np.int64)
        order = np.lexsort((term_rank[t], -c, doc_rank[d]))
        d, t, c = d[order], t[order], c[order]
        return pd.DataFrame(
            {
                "doc_id": pd.Categorical.from_codes(doc_rank[d], categories=docs[doc_sorted]),
                "term": pd.Categorical.from_codes(term_rank[t], categories=terms[term_sorted]),
                "count": c,
                "per_1k": 1000 * c / np.frombuffer(self.totals, dtype=np.int64)[d],
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
    corpus = pd.DataFrame(rows)
    check_doc_ids(corpus, Path(source) if isinstance(source, (str, Path)) else Path("."))
    corpus = corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)
    corpus["label"] = corpus.apply(doc_label, axis=1)
    return ProcessedCorpus(corpus[[*CORPUS_COLUMNS, *REPORT_COLUMNS]], builder.table())

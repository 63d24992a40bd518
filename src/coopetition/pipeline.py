"""The corpus at scale: many articles, streamed, in parallel processes, cached.

:func:`process_corpus` loads, cleans and tokenises a folder (or a list) of
article files in any format of :mod:`coopetition.reading.readers` and returns the
same two tables the notebooks build with :func:`coopetition.load_corpus` and
:func:`coopetition.term_frequencies`. Articles stream through one file at a
time: no list of every article's tokens is ever held, only each article's
term counts, packed into integer arrays. A terminal shows a progress bar
(tqdm, on stderr); a notebook or a log file does not.

The unit of work is a file (a ``.jsonl`` or ``.csv`` dump holds many
articles): :func:`process_file` is a pure, picklable function of a file path
and returns one record per article, so any scheduler can run it (docs/scale.md)::

    import dask.bag as db
    from coopetition.pipeline import drop_site_furniture_records, process_file, frequencies_from_records

    records = db.from_sequence(files, npartitions=64).map(process_file).flatten().compute()
    drop_site_furniture_records(records)  # the corpus pass, once every file is in
    freqs = frequencies_from_records(records)

:func:`process_article` does the same for one article (a one-article file or
a :class:`~coopetition.reading.readers.RawArticle`).

Forked workers inherit the segmenter and the tables the parent builds before
they start; spawned or Dask workers build their own (jieba-rs by default) from
the packaged dictionary on first use. Either way the domain words take effect
in every worker whatever the start method (a user dictionary added to jieba at
run time in the parent is the well-known trap this avoids).
"""

from __future__ import annotations

import gc
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from coopetition import paths
from coopetition.measures.stats import _display_names, _table_order
from coopetition.reading.corpus import (
    _require_files,
    article_record,
    catalog_rows,
    check_errors,
    check_site_records,
    corpus_catalog,
    corpus_frame,
    drop_site_lines,
    file_records,
    list_corpus,
    row_site_groups,
    settle_problems,
    site_lines_dropped,
    warn_left_out,
)
from coopetition.reading.dedup import DuplicateIndex
from coopetition.reading.readers import CorpusError, RawArticle, printable, require_path
from coopetition.text.furniture_site import drop_lines, line_keys, recurring_lines
from coopetition.text.segment import document_tokens

__all__ = [
    "process_article",
    "process_file",
    "process_corpus",
    "drop_site_furniture_records",
    "iter_records",
    "frequencies_from_records",
    "ProcessedCorpus",
]


@dataclass(frozen=True)
class ProcessedCorpus:
    """What :func:`process_corpus` returns.

    Attributes:
        corpus: one row per article, the columns of :func:`coopetition.load_corpus`
            without ``raw`` (unless ``keep_raw=True``); ``text`` is empty with
            ``keep_text=False``.
        frequencies: ``doc_id, term, count, per_1k`` exactly as
            :func:`coopetition.term_frequencies`, with ``doc_id`` and ``term``
            as categoricals to keep millions of rows small.
    """

    corpus: pd.DataFrame
    frequencies: pd.DataFrame


def _with_counts(record: dict, cache: bool) -> dict:
    record["counts"] = dict(Counter(document_tokens(record["text"], cache=cache)))
    return record


def process_article(source: str | Path | RawArticle, meta: dict | None = None, *, cache: bool = True) -> dict:
    """Load, clean and tokenise one article: a pure, picklable function of its file (without the
    corpus pass, which needs the site's other articles: see :func:`drop_site_furniture_records`).

    Args:
        source: a file holding one article, or a :class:`~coopetition.reading.readers.RawArticle`.
        meta: its catalog row, if any.

    Returns:
        The corpus row of :func:`coopetition.reading.corpus.article_record` plus
        ``counts``, a ``{term: count}`` dict of its content tokens.

    Raises:
        CorpusError: as :func:`coopetition.load_corpus`; a multi-record file
            (use :func:`process_file`).
    """
    return _with_counts(
        article_record(source if isinstance(source, RawArticle) else Path(source), meta, cache=cache), cache
    )


def process_file(
    path: str | Path,
    rows: dict[str, dict] | None = None,
    *,
    cache: bool = True,
    name: str | None = None,
    problems: list | None = None,
) -> list[dict]:
    """Load, clean and tokenise every article of one file (one, or one per record).

    Args:
        path: a file in any supported format.
        rows: its catalog rows by ``file`` key (see :func:`coopetition.reading.corpus.catalog_rows`).
        name: the file as the corpus names it (its path relative to the corpus folder).
        problems: a list collecting a dump's bad records, whose good records are
            kept (default: the first bad record raises).

    Returns:
        A list of :func:`process_article` records, in file order.

    A file is not a site: its articles are cleaned without the corpus pass of ``load_corpus``
    (lines a site repeats across its articles, in any file): run :func:`drop_site_furniture_records`
    on every file's records once all are in (:func:`process_corpus` runs it itself).
    """
    return [
        _with_counts(record, cache)
        for record in file_records(Path(path), rows, cache=cache, name=name, problems=problems)
    ]


def _task(args: tuple) -> tuple[list[dict], list]:
    """One file's packed records and its problems: the bad records of a dump (its good
    records are kept), or no record and the :class:`CorpusError` message when the file
    cannot be read (so a crawl's every bad file and record is known at the end)."""
    path, name, rows, cache, keep_text, keep_raw = args
    problems: list = []
    try:
        records = process_file(path, rows, cache=cache, name=name, problems=problems)
    except CorpusError as exc:
        return [], [str(exc)]
    for record in records:
        # what the site-furniture pass needs of the article (hashes, never its lines; see process_corpus)
        keys, record["site_identity"] = line_keys(record["text"])
        record["site_index"] = array("I", (index for index, _ in keys)).tobytes()
        record["site_keys"] = array("Q", (key for _, key in keys)).tobytes()
        if not keep_raw:
            record["raw"] = ""
        if not keep_text:
            record["text"] = ""
        _pack(record)
    return records, problems


#: a short article in both scripts, with a byline, a date, Markdown, a gloss, recoverable mojibake,
#: damage that is not recoverable and a number: run once through the per-article step, it builds
#: every lazily built table and pattern
_WARM_UP = (
    "# 京东与微信再度合作\n作者|张三 2025-06-09\n**來源:某某新聞**\n"
    "京東與騰訊續約,雙方將繼續合作(hézuò)三年。\n美团营收增长12.5%,达到2,000亿元;鍙屾柟达成合作。\n"
    "通道??焓值膬容更新。"
)


def _prepare_parent() -> None:
    """Build, once in this process, what every worker builds on first use: the
    default segmenter's dictionary, the MinHash permutations and the cleaning and
    metadata tables, by processing :data:`_WARM_UP` (cache off, so each is really
    built). A forked worker inherits them instead of building its own; a spawned
    one builds its own as before."""
    process_article(RawArticle("warm-up.txt", "warm-up", _WARM_UP, "utf-8", "txt"), cache=False)


def _iter_file_records(
    files: Iterable[Path],
    catalog: pd.DataFrame | None,
    *,
    n_jobs: int,
    cache: bool,
    keep_text: bool,
    keep_raw: bool,
    chunksize: int,
    names: Iterable[str] | None = None,
) -> Iterator[tuple[list[dict], list]]:
    files = list(files)
    names = list(names) if names is not None else [Path(f).name for f in files]
    grouped = catalog_rows(catalog, names)
    tasks = ((f, name, grouped.get(name), cache, keep_text, keep_raw) for f, name in zip(files, names))
    if n_jobs <= 1:
        yield from map(_task, tasks)
        return
    _prepare_parent()
    # what the parent holds now (tables, dictionary, modules) is left out of garbage collection
    # while the workers run: a collection in a forked worker would otherwise write to every
    # inherited object and copy the pages that hold them (the memory the fork shares)
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            yield from pool.map(_task, tasks, chunksize=chunksize)
    finally:
        gc.unfreeze()


def iter_records(
    files: Iterable[Path],
    catalog: pd.DataFrame | None = None,
    *,
    n_jobs: int = 1,
    cache: bool = True,
    keep_text: bool = True,
    keep_raw: bool = False,
    chunksize: int = 8,
) -> Iterator[dict]:
    """Yield :func:`process_article` records (counts packed) in file order, from ``n_jobs`` processes.

    Raises:
        CorpusError: at the first file that cannot be read, or holds a bad record, naming it.
    """
    for records, problems in _iter_file_records(
        files, catalog, n_jobs=n_jobs, cache=cache, keep_text=keep_text, keep_raw=keep_raw, chunksize=chunksize
    ):
        if problems:
            raise CorpusError(str(problems[0]))
        for record in records:
            _site_lines(record, take=True)  # the corpus pass is process_corpus's: a record here is process_article's
            yield record


_SEP = "\n"  # tokens never hold a line break: jieba splits on whitespace
_FLUSH_EVERY = 500  # articles whose terms are factorised together (a batch of strings, then freed)


def _pack(record: dict) -> dict:
    """Replace ``record["counts"]`` by a compact form: the terms in the table's order
    (count descending, then term) joined by a line break, and their counts as int32
    bytes (cheap to pickle, cheap to unpack, and sorted where the work is parallel)."""
    items = sorted(record.pop("counts").items())  # by term (terms are unique), then stably by count
    items.sort(key=itemgetter(1), reverse=True)  # a reverse sort keeps equal counts in term order
    record["packed_terms"] = _SEP.join(term for term, _ in items)
    record["packed_counts"] = array("i", (count for _, count in items)).tobytes()
    return record


class _FrequencyBuilder:
    """Collects each record's term counts as it arrives, without a Python loop per term.

    Terms are factorised by pandas in batches of articles; only each batch's
    distinct terms go through a dict to get corpus-wide codes. Each article's
    terms arrive in the table's order (count descending, then term; see
    :func:`_pack`), so the finished table needs no sort over all its rows,
    only its articles' blocks put in ``doc_id`` order: memory stays a few
    arrays of 32-bit integers per row.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.doc_ids: list[str] = []
        self.lengths = array("q")
        self.count_parts: list[bytes] = []
        self.code_parts: list[np.ndarray] = []
        self.pending: list[str] = []
        self.replaced: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def replace(self, index: int, counts: dict[str, int]) -> None:
        """Put ``counts`` in place of the counts of the ``index``-th record added (an article whose
        text the site-furniture pass changed), at its place in the table."""
        packed = _pack({"counts": counts})
        terms = packed["packed_terms"].split(_SEP) if packed["packed_counts"] else []
        ids = self.term_ids
        codes = np.fromiter((ids.setdefault(t, len(ids)) for t in terms), dtype=np.int32, count=len(terms))
        self.replaced[index] = codes, np.frombuffer(packed["packed_counts"], dtype=np.int32)

    def _spliced(self, t: np.ndarray, c: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, ...]:
        """The rows with each replaced article's block swapped for its new counts (a slice each)."""
        lengths = lengths.copy()
        starts = np.cumsum(lengths) - lengths
        t_parts, c_parts, done = [], [], 0
        for i in sorted(self.replaced):
            codes, counts = self.replaced[i]
            t_parts += [t[done : starts[i]], codes]
            c_parts += [c[done : starts[i]], counts]
            done, lengths[i] = starts[i] + lengths[i], len(codes)
        self.replaced = {}
        return np.concatenate([*t_parts, t[done:]]), np.concatenate([*c_parts, c[done:]]), lengths

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
        del terms
        ids = self.term_ids
        mapping = np.fromiter((ids.setdefault(t, len(ids)) for t in uniques), dtype=np.int32, count=len(uniques))
        self.code_parts.append(mapping[local])
        self.pending = []

    def table(self) -> pd.DataFrame:
        """The tidy table, sorted like :func:`coopetition.term_frequencies`, case variants
        already folded as :func:`coopetition.measures.stats.fold_case` folds them (on the few
        distinct terms and the rows they touch, not on a copy of the whole table)."""
        self._flush()
        terms = np.array(list(self.term_ids), dtype=object)
        docs = np.array(self.doc_ids, dtype=object)
        doc_sorted = np.argsort(docs, kind="stable")
        doc_rank = np.empty(len(docs), dtype=np.int32)
        doc_rank[doc_sorted] = np.arange(len(docs), dtype=np.int32)
        lengths = np.frombuffer(self.lengths, dtype=np.int64)
        t = np.concatenate(self.code_parts) if self.code_parts else np.empty(0, dtype=np.int32)
        c = np.frombuffer(b"".join(self.count_parts), dtype=np.int32)
        self.code_parts, self.count_parts = [], []
        if self.replaced:
            t, c, lengths = self._spliced(t, c, lengths)
        d = np.repeat(doc_rank, lengths)  # from here on an article is its rank in doc_id order
        shared, names = _display_names(pd.Index(terms), np.bincount(t, weights=c, minlength=len(terms)))
        if shared.any():  # merge each article's case variants, then sort again
            terms, rename = np.unique(names.to_numpy(dtype=object), return_inverse=True)
            variant = shared[t]
            t = rename.ravel().astype(np.int32)[t]
            merged = (
                pd.DataFrame({"d": d[variant], "t": t[variant], "c": c[variant]})
                .groupby(["d", "t"], as_index=False)["c"]
                .sum()
            )
            d, t, c = (
                np.concatenate([x[~variant], merged[k].to_numpy(dtype=np.int32)])
                for x, k in ((d, "d"), (t, "t"), (c, "c"))
            )
            order = _table_order(d, c, t)  # terms are sorted: a code is a rank
            d, t, c = d[order], t[order], c[order]
            del order, variant
        else:  # rows are in order within each article: put the articles' blocks in doc_id order
            term_sorted = np.argsort(terms, kind="stable")
            term_rank = np.empty(len(terms), dtype=np.int32)
            term_rank[term_sorted] = np.arange(len(terms), dtype=np.int32)
            terms, t = terms[term_sorted], term_rank[t]
            if np.any(doc_sorted[1:] < doc_sorted[:-1]):
                starts = np.cumsum(lengths) - lengths
                moved = lengths[doc_sorted]
                rows = np.repeat(starts[doc_sorted] - (np.cumsum(moved) - moved), moved) + np.arange(len(t))
                d, t, c = d[rows], t[rows], c[rows]
                del rows
        per_1k = c.astype(np.float64)  # 1000 * count / article total, computed in place
        per_1k *= 1000
        per_1k /= np.bincount(d, weights=c, minlength=len(docs))[d]
        used = np.bincount(t, minlength=len(terms)) > 0  # terms left unused by the folding drop out
        codes = (np.cumsum(used, dtype=np.int32) - 1)[t]  # a count and a running sum, not a sort of every row
        return pd.DataFrame(
            {
                "doc_id": pd.Categorical.from_codes(d, categories=docs[doc_sorted]),
                "term": pd.Categorical.from_codes(codes, categories=terms[used]),
                "count": c.astype(np.int64),
                "per_1k": per_1k,
            },
            copy=False,
        )


def frequencies_from_records(records: Iterable[dict]) -> pd.DataFrame:
    """Build the tidy ``doc_id, term, count, per_1k`` table from records' ``counts``
    (from :func:`process_article` on any scheduler), streaming."""
    builder = _FrequencyBuilder()
    for record in records:
        builder.add(record)
    return builder.table()


def drop_site_furniture_records(records: list[dict], *, cache: bool = True) -> int:
    """The corpus pass of :func:`coopetition.load_corpus` (:mod:`coopetition.text.furniture_site`, same
    groups and thresholds) on :func:`process_file` or :func:`process_article` records gathered from any
    scheduler, once on the whole crawl's and before :func:`frequencies_from_records`: each record loses
    the lines its site repeats; its ``clean_chars``, ``n_boilerplate_lines``, ``warnings`` and ``counts``
    follow. Returns how many records changed (in place). Raises TypeError when ``records`` is not a list
    of dicts, and as :func:`~coopetition.reading.corpus.check_site_records` (a record without ``text``,
    ``counts`` or ``path``, a ``site`` or ``url`` not a string)."""
    check_site_records(records, "drop_site_furniture_records")
    dropped = drop_site_lines(records)
    for record, n in zip(records, dropped):
        if n:
            _with_counts(record, cache)
    return sum(n > 0 for n in dropped)


def _site_lines(record: dict, *, take: bool = False) -> tuple[list[tuple[int, int]], int]:
    """The site-furniture hashes :func:`_task` put in ``record``: its
    :func:`~coopetition.text.furniture_site.line_keys` (taken out of it with ``take``)."""
    get = record.pop if take else record.__getitem__
    index, keys = array("I"), array("Q")
    index.frombytes(get("site_index"))
    keys.frombytes(get("site_keys"))
    return list(zip(index, keys)), get("site_identity")


def _drop_site_lines(rows: list[dict], builder: _FrequencyBuilder, reread, cache: bool, keep_text: bool) -> None:
    """The corpus pass of :func:`coopetition.load_corpus` (:func:`~coopetition.reading.corpus.drop_site_lines`)
    on streamed rows, from the hashes their workers read (packed bytes, unpacked one group at a
    time): when a group's articles repeat a line, each article that has it loses it and its terms
    are counted again. ``reread(indices)`` gives the cleaned text of those rows when it was not kept."""
    groups = row_site_groups(rows)
    found = recurring_lines(groups, lambda i: _site_lines(rows[i]))
    hit: dict[int, list[tuple[int, int]]] = {}
    for i, row in enumerate(rows):
        keys = _site_lines(row, take=True)[0]
        if groups[i] in found and any(key in found[groups[i]] for _, key in keys):
            hit[i] = keys
    if not hit:  # the common case: nothing recurs, nothing changes
        return
    texts = {i: rows[i]["text"] for i in hit} if keep_text else reread(list(hit))
    for i, keys in hit.items():
        if not keep_text and line_keys(texts[i])[0] != keys:  # read again: the article must be the one counted
            raise CorpusError(f"{rows[i]['path']}: changed while the corpus was read: run again")
        text, n = drop_lines(texts[i], keys, found[groups[i]])
        site_lines_dropped(rows[i], text, n)
        builder.replace(i, Counter(document_tokens(text, cache=cache)))
        if not keep_text:
            rows[i]["text"] = ""


def _rereader(
    files: list[Path], names: list[str], catalog: pd.DataFrame | None, origins: list[tuple[int, int]], cache: bool
):
    """A function giving the cleaned text of some rows, read again from their files (each file once)."""

    def reread(indices: list[int]) -> dict[int, str]:
        grouped = catalog_rows(catalog, names)
        by_file: dict[int, list[int]] = {}
        for i in indices:
            by_file.setdefault(origins[i][0], []).append(i)
        texts: dict[int, str] = {}
        for k, members in by_file.items():
            records = file_records(files[k], grouped.get(names[k]), cache=cache, name=names[k], problems=[])
            if max(origins[i][1] for i in members) >= len(records):
                raise CorpusError(f"{files[k]}: changed while the corpus was read (fewer articles now): run again")
            texts.update((i, records[origins[i][1]]["text"]) for i in members)
        return texts

    return reread


def _file_names(files: list[Path]) -> list[str]:
    """The ``path`` of each file of a list given to :func:`process_corpus`: its name, or,
    when two files share a name (``x/a.txt``, ``y/a.txt``), its path relative to the
    folder all of them are in, so no two articles are named alike."""
    names = [printable(f.name) for f in files]
    if len(set(names)) == len(names):
        return names
    absolute = [os.path.abspath(f) for f in files]
    common = os.path.commonpath([os.path.dirname(a) for a in absolute])
    return [printable(Path(os.path.relpath(a, common)).as_posix()) for a in absolute]


def process_corpus(
    source: str | Path | Iterable[str | Path] | None = None,
    *,
    n_jobs: int = 1,
    cache: bool = True,
    keep_text: bool = True,
    keep_raw: bool = False,
    chunksize: int = 8,
    progress: bool | None = None,
    errors: str = "raise",
    exclude=None,
) -> ProcessedCorpus:
    """Load, clean and tokenise many articles, streaming, optionally in parallel.

    Each article is cleaned and counted as it streams in; the corpus pass of
    :func:`coopetition.load_corpus` (lines a site repeats across its articles,
    :mod:`coopetition.text.furniture_site`) runs after the last, from the hashes of each
    article's edge lines its worker sent: only the articles that lose a line have their text,
    ``clean_chars``, ``n_boilerplate_lines``, ``warnings`` and term counts corrected (their text
    re-read from the file with ``keep_text=False``), so both tables equal
    ``load_corpus``'s and ``term_frequencies``' (docs/scale.md).

    Args:
        source: a folder of articles in any supported format (with an optional
            ``catalog.csv``), read with its subfolders (see
            :func:`coopetition.reading.corpus.list_corpus`), one file, or an iterable of
            files; default the seeds folder.
        n_jobs: worker processes (1 runs in this process).
        cache: read and write the article cache (cleaned text and tokens,
            keyed by content and pipeline version; see :mod:`coopetition.cache`).
        keep_text: keep each article's cleaned text in ``corpus``.
        keep_raw: keep a ``raw`` column with each article's text as read
            (dropped by default, as docs/scale.md says).
        chunksize: files handed to a worker at a time.
        progress: show a progress bar of files on stderr; ``None`` (default)
            shows it on a terminal only, never in a notebook or a log.
        errors: what to do with a file or a record that cannot be read, as in
            :func:`coopetition.load_corpus`: ``"raise"`` one error naming every
            such file and record once all are read, or ``"skip"`` each with a
            warning (a bad record of a dump is skipped, not its file).
        exclude: folders never read under ``source``, as in :func:`coopetition.load_corpus`.

    Returns:
        A :class:`ProcessedCorpus`: the corpus table and the term frequencies.

    Raises:
        CorpusError: as :func:`coopetition.load_corpus`, naming the file (every
            unreadable file, unless ``errors="skip"``).
        ValueError: ``errors`` is not ``"raise"`` or ``"skip"``.

    Warns:
        CorpusWarning: as :func:`coopetition.load_corpus`.
    """
    check_errors(errors)
    problems: list = []
    if source is None or isinstance(source, (str, os.PathLike)):
        if source is not None:
            source = Path(require_path(source, "source")).expanduser()  # "~/crawl" as a shell reads it; "" is refused
        listing = list_corpus(source or paths.seeds_dir(), exclude=exclude)
        warn_left_out(listing)
        if not listing.problems:
            _require_files(listing)
        files, names, catalog = listing.files, listing.names, corpus_catalog(listing)
        problems.extend(listing.problems)
    elif isinstance(source, Iterable):
        files, catalog = [Path(require_path(p, "each file in source")).expanduser() for p in source], None
        if not files:
            raise CorpusError("source is an empty list of files: give a folder, a file or a non-empty list of files")
        names = _file_names(files)
    else:
        raise TypeError(f"source must be a folder, a file or an iterable of files, not {type(source).__name__}")
    builder = _FrequencyBuilder()
    batches = _iter_file_records(
        files,
        catalog,
        n_jobs=n_jobs,
        cache=cache,
        keep_text=keep_text,
        keep_raw=keep_raw,
        chunksize=chunksize,
        names=names,
    )
    rows: list[dict] = []
    origins: list[tuple[int, int]] = []  # each row's file and place in it, to read it again
    # with worker processes, this process compares each article with the earlier ones as it
    # arrives, while the workers run, instead of after the last (one process: at the end, where
    # a cached comparison can spare it)
    duplicates = DuplicateIndex() if n_jobs > 1 else None
    with tqdm(
        total=len(files), unit="file", desc="coopetition", disable=None if progress is None else not progress
    ) as bar:
        for k, (records, found) in enumerate(batches):
            problems.extend(found)
            origins.extend((k, position) for position in range(len(records)))
            for record in records:
                if duplicates is not None:
                    duplicates.add(len(rows), record["minhash"])
                rows.append(builder.add(record))
            bar.update()
    settle_problems(problems, errors)
    _drop_site_lines(rows, builder, _rereader(files, names, catalog, origins, cache), cache, keep_text)
    del origins
    where = Path(source) if isinstance(source, (str, Path)) else Path(".")
    corpus = corpus_frame(rows, where, cache=cache, duplicates=duplicates)
    builder.doc_ids = [row["doc_id"] for row in rows]  # ids made unique by corpus_frame
    del rows  # the corpus table holds them now: free the dicts before the frequency table is built
    if not keep_raw:
        corpus = corpus.drop(columns=["raw"])
    return ProcessedCorpus(corpus, builder.table())

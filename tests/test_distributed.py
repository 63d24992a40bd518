"""The per-article step on Dask's distributed scheduler: worker processes, the same term counts.

:func:`coopetition.pipeline.process_article` is a pure function of a file,
so a ``dask.distributed`` cluster runs it as it is; each worker process
builds its own segmenter from the packaged dictionary on first use. Here a
two-process ``LocalCluster`` stands in for a real cluster. To run on a real
one, start a scheduler and workers on machines that can read the files and
have this package installed (``dask scheduler``; ``dask worker tcp://host:8786``),
then connect to its address instead of building a ``LocalCluster``::

    from dask.distributed import Client
    from coopetition.pipeline import process_article, frequencies_from_records

    with Client("tcp://scheduler-host:8786") as client:
        futures = client.map(process_article, [str(f) for f in files])
        freqs = frequencies_from_records(client.gather(futures))
"""

import pytest

from coopetition import paths
from coopetition.pipeline import frequencies_from_records, process_article

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    # processes=True: real worker processes, as on a cluster; no dashboard, no port to clash with
    with (
        distributed.LocalCluster(
            processes=True,
            n_workers=2,
            threads_per_worker=1,
            dashboard_address=None,
            scheduler_port=0,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _plain(freqs):
    return freqs.astype({"doc_id": str, "term": str}).reset_index(drop=True)


def _files():
    return [str(f) for f in sorted(paths.seeds_dir().glob("*.txt"))]


def test_a_local_cluster_gives_the_in_process_term_counts(client):
    files = _files()
    in_process = frequencies_from_records(process_article(f, cache=False) for f in files)
    futures = client.map(process_article, files, cache=False, pure=False)
    on_cluster = frequencies_from_records(client.gather(futures))
    assert len(in_process) > 1000
    assert len(client.scheduler_info()["workers"]) == 2
    assert _plain(on_cluster).equals(_plain(in_process))


def _names_in_worker(sentence):
    from coopetition.text.segment import default_segmenter, tokenize

    return default_segmenter(), tokenize(sentence)


def test_workers_segment_with_the_domain_dictionary(client):
    segmenter, tokens = client.submit(_names_in_worker, "刘强东称英伟达芯片供不应求", pure=False).result()
    assert segmenter == "rjieba"
    assert {"刘强东", "英伟达"} <= set(tokens)

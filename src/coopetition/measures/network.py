"""Corpus → network: actors as nodes, co-mention in a framing sentence as edges.

Two choices keep the network honest about what the sentences say:

- only sentences that frame a relationship (``competition``, ``cooperation``,
  ``coopetition``) give an edge its weight; sentences labelled ``none`` that
  name both firms are counted in ``none`` but add nothing to ``weight``;
- a sentence naming ``k`` firms links every pair of them, so one list
  (美团、快手、百度、小红书…都已接入) would weigh as much as ``k(k−1)/2``
  separate sentences. Each pair instead gets ``1 / (k − 1)`` of it, so a
  sentence gives each firm one unit in all, however many it names (the
  weighting of co-authorship networks, Newman 2001). Sentences naming at least
  :data:`LIST_ACTORS` firms are counted per edge in ``list_sentences``.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from coopetition.measures.labels import FRAMES

__all__ = ["actor_network", "edge_table", "LIST_ACTORS", "EDGE_COLUMNS"]

#: a sentence naming this many firms or more is a list, noted on every edge it supplies
LIST_ACTORS = 4
#: the three frames that give an edge weight
FRAMING = tuple(f for f in FRAMES if f != "none")
EDGE_COLUMNS = ["actor_a", "actor_b", "weight", *FRAMING, "none", "sentences", "list_sentences", "dominant"]


def _actors(cell: str) -> list[str]:
    return sorted({a for a in str(cell).split("、") if a})


def actor_network(sentences: pd.DataFrame):
    """Actors as nodes, co-mention in a framing sentence as weighted edges.

    Args:
        sentences: the sentence table (:func:`coopetition.measures.sentences.sentence_table`),
            with ``frame`` and ``actors`` (names joined with ``、``).

    Returns:
        A :class:`networkx.Graph`. Nodes carry ``mentions`` (sentences naming
        the actor). Edges carry ``weight`` (framing sentences naming both, a
        sentence naming ``k`` firms counting ``1/(k−1)``), the same damped
        weight per frame (``competition``, ``cooperation``, ``coopetition``),
        ``none`` (damped ``none`` sentences, not in ``weight``), ``sentences``
        (every sentence naming both, undamped), ``list_sentences`` (of those,
        sentences naming :data:`LIST_ACTORS` or more firms) and ``dominant``
        (the frame with the largest weight; ``none`` without framing
        sentences; ties go to ``coopetition``, then ``competition``).

    Example:
        >>> import pandas as pd
        >>> g = actor_network(pd.DataFrame({"frame": ["competition", "none"], "actors": ["Alibaba、JD", "Alibaba、JD"]}))
        >>> g.edges["Alibaba", "JD"]["weight"], g.edges["Alibaba", "JD"]["sentences"]
        (1.0, 2)
    """
    import networkx as nx

    if not isinstance(sentences, pd.DataFrame):
        raise TypeError(f"sentences must be a pandas DataFrame, not {type(sentences).__name__}")
    missing = [c for c in ("frame", "actors") if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences lacks the column(s) {', '.join(missing)}: pass the table from sentence_table()")
    graph = nx.Graph()
    for frame, cell in zip(sentences["frame"], sentences["actors"]):
        actors = _actors(cell)
        for actor in actors:
            if actor not in graph:
                graph.add_node(actor, mentions=0)
            graph.nodes[actor]["mentions"] += 1
        share = 1 / (len(actors) - 1) if len(actors) > 1 else 0.0
        for a, b in combinations(actors, 2):
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0.0, sentences=0, list_sentences=0, **{f: 0.0 for f in FRAMES})
            edge = graph.edges[a, b]
            edge[frame] += share
            edge["sentences"] += 1
            edge["list_sentences"] += len(actors) >= LIST_ACTORS
            if frame != "none":
                edge["weight"] += share
    for _, _, data in graph.edges(data=True):
        for key in (*FRAMES, "weight"):
            data[key] = round(data[key], 6)
        counts = {f: data[f] for f in ("coopetition", "competition", "cooperation")}
        best = max(counts.values())
        data["dominant"] = "none" if best == 0 else next(f for f in counts if counts[f] == best)
    return graph


def edge_table(graph) -> pd.DataFrame:
    """The edges of :func:`actor_network` as a table, heaviest first.

    Returns:
        One row per pair: :data:`EDGE_COLUMNS`, sorted by ``weight`` (descending),
        then ``sentences`` (descending), then the two names.
    """
    rows = [{"actor_a": a, "actor_b": b, **{c: d[c] for c in EDGE_COLUMNS[2:]}} for a, b, d in graph.edges(data=True)]
    rows = [dict(r, actor_a=min(r["actor_a"], r["actor_b"]), actor_b=max(r["actor_a"], r["actor_b"])) for r in rows]
    table = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return table.sort_values(
        ["weight", "sentences", "actor_a", "actor_b"], ascending=[False, False, True, True], ignore_index=True
    )

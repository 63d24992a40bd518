"""The actor network: only framing sentences weigh, lists are damped, frames stay separate."""

import networkx as nx
import pandas as pd
import pytest

from coopetition.measures.network import LIST_ACTORS, actor_network, edge_table


def _sentences(rows):
    return pd.DataFrame(rows, columns=["frame", "actors"])


def test_none_sentences_are_counted_but_give_no_weight():
    graph = actor_network(
        _sentences([("competition", "JD、Tencent"), ("none", "JD、Tencent"), ("none", "JD、Tencent")])
    )
    edge = graph.edges["JD", "Tencent"]
    assert (edge["weight"], edge["competition"], edge["none"], edge["sentences"]) == (1.0, 1.0, 2.0, 3)


def test_a_near_tie_keeps_both_frames_on_the_edge():
    rows = (
        [("cooperation", "Alibaba、Tencent")] * 14
        + [("competition", "Alibaba、Tencent")] * 12
        + [("coopetition", "Alibaba、Tencent")] * 5
    )
    edge = actor_network(_sentences(rows)).edges["Alibaba", "Tencent"]
    assert (edge["cooperation"], edge["competition"], edge["coopetition"], edge["weight"]) == (14, 12, 5, 31)


@pytest.mark.parametrize(
    "actors, pair_weight, listed",
    [
        ("JD、Tencent", 1.0, 0),
        ("Alibaba、JD、Tencent", 0.5, 0),
        ("Alibaba、Baidu、JD、Meituan、Tencent", 0.25, 1),
    ],
)
def test_a_sentence_naming_k_firms_gives_each_pair_one_over_k_minus_one(actors, pair_weight, listed):
    graph = actor_network(_sentences([("cooperation", actors)]))
    edge = graph.edges["JD", "Tencent"]
    assert edge["weight"] == pair_weight and edge["list_sentences"] == listed
    for node in graph.nodes:  # every firm gets one unit from the sentence in all
        assert sum(graph.edges[node, other]["weight"] for other in graph.neighbors(node)) == pytest.approx(1.0)
    assert LIST_ACTORS == 4


def test_the_same_firm_named_twice_is_one_node_not_a_self_loop():
    graph = actor_network(_sentences([("competition", "JD、JD、Tencent")]))
    assert sorted(graph.nodes) == ["JD", "Tencent"] and nx.number_of_selfloops(graph) == 0
    assert graph.nodes["JD"]["mentions"] == 1


def test_edge_table_is_sorted_heaviest_first_with_names_in_order():
    graph = actor_network(
        _sentences(
            [
                ("competition", "Tencent、JD"),
                ("cooperation", "Alibaba、Tencent"),
                ("cooperation", "Alibaba、Tencent"),
                ("none", "Baidu、JD"),
            ]
        )
    )
    table = edge_table(graph)
    assert table[["actor_a", "actor_b"]].values.tolist() == [["Alibaba", "Tencent"], ["JD", "Tencent"], ["Baidu", "JD"]]
    assert table["dominant"].tolist() == ["cooperation", "competition", "none"]


def test_the_network_of_the_seeds_is_the_same_twice(sentences_of_seeds):
    first, second = edge_table(actor_network(sentences_of_seeds)), edge_table(actor_network(sentences_of_seeds))
    pd.testing.assert_frame_equal(first, second)
    assert (first["weight"] <= first["sentences"]).all()


@pytest.mark.parametrize(
    "bad, error", [(None, TypeError), ("JD、Tencent", TypeError), (pd.DataFrame({"frame": []}), ValueError)]
)
def test_bad_input_gets_a_clear_error(bad, error):
    with pytest.raises(error, match="sentences"):
        actor_network(bad)


@pytest.fixture(scope="module")
def sentences_of_seeds(corpus):
    from coopetition.measures.sentences import sentence_table

    return sentence_table(corpus)

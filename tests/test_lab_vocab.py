"""Round 4's candidate features (benchmarks/lab_vocab.py), read on sentences written for this test: reported process
against evaluation (benchmarks/tone_process.toml), word clusters and the frame cues' neighbours."""

import sys

import numpy as np
import pytest
from _bench import load_benchmark

from coopetition import paths


@pytest.fixture(scope="module")
def lab():
    bench = str(paths.project_root() / "benchmarks")
    if bench not in sys.path:
        sys.path.insert(0, bench)  # the script imports its sibling scripts
    return load_benchmark("lab_vocab")


def test_a_plain_process_report_is_told_from_an_evaluated_one(lab):
    table = lab.process_features(
        [
            "北京知识产权法院已受理腾讯起诉字节跳动不正当竞争一案。",  # a process reported, no judgment
            "京东痛批阿里的二选一做法极其恶劣,并已提起诉讼。",  # the same process, with the writer's judgment
            "外卖平台之间的补贴大战令人担忧。",  # a judgment, no process
            "拼多多的用户规模持续扩大。",  # neither
            "",  # adversarial: empty
        ]
    )
    assert table.tolist() == [[1, 1, 0], [1, 0, 1], [0, 0, 1], [0, 0, 0], [0, 0, 0]]
    # a negative tone word in a plain process report, once more when the sentence also holds a frame cue
    plain = lab.process_negative_features(
        [
            "腾讯起诉字节跳动不正当竞争,法院已受理此案。",  # a conflict told as a record, with a live frame cue
            "法院判决美团赔偿饿了么损失并停止侵权行为。",  # a ruling; the cue 侵权 is negated by 停止
            "美团公布了第三季度财报。",  # a process, no negative word
            "京东痛批阿里的二选一做法极其恶劣,并已提起诉讼。",  # evaluated: not a plain report
        ]
    )
    assert plain.tolist() == [[1, 1], [1, 0], [0, 0], [0, 0]]


def test_the_process_and_evaluative_words_are_data_and_do_not_overlap(lab):
    words = lab.process_words()
    assert "受理" in words["process"] and "痛批" in words["evaluative"]
    assert not set(words["process"]) & set(words["evaluative"])
    assert all(len(v) == len(set(v)) for v in words.values())


def test_cluster_features_share_weight_across_a_cluster_and_ignore_unknown_words(lab):
    clusters = {"竞争": 0, "角逐": 0, "合作": 1}
    x = lab.cluster_features([["竞争", "竞争", "合作"], ["角逐"], ["未登录词"], []], clusters, 3)
    assert x.shape == (4, 3)
    np.testing.assert_allclose(np.linalg.norm(x[:2], axis=1), 1.0)
    assert x[0, 0] > x[0, 1] > 0 and x[1].tolist() == [1.0, 0.0, 0.0]  # an unseen word of cluster 0 lands there
    assert not x[2:].any()


def test_the_expanded_lexicon_adds_no_cue_and_no_single_character(lab):
    cues = lab.frame_cue_words()
    expanded = lab.expanded_lexicon(0.75, per_cue=3)
    every = set().union(*cues.values())
    for words in expanded.values():
        assert not words & every and all(len(w) >= 2 for w in words)
    assert not expanded["competition"] & expanded["cooperation"]

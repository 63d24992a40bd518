"""The stacked (two-pass) furniture comparison: its second-pass features read the first pass's scores
of a page's neighbourhood (``coopetition.model.furniture_stack``; compared by CV, not shipped)."""

from __future__ import annotations

import numpy as np

from coopetition.model.furniture_stack import STACK_FEATURES, stack_features, stacked_out_of_fold
from coopetition.text.furniture import model_matrix

_PAGE = [
    "首页 > 科技 > 互联网",
    "分享到: 微信 微博",
    "京东今天宣布将向全职骑手再发放10亿元补贴,美团随即回应称将跟进。",
    "分析人士认为,双方的竞争将进一步加剧,外卖平台的利润率可能继续下滑。",
    "美团在财报电话会上称,公司不会参与无序竞争,但会保护商户和骑手的利益。",
    "相关阅读",
]


def test_the_second_pass_reads_runs_neighbours_and_the_body_block():
    raw = np.array([0.9, 0.8, 0.1, 0.2, 0.1, 0.7])
    features = stack_features(raw, model_matrix(_PAGE), np.zeros(len(_PAGE), dtype=int))
    column = {name: features[:, i] for i, name in enumerate(STACK_FEATURES)}
    # the two menu lines open the page: a run of two high scores, before the body block (lines 2-4)
    assert column["run"].tolist()[:2] == [np.log1p(2)] * 2
    assert column["run"][2] == -np.log1p(3)
    assert column["before_body"].tolist() == [1, 1, 0, 0, 0, 0]
    assert column["after_body"].tolist() == [0, 0, 0, 0, 0, 1]
    # a neighbour past the page's edge reads as the page's mean, not as a line of another page
    assert column["prev1"][0] == column["page_mean"][0]
    assert column["next1"][0] > 0 > column["next1"][1]  # line 1 is high, line 2 low


def test_pages_stacked_together_do_not_see_each_other():
    matrix = np.vstack([model_matrix(_PAGE), model_matrix(_PAGE)])
    raw = np.concatenate([np.full(len(_PAGE), 0.9), np.full(len(_PAGE), 0.1)])
    features = stack_features(raw, matrix, np.repeat([0, 1], len(_PAGE)))
    last_of_first = features[len(_PAGE) - 1, STACK_FEATURES.index("next1")]
    assert last_of_first == features[0, STACK_FEATURES.index("page_mean")]


def test_the_nested_cross_validation_never_scores_a_page_with_a_pass_that_saw_it():
    seen: list[tuple[set, set]] = []
    x = np.vstack([model_matrix(_PAGE)] * 10)
    groups = np.repeat(np.arange(10), len(_PAGE))
    y = np.tile([1, 1, 0, 0, 0, 1], 10)

    def first_pass(train, test):
        seen.append((set(groups[train].tolist()), set(groups[test].tolist())))
        return np.full(len(test), 0.5)

    scores = stacked_out_of_fold(x, y, groups, first_pass, c=1.0, folds=5)
    assert scores.shape == (len(y),) and ((scores >= 0) & (scores <= 1)).all()
    assert all(not (train & test) for train, test in seen)
    assert len(seen) == 5 * 5 + 5  # five inner fits per outer fold, then the outer fit

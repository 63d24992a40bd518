"""The operating point of the whole cleaning chain (:mod:`coopetition.model.furniture_chain`), on
small synthetic tables of the chain's cross-validated numbers at each threshold."""

import pytest

from coopetition.model.furniture_chain import MIN_CHAIN_CONTENT_KEPT, THRESHOLD_STEPS, operating_point, pooled


def chain(content_kept: dict[float, float]):
    """A stand-in for the chain's cross-validation: the content kept at each threshold of a table
    (furniture removed falls as the threshold rises), and the thresholds it was asked for."""
    asked: list[list[float]] = []

    def chain_cv(thresholds: list[float]) -> dict[float, dict[str, float]]:
        asked.append(thresholds)
        return {
            t: {"furniture_removed": round(1 - t, 4), "content_kept": content_kept[t], "mixed_kept": 1.0}
            for t in thresholds
            if t in content_kept
        }

    return chain_cv, asked


def grid(start: float, kept: list[float]) -> dict[float, float]:
    return {round(start + k * 0.01, 2): value for k, value in enumerate(kept)}


@pytest.mark.parametrize(
    ("kept", "threshold", "reached"),
    [
        # the first threshold already keeps enough
        ([0.995, 0.996, 0.997], 0.42, True),
        # raised until the content kept reaches the floor (exactly the floor counts)
        ([0.9891, 0.9891, 0.9895, MIN_CHAIN_CONTENT_KEPT, 0.9927], 0.45, True),
        # the lowest that reaches it, even when a higher one falls back under it
        ([0.985, 0.991, 0.989, 0.993], 0.43, True),
        # none reaches it: the last compared (the one that keeps the most), and reached is False
        ([0.95, 0.96, 0.97, 0.98, 0.985], 0.46, False),
    ],
)
def test_the_lowest_threshold_that_keeps_enough(kept, threshold, reached):
    table = grid(0.42, kept + [kept[-1]] * (THRESHOLD_STEPS - len(kept)))
    chain_cv, asked = chain(table)
    chosen, got_reached, by_threshold = operating_point(chain_cv, 0.42)
    expected_last = round(0.42 + (THRESHOLD_STEPS - 1) * 0.01, 2)
    assert (chosen, got_reached) == ((threshold if reached else expected_last), reached)
    assert len(asked) == 1 and asked[0] == sorted(table)  # every threshold scored in one call
    assert list(by_threshold) == [f"{t:.2f}" for t in sorted(table)]
    assert by_threshold["0.42"]["content_kept"] == kept[0]


def test_thresholds_stop_under_one():
    table = grid(0.95, [0.97, 0.98, 0.985, 0.988, 0.989])
    chain_cv, asked = chain(table)
    chosen, reached, by_threshold = operating_point(chain_cv, 0.95)
    assert asked == [[0.95, 0.96, 0.97, 0.98, 0.99]]
    assert (chosen, reached) == (0.99, False)
    assert list(by_threshold) == ["0.95", "0.96", "0.97", "0.98", "0.99"]


@pytest.mark.parametrize("start", [1.0, 1.2, float("nan")])
def test_no_threshold_to_compare_is_a_clear_error(start):
    chain_cv, asked = chain({})
    with pytest.raises(ValueError, match=f"start must be under 1.*not {start}"):
        operating_point(chain_cv, start)
    assert asked == []


def test_a_threshold_the_chain_left_out_is_named():
    table = grid(0.42, [0.99] * THRESHOLD_STEPS)
    del table[0.44]
    chain_cv, _ = chain(table)
    with pytest.raises(ValueError, match=r"no numbers for thresholds \[0.44\]"):
        operating_point(chain_cv, 0.42)


def test_pooled_counts_lines_over_pages_not_page_means():
    pages = [
        {"furniture": 10, "furniture_removed": 9, "content": 100, "content_kept": 99, "mixed": 0, "mixed_kept": 0},
        {"furniture": 2, "furniture_removed": 0, "content": 4, "content_kept": 2, "mixed": 3, "mixed_kept": 2},
    ]
    assert pooled(pages) == {"furniture_removed": 0.75, "content_kept": round(101 / 104, 4), "mixed_kept": 0.6667}
    # a class no page has is 0 of 0: 0.0, not a division error
    assert pooled(pages[:1])["mixed_kept"] == 0.0
    assert pooled([]) == {"furniture_removed": 0.0, "content_kept": 0.0, "mixed_kept": 0.0}

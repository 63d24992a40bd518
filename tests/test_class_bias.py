"""Class biases: fitted on held-out probabilities, applied fold by fold so no sentence is judged by a bias fitted on it."""

import numpy as np
import pandas as pd
import pytest

from coopetition.model.train import class_bias
from coopetition.model.validation import PROBABILITY_COLUMNS, apply_bias, cross_fitted_bias, validate

TONES = ["positive", "neutral", "negative"]


def _under_calling(n=600, seed=0):
    """Probabilities of a model that under-calls neutral: its log-odds for neutral sit 1.0 too low."""
    rng = np.random.default_rng(seed)
    gold = rng.choice(TONES, n, p=[0.25, 0.5, 0.25])
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), [TONES.index(g) for g in gold]] += 1.6
    logits[:, 1] -= 1.0
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return proba, gold


def test_the_bias_undoes_an_under_called_class():
    proba, gold = _under_calling()
    bias = class_bias(proba, gold, TONES)
    assert bias[0] == 0 and bias[1] > 0.4  # neutral pushed back up; the first class is the fixed reference
    before = validate(np.array(TONES)[proba.argmax(axis=1)], gold).kappa
    after = validate(np.array(TONES)[(np.log(proba) + bias).argmax(axis=1)], gold).kappa
    assert after > before + 0.02


def test_a_shares_target_brings_the_label_shares_to_the_coders():
    proba, gold = _under_calling(seed=1)
    before = (proba.argmax(axis=1) == 1).mean()
    bias = class_bias(proba, gold, TONES, target="shares")
    after = ((np.log(proba) + bias).argmax(axis=1) == 1).mean()
    coded = (gold == "neutral").mean()
    assert bias[1] > 0.3 and abs(after - coded) < 0.02 < abs(before - coded)
    with pytest.raises(ValueError, match="target must be 'kappa' or 'shares', not 'f1'"):
        class_bias(proba, gold, TONES, target="f1")


def test_the_bias_is_bounded_by_its_grid():
    proba, gold = _under_calling(seed=3)
    bias = class_bias(proba, gold, TONES, step=0.5, span=0.5)
    assert set(np.round(bias, 6)) <= {-0.5, 0.0, 0.5}


def _predictions(seed=0):
    proba, gold = _under_calling(seed=seed)
    frame = np.tile([0.25, 0.25, 0.25, 0.25], (len(gold), 1))
    table = pd.DataFrame(np.hstack([frame, proba]), columns=list(PROBABILITY_COLUMNS))
    return table.assign(
        scheme="site-disjoint",
        id=[f"s{i:04d}" for i in range(len(gold))],
        fold=np.arange(len(gold)) % 3,
        frame="none",
        tone=gold,
        frame_pred="competition",
        tone_pred=np.array(TONES)[proba.argmax(axis=1)],
    )


def test_cross_fitting_never_uses_a_folds_own_gold():
    table = _predictions()
    changed = table.copy()
    changed.loc[changed["fold"] == 0, "tone"] = "negative"  # fold 0's coding changes; its biases must not
    a, b = cross_fitted_bias(table, class_bias=class_bias), cross_fitted_bias(changed, class_bias=class_bias)
    fold0 = (table["fold"] == 0).to_numpy()
    assert (a.loc[fold0, "tone_pred"] == b.loc[fold0, "tone_pred"]).all()
    assert not a.loc[~fold0, ["p_positive", "p_neutral", "p_negative"]].equals(
        b.loc[~fold0, ["p_positive", "p_neutral", "p_negative"]]
    )


def test_biased_probabilities_stay_probabilities_and_labels_follow_them():
    table = cross_fitted_bias(_predictions(1), class_bias=class_bias)
    tone = table[["p_positive", "p_neutral", "p_negative"]].to_numpy()
    assert np.allclose(tone.sum(axis=1), 1, atol=1e-3)
    assert (np.array(TONES)[tone.argmax(axis=1)] == table["tone_pred"]).mean() > 0.99  # rounding to 4 places may tie
    assert (
        validate(table["tone_pred"], table["tone"]).kappa > validate(_predictions(1)["tone_pred"], table["tone"]).kappa
    )


def test_a_one_hot_row_stays_one_hot():
    table = _predictions().iloc[:2].copy()
    table[["p_positive", "p_neutral", "p_negative"]] = [[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]]
    out = apply_bias(table.reset_index(drop=True), "tone", np.array([2.0, 0.0, 2.0]))
    assert out.loc[0, ["p_positive", "p_neutral", "p_negative"]].tolist() == [0.0, 1.0, 0.0]
    assert out.loc[1, "tone_pred"] == "negative"
    with pytest.raises(KeyError):
        apply_bias(table.drop(columns=["p_neutral"]), "tone", np.zeros(3))

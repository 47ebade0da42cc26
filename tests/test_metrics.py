"""Evaluation measures, checked against scikit-learn's implementations."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss, f1_score, precision_recall_fscore_support

from nip_nlp.catalog import COMMITMENT_IDS
from nip_nlp.model.metrics import brier, expected_calibration_error, macro_f1_interval, report


@pytest.fixture(scope="module")
def predictions():
    rng = np.random.default_rng(7)
    Y = (rng.random((200, 10)) < 0.15).astype(int)
    S = np.clip(Y * 0.55 + rng.random((200, 10)) * 0.5, 0, 1)
    P = (S >= 0.5).astype(int)
    Y[:, 9] = 0  # a label without support: scikit-learn's zero_division=0 convention
    P[:, 9] = 0
    return Y, S, P


def test_per_label_and_averaged_scores_match_scikit_learn(predictions):
    Y, _, P = predictions
    rep = report(Y, P).set_index("label")
    p, r, f, s = precision_recall_fscore_support(Y, P, average=None, zero_division=0)
    np.testing.assert_allclose(rep.loc[list(COMMITMENT_IDS), ["precision", "recall", "f1"]].to_numpy(),
                               np.column_stack([p, r, f]))
    assert rep.loc[list(COMMITMENT_IDS), "support"].tolist() == s.tolist()
    for avg in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(Y, P, average=avg, zero_division=0)
        np.testing.assert_allclose(rep.loc[avg, ["precision", "recall", "f1"]].to_numpy(dtype=float), [p, r, f])


def test_none_row_scores_recognising_passages_without_any_commitment(predictions):
    Y, _, P = predictions
    rep = report(Y, P).set_index("label")
    none_true, none_pred = Y.sum(axis=1) == 0, P.sum(axis=1) == 0
    assert rep.loc["none", "f1"] == pytest.approx(f1_score(none_true, none_pred))
    assert rep.loc["none", "support"] == none_true.sum()


def test_brier_matches_scikit_learn_over_all_cells(predictions):
    Y, S, _ = predictions
    assert brier(Y, S) == pytest.approx(brier_score_loss(Y.ravel(), S.ravel()))


def test_expected_calibration_error_is_zero_when_scores_are_frequencies_and_large_when_not():
    Y = np.array([[1], [0], [1], [0]])
    assert expected_calibration_error(Y, np.full((4, 1), 0.5)) == pytest.approx(0.0)
    assert expected_calibration_error(Y, np.array([[0.0], [1.0], [0.0], [1.0]])) == pytest.approx(1.0)


def test_macro_f1_interval_is_a_point_for_perfect_predictions_and_brackets_errors():
    rng = np.random.default_rng(1)
    Y = (rng.random((60, 10)) < 0.3).astype(int)
    docs = [f"d{i // 3}" for i in range(60)]
    assert macro_f1_interval(Y, Y, docs, n=200) == (1.0, 1.0)
    P = Y.copy()
    P[:20] = 1 - P[:20]  # a third of the passages wrong
    low, high = macro_f1_interval(P, Y, docs, n=200)
    assert 0.0 < low < high < 1.0
    # whole documents are resampled: one document alone gives no spread
    low, high = macro_f1_interval(Y[:3], P[:3], ["d"] * 3, n=50)
    assert low == high

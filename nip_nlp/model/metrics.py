"""Evaluation measures for multi-label commitment predictions."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..catalog import COMMITMENT_IDS


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(Y: np.ndarray, P: np.ndarray, labels: Sequence[str] = COMMITMENT_IDS):  # -> pandas.DataFrame
    """Per-label precision, recall, F1 and support, then rows ``micro`` and ``macro``."""
    import pandas as pd

    Y = np.asarray(Y, dtype=int)
    P = np.asarray(P, dtype=int)
    rows = []
    for j, lab in enumerate(labels):
        tp = float(np.sum((P[:, j] == 1) & (Y[:, j] == 1)))
        fp = float(np.sum((P[:, j] == 1) & (Y[:, j] == 0)))
        fn = float(np.sum((P[:, j] == 0) & (Y[:, j] == 1)))
        p, r, f = _prf(tp, fp, fn)
        rows.append({"label": lab, "precision": p, "recall": r, "f1": f, "support": int(Y[:, j].sum())})
    tp = float(np.sum((P == 1) & (Y == 1)))
    fp = float(np.sum((P == 1) & (Y == 0)))
    fn = float(np.sum((P == 0) & (Y == 1)))
    p, r, f = _prf(tp, fp, fn)
    rows.append({"label": "micro", "precision": p, "recall": r, "f1": f, "support": int(Y.sum())})
    per = pd.DataFrame(rows[:-1])
    rows.append({"label": "macro", "precision": per.precision.mean(), "recall": per.recall.mean(),
                 "f1": per.f1.mean(), "support": int(Y.sum())})
    # How well "nothing here" is recognised matters most for minutes.
    none_true = Y.sum(axis=1) == 0
    none_pred = P.sum(axis=1) == 0
    tp = float(np.sum(none_true & none_pred))
    p, r, f = _prf(tp, float(np.sum(~none_true & none_pred)), float(np.sum(none_true & ~none_pred)))
    rows.append({"label": "none", "precision": p, "recall": r, "f1": f, "support": int(none_true.sum())})
    return pd.DataFrame(rows)


def expected_calibration_error(Y: np.ndarray, S: np.ndarray, bins: int = 10) -> float:
    """ECE over all (passage, label) scores: how far scores are from observed frequencies."""
    y = np.asarray(Y, dtype=float).ravel()
    s = np.asarray(S, dtype=float).ravel()
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(s, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(y[m].mean() - s[m].mean())
    return float(ece)


def brier(Y: np.ndarray, S: np.ndarray) -> float:
    return float(np.mean((np.asarray(S, float) - np.asarray(Y, float)) ** 2))


def macro_f1_interval(Y: np.ndarray, P: np.ndarray, groups: Sequence[str], n: int = 1000, level: float = 0.95,
                      seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of macro F1, resampling whole documents (``groups``):
    passages of one document are not independent, and the real-text sets are small (a
    commitment with 3–9 positives moves the macro figure by several points). In a resample
    a commitment with neither positives nor predictions is left out of the mean rather
    than counted as F1 0, as it is absent, not missed."""
    from sklearn.metrics import f1_score

    Y = np.asarray(Y, dtype=int)
    P = np.asarray(P, dtype=int)
    keys, inverse = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    order = np.argsort(inverse, kind="stable")  # each document's passages, in one pass
    members = np.split(order, np.cumsum(np.bincount(inverse, minlength=len(keys)))[:-1])
    rng = np.random.default_rng(seed)
    out = np.empty(n)
    for b in range(n):
        rows = np.concatenate([members[k] for k in rng.integers(0, len(keys), len(keys))])
        per = f1_score(Y[rows], P[rows], average=None, zero_division=np.nan)
        # a resample of documents without any positive or prediction measures nothing
        out[b] = np.nan if np.isnan(per).all() else np.nanmean(per)
    if np.isnan(out).all():
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    return float(np.nanpercentile(out, tail)), float(np.nanpercentile(out, 100 - tail))

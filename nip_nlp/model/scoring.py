"""Scoring texts with a model: lemmas → scores → the 0/1 assignment and the
``K1`` … ``K10`` / ``labels`` columns that passages.csv and ``nip-nlp classify`` share."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..catalog import COMMITMENT_IDS, label_strings
from .classifier import assign
from .store import Explainer, Model, load_model

K = list(COMMITMENT_IDS)


class Scored(NamedTuple):
    scores: np.ndarray  # n × 10
    assigned: np.ndarray  # n × 10 booleans: score at or above the commitment's threshold
    lemmas: list[str]  # what the scores were computed from (explanations need them)
    rows: Any  # feature rows of an Explainer, reused to explain the evidence; else None


def score_texts(texts: list[str], model: Model, eligible=None) -> Scored:
    """Scores of ``texts``; ``eligible`` is the migration-angle gate with the passages'
    context (``model.angle.eligible``), computed from the texts alone when not given."""
    from ..nlp import lemmatize
    from .angle import eligible as eligible_from

    lemmas = lemmatize(texts)
    est = model.estimator
    if not lemmas:
        return Scored(np.zeros((0, len(K))), np.zeros((0, len(K)), dtype=bool), lemmas, None)
    # The gate reads the original text: lemmas lose the phrase stems ("ausländischer Herkunft").
    ok = eligible_from(texts) if eligible is None else eligible
    if isinstance(est, Explainer):
        scores, rows = est.predict_proba_rows(lemmas, ok)
    else:
        scores, rows = est.predict_proba(lemmas, ok), None
    return Scored(scores, assign(scores, est.thresholds_), lemmas, rows)


def add_score_columns(base: pd.DataFrame, scored: Scored) -> pd.DataFrame:
    """``base`` with a rounded score column a commitment and ``labels`` ("K1;K10")."""
    for j, k in enumerate(K):
        base[k] = pd.Series([round(float(s), 4) for s in scored.scores[:, j]], index=base.index, dtype=float)
    base["labels"] = pd.Series(label_strings(scored.assigned), index=base.index, dtype=object)
    return base


def classify_texts(texts: list[str], ids: list | None = None,
                   model: Model | str | Path | None = None) -> pd.DataFrame:
    """Score free texts: ``id``, ``K1`` … ``K10`` and ``labels``."""
    model = model if isinstance(model, Model) else load_model(model)
    df = pd.DataFrame({"id": ids if ids is not None else list(range(1, len(texts) + 1))})
    return add_score_columns(df, score_texts(list(texts), model))

"""Scoring texts with a model: lemmas → scores → the 0/1 assignment and the
``K1`` … ``K10`` / ``labels`` columns that passages.csv and ``nip-nlp classify`` share."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

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
    context (``model.angle.eligible``), computed from the texts alone when not given.

    A gating estimator scores a passage outside the gate 0 whatever its text, so only the
    passages inside it are lemmatised and scored: in a real council archive that is about
    one in ten (the Münster programmes and the coalition agreement: 166 of 1,672), and the
    language processing and the classifier are most of a text page's time. Their rows of
    ``scores`` are the ones scoring every passage gives, bit for bit; their ``lemmas`` are
    "" and their feature rows empty (nothing is ever assigned or explained there)."""
    from ..nlp import lemmatize
    from .angle import eligible as eligible_from

    est = model.estimator
    n = len(texts)
    if not n:
        return Scored(np.zeros((0, len(K))), np.zeros((0, len(K)), dtype=bool), [], None)
    # The gate reads the original text: lemmas lose the phrase stems ("ausländischer Herkunft").
    ok = np.asarray(eligible_from(texts) if eligible is None else eligible, dtype=bool)
    todo = np.flatnonzero(ok) if getattr(est, "gate", False) else np.arange(n)
    part = lemmatize([texts[i] for i in todo])
    lemmas = [""] * n
    for i, lem in zip(todo, part):
        lemmas[i] = lem
    scores, rows = np.zeros((n, len(K))), None
    if len(todo):
        if isinstance(est, Explainer):
            scores[todo], sub = est.predict_proba_rows(part, ok[todo])
            # The scored passages' rows at their places, an empty row elsewhere; row
            # indexing keeps each row as it was (term order decides ties in explanations).
            pos = np.full(n, len(todo))
            pos[todo] = np.arange(len(todo))
            rows = sparse.vstack([sub, sparse.csr_matrix((1, sub.shape[1]))], format="csr")[pos]
        else:
            scores[todo] = est.predict_proba(part, ok[todo])
    return Scored(scores, assign(scores, est.thresholds_), lemmas, rows)


def score_columns(scored: Scored) -> dict[str, list]:
    """A rounded score column a commitment and ``labels`` ("K1;K10"), as lists."""
    cols: dict[str, list] = {k: [round(s, 4) for s in scored.scores[:, j].tolist()] for j, k in enumerate(K)}
    cols["labels"] = label_strings(scored.assigned)
    return cols


def add_score_columns(base: pd.DataFrame, scored: Scored) -> pd.DataFrame:
    """``base`` with ``score_columns``."""
    for k, values in score_columns(scored).items():
        base[k] = pd.Series(values, index=base.index, dtype=object if k == "labels" else float)
    return base


def classify_texts(texts: list[str], ids: list | None = None,
                   model: Model | str | Path | None = None) -> pd.DataFrame:
    """Score free texts: ``id``, ``K1`` … ``K10`` and ``labels``."""
    model = model if isinstance(model, Model) else load_model(model)
    df = pd.DataFrame({"id": ids if ids is not None else list(range(1, len(texts) + 1))})
    return add_score_columns(df, score_texts(list(texts), model))

"""Passage assignments → document × commitment coverage tables, their evidence, and the
run's summary tables.

Coverage is computed from the assignment matrix (passages × commitments, True where a
score reached its threshold), made once when the passages are scored; the ``labels``
strings of passages.csv are for people and are never parsed back.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import config
from .catalog import COMMITMENT_IDS
from .results import DOCUMENT_COLUMNS, EVIDENCE_COLUMNS, PASSAGE_COLUMNS, AnalysisResult, DocumentResult

K = list(COMMITMENT_IDS)
MEASURES = ("count", "share", "max_score")


def document_summary(passages: pd.DataFrame, assigned: np.ndarray) -> dict[str, dict[str, float]]:
    """One document's coverage: ``count`` (passages assigned), ``share`` (of its passages)
    and ``max_score`` a commitment. ``assigned`` holds a row for each passage."""
    n = len(passages)
    if not n:
        return {"count": {k: 0 for k in K}, "share": {k: 0.0 for k in K}, "max_score": {k: 0.0 for k in K}}
    counts = np.asarray(assigned, dtype=bool).sum(axis=0)
    return {"count": {k: int(c) for k, c in zip(K, counts)},
            "share": {k: round(float(c) / n, 4) for k, c in zip(K, counts)},
            "max_score": {k: round(float(passages[k].max()), 4) for k in K}}


def coverage_from_results(documents: pd.DataFrame, results: list[DocumentResult]) -> dict[str, pd.DataFrame]:
    """The three coverage tables, a row for every document of the run. Documents that
    failed get empty cells, so that "not analysed" is never confused with "not addressed"."""
    out = {}
    for measure in MEASURES:
        rows = []
        for doc, r in zip(documents["document"], results):
            if r.row["status"] == "failed":
                rows.append({"document": doc, **{k: None for k in K}})
            else:
                rows.append({"document": doc, **r.summary[measure]})
        t = pd.DataFrame(rows, columns=["document", *K])
        t[K] = t[K].astype("Int64" if measure == "count" else "Float64")
        out[measure] = t
    return out


def evidence_table(
    passages: pd.DataFrame,
    assigned: np.ndarray,
    top_n: int = config.EVIDENCE_TOP_N,
    explain: Callable[[int, str], list[tuple[str, float]]] | None = None,
) -> pd.DataFrame:
    """The top passages (by score) behind every non-empty cell, with the terms that drove
    them. ``explain(i, k)`` names the terms of the passage in row ``i`` for commitment ``k``."""
    if not len(passages):
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    assigned = np.asarray(assigned, dtype=bool)
    frame = passages.reset_index(drop=True)  # row i of the frame is row i of ``assigned``
    # Sorted and ranked on plain arrays: per-row pandas (sort_values, groupby, iterrows for
    # every commitment) took a seventh of a text page's time in the profile.
    _, doc = np.unique(frame["document"].to_numpy(), return_inverse=True)  # codes in sorted order
    names, number, page = frame["document"].tolist(), frame["passage"].to_numpy(), frame["page"].to_numpy()
    sections, texts = frame["section"].tolist(), frame["text"].tolist()
    rows = []
    for j, k in enumerate(K):
        hits = np.flatnonzero(assigned[:, j])
        if not len(hits):
            continue
        score = frame[k].to_numpy(dtype=float)
        # by document, best score first, ties in passage order
        rank, last = 0, -1
        for i in hits[np.lexsort((number[hits], -score[hits], doc[hits]))]:
            rank = rank + 1 if doc[i] == last else 1
            last = doc[i]
            if rank > top_n:
                continue
            terms = "; ".join(t for t, _ in explain(int(i), k)) if explain else ""
            rows.append({"document": names[i], "commitment": k, "rank": rank, "passage": int(number[i]),
                         "page": int(page[i]), "section": sections[i], "score": round(float(score[i]), 4),
                         "terms": terms, "text": texts[i]})
    # by document, commitment, rank: unique keys, so the order is the one sort_values gave
    order = {k: i for i, k in enumerate(K)}
    rows.sort(key=lambda r: (r["document"], order[r["commitment"]], r["rank"]))
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def aggregate(count: pd.DataFrame, documents: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Coverage counts summed per group (municipality; municipality × year for a time
    series), with ``documents`` analysed and ``documents_<K>``: how many of them address K."""
    docs = documents[documents.status != "failed"][["document", *by]].copy()
    for col in by:
        docs[col] = docs[col].fillna("").astype(str).replace("", "(unknown)")
    t = docs.merge(count, on="document", how="left")
    t[K] = t[K].fillna(0).astype(int)
    g = t.groupby(by, sort=True)
    out = g[K].sum()
    out.insert(0, "documents", g.size())
    for k in K:
        out[f"documents_{k}"] = g[k].apply(lambda s: int((s > 0).sum()))
    return out.reset_index()


def summarize(results: list[DocumentResult], user_meta: pd.DataFrame | None = None,
              passages: pd.DataFrame | None = None) -> AnalysisResult:
    """Per-document results → the run's tables. ``passages`` may be left out (an empty
    frame is used) when they were streamed to disk instead of held in memory."""
    from .metadata import apply_user_metadata, harmonise_municipalities

    documents = apply_user_metadata(harmonise_municipalities(
        pd.DataFrame([r.row for r in results], columns=DOCUMENT_COLUMNS)), user_meta)
    frames = [r.evidence for r in results if r.evidence is not None and len(r.evidence)]
    evidence = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    cov = coverage_from_results(documents, results)
    return AnalysisResult(
        documents=documents,
        passages=passages if passages is not None else pd.DataFrame(columns=PASSAGE_COLUMNS),
        coverage=cov["count"],
        evidence=evidence,
        extra={"coverage_share": cov["share"], "coverage_max_score": cov["max_score"],
               "coverage_by_municipality": aggregate(cov["count"], documents, ["municipality"]),
               "coverage_by_year": aggregate(cov["count"], documents, ["municipality", "year"])},
    )

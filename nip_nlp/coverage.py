"""Passage predictions → document × commitment coverage tables and their evidence."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from . import config
from .commitments import COMMITMENT_IDS

K = list(COMMITMENT_IDS)


def _assigned(passages: pd.DataFrame) -> pd.DataFrame:
    """One 0/1 column a commitment: was the passage assigned it?"""
    labels = passages["labels"].fillna("").astype(str).str.split(";")
    return pd.DataFrame({k: [int(k in ls) for ls in labels] for k in K}, index=passages.index)


def document_summary(passages: pd.DataFrame) -> dict[str, dict[str, float]]:
    """One document's coverage: ``count`` (passages assigned), ``share`` (of its passages)
    and ``max_score`` a commitment."""
    if not len(passages):
        return {"count": {k: 0 for k in K}, "share": {k: 0.0 for k in K}, "max_score": {k: 0.0 for k in K}}
    a = _assigned(passages)
    n = len(passages)
    return {"count": {k: int(a[k].sum()) for k in K},
            "share": {k: round(float(a[k].sum()) / n, 4) for k in K},
            "max_score": {k: round(float(passages[k].max()), 4) for k in K}}


def coverage_from_results(documents: pd.DataFrame, results) -> dict[str, pd.DataFrame]:
    """The three coverage tables, a row for every document of the run. Documents that
    failed get empty cells, so that "not analysed" is never confused with "not addressed"."""
    out = {}
    for measure in ("count", "share", "max_score"):
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
    top_n: int = config.EVIDENCE_TOP_N,
    explain: Callable[[pd.Series, str], list[tuple[str, float]]] | None = None,
) -> pd.DataFrame:
    """The top passages (by score) behind every non-empty cell, with the terms that drove them."""
    cols = ["document", "commitment", "rank", "passage", "page", "section", "score", "terms", "text"]
    if not len(passages):
        return pd.DataFrame(columns=cols)
    a = _assigned(passages)
    rows = []
    for k in K:
        hits = passages[a[k] == 1]
        if hits.empty:
            continue
        hits = hits.sort_values(["document", k, "passage"], ascending=[True, False, True])
        for doc, grp in hits.groupby("document", sort=True):
            for rank, (_, r) in enumerate(grp.head(top_n).iterrows(), 1):
                terms = "; ".join(t for t, _ in explain(r, k)) if explain else ""
                rows.append({"document": doc, "commitment": k, "rank": rank, "passage": int(r["passage"]),
                             "page": int(r["page"]), "section": r["section"], "score": round(float(r[k]), 4),
                             "terms": terms, "text": r["text"]})
    ev = pd.DataFrame(rows, columns=cols)
    order = {k: i for i, k in enumerate(K)}
    ev["_k"] = ev["commitment"].map(order)
    return ev.sort_values(["document", "_k", "rank"]).drop(columns="_k").reset_index(drop=True)


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

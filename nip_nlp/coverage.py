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


def coverage_tables(documents: pd.DataFrame, passages: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``count`` (passages assigned), ``share`` (of the document's passages) and ``max_score``.

    Every document of the run gets a row; documents that failed get empty cells, so that
    "not analysed" is never confused with "not addressed" (0).
    """
    docs = documents[["document"]].copy()
    ok = set(documents.loc[documents.status != "failed", "document"])
    if len(passages):
        a = _assigned(passages)
        a["document"] = passages["document"].to_numpy()
        counts = a.groupby("document")[K].sum()
        n = passages.groupby("document").size()
        share = counts.div(n, axis=0).round(4)
        maxs = passages.groupby("document")[K].max().round(4)
    else:
        counts = share = maxs = pd.DataFrame(columns=K, dtype=float)
    out = {}
    for name, table, fill in (("count", counts, 0), ("share", share, 0.0), ("max_score", maxs, 0.0)):
        t = docs.merge(table, left_on="document", right_index=True, how="left")
        # a successfully read document without passages addresses nothing: 0, not empty
        mask = t["document"].isin(ok)
        t.loc[mask, K] = t.loc[mask, K].fillna(fill)
        if name == "count":
            t[K] = t[K].astype("Int64")
        out[name] = t.reset_index(drop=True)
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

import pandas as pd

from nip_nlp.coverage import coverage_tables, evidence_table

K = [f"K{i}" for i in range(1, 11)]


def _passages():
    rows = [
        ("a.pdf", 0, 1, "K1;K10", {"K1": 0.9, "K10": 0.7}),
        ("a.pdf", 1, 2, "K1", {"K1": 0.6}),
        ("a.pdf", 2, 3, "", {"K1": 0.2}),
        ("b.pdf", 0, 1, "", {"K5": 0.3}),
    ]
    out = []
    for doc, i, page, labels, scores in rows:
        out.append({"document": doc, "passage": i, "page": page, "section": "S", "text": f"t{i}",
                    **{k: scores.get(k, 0.0) for k in K}, "labels": labels, "_lemmas": ""})
    return pd.DataFrame(out)


def test_coverage_counts_shares_and_max_scores_per_document():
    docs = pd.DataFrame({"document": ["a.pdf", "b.pdf", "c.pdf"], "status": ["ok", "ok", "failed"]})
    t = coverage_tables(docs, _passages())
    count = t["count"].set_index("document")
    assert count.loc["a.pdf", "K1"] == 2 and count.loc["a.pdf", "K10"] == 1 and count.loc["b.pdf", "K1"] == 0
    assert round(t["share"].set_index("document").loc["a.pdf", "K1"], 3) == 0.667
    assert t["max_score"].set_index("document").loc["b.pdf", "K5"] == 0.3


def test_failed_document_gets_empty_cells_not_zero():
    docs = pd.DataFrame({"document": ["a.pdf", "c.pdf"], "status": ["ok", "failed"]})
    count = coverage_tables(docs, _passages())["count"].set_index("document")
    assert count.loc["c.pdf", K].isna().all()
    assert count.loc["a.pdf", "K5"] == 0


def test_evidence_lists_top_passages_per_cell_by_score_with_page():
    ev = evidence_table(_passages(), top_n=1, explain=lambda r, k: [("stabsstelle", 1.0)])
    k1 = ev[(ev.document == "a.pdf") & (ev.commitment == "K1")]
    assert list(k1["rank"]) == [1] and list(k1["page"]) == [1] and list(k1["score"]) == [0.9]
    assert list(k1["terms"]) == ["stabsstelle"]
    assert set(ev.commitment) == {"K1", "K10"}

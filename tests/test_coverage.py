import numpy as np
import pandas as pd

from nip_nlp.catalog import label_matrix
from nip_nlp.coverage import aggregate, coverage_from_results, document_summary, evidence_table
from nip_nlp.results import DocumentResult

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
                    **{k: scores.get(k, 0.0) for k in K}, "labels": labels})
    return pd.DataFrame(out)


def _assigned(passages: pd.DataFrame) -> np.ndarray:
    return label_matrix(ls.split(";") if ls else [] for ls in passages["labels"]).astype(bool)


def _tables(statuses: dict[str, str]):
    ps = _passages()
    results = []
    for doc, status in statuses.items():
        mine = ps[ps.document == doc]
        results.append(DocumentResult({"document": doc, "status": status}, mine, pd.DataFrame(),
                                      document_summary(mine, _assigned(mine)) if status != "failed" else {}))
    docs = pd.DataFrame({"document": list(statuses), "status": list(statuses.values())})
    return docs, coverage_from_results(docs, results)


def test_coverage_counts_shares_and_max_scores_per_document():
    _, t = _tables({"a.pdf": "ok", "b.pdf": "ok", "c.pdf": "failed"})
    count = t["count"].set_index("document")
    assert count.loc["a.pdf", "K1"] == 2 and count.loc["a.pdf", "K10"] == 1 and count.loc["b.pdf", "K1"] == 0
    assert round(t["share"].set_index("document").loc["a.pdf", "K1"], 3) == 0.667
    assert t["max_score"].set_index("document").loc["b.pdf", "K5"] == 0.3


def test_failed_document_gets_empty_cells_not_zero():
    _, t = _tables({"a.pdf": "ok", "c.pdf": "failed"})
    count = t["count"].set_index("document")
    assert count.loc["c.pdf", K].isna().all()
    assert count.loc["a.pdf", "K5"] == 0


def test_evidence_lists_top_passages_per_cell_by_score_with_page():
    ps = _passages()
    asked = []

    def explain(i, k):
        asked.append((i, k))
        return [(f"term{i}", 1.0)]

    ev = evidence_table(ps, _assigned(ps), top_n=1, explain=explain)
    k1 = ev[(ev.document == "a.pdf") & (ev.commitment == "K1")]
    assert list(k1["rank"]) == [1] and list(k1["page"]) == [1] and list(k1["score"]) == [0.9]
    assert list(k1["terms"]) == ["term0"]  # explained by the row of the passage shown
    assert set(ev.commitment) == {"K1", "K10"}
    assert sorted(asked) == [(0, "K1"), (0, "K10")]


def test_coverage_follows_the_assignment_matrix_not_the_label_strings():
    """A passage counts where the matrix says so, whatever its (human) label string says."""
    ps = _passages().assign(labels="")  # strings emptied: the matrix alone decides
    assigned = np.zeros((len(ps), len(K)), dtype=bool)
    assigned[1, 4] = True  # a.pdf passage 1 → K5
    a = ps.document == "a.pdf"
    summary = document_summary(ps[a], assigned[a.to_numpy()])
    assert summary["count"]["K5"] == 1 and summary["count"]["K1"] == 0
    ev = evidence_table(ps, assigned)
    assert list(zip(ev.document, ev.commitment, ev.passage)) == [("a.pdf", "K5", 1)]


def test_aggregate_per_municipality_and_year_counts_documents_addressing_each_commitment():
    docs, t = _tables({"a.pdf": "ok", "b.pdf": "ok", "c.pdf": "failed"})
    docs["municipality"] = ["Stadt A", "Stadt A", "Stadt A"]
    docs["year"] = ["2019", "2021", "2021"]
    by_m = aggregate(t["count"], docs, ["municipality"]).set_index("municipality")
    assert by_m.loc["Stadt A", "documents"] == 2  # the failed document is not counted
    assert by_m.loc["Stadt A", "K1"] == 2 and by_m.loc["Stadt A", "documents_K1"] == 1
    by_y = aggregate(t["count"], docs, ["municipality", "year"])
    assert list(by_y["year"]) == ["2019", "2021"]

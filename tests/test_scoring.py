"""model.scoring: texts → scores, assignments and score columns."""

import numpy as np

from nip_nlp.model import scoring


def test_passages_outside_the_gate_are_not_lemmatised_and_score_what_scoring_all_gives(model, monkeypatch):
    """score_texts lemmatises and scores only the passages the gate lets in; their scores
    and feature rows must be those of scoring every passage, the others 0 with empty rows
    and no lemmas."""
    import nip_nlp.nlp as nlp

    texts = ["Der Integrationsrat berät den Sprachkurs für Geflüchtete. Die Stadt fördert ihn.",
             "Der Haushalt für den Straßenausbau wird beschlossen.",
             "Das Netzwerk der Träger der Flüchtlingshilfe trifft sich monatlich.",
             "Die Feuerwehr erhält ein neues Fahrzeug."]
    gate = np.array([True, False, True, False])
    seen: list[str] = []
    real = nlp.lemmatize
    monkeypatch.setattr(nlp, "lemmatize", lambda t, *a, **k: seen.extend(t) or real(t, *a, **k))
    got = scoring.score_texts(texts, model, gate)
    assert seen == [texts[0], texts[2]]
    est = model.estimator
    all_scores, all_rows = est.predict_proba_rows(real(texts), gate)
    assert np.array_equal(got.scores, all_scores)
    assert got.lemmas[1] == got.lemmas[3] == "" and got.lemmas[0] == real([texts[0]])[0]
    for i in (0, 2):
        assert (got.rows[i] != all_rows[i]).nnz == 0 and got.rows[i].nnz > 0
    assert got.rows[1].nnz == got.rows[3].nnz == 0
    assert not got.assigned[[1, 3]].any()


def test_no_passage_in_the_gate_means_no_language_processing(model, monkeypatch):
    import nip_nlp.nlp as nlp

    monkeypatch.setattr(nlp, "lemmatize", lambda t, *a, **k: [] if not list(t) else 1 / 0)
    got = scoring.score_texts(["Straßenausbau", "Feuerwehr"], model, [False, False])
    assert got.scores.shape == (2, 10) and not got.scores.any() and got.lemmas == ["", ""]


def test_score_columns_round_and_label(model):
    got = scoring.score_texts(["Der Integrationsrat berät den Sprachkurs für Geflüchtete."], model)
    cols = scoring.score_columns(got)
    assert list(cols) == [f"K{i}" for i in range(1, 11)] + ["labels"]
    assert all(v == round(float(got.scores[0, j]), 4) for j, v in enumerate(cols[f"K{i}"][0] for i in range(1, 11)))

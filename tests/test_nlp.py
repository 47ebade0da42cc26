"""German preprocessing: the offline fallback pipeline, lemmas, numbers folded."""

from __future__ import annotations

import importlib.util

from nip_nlp.nlp import FALLBACK_NAME, TRAINED_PIPELINES, lemmatize, load_pipeline, pipeline_name


def test_the_offline_fallback_lemmatizes_splits_sentences_and_is_named():
    nlp = load_pipeline(FALLBACK_NAME)
    assert pipeline_name(nlp) == FALLBACK_NAME
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]
    assert lemmatize(["Die Kinder besuchten Kurse."], nlp=nlp) == ["der kind besuchen kurs"]


def test_the_best_installed_trained_pipeline_is_used_else_the_fallback():
    installed = [n for n in TRAINED_PIPELINES if importlib.util.find_spec(n)]
    expected = f"{installed[0]}-" if installed else FALLBACK_NAME
    assert pipeline_name(load_pipeline()).startswith(expected)


def test_lemmas_are_lowercase_and_numbers_folded():
    (out,) = lemmatize(["Die Integrationskurse wurden 2019 von 312 Frauen besucht."])
    tokens = out.split()
    assert "<num>" in tokens and "2019" not in tokens
    assert all(t == t.lower() for t in tokens)
    assert "werden" in tokens  # "wurden" → lemma "werden"
    assert "." not in tokens  # punctuation carries no meaning for the classifier

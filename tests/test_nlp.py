"""German preprocessing: the offline fallback pipeline, lemmas, numbers folded."""

from __future__ import annotations

from nip_nlp.nlp import FALLBACK_NAME, lemmatize, load_pipeline, pipeline_name


def test_without_a_trained_pipeline_the_offline_fallback_runs_and_is_named():
    nlp = load_pipeline()
    name = pipeline_name(nlp)
    assert name == FALLBACK_NAME or name.startswith("de_core_news_")
    if name == FALLBACK_NAME:
        assert "lemmatizer" in nlp.pipe_names and "sentencizer" in nlp.pipe_names


def test_lemmas_are_lowercase_and_numbers_folded():
    (out,) = lemmatize(["Die Integrationskurse wurden 2019 von 312 Frauen besucht."])
    tokens = out.split()
    assert "<num>" in tokens and "2019" not in tokens
    assert all(t == t.lower() for t in tokens)
    assert "werden" in tokens  # "wurden" → lemma "werden"
    assert "." not in tokens  # punctuation carries no meaning for the classifier

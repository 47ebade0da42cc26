"""German preprocessing: the offline fallback pipeline, lemmas, numbers folded."""

from __future__ import annotations

import importlib.util
from pathlib import Path

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


def test_lemmas_read_from_the_table_equal_the_lemmatizer_components_on_the_corpus():
    """lemmatize runs only the tokenizer, reads the lemmatizer's table itself and finds
    sentence starts as the sentencizer does: the features must be those of the full
    pipeline (doc.sents, token.lemma_) on corpus and real passages, and on punctuation
    the sentencizer treats specially (runs of final marks, quotes and brackets after them,
    abbreviations, a text ending in a mark, empty and blank texts)."""
    import json

    from nip_nlp.nlp import SENTENCE, _features

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [json.loads(line)["text"] for f in sorted((root / "passages").glob("*.jsonl"))
             for line in f.open(encoding="utf-8")]
    texts = [t for t in texts if t][:3000]
    assert len(texts) >= 2000
    texts += [json.loads(line)["text"] for f in sorted((root / "realtext").glob("*.jsonl"))
              for line in f.open(encoding="utf-8")]
    texts += ["Wirklich?! Ja... (so) \"sagt\" sie.« Dann: Nr. 5 ff. usw.", "Ende.", ".", "", "   ", "!? !? a",
              "Satz eins。Satz zwei ։ drei", "a.b.c. D. E"]
    nlp = load_pipeline(FALLBACK_NAME)
    full = [f" {SENTENCE} ".join(f for s in doc.sents for f in _features(s))
            for doc in nlp.pipe(texts, batch_size=256)]
    assert lemmatize(texts, nlp=nlp) == full

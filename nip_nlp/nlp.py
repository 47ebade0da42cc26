"""The one module that owns spaCy.

A trained German pipeline (``de_core_news_lg``/``md``/``sm``) is used when installed;
otherwise an offline fallback: ``spacy.blank("de")`` with the lookup lemmatizer from
spacy-lookups-data and a rule-based sentencizer. Nothing is downloaded at run time. The
name of the pipeline that ran is recorded in documents.csv and in model cards, because
features (lemmas) differ between pipelines.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

TRAINED_PIPELINES = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm")
FALLBACK_NAME = "blank:de+lookups"

# Lemma features keep only word-like tokens; numbers are folded to one symbol so that
# "Drucksache 123/2019" and "Drucksache 88/2021" look alike to the classifier.
_WORDLIKE = re.compile(r"\w", re.UNICODE)
_NUMBER = re.compile(r"^[\d.,/:%-]+$")
SENTENCE = "<s>"  # between sentences in lemma strings (a literal "<s>" in a text only adds a boundary)


@cache
def load_pipeline(name: str | None = None) -> Any:
    """Load a German spaCy pipeline (cached per process). ``name`` forces one."""
    import spacy

    candidates = (name,) if name and name != FALLBACK_NAME else (() if name else TRAINED_PIPELINES)
    for candidate in candidates:
        try:
            # Parser and NER are not needed for features; excluding them triples speed.
            nlp = spacy.load(candidate, exclude=["ner", "parser"])
        except OSError:
            continue
        if "senter" in nlp.pipe_names or "sentencizer" in nlp.pipe_names:
            pass
        elif "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        else:
            nlp.add_pipe("sentencizer")
        nlp.meta["nip_name"] = f"{candidate}-{nlp.meta.get('version', '?')}"
        log.info("spaCy pipeline: %s", nlp.meta["nip_name"])
        return nlp
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup table from spacy-lookups-data, offline
    nlp.meta["nip_name"] = FALLBACK_NAME
    log.info("spaCy pipeline: %s (no trained de_core_news_* installed)", FALLBACK_NAME)
    return nlp


def pipeline_name(nlp: Any | None = None) -> str:
    return (nlp or load_pipeline()).meta["nip_name"]


def _features(doc: Any) -> str:
    out = []
    for tok in doc:
        if not _WORDLIKE.search(tok.text):
            continue
        if _NUMBER.match(tok.text):
            out.append("<num>")
            continue
        lemma = tok.lemma_ or tok.text
        out.append(lemma.lower())
    return " ".join(out)


def lemmatize(texts: Iterable[str], nlp: Any | None = None, batch_size: int = 256) -> list[str]:
    """Texts → space-joined lowercase lemmas, the classifier's input, with ``SENTENCE``
    between sentences (the classifier scores runs of sentences, see its ``window``)."""
    nlp = nlp or load_pipeline()
    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        sents = (_features(s) for s in doc.sents)
        out.append(f" {SENTENCE} ".join(f for f in sents if f))
    return out


def sentences(text: str, nlp: Any | None = None) -> list[str]:
    nlp = nlp or load_pipeline()
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def iter_sentences(texts: Iterable[str], nlp: Any | None = None) -> Iterator[list[str]]:
    nlp = nlp or load_pipeline()
    for doc in nlp.pipe(texts, batch_size=64):
        yield [s.text.strip() for s in doc.sents if s.text.strip()]

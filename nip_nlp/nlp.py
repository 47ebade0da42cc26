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
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
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


def _lemma_table(nlp: Any) -> Any | None:
    """The lemma table when the pipeline's lemmas are a plain lookup by token text (the
    offline fallback: nothing but the sentencizer runs besides the lookup lemmatizer), else
    None: a trained pipeline's lemmas depend on context."""
    if sorted(nlp.pipe_names) != ["lemmatizer", "sentencizer"]:
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "lookup":
        return None
    return lemmatizer.lookups.get_table("lemma_lookup")


def _lemma(text: str, table: Any) -> str:
    """What spaCy's lookup lemmatizer would write into ``lemma_`` (a table entry may be a
    list of lemmas: the first counts)."""
    lemma = table.get(text, text)
    return lemma if isinstance(lemma, str) else lemma[0]


def _features(tokens: Iterable[Any]) -> Iterator[str]:
    """The features of one document (a trained pipeline's tokens, whose lemmas depend on
    context), one string per sentence (empty ones left out)."""
    cur: list[str] = []
    for tok in tokens:
        if tok.is_sent_start and cur:
            yield " ".join(cur)
            cur = []
        f = _feature(tok.text, lambda _: tok.lemma_)
        if f:
            cur.append(f)
    if cur:
        yield " ".join(cur)


def _feature(text: str, lemma: Callable[[str], str]) -> str:
    """A token's feature ("" for none): word-like tokens only, numbers folded to one
    symbol, else the lowercase lemma (``lemma(text)``, or the text where it has none)."""
    if not _WORDLIKE.search(text):
        return ""
    if _NUMBER.match(text):
        return "<num>"
    return (lemma(text) or text).lower()


# Token text id → feature, for the lookup path, one cache per lemma table (kept alive with
# it, so that its id is not reused). Capped because an archive's vocabulary keeps growing
# (numbers, OCR noise); past the cap it starts afresh.
_FEATURE_CACHES: dict[int, tuple[Any, dict[int, str]]] = {}
_FEATURE_CACHE_MAX = 500_000


def _lookup_features(doc: Any, table: Any, punct: frozenset[int]) -> Iterator[str]:
    """``_features`` of a doc that went through the tokenizer only, from its
    token ids as an array, with the sentence starts that spaCy's sentencizer would set
    (``_sentence_starts``). Making a ``Token`` object for every token (here and inside the
    sentencizer) took most of the language processing's time in the profile, and a word's
    feature depends on its text alone, so each is made once."""
    from spacy.attrs import IS_PUNCT, ORTH

    cache = _FEATURE_CACHES.setdefault(id(table), (table, {}))[1]
    if len(cache) > _FEATURE_CACHE_MAX:
        cache.clear()
    strings = doc.vocab.strings
    lemma = partial(_lemma, table=table)
    rows = doc.to_array([ORTH, IS_PUNCT]).tolist()
    starts = _sentence_starts(rows, punct)
    cur: list[str] = []
    for i, (orth, _) in enumerate(rows):
        if i in starts and cur:
            yield " ".join(cur)
            cur = []
        f = cache.get(orth)
        if f is None:
            f = cache[orth] = _feature(strings[orth], lemma)
        if f:
            cur.append(f)
    if cur:
        yield " ".join(cur)


def _sentence_starts(rows: list[list[int]], punct: frozenset[int]) -> set[int]:
    """The tokens spaCy's ``Sentencizer`` marks as sentence starts, from (orth id, is_punct)
    rows: the first token, and the first token after a sentence-final character that is
    neither punctuation nor another such character (its ``predict``, spaCy 3.x; equal on
    the corpus and run passages, tests/test_nlp.py). ``punct``: ids of its punct_chars."""
    starts, seen = {0}, False
    for i, (orth, is_punct) in enumerate(rows):
        final = orth in punct
        if seen and not is_punct and not final:
            starts.add(i)
            seen = False
        elif final:
            seen = True
    return starts


def lemmatize(texts: Iterable[str], nlp: Any | None = None, batch_size: int = 256) -> list[str]:
    """Texts → space-joined lowercase lemmas, the classifier's input, with ``SENTENCE``
    between sentences (the classifier scores runs of sentences, see its ``window``).

    With the lookup fallback only the tokenizer runs: the lemma is read from the
    lemmatizer's table and the sentence starts found as the sentencizer finds them, in the
    pass that builds the features. The components would write both into every token only
    for them to be read back (several times the time in the profile; the output is the
    same, see tests/test_nlp.py)."""
    nlp = nlp or load_pipeline()
    table = _lemma_table(nlp)
    if table is None:
        return [f" {SENTENCE} ".join(_features(doc)) for doc in nlp.pipe(texts, batch_size=batch_size)]
    strings = nlp.vocab.strings
    punct = frozenset(strings.add(c) for c in nlp.get_pipe("sentencizer").punct_chars)
    docs = nlp.tokenizer.pipe(texts, batch_size=batch_size)
    return [f" {SENTENCE} ".join(_lookup_features(doc, table, punct)) for doc in docs]


def sentences(text: str, nlp: Any | None = None) -> list[str]:
    nlp = nlp or load_pipeline()
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def iter_sentences(texts: Iterable[str], nlp: Any | None = None) -> Iterator[list[str]]:
    nlp = nlp or load_pipeline()
    for doc in nlp.pipe(texts, batch_size=64):
        yield [s.text.strip() for s in doc.sents if s.text.strip()]

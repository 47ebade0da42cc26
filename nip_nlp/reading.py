"""A cleaned document read as a reader reads it: its kind, its passages (with sections,
agenda items, decisions, speeches and form fields) and the metadata its form states.

The one place that decides how a document is cut, shared by the pipeline and
``benchmarks/bench_reading.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .doctype import detect_doc_type, label_kind
from .forms import fields_of
from .records import ExtractedDocument, Passage
from .segment import segment

# Kinds whose every page may carry form fields; other documents only on their first page.
FORM_KINDS = ("proposal", "motion", "response")


@dataclass(frozen=True)
class Reading:
    doc_type: str
    passages: list[Passage]
    fields: dict[str, str] = field(default_factory=dict)  # forms.FIELDS keys: subject, vorlage, ...


def read_document(doc: ExtractedDocument, *, document: str) -> Reading:
    lines = [ln.text for p in doc.pages for ln in p.lines]
    first = " ".join(ln.text for p in doc.pages[:2] for ln in p.lines)
    doc_type = detect_doc_type(first, lines)
    forms = doc_type in FORM_KINDS
    passages = [_bare_label_as_form(p) for p in segment(doc, document=document, minutes=doc_type == "minutes",
                                                          forms=forms)]
    form_lines = lines if forms else [ln.text for ln in (doc.pages[0].lines if doc.pages else ())]
    # Minutes list the Vorlagen of their agenda items; none of them is the document's own.
    return Reading(doc_type, passages, fields_of(form_lines) if doc_type != "minutes" else {})


def _bare_label_as_form(p: Passage) -> Passage:
    """A passage that is only the kind word ("Beschlussvorlage", "Antrag") labels the
    document; classified, its one word would be scored like prose."""
    if p.kind == "prose" and len(p.text.split()) <= 3 and label_kind(p.text):
        return replace(p, kind="form")
    return p

"""What kind of document is this: integration concept/report, minutes, or other?"""

from __future__ import annotations

import re

from .segment import agenda_item

MINUTES_WORDS = re.compile(
    r"\b(Niederschrift|Sitzungsniederschrift|Protokoll|Ergebnisprotokoll|Tagesordnung|Sitzung des|Sitzung der"
    r"|öffentliche[nr]? Sitzung|Beschlussfähigkeit|Sitzungsbeginn|Sitzungsende)\b",
    re.IGNORECASE,
)
CONCEPT_WORDS = re.compile(
    r"\b(Integrationskonzept\w*|Integrationsbericht\w*|Handlungskonzept\w*|Handlungsfeld\w*|Leitbild\w*|Leitlinie\w*"
    r"|Integrationsmonitoring|Maßnahmenkatalog|Gesamtkonzept\w*|Integrationsplan\w*)\b",
    re.IGNORECASE,
)


def detect_doc_type(first_text: str, lines: list[str]) -> str:
    """``minutes``, ``concept`` or ``other`` from the opening text and all line starts.

    Minutes are recognised by their vocabulary on the first pages together with agenda
    items; a concept by its planning vocabulary. Everything else (programmes, laws,
    theses) is ``other`` and is still classified.
    """
    items = sum(1 for ln in lines if agenda_item(ln))
    minutes_hits = len(MINUTES_WORDS.findall(first_text))
    concept_hits = len(CONCEPT_WORDS.findall(first_text))
    if items >= 2 and minutes_hits >= 1 or minutes_hits >= 3 and items >= 1:
        return "minutes"
    if concept_hits >= 2 or concept_hits >= 1 and minutes_hits == 0 and re.search(r"\bIntegration", first_text):
        return "concept"
    return "other"

"""What kind of document is this? The kinds of a council archive:

``minutes`` (Niederschrift, Protokoll), ``proposal`` (Beschluss-, Informations-,
Sitzungs-, Mitteilungsvorlage, Drucksache), ``motion`` (Antrag, Anfrage), ``response``
(Stellungnahme, Antwort der Verwaltung), ``concept`` (integration concept, plan, report)
and ``other`` (programmes, laws, theses …).

Decided from the document's own words: the first line near the top that names a kind as a
label ("Beschlussvorlage", "Antrag der Fraktion …", "Niederschrift über die Sitzung …")
wins over words in the body, where every kind mentions the others ("der Antrag wurde in
der Sitzung beraten"). Without such a label, minutes are recognised by agenda items and
meeting vocabulary, concepts by planning vocabulary.
"""

from __future__ import annotations

import re

from .segment import agenda_item

KINDS = ("concept", "minutes", "proposal", "motion", "response", "other")

# The kind word at the start of a line, after an optional qualifier ("Öffentliche",
# "Auszug aus der", "Gemeinsamer"). Order matters where words overlap: "Antwort der
# Verwaltung" before "Antrag", "Beschlussvorlage" before "Vorlage".
_QUALIFIER = r"(?:(?:Öffentliche[rns]?|Nichtöffentliche[rns]?|Nicht\s?öffentliche[rns]?|Gemeinsame[rns]?"
_QUALIFIER += r"|Interfraktionelle[rns]?"
_QUALIFIER += r"|Auszug\s+aus\s+(?:der|dem)|Entwurf\s+(?:der|des)|Große|Kleine|Schriftliche|Mündliche)\s+)?"
LABELS: list[tuple[str, re.Pattern]] = [(kind, re.compile(rf"^{_QUALIFIER}(?:{words})\b", re.I)) for kind, words in [
    ("response", r"Stellungnahme|Antwort\s+(?:der|auf)|Beantwortung|Mitteilung\s+der\s+Verwaltung\s+zu"),
    ("minutes", r"(?:Sitzungs|Ergebnis|Wort)?(?:niederschrift|protokoll)|Protokollauszug"),
    ("proposal", r"(?:Beschluss|Informations|Sitzungs|Mitteilungs|Verwaltungs|Berichts)?vorlage|Drucksache|Vorlage"),
    ("motion", r"(?:Dringlichkeits|Ergänzungs|Änderungs|Haushalts|Prüf|Fraktions)?antrag|Anfrage"),
    ("concept", r"[\wäöüß-]*(?:konzept|bericht|plan|leitbild|leitlinien|strategie)(?:es|s|e|en)?"),
]]
# A label is short: "Antrag der SPD-Fraktion vom 3. Mai 2024", not a sentence about one.
_LABEL_WORDS = 12
_TOP_LINES = 40

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


def label_kind(line: str) -> str:
    """The kind a line names when it is a label ("Beschlussvorlage", "Anfrage der
    Stadträtin …"), else ''."""
    text = line.strip()
    if len(text.split()) > _LABEL_WORDS or text.endswith((".", ",", ";")):
        return ""
    for kind, pattern in LABELS:
        if pattern.match(text):
            return kind
    return ""


def labelled_kind(top_lines: list[str]) -> str:
    """The kind named by the first label line among ``top_lines``. An Antrag or Anfrage
    printed together with the administration's answer on its first page is the answer
    (``response``): that is the document the archive files."""
    kinds = [k for k in map(label_kind, top_lines) if k]
    if not kinds:
        return ""
    if kinds[0] == "motion" and "response" in kinds:
        return "response"
    return kinds[0]


def detect_doc_type(first_text: str, lines: list[str], top: int = _TOP_LINES) -> str:
    """One of ``KINDS`` from the document's lines (``lines``, in reading order; the first
    ``top`` of them are searched for a label) and its opening text."""
    kind = labelled_kind(lines[:top])
    if kind:
        return kind
    items = sum(1 for ln in lines if agenda_item(ln))
    minutes_hits = len(MINUTES_WORDS.findall(first_text))
    concept_hits = len(CONCEPT_WORDS.findall(first_text))
    if items >= 2 and minutes_hits >= 1 or minutes_hits >= 3 and items >= 1:
        return "minutes"
    if concept_hits >= 2 or concept_hits >= 1 and minutes_hits == 0 and re.search(r"\bIntegration", first_text):
        return "concept"
    return "other"

"""The form of a Vorlage: labelled fields ("Finanzielle Auswirkungen: ja", "Beratungsfolge",
"Aktenzeichen: 50.1-123") that describe the document but are not prose to classify.

Form lines become passages of kind ``form`` (kept in passages.csv so no word is lost, but
not classified); the useful values become document metadata (``fields``).
"""

from __future__ import annotations

import re

# Field labels of German council forms → the metadata key they fill ('' = kept as form only).
FIELDS = {
    "Betreff": "subject", "Gegenstand": "subject", "Drucksache": "vorlage", "Drucksachen-Nr": "vorlage",
    "Vorlage": "vorlage", "Vorlagen-Nr": "vorlage", "Vorlagennummer": "vorlage", "Vorlage Nr": "vorlage",
    "Aktenzeichen": "file_number", "Az": "file_number", "Sitzungsdatum": "meeting_date", "Datum": "date",
    "Finanzielle Auswirkungen": "", "Haushaltsmittel": "", "Haushaltsrechtliche Deckung": "", "Kosten": "",
    "Beratungsfolge": "", "Anhörung Ortschaftsrat": "", "Anhörung Ortsbeirat": "", "Masterplan relevant": "",
    "Klimarelevanz": "", "Klimaschutzrelevanz": "", "Zuständigkeit": "", "Federführung": "",
    "Federführendes Amt": "", "Dezernat": "", "Amt": "", "Fachbereich": "", "Beteiligte Ämter": "",
    "Beteiligungen": "", "Sachbearbeiter": "", "Sachbearbeiterin": "", "Telefon": "", "E-Mail": "",
    "Öffentlichkeitsstatus": "", "Status": "", "Gremium": "", "Sitzung": "", "Einbringer": "", "Antragsteller": "",
    "Produkt": "", "Produktgruppe": "", "Kostenstelle": "", "Investitionsnummer": "", "Mitzeichnung": "",
    "Abstimmungsergebnis": "",
}
_LABEL = "|".join(sorted((re.escape(k) for k in FIELDS), key=len, reverse=True))
# A label at the start of a line, then ":" or a short value (a tick box, ja/nein, a number,
# a date or a table row of the Beratungsfolge). "Betreff" may stand alone on its line.
FIELD = re.compile(rf"^(?P<label>{_LABEL})\.?(?:\s*(?:Nr\.?|Nummer))?(?P<words>\s+[^:]{{1,40}})?\s*"
                   r"(?::\s*(?P<value>.*)|(?P<bare>\s+.*)?)$")
_SHORT_VALUE = re.compile(r"^\s*(?:[☐☒☑■□xX]\s*)?(?:ja|nein|keine?|entfällt|\d[\d./\s-]*\w*|[A-Z]{0,4}\s?\d[\w/.-]*)"
                          r"(?:\s*[☐☒☑■□xX]?\s*(?:ja|nein))*\s*$", re.I)


def form_field(line: str) -> tuple[str, str] | None:
    """(label, value) when ``line`` is a form field, else None. A label followed by running
    text without a colon ("Amt für Integration lädt …") is prose, not a field."""
    m = FIELD.match(line.strip())
    if not m:
        return None
    if m.group("value") is not None:
        # "Haushaltsmittel stehen zur Verfügung: ja": words between label and colon only
        # before a short value; "Amt für Integration: Die Beratung …" is prose.
        if m.group("words") and not _SHORT_VALUE.match(m.group("value")):
            return None
        return m.group("label"), m.group("value").strip()
    if m.group("words"):
        bare = f"{m.group('words')} {m.group('bare') or ''}".strip()
        return (m.group("label"), bare) if _SHORT_VALUE.match(bare) else None
    bare = (m.group("bare") or "").strip()
    if not bare or _SHORT_VALUE.match(bare):
        return m.group("label"), bare
    return None


def document_fields(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The metadata values of a document's form fields, the first of each key."""
    out: dict[str, str] = {}
    for label, value in pairs:
        key = FIELDS.get(label, "")
        if key and value and key not in out:
            out[key] = value
    return out


def fields_of(lines: list[str]) -> dict[str, str]:
    """Metadata from the form fields among ``lines``. A field whose value stands on the
    next line ("Betreff:" / "Fortschreibung des Integrationskonzepts") takes that line."""
    pairs = []
    for i, line in enumerate(lines):
        found = form_field(line)
        if found is None:
            continue
        label, value = found
        if not value and i + 1 < len(lines) and form_field(lines[i + 1]) is None:
            value = lines[i + 1].strip()
        pairs.append((label, value))
    return document_fields(pairs)

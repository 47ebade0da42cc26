"""Who speaks in council minutes and what the council decided.

A speech opens with its speaker: "Stadtrat Pfalzgraf (SPD): …", "Stadträtin Dr. Meier
(GRÜNE) führt aus, …", "Herr Oberbürgermeister Mentrup …", "Frau Bürgermeisterin Lang
erläutert …". A decision is the vote result of an agenda item: "einstimmig beschlossen",
"zur Kenntnis genommen", "vertagt" …, normalised to a short code (``DECISIONS``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Offices and roles that open a speech (with feminine and inflected forms).
_ROLE = (r"(?:Stadtr(?:at|ätin)|Gemeinder(?:at|ätin)|Kreisr(?:at|ätin)|Ortschaftsr(?:at|ätin)|Ratsherr|Ratsfrau"
         r"|Ratsmitglied|Stadtverordnete[rn]?|Bezirksvertreter(?:in)?|Bezirksverordnete[rn]?|Abgeordnete[rn]?"
         r"|(?:Ober)?[Bb]ürgermeister(?:in)?|Erste[rn]? Bürgermeister(?:in)?|Beigeordnete[rn]?|Dezernent(?:in)?"
         r"|Stadtdirektor(?:in)?|Landr(?:at|ätin)|Amtsleiter(?:in)?|Sachgebietsleiter(?:in)?|Vorsitzende[rn]?"
         r"|Ausschussvorsitzende[rn]?|Sachkundige[rn]? Bürger(?:in)?|Fraktionsvorsitzende[rn]?)")
_TITLE = r"(?:(?:Dr\.|Prof\.|Dipl\.-\w+\.?)\s*)*"
_NAME = r"[A-ZÄÖÜ][\wäöüß'-]+(?:\s+(?:von|van|de|zu)\s+[A-ZÄÖÜ][\wäöüß-]+|\s+[A-ZÄÖÜ][\wäöüß-]+(?=\s*[(:]))?"
# What follows the speaker: a colon, or a verb of speaking.
_VERB = (r"(?:führt|erläutert|erklärt|betont|fragt|antwortet|berichtet|weist|stellt|bittet|merkt|begründet|schlägt"
         r"|spricht|verweist|ergänzt|kritisiert|sagt|dankt|teilt|informiert|macht|hält|plädiert|beantragt"
         r"|bemängelt|befürwortet|lehnt|unterstützt|signalisiert|kündigt|möchte|regt|entgegnet|erwidert|begrüßt"
         r"|fordert|äußert|bedankt|widerspricht|hinterfragt|zweifelt|gibt|hebt|verliest|schildert)\b")
SPEECH = re.compile(
    rf"^(?:(?:Herr|Frau)\s+(?={_ROLE}))?"
    rf"(?P<speaker>{_ROLE}\s+{_TITLE}{_NAME}|(?:Herr|Frau)\s+{_TITLE}{_NAME}|(?P<bare>{_TITLE}{_NAME})(?=\s*\())"
    r"\s*(?:\((?P<party>[^()]{2,30})\))?\s*(?::|,?\s+" + _VERB + ")"
)

# Spellings of the groups in German councils → one name each.
_PARTIES = [
    (re.compile(r"gr(?:ü|ue)ne|b(?:ündnis)?\s*'?\s*90", re.I), "GRÜNE"),
    (re.compile(r"\blinke\b", re.I), "LINKE"),
    (re.compile(r"^afd$", re.I), "AfD"),
    (re.compile(r"freie\s+wähler|^fw(?:g)?$", re.I), "FW"),
    (re.compile(r"partei", re.I), "PARTEI"),
    (re.compile(r"^(?:cdu|csu|spd|fdp|ödp|volt)\b", re.I), None),  # upper-cased as they are
    (re.compile(r"fraktionslos|parteilos", re.I), "fraktionslos"),
]
_KNOWN = {"GRÜNE", "LINKE", "AfD", "FW", "PARTEI", "CDU", "CSU", "SPD", "FDP", "ÖDP", "VOLT", "fraktionslos"}


class Speech(NamedTuple):
    speaker: str
    party: str


def normalize_party(text: str) -> str:
    """"B90/Grüne", "Bündnis 90/Die Grünen", "GRÜNE" → "GRÜNE"; "Die Linke" → "LINKE";
    "SPD-Fraktion" → "SPD"; others as printed."""
    text = " ".join(text.split()).removesuffix("-Fraktion").removesuffix(" Fraktion").strip()
    for pattern, name in _PARTIES:
        m = pattern.search(text)
        if m:
            return name or m.group(0).upper()
    return text


def speech(paragraph: str) -> Speech | None:
    """The speaker (office and name, without "Herr"/"Frau" before an office) and party when
    ``paragraph`` opens a speech."""
    m = SPEECH.match(paragraph)
    if not m:
        return None
    speaker = " ".join(m.group("speaker").split())
    party = normalize_party(m.group("party") or "")
    if m.group("bare") and party not in _KNOWN:  # "Integrationskurse (BAMF): …" is no speech
        return None
    return Speech(speaker, party)


# Decision phrases, most specific first; the last one in an agenda item's text wins, since
# items end with their vote.
DECISIONS = {
    "approved_unanimously": r"einstimmig\s+(?:beschlossen|angenommen|zugestimmt|so\s+beschlossen)"
                            r"|(?:Abstimmungsergebnis|Abstimmung|Beschluss)\s*:\s*einstimmig(?!\s+abgelehnt)"
                            r"|beschließt\s+einstimmig|stimmt\s+einstimmig\s+zu",
    "approved": r"(?:mehrheitlich|mit\s+Mehrheit|mit\s+\d+\s+(?:Ja-)?Stimmen"
                r"|bei\s+\d+\s+(?:Gegenstimmen?|Enthaltungen?))"
                r"[^.]{0,60}?(?:beschlossen|angenommen|zugestimmt)|beschließt\s+mehrheitlich|stimmt\s+mehrheitlich\s+zu"
                r"|(?:wird|wurde)\s+(?:wie\s+vorgeschlagen\s+)?(?:beschlossen|angenommen)\b"
                r"|(?:Rat|Gemeinderat|Stadtrat|Ausschuss|Kreistag|Ortschaftsrat|Bezirksbeirat|Stadtverordnetenversammlung)"
                r"\s+beschließt(?!\s+einstimmig)",
    "noted": r"zur\s+Kenntnis\s+genommen|nimmt\b[^.]{0,80}\bzur\s+Kenntnis|Kenntnisnahme\b",
    "rejected": r"\babgelehnt\b|lehnt\b[^.]{0,80}\bab\b",
    "postponed": r"\bvertagt\b|\bzurückgestellt\b|\bverschoben\b|von\s+der\s+Tagesordnung\s+abgesetzt",
    "referred": r"\b(?:verwiesen|überwiesen)\b",
    "withdrawn": r"\bzurückgezogen\b",
}
_DECISION = re.compile("|".join(f"(?P<{k}>{v})" for k, v in DECISIONS.items()), re.I)


def decision(text: str) -> str:
    """The code of the last decision phrase in ``text`` (an agenda item's text), or ''."""
    found = [m.lastgroup for m in _DECISION.finditer(text)]
    return found[-1] if found else ""

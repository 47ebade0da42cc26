"""Generated council documents in each kind's real layout, for tests and
``benchmarks/bench_reading.py --generated``: Vorlagen with their form and numbered
resolutions, Anträge, Anfragen with the administration's answer, Stellungnahmen, minutes
with "Punkt 4.1 der Tagesordnung:" items, decisions and speeches, a debate transcript, an
integration concept and a party programme. Each document is built from blocks of known
text (written for this project) with its expected kind, agenda items and speeches, and
reproduces a layout quirk of real archives, named in ``quirk``.

Needs fpdf2 (a test dependency), like ``_pdfgen``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ._pdfgen import Block, Layout, make_pdf

P = "para"
H = "heading"


@dataclass(frozen=True)
class CouncilDoc:
    name: str
    kind: str  # expected doc_type
    quirk: str  # the layout trait of real documents it reproduces
    blocks: list[Block]
    layout: Layout = field(default_factory=Layout)
    items: dict[str, str] = field(default_factory=dict)  # expected section "TOP 4.1: Title" → decision code
    speeches: dict[str, str] = field(default_factory=dict)  # expected speaker → party

    def write(self, folder: Path) -> Path:
        return make_pdf(Path(folder) / f"{self.name}.pdf", self.blocks, self.layout)


def _letterhead(city: str, office: str) -> list[Block]:
    return [Block(P, f"Stadt {city}", style="B"), Block(P, office)]


def _form(*fields: str) -> list[Block]:
    return [Block(P, f) for f in fields]


BODY_VORLAGE = [
    "Die Verwaltung hat in den vergangenen zwölf Monaten gemeinsam mit den freien Trägern, dem Integrationsrat und "
    "den Schulen untersucht, wie neu zugewanderte Familien den Weg zu Beratung, Sprachkursen und Kinderbetreuung "
    "finden.",
    "Die Befragung zeigt, dass viele Eltern die bestehenden Angebote nicht kennen. Deshalb sollen Lotsinnen und "
    "Lotsen in den Stadtteilzentren eingesetzt werden, die mehrsprachig beraten und Termine vermitteln.",
    "Die Kosten von jährlich 85.000 Euro werden zur Hälfte aus Landesmitteln gedeckt. Der Eigenanteil ist im "
    "Entwurf des Haushalts bereits enthalten.",
]


def proposal(city: str, number: str, label: str, subject: str, quirk: str, bold_resolution: bool) -> CouncilDoc:
    style = "B" if bold_resolution else None
    blocks = [
        *_letterhead(city, "Dezernat für Soziales, Jugend und Integration"),
        Block(H, label, level=1),
        *_form(f"Drucksache Nr. {number}", "Aktenzeichen: 50.2-114", "Sitzungsdatum: 14.05.2024",
               "Finanzielle Auswirkungen: ja", "Haushaltsmittel stehen zur Verfügung: ja", "Beratungsfolge",
               "Ausschuss für Soziales 30.04.2024 Vorberatung", "Gemeinderat 14.05.2024 Entscheidung",
               "Anhörung Ortschaftsrat: nein", "Masterplan relevant: nein", "Zuständigkeit: Gemeinderat"),
        Block(P, f"Betreff: {subject}"),
        Block(H, "Beschlussvorschlag", level=3),
        Block(P, "1. Der Gemeinderat genehmigt nach Vorberatung im Ausschuss für Soziales die Einrichtung von "
                 "Lotsendiensten in den vier Stadtteilzentren für zunächst drei Jahre.", style=style),
        Block(P, "2. Die Verwaltung wird beauftragt, dem Gemeinderat nach zwei Jahren über die Wirkung der "
                 "Lotsendienste zu berichten.", style=style),
        Block(H, "Begründung", level=3),
        *[Block(P, t) for t in BODY_VORLAGE],
    ]
    return CouncilDoc(f"vorlage_{number.replace('/', '_')}", "proposal", quirk, blocks,
                      Layout(footer="Seite {page}"))


def motion(city: str, label: str, group: str, subject: str, quirk: str) -> CouncilDoc:
    blocks = [
        Block(P, f"{group} im Gemeinderat der Stadt {city}"),
        Block(P, "An den Oberbürgermeister"),
        Block(H, label, level=1),
        Block(P, f"Betreff: {subject}"),
        Block(P, "Der Gemeinderat möge beschließen:"),
        Block(P, "Die Verwaltung richtet an allen Grundschulen Sprechstunden in den häufigsten Familiensprachen ein "
                 "und berichtet im Ausschuss für Soziales über die Nachfrage."),
        Block(H, "Begründung", level=3),
        Block(P, "Viele Eltern mit Einwanderungsgeschichte wünschen sich mehr Austausch mit der Schule ihrer Kinder. "
                 "Sprechstunden in ihrer Sprache senken die Hürde und stärken die Zusammenarbeit."),
        Block(P, f"gez. Vorsitzende der Fraktion, {group}"),
    ]
    return CouncilDoc(f"{label.lower()}_{group.split()[0].lower()}", "motion", quirk, blocks)


def inquiry_with_answer(city: str) -> CouncilDoc:
    blocks = [
        *_letterhead(city, "Der Oberbürgermeister"),
        Block(H, "Anfrage der Stadträtin Dr. Meier (GRÜNE)", level=2),
        Block(P, "Betreff: Wartezeiten bei der Ausländerbehörde"),
        Block(P, "1. Wie lange warten Antragstellende derzeit durchschnittlich auf einen Termin?"),
        Block(P, "2. Welche Maßnahmen plant die Verwaltung, um die Wartezeiten zu verkürzen?"),
        Block(H, "Antwort der Verwaltung", level=2),
        Block(P, "Zu 1.: Die Wartezeit auf einen Termin liegt derzeit bei etwa sechs Wochen. Für dringende Fälle "
                 "werden täglich offene Sprechzeiten angeboten."),
        Block(P, "Zu 2.: Die Verwaltung besetzt zwei zusätzliche Stellen und führt eine digitale Terminvergabe ein, "
                 "die auch in englischer und arabischer Sprache genutzt werden kann."),
    ]
    return CouncilDoc("anfrage_mit_antwort", "response", "inquiry_answered_in_the_same_document", blocks)


def statement(city: str) -> CouncilDoc:
    blocks = [
        *_letterhead(city, "Amt für Migration und Integration"),
        Block(H, "Stellungnahme der Verwaltung", level=1),
        Block(P, "zum Antrag der SPD-Fraktion vom 12. März 2024, Drucksache 2024/0088"),
        Block(P, "Betreff: Mehrsprachige Sprechstunden an Grundschulen"),
        Block(P, "Die Verwaltung begrüßt das Anliegen. An sechs Grundschulen gibt es bereits Elterncafés, die von "
                 "Sprachmittlerinnen begleitet werden. Eine Ausweitung auf alle Grundschulen ist mit den vorhandenen "
                 "Mitteln nicht möglich."),
        Block(P, "Die Verwaltung schlägt vor, die Elterncafés zunächst an vier weiteren Schulen einzurichten und "
                 "die Erfahrungen im Herbst auszuwerten."),
    ]
    return CouncilDoc("stellungnahme", "response", "kind_label_under_letterhead", blocks)


MINUTES_ITEMS = [
    ("1", "Eröffnung und Feststellung der Beschlussfähigkeit",
     ["Der Vorsitzende eröffnet die Sitzung und stellt die ordnungsgemäße Ladung und die Beschlussfähigkeit fest."],
     ""),
    ("4.1", "Entwicklungsstrategie Innenstadt",
     ["Stadtrat Pfalzgraf (SPD): Die Strategie bündelt endlich die Vorschläge aus der Bürgerbeteiligung. "
      "Wir unterstützen besonders die Begegnungsorte am Marktplatz.",
      "Stadträtin Dr. Meier (B90/Grüne) führt aus, dass die Strategie mehr Grünflächen vorsehen müsse.",
      "Beschluss: Der Gemeinderat beschließt die Entwicklungsstrategie. Abstimmungsergebnis: einstimmig beschlossen."],
     "approved_unanimously"),
    ("4.2", "Fortschreibung des Integrationskonzepts",
     ["Frau Bürgermeisterin Lang erläutert die Vorlage und die Ergebnisse der Fachforen.",
      "Stadtrat Keller (CDU): Wir vermissen konkrete Ziele für die Arbeitsmarktintegration.",
      "Der Gemeinderat nimmt den Zwischenbericht zur Kenntnis."],
     "noted"),
    ("5", "Antrag der Fraktion DIE LINKE zur Sozialkarte",
     ["Stadtrat Yilmaz (Die Linke): Eine Sozialkarte würde vielen Familien die Teilhabe am Vereinsleben erleichtern.",
      "Herr Oberbürgermeister Brandt erklärt, die Kosten seien im laufenden Haushalt nicht gedeckt.",
      "Der Antrag wird mit 9 Ja-Stimmen und 21 Gegenstimmen abgelehnt."],
     "rejected"),
    ("6", "Sanierung der Sporthalle Nord",
     ["Die Verwaltung bittet, den Punkt wegen offener Fragen zur Förderung zu vertagen. Der Punkt wird vertagt."],
     "postponed"),
]


# How minutes write an agenda item: (the opening before the title, the section it must become).
AGENDA_STYLES = {
    "punkt_der_tagesordnung": (lambda n: f"Punkt {n} der Tagesordnung: ", lambda n: f"TOP {n}"),
    "top_with_colon": (lambda n: f"TOP {n}: ", lambda n: f"TOP {n}"),
    "oe_public_item": (lambda n: f"Ö {n} ", lambda n: f"Ö {n}"),
    "tagesordnungspunkt": (lambda n: f"Tagesordnungspunkt {n} - ", lambda n: f"TOP {n}"),
    "zu_punkt": (lambda n: f"zu Punkt {n}: ", lambda n: f"TOP {n}"),
}


def minutes(city: str, header: str, label: str = "Niederschrift über die öffentliche Sitzung des Gemeinderates",
            style: str = "punkt_der_tagesordnung") -> CouncilDoc:
    opening, section = AGENDA_STYLES[style]
    blocks = [
        Block(H, label, level=1),
        Block(P, f"Sitzungstag: 16. Mai 2024, Rathaus der Stadt {city}, Beginn 17:00 Uhr"),
    ]
    items = {}
    for number, title, paras, code in MINUTES_ITEMS:
        blocks.append(Block(H, opening(number) + title, level=3))
        if number == "4.2":
            blocks.append(Block(P, "Vorlage 2024/0131"))
        blocks.extend(Block(P, t) for t in paras)
        items[f"{section(number)}: {title}"] = code
    speeches = {"Stadtrat Pfalzgraf": "SPD", "Stadträtin Dr. Meier": "GRÜNE", "Stadtrat Keller": "CDU",
                "Stadtrat Yilmaz": "LINKE", "Bürgermeisterin Lang": "", "Oberbürgermeister Brandt": ""}
    name = "niederschrift_gemeinderat" if style == "punkt_der_tagesordnung" else f"{label.split()[0].lower()}_{style}"
    return CouncilDoc(name, "minutes", f"agenda_items_as_{style}", blocks, Layout(header=header), items=items,
                      speeches=speeches)


def transcript(city: str) -> CouncilDoc:
    speeches = [
        ("Oberbürgermeister Brandt", "", "Ich rufe den Tagesordnungspunkt zum Haushalt auf und erteile als erstem "
                                         "Redner Herrn Stadtrat Pfalzgraf das Wort."),
        ("Stadtrat Pfalzgraf", "SPD", "Meine Damen und Herren, dieser Haushalt sichert die Sprachkurse an den "
                                      "Volkshochschulen und die Beratung für Geflüchtete auch im nächsten Jahr."),
        ("Stadträtin Dr. Meier", "GRÜNE", "Wir tragen den Haushalt mit, erwarten aber mehr Mittel für den "
                                           "Klimaschutz in den Quartieren."),
        ("Stadtrat Keller", "CDU", "Die Verschuldung steigt weiter. Wir lehnen den Haushalt in dieser Form ab."),
        ("Stadträtin Kaya", "FDP", "Wir fordern eine schnellere Anerkennung ausländischer Berufsabschlüsse durch "
                                   "eine eigene Servicestelle im Rathaus."),
    ]
    blocks = [Block(H, "Wortprotokoll der Sitzung des Gemeinderates", level=1),
              Block(P, f"Stadt {city}, 21. November 2024"),
              Block(H, "TOP 3: Haushaltssatzung 2025", level=3)]
    for who, party, words in speeches:
        opener = f"{who} ({party}): " if party else f"{who}: "
        blocks.append(Block(P, opener + words))
    blocks.append(Block(P, "Abstimmung: Die Haushaltssatzung wird mehrheitlich beschlossen."))
    return CouncilDoc("wortprotokoll_haushalt", "minutes", "debate_transcript_of_speeches", blocks,
                      items={"TOP 3: Haushaltssatzung 2025": "approved"}, speeches={w: p for w, p, _ in speeches})


def concept(city: str, quirk: str, layout: Layout) -> CouncilDoc:
    blocks = [Block(H, f"Integrationskonzept der Stadt {city} 2024", level=1),
              Block(H, "Sprache und Bildung", level=2),
              Block(P, "Die Stadt baut die Sprachförderung in Kindertagesstätten aus und qualifiziert dafür "
                       "zusätzliche Fachkräfte."),
              Block(P, "Sprachkurse für Eltern"),  # a short line in the body style: body text, not a heading
              Block(P, "Die Volkshochschule bietet Kurse am Vormittag mit Kinderbetreuung an."),
              Block(H, "Arbeit und Ausbildung", level=2),
              Block(P, "Gemeinsam mit dem Jobcenter berät die Stadt zur Anerkennung ausländischer Abschlüsse "
                       "und vermittelt Praktika in städtischen Betrieben."),
              Block(H, "Teilhabe und Begegnung", level=2),
              Block(P, "Der Integrationsrat wird an allen Planungen beteiligt, die das Zusammenleben in den "
                       "Quartieren betreffen.")]
    return CouncilDoc(f"integrationskonzept_{quirk}", "concept", quirk, blocks, layout)


def documents(city: str = "Lindenau") -> list[CouncilDoc]:
    """One or more documents of every kind, each with the quirk it reproduces."""
    return [
        proposal(city, "2024/0131", "Beschlussvorlage", "Lotsendienste in den Stadtteilzentren",
                 "numbered_resolution", bold_resolution=False),
        proposal(city, "2024/0140", "Informationsvorlage", "Bericht über die Lotsendienste",
                 "numbered_resolution_in_bold", bold_resolution=True),
        proposal(city, "2024/0152", "Mitteilungsvorlage", "Stand der Sprachkurse", "form_fields_before_subject",
                 bold_resolution=False),
        motion(city, "Antrag", "SPD-Fraktion", "Mehrsprachige Sprechstunden an Grundschulen", "motion_from_a_group"),
        motion(city, "Ergänzungsantrag", "Fraktion GRÜNE", "Elterncafés auch an Gesamtschulen",
               "amendment_motion"),
        motion(city, "Anfrage", "FDP-Fraktion", "Anerkennung von Berufsabschlüssen", "inquiry_without_answer"),
        inquiry_with_answer(city),
        statement(city),
        minutes(city, header=f"Stadt {city} · Niederschrift Gemeinderat"),
        minutes(city, header="", label="Ergebnisniederschrift der Sitzung des Ausschusses für Soziales",
                style="top_with_colon"),
        minutes(city, header="", label="Protokoll der öffentlichen Sitzung des Ortschaftsrates", style="oe_public_item"),
        minutes(city, header="", label="Sitzungsniederschrift des Gemeinderates", style="tagesordnungspunkt"),
        minutes(city, header="", label="Auszug aus der Niederschrift des Gemeinderates", style="zu_punkt"),
        transcript(city),
        concept(city, "every_line_bold", Layout(body_style="B")),
        concept(city, "heading_in_body_font_subset", Layout(heading_style="I", heading_grow=False)),
    ]

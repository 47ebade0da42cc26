"""Minutes: agenda items recovered from generated PDFs with the numbering variants of real
minutes, each with its title and Vorlage number as the passages' section."""

from __future__ import annotations

import random

import pytest

from nip_nlp._pdfgen import Block, Layout, make_pdf
from nip_nlp.clean import clean_document
from nip_nlp.doctype import detect_doc_type
from nip_nlp.extract import extract_document
from nip_nlp.segment import segment

TITLES = ["Eröffnung und Feststellung der Beschlussfähigkeit", "Genehmigung der Niederschrift",
          "Haushaltssatzung 2022", "Bebauungsplan Nr. 14 Am Bach", "Bericht des Integrationsrates",
          "Sanierung der Grundschule Nord", "Anfrage der Fraktion zu Radwegen", "Feuerwehrbedarfsplan",
          "Sprachförderung in Kitas", "Mitteilungen der Verwaltung", "Verschiedenes", "Vergabe Winterdienst"]
STYLES = [lambda n: f"TOP {n}: ", lambda n: f"TOP {n}.1 ", lambda n: f"Tagesordnungspunkt {n}: ",
          lambda n: f"Ö {n} ", lambda n: f"Top {n} - ", lambda n: f"TOP {n}) "]
BODY = ("Die Verwaltung erläutert die Vorlage. Nach kurzer Aussprache fasst der Ausschuss den Beschluss. "
        "Abstimmungsergebnis: einstimmig bei einer Enthaltung.")


@pytest.mark.parametrize("style", range(len(STYLES)))
def test_at_least_90_percent_of_agenda_items_become_sections_with_titles(tmp_path, style):
    rng = random.Random(style)
    blocks = [Block("heading", "Niederschrift über die Sitzung des Ausschusses für Soziales", level=1),
              Block("para", "Sitzungstag: 3. Mai 2022. Beginn 17 Uhr.")]
    expected = []
    for n, title in enumerate(TITLES, start=1):
        head = STYLES[style](n) + title
        blocks.append(Block("heading" if n % 2 else "para", head, level=3))
        if n % 3 == 0:
            blocks.append(Block("para", f"Vorlage 2022/{100 + n}"))
        blocks.extend(Block("para", BODY) for _ in range(rng.randint(1, 3)))
        expected.append(title)
    pdf = make_pdf(tmp_path / "minutes.pdf", blocks, Layout(header="Stadt Musterau · Niederschrift", footer="Seite {page}"))
    doc = clean_document(extract_document(pdf))
    lines = [ln.text for p in doc.pages for ln in p.lines]
    assert detect_doc_type(" ".join(lines[:80]), lines) == "minutes"
    sections = {p.section for p in segment(doc, document="minutes.pdf", minutes=True)}
    found = [t for t in expected if any(t in s for s in sections)]
    assert len(found) >= 0.9 * len(expected), sorted(sections)
    # Vorlage numbers printed under the title are carried in the section.
    assert any("2022/103" in s for s in sections), sorted(sections)

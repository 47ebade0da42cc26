from nip_nlp.records import ExtractedDocument, Line, Page
from nip_nlp.segment import agenda_item, segment


def _doc(*pages: list[tuple[str, int]]) -> ExtractedDocument:
    """Pages of (text, heading level) lines, 14 pt apart; an empty text makes a paragraph gap."""
    out = []
    for n, lines in enumerate(pages, 1):
        y, built = 50.0, []
        for text, heading in lines:
            if not text:
                y += 20
                continue
            built.append(Line(text, n, 50, y, 500, y + 10, 14 if heading else 10, bool(heading), heading))
            y += 14
        out.append(Page(n, 595, 842, tuple(built)))
    return ExtractedDocument("x.pdf", tuple(out), engine="test")


def test_paragraphs_get_their_section_heading_and_page():
    doc = _doc(
        [("3.3 Sprache und Bildung", 2), ("Die Stadt bietet Sprachkurse für neu", 0), ("zugezogene Familien an.", 0), ("", 0),
         ("Die Volkshochschule berät zu Integrationskursen im Rathaus.", 0)],
        [("3.4 Arbeit", 2), ("Das Jobcenter berät zur Anerkennung ausländischer Abschlüsse.", 0)],
    )
    ps = segment(doc, document="x.pdf")
    assert [(p.section, p.page) for p in ps] == [
        ("3.3 Sprache und Bildung", 1), ("3.3 Sprache und Bildung", 1), ("3.4 Arbeit", 2)]
    # The heading is the section and also heads the first passage's text, so its words are not lost.
    assert ps[0].text == "3.3 Sprache und Bildung. Die Stadt bietet Sprachkurse für neu zugezogene Familien an."
    assert ps[1].text == "Die Volkshochschule berät zu Integrationskursen im Rathaus."
    assert [p.index for p in ps] == [0, 1, 2]


def test_paragraph_running_over_a_page_break_stays_one_passage_on_its_first_page():
    doc = _doc(
        [("Die Integrationslotsen begleiten Neuzugewanderte bei", 0)],
        [("Behördengängen und Arztbesuchen in der ganzen Stadt.", 0)],
    )
    ps = segment(doc, document="x.pdf")
    assert len(ps) == 1 and ps[0].page == 1
    assert "bei Behördengängen" in ps[0].text


def test_minutes_passages_carry_agenda_item_number_title_and_vorlage():
    doc = _doc([
        ("TOP 5: Fortschreibung des Integrationskonzepts", 0), ("(Vorlage 2024/019)", 0), ("", 0),
        ("Frau Demir stellt den Entwurf des Konzepts vor und erläutert die Kennzahlen.", 0), ("", 0),
        ("TOP 6: Ersatzbeschaffung eines Löschfahrzeugs", 0),
        ("Der Rat stimmt der Ausschreibung eines neuen Fahrzeugs zu. Abstimmung: einstimmig.", 0),
    ])
    ps = segment(doc, document="m.pdf", minutes=True)
    sections = [p.section for p in ps]
    assert sections[0] == "TOP 5: Fortschreibung des Integrationskonzepts (Vorlage 2024/019)"
    assert sections[1] == sections[0]
    assert ps[-1].section == "TOP 6: Ersatzbeschaffung eines Löschfahrzeugs"
    assert "einstimmig" in ps[-1].text  # the vote result stays with its item


def test_agenda_item_numbering_variants():
    assert agenda_item("TOP 5.2: Bericht der Verwaltung") == ("5.2", "Bericht der Verwaltung")
    assert agenda_item("Tagesordnungspunkt 3 - Haushalt") == ("3", "Haushalt")
    assert agenda_item("Ö 4 Antrag des Integrationsrates") == ("Ö 4", "Antrag des Integrationsrates")
    assert agenda_item("Top-Thema der Sitzung war der Haushalt") is None
    assert agenda_item("Die Stadt hat 38.412 Einwohner.") is None


def test_very_long_paragraph_is_split_at_sentences():
    sentence = "Die Stadt fördert Sprachkurse für Eltern in allen Stadtteilen mit viel Engagement."
    doc = _doc([(" ".join([sentence] * 40), 0)])
    ps = segment(doc, document="x.pdf", max_words=100)
    assert len(ps) >= 4
    assert all(len(p.text.split()) <= 100 for p in ps)
    assert all(p.text.endswith(".") for p in ps)


def test_short_fragments_are_merged_with_the_next_paragraph():
    doc = _doc([("Abb. 3", 0), ("", 0), ("Die Grafik zeigt die Entwicklung der Einwohnerzahl seit 2015.", 0)])
    ps = segment(doc, document="x.pdf")
    assert len(ps) == 1 and ps[0].text.startswith("Abb. 3 Die Grafik")


def test_an_agenda_item_number_alone_on_its_line_takes_the_next_line_as_title_and_the_vote_as_decision():
    doc = _doc([
        ("TOP 4.1", 0), ("Entwicklungsstrategie Innenstadt", 0), ("", 0),
        ("Stadtrat Pfalzgraf (SPD): Wir begrüßen die neuen", 0), ("Begegnungsorte am Markt und die", 0),
        ("längeren Öffnungszeiten der Bücherei.", 0), ("", 0),
        ("Der Gemeinderat nimmt die Strategie", 0), ("zur Kenntnis.", 0), ("", 0),
        ("zu Punkt 5", 0), ("Radverkehr", 0), ("", 0), ("Der Punkt wird vertagt, weil Unterlagen fehlen.", 0),
    ])
    ps = segment(doc, document="m.pdf", minutes=True)
    assert [(p.section, p.kind, p.decision) for p in ps] == [
        ("TOP 4.1: Entwicklungsstrategie Innenstadt", "agenda", "noted"),
        ("TOP 4.1: Entwicklungsstrategie Innenstadt", "speech", "noted"),
        ("TOP 4.1: Entwicklungsstrategie Innenstadt", "prose", "noted"),  # the record, not the speaker's words
        ("TOP 5: Radverkehr", "agenda", "postponed"), ("TOP 5: Radverkehr", "prose", "postponed")]
    assert (ps[1].speaker, ps[1].party) == ("Stadtrat Pfalzgraf", "SPD") and ps[2].speaker == ""

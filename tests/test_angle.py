"""The migration-angle gate: which words open it, and how a passage's context does."""

import numpy as np
import pytest

from nip_nlp.model.angle import MigrationLexicon, document_eligible, eligible, has_angle


@pytest.mark.parametrize("text", [
    "Deutschkurse für Geflüchtete im Stadtteil",
    "Der Integrationsrat tagt im Rathaus.",
    "Kinder ausländischer Herkunft",
    "Fliichtlinge und Zugewan- derte",          # OCR misreading and a line-end hyphen
    "MaBnahmen gegen Fremdenfeindlichkeit",
    "Die Roma-Familien im Quartier",
])
def test_migration_words_open_the_gate(text):
    assert has_angle(text)


@pytest.mark.parametrize("text", [
    "Integrationshelfer begleiten Kinder mit Behinderung im Unterricht.",   # inclusion
    "Die schulische Integration von Kindern mit Förderbedarf",
    "Die europäische Integration und die Städtepartnerschaft",
    "Der Sportverein erhält einen Zuschuss für das Vereinsheim.",
    "Ein Roman über die Stadtgeschichte wird vorgestellt.",               # =roma is a whole word
    "Die Herkunft der Haushaltsmittel ist der Teilhaushalt 5.",
    "Der Vorsitzende heißt alle Anwesenden willkommen.",
    "Wir bekämpfen jede Diskriminierung wegen des Geschlechts.",          # not migration
])
def test_ordinary_municipal_words_do_not(text):
    assert not has_angle(text), MigrationLexicon.default().terms(text)


def test_integration_alone_counts_unless_it_is_another_sense():
    lex = MigrationLexicon.default()
    assert lex.terms("Integration gelingt vor Ort.") == ["integration"]
    assert lex.terms("IT-Integration der Fachverfahren") == []


def test_a_section_or_title_opens_the_gate_for_passages_that_do_not_repeat_the_word():
    texts = ["Die Stadt baut die Elternarbeit in den Kitas aus.", "Die Kita Nord wird saniert."]
    assert not eligible(texts).any()
    assert eligible(texts, sections=["Handlungsfeld Integration durch Bildung", "Bauunterhalt"]).tolist() == [True, False]
    assert eligible(texts, title="Integrationskonzept der Stadt Lindenau").all()


def test_a_unit_mostly_about_migration_opens_the_gate_for_all_of_it():
    texts = ["Geflüchtete Familien erhalten Beratung.", "Die Beratung findet dienstags statt.",
             "Der Kanal wird saniert.", "Die Straße wird gesperrt.", "Asylbewerber sind untergebracht."]
    units = ["A", "A", "B", "B", "B"]
    out = eligible(texts, units=units, min_share=0.5)
    assert out.tolist() == [True, True, False, False, True]  # B: one of three is under half


def test_minutes_use_the_agenda_item_and_not_their_title():
    texts = ["Der Ausschuss nimmt den Bericht zur Kenntnis.", "Die Sporthalle wird saniert."]
    sections = ["TOP 3: Bericht des Integrationsbüros", "TOP 4: Sporthalle Nord"]
    title = "Niederschrift des Ausschusses für Soziales und Integration"
    assert document_eligible(texts, sections, "minutes", title).tolist() == [True, False]
    # any other kind: the title is the document's subject and counts for all passages
    assert document_eligible(texts, sections, "proposal", title).all()
    assert isinstance(document_eligible([], [], "minutes"), np.ndarray)


def test_stems_grouped_by_first_letter_open_the_gate_where_the_plain_expression_does(shared_dev_texts):
    """has_angle searches the stems grouped by their first letter; it must answer
    bool(terms(text)), which uses the plain expression, on the corpus, the real-text sets,
    their OCR-damaged versions and every stem in its OCR spellings, alone and in a text."""
    import itertools
    import json
    from pathlib import Path

    from nip_nlp.model.angle import _OCR_VARIANTS
    from nip_nlp.model.ocrnoise import damage

    root = Path(__file__).resolve().parents[1] / "corpus"
    texts = [json.loads(line)["text"] for f in sorted(root.glob("*/*.jsonl")) for line in f.open(encoding="utf-8")]
    texts += shared_dev_texts
    texts += [damage(t, rate=0.15, seed=i) for i, t in enumerate(texts[:3000])]
    lex = MigrationLexicon.default()
    for stem in lex.stems:
        options = [_OCR_VARIANTS[c][3:-1].split("|") if c in _OCR_VARIANTS else [c] for c in stem.lstrip("=")]
        for spelling in itertools.islice(itertools.product(*options), 8):
            word = "".join(spelling)
            texts += [f"Die {word}en der Stadt", f"({word.upper()})", word, f"x{word}", f"{word}x"]
    assert len(texts) > 10_000
    opened = [lex.has_angle(t) for t in texts]
    assert opened == [bool(lex.terms(t)) for t in texts]
    assert 0.2 < np.mean(opened) < 0.9  # both answers occur often

"""Cleaning: OCR misreadings of umlauts, hyphen marks, running lines, headings."""

from __future__ import annotations

from nip_nlp.clean import fix_ocr_text, join_hyphenated, mark_headings, remove_running_lines, resolve_hyphen_marks
from nip_nlp.records import Line, Page


def test_ocr_umlaut_and_eszett_misreadings_are_corrected_when_the_lexicon_confirms():
    assert fix_ocr_text("Die MaBnahmen fiir Burger der 6ffentlichen Verwaltung", ocr_page=True) == \
        "Die Maßnahmen für Bürger der öffentlichen Verwaltung"
    assert fix_ocr_text("Auslanderbehorde und L&nder", ocr_page=True) == "Ausländerbehörde und Länder"


def test_words_that_exist_are_not_changed():
    # "Bus", "schon", "Masse" are words; "Bürger" must not become "Bürgerß".
    text = "Der Bus fährt schon; die Masse der Bürger wartet in Bonn"
    assert fix_ocr_text(text, ocr_page=True) == text


def test_plain_vowels_are_only_restored_on_ocr_pages():
    assert fix_ocr_text("Burger", ocr_page=False) == "Burger"
    assert fix_ocr_text("fiir", ocr_page=False) == "für"  # "ii" is unambiguous damage


def test_pdfium_hyphen_marks_are_resolved():
    assert resolve_hyphen_marks("das Integrations\ufffekonzept der Stadt") == "das Integrationskonzept der Stadt"
    assert resolve_hyphen_marks("Sprach\ufffeund Integrationskurse") == "Sprach- und Integrationskurse"
    assert resolve_hyphen_marks("die SGB\ufffeII-Leistungen") == "die SGB-II-Leistungen"


def test_hyphen_at_line_end_joins_across_a_page_break():
    lines = [Line("Fortschreibung des Integrations-", 1, top=700), Line("konzeptes im Rat", 2, top=80)]
    out = join_hyphenated(lines)
    assert [(ln.text, ln.page) for ln in out] == [("Fortschreibung des Integrationskonzeptes", 1), ("im Rat", 2)]


def _page(n: int, texts: list[tuple[str, float]]) -> Page:
    return Page(n, 595, 842, tuple(Line(t, n, 50, top, 500, top + 10, size=10) for t, top in texts))


def test_a_paragraph_end_repeating_at_the_page_bottom_is_not_a_footer():
    pages = [_page(n, [("Kopfzeile Integrationsbericht", 30), ("Text der Seite", 100 + n),
                       ("berichtet jährlich.", 760 + 9 * n), (f"- {n} -", 810)]) for n in range(1, 5)]
    kept = [[ln.text for ln in p.lines] for p in remove_running_lines(pages)]
    assert kept == [["Text der Seite", "berichtet jährlich."]] * 4


def test_numbered_lines_become_headings_on_ocr_pages_without_font_sizes():
    page = Page(1, 595, 842, (Line("3.2 Sprache und Bildung", 1), Line("Die Stadt fördert 3 Kurse.", 1),
                              Line("1. Die Verwaltung wird beauftragt, den Bericht vorzulegen.", 1)), ocr=True)
    levels = [ln.heading for ln in mark_headings([page])[0].lines]
    assert levels == [2, 0, 0]


def test_text_is_normalised_in_one_pass_as_in_three():
    """normalize_text drops soft hyphens and zero-width characters, makes odd spaces plain
    and spells out ligatures in one translation table; the same text as the three steps
    one after the other, on every character the table knows, decomposed umlauts (NFC
    composes them) and runs of spaces."""
    import unicodedata

    from nip_nlp.clean import _DROP, _LIGATURES, _NORMALIZE, _SPACES, normalize_text

    def three_steps(text: str) -> str:
        text = unicodedata.normalize("NFC", text).translate(_DROP).translate(_SPACES)
        for lig, rep in _LIGATURES.items():
            text = text.replace(lig, rep)
        return " ".join(text.split())

    known = "".join(chr(c) for c in _NORMALIZE)
    samples = [known, f"Inte\u00adgration\u200b  der\u00a0Sta\ufb00el{known}", "Mu\u0308ller  \t offen\ufb01\ufb02",
               "Straße\u2009–\u202f12", ""]
    for text in samples:
        assert normalize_text(text) == three_steps(text)
    assert normalize_text("Mu\u0308ller \ufb01ndet\u00ad") == "Müller findet"

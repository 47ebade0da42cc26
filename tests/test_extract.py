"""Extraction: layouts of real brochures and minutes, and every kind of bad input.

Each fixture is a generated PDF named after the quirk it reproduces; assertions are on the
text a reader sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nip_nlp import errors
from nip_nlp._pdfgen import SHY, Block, Layout, make_blank_pdf, make_encrypted_pdf, make_pdf, make_scanned_pdf
from nip_nlp.clean import clean_document
from nip_nlp.extract import extract_document, reading_order
from nip_nlp.records import Line


LEFT = "Die Stadt Wesselbach richtet eine Stabsstelle Integration beim Oberbürgermeister ein und berichtet jährlich."
RIGHT = "Das Hallenbad im Ortsteil Nord wird saniert; die Arbeiten beginnen im Frühjahr und dauern neun Monate."


def _text(path: Path, **kw) -> str:
    doc = clean_document(extract_document(path, **kw))
    return " ".join(ln.text for p in doc.pages for ln in p.lines)


def _paras(n: int, text: str) -> list[Block]:
    return [Block("para", f"{i}. Absatz. {text}") for i in range(n)]


def _lettered(n: int, text: str) -> list[Block]:
    """Paragraphs that differ in more than digits, so none looks like a running header."""
    return [Block("para", f"Absatz {chr(65 + i % 26)}{chr(97 + i // 26)}. {text}") for i in range(n)]


def test_two_columns_stored_column_by_column_read_left_then_right(tmp_path):
    blocks = _paras(12, LEFT) + _paras(12, RIGHT)
    pdf = make_pdf(tmp_path / "two_columns.pdf", blocks, Layout(columns=2, footer=""))
    text = _text(pdf)
    assert LEFT in text and RIGHT in text
    assert text.index("11. Absatz. " + LEFT[:20]) < text.index("0. Absatz. " + RIGHT[:20])


def test_two_columns_interleaved_in_the_content_stream_come_out_in_reading_order(tmp_path):
    blocks = _paras(12, LEFT) + _paras(12, RIGHT)
    pdf = make_pdf(tmp_path / "two_columns_interleaved.pdf", blocks, Layout(columns=2, interleave=True, footer=""))
    text = _text(pdf)
    # Every sentence survives whole: no line of the right column is spliced into the left.
    assert text.count(LEFT) == 12 and text.count(RIGHT) == 12
    assert text.index("11. Absatz. " + LEFT[:20]) < text.index("0. Absatz. " + RIGHT[:20])


def test_pdfplumber_engine_crops_columns_too(tmp_path):
    blocks = _paras(12, LEFT) + _paras(12, RIGHT)
    pdf = make_pdf(tmp_path / "two_columns_interleaved.pdf", blocks, Layout(columns=2, interleave=True, footer=""))
    text = _text(pdf, engine="pdfplumber")
    assert text.count(LEFT) == 12 and text.count(RIGHT) == 12


def test_line_end_hyphens_are_joined_but_real_hyphens_stay(tmp_path):
    word = f"Integrations{SHY}konzept{SHY}fortschreibung"
    sentence = f"Sprach- und Integrationskurse sowie SGB-II-Leistungen gehören in die {word} der Stadt."
    # A narrow column forces breaks inside the long words.
    blocks = [Block("para", " ".join([sentence] * 8))]
    pdf = make_pdf(tmp_path / "hyphenated_line_breaks.pdf", blocks, Layout(margins=(20, 22, 156, 22), footer=""))
    raw = " ".join(ln.text for p in extract_document(pdf).pages for ln in p.lines)
    assert "konzept-" in raw or "konzept\ufffe" in raw  # the quirk is really there
    text = _text(pdf)
    assert text.count("Integrationskonzeptfortschreibung") == 8
    assert "Sprach- und Integrationskurse" in text
    assert "SGB-II-Leistungen" in text
    assert "Integrations-" not in text


def test_running_headers_footers_and_page_numbers_are_removed(tmp_path):
    layout = Layout(header="Landkreis Nordhagen · Integrationsbericht 2021", footer="Seite {page} von 9")
    pdf = make_pdf(tmp_path / "running_header_footer.pdf", _lettered(60, LEFT), layout)
    doc = clean_document(extract_document(pdf))
    assert doc.n_pages >= 3
    text = " ".join(ln.text for p in doc.pages for ln in p.lines)
    assert "Integrationsbericht 2021" not in text and "Seite" not in text
    assert text.count(LEFT) == 60


def test_headings_are_marked_with_levels_from_size_and_numbering(tmp_path):
    blocks = [Block("heading", "Integrationskonzept Wesselbach", level=1), Block("heading", "2 Handlungsfelder", level=2),
              *_paras(2, LEFT), Block("heading", "2.1 Bildung", level=3), *_paras(2, RIGHT)]
    doc = clean_document(extract_document(make_pdf(tmp_path / "headings.pdf", blocks, Layout(footer=""))))
    levels = {ln.text: ln.heading for p in doc.pages for ln in p.lines if ln.heading}
    assert levels == {"Integrationskonzept Wesselbach": 1, "2 Handlungsfelder": 2, "2.1 Bildung": 3}


def test_tables_stay_readable_row_by_row(tmp_path):
    rows = (("Maßnahme", "Träger", "Jahr"), ("Sprachcafé", "Volkshochschule", "2022"), ("Lotsenprojekt", "Caritas", "2023"))
    pdf = make_pdf(tmp_path / "table.pdf", [Block("para", LEFT), Block("table", rows=rows)], Layout(footer=""))
    lines = [ln.text for p in extract_document(pdf).pages for ln in p.lines]
    assert any(("Sprachcafé" in t and "Volkshochschule" in t and "2022" in t) for t in lines), lines


def test_ligatures_and_soft_hyphens_are_normalised():
    from nip_nlp.clean import normalize_text

    assert normalize_text("ofﬁzielle Eröﬀnung der Integra\u00adtionskonferenz\u00a0am Montag") == \
        "offizielle Eröffnung der Integrationskonferenz am Montag"


def test_reading_order_leaves_single_column_pages_alone():
    lines = [Line(f"Zeile {i}", 1, 50, 100 + 14 * i, 500, 110 + 14 * i) for i in range(10)]
    assert reading_order(lines, 595) == lines


# --- OCR ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("scan")
    blocks = [Block("heading", "Niederschrift Integrationsrat", level=1),
              Block("para", "Der Integrationsrat fordert mehr Sprachkurse für Mütter und eine Beratung über "
                            "Ausbildungsplätze. Die Verwaltung prüft die Maßnahmen bis zur nächsten Sitzung.")]
    src = make_pdf(d / "text.pdf", blocks, Layout(footer=""))
    return make_scanned_pdf(src, d / "image_only_scan.pdf", dpi=200)


@pytest.mark.slow
def test_image_only_scan_is_read_by_ocr(scanned):
    doc = clean_document(extract_document(scanned, ocr="auto"))
    assert doc.ocr_pages == 1
    text = " ".join(ln.text for p in doc.pages for ln in p.lines)
    for word in ("Integrationsrat", "Sprachkurse", "Mütter", "Ausbildungsplätze", "Maßnahmen"):
        assert word in text, text


def test_image_only_scan_with_ocr_off_fails_with_no_text(scanned):
    with pytest.raises(errors.NoTextError, match="OCR is off"):
        extract_document(scanned, ocr="off")


def test_missing_ocr_data_gives_ocr_unavailable(scanned, monkeypatch):
    from nip_nlp import ocr

    monkeypatch.setenv("TESSDATA_PREFIX", "/nonexistent")
    monkeypatch.setattr(ocr, "_local", type(ocr._local)())
    ocr.tessdata_dir.cache_clear()
    monkeypatch.setattr("tessdata.data_path", lambda: "/nonexistent")
    try:
        with pytest.raises(errors.OcrUnavailableError, match="traineddata"):
            extract_document(scanned, ocr="auto")
    finally:
        ocr.tessdata_dir.cache_clear()


# --- bad input ------------------------------------------------------------------------------

BAD = {
    "random_bytes.pdf": (lambda p: p.write_bytes(bytes(range(256)) * 40), errors.NotPdfError, "binary"),
    "zero_bytes.pdf": (lambda p: p.write_bytes(b""), errors.EmptyFileError, "0 bytes"),
    "text_named_pdf.pdf": (lambda p: p.write_text("Tagesordnung der Sitzung\n", "utf-8"), errors.NotPdfError, "text"),
    "encrypted.pdf": (lambda p: make_encrypted_pdf(p), errors.EncryptedPdfError, "password"),
    "blank_pages.pdf": (lambda p: make_blank_pdf(p, 2), errors.NoTextError, "2 page"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_raises_a_specific_reason(tmp_path, name):
    make, exc, words = BAD[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(exc, match=words) as info:
        extract_document(path, ocr="off")
    assert str(info.value).startswith(exc.reason + ": ")


def test_truncated_pdf_is_corrupt_or_partial_never_a_crash(tmp_path):
    good = make_pdf(tmp_path / "good.pdf", _paras(60, LEFT), Layout(footer=""))
    data = good.read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: len(data) // 3])
    try:
        doc = extract_document(bad, ocr="off")
    except errors.DocumentError as e:
        assert e.reason in ("corrupt_pdf", "no_text")
    else:  # pdfium repaired what it could: what it returns is real text
        assert LEFT[:30] in " ".join(ln.text for p in doc.pages for ln in p.lines)


def test_more_pages_than_the_limit_are_read_up_to_it_and_marked_partial(tmp_path):
    pdf = make_pdf(tmp_path / "long.pdf", _paras(120, LEFT), Layout(footer=""))
    doc = extract_document(pdf, max_pages=2)
    assert doc.n_pages == 2
    assert doc.partial_reason.startswith("too_many_pages:")


# --- real PDFs from ../shared (skipped when absent) ----------------------------------------

@pytest.mark.slow
def test_real_pdfs_extract_with_text_and_page_numbers(shared_pdfs):
    pdfs = sorted(shared_pdfs.glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        try:
            doc = extract_document(pdf, ocr="off", max_pages=30)
        except errors.NoTextError:
            continue  # the image-only scan, by design
        assert doc.pages and all(ln.page == p.number for p in doc.pages for ln in p.lines)
        assert sum(len(ln.text) for p in doc.pages for ln in p.lines) > 500, pdf.name


def _tokens(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text)


def _in_order_share(truth: str, got: str) -> float:
    import difflib

    t, g = _tokens(truth), _tokens(got)
    sm = difflib.SequenceMatcher(None, t, g, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(t))


@pytest.mark.slow
def test_real_scan_is_read_by_ocr_as_well_as_the_text_layer(shared_pdfs):
    """Pages 9, 13, 20 of a real programme, rendered with blur and speckle: OCR plus the
    umlaut correction recovers ≥ 95 % of the text layer's tokens in order (measured 0.99)."""
    layer = clean_document(extract_document(shared_pdfs / "muenster_spd_kommunalwahl_2014.pdf", ocr="off"))
    scan = clean_document(extract_document(shared_pdfs / "muenster_spd_kommunalwahl_2014.scan_pages_9_13_20.pdf"))
    assert scan.ocr_pages == 3
    for i, number in enumerate((9, 13, 20)):
        truth = " ".join(ln.text for ln in layer.pages[number - 1].lines)
        got = " ".join(ln.text for ln in scan.pages[i].lines)
        assert _in_order_share(truth, got) >= 0.95, number


def test_real_running_header_is_removed(shared_pdfs):
    doc = clean_document(extract_document(shared_pdfs / "muenster_spd_kommunalwahl_2014.pdf", ocr="off"))
    first_lines = [p.lines[0].text for p in doc.pages if p.lines]
    most = max(first_lines.count(t) for t in set(first_lines))
    assert most <= 2, "a line still opens most pages: a running header leaked"


def _layouts(folder: Path) -> list[Path]:
    text = " ".join([LEFT, RIGHT] * 3)
    blocks = [Block("h1", "Integration in Wesselbach"), *_lettered(14, text), Block("h2", "Sprache und Bildung"),
              *_lettered(10, text)]
    return [make_pdf(folder / f"{name}.pdf", blocks, layout) for name, layout in {
        "one_column": Layout(header="Stadt Wesselbach · Bericht"), "two_columns": Layout(columns=2),
        "interleaved": Layout(columns=2, interleave=True), "bold_body": Layout(body_style="B"),
        "slanted_headings": Layout(heading_style="I", heading_grow=False)}.items()]


def test_fast_character_reads_give_the_document_pypdfium2s_own_calls_give(tmp_path, monkeypatch, shared_pdfs):
    """Extraction reads character boxes through pdfium's C calls with reused buffers and
    without ctypes' argument conversion, reads a style once per text object, and finds
    words with a regular expression; the slow path is pypdfium2's ``get_charbox``, its
    declared functions for every character's style, and a character-by-character
    ``str.isspace`` scan. Both must give the same lines, with every coordinate and style,
    on generated layouts and the real PDFs."""
    import pypdfium2 as pdfium

    from nip_nlp import extract

    files = [*_layouts(tmp_path), *(p for p in sorted(shared_pdfs.glob("*.pdf")) if "scan" not in p.name)]
    for f in files:  # the words the regular expression finds are the isspace-separated ones
        pdf = pdfium.PdfDocument(str(f))
        for page in pdf:
            text = page.get_textpage().get_text_range()
            for line in text.replace("\r", "\n").split("\n"):
                found = [line[m.start():m.end()] for m in extract._WORD.finditer(line)]
                scanned, word = [], ""
                for ch in line + " ":
                    if ch.isspace():
                        scanned += [word] if word else []
                        word = ""
                    else:
                        word += ch
                assert found == scanned, f.name
        pdf.close()
    fast = [extract_document(f, ocr="off") for f in files]
    monkeypatch.setattr(extract._Chars, "box", lambda self, i: extract.Box(*self.tp.get_charbox(i)))
    monkeypatch.setattr(extract, "_calls", extract._checked_calls)  # no style cache either
    monkeypatch.setattr(extract, "_words", _words_by_box)
    slow = [extract_document(f, ocr="off") for f in files]
    for f, a, b in zip(files, fast, slow):
        assert a == b, f.name


def _words_by_box(chars, text: str, s: int, e: int):
    """``extract._words`` as it was before its box reads were inlined: through
    ``_Chars.box``, which the test above swaps for pypdfium2's ``get_charbox``."""
    from nip_nlp.extract import _WORD, Box, Word, _glued

    out = []
    for m in _WORD.finditer(text, s, e):
        k, j = m.start(), m.end() - 1
        a = chars.box(k)
        b = chars.box(j) if j != k else a
        if b.right - a.left > (j - k + 1) * 7 + 12 or b.right < a.left or "\ufffe" in text[k:j]:
            out.extend(_glued(chars, k, j))
        else:
            out.append(Word(k, j, Box(a.left, min(a.bottom, b.bottom), max(a.right, b.right), max(a.top, b.top))))
    return out

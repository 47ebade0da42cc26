"""How much of a document's text reaches the passages that are classified.

The measure behind ``benchmarks/bench_reading.py`` and the real-document tests: the share
of the words of the PDF's plain text layer (pypdfium2, no processing of ours) that occur
in passage ``text``, counted as a multiset so that a word printed twice must arrive twice.
Words that end up only in a heading (``section``) or are dropped count as lost.

Running headers, footers and page numbers are dropped on purpose (a header repeated on
every page is not part of any passage), so two shares are reported: of all words, and of
the *body* words, i.e. without the words of the lines that ``clean`` removes as running
headers, footers and page numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

_WORD = re.compile(r"\w+")
# A word broken at a line end ("Integrations-\nkonzept", pdfium's U+FFFE mark) is one word.
_BREAK = re.compile(r"[-\ufffe\u00ad]\s*[\r\n]+\s*(?=[a-zäöüß])|\ufffe")


def words(text: str) -> Counter[str]:
    """Lower-cased word tokens of ``text``; hyphens inside words split them, so "SGB-II"
    and "SGB II" count alike."""
    return Counter(w.lower() for w in _WORD.findall(_BREAK.sub("", text)))


def pdf_words(path: Path) -> Counter[str]:
    """Words of the PDF's text layer as pypdfium2 returns it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        total: Counter[str] = Counter()
        for page in pdf:
            tp = page.get_textpage()
            total += words(tp.get_text_range())
            tp.close()
        return total
    finally:
        pdf.close()


def share(source: Counter[str], passage_texts: Iterable[str]) -> float:
    """Share of ``source`` words found in the passages (multiset intersection)."""
    got: Counter[str] = Counter()
    for t in passage_texts:
        got += words(t)
    n = sum(source.values())
    return sum((source & got).values()) / n if n else 1.0


def furniture_words(doc) -> Counter[str]:
    """Words of the lines of an extracted (not yet cleaned) document that ``clean`` drops as
    running headers, footers and page numbers."""
    from .clean import remove_running_lines

    pages = list(doc.pages)
    kept = Counter(id(ln) for p in remove_running_lines(pages) for ln in p.lines)
    total: Counter[str] = Counter()
    for p in pages:
        for ln in p.lines:
            if not kept[id(ln)]:
                total += words(ln.text)
    return total


def body_share(source: Counter[str], furniture: Counter[str], passage_texts: Iterable[str]) -> float:
    """``share`` of the source words that are not running headers, footers or page numbers."""
    return share(source - furniture, passage_texts)

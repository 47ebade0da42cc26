"""Extracted pages → clean lines: characters normalised, running headers, footers and page
numbers removed, hyphenated line breaks joined, headings marked, OCR misreadings of German
umlauts and ß corrected where a German lexicon confirms the correction.

Works on the frozen records of ``extract`` and returns new ones; page numbers are kept.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache
from typing import NamedTuple

from . import config
from .records import ExtractedDocument, Line, Page

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"), None)  # soft hyphen, zero-width
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u2002\u2003\t"), " ")
_HYPHENS = ("-", "\u2010", "\u2011", "\ufffe")

# A line that is only a page number: "12", "- 12 -", "Seite 12", "Seite 12 von 40", "12/40".
PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:(?:Seite|S\.|Page)\s*)?\d{1,4}(?:\s*(?:von|/|of)\s*\d{1,4})?"
                         r"(?:\s*[-–—])?\s*$", re.I)
NUMBERED_HEADING = re.compile(r"^(?P<num>(?:\d{1,2}\.){0,3}\d{1,2})\.?\s+(?P<title>[A-ZÄÖÜ][^.!?]{2,120})$")
# Words after which a line-end hyphen is a real one: "Sprach- und Integrationskurse".
_KEEP_AFTER = {"und", "oder", "bzw", "bzw.", "sowie", "als", "wie", "noch", "u.", "&"}
# German function words that the lemma lookup table does not list (it lists inflected forms).
_FUNCTION_WORDS = {
    "für", "über", "schon", "während", "würde", "würden", "müssen", "muss", "können", "könnte", "dürfen",
    "darüber", "gegenüber", "zurück", "natürlich", "möglich", "künftig", "zusätzlich", "später", "früher",
    "außerdem", "außer", "außerhalb", "häufig", "ähnlich", "hinsichtlich", "bezüglich", "gemäß", "zunächst",
    "nächste", "nächsten", "größer", "höher", "wäre", "hätte", "fürs", "übers", "öfter", "ungefähr",
}


# All three in one table: the characters dropped, made spaces and spelled out are disjoint
# and none of the replacements is among them, so one pass does what three did.
_NORMALIZE = {**_DROP, **_SPACES, **{ord(lig): rep for lig, rep in _LIGATURES.items()}}


def normalize_text(text: str) -> str:
    """NFC, ligatures spelled out, soft hyphens and zero-width characters dropped, odd
    spaces made plain spaces."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_NORMALIZE).split())


# --- running headers and footers --------------------------------------------------------

def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def remove_running_lines(pages: list[Page], min_pages: int = config.HEADER_FOOTER_MIN_PAGES,
                         margin: float = 0.11) -> list[Page]:
    """Drop lines in the top or bottom margin band that repeat (digits ignored) at the same
    height on several pages, and page-number lines in the margins. The height matters: the
    last line of a paragraph may repeat too, but not at the same place on every page."""
    need = max(2, min(min_pages, len(pages)))
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)

    def in_margin(ln: Line, p: Page) -> bool:
        return p.height > 0 and (ln.bottom <= p.height * margin or ln.top >= p.height * (1 - margin))

    def pages_with(ln: Line) -> set[int]:
        key, y = _margin_key(ln.text), round(ln.top / 3)
        return seen.get((key, y - 1), set()) | seen.get((key, y), set()) | seen.get((key, y + 1), set())

    for p in pages:
        for ln in p.lines:
            if in_margin(ln, p):
                seen[(_margin_key(ln.text), round(ln.top / 3))].add(p.number)
    # A document that prints page numbers is labelled by them alone; the PDF's own labels
    # are the fallback for documents that print none.
    printed = [_printed_number(p, in_margin) for p in pages]
    out = []
    for p, number in zip(pages, printed):
        keep = [ln for ln in p.lines
                if not (in_margin(ln, p) and (PAGE_NUMBER.match(ln.text) or len(pages_with(ln)) >= need))]
        out.append(replace(p, lines=tuple(keep), label=number if any(printed) else p.label))
    return out


def _printed_number(p: Page, in_margin) -> str:
    """The page number printed in the page's margin ("- 12 -", "Seite 12 von 40" → "12"),
    which is what a reader cites; it beats the PDF's page label, which producers often get
    wrong (a cover page counted or not)."""
    for ln in p.lines:
        if in_margin(ln, p) and PAGE_NUMBER.match(ln.text):
            return re.search(r"\d+", ln.text).group(0)
    return ""


# --- hyphenation ------------------------------------------------------------------------

def _join(fragment: str, word: str) -> str | None:
    """How a word broken after ``fragment`` + hyphen continues with ``word``: joined
    ("Integrations" + "konzept"), joined keeping the hyphen ("SGB" + "II-Leistungen"), or
    None for a real hyphen before a conjunction ("Sprach- und")."""
    if not word or word.lower() in _KEEP_AFTER:
        return None
    if word[0].islower():
        return fragment + word
    if word[0].isupper() or word[0].isdigit():
        return fragment + "-" + word
    return None


_INLINE_MARK = re.compile(r"(\w+)\ufffe\s*(\S*)")


def resolve_hyphen_marks(text: str) -> str:
    """pdfium moves the rest of a word broken at a line end onto the same line and marks the
    hyphen with U+FFFE ("Integrations\ufffekonzept"); resolve those marks."""
    if "\ufffe" not in text:
        return text

    def sub(m: re.Match) -> str:
        joined = _join(m.group(1), m.group(2))
        return joined if joined is not None else f"{m.group(1)}- {m.group(2)}".rstrip()

    return _INLINE_MARK.sub(sub, text).replace("\ufffe", "-")


def join_hyphenated(lines: list[Line]) -> list[Line]:
    """"Integrations-" + "konzept" → "Integrationskonzept" across line (and page) breaks;
    real hyphens stay: "Sprach- und …", "SGB-" + "II-Leistungen" → "SGB-II-Leistungen"."""
    out = list(lines)
    for i in range(len(out) - 1):
        cur, nxt = out[i], out[i + 1]
        t = cur.text
        if len(t) < 3 or t[-1] not in _HYPHENS or not t[-2].isalpha() or cur.heading or nxt.heading:
            continue
        head, _, rest = nxt.text.partition(" ")
        joined = _join(t[:-1], head)
        if joined is None:
            continue
        out[i] = replace(cur, text=joined)
        out[i + 1] = replace(nxt, text=rest)
    return [ln for ln in out if ln.text.strip()]


# --- headings ---------------------------------------------------------------------------

class BodyFont(NamedTuple):
    """The style most of a document's characters are set in."""

    size: float
    font: str
    weight: int
    bold: bool
    italic: bool


def body_font(pages: list[Page]) -> BodyFont | None:
    """The most common style by character count, or None when no line has a size (OCR)."""
    styles: Counter[BodyFont] = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.size > 0:
                styles[BodyFont(ln.size, ln.font, ln.weight, ln.bold, ln.italic)] += len(ln.text)
    return styles.most_common(1)[0][0] if styles else None


def _family(font: str) -> str:
    """"Arial-BoldMT" → "Arial", "CIDFont+F3" → "CIDFont": the face without its cut."""
    return re.split(r"[-+,]", font)[0].removesuffix("MT").removesuffix("PS")


def _emphasised(ln: Line, body: BodyFont) -> bool:
    """Set off from the body at about body size: bolder, or slanted, in the body's own face
    where the body is not (a bold or italic cut of the same family, or the body font skewed).
    When the body itself is bold, bold means nothing; a heavier cut still counts. Another
    face at body size is not emphasis: formulas and quotations change face too."""
    if ln.size < body.size * 0.95 or (ln.font, ln.weight, ln.bold, ln.italic) == body[1:]:
        return False
    if ln.bold and not body.bold:
        return True
    if _family(ln.font) != _family(body.font):
        return False
    heavier = ln.font != body.font and ln.weight > body.weight > 0
    slanted = ln.italic and not body.italic and ln.bold == body.bold
    return heavier or slanted


# Sentence punctuation at the end: a heading does not end like a sentence (":" may end a label).
_SENTENCE_END = (".", ",", ";", "!", "?")


def _heading_shaped(ln: Line) -> bool:
    """Short, worded (not a formula or a number), starting like a title."""
    text = ln.text.rstrip()
    letters = sum(c.isalpha() for c in text)
    return (len(text.split()) <= 16 and text[:1].isalnum()
            and letters >= 0.6 * len(text.replace(" ", "")) and re.search(r"[^\W\d_]{3}", text) is not None)


def _runs_on(ln: Line, nxt: Line | None) -> bool:
    """The next line, in another style of the same size, continues ``ln`` mid-sentence
    ("1. Der Gemeinderat genehmigt nach Vorberatung" + "die Fortschreibung …" in body
    font). Under a larger heading a lowercase line is a subtitle ("zum Antrag vom …")."""
    return nxt is not None and nxt.page == ln.page and nxt.size == ln.size and nxt.text[:1].islower()


def _style_key(ln: Line) -> tuple:
    return ln.size, ln.font, ln.weight, ln.bold, ln.italic


def _style_runs(lines: tuple[Line, ...]) -> list[list[int]]:
    """Indices of consecutive lines set in the same style, without a blank line between
    them (a heading directly over a subheading of the same style is two headings)."""
    runs: list[list[int]] = []
    for i, ln in enumerate(lines):
        last = lines[runs[-1][-1]] if runs else None
        if last is not None and _style_key(last) == _style_key(ln) and ln.top - last.bottom <= 0.8 * max(ln.size, 1):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _heading_run(lines: list[Line], nxt: Line | None) -> bool:
    """A run of lines in a heading style is a heading when it reads like one as a whole: at
    most three short lines that do not end like a sentence and are not continued by the
    next line. A bold numbered resolution ("1. Der Gemeinderat genehmigt …", wrapped over
    several lines, ending in ".") is body text."""
    last = lines[-1].text.rstrip()
    return (len(lines) <= 3 and sum(len(ln.text.split()) for ln in lines) <= 24 and _heading_shaped(lines[0])
            and not last.endswith(_SENTENCE_END) and not _runs_on(lines[-1], nxt))


def mark_headings(pages: list[Page]) -> list[Page]:
    """Heading level 1–3 against the document's body font: larger lines by size rank,
    emphasised lines at body size (bolder, or slanted, where the body is not) level 3; a
    run of such lines only when it reads like a heading (``_heading_run``). Without font
    sizes (OCR) numbered short lines ("3.2 Sprache und Bildung") are headings, by
    numbering depth."""
    body = body_font(pages)
    larger = sorted({ln.size for p in pages for ln in p.lines if body and ln.size >= body.size * 1.12},
                    reverse=True)
    out = []
    for p in pages:
        levels = [0] * len(p.lines)
        for run in _style_runs(p.lines):
            first = p.lines[run[0]]
            if body is None or first.size <= 0:
                for i in run:
                    ln = p.lines[i]
                    m = NUMBERED_HEADING.match(ln.text)
                    if m and len(ln.text.split()) <= 12 and not ln.text.endswith("."):
                        levels[i] = min(3, m.group("num").count(".") + 1)
                continue
            if first.size in larger:
                level = min(3, larger.index(first.size) + 1)
            else:
                level = 3 if _emphasised(first, body) else 0
            nxt = p.lines[run[-1] + 1] if run[-1] + 1 < len(p.lines) else None
            if level and _heading_run([p.lines[i] for i in run], nxt):
                for i in run:
                    levels[i] = level
        out.append(replace(p, lines=tuple(replace(ln, heading=lv) if lv else ln for ln, lv in zip(p.lines, levels))))
    return out


# --- OCR misreadings of umlauts and ß ---------------------------------------------------

@cache
def lexicon() -> dict[str, float]:
    """German word forms with their log frequency (spacy-lookups-data's ``de_lexeme_prob``,
    case-sensitive, alphabetic forms only). Loaded on the first OCR correction of a process
    (~1.8 s); most text-layer documents never need it."""
    import gzip
    import json
    from pathlib import Path

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        table = json.load(f)
    lex = {w: p for w, p in table.items() if p > -19 and w.isalpha()}
    for w in _FUNCTION_WORDS:
        lex.setdefault(w, -8.0)
    return lex


_UNKNOWN = -30.0


def _direct(word: str, lex: dict[str, float]) -> float:
    return max(lex.get(word, _UNKNOWN), lex.get(word.lower(), _UNKNOWN), lex.get(word.capitalize(), _UNKNOWN))


def _score(word: str, lex: dict[str, float]) -> float:
    """Log frequency of ``word`` in any capitalisation; compounds missing from the table
    score as their rarer part, with a penalty."""
    best = _direct(word, lex)
    if best > _UNKNOWN or len(word) < 8:
        return best
    for i in range(3, len(word) - 3):
        a, b = word[:i], word[i:]
        pa = max(lex.get(a.capitalize(), _UNKNOWN), lex.get(a.lower(), _UNKNOWN))
        if pa == _UNKNOWN and a.endswith("s"):  # linking s: "Integrations|konzept"
            pa = lex.get(a[:-1].capitalize(), _UNKNOWN)
        pb = max(lex.get(b.lower(), _UNKNOWN), lex.get(b.capitalize(), _UNKNOWN))
        if pa > _UNKNOWN and pb > _UNKNOWN:
            best = max(best, min(pa, pb) - 3.0)
    return best


# Unambiguous damage (digits or symbols inside words, "ii") is fixed on every page; plain
# vowels without dots only on pages that were OCR'd, where the loss is likely.
_SURE = [("ii", "ü"), ("6", "ö"), ("&", "ä"), ("B", "ß")]
_VOWELS = [("u", "ü"), ("o", "ö"), ("a", "ä"), ("U", "Ü"), ("O", "Ö"), ("A", "Ä")]
_TOKEN = re.compile(r"[A-Za-zÄÖÜäöüß6&]+")


def _candidates(word: str, pairs: list[tuple[str, str]], limit: int = 4):
    spots = [(i, a, b) for a, b in pairs for i in range(len(word)) if word.startswith(a, i)]
    # "B" stands for "ß" only between lowercase letters ("MaBnahmen"), never in "Bürger".
    spots = [s for s in spots if s[1] != "B" or (0 < s[0] < len(word) - 1 and word[s[0] - 1].islower())][:6]
    for r in range(1, min(limit, len(spots)) + 1):
        for combo in itertools.combinations(spots, r):
            starts = [c[0] for c in combo]
            if len(set(starts)) < r:
                continue
            w, shift = word, 0
            for i, a, b in sorted(combo):
                w = w[: i + shift] + b + w[i + shift + len(a):]
                shift += len(b) - len(a)
            yield w


def fix_ocr_word(word: str, ocr_page: bool, lex: dict[str, float] | None = None) -> str:
    """The lexicon-confirmed correction of one word, or the word unchanged. A correction
    must be clearly more frequent German than what was read ("fur" → "für", "Burger" →
    "Bürger"), so real words stay ("Vergabe" does not become "Vergäbe", "schon" stays)."""
    if len(word) < 3 or word.isupper() and len(word) < 5:
        return word
    has_sure = any(a in word for a, _ in _SURE if a != "B") or re.search(r"[a-zäöü]B[a-zäöü]", word)
    if not has_sure and not ocr_page:
        return word
    lex = lex if lex is not None else lexicon()
    # Stage 1: unambiguous damage. Stage 2 (OCR pages): lost umlaut dots, only towards a
    # word that the table lists itself, because compounds split too freely
    # ("Schülerzahlen" must not become "Schülerzählen").
    best = _best(word, _SURE, lex, direct=False)
    if ocr_page:
        best = _best(best, _VOWELS, lex, direct=True)
    return best


def _best(word: str, pairs: list[tuple[str, str]], lex: dict[str, float], direct: bool) -> str:
    original = _score(word, lex) if word.isalpha() else _UNKNOWN
    best, best_score = word, original + 1.0
    for cand in _candidates(word, pairs):
        if cand.isalpha():
            sc = _direct(cand, lex) if direct else _score(cand, lex)
            if sc > best_score:
                best, best_score = cand, sc
    return best


def fix_ocr_text(text: str, ocr_page: bool) -> str:
    return _TOKEN.sub(lambda m: fix_ocr_word(m.group(0), ocr_page), text)


# --- the document -----------------------------------------------------------------------

def clean_document(doc: ExtractedDocument, *, fix_ocr: bool = True) -> ExtractedDocument:
    """All cleaning steps, in the order they depend on each other."""
    pages = []
    for p in doc.pages:
        lines = []
        for ln in p.lines:
            t = resolve_hyphen_marks(normalize_text(ln.text))
            if fix_ocr and (p.ocr or re.search(r"[a-zäöü][6&][a-zäöü]|ii|[a-zäöü]B[a-zäöü]", t)):
                t = fix_ocr_text(t, p.ocr)
            if t:
                lines.append(ln if t == ln.text else replace(ln, text=t))
        pages.append(replace(p, lines=tuple(lines)))
    pages = remove_running_lines(pages)
    pages = mark_headings(pages)
    flat = join_hyphenated([ln for p in pages for ln in p.lines])
    by_page: dict[int, list[Line]] = defaultdict(list)
    for ln in flat:
        by_page[ln.page].append(ln)
    pages = [replace(p, lines=tuple(by_page.get(p.number, []))) for p in pages]
    return replace(doc, pages=tuple(pages))


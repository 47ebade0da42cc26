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


def normalize_text(text: str) -> str:
    """NFC, ligatures spelled out, soft hyphens and zero-width characters dropped, odd
    spaces made plain spaces."""
    text = unicodedata.normalize("NFC", text).translate(_DROP).translate(_SPACES)
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    return " ".join(text.split())


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
    out = []
    for p in pages:
        keep = [ln for ln in p.lines
                if not (in_margin(ln, p) and (PAGE_NUMBER.match(ln.text) or len(pages_with(ln)) >= need))]
        out.append(replace(p, lines=tuple(keep)))
    return out


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

def mark_headings(pages: list[Page]) -> list[Page]:
    """Heading level 1–3 from font size and weight relative to the body text, or from
    numbering ("3.2 Sprache und Bildung") when sizes are unknown (OCR)."""
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.size > 0:
                sizes[ln.size] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    larger = sorted({s for s in sizes if body and s >= body * 1.12}, reverse=True)
    out = []
    for p in pages:
        new = []
        for ln in p.lines:
            words = len(ln.text.split())
            level = 0
            short = words <= 16 and not ln.text.rstrip().endswith((",", ";"))
            if short and ln.size in larger:
                level = min(3, larger.index(ln.size) + 1)
            elif short and ln.bold and body and ln.size >= body * 0.95 and not ln.text.endswith("."):
                level = 3
            elif words <= 12 and (m := NUMBERED_HEADING.match(ln.text)) and not ln.text.endswith("."):
                if not body or ln.size >= body:
                    level = min(3, m.group("num").count(".") + 1)
            new.append(replace(ln, heading=level) if level else ln)
        out.append(replace(p, lines=tuple(new)))
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
                lines.append(replace(ln, text=t))
        pages.append(replace(p, lines=tuple(lines)))
    pages = remove_running_lines(pages)
    pages = mark_headings(pages)
    flat = join_hyphenated([ln for p in pages for ln in p.lines])
    by_page: dict[int, list[Line]] = defaultdict(list)
    for ln in flat:
        by_page[ln.page].append(ln)
    pages = [replace(p, lines=tuple(by_page.get(p.number, []))) for p in pages]
    return replace(doc, pages=tuple(pages))


"""Document metadata for aggregation: municipality, year, and for minutes the meeting's
body and date. Sources in order of trust: the user's CSV (``--metadata``), the text of the
first pages, the file name, the PDF info dictionary."""

from __future__ import annotations

import re
from pathlib import Path

from .clean import body_font

MONTHS = {m: i for i, m in enumerate(
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember"], 1)}
MONTHS["maerz"] = 3
MONTHS["jänner"] = 1

_NAME = r"[A-ZÄÖÜ][\wäöüß.\-]+"
MUNICIPALITY = re.compile(
    r"\b(?P<kind>Große Kreisstadt|Kreisfreie Stadt|Hansestadt|Universitätsstadt|Kreisstadt|Stadt|Gemeinde|Markt"
    r"|Samtgemeinde|Verbandsgemeinde|Landkreis(?:es)?|Kreis(?:es)?|Stadtverwaltung|Bezirksamt)\s+"
    rf"(?P<name>{_NAME}(?:\s(?:am|an der|im|in der|ob der|bei|vor der)\s{_NAME})?)"
)
DATE_NUMERIC = re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>(?:19|20)\d{2})\b")
DATE_WORDS = re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>[A-Za-zäÄ]+)\s(?P<y>(?:19|20)\d{2})\b")
YEAR = re.compile(r"(?<!\d)((?:19[5-9]|20[0-4])\d)(?!\d)")
BODY = re.compile(
    r"Sitzung\s+(?:des|der)\s+(?P<body>[A-ZÄÖÜ][^\n.,:;()]{2,80}?)"
    r"(?=\s+(?:der|des)\s+(?:Stadt|Gemeinde|Landkreises|Kreises|Hansestadt|Marktes|Samtgemeinde)\b"
    r"|\s+(?:vom|am|in|im|zu)\s|\s*[.,:;(]|\s+\d|$)"
)


def first_date(text: str) -> str:
    """The first plausible date in ``text`` as ISO yyyy-mm-dd, or ''."""
    found: list[tuple[int, str]] = []
    for m in DATE_NUMERIC.finditer(text):
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
        if 1 <= d <= 31 and 1 <= mo <= 12:
            found.append((m.start(), f"{y:04d}-{mo:02d}-{d:02d}"))
            break
    for m in DATE_WORDS.finditer(text):
        mo = MONTHS.get(m["m"].lower())
        if mo:
            found.append((m.start(), f"{int(m['y']):04d}-{mo:02d}-{int(m['d']):02d}"))
            break
    return min(found)[1] if found else ""


def guess_municipality(text: str, filename: str = "") -> str:
    """"Stadt Münster" as the text names it; else a place named in the file name that the
    text names too ("muenster_cdu_2014.pdf" and "… in Münster …" → "Münster"), which
    ``harmonise_municipalities`` later joins with "Stadt Münster" from the city's other
    documents."""
    m = MUNICIPALITY.search(text)
    if not m:
        return _place_from_filename(text, filename)
    kind = m["kind"].removesuffix("es") if m["kind"] in ("Landkreises", "Kreises") else m["kind"]
    if kind in ("Stadtverwaltung", "Kreisfreie Stadt", "Universitätsstadt"):
        kind = "Stadt"
    return f"{kind} {m['name'].rstrip('.-')}".strip()


_TRANSLIT = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))


def _place_from_filename(text: str, filename: str) -> str:
    counts: dict[str, int] = {}
    for token in re.split(r"[^a-zäöüß]+", Path(filename).stem.lower()):
        if len(token) < 4:
            continue
        spellings = {token}
        for a, b in _TRANSLIT:
            spellings |= {w.replace(a, b) for w in spellings}
        for w in spellings:
            n = len(re.findall(rf"\b{re.escape(w.capitalize())}\b", text))
            if n:
                counts[w.capitalize()] = counts.get(w.capitalize(), 0) + n
    # A place is named again and again; a word of the file name that the text uses once
    # ("Programm") is not one.
    best = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    return best[0] if best[1] >= 3 else ""


def harmonise_municipalities(documents):  # (DataFrame) -> DataFrame
    """One name per city in a run: a bare "Münster" becomes "Stadt Münster" when another
    document names the city so, and only one such full name exists."""
    if "municipality" not in documents or not len(documents):
        return documents
    names = set(documents["municipality"].fillna(""))
    full: dict[str, set[str]] = {}
    for n in names:
        m = MUNICIPALITY.fullmatch(n)
        if m:
            full.setdefault(m["name"], set()).add(n)
    mapping = {bare: next(iter(fs)) for bare, fs in full.items() if len(fs) == 1 and bare in names}
    return documents.assign(municipality=documents["municipality"].replace(mapping)) if mapping else documents


def guess_year(text: str, filename: str, pdf_meta: dict[str, str], doc_type: str = "",
               title: str = "") -> str:
    """Minutes: the meeting date's year. Other documents: a year in the title ("…
    Integrationskonzept 2024"), then a year standing alone on the first pages
    ("Kommunalwahlprogramm 2014", "Drucksache 2024/0123") before any full date there, which
    is often a Stichtag or the date a programme was adopted; then a year in the file name."""
    in_name = YEAR.search(Path(filename).stem.replace("_", " "))
    if doc_type != "minutes":
        m = YEAR.search(title) or YEAR.search(DATE_WORDS.sub(" ", DATE_NUMERIC.sub(" ", text[:3000]))) or in_name
        if m:
            return m.group(1)
    d = first_date(text)
    if d:
        return d[:4]
    if in_name:
        return in_name.group(1)
    m = YEAR.search(text)
    if m:
        return m.group(1)
    created = (pdf_meta or {}).get("CreationDate", "")
    m = re.match(r"D?:?((?:19|20)\d{2})", created)
    return m.group(1) if m else ""


_GENITIVE = re.compile(r"^(\w*(?:rat|tag|schuss|beirat))(?:e?s)\b", re.I)


def guess_body(text: str) -> str:
    """"Sitzung des Rates der Stadt …" → "Rat"; genitive endings are dropped so that the
    same body groups together ("Kreistages" → "Kreistag", "Ausschusses für …" → "Ausschuss für …")."""
    m = BODY.search(text)
    if not m:
        return ""
    body = re.sub(r"\s+", " ", m["body"]).strip()
    return _GENITIVE.sub(r"\1", body)


def document_metadata(first_text: str, filename: str, pdf_meta: dict[str, str], doc_type: str,
                      title: str = "") -> dict[str, str]:
    """municipality, year, body and meeting_date as found in the document itself."""
    out = {"municipality": guess_municipality(first_text, filename),
           "year": guess_year(first_text, filename, pdf_meta, doc_type, title), "body": "", "meeting_date": ""}
    if doc_type == "minutes":
        out["body"] = guess_body(first_text)
        out["meeting_date"] = first_date(first_text)
    return out


def read_user_metadata(path: Path):  # -> pandas.DataFrame indexed by file name
    """The user's CSV: a ``file`` (or ``document``) column naming the PDF (relative path or
    bare file name) and any of ``municipality``, ``year``, ``body``, ``meeting_date``, plus
    further columns, which are carried into documents.csv as they are."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    key = "file" if "file" in df.columns else "document" if "document" in df.columns else None
    if key is None:
        raise ValueError(f"{path}: needs a 'file' or 'document' column naming the PDFs")
    return df.rename(columns={key: "_key"}).drop_duplicates("_key").set_index("_key")


def apply_user_metadata(documents, user):  # (DataFrame, DataFrame | None) -> DataFrame
    """Fill and override documents' metadata from the user CSV, matched on the relative
    path first, then on the bare file name."""
    if user is None or not len(documents):
        return documents
    documents = documents.copy()
    for i, doc in documents["document"].items():
        key = doc if doc in user.index else Path(doc).name if Path(doc).name in user.index else None
        if key is None:
            continue
        for col, val in user.loc[key].items():
            if val != "":
                documents.loc[i, col] = val
    return documents


# --- title ------------------------------------------------------------------------------

# PDF metadata titles that name the file or the program, not the document.
_JUNK_TITLE = re.compile(r"^(?:Microsoft\s+\w+\s*-|Untitled|Unbenannt|Dokument\d*\b|Document\d*\b|Präsentation\d*\b)"
                         r"|\.(?:docx?|pdf|odt|rtf|xlsx?|pptx?)$|^\S*[_\\/]\S*$", re.I)
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s")  # "1. Ergebnisrechnung": a table or list heading
_DATE_ONLY = re.compile(r"^(?:\w+,\s*)?\d{1,2}\.\s?(?:\d{1,2}\.|[A-Za-zäÄ]+)\s?(?:\d{2,4})?$")


def is_title(text: str) -> bool:
    """Whether ``text`` can name a document's subject: worded (not a code such as
    "56 I 5610 I 5610-310"), not a date ("24. Juli"), not a numbered table heading, not the
    bare kind word ("Beschlussvorlage")."""
    from .doctype import label_kind

    t = " ".join(text.split())
    if not 4 <= len(t) <= 250 or _DATE_ONLY.match(t) or _NUMBERED.match(t) or _JUNK_TITLE.search(t):
        return False
    letters = sum(c.isalpha() for c in t)
    if letters < 0.6 * len(t.replace(" ", "")) or not re.search(r"[^\W\d_]{4}", t):
        return False
    return not (label_kind(t) and len(t.split()) <= 3)


def _largest_lines(doc) -> str:
    """The largest-font line of the first page with text, with the lines of the same size
    directly below it (a title set over two or three lines); where that is no title (a date
    set large), the next size down. Only sizes above the body's count. Without font sizes
    (OCR) the first line of three or more words among the page's top three."""
    page = next((p for p in doc.pages if p.lines), None)
    if page is None:
        return ""
    if not any(ln.size > 0 for ln in page.lines):
        return next((ln.text for ln in page.lines[:3] if len(ln.text.split()) >= 3 and is_title(ln.text)), "")
    body = body_font(list(doc.pages))
    sizes = sorted({ln.size for ln in page.lines if body is None or ln.size > body.size}, reverse=True)
    for size in sizes:
        start = next(i for i, ln in enumerate(page.lines) if ln.size == size)
        group = []
        for ln in page.lines[start:start + 3]:
            if ln.size != size:
                break
            group.append(ln.text.strip())
        if is_title(" ".join(group)):
            return " ".join(group)
    return ""


def guess_title(doc, fields: dict[str, str], filename: str = "") -> str:
    """The document's subject: the "Betreff" of a Vorlage, else the largest-font line of
    the first page, else the PDF's metadata title unless it names a file or program
    ("Microsoft Word - Programm KW 2014"), else the first heading."""
    meta = (doc.metadata or {}).get("Title", "").strip()
    if meta and Path(filename).stem.lower() == meta.lower():
        meta = ""
    headings = [ln.text.strip() for p in doc.pages[:2] for ln in p.lines if ln.heading]
    for candidate in (fields.get("subject", ""), _largest_lines(doc), meta, *headings):
        if candidate and is_title(candidate):
            return " ".join(candidate.split())
    return ""

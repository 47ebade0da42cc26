"""Document metadata for aggregation: municipality, year, and for minutes the meeting's
body and date. Sources in order of trust: the user's CSV (``--metadata``), the text of the
first pages, the file name, the PDF info dictionary."""

from __future__ import annotations

import re
from pathlib import Path

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


def guess_municipality(text: str) -> str:
    m = MUNICIPALITY.search(text)
    if not m:
        return ""
    kind = m["kind"].removesuffix("es") if m["kind"] in ("Landkreises", "Kreises") else m["kind"]
    if kind in ("Stadtverwaltung", "Kreisfreie Stadt", "Universitätsstadt"):
        kind = "Stadt"
    return f"{kind} {m['name'].rstrip('.-')}".strip()


def guess_year(text: str, filename: str, pdf_meta: dict[str, str], doc_type: str = "") -> str:
    """Minutes: the meeting date's year. Other documents: a year in the title ("…
    Integrationskonzept 2024") before any date in the text, which is often a Stichtag."""
    if doc_type != "minutes":
        m = YEAR.search(f"{(pdf_meta or {}).get('Title', '')} {text[:160]}")
        if m:
            return m.group(1)
    d = first_date(text)
    if d:
        return d[:4]
    m = YEAR.search(Path(filename).stem.replace("_", " "))
    if m:
        return m.group(1)
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


def document_metadata(first_text: str, filename: str, pdf_meta: dict[str, str], doc_type: str) -> dict[str, str]:
    """municipality, year, body and meeting_date as found in the document itself."""
    out = {"municipality": guess_municipality(first_text), "year": guess_year(first_text, filename, pdf_meta, doc_type),
           "body": "", "meeting_date": ""}
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

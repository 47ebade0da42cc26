"""The main job, per document: extract → clean → segment → nlp → classify → a
``DocumentResult`` holding the document's row, passages, evidence and coverage summary.

Per-document results are small and self-contained, so documents can run in any process
(``runner`` fans them out to workers or a Dask cluster), be cached by content hash, and
be assembled into the run's tables without holding every passage of an archive at once.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import time
from pathlib import Path

import pandas as pd

from .catalog import COMMITMENT_IDS
from .errors import (
    BrokenSymlinkError,
    DocumentError,
    SymlinkLoopError,
    UnreadableFileError,
    UnreadableFolderError,
)
from .model import Explainer, Model
from .options import RunOptions
from .results import DOCUMENT_COLUMNS, EVIDENCE_COLUMNS, PASSAGE_COLUMNS, READING_FIELDS, DocumentResult

log = logging.getLogger(__name__)


def find_pdfs(input_path: Path) -> list[Path]:
    """PDFs under a folder (recursively, case-insensitive suffix, sorted), or the one file.

    Every input gets a row in documents.csv, so what cannot be read is listed rather than
    skipped: a ``.pdf`` link that is broken or loops, and a folder that cannot be listed
    (``process_document`` gives each its reason). Linked folders are followed, each real
    folder once, so a link loop ends."""
    p = Path(input_path)
    if not p.is_dir():
        return [p]
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(p, onerror=lambda e: found.append(Path(e.filename)), followlinks=True):
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        for name in files:
            f = Path(root, name)
            if name.lower().endswith(".pdf") and (f.is_symlink() or f.is_file()):  # not a FIFO or device
                found.append(f)
    return sorted(found)


def _check_path(path: Path) -> None:
    """Inputs that never reach a PDF parser, each with its own reason."""
    if path.is_symlink():
        try:
            path.stat()
        except OSError as e:
            target = os.readlink(path)
            if e.errno == errno.ELOOP:
                raise SymlinkLoopError(f"the link {path.name} -> {target} loops") from None
            raise BrokenSymlinkError(f"the link target {target} does not exist") from None
    if path.is_dir():
        try:
            with os.scandir(path):
                pass
        except OSError as e:
            raise UnreadableFolderError(f"cannot list the folder ({e.strerror or e}); the PDFs in it were "
                                        "not read") from None
        raise UnreadableFolderError("a folder, not a file")  # listed by find_pdfs only when unreadable


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _failed(row: dict, reason: str, t0: float) -> DocumentResult:
    row.update(status="failed", reason=reason)
    return DocumentResult(row, pd.DataFrame(columns=PASSAGE_COLUMNS), pd.DataFrame(columns=EVIDENCE_COLUMNS),
                          {}, round(time.perf_counter() - t0, 3))


def process_document(path: Path, name: str, model: Model, opts: RunOptions = RunOptions(),
                     sha256: str | None = None) -> DocumentResult:
    """One file → its documents.csv row, passages and evidence. Never raises for a bad file:
    the reason goes into the row and the batch goes on."""
    from .clean import clean_document
    from .coverage import document_summary, evidence_table
    from .extract import extract_document
    from .metadata import document_metadata, guess_title
    from .model.angle import document_eligible
    from .model.scoring import score_columns, score_texts
    from .nlp import pipeline_name
    from .reading import read_document

    t0 = time.perf_counter()
    row = {c: "" for c in DOCUMENT_COLUMNS}
    row.update(document=name, status="ok", pages=0, ocr_pages=0, passages=0, model=model.name)
    try:
        _check_path(path)
        row["bytes"] = path.stat().st_size
        row["sha256"] = sha256 or sha256_file(path)
        doc = clean_document(extract_document(path, ocr=opts.ocr, max_pages=opts.max_pages))
        row.update(pages=doc.n_pages, ocr_pages=doc.ocr_pages, engine=doc.engine)
        first = " ".join(ln.text for p in doc.pages[:2] for ln in p.lines)
        reading = read_document(doc, document=name)
        passages = reading.passages
        row.update(doc_type=reading.doc_type, title=guess_title(doc, reading.fields, name),
                   vorlage=reading.fields.get("vorlage", ""))
        row.update(document_metadata(first, name, doc.metadata, row["doc_type"], row["title"]))
        if doc.partial_reason:
            row.update(status="partial", reason=doc.partial_reason)
    except DocumentError as e:
        log.warning("%s: %s", name, e)
        return _failed(row, str(e), t0)
    except OSError as e:  # vanished or unreadable between listing and reading
        return _failed(row, str(UnreadableFileError(str(e.strerror or e))), t0)
    texts = [p.text for p in passages]
    sections = [p.section for p in passages]
    # Form fields of a Vorlage (Beratungsfolge, Haushaltsmittel …) are kept for the record
    # but never assigned a commitment: the gate is closed for them.
    gate = document_eligible(texts, sections, row["doc_type"], row["title"]) & [p.kind != "form" for p in passages]
    scored = score_texts(texts, model, gate)
    # the table in one construction: column by column, pandas spent more on assignments
    # than the classifier on its scores
    df = pd.DataFrame({"document": [name] * len(passages), "passage": [p.index for p in passages],
                       "page": [p.page for p in passages], "section": sections, "text": texts,
                       **score_columns(scored), **{f: [getattr(p, f) for p in passages] for f in READING_FIELDS}},
                      columns=PASSAGE_COLUMNS)
    if not passages:  # empty lists make object columns; the scores stay float
        df = df.astype(dict.fromkeys(COMMITMENT_IDS, float))
    est = model.estimator
    rows: dict[int, object] = {}  # a passage's feature row, sliced once for all its commitments

    def explain(i: int, k: str) -> list[tuple[str, float]]:
        if scored.rows is None:
            return est.top_terms(scored.lemmas[i], k, n=5)
        if i not in rows:
            rows[i] = scored.rows[i]
        return est.top_terms(scored.lemmas[i], k, n=5, row=rows[i])

    # (a Protocol isinstance check costs more than an explanation: asked once, not per cell)
    evidence = evidence_table(df, scored.assigned, top_n=opts.top_n,
                              explain=explain if isinstance(est, Explainer) else None)
    row.update(passages=len(passages), spacy_pipeline=pipeline_name())
    prose = (df["kind"] != "form").to_numpy()  # the share of a commitment is among prose passages
    return DocumentResult(row, df, evidence, document_summary(df[prose], scored.assigned[prose]),
                          round(time.perf_counter() - t0, 3))

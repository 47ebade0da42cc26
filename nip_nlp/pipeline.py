"""The main job: a folder of PDFs → documents, passages, coverage and evidence tables.

Each document runs through extract → clean → segment → nlp → classify on its own; a
document that fails is recorded with its reason and the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config
from .commitments import COMMITMENT_IDS
from .errors import DocumentError

log = logging.getLogger(__name__)
K = list(COMMITMENT_IDS)

DOCUMENT_COLUMNS = ["document", "status", "reason", "pages", "ocr_pages", "passages", "doc_type", "title",
                    "municipality", "year", "body", "meeting_date",
                    "sha256", "bytes", "engine", "spacy_pipeline", "model", "seconds"]
PASSAGE_COLUMNS = ["document", "passage", "page", "section", "text", *K, "labels"]


@dataclass(frozen=True)
class AnalysisResult:
    """The tables of one run, as pandas DataFrames (the same as the CSV files)."""

    documents: pd.DataFrame
    passages: pd.DataFrame
    coverage: pd.DataFrame
    evidence: pd.DataFrame
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # coverage_share, coverage_max_score, ...

    @property
    def failed(self) -> pd.DataFrame:
        return self.documents[self.documents.status == "failed"]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"documents": self.documents, "passages": self.passages, "coverage": self.coverage,
                **self.extra, "evidence": self.evidence}


def find_pdfs(input_path: Path) -> list[Path]:
    """PDFs under a folder (recursively, case-insensitive suffix, sorted), or the one file."""
    p = Path(input_path)
    if p.is_file():
        return [p]
    return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def classify_passages(texts: list[str], model) -> tuple:
    """Scores (n × 10) and the lemma strings they were computed from."""
    from .nlp import lemmatize

    lemmas = lemmatize(texts)
    scores = model.estimator.predict_proba(lemmas) if lemmas else []
    return scores, lemmas


def labels_from_scores(scores, thresholds) -> list[str]:
    return [";".join(k for k, s, t in zip(K, row, thresholds) if s >= t) for row in scores]


def process_document(path: Path, name: str, model, *, ocr: str = config.OCR_MODE,
                     max_pages: int = config.MAX_PAGES) -> tuple[dict, pd.DataFrame]:
    """One file → its documents.csv row and its passages (with an internal ``_lemmas`` column)."""
    from .clean import clean_document
    from .doctype import detect_doc_type
    from .extract import extract_document
    from .metadata import document_metadata
    from .nlp import pipeline_name
    from .segment import segment

    t0 = time.perf_counter()
    row = {c: "" for c in DOCUMENT_COLUMNS}
    row.update(document=name, status="ok", pages=0, ocr_pages=0, passages=0, model=model.name)
    try:
        row["bytes"] = path.stat().st_size
        row["sha256"] = sha256_file(path)
        raw = extract_document(path, ocr=ocr, max_pages=max_pages)
        doc = clean_document(raw)
        row.update(pages=doc.n_pages, ocr_pages=doc.ocr_pages, engine=doc.engine)
        lines = [ln.text for p in doc.pages for ln in p.lines]
        first = " ".join(ln.text for p in doc.pages[:2] for ln in p.lines)
        row["doc_type"] = detect_doc_type(first, lines)
        row["title"] = _title(doc)
        row.update(document_metadata(first, name, doc.metadata, row["doc_type"]))
        passages = segment(doc, document=name, minutes=row["doc_type"] == "minutes")
        if doc.partial_reason:
            row.update(status="partial", reason=doc.partial_reason)
    except DocumentError as e:
        row.update(status="failed", reason=str(e), seconds=round(time.perf_counter() - t0, 3))
        log.warning("%s: %s", name, e)
        return row, pd.DataFrame(columns=[*PASSAGE_COLUMNS, "_lemmas"])
    except OSError as e:  # vanished or unreadable between listing and reading
        row.update(status="failed", reason=f"unreadable_file: {e.strerror or e}",
                   seconds=round(time.perf_counter() - t0, 3))
        return row, pd.DataFrame(columns=[*PASSAGE_COLUMNS, "_lemmas"])
    texts = [p.text for p in passages]
    scores, lemmas = classify_passages(texts, model)
    df = pd.DataFrame({"document": name, "passage": [p.index for p in passages], "page": [p.page for p in passages],
                       "section": [p.section for p in passages], "text": texts})
    for j, k in enumerate(K):
        df[k] = [round(float(s[j]), 4) for s in scores] if len(texts) else []
    df["labels"] = labels_from_scores(scores, model.estimator.thresholds_) if len(texts) else []
    df["_lemmas"] = lemmas
    row.update(passages=len(passages), spacy_pipeline=pipeline_name(), seconds=round(time.perf_counter() - t0, 3))
    return row, df


def _title(doc) -> str:
    title = (doc.metadata or {}).get("Title", "").strip()
    if title:
        return title
    for p in doc.pages[:2]:
        for ln in p.lines:
            if ln.heading and len(ln.text.strip()) > 3:
                return ln.text.strip()
    return ""


def analyze(
    input_path: Path | str,
    *,
    model=None,
    ocr: str = config.OCR_MODE,
    max_pages: int = config.MAX_PAGES,
    top_n: int = config.EVIDENCE_TOP_N,
    progress: Callable[[str], None] | None = None,
    files: Iterable[Path] | None = None,
    metadata: Path | None = None,
) -> AnalysisResult:
    """Analyse every PDF under ``input_path`` (or the one file) and return the tables.

    ``progress`` is called with each document's name after it is done (the CLI draws a
    progress bar with it; the library itself never prints).
    """
    from .metadata import read_user_metadata
    from .model import load_model

    root = Path(input_path)
    user_meta = read_user_metadata(metadata) if metadata else None
    model = model if model is not None and hasattr(model, "estimator") else load_model(model)
    pdfs = list(files) if files is not None else find_pdfs(root)
    base = root if root.is_dir() else root.parent
    rows, frames = [], []
    for path in pdfs:
        name = path.relative_to(base).as_posix()
        row, df = process_document(path, name, model, ocr=ocr, max_pages=max_pages)
        rows.append(row)
        if len(df):
            frames.append(df)
        if progress:
            progress(name)
    return assemble(rows, frames, model, top_n, user_meta)


def assemble(rows: list[dict], frames: list[pd.DataFrame], model, top_n: int = config.EVIDENCE_TOP_N,
             user_meta: pd.DataFrame | None = None) -> AnalysisResult:
    """Per-document results → the run's tables (documents, passages, coverage, evidence, ...)."""
    from .coverage import aggregate, coverage_tables, evidence_table
    from .metadata import apply_user_metadata

    documents = apply_user_metadata(pd.DataFrame(rows, columns=DOCUMENT_COLUMNS), user_meta)
    passages = (pd.concat(frames, ignore_index=True) if frames
                else pd.DataFrame(columns=[*PASSAGE_COLUMNS, "_lemmas"]))
    est = model.estimator

    def explain(r: pd.Series, k: str) -> list[tuple[str, float]]:
        return est.top_terms(r["_lemmas"], k, n=5) if hasattr(est, "top_terms") else []

    evidence = evidence_table(passages, top_n=top_n, explain=explain)
    cov = coverage_tables(documents, passages)
    return AnalysisResult(
        documents=documents,
        passages=passages[PASSAGE_COLUMNS].reset_index(drop=True),
        coverage=cov["count"],
        evidence=evidence,
        extra={"coverage_share": cov["share"], "coverage_max_score": cov["max_score"],
               "coverage_by_municipality": aggregate(cov["count"], documents, ["municipality"]),
               "coverage_by_year": aggregate(cov["count"], documents, ["municipality", "year"])},
    )


def classify_texts(texts: list[str], ids: list | None = None, model=None) -> pd.DataFrame:
    """Score free texts: ``id``, ``K1`` … ``K10`` and ``labels``."""
    from .model import load_model

    model = model if model is not None and hasattr(model, "estimator") else load_model(model)
    scores, _ = classify_passages(list(texts), model)
    df = pd.DataFrame({"id": ids if ids is not None else list(range(1, len(texts) + 1))})
    for j, k in enumerate(K):
        df[k] = [round(float(s[j]), 4) for s in scores] if len(texts) else []
    df["labels"] = labels_from_scores(scores, model.estimator.thresholds_) if len(texts) else []
    return df

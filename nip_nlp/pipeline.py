"""The main job, per document: extract → clean → segment → nlp → classify → a
``DocumentResult`` holding the document's row, passages, evidence and coverage summary.

Per-document results are small and self-contained, so documents can run in any process
(``runner`` fans them out to workers or a Dask cluster), be cached by content hash, and
be assembled into the run's tables without holding every passage of an archive at once.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config
from .commitments import COMMITMENT_IDS
from .errors import DocumentError

log = logging.getLogger(__name__)
K = list(COMMITMENT_IDS)

DOCUMENT_COLUMNS = ["document", "status", "reason", "pages", "ocr_pages", "passages", "doc_type", "title",
                    "municipality", "year", "body", "meeting_date", "sha256", "bytes", "engine", "spacy_pipeline",
                    "model", "vorlage"]
PASSAGE_COLUMNS = ["document", "passage", "page", "section", "text", *K, "labels", "page_label", "speaker", "party",
                   "decision", "kind"]
READING_FIELDS = ["page_label", "speaker", "party", "decision", "kind"]  # Passage fields carried as they are
EVIDENCE_COLUMNS = ["document", "commitment", "rank", "passage", "page", "section", "score", "terms", "text"]


@dataclass(frozen=True)
class DocumentResult:
    row: dict
    passages: pd.DataFrame | None  # PASSAGE_COLUMNS; None once streamed to disk
    evidence: pd.DataFrame  # EVIDENCE_COLUMNS
    summary: dict  # coverage.document_summary: count / share / max_score per commitment
    seconds: float = 0.0

    def renamed(self, name: str) -> DocumentResult:
        """The same result under another file name (a cached copy of identical content)."""
        return DocumentResult({**self.row, "document": name},
                              None if self.passages is None else self.passages.assign(document=name),
                              self.evidence.assign(document=name), self.summary, self.seconds)

    def light(self) -> DocumentResult:
        """Without passages: what the runner keeps in memory per document."""
        return DocumentResult(self.row, None, self.evidence, self.summary, self.seconds)

    def to_json(self) -> dict:
        assert self.passages is not None
        return {"row": self.row, "passages": self.passages.to_dict(orient="split", index=False),
                "evidence": self.evidence.to_dict(orient="split", index=False), "summary": self.summary,
                "seconds": self.seconds}

    @classmethod
    def from_json(cls, d: dict) -> DocumentResult:
        def frame(s: dict) -> pd.DataFrame:
            return pd.DataFrame(s["data"], columns=s["columns"])

        return cls(d["row"], frame(d["passages"]), frame(d["evidence"]), d["summary"], d.get("seconds", 0.0))


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

    def heatmap(self, measure: str = "count"):  # -> pandas.io.formats.style.Styler
        """The coverage matrix coloured like report.html (for notebooks). ``measure``:
        "count" (passages), "share" or "max_score"."""
        from .report import _color

        table = {"count": self.coverage, "share": self.extra["coverage_share"],
                 "max_score": self.extra["coverage_max_score"]}[measure].set_index("document")[K]
        share = self.extra["coverage_share"].set_index("document")[K]
        colors = share.apply(lambda col: [f"background-color: {_color(v)}" if pd.notna(v) and v > 0 else ""
                                          for v in col])
        return table.style.apply(lambda _: colors, axis=None).format(precision=2, na_rep="–")

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
    """Scores (n × 10), the lemma strings they were computed from and, for linear models,
    the feature rows (reused to explain the evidence)."""
    from .nlp import lemmatize

    lemmas = lemmatize(texts)
    if not lemmas:
        return [], lemmas, None
    est = model.estimator
    if hasattr(est, "predict_proba_rows"):
        scores, rows = est.predict_proba_rows(lemmas)
        return scores, lemmas, rows
    return est.predict_proba(lemmas), lemmas, None


def labels_from_scores(scores, thresholds) -> list[str]:
    return [";".join(k for k, s, t in zip(K, row, thresholds) if s >= t) for row in scores]


def _scores_frame(base: pd.DataFrame, scores, thresholds) -> pd.DataFrame:
    for j, k in enumerate(K):
        base[k] = [round(float(s[j]), 4) for s in scores] if len(base) else pd.Series(dtype=float)
    base["labels"] = labels_from_scores(scores, thresholds) if len(base) else pd.Series(dtype=str)
    return base


def _failed(row: dict, reason: str, t0: float) -> DocumentResult:
    row.update(status="failed", reason=reason)
    return DocumentResult(row, pd.DataFrame(columns=PASSAGE_COLUMNS), pd.DataFrame(columns=EVIDENCE_COLUMNS),
                          {}, round(time.perf_counter() - t0, 3))


def process_document(path: Path, name: str, model, *, ocr: str = config.OCR_MODE,
                     max_pages: int = config.MAX_PAGES, top_n: int = config.EVIDENCE_TOP_N,
                     sha256: str | None = None) -> DocumentResult:
    """One file → its documents.csv row, passages and evidence. Never raises for a bad file:
    the reason goes into the row and the batch goes on."""
    from .clean import clean_document
    from .coverage import document_summary, evidence_table
    from .extract import extract_document
    from .metadata import document_metadata, guess_title
    from .nlp import pipeline_name
    from .reading import read_document

    t0 = time.perf_counter()
    row = {c: "" for c in DOCUMENT_COLUMNS}
    row.update(document=name, status="ok", pages=0, ocr_pages=0, passages=0, model=model.name)
    try:
        row["bytes"] = path.stat().st_size
        row["sha256"] = sha256 or sha256_file(path)
        doc = clean_document(extract_document(path, ocr=ocr, max_pages=max_pages))
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
        return _failed(row, f"unreadable_file: {e.strerror or e}", t0)
    fields = ["passage", "page", "section", "text", *READING_FIELDS]
    base = pd.DataFrame({"document": name, **{f: [getattr(p, "index" if f == "passage" else f) for p in passages]
                                              for f in fields}}, columns=["document", *fields])
    # Form fields of a Vorlage are kept for the record but not classified.
    is_form = base["kind"] == "form"
    scores, lemmas, rows = classify_passages(list(base.loc[~is_form, "text"]), model)
    df = _scores_frame(base[~is_form].reset_index(drop=True), scores, model.estimator.thresholds_)
    forms = _scores_frame(base[is_form].reset_index(drop=True), [[0.0] * len(K)] * int(is_form.sum()),
                          model.estimator.thresholds_)
    est = model.estimator
    position = {p: i for i, p in enumerate(df["passage"])}

    def explain(r: pd.Series, k: str) -> list[tuple[str, float]]:
        if not hasattr(est, "top_terms"):
            return []
        i = position[r["passage"]]
        return est.top_terms(lemmas[i], k, n=5, row=rows[i] if rows is not None else None)

    evidence = evidence_table(df, top_n=top_n, explain=explain)
    row.update(passages=len(passages), spacy_pipeline=pipeline_name())
    every = pd.concat([df, forms], ignore_index=True).sort_values("passage", kind="stable") if len(forms) else df
    return DocumentResult(row, every[PASSAGE_COLUMNS].reset_index(drop=True), evidence, document_summary(df),
                          round(time.perf_counter() - t0, 3))


def summarize(results: list[DocumentResult], user_meta: pd.DataFrame | None = None,
              passages: pd.DataFrame | None = None) -> AnalysisResult:
    """Per-document results → the run's tables. ``passages`` may be left out (an empty
    frame is used) when they were streamed to disk instead of held in memory."""
    from .coverage import aggregate, coverage_from_results
    from .metadata import apply_user_metadata, harmonise_municipalities

    documents = apply_user_metadata(harmonise_municipalities(
        pd.DataFrame([r.row for r in results], columns=DOCUMENT_COLUMNS)), user_meta)
    frames = [r.evidence for r in results if len(r.evidence)]
    evidence = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    cov = coverage_from_results(documents, results)
    return AnalysisResult(
        documents=documents,
        passages=passages if passages is not None else pd.DataFrame(columns=PASSAGE_COLUMNS),
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
    scores, _, _ = classify_passages(list(texts), model)
    df = pd.DataFrame({"id": ids if ids is not None else list(range(1, len(texts) + 1))})
    return _scores_frame(df, scores, model.estimator.thresholds_)

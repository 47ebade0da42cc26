"""The Python API, one function per CLI command. Functions return data; they never print."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from . import config
from .pipeline import AnalysisResult


def analyze(
    input_path: str | Path,
    *,
    model: str | Path | None = None,
    ocr: str = config.OCR_MODE,
    max_pages: int = config.MAX_PAGES,
    top_n: int = config.EVIDENCE_TOP_N,
    metadata: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> AnalysisResult:
    """Analyse a folder of PDFs (or one PDF) and return its tables as DataFrames.

    ``metadata`` is an optional CSV with a ``file`` column and any of ``municipality``,
    ``year``, ``body``, ``meeting_date`` that override what is found in the documents.
    """
    from .pipeline import analyze as _analyze

    return _analyze(input_path, model=model, ocr=ocr, max_pages=max_pages, top_n=top_n, progress=progress,
                    metadata=Path(metadata) if metadata else None)


def run(
    input_path: str | Path,
    out_dir: str | Path,
    **kwargs,
) -> AnalysisResult:
    """``analyze`` and write every table as CSV into ``out_dir`` (``nip-nlp run``)."""
    from .export import write_tables
    from .model import load_model
    from .pipeline import find_pdfs

    started = _dt.datetime.now(_dt.timezone.utc)
    model = load_model(kwargs.pop("model", None))
    result = analyze(input_path, model=model, **kwargs)
    manifest = {
        "input": str(Path(input_path).resolve()),
        "started": started.replace(microsecond=0).isoformat(),
        "finished": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "model": model.name,
        "model_path": str(model.path),
        "corpus_hash": model.metadata.get("corpus_hash"),
        "documents": int(len(result.documents)),
        "failed": int((result.documents.status == "failed").sum()),
        "partial": int((result.documents.status == "partial").sum()),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in kwargs.items() if k != "progress"},
    }
    from .export import atomic_write_text
    from .report import render_report

    write_tables(result.tables(), Path(out_dir), None)
    atomic_write_text(Path(out_dir) / "report.html", render_report(
        result.documents, result.coverage, result.extra["coverage_share"], result.evidence,
        meta=f"{manifest['documents']} Dokumente · Modell {model.name} · {manifest['finished']}"))
    # run.json last: its presence says every table of this run is complete
    write_tables({}, Path(out_dir), manifest)
    return result


def classify(texts: Sequence[str], ids: Sequence | None = None, *, model: str | Path | None = None) -> pd.DataFrame:
    """Score passages of text: a DataFrame with ``id``, ``K1`` … ``K10`` and ``labels``."""
    from .pipeline import classify_texts

    if isinstance(texts, str):
        texts = [texts]
    return classify_texts(list(texts), list(ids) if ids is not None else None, model=model)


def commitments() -> pd.DataFrame:
    """The ten commitments: id, German and English labels and descriptions."""
    from .commitments import commitments_frame

    return commitments_frame()


def train(corpus_dir: str | Path, out_dir: str | Path, **kwargs) -> dict:
    """Train a model folder from an annotated corpus; returns its metadata (with metrics)."""
    from .train import train as _train

    return _train(Path(corpus_dir), Path(out_dir), **kwargs)


def evaluate(split: str = "test", *, model: str | Path | None = None, corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Per-commitment precision/recall/F1/support plus micro, macro and none rows."""
    from .evaluate import evaluate_frame, load_split
    from .model import load_model

    m = load_model(model)
    rep, extra = evaluate_frame(m, load_split(split, Path(corpus_dir) if corpus_dir else None))
    rep.attrs["calibration"] = extra  # Brier, ECE, clean vs OCR-damaged micro/macro F1
    return rep

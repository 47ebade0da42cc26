"""The Python API, one function per CLI command. Functions return data; they never print."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from . import config
from .pipeline import AnalysisResult


def _files(input_path: Path) -> list[tuple[Path, str]]:
    from .pipeline import find_pdfs

    base = input_path if input_path.is_dir() else input_path.parent
    return [(p, p.relative_to(base).as_posix()) for p in find_pdfs(input_path)]


def _user_meta(metadata):
    from .metadata import read_user_metadata

    return read_user_metadata(Path(metadata)) if metadata else None


def analyze(
    input_path: str | Path,
    *,
    model: str | Path | None = None,
    ocr: str = config.OCR_MODE,
    max_pages: int = config.MAX_PAGES,
    top_n: int = config.EVIDENCE_TOP_N,
    metadata: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> AnalysisResult:
    """Analyse a folder of PDFs (or one PDF) and return its tables as DataFrames.

    ``metadata`` is an optional CSV with a ``file`` column and any of ``municipality``,
    ``year``, ``body``, ``meeting_date`` that override what is found in the documents.
    Everything is held in memory; for large archives use :func:`run`, which streams.
    """
    from .model import load_model
    from .pipeline import PASSAGE_COLUMNS, summarize
    from .runner import RunOptions, run_documents

    m = load_model(model)
    user = _user_meta(metadata)
    results, _ = run_documents(_files(Path(input_path)), m, RunOptions(ocr, max_pages, top_n), workers=workers,
                               scheduler=scheduler, progress=progress)
    frames = [r.passages for r in results if r.passages is not None and len(r.passages)]
    passages = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PASSAGE_COLUMNS)
    return summarize(results, user, passages)


def run(
    input_path: str | Path,
    out_dir: str | Path,
    *,
    model: str | Path | None = None,
    ocr: str = config.OCR_MODE,
    max_pages: int = config.MAX_PAGES,
    top_n: int = config.EVIDENCE_TOP_N,
    metadata: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    fmt: str = "csv",
    progress: Callable[[str], None] | None = None,
) -> AnalysisResult:
    """``nip-nlp run``: analyse and write every table into ``out_dir``.

    Incremental: results are cached by file content in ``out_dir/.cache``, so a second run
    redoes only new or changed files, and a killed run resumes where it stopped. Passages
    are streamed to disk, so memory stays bounded; the returned result's ``passages`` frame
    is empty (read ``passages.csv``).
    """
    from .export import atomic_write_text, write_stream, write_tables
    from .model import load_model
    from .pipeline import PASSAGE_COLUMNS, summarize
    from .report import render_report
    from .runner import ResultCache, RunOptions, iter_cached_passages, run_documents, settings_key

    started = _dt.datetime.now(_dt.timezone.utc)
    out = Path(out_dir)
    m = load_model(model)
    opts = RunOptions(ocr, max_pages, top_n)
    user = _user_meta(metadata)  # read before the work starts: a bad CSV fails fast
    cache = ResultCache(out / ".cache", settings_key(m, opts))
    workers = workers or os.cpu_count() or 1
    results, stats = run_documents(_files(Path(input_path)), m, opts, workers=workers, scheduler=scheduler,
                                   cache=cache, keep_passages=False, progress=progress)
    result = summarize(results, user)
    tables = {k: v for k, v in result.tables().items() if k != "passages"}
    write_stream(iter_cached_passages(results, cache), PASSAGE_COLUMNS, out, "passages", fmt)
    write_tables(tables, out, None, fmt)
    finished = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    atomic_write_text(out / "report.html", render_report(
        result.documents, result.coverage, result.extra["coverage_share"], result.evidence,
        meta=f"{len(result.documents)} Dokumente · Modell {m.name} · {finished}"))
    manifest = {
        "input": str(Path(input_path).resolve()),
        "started": started.replace(microsecond=0).isoformat(),
        "finished": finished,
        "nip_nlp": __import__("nip_nlp").__version__,
        "model": m.name,
        "model_path": str(m.path),
        "corpus_hash": m.metadata.get("corpus_hash"),
        "seconds": round((_dt.datetime.now(_dt.timezone.utc) - started).total_seconds(), 2),
        "documents": int(len(result.documents)),
        "passages": int(result.documents.passages.sum()),
        "failed": int((result.documents.status == "failed").sum()),
        "partial": int((result.documents.status == "partial").sum()),
        "from_cache": stats["cached"],
        "processed": stats["processed"],
        "options": {"ocr": ocr, "max_pages": max_pages, "top_n": top_n, "workers": workers,
                    "scheduler": scheduler, "format": fmt, "metadata": str(metadata) if metadata else None},
    }
    write_tables({}, out, manifest)  # run.json last: its presence says the run completed
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
    """Per-commitment precision/recall/F1/support plus micro, macro and none rows;
    ``.attrs["calibration"]`` holds Brier score, ECE and clean vs OCR-damaged F1."""
    from .evaluate import evaluate_frame, load_split
    from .model import load_model

    m = load_model(model)
    rep, extra = evaluate_frame(m, load_split(split, Path(corpus_dir) if corpus_dir else None))
    rep.attrs["calibration"] = extra
    return rep


def compare_approaches(corpus_dir: str | Path | None = None, *, folds: int = 5) -> pd.DataFrame:
    """Grouped cross-validation of every approach on the corpus's training split: one row
    per approach with micro, macro, no-commitment and per-commitment F1."""
    from .evaluate import compare_approaches as _compare

    return _compare(Path(corpus_dir) if corpus_dir else config.default_corpus_dir(), folds=folds)

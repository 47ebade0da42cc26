"""The Python API, one function per CLI command. Functions return data; they never print.

Run options (OCR mode, page limit, evidence depth, model, metadata CSV, workers, Dask
scheduler, table format) are the fields of :class:`nip_nlp.options.RunOptions`: pass an
options object, keyword changes to the defaults (``workers=1``), or both.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from . import config
from .options import RunOptions
from .results import AnalysisResult


def _files(input_path: Path) -> list[tuple[Path, str]]:
    from .errors import UsageError
    from .pipeline import find_pdfs

    if not input_path.exists() and not input_path.is_symlink():
        raise UsageError(f"{input_path} does not exist")  # not "no documents": a typo should not pass silently
    base = input_path if input_path.is_dir() else input_path.parent
    return [(p, p.relative_to(base).as_posix()) for p in find_pdfs(input_path)]


def _user_meta(opts: RunOptions) -> pd.DataFrame | None:
    """The user's metadata CSV, read before any work starts so that a bad file fails fast."""
    from .errors import MetadataError
    from .metadata import read_user_metadata

    if not opts.metadata:
        return None
    try:
        return read_user_metadata(Path(opts.metadata))
    except (OSError, ValueError) as e:  # pandas' parser and decoding errors are ValueErrors
        raise MetadataError(f"{opts.metadata}: {e}") from None


def analyze(input_path: str | Path, options: RunOptions | None = None, *,
            progress: Callable[[str], None] | None = None, **changes) -> AnalysisResult:
    """Analyse a folder of PDFs (or one PDF) and return its tables as DataFrames.

    ``metadata`` is an optional CSV with a ``file`` column and any of ``municipality``,
    ``year``, ``body``, ``meeting_date`` that override what is found in the documents.
    Everything is held in memory; for large archives use :func:`run`, which streams.
    Runs in this process unless ``workers`` says otherwise.
    """
    from .coverage import summarize
    from .model import load_model
    from .results import PASSAGE_COLUMNS
    from .runner import run_documents

    opts = RunOptions.of(options, **changes)
    opts.check_extras()
    m = load_model(opts.model)
    user = _user_meta(opts)
    results, _ = run_documents(_files(Path(input_path)), m, opts, workers=opts.workers or 1, progress=progress)
    frames = [r.passages for r in results if r.passages is not None and len(r.passages)]
    passages = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=PASSAGE_COLUMNS)
    return summarize(results, user, passages)


def run(input_path: str | Path, out_dir: str | Path, options: RunOptions | None = None, *,
        progress: Callable[[str], None] | None = None, **changes) -> AnalysisResult:
    """``nip-nlp run``: analyse and write every table into ``out_dir``.

    Incremental: results are cached by file content in ``out_dir/.cache``, so a second run
    redoes only new or changed files, and a killed run resumes where it stopped. Passages
    and evidence are streamed to disk, so memory stays bounded; the returned result's
    ``passages`` and ``evidence`` frames are empty (read ``passages.csv`` and
    ``evidence.csv``, or use ``analyze``). Starts worker processes (at most one per core) only
    when the pending pages pay for their start-up, unless ``workers`` says how many.
    """
    from .coverage import summarize
    from .export import atomic_write_chunks, prepare_out_dir, write_stream, write_tables
    from .model import load_model
    from .report import report_chunks
    from .results import EVIDENCE_COLUMNS, PASSAGE_COLUMNS
    from .runner import ResultCache, cached_evidence, cached_rows, in_background, run_documents, settings_key, \
        text_sources

    opts = RunOptions.of(options, **changes)
    opts.check_extras()
    started = _dt.datetime.now(_dt.timezone.utc)
    out = Path(out_dir)
    prepare_out_dir(out)  # no run.json until this run has written every table
    m = load_model(opts.model)
    user = _user_meta(opts)
    cache = ResultCache(out / ".cache", settings_key(m, opts))
    results, stats = run_documents(_files(Path(input_path)), m, opts, workers=opts.workers, cache=cache,
                                   keep_texts=False, progress=progress)
    result = summarize(results, user)
    finished = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    docs = text_sources(results)

    def write_texts() -> None:
        # The tables of passage texts, read back from the cache a document at a time
        # (memory stays flat however many documents), in a forked process on Linux.
        write_stream(cached_rows(docs, cache, "passages"), PASSAGE_COLUMNS, out, "passages", opts.fmt, opts.raw_csv)
        write_stream(cached_rows(docs, cache, "evidence"), EVIDENCE_COLUMNS, out, "evidence", opts.fmt, opts.raw_csv)

    def report_then_wait() -> Iterator[str]:
        yield from report_chunks(result.documents, result.coverage, result.extra["coverage_share"],
                                 cached_evidence(docs, cache),
                                 meta=f"{len(result.documents)} Dokumente · Modell {m.name} · {finished}")
        texts_written()  # report.html takes its place (with run.json: a complete run) only after them

    texts_written = in_background(write_texts)  # meanwhile the other tables and the report:
    try:
        write_tables({k: v for k, v in result.tables().items() if k not in ("passages", "evidence")}, out, None,
                     opts.fmt, opts.raw_csv)
        atomic_write_chunks(out / "report.html", report_then_wait())
    except BaseException:
        # the writer finishes or cleans up its temporary files before this error ends the run
        with contextlib.suppress(Exception):
            texts_written()
        raise
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
        "options": opts.manifest(stats["workers"]),
    }
    write_tables({}, out, manifest)  # run.json last: its presence says the run completed
    return result


def classify(texts: Sequence[str], ids: Sequence | None = None, *, model: str | Path | None = None) -> pd.DataFrame:
    """Score passages of text: a DataFrame with ``id``, ``K1`` … ``K10`` and ``labels``."""
    from .model.scoring import classify_texts

    if isinstance(texts, str):
        texts = [texts]
    return classify_texts(list(texts), list(ids) if ids is not None else None, model=model)


def commitments() -> pd.DataFrame:
    """The ten commitments: id, German and English labels and descriptions."""
    from .catalog import commitments_frame

    return commitments_frame()


def train(corpus_dir: str | Path, out_dir: str | Path, *, approach: str = config.APPROACH,
          augment: float = config.OCR_AUGMENT, seed: int = config.SEED) -> dict:
    """Train a model folder from an annotated corpus; returns its metadata (with metrics)."""
    from .model.training import train as _train

    return _train(Path(corpus_dir), Path(out_dir), approach=approach, augment=augment, seed=seed)


def evaluate(split: str = "test", *, model: str | Path | None = None, corpus_dir: str | Path | None = None) -> pd.DataFrame:
    """Per-commitment precision/recall/F1/support plus micro, macro and none rows;
    ``.attrs["calibration"]`` holds Brier score, ECE and clean vs OCR-damaged F1."""
    from .model import load_model
    from .model.evaluation import evaluate_frame, load_split

    m = load_model(model)
    rep, extra = evaluate_frame(m, load_split(split, Path(corpus_dir) if corpus_dir else None))
    rep.attrs["calibration"] = extra
    return rep


def compare(corpus_dir: str | Path | None = None, *, real: list[str | Path] | None = None,
            designs: list[str] | None = None) -> pd.DataFrame:
    """Train each classifier design (``config.DESIGNS``) on the corpus's training split
    and measure it on the held-out test split and on real text: ``real`` lists labelled
    JSONL files or folders (default: the project's real-text set, ``corpus/realtext``).
    One row a design and set, with passage and document-level figures."""
    from .model.evaluation import compare_designs, load_split

    corpus = Path(corpus_dir) if corpus_dir else config.default_corpus_dir()
    sets = {str(r): load_split(str(r), corpus) for r in (real if real is not None else ["realtext"])}
    return compare_designs(corpus, sets, tuple(designs or config.DESIGNS))
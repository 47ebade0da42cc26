"""Running many documents: in this process, in N worker processes, or on a Dask cluster;
incremental and resumable through a content-addressed cache in the output folder.

A document's result is cached under ``OUT_DIR/.cache/<settings>/<sha256>.json`` as soon as
it is done, written atomically. A run that is killed and started again finds every
finished document there and redoes only the rest; a changed file has a new hash and is
redone; the final tables are assembled from the cache in input order, so every document
appears exactly once whatever the order in which workers finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import __version__
from .model import Model
from .options import RunOptions
from .pipeline import process_document, sha256_file
from .results import DocumentResult

log = logging.getLogger(__name__)


def settings_key(model: Model, opts: RunOptions) -> str:
    """Results depend on the code, the model and the options: all go into the cache key."""
    from .results import PASSAGE_COLUMNS

    # The table layout too: a cached result without a newer column must not be reused.
    ident = {"nip_nlp": __version__, "model": model.name, "corpus": model.metadata.get("corpus_hash"),
             "created": model.metadata.get("created"), "columns": PASSAGE_COLUMNS,
             **opts.document_settings()}
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:16]


class ResultCache:
    def __init__(self, root: Path, key: str) -> None:
        self.dir = Path(root) / key

    def _path(self, sha: str) -> Path:
        return self.dir / f"{sha}.json"

    def get(self, sha: str) -> DocumentResult | None:
        p = self._path(sha)
        try:
            return DocumentResult.from_json(json.loads(p.read_text("utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as e:  # damaged entry: redo the document
            log.warning("cache entry %s unreadable (%s); redoing", p.name, e)
            p.unlink(missing_ok=True)
            return None

    def put(self, sha: str, result: DocumentResult) -> None:
        from .export import atomic_write_text

        atomic_write_text(self._path(sha), json.dumps(result.to_json(), ensure_ascii=False))


# -- worker side ---------------------------------------------------------------------------
def _work(path: str, name: str, model_path: str, opts: RunOptions, sha: str) -> dict:
    """Runs in a worker process or on a Dask worker. ``load_model`` and the spaCy pipeline
    are cached per process, so each worker loads them once, not once per document."""
    from .model import load_model

    return process_document(Path(path), name, load_model(model_path), opts, sha).to_json()


def _init_worker() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract: one thread per worker process


def _execute(jobs: list[tuple[int, str, str, str]], model: Model, opts: RunOptions,
             workers: int) -> Iterator[tuple[int, DocumentResult]]:
    """Yield (job index, result) as documents finish, in any order."""
    model_path = str(model.path)
    if opts.scheduler:
        from distributed import Client
        from distributed import as_completed as dask_completed

        with Client(opts.scheduler) as client:
            futures = {}
            for i, path, name, sha in jobs:
                fut = client.submit(_work, path, name, model_path, opts, sha, key=f"nip-{sha[:16]}-{i}", pure=False)
                futures[fut] = i
            for fut in dask_completed(futures):
                yield futures.pop(fut), DocumentResult.from_json(fut.result())
        return
    # Each worker process loads spaCy and the model (~5 s); for a handful of documents
    # that costs more than parallelism saves.
    if workers <= 1 or len(jobs) < 4:
        for i, path, name, sha in jobs:
            yield i, process_document(Path(path), name, model, opts, sha)
        return
    import multiprocessing as mp

    # spawn, not fork: spaCy, BLAS and tesseract threads do not survive fork reliably
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=mp.get_context("spawn"),
                               initializer=_init_worker)
    try:
        futures = {pool.submit(_work, path, name, model_path, opts, sha): i for i, path, name, sha in jobs}
        for fut in as_completed(futures):
            # popped: a finished future holds its document's result (all passages) as long
            # as it is referenced; kept here, the main process grew with the archive
            yield futures.pop(fut), DocumentResult.from_json(fut.result())
    finally:
        # On Ctrl-C or an error, documents not yet started are dropped rather than run to
        # the end of the archive; finished ones are cached, so the next run resumes.
        pool.shutdown(wait=True, cancel_futures=True)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # process_document reports the unreadable file
        return 0


def run_documents(
    files: list[tuple[Path, str]],
    model: Model,
    opts: RunOptions,
    *,
    workers: int = 1,
    cache: ResultCache | None = None,
    keep_passages: bool = True,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[DocumentResult], dict[str, int]]:
    """Process ``(path, name)`` pairs; results come back in input order.

    With a cache, finished documents are written to it at once and, unless
    ``keep_passages``, kept in memory without their passages (memory stays bounded by the
    per-document summaries). Returns the results and counts of cached / processed documents.
    """
    results: list[DocumentResult | None] = [None] * len(files)
    jobs = []
    stats = {"cached": 0, "processed": 0}
    for i, (path, name) in enumerate(files):
        try:
            sha = sha256_file(path)
        except OSError:
            sha = ""  # process_document reports the unreadable file
        hit = cache.get(sha) if cache and sha else None
        if hit is not None:
            results[i] = (hit if keep_passages else hit.light()).renamed(name)
            stats["cached"] += 1
            if progress:
                progress(name)
            continue
        jobs.append((i, str(path), name, sha))
    # Largest files first: scans are large and slow (OCR, seconds a page); one started last
    # keeps a worker busy while the others have nothing left to do. Results still come out
    # in input order.
    jobs.sort(key=lambda job: -_size(job[1]))
    for i, r in _execute(jobs, model, opts, workers):
        sha = r.row.get("sha256") or ""
        # failures are not cached: installing OCR or repairing a file should not need a cache purge
        if cache and sha and r.row["status"] != "failed":
            cache.put(sha, r)
        results[i] = r if keep_passages else r.light()
        stats["processed"] += 1
        log.info("%s: %s in %.2f s", r.row["document"], r.row["status"], r.seconds)
        if progress:
            progress(r.row["document"])
    return [r for r in results if r is not None], stats


def iter_cached_passages(results: list[DocumentResult], cache: ResultCache) -> Iterator:
    """Each document's passages, read back from the cache one document at a time."""
    for r in results:
        if r.passages is not None:
            yield r.passages
            continue
        sha = r.row.get("sha256")
        hit = cache.get(sha) if sha else None
        if hit is not None and hit.passages is not None and len(hit.passages):
            yield hit.passages.assign(document=r.row["document"])

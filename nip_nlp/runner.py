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
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import closing, contextmanager
from typing import Any, NamedTuple
from pathlib import Path

import pandas as pd

from . import __version__, config
from .errors import SchedulerError, TerminatedError
from .model import Model
from .options import RunOptions
from .pipeline import process_document, sha256_file
from .results import DocumentResult

log = logging.getLogger(__name__)
WATCHDOG_SECONDS = 1.0  # how often a worker checks that its parent still lives


def settings_key(model: Model, opts: RunOptions) -> str:
    """Results depend on the code, the model and the options: all go into the cache key."""
    from .results import PASSAGE_COLUMNS

    # The table layout too: a cached result without a newer column must not be reused.
    ident = {"nip_nlp": __version__, "cache_format": ResultCache.FORMAT, "model": model.name,
             "corpus": model.metadata.get("corpus_hash"),
             "created": model.metadata.get("created"), "columns": PASSAGE_COLUMNS,
             **opts.document_settings()}
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:16]


class ResultCache:
    """Entries are ``{"checksum": "<sha256 of the result's JSON text>", "result": <that
    text>}``, written in exactly that layout, so that the checksum is verified on the text
    as it is read, without encoding the result again. An entry that is not in that layout,
    has the wrong shape or does not match its checksum (a crash of another tool, an edit
    by hand) is deleted and its document redone: the cache may lose work but never changes
    a result."""

    FORMAT = 2  # 1: checksum over the result re-encoded with sorted keys
    _HEAD, _MID = '{"checksum": "', '", "result": '

    def __init__(self, root: Path, key: str) -> None:
        self.dir = Path(root) / key

    def _path(self, sha: str) -> Path:
        return self.dir / f"{sha}.json"

    @staticmethod
    def _checksum(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, sha: str, full: bool = True) -> DocumentResult | None:
        """The cached result, or None; ``light`` (without passages and evidence) unless
        ``full``."""
        return self._read(sha, lambda d: DocumentResult.from_json(d if full else {**d, "passages": None,
                                                                                   "evidence": None}))

    def get_payload(self, sha: str) -> dict | None:
        """The entry's result as plain data (``DocumentResult.to_json``), checked like ``get``."""
        return self._read(sha, lambda payload: payload)

    def _read(self, sha: str, make: Callable[[dict], Any]) -> Any:
        p = self._path(sha)
        try:
            raw = p.read_text("utf-8")
            start = len(self._HEAD) + 64 + len(self._MID)
            if not (raw.startswith(self._HEAD) and raw[len(self._HEAD) + 64:start] == self._MID and raw.endswith("}")):
                raise ValueError("not a cache entry")
            text = raw[start:-1]
            if raw[len(self._HEAD):len(self._HEAD) + 64] != self._checksum(text):
                raise ValueError("checksum mismatch")
            payload = json.loads(text)
            if not isinstance(payload, dict):
                raise ValueError("not a cache entry")
            for part in ("passages", "evidence"):
                table = payload[part]
                if not (isinstance(table, dict) and isinstance(table["columns"], list)
                        and isinstance(table["data"], list)):
                    raise ValueError(f"no {part} table")
            row = payload["row"]
            if row.get("sha256") != sha or row.get("status") not in ("ok", "partial"):
                raise ValueError("entry of another document")
            return make(payload)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:  # damaged entry: redo
            log.warning("cache entry %s invalid (%s); redoing the document", p.name, e)
            p.unlink(missing_ok=True)
            return None

    def put(self, sha: str, result: DocumentResult) -> None:
        from .export import atomic_write_text

        text = json.dumps(result.to_json(), ensure_ascii=False)
        atomic_write_text(self._path(sha), f"{self._HEAD}{self._checksum(text)}{self._MID}{text}}}")


# -- worker side ---------------------------------------------------------------------------
def _work(path: str, name: str, model_path: str, opts: RunOptions, sha: str) -> dict:
    """Runs in a worker process or on a Dask worker. ``load_model`` and the spaCy pipeline
    are cached per process, so each worker loads them once, not once per document."""
    from .model import load_model

    return process_document(Path(path), name, load_model(model_path), opts, sha).to_json()


def _work_stored(path: str, name: str, model_path: str, opts: RunOptions, sha: str, cache: ResultCache | None,
                 keep_texts: bool) -> tuple[dict, bool]:
    """``_work`` in a local worker process, which also writes the document's cache entry
    (same folder, same machine) and then returns it without passages and evidence unless
    they are kept: the main process would otherwise decode every document's passages only
    to encode them again for the cache (a third of its time, taken from the workers' cores).
    Returns the result and whether it was stored."""
    from .model import load_model

    r = process_document(Path(path), name, load_model(model_path), opts, sha)
    stored = _storable(r, cache)
    if stored:
        cache.put(sha, r)
    return (r if keep_texts or not stored else r.light()).to_json(), stored


def _storable(r: DocumentResult, cache: ResultCache | None) -> bool:
    # failures are not cached: installing OCR or repairing a file should not need a cache purge
    return cache is not None and bool(r.row.get("sha256")) and r.row["status"] != "failed"


def _init_worker(parent: int) -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract: one thread per worker process
    _as_if_spawned()
    _exit_with_parent(parent)


def _as_if_spawned() -> None:
    """A forked worker inherits the parent's signal handlers and log handlers. The run's
    SIGTERM handler (``_sigterm_raises``) would raise in the worker's task loop instead of
    ending it, and the parent's run.log handler would get the workers' lines; a spawned
    worker has neither, so both go back to what a fresh interpreter has."""
    for sig in signal.valid_signals():
        try:
            handler = signal.getsignal(sig)
        except (OSError, ValueError):
            continue
        if callable(handler) and handler is not signal.default_int_handler:
            signal.signal(sig, signal.SIG_DFL)
    for lg in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(lg, logging.Logger):
            # not closed: closing would flush the parent's buffers into its files
            lg.handlers = [h for h in lg.handlers if isinstance(h, logging.NullHandler)]


def start_method() -> str:
    """How worker processes start. 'fork' on Linux: workers share the parent's loaded
    model and spaCy pipeline copy-on-write and skip their start-up (imports, spaCy's lookup
    table, the model: seconds a worker). 'spawn' elsewhere and when other threads run in
    this process (a thread holding a lock at fork leaves the child deadlocked). The
    environment variable ``config.START_METHOD_ENV`` overrides both."""
    forced = config.start_method_override()
    if forced:
        return forced
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _exit_with_parent(parent: int) -> None:
    """A worker must not outlive the run: after SIGKILL of the parent (or the OOM killer)
    workers blocked reading the task pipe would stay forever, each holding a model and
    spaCy (~0.7 GB). Linux: the kernel sends SIGKILL when the parent dies; elsewhere, and
    as a fallback, a thread polls the parent's pid."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="nip-nlp-parent-watchdog", daemon=True).start()


class _Terminated(BaseException):
    """Raised in the main thread by SIGTERM while documents run (not an Exception, so that
    no `except Exception` on the way swallows it)."""


_TERMINATING = threading.Event()  # tells the pool, which may be closed by any frame, to stop at once


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    _TERMINATING.clear()
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def handler(signum, frame):
        _TERMINATING.set()
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    except _Terminated:
        raise TerminatedError("stopped by SIGTERM; finished documents are cached and the next run "
                              "resumes from them") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def auto_workers(jobs: list[tuple[int, str, str, str]], cores: int) -> int:
    """Workers for a run without ``--workers``: one per PAGES_PER_WORKER pending pages
    (PAGES_PER_FORKED_WORKER when workers are forked), at most one per core. Starting a
    spawned worker costs spaCy and the model (measured: see config); a handful of
    documents runs faster in this process. Pages are counted only until enough are found
    to use every core."""
    import pypdfium2 as pdfium

    per = config.PAGES_PER_FORKED_WORKER if start_method() == "fork" else config.PAGES_PER_WORKER
    pages, enough = 0, cores * per
    for _, path, _, _ in jobs:
        try:
            pdf = pdfium.PdfDocument(path)
            pages += len(pdf)
            pdf.close()
        except Exception:  # noqa: BLE001 - unreadable files cost nothing; the worker reports them
            continue
        if pages >= enough:
            break
    return max(1, min(cores, len(jobs), pages // per))


def _execute(jobs: list[tuple[int, str, str, str]], model: Model, opts: RunOptions, workers: int,
             cache: ResultCache | None = None,
             keep_texts: bool = True) -> Iterator[tuple[int, DocumentResult, bool]]:
    """Yield (job index, result, whether its cache entry is written) as documents finish,
    in any order. Local worker processes write their documents' cache entries themselves
    (``_work_stored``); results of the main process and of a Dask cluster (whose workers
    may not see the output folder) are stored by the caller."""
    model_path = str(Path(model.path).absolute())  # workers may run in another folder
    if opts.scheduler:
        from distributed import Client
        from distributed import as_completed as dask_completed

        try:
            client = Client(opts.scheduler, timeout=config.SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as e:  # distributed raises OSError on a connect timeout
            raise SchedulerError(f"cannot connect to the Dask scheduler at {opts.scheduler} within "
                                 f"{config.SCHEDULER_TIMEOUT} s ({type(e).__name__})") from None
        with client:
            futures = {}
            for i, path, name, sha in jobs:
                fut = client.submit(_work, path, name, model_path, opts, sha, key=f"nip-{sha[:16]}-{i}", pure=False)
                futures[fut] = i
            for fut in dask_completed(futures):
                yield futures.pop(fut), DocumentResult.from_json(fut.result()), False
        return
    if workers <= 1 or len(jobs) < 2:
        for i, path, name, sha in jobs:
            yield i, process_document(Path(path), name, model, opts, sha), False
        return
    import gc
    import multiprocessing as mp

    method = start_method()
    forking = method == "fork"
    if forking:
        _preload_pipeline(model)
        gc.freeze()  # the workers' collections then leave the parent's objects (and pages) shared
    # All workers are forked at the first submit (ProcessPoolExecutor does so with fork),
    # before its manager thread starts; tesseract is first loaded in a worker, after
    # _init_worker set OMP_THREAD_LIMIT.
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=mp.get_context(method),
                               initializer=_init_worker, initargs=(os.getpid(),))
    try:
        futures = {pool.submit(_work_stored, path, name, model_path, opts, sha, cache, keep_texts): i
                   for i, path, name, sha in jobs}
        for fut in as_completed(futures):
            # popped: a finished future holds its document's result as long as it is
            # referenced; kept here, the main process grew with the archive
            payload, stored = fut.result()
            yield futures.pop(fut), DocumentResult.from_json(payload), stored
    finally:
        # On Ctrl-C or an error, documents not yet started are dropped rather than run to
        # the end of the archive; finished ones are cached, so the next run resumes. SIGTERM
        # asks for a prompt stop: documents in progress are abandoned too.
        if _TERMINATING.is_set():
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        if forking:
            gc.unfreeze()


def _preload_pipeline(model: Model) -> None:
    """spaCy loaded here, before the workers are forked, so that they share it, and one
    passage scored, so that what the model builds on first use (its stacked coefficients,
    ~10 MB) is shared too rather than built in every worker. The log line is left out, as
    when each worker loaded spaCy out of the run log's sight."""
    from .model.scoring import score_texts
    from .nlp import load_pipeline

    nlp_log = logging.getLogger("nip_nlp.nlp")
    level = nlp_log.level
    nlp_log.setLevel(logging.WARNING)
    try:
        load_pipeline()
    finally:
        nlp_log.setLevel(level)
    score_texts(["Integration"], model, [True])


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
    workers: int | None = 1,
    cache: ResultCache | None = None,
    keep_texts: bool = True,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[DocumentResult], dict[str, int]]:
    """Process ``(path, name)`` pairs; results come back in input order. ``workers=None``:
    as many as pay for their start-up (``auto_workers``).

    With a cache, finished documents are written to it at once and, unless
    ``keep_texts``, kept in memory without their passages and evidence (``light``: memory
    stays bounded by the per-document summaries; ``cached_rows`` reads both back). Returns
    the results and counts of cached / processed documents.
    """
    results: list[DocumentResult | None] = [None] * len(files)
    jobs = []
    stats = {"cached": 0, "processed": 0}
    for i, (path, name) in enumerate(files):
        try:
            sha = sha256_file(path)
        except OSError:
            sha = ""  # process_document reports the unreadable file
        hit = cache.get(sha, full=keep_texts) if cache and sha else None
        if hit is not None:
            results[i] = hit.renamed(name)
            stats["cached"] += 1
            if progress:
                progress(name)
            continue
        jobs.append((i, str(Path(path).absolute()), name, sha))  # a Dask worker has another cwd
    # Largest files first: scans are large and slow (OCR, seconds a page); one started last
    # keeps a worker busy while the others have nothing left to do. Results still come out
    # in input order.
    jobs.sort(key=lambda job: -_size(job[1]))
    if workers is None:
        workers = auto_workers(jobs, os.cpu_count() or 1)
    stats["workers"] = 1 if opts.scheduler else workers
    stream = _execute(jobs, model, opts, workers, cache, keep_texts)
    with _sigterm_raises(), closing(stream):  # the pool is closed before SIGTERM becomes an error
        for i, r, stored in stream:
            if not stored and _storable(r, cache):
                cache.put(r.row["sha256"], r)
            results[i] = r if keep_texts else r.light()
            stats["processed"] += 1
            log.info("%s: %s in %.2f s", r.row["document"], r.row["status"], r.seconds)
            if progress:
                progress(r.row["document"])
    return [r for r in results if r is not None], stats


class TextSource(NamedTuple):
    """What ``cached_rows`` and ``cached_evidence`` read of one result."""

    sha256: str
    document: str
    passages: pd.DataFrame | None  # None for a ``light`` result: read from the cache
    evidence: pd.DataFrame | None


def text_sources(results: list[DocumentResult]) -> list[TextSource]:
    """The ``TextSource`` of each result, its strings new objects: a forked child that
    touched the results themselves (reference counts, the garbage collector) would copy the
    pages holding them, memory that grows with the archive."""
    return [TextSource(_fresh(r.row.get("sha256") or ""), _fresh(r.row["document"]), r.passages, r.evidence)
            for r in results]


def in_background(write: Callable[[], None]) -> Callable[[], None]:
    """Start ``write`` and return the function that waits for it, raising what it raised.
    On Linux a forked process runs it while the caller writes the other tables, on the core
    the workers have left (the two took turns on one core, seconds on a large archive);
    elsewhere, or with threads running, it runs here and now."""
    import gc

    if start_method() != "fork":
        write()
        return lambda: None
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_write_in_child, args=(write, send, os.getpid()), name="nip-nlp-writer", daemon=True)
    gc.freeze()  # the child's collections leave the objects it shares with this process alone
    try:
        proc.start()
    finally:
        gc.unfreeze()
    send.close()

    outcome: list[BaseException | None] = []

    def wait() -> None:  # a second call raises what the first one did
        if not outcome:
            try:
                outcome.append(receive.recv())
            except EOFError:  # the child died without a word (killed)
                outcome.append(RuntimeError(f"the process writing passages.csv and evidence.csv ended with "
                                            f"exit code {proc.exitcode}"))
            proc.join()
        if outcome[0] is not None:
            raise outcome[0]

    return wait


def _write_in_child(write: Callable[[], None], send, parent: int) -> None:
    """Run ``write`` in the forked child and send None or the exception it raised. Signal
    handlers go back to a fresh interpreter's (the run's SIGTERM handler is the parent's;
    Ctrl-C raises KeyboardInterrupt, so that the temporary file is removed); the log
    handlers stay, so that a warning about a cache entry reaches run.log as before."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _exit_with_parent(parent)
    try:
        write()
        send.send(None)
    except BaseException as e:  # handed to the parent, which raises it
        send.send(e)


def _fresh(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")  # a new object, same text


def _tables(docs: list[TextSource], cache: ResultCache, part: str) -> Iterator[tuple[str, list[list]]]:
    """(document name, rows) of ``part`` ("passages" or "evidence") of each document in
    order, from memory or read back from the cache, the name put in (a cached copy of
    identical content has another name); documents without rows are left out."""
    from .results import EVIDENCE_COLUMNS, PASSAGE_COLUMNS, split_frame

    columns = PASSAGE_COLUMNS if part == "passages" else EVIDENCE_COLUMNS
    for doc in docs:
        sha, name, frame = doc.sha256, doc.document, getattr(doc, part)
        if frame is not None:
            data = split_frame(frame[columns])["data"]
        else:
            hit = cache.get_payload(sha) if sha else None
            if hit is None:
                continue
            table = hit[part]
            if table["columns"] != columns:
                raise ValueError(f"cache entry {sha} has other {part} columns")
            data = table["data"]
        if data:
            for row in data:
                row[0] = name  # column 0 of both tables: the document
            yield name, data


def cached_rows(docs: list[TextSource], cache: ResultCache, part: str,
                rows: int = config.PASSAGE_BATCH_ROWS) -> Iterator[list[list]]:
    """The rows of ``part`` of ``text_sources`` in order, handed on in batches of about
    ``rows`` (lists in the table's column order): a frame a document made writing
    passages.csv cost as much as reading it back (pandas' per-frame overhead); memory stays
    bounded by the batch."""
    batch: list[list] = []
    for _, data in _tables(docs, cache, part):
        batch.extend(data)
        if len(batch) >= rows:
            yield batch
            batch = []
    if batch:
        yield batch


def cached_evidence(docs: list[TextSource], cache: ResultCache) -> Iterator[tuple[str, list[list]]]:
    """(document name, its evidence rows) of ``text_sources``, one document at a time."""
    return _tables(docs, cache, "evidence")

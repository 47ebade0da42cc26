"""Large archives: workers, incremental runs, resume after a kill, Dask on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import nip_nlp

from .conftest import SAMPLE

TABLES = ["documents.csv", "passages.csv", "coverage.csv", "coverage_share.csv", "coverage_max_score.csv",
          "evidence.csv", "coverage_by_municipality.csv", "coverage_by_year.csv"]


def _archive(folder: Path, copies: int) -> Path:
    """Sample PDFs copied with a distinct trailing comment each, so every file has its own
    content hash (PDF readers ignore bytes after %%EOF)."""
    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted(SAMPLE.glob("*.pdf")):
        data = src.read_bytes()
        for i in range(copies):
            (folder / f"{src.stem}_{i:02d}.pdf").write_bytes(data + f"\n% copy {i}\n".encode())
    return folder


def _tables(out: Path) -> dict[str, str]:
    return {t: (out / t).read_text("utf-8") for t in TABLES}


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_workers_write_the_same_tables_as_one(tmp_path, monkeypatch, method):
    inp = _archive(tmp_path / "in", 2)
    nip_nlp.run(inp, tmp_path / "one", workers=1)
    monkeypatch.setenv("NIP_NLP_START_METHOD", method)
    nip_nlp.run(inp, tmp_path / "two", workers=2)
    assert _tables(tmp_path / "one") == _tables(tmp_path / "two")


def test_workers_fork_on_linux_unless_other_threads_run_or_the_environment_says_otherwise(monkeypatch):
    import threading

    from nip_nlp.runner import start_method

    monkeypatch.delenv("NIP_NLP_START_METHOD", raising=False)
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        assert start_method() == "fork"
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert start_method() == "spawn"  # a thread may hold a lock the forked child would wait on forever
    finally:
        stop.set()
        t.join()
    monkeypatch.setenv("NIP_NLP_START_METHOD", "forkserver")
    assert start_method() == "forkserver"


def test_a_misspelt_start_method_is_a_usage_error_naming_the_variable(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from nip_nlp.cli import main
    from nip_nlp.errors import ExitCode

    monkeypatch.setenv("NIP_NLP_START_METHOD", "frok")
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", "--workers", "2"])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert "NIP_NLP_START_METHOD='frok'" in res.stderr and "fork, forkserver, spawn" in res.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_worker_drops_the_parents_signal_and_log_handlers():
    """The run's SIGTERM handler raises in the main loop (it must end a worker, as in a
    spawned one), and the parent's run.log handler must not get the workers' lines."""
    import logging

    from nip_nlp.runner import _as_if_spawned

    lg = logging.getLogger("nip_nlp.test_fork")
    lg.addHandler(logging.StreamHandler())
    lg.addHandler(logging.NullHandler())
    previous = signal.signal(signal.SIGTERM, lambda *a: None)
    r, w = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:  # the child: report and leave at once, whatever happens
            code = 1
            try:
                _as_if_spawned()
                ok = (signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
                      and signal.getsignal(signal.SIGINT) is signal.default_int_handler
                      and [type(h) for h in lg.handlers] == [logging.NullHandler])
                os.write(w, b"ok" if ok else b"kept")
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        _, status = os.waitpid(pid, 0)
        assert os.read(r, 16) == b"ok" and status == 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        lg.handlers.clear()
        os.close(r)


def test_second_run_skips_unchanged_files_and_redoes_changed_ones(tmp_path):
    inp = _archive(tmp_path / "in", 2)
    out = tmp_path / "out"
    nip_nlp.run(inp, out, workers=1)
    first = _tables(out)
    nip_nlp.run(inp, out, workers=1)
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["processed"] == 0 and manifest["from_cache"] == 4
    assert _tables(out) == first
    changed = inp / "niederschrift_rat_birkenau_01.pdf"
    changed.write_bytes(changed.read_bytes() + b"% edited\n")
    nip_nlp.run(inp, out, workers=1)
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["processed"] == 1 and manifest["from_cache"] == 3


@pytest.mark.slow
def test_run_killed_midway_resumes_with_every_document_exactly_once(tmp_path):
    inp = _archive(tmp_path / "in", 6)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "nip_nlp", "run", str(inp), "--out", str(out), "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((out / ".cache").glob("*/*.json"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed: give it more documents"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / ".cache").glob("*/*.json")))
    assert 3 <= done_before < 12
    assert not (out / "run.json").exists()  # a killed run never looks complete
    res = subprocess.run(cmd, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["from_cache"] >= done_before - 1 and manifest["processed"] + manifest["from_cache"] == 12
    docs = pd.read_csv(out / "documents.csv")
    assert len(docs) == 12 and docs.document.is_unique
    passages = pd.read_csv(out / "passages.csv")
    assert not passages.duplicated(["document", "passage"]).any()
    assert passages.groupby("document").size().nunique() == 2  # two source documents, each copy complete
    assert not list(out.glob(".*.tmp")) and not list((out / ".cache").glob("*/.*.tmp"))


def start_parallel_run(tmp_path: Path, done: int = 3) -> tuple[subprocess.Popen, list[str], Path]:
    """`nip-nlp run` with two workers over 30 documents, caught once ``done`` are cached."""
    inp = _archive(tmp_path / "in", 15)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "nip_nlp", "run", str(inp), "--out", str(out), "--workers", "2", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob(".cache/*/*.json"))) < done:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before the signal: give it more documents"
    return proc, cmd, out


@pytest.mark.slow
def test_ctrl_c_stops_a_parallel_run_with_exit_130_and_the_next_run_resumes(tmp_path):
    proc, cmd, out = start_parallel_run(tmp_path)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Interrupted" in err
    assert not (out / "run.json").exists()
    assert len(list(out.glob(".cache/*/*.json"))) < 30  # documents not yet started were dropped
    res = subprocess.run(cmd, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert json.loads((out / "run.json").read_text())["from_cache"] >= 3


@pytest.mark.slow
def test_dask_cluster_on_loopback_gives_the_same_tables(tmp_path):
    distributed = pytest.importorskip("distributed")
    inp = _archive(tmp_path / "in", 1)
    nip_nlp.run(inp, tmp_path / "local", workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        nip_nlp.run(inp, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert _tables(tmp_path / "local") == _tables(tmp_path / "dask")


def test_parquet_tables_hold_the_same_data_as_csv(tmp_path):
    pytest.importorskip("pyarrow")
    nip_nlp.run(SAMPLE, tmp_path / "csv", workers=1)
    nip_nlp.run(SAMPLE, tmp_path / "pq", workers=1, fmt="parquet")
    a = pd.read_csv(tmp_path / "csv" / "passages.csv", keep_default_na=False)
    b = pd.read_parquet(tmp_path / "pq" / "passages.parquet")
    assert len(a) == len(b) and list(a.text) == list(b.text)


def test_run_streams_evidence_and_report_from_its_cache_as_analyze_holds_them(tmp_path):
    """run() keeps no passage text in memory (evidence.csv and report.html are written from
    the cache, a document at a time) and writes what analyze() holds."""
    from nip_nlp import export
    from nip_nlp.report import render_report

    inp = _archive(tmp_path / "in", 2)
    ran = nip_nlp.run(inp, tmp_path / "run", workers=1)
    held = nip_nlp.analyze(inp, workers=1)
    assert ran.evidence.empty and len(held.evidence) > 4
    export.write_table(held.evidence, tmp_path / "held", "evidence")
    assert (tmp_path / "run" / "evidence.csv").read_bytes() == (tmp_path / "held" / "evidence.csv").read_bytes()
    meta = json.loads((tmp_path / "run" / "run.json").read_text("utf-8"))
    page = render_report(held.documents, held.coverage, held.extra["coverage_share"], held.evidence,
                         meta=f"{len(held.documents)} Dokumente · Modell {meta['model']} · {meta['finished']}")
    assert (tmp_path / "run" / "report.html").read_text("utf-8") == page


def test_cached_rows_come_in_batches_of_whole_documents_in_input_order(tmp_path):
    from nip_nlp.runner import ResultCache, cached_rows, run_documents, text_sources

    inp = _archive(tmp_path / "in", 2)
    cache = ResultCache(tmp_path / "cache", "k")
    files = [(p, p.name) for p in sorted(inp.glob("*.pdf"))]
    light, _ = run_documents(files, nip_nlp.load_model(), nip_nlp.RunOptions(), cache=cache, keep_texts=False)
    assert all(r.passages is None and r.evidence is None for r in light)
    held, _ = run_documents(files, nip_nlp.load_model(), nip_nlp.RunOptions(), cache=cache)
    for part in ("passages", "evidence"):
        whole = [row for batch in cached_rows(text_sources(held), cache, part) for row in batch]
        batches = list(cached_rows(text_sources(light), cache, part, rows=1))
        assert [row for batch in batches for row in batch] == whole
        assert len(batches) == len({row[0] for row in whole})  # one document a batch
        assert [row[0] for row in whole] == sorted(row[0] for row in whole)  # input order

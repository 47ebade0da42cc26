"""Issue 11: what a user or an attacker runs into. Each test reproduces one observed
fault; fixtures are named after the quirk they reproduce."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import nip_nlp
from nip_nlp import config, export
from nip_nlp.cli import main
from nip_nlp.errors import ExitCode, UsageError

from .conftest import SAMPLE


@pytest.mark.parametrize("args, module, extra", [
    (["--scheduler", "tcp://127.0.0.1:1"], "distributed", "dask"),
    (["--format", "parquet"], "pyarrow", "parquet"),
])
def test_option_without_its_extra_is_a_usage_error_naming_the_install(tmp_path, monkeypatch, args, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # as if the extra were not installed
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", *args])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert f'pip install "nip-nlp[{extra}]"' in res.stderr
    assert not (tmp_path / "o").exists()


def test_analyze_of_a_missing_folder_raises_instead_of_returning_empty_tables():
    with pytest.raises(UsageError, match="does/not/exist"):
        nip_nlp.analyze("does/not/exist")


def test_the_library_never_prints_its_warnings(tmp_path):
    # A subprocess: under pytest the root logger has handlers, so the fault would not show.
    (tmp_path / "not_a_pdf.pdf").write_text("eine Notiz", "utf-8")
    code = f"import nip_nlp; r = nip_nlp.analyze({str(tmp_path)!r}); assert r.documents.reason[0].startswith('not_pdf')"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and res.stderr == ""


def test_classify_of_a_pdf_says_which_command_takes_pdfs(tmp_path):
    res = CliRunner().invoke(main, ["classify", str(SAMPLE / "integrationskonzept_birkenau.pdf"),
                                    "--out", str(tmp_path / "p.csv")])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert "JSON Lines or text" in res.stderr and "nip-nlp run" in res.stderr and "codec" not in res.stderr


# -- output integrity ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory):
    """The sample's two PDFs under a formula name and a name with a bare carriage return,
    run once; the cache makes later runs into copies of this folder cheap."""
    inp = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLE / "integrationskonzept_birkenau.pdf", inp / "=1+1.pdf")
    shutil.copy(SAMPLE / "niederschrift_rat_birkenau.pdf", inp / "zeilen\rumbruch.pdf")
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(out), "--workers", "1", "-q"])
    assert res.exit_code == 0, res.output
    return inp, out


def test_csv_rows_survive_a_carriage_return_and_formulas_are_written_as_text(hostile_names):
    _, out = hostile_names
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert sorted(docs.document) == ["'=1+1.pdf", "zeilen\numbruch.pdf"]
    assert set(docs.status) == {"ok"}
    passages = pd.read_csv(out / "passages.csv", keep_default_na=False)
    assert set(passages.document) == set(docs.document)
    assert passages.groupby("document").size().to_dict() == docs.set_index("document").passages.to_dict()


def test_raw_csv_leaves_out_the_apostrophe_and_the_api_keeps_raw_text(hostile_names, tmp_path):
    inp, out = hostile_names
    raw = tmp_path / "raw"
    shutil.copytree(out, raw)
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(raw), "-q", "--raw-csv"])
    assert res.exit_code == 0, res.output
    docs = pd.read_csv(raw / "documents.csv", keep_default_na=False)
    assert set(docs.document) == {"=1+1.pdf", "zeilen\numbruch.pdf"}  # no apostrophe, still one row each
    assert "=1+1.pdf" in nip_nlp.run(inp, tmp_path / "api", workers=1).documents.document.tolist()


def test_csv_cells_round_trip_through_pandas(tmp_path):
    cells = ["=HYPERLINK(\"http://x\")", "\t=1+1", "+49 6201", "-5 Punkte", "@SUMME(A1)", "a\rb", "a\r\nb",
             "nul\x00byte", "normal", "\tHallo"]
    export.write_table(pd.DataFrame({"text": cells, "n": range(len(cells))}), tmp_path, "t")
    back = pd.read_csv(tmp_path / "t.csv", keep_default_na=False)
    assert back.n.tolist() == list(range(len(cells)))
    assert back.text.tolist() == ["'=HYPERLINK(\"http://x\")", "'\t=1+1", "'+49 6201", "'-5 Punkte", "'@SUMME(A1)",
                                  "a\nb", "a\nb", "nul byte", "normal", "\tHallo"]


def test_a_failed_rerun_leaves_no_run_json_and_exits_2_naming_the_path(hostile_names, tmp_path, monkeypatch):
    inp, out = hostile_names
    rerun = tmp_path / "out"
    shutil.copytree(out, rerun)
    assert (rerun / "run.json").exists() and (rerun / "report.html").exists()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "_to_csv", disk_full)  # frames
    monkeypatch.setattr(export, "_rows_to_csv", disk_full)  # passages.csv, written from rows
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(rerun), "-q"])
    assert res.exit_code == ExitCode.USAGE, res.output
    # passages.csv is written by a forked process while documents.csv is written here:
    # the first table to fail is named, either of them
    (line,) = res.stderr.strip().splitlines()
    assert line in [f"Error: output_error: cannot write {rerun / name}: No space left on device"
                    for name in ("passages.csv", "documents.csv")]
    assert not list(rerun.glob(".*.tmp"))  # the background writer finished or cleaned up first
    assert not (rerun / "run.json").exists() and not (rerun / "report.html").exists()


@pytest.mark.parametrize("method", ["fork", "spawn"])
@pytest.mark.parametrize("table", ["passages.csv", "report.html"])
def test_a_failure_writing_a_streamed_table_is_the_runs_error(hostile_names, tmp_path, monkeypatch, method, table):
    """passages.csv and evidence.csv are written by a forked process (Linux) or in the
    run's own process, report.html meanwhile in the run's own process: a failure of either
    ends the run with exit 2 naming the file, no run.json, no report.html, and no temporary
    file left."""
    import nip_nlp.report

    inp, out = hostile_names
    rerun = tmp_path / "out"
    shutil.copytree(out, rerun)
    monkeypatch.setenv("NIP_NLP_START_METHOD", method)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def page_then_disk_full(*args, **kwargs):
        yield "<!DOCTYPE html>"
        disk_full()

    if table == "passages.csv":
        monkeypatch.setattr(export, "_rows_to_csv", disk_full)
    else:
        monkeypatch.setattr(nip_nlp.report, "report_chunks", page_then_disk_full)
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(rerun), "-q"])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert res.stderr.strip().splitlines() == [
        f"Error: output_error: cannot write {rerun / table}: No space left on device"]
    assert not (rerun / "run.json").exists() and not (rerun / "report.html").exists()
    assert not list(rerun.glob(".*.tmp"))


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's read-only /sys")
def test_read_only_out_is_a_usage_error_naming_the_path(tmp_path):
    out = Path("/sys/kernel/nip-nlp-out")  # read-only even for root
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(out), "-q"])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert res.stderr.startswith("Error: output_error: cannot write /sys/kernel/nip-nlp-out")
    assert len(res.stderr.strip().splitlines()) == 1


def test_output_files_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        export.write_table(pd.DataFrame({"a": [1]}), tmp_path, "t")
        export.atomic_write_text(tmp_path / "run.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "t.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "run.json").stat().st_mode) == 0o644


def test_report_data_block_survives_an_html_comment_opener_in_a_passage():
    from nip_nlp.report import render_report

    nasty = "Vorher <!--<script> und </script> nachher"
    docs = pd.DataFrame({"document": ["a.pdf"], "status": ["ok"], "reason": [""], "doc_type": ["concept"]})
    cov = pd.DataFrame({"document": ["a.pdf"], **{f"K{i}": [1 if i == 1 else 0] for i in range(1, 11)}})
    ev = pd.DataFrame({"document": ["a.pdf"], "commitment": ["K1"], "rank": [1], "passage": [0], "page": [1],
                       "section": ["<!--"], "score": [0.9], "terms": [""], "text": [nasty]})
    page = render_report(docs, cov, cov.assign(K1=0.5), ev)
    block = page.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    data = json.loads(block)
    assert data["evidence"]["a.pdf"]["K1"][0]["text"] == nasty and data["evidence"]["a.pdf"]["K1"][0]["section"] == "<!--"


@pytest.mark.parametrize("damage", ["[]", "null", "row without status", "edited"])
def test_a_damaged_or_edited_cache_entry_is_recomputed(hostile_names, tmp_path, damage):
    inp, out = hostile_names
    rerun = tmp_path / "out"
    shutil.copytree(out, rerun)
    truth = pd.read_csv(out / "documents.csv", keep_default_na=False)
    for entry in (rerun / ".cache").glob("*/*.json"):
        if damage in ("[]", "null"):
            entry.write_text(damage, "utf-8")
            continue
        e = json.loads(entry.read_text("utf-8"))
        result = e.get("result", e)  # before checksums an entry was the bare result
        if damage == "edited":
            result["row"].update(passages=999, title="FAKE")
        else:
            del result["row"]["status"]
        entry.write_text(json.dumps(e), "utf-8")
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(rerun), "-q", "--workers", "1"])
    assert res.exit_code == 0, res.output
    docs = pd.read_csv(rerun / "documents.csv", keep_default_na=False)
    assert docs.drop(columns="sha256").equals(truth.drop(columns="sha256"))
    assert "FAKE" not in set(docs.title) and json.loads((rerun / "run.json").read_text())["processed"] == 2


# -- processes and signals -------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids |= {int(k) for k in (task / "children").read_text().split()}
        except OSError:
            pass
    return kids


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _start_parallel_run(tmp_path: Path) -> tuple[subprocess.Popen, Path, set[int]]:
    from .test_runner import start_parallel_run

    proc, _, out = start_parallel_run(tmp_path, done=2)
    workers = _children(proc.pid)
    assert len(workers) >= 2, workers  # two workers (and spawn's resource tracker)
    return proc, out, workers


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return {p for p in pids if _alive(p)}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc")
def test_workers_exit_when_the_run_is_killed(tmp_path):
    proc, _, workers = _start_parallel_run(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    survivors = _gone_within(workers, 10)
    for p in survivors:  # clean up before failing, so a regression does not leave 0.7 GB each
        os.kill(p, signal.SIGKILL)
    assert not survivors, f"workers outlived the killed run: {survivors}"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc")
def test_sigterm_stops_the_workers_with_exit_143_and_the_next_run_resumes(tmp_path):
    proc, out, workers = _start_parallel_run(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.TERMINATED == 143, err
    assert "terminated" in err and "SIGTERM" in err
    assert not _gone_within(workers, 10)
    assert not (out / "run.json").exists()
    cached = len(list(out.glob(".cache/*/*.json")))
    assert 2 <= cached < 30
    res = subprocess.run([sys.executable, "-m", "nip_nlp", "run", str(tmp_path / "in"), "--out", str(out), "-q"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["from_cache"] == cached and manifest["processed"] + cached == 30


def test_an_unreachable_scheduler_is_a_usage_error_naming_the_address(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    monkeypatch.setattr(config, "SCHEDULER_TIMEOUT", 2)
    t0 = time.monotonic()
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", "--scheduler", address])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert f"scheduler_unreachable: cannot connect to the Dask scheduler at {address}" in res.stderr
    assert time.monotonic() - t0 < 20


def test_documents_are_sent_to_workers_by_absolute_path(monkeypatch, model):
    from nip_nlp import runner
    from nip_nlp.options import RunOptions

    sent = []

    def capture(jobs, *args):  # a generator, like the real one
        sent.extend(path for _, path, _, _ in jobs)
        yield from ()

    monkeypatch.setattr(runner, "_execute", capture)
    monkeypatch.chdir(SAMPLE.parent)
    runner.run_documents([(Path("sample/integrationskonzept_birkenau.pdf"), "a.pdf")], model, RunOptions(),
                         workers=2)
    assert sent == [str(SAMPLE / "integrationskonzept_birkenau.pdf")]


@pytest.fixture()
def many_blank_pages(tmp_path) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(2 * config.PAGES_PER_WORKER):
        pdf.new_page(595, 842)
    path = tmp_path / "many_blank_pages.pdf"
    pdf.save(path)
    return path


def test_workers_start_only_when_the_pages_pay_for_them(many_blank_pages, tmp_path):
    from nip_nlp.runner import auto_workers

    small = [(i, str(p), p.name, "") for i, p in enumerate(sorted(SAMPLE.glob("*.pdf")))]
    assert auto_workers(small, cores=2) == 1
    assert auto_workers([*small, (2, str(many_blank_pages), "big.pdf", "")], cores=2) == 2
    assert auto_workers([*small, (2, str(many_blank_pages), "big.pdf", "")], cores=1) == 1
    result_manifest = tmp_path / "out" / "run.json"
    nip_nlp.run(SAMPLE, tmp_path / "out")  # no workers given: two small PDFs run in this process
    assert json.loads(result_manifest.read_text())["options"]["workers"] == 1


# -- input edge cases -----------------------------------------------------------------------
def _reasons(out: Path) -> dict[str, str]:
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    return dict(zip(docs.document, docs.reason))


def test_broken_link_link_loop_and_unreadable_folder_each_get_a_row(tmp_path, monkeypatch):
    inp = tmp_path / "in"
    (inp / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE / "integrationskonzept_birkenau.pdf", inp / "locked" / "hidden.pdf")
    shutil.copy(SAMPLE / "integrationskonzept_birkenau.pdf", inp / "ok.pdf")
    (inp / "broken_link.pdf").symlink_to(tmp_path / "gone.pdf")
    (inp / "loop_a.pdf").symlink_to(inp / "loop_b.pdf")
    (inp / "loop_b.pdf").symlink_to(inp / "loop_a.pdf")
    (inp / "folder_loop").symlink_to(inp)  # followed once, not forever
    real_scandir = os.scandir

    def scandir(path="."):  # root may read anything: a folder mode cannot show this
        if Path(path) == inp / "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(tmp_path / "out"), "-q", "--workers", "1"])
    assert res.exit_code == ExitCode.DOCUMENTS_FAILED, res.output
    reasons = _reasons(tmp_path / "out")
    assert set(reasons) == {"ok.pdf", "broken_link.pdf", "loop_a.pdf", "loop_b.pdf", "locked"}
    assert reasons["ok.pdf"] == ""
    assert reasons["broken_link.pdf"].startswith("broken_symlink: ")
    assert reasons["loop_a.pdf"].startswith("symlink_loop: ") and reasons["loop_b.pdf"].startswith("symlink_loop: ")
    assert reasons["locked"].startswith("unreadable_folder: cannot list the folder (Permission denied)")


@pytest.fixture()
def page_number_only(tmp_path) -> Path:
    """A blank page but for its number, then a page of text: OCR finds nothing on page 1."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_y(-15)
    pdf.cell(0, 10, "1", align="C")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 6, "Der Integrationsrat beschliesst ein Sprachkursangebot fuer neu zugewanderte Familien. " * 4)
    path = tmp_path / "page_number_only.pdf"
    pdf.output(str(path))
    return path


@pytest.mark.slow
def test_a_blank_page_is_not_corrupt(page_number_only):
    from nip_nlp.extract import extract_document

    doc = extract_document(page_number_only)
    assert doc.partial_reason == "" and not doc.warnings


@pytest.fixture()
def giant_page(tmp_path) -> Path:
    """One 14,400 × 14,400 pt page without text: 2.9 gigapixels at 300 dpi."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)
    path = tmp_path / "giant_page.pdf"
    pdf.save(path)
    return path


def test_a_giant_page_is_refused_before_rendering_with_its_own_reason(giant_page, model):
    import resource

    from nip_nlp.pipeline import process_document

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    row = process_document(giant_page, "giant_page.pdf", model).row
    assert row["status"] == "failed" and row["reason"].startswith("page_too_large: page 1 (14400 × 14400 pt)")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB: nothing was rendered


def test_a_pdf_without_its_header_is_not_called_a_text_file(tmp_path, model):
    from nip_nlp.pipeline import process_document

    src = (SAMPLE / "integrationskonzept_birkenau.pdf").read_bytes()
    headless = tmp_path / "header_line_lost.pdf"
    headless.write_bytes(src[src.index(b"\n") + 1:])  # "%PDF-1.3" gone, the objects intact
    reason = process_document(headless, headless.name, model).row["reason"]
    assert reason.startswith("corrupt_pdf: no %PDF- header, but the file holds PDF objects") and "text file" not in reason


def test_forked_workers_pay_from_fewer_pages_than_spawned_ones(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from nip_nlp.runner import auto_workers

    jobs = []
    for i in range(2):
        pdf = pdfium.PdfDocument.new()
        for _ in range(config.PAGES_PER_FORKED_WORKER):
            pdf.new_page(595, 842)
        pdf.save(tmp_path / f"{i}.pdf")
        jobs.append((i, str(tmp_path / f"{i}.pdf"), f"{i}.pdf", ""))
    monkeypatch.setenv("NIP_NLP_START_METHOD", "fork")
    assert auto_workers(jobs, cores=2) == 2
    monkeypatch.setenv("NIP_NLP_START_METHOD", "spawn")  # each worker loads spaCy and the model
    assert auto_workers(jobs, cores=2) == 1

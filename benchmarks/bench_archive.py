"""Archive throughput: pages/s and peak memory of ``nip-nlp run`` with 1 worker, N workers
and a local Dask cluster, next to bare pypdfium2 text extraction of the same files, all
measured in the same run.

    python benchmarks/bench_archive.py --docs 500 --pages 10 --scans 5 --workers 2

The archive is generated: a few distinct municipal-style PDFs (one and two columns, running
headers, hyphenation) copied with a changed trailer so that every file has its own content
hash, plus image-only scans that go through OCR. Peak memory is the largest sum of resident
memory over the process tree (main process, worker processes, Dask scheduler and workers),
sampled every 0.1 s from /proc. Needs fpdf2 and dask[distributed] (pip install -e ".[test]").
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extract import _paragraph  # noqa: E402

from nip_nlp._pdfgen import Block, Layout, make_pdf, make_scanned_pdf, parse_markdown  # noqa: E402


def build(folder: Path, docs: int, pages: int, scans: int, seed: int = 11) -> int:
    """Write the archive; returns the number of pages."""
    rng = random.Random(seed)
    proto = folder.parent / "proto"
    proto.mkdir(exist_ok=True)
    sample_blocks = []
    for src in sorted((ROOT / "sample" / "src").glob("*.md")):
        sample_blocks.extend(parse_markdown(src.read_text("utf-8"))[1])
    protos = []
    for k in range(6):
        blocks = list(sample_blocks)
        while len(blocks) < pages * 9:
            blocks.append(Block("para", _paragraph(rng)))
        layout = Layout(columns=1 + k % 2, header=f"Stadt Musterstadt {k} · Bericht", footer="Seite {page}")
        protos.append(make_pdf(proto / f"p{k}.pdf", blocks, layout))
    scan = make_scanned_pdf(make_pdf(proto / "s.pdf", sample_blocks[:12], Layout()), proto / "scan.pdf")
    import pypdfium2 as pdfium

    n_pages = 0
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        src = scan if i < scans else protos[i % len(protos)]
        data = src.read_bytes() + f"\n% archive copy {i}\n".encode()
        (folder / f"doc_{i:05d}.pdf").write_bytes(data)
        n_pages += len(pdfium.PdfDocument(str(src)))
    return n_pages


class TreeMemory:
    """Peak summed RSS of a set of process trees, sampled from /proc."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak, self._stop = pids, 0, threading.Event()
        self._t = threading.Thread(target=self._loop, daemon=True)
        self._t.start()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
        return out

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = sum(self._rss(p) for root in self.pids for p in self._tree(root))
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


def bare(folder: Path) -> tuple[float, int]:
    import pypdfium2 as pdfium

    t0 = time.perf_counter()
    n = 0
    for f in sorted(folder.glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(f))
        for page in pdf:
            page.get_textpage().get_text_range()
            n += 1
        pdf.close()
    return time.perf_counter() - t0, n


def nip_run(folder: Path, out: Path, extra: list[str], also: list[int] = ()) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "nip_nlp", "run", str(folder), "--out", str(out), "--quiet", *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    mem = TreeMemory([proc.pid, *also])
    rc = proc.wait()
    dt = time.perf_counter() - t0
    peak = mem.stop()
    if rc != 0:
        raise SystemExit(f"{cmd} exited {rc}")
    return dt, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--pages", type=int, default=10, help="pages per text document")
    ap.add_argument("--scans", type=int, default=5, help="image-only documents (3 pages each, OCR)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    tmp = Path(tempfile.mkdtemp(prefix="nip-bench-"))
    try:
        folder = tmp / "archive"
        n_pages = build(folder, args.docs, args.pages, args.scans)
        rows = []
        dt, n = bare(folder)
        rows.append(("bare pypdfium2 text (baseline, no OCR)", n, dt, 0))
        dt, peak = nip_run(folder, tmp / "w1", ["--workers", "1"])
        rows.append(("nip-nlp run --workers 1", n_pages, dt, peak))
        dt, peak = nip_run(folder, tmp / "wn", ["--workers", str(args.workers)])
        rows.append((f"nip-nlp run --workers {args.workers}", n_pages, dt, peak))
        port = 8786 + random.Random().randint(1, 500)
        sched = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], stderr=subprocess.DEVNULL)
        workers = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
                                    "--nworkers", str(args.workers), "--nthreads", "1", "--no-dashboard"],
                                   stderr=subprocess.DEVNULL)
        time.sleep(6)
        try:
            dt, peak = nip_run(folder, tmp / "dask", ["--scheduler", f"tcp://127.0.0.1:{port}"],
                               also=[sched.pid, workers.pid])
            rows.append((f"nip-nlp run --scheduler (local Dask, {args.workers} workers)", n_pages, dt, peak))
        finally:
            workers.terminate()
            sched.terminate()
            workers.wait()
            sched.wait()
        same = all((tmp / d / "coverage.csv").read_bytes() == (tmp / "w1" / "coverage.csv").read_bytes()
                   for d in ("wn", "dask"))
        base = rows[0][1] / rows[0][2]
        print(f"archive: {args.docs} PDFs, {n_pages} pages ({args.scans} image-only scans, 3 pages each); "
              f"{os.cpu_count()} CPUs; identical coverage.csv across runs: {same}")
        print("| run | pages | seconds | pages/s | share of bare pages/s | peak memory (MB) |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, n, dt, peak in rows:
            print(f"| {name} | {n} | {dt:.1f} | {n / dt:.1f} | {n / dt / base:.1%} | "
                  f"{peak / 2**20:.0f} |" if peak else f"| {name} | {n} | {dt:.1f} | {n / dt:.1f} | 100% | - |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

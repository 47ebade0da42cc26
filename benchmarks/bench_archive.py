"""Archive throughput: pages/s, start-up time and peak memory of ``nip-nlp run`` at 1 and N
workers, next to bare pypdfium2 text extraction of the same files, all measured in the same
run (the machine is shared, so only ratios within one run are compared).

    python benchmarks/bench_archive.py --docs 500,2000 --pages 10 --workers 2

Three tables:

* per layout (one column; two columns; image-only scans that go through OCR): pages/s at 1
  and N workers and the share of bare pypdfium2's page rate on the same files; for the scans
  seconds per page per core (bare pypdfium2 reads no text there, so it is no baseline);
* start-up: a run over one one-page document (interpreter, imports, spaCy, model);
* archives of each ``--docs`` size and ``--archives`` kind (mixed one/two-column text
  documents, ``--scans`` of them scans): pages/s and the share of bare pypdfium2 at 1 and N
  workers (1 worker for the first size only), and peak memory, to show whether it grows
  with the archive. ``integration``: integration reports only, every passage goes through
  the classifier (the worst case); ``council``: one integration report in ten among
  documents on other municipal business, whose passages the migration-angle gate closes
  (as in a real council archive: of the issue's 60 random council documents 3 addressed
  a commitment; of the passages of the real PDFs in ``../shared/pdfs`` one in ten is
  inside the gate).

``--no-layouts`` skips the first two tables.

The archives are generated: a few distinct municipal-style PDFs copied with a changed
trailer so that every file has its own content hash, plus image-only scans. Peak memory is
the largest sum of resident memory over the process tree (main process, worker processes,
Dask scheduler and workers), sampled every 0.1 s from /proc, and the sum of PSS (shared
pages split among the processes that share them: forked workers share the parent's). Needs fpdf2 (and
dask[distributed] for ``--dask``): pip install -e ".[test]".
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


# What most council documents are about: no migration angle (words chosen so that no stem
# of nip_nlp/data/migration_terms.json matches them).
COUNCIL_WORDS = ("Haushalt Straßenausbau Feuerwehr Kindertagesstätte Jugendhilfe Bebauungsplan Abwasser "
                 "Friedhof Sportplatz Radweg Gewerbegebiet Grundsteuer Bauhof Stadtbibliothek Winterdienst "
                 "Parkgebühren Spielplatz Sanierung Ausschreibung Vergabe Satzung Gebühren Beschluss "
                 "Ausschuss Gemeinderat Verwaltung Bericht Haushaltsmittel Kostenschätzung Bauabschnitt").split()


def council_prototypes(proto: Path, pages: int, seed: int = 13) -> dict[int, list[Path]]:
    """Three distinct documents per column count on municipal business without a
    migration angle (roads, budget, fire brigade …): most of a council archive, which
    the migration-angle gate closes."""
    rng = random.Random(seed)
    proto.mkdir(parents=True, exist_ok=True)
    out: dict[int, list[Path]] = {1: [], 2: []}
    for k in range(6):
        subject = f"{rng.choice(COUNCIL_WORDS)} und {rng.choice(COUNCIL_WORDS)}"
        blocks = [Block("heading", f"Vorlage {100 + k}/2024: {subject}")]
        while len(blocks) < pages * 9:
            if len(blocks) % 12 == 0:
                blocks.append(Block("heading", f"{len(blocks) // 12}. {rng.choice(COUNCIL_WORDS)}"))
            blocks.append(Block("para", _paragraph(rng, COUNCIL_WORDS)))
        columns = 1 + k % 2
        layout = Layout(columns=columns, header=f"Stadt Musterstadt {k} · Sitzungsvorlage", footer="Seite {page}")
        out[columns].append(make_pdf(proto / f"c{k}.pdf", blocks, layout))
    return out


def archive_sources(kind: str, docs: int, scans: int, protos: dict[int, list[Path]],
                    council: dict[int, list[Path]], scan: Path) -> list[Path]:
    """The files of an archive: ``integration`` is made of integration reports only (every
    passage goes through the classifier: the worst case); ``council`` has one integration
    report in ten among documents on other municipal business, as in a real council archive
    (the issue's 60 random council documents: 3 addressed a commitment)."""
    texts = []
    for i in range(docs - scans):
        source = protos if kind == "integration" or i % 10 == 0 else council
        texts.append(source[1 + i % 2][(i // 2) % 3])
    return [scan] * scans + texts


def prototypes(proto: Path, pages: int, seed: int = 11) -> tuple[dict[int, list[Path]], Path]:
    """Three distinct documents per column count and one three-page scan."""
    rng = random.Random(seed)
    proto.mkdir(parents=True, exist_ok=True)
    sample_blocks = []
    for src in sorted((ROOT / "sample" / "src").glob("*.md")):
        sample_blocks.extend(parse_markdown(src.read_text("utf-8"))[1])
    protos: dict[int, list[Path]] = {1: [], 2: []}
    for k in range(6):
        blocks = list(sample_blocks)
        while len(blocks) < pages * 9:
            blocks.append(Block("para", _paragraph(rng)))
        columns = 1 + k % 2
        layout = Layout(columns=columns, header=f"Stadt Musterstadt {k} · Bericht", footer="Seite {page}")
        protos[columns].append(make_pdf(proto / f"p{k}.pdf", blocks, layout))
    scan = make_scanned_pdf(make_pdf(proto / "s.pdf", sample_blocks[:40], Layout()), proto / "scan.pdf")
    return protos, scan


def build(folder: Path, sources: list[Path]) -> int:
    """Copies of ``sources`` in turn, each with its own content hash; returns the pages."""
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    pages = {src: len(pdfium.PdfDocument(str(src))) for src in set(sources)}
    for i, src in enumerate(sources):
        (folder / f"doc_{i:05d}.pdf").write_bytes(src.read_bytes() + f"\n% archive copy {i}\n".encode())
    return sum(pages[src] for src in sources)


class TreeMemory:
    """Peak summed RSS and PSS of a set of process trees, sampled from /proc. RSS counts a
    page shared by forked workers once per process; PSS splits it among them, so its sum
    is the memory the run really holds."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak, self.peak_pss, self._stop = pids, 0, 0, threading.Event()
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
    def _kib_field(path: str, field: str) -> int:
        """A "Field:  N kB" line of a /proc file, in bytes (0 when the process is gone)."""
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(field):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @classmethod
    def _rss(cls, pid: int) -> int:
        return cls._kib_field(f"/proc/{pid}/status", "VmRSS:")

    @classmethod
    def _pss(cls, pid: int) -> int:
        # RSS counts a page shared by forked workers once per process; PSS splits it
        return cls._kib_field(f"/proc/{pid}/smaps_rollup", "Pss:")

    def _loop(self) -> None:
        while not self._stop.is_set():
            pids = [p for root in self.pids for p in self._tree(root)]
            self.peak = max(self.peak, sum(self._rss(p) for p in pids))
            self.peak_pss = max(self.peak_pss, sum(self._pss(p) for p in pids))
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
    return dt, (peak, mem.peak_pss)


def _mib(peak: tuple[int, int]) -> str:
    return f"{peak[0] / 2**20:.0f} / {peak[1] / 2**20:.0f}"


def _share(rate: float, base: float) -> str:
    return f"{rate / base:.1%}" if base else "-"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default="500", help="archive sizes, comma-separated (e.g. 500,2000)")
    ap.add_argument("--pages", type=int, default=10, help="pages per text document")
    ap.add_argument("--scans", type=int, default=0, help="image-only documents in each archive (3 pages each)")
    ap.add_argument("--layout-docs", type=int, default=40, help="documents per layout in the per-layout table")
    ap.add_argument("--ocr-docs", type=int, default=6, help="three-page scans in the per-layout table")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--dask", action="store_true", help="also run the largest archive on a local Dask cluster")
    ap.add_argument("--archives", default="integration",
                    help="kinds of archive, comma-separated: integration (integration reports only) and/or "
                         "council (one in ten an integration report, the rest other municipal business)")
    ap.add_argument("--no-layouts", action="store_true", help="skip the per-layout, OCR and start-up tables")
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    nw = args.workers
    tmp = Path(tempfile.mkdtemp(prefix="nip-bench-"))
    t_start = time.perf_counter()
    try:
        protos, scan = prototypes(tmp / "proto", args.pages)
        council = council_prototypes(tmp / "proto", args.pages)
        kinds = [k for k in args.archives.split(",") if k]
        if set(kinds) - {"integration", "council"}:
            raise SystemExit("--archives: integration and/or council")
        print(f"{os.cpu_count()} CPUs; workers 1 and {nw}; pages/s include each run's start-up", flush=True)
        if not args.no_layouts:
            layouts(tmp, protos, scan, args, nw)
        archives(tmp, protos, council, scan, args, nw, kinds)
        print(f"benchmark wall time {time.perf_counter() - t_start:.0f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def layouts(tmp: Path, protos: dict[int, list[Path]], scan: Path, args, nw: int) -> None:
    """The per-layout table (one column, two columns, OCR) and the start-up figures."""
    print("\n| layout | pages | bare pypdfium2 pages/s | run --workers 1 pages/s (share of bare) | "
          f"run --workers {nw} pages/s (share of bare) | peak memory --workers {nw}, RSS / PSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, columns in [("one column", 1), ("two columns", 2)]:
        folder = tmp / name.replace(" ", "_")
        n = build(folder, [protos[columns][i % 3] for i in range(args.layout_docs)])
        dt, _ = bare(folder)
        base = n / dt
        d1, _ = nip_run(folder, folder.with_name(folder.name + "_w1"), ["--workers", "1"])
        dn, peak = nip_run(folder, folder.with_name(folder.name + "_wn"), ["--workers", str(nw)])
        print(f"| {name} | {n} | {base:.0f} | {n / d1:.1f} ({_share(n / d1, base)}) | "
              f"{n / dn:.1f} ({_share(n / dn, base)}) | {_mib(peak)} |", flush=True)
    folder = tmp / "scans"
    n = build(folder, [scan] * args.ocr_docs)
    d1, _ = nip_run(folder, tmp / "scans_w1", ["--workers", "1"])
    dn, peak = nip_run(folder, tmp / "scans_wn", ["--workers", str(nw)])
    print(f"| image-only scans (OCR) | {n} | - (no text layer) | {n / d1:.2f} = {d1 / n:.2f} s/page | "
          f"{n / dn:.2f} = {dn * nw / n:.2f} s/page per core | {_mib(peak)} |", flush=True)

    folder = tmp / "startup"
    build(folder, [make_pdf(tmp / "proto" / "one.pdf", [Block("para", "Ein Absatz über die Stadt.")], Layout())])
    d1, peak = nip_run(folder, tmp / "startup_out", ["--workers", "1"])
    print(f"\nstart-up (a run over one one-page document): {d1:.2f} s, peak memory RSS / PSS {_mib(peak)} MiB",
          flush=True)
    folder = tmp / "startup_workers"  # two documents: one alone runs in the main process
    build(folder, [tmp / "proto" / "one.pdf"] * 2)
    dn, peak = nip_run(folder, tmp / "startup_workers_out", ["--workers", str(nw)])
    print(f"start-up with {nw} worker processes (a run over two one-page documents): {dn:.2f} s, "
          f"peak memory RSS / PSS {_mib(peak)} MiB", flush=True)


def archives(tmp: Path, protos: dict[int, list[Path]], council: dict[int, list[Path]], scan: Path, args, nw: int,
             kinds: list[str]) -> None:
    """The archive table: each kind and size, bare pypdfium2 and the run at 1 (first size)
    and N workers."""
    print("\n| archive | pages | bare pypdfium2 pages/s | run | seconds | pages/s | share of bare | "
          "peak memory, all processes, RSS / PSS (MiB) |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    sizes = [int(x) for x in args.docs.split(",") if x]  # --docs "": the layout tables only
    for kind in kinds:
        for k, docs in enumerate(sizes):
            folder = tmp / f"archive_{kind}_{docs}"
            n = build(folder, archive_sources(kind, docs, args.scans, protos, council, scan))
            dt, _ = bare(folder)
            base = n / dt
            runs = [["--workers", "1"]] if k == 0 else []
            runs.append(["--workers", str(nw)])
            for extra in runs:
                d, peak = nip_run(folder, tmp / f"out_{kind}_{docs}_{extra[-1]}", extra)
                print(f"| {docs} documents, {kind} | {n} | {base:.0f} | {' '.join(extra)} | {d:.1f} | {n / d:.1f} | "
                      f"{_share(n / d, base)} | {_mib(peak)} |", flush=True)
            if args.dask and k == len(sizes) - 1:
                d, peak = dask_run(folder, tmp / f"dask_{kind}_{docs}", nw)
                print(f"| {docs} documents, {kind} | {n} | {base:.0f} | --scheduler (local Dask, {nw} workers) | "
                      f"{d:.1f} | {n / d:.1f} | {_share(n / d, base)} | {_mib(peak)} |", flush=True)
            shutil.rmtree(folder, ignore_errors=True)
        if sizes:
            first = sizes[0]
            one, many = tmp / f"out_{kind}_{first}_1", tmp / f"out_{kind}_{first}_{nw}"
            same = all((one / t).read_bytes() == (many / t).read_bytes()
                       for t in ("coverage.csv", "passages.csv", "evidence.csv", "documents.csv"))
            print(f"\n{kind}: identical coverage, passages, evidence and documents tables at 1 and {nw} workers: "
                  f"{same}")


def dask_run(folder: Path, out: Path, workers: int) -> tuple[float, int]:
    port = 8786 + random.Random().randint(1, 500)
    sched = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                              "--port", str(port), "--no-dashboard"], stderr=subprocess.DEVNULL)
    dask_workers = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
                                     "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"],
                                    stderr=subprocess.DEVNULL)
    time.sleep(6)
    try:
        return nip_run(folder, out, ["--scheduler", f"tcp://127.0.0.1:{port}"], also=[sched.pid, dask_workers.pid])
    finally:
        dask_workers.terminate()
        sched.terminate()
        dask_workers.wait()
        sched.wait()


if __name__ == "__main__":
    main()

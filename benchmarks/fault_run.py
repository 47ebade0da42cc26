"""A fault run: hostile inputs, a run killed midway (SIGKILL, then SIGTERM), a rerun.

Prints, for the report of issue 11: documents tried, handled with the expected reason,
lost, duplicated, and worker processes left after each kill.

    python benchmarks/fault_run.py [--copies 12] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample"
sys.path.insert(0, str(ROOT))
from tests.test_faults import _alive as alive, _children as children  # noqa: E402 - the tests' /proc helpers


def hostile_folder(folder: Path, copies: int) -> dict[str, str]:
    """Files named after their quirk → the reason code (or status "ok") each must get."""
    expect: dict[str, str] = {}
    for src in sorted(SAMPLE.glob("*.pdf")):
        for i in range(copies):  # distinct bytes after %%EOF: every copy its own content hash
            (folder / f"{src.stem}_{i:02d}.pdf").write_bytes(src.read_bytes() + f"\n% copy {i}\n".encode())
            expect[f"{src.stem}_{i:02d}.pdf"] = "ok"
    good = (SAMPLE / "integrationskonzept_birkenau.pdf").read_bytes()
    (folder / "=1+1.pdf").write_bytes(good + b"\n% formula name\n")
    expect["=1+1.pdf"] = "ok"
    (folder / "carriage\rreturn.pdf").write_bytes(good + b"\n% cr name\n")
    expect["carriage\rreturn.pdf"] = "ok"
    (folder / "empty.pdf").write_bytes(b"")
    expect["empty.pdf"] = "empty_file"
    (folder / "note.pdf").write_text("Nur eine Notiz.", "utf-8")
    expect["note.pdf"] = "not_pdf"
    (folder / "truncated.pdf").write_bytes(good[:300])
    expect["truncated.pdf"] = "corrupt_pdf"
    (folder / "header_lost.pdf").write_bytes(good[good.index(b"\n") + 1:])
    expect["header_lost.pdf"] = "corrupt_pdf"
    (folder / "broken_link.pdf").symlink_to(folder / "nowhere.pdf")
    expect["broken_link.pdf"] = "broken_symlink"
    (folder / "loop_a.pdf").symlink_to(folder / "loop_b.pdf")
    (folder / "loop_b.pdf").symlink_to(folder / "loop_a.pdf")
    expect["loop_a.pdf"] = expect["loop_b.pdf"] = "symlink_loop"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)
    pdf.save(folder / "giant_page.pdf")
    expect["giant_page.pdf"] = "page_too_large"
    return expect


def interrupted_run(cmd: list[str], out: Path, sig: int, after: int) -> tuple[int, int]:
    """Start, wait for ``after`` cached documents, send ``sig``; (exit code, processes left 10 s later)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and len(list(out.glob(".cache/*/*.json"))) < after:
        time.sleep(0.05)
    kids = children(proc.pid)
    proc.send_signal(sig)
    code = proc.wait()
    time.sleep(10)
    left = {p for p in kids if alive(p)}
    for p in left:
        os.kill(p, signal.SIGKILL)
    return code, len(left)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=12)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nip-fault-"))
    inp, out = tmp / "in", tmp / "out"
    inp.mkdir()
    expect = hostile_folder(inp, args.copies)
    cmd = [sys.executable, "-m", "nip_nlp", "run", str(inp), "--out", str(out), "--workers", str(args.workers), "-q"]
    for sig, after in ((signal.SIGKILL, 3), (signal.SIGTERM, 8)):
        code, left = interrupted_run(cmd, out, sig, after)
        print(f"{signal.Signals(sig).name} after {after} cached: exit {code}, run.json present: "
              f"{(out / 'run.json').exists()}, processes left: {left}")
    res = subprocess.run(cmd, capture_output=True, text=True)
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    got = {d.lstrip("'").replace("\n", "\r") if d.startswith("'") or "\n" in d else d: (s, r)
           for d, s, r in zip(docs.document, docs.status, docs.reason)}
    right = sum(1 for name, want in expect.items()
                if name in got and (got[name][0] == want if want == "ok" else got[name][1].startswith(want + ":")))
    wrong = {n: got.get(n) for n, w in expect.items() if n in got
             and not (got[n][0] == w if w == "ok" else got[n][1].startswith(w + ":"))}
    passages = pd.read_csv(out / "passages.csv", keep_default_na=False)
    print(f"rerun: exit {res.returncode} ({res.stderr.strip().splitlines()[-1] if res.stderr.strip() else ''})")
    print(f"documents tried {len(expect)}, rows {len(docs)}, handled with the right reason {right}, "
          f"lost {len(set(expect) - set(got))}, duplicated {int(docs.document.duplicated().sum())}, "
          f"duplicated passages {int(passages.duplicated(['document', 'passage']).sum())}")
    if wrong:
        print("wrong:", wrong)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

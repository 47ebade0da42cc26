"""Extraction speed and accuracy per engine and layout, on generated PDFs of known text.

    python benchmarks/bench_extract.py [--pages 40] [--ocr-pages 3]

For every layout (one column with running header/footer and hyphenation; two columns stored
column by column; two columns interleaved in the content stream; a table page; an
image-only scan) it reports pages/s and token accuracy: the share of the true token
sequence recovered in order (difflib matching blocks), so that interleaved columns and
lost words both count as errors. Baselines in the same run: bare pypdfium2
``get_text_range`` and bare pdfplumber ``extract_text`` without any cleaning.
Needs fpdf2 (pip install -e ".[test]").
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nip_nlp._pdfgen import SHY, Block, Layout, make_pdf, make_scanned_pdf, plain  # noqa: E402

WORDS = ("Stadt Verwaltung Integrationskonzept Sprachkurs Netzwerk Quartier Beratung Ausbildung Schule "
         "Elternarbeit Jobcenter Anerkennung Integrationsrat Ehrenamt Wegweiser Monitoring Bürgerbüro "
         "Begegnung Nachbarschaft Wirtschaftsförderung Gründung Vielfalt Demokratie Bericht Maßnahme "
         "Haushalt Straßenausbau Feuerwehr Kindertagesstätte Jugendhilfe").split()
FILL = "die der und mit für im auf wird werden ein eine zum bei nach von".split()


def _paragraph(rng: random.Random, vocabulary: tuple[str, ...] | list[str] = WORDS) -> str:
    words = []
    for _ in range(rng.randint(40, 90)):
        w = rng.choice(vocabulary) if rng.random() < 0.4 else rng.choice(FILL)
        if len(w) > 11 and rng.random() < 0.5:
            k = rng.randint(5, len(w) - 5)
            w = w[:k] + SHY + w[k:]
        words.append(w)
    return " ".join(words).capitalize() + "."


def build(folder: Path, pages: int, ocr_pages: int, seed: int = 7) -> dict[str, tuple[Path, str]]:
    rng = random.Random(seed)
    paras = [Block("para", _paragraph(rng)) for _ in range(pages * 7)]
    truth = " ".join(plain(b.text) for b in paras)
    out = {}
    specs = {
        "one_column_header_footer": Layout(header="Stadt Musterhausen · Integrationsbericht", footer="Seite {page}"),
        "two_columns": Layout(columns=2, header="Integrationskonzept", footer="Seite {page}"),
        "two_columns_interleaved": Layout(columns=2, interleave=True, footer="Seite {page}"),
    }
    for name, layout in specs.items():
        out[name] = (make_pdf(folder / f"{name}.pdf", paras, layout), truth)
    rows = tuple((f"Maßnahme {i}", rng.choice(WORDS), str(2015 + i % 10)) for i in range(30))
    table_truth = " ".join(" ".join(r) for r in rows)
    out["table"] = (make_pdf(folder / "table.pdf", [Block("table", rows=rows)], Layout(footer="")), table_truth)
    scan_src = make_pdf(folder / "scan_src.pdf", paras[: ocr_pages * 7], Layout(footer=""))
    scan_truth = " ".join(plain(b.text) for b in paras[: ocr_pages * 7])
    out["image_only_scan"] = (make_scanned_pdf(scan_src, folder / "scan.pdf", dpi=200), scan_truth)
    return out


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("\ufffe", "").replace("-", ""))


def accuracy(truth: str, got: str) -> float:
    t, g = tokens(truth), tokens(got)
    sm = difflib.SequenceMatcher(None, t, g, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(1, len(t))


def run_engine(name: str, path: Path) -> tuple[str, int]:
    if name == "pypdfium2 bare":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        text = " ".join(p.get_textpage().get_text_range() for p in pdf)
        n = len(pdf)
        pdf.close()
        return text, n
    if name == "pdfplumber bare":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            return " ".join(p.extract_text() or "" for p in pdf.pages), len(pdf.pages)
    from nip_nlp.clean import clean_document
    from nip_nlp.extract import extract_document

    engine = name.split()[1]
    doc = clean_document(extract_document(path, engine=engine, ocr="auto"))
    text = " ".join(ln.text for p in doc.pages for ln in p.lines if not ln.heading)
    return text, doc.n_pages


ENGINES = ("nip-nlp pdfium", "nip-nlp pdfplumber", "pypdfium2 bare", "pdfplumber bare")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--ocr-pages", type=int, default=3)
    args = ap.parse_args()
    import os

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory() as tmp:
        cases = build(Path(tmp), args.pages, args.ocr_pages)
        run_engine("nip-nlp pdfium", cases["table"][0])  # one-time costs (lexicon, imports) out of the timings
        print("| layout | engine | pages | pages/s | token accuracy |")
        print("|---|---|---:|---:|---:|")
        for layout, (path, truth) in cases.items():
            for engine in ENGINES:
                if layout == "image_only_scan" and engine.endswith("bare"):
                    continue  # bare text extraction returns nothing on a scan
                t0 = time.perf_counter()
                text, n = run_engine(engine, path)
                dt = time.perf_counter() - t0
                print(f"| {layout} | {engine} | {n} | {n / dt:.1f} | {accuracy(truth, text):.3f} |", flush=True)


if __name__ == "__main__":
    main()

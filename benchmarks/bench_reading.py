"""Share of each real PDF's words that reach passage text.

    python benchmarks/bench_reading.py [FOLDER]   (default ../shared/pdfs beside the repo)
    python benchmarks/bench_reading.py --generated [DIR]

The second form writes the council documents of ``nip_nlp._councildocs`` (every kind in
its real layout; needs fpdf2) into DIR (a temporary folder if not given) and adds the
expected kind, so the table shows doc_type right or wrong per document.

For every PDF: its words as pypdfium2's plain text gives them, and the share of those
found in the ``text`` of the passages nip-nlp cuts (extract → clean → doc_type → segment),
plus the number of passages, distinct sections and the doc_type. Words that end up only in
a heading or are dropped as running header/footer count as lost (see nip_nlp.wordshare).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nip_nlp.clean import clean_document  # noqa: E402
from nip_nlp.extract import extract_document  # noqa: E402
from nip_nlp.reading import read_document  # noqa: E402
from nip_nlp.wordshare import body_share, furniture_words, pdf_words, share  # noqa: E402


def main(folder: Path, expected: dict[str, str] | None = None) -> None:
    want = " expected |" if expected is not None else ""
    print("| PDF | words | running headers/footers | share of all words in passage text "
          f"| share of body words in passage text | passages | sections | doc_type |{want} seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---|" + ("---|" if want else "") + "---:|")
    right = 0
    for path in sorted(folder.glob("*.pdf")):
        source = pdf_words(path)
        if not source:
            continue  # image-only: nothing to compare against
        t0 = time.perf_counter()
        extracted = extract_document(path, ocr="off")
        reading = read_document(clean_document(extracted), document=path.name)
        secs = time.perf_counter() - t0
        texts = [p.text for p in reading.passages]
        furniture = furniture_words(extracted)
        kind = f" {expected.get(path.stem, '?')} |" if expected is not None else ""
        right += expected is not None and expected.get(path.stem) == reading.doc_type
        print(f"| {path.name} | {sum(source.values())} | {sum(furniture.values()) / sum(source.values()):.3f} "
              f"| {share(source, texts):.3f} | {body_share(source, furniture, texts):.3f} | {len(texts)} "
              f"| {len({p.section for p in reading.passages} - {''})} | {reading.doc_type} |{kind} {secs:.1f} |")
    if expected is not None:
        print(f"\ndoc_type right for {right} of {len(expected)} documents")


def generated(folder: Path) -> dict[str, str]:
    """Write the generated council documents; their expected kinds by file stem."""
    from nip_nlp._councildocs import documents

    folder.mkdir(parents=True, exist_ok=True)
    return {cd.write(folder).stem: cd.kind for cd in documents()}


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--generated"]:
        import tempfile

        out = Path(args[1]) if len(args) > 1 else Path(tempfile.mkdtemp(prefix="council_"))
        main(out, generated(out))
    else:
        main(Path(args[0]) if args else ROOT.parent / "shared" / "pdfs")

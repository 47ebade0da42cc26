"""Share of each real PDF's words that reach passage text.

    python benchmarks/bench_reading.py [FOLDER]   (default ../shared/pdfs beside the repo)

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


def main(folder: Path) -> None:
    print("| PDF | words | running headers/footers | share of all words in passage text "
          "| share of body words in passage text | passages | sections | doc_type | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
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
        print(f"| {path.name} | {sum(source.values())} | {sum(furniture.values()) / sum(source.values()):.3f} "
              f"| {share(source, texts):.3f} | {body_share(source, furniture, texts):.3f} | {len(texts)} "
              f"| {len({p.section for p in reading.passages} - {''})} | {reading.doc_type} | {secs:.1f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "pdfs")

"""Build sample/*.pdf from the project's own text in sample/src/*.md.

    python scripts/make_sample.py          # needs fpdf2 (pip install -e ".[test]")

The concept is set as a two-column brochure with a running header, page-numbered footer
and hyphenated line breaks; the minutes as a one-column document with header and footer.
The PDFs are committed, so users and CI do not need to run this.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nip_nlp._pdfgen import SHY, Block, Layout, make_pdf, parse_markdown  # noqa: E402

# Break long compounds after common German morpheme ends, as a typesetter's dictionary would.
_BREAK = re.compile(r"(?<=[a-zäöüß]{3})(ungs|ions|heits|keits|schafts|tions|ände|amts)(?=[a-zäöüß]{4})")


def hyphenate(text: str) -> str:
    return _BREAK.sub(lambda m: m.group(1) + SHY, text)


def build(src: Path, out_dir: Path) -> Path:
    meta, blocks = parse_markdown(src.read_text("utf-8"))
    blocks = [Block(b.kind, hyphenate(b.text), b.level, b.rows) if b.kind in ("para", "item") else b for b in blocks]
    layout = Layout(columns=2 if meta.get("layout") == "concept" else 1, header=meta.get("header", ""),
                    footer="Seite {page}", meta={"title": meta.get("title", ""), "creator": "nip-nlp make_sample"})
    return make_pdf(out_dir / f"{src.stem}.pdf", blocks, layout)


def main() -> None:
    for src in sorted((ROOT / "sample" / "src").glob("*.md")):
        print(build(src, ROOT / "sample"))


if __name__ == "__main__":
    main()

"""Generate German test PDFs with known text: one or two columns, running headers and
footers, hyphenated line breaks, tables, scans, encryption.

Used by tests, the benchmarks and ``scripts/make_sample.py``; needs fpdf2 (a test
dependency, not needed at run time). Every PDF is built from blocks whose text is known,
so extraction can be scored against the truth.

Soft hyphens (U+00AD) in the input mark where a word may be broken at a line end; the
generator prints a visible "-" there, as a typesetter would, so the extractor has to undo
it. Core PDF fonts (Helvetica) are used so no font files are needed; they cover German.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SHY = "\u00ad"
_LATIN1_SUBST = {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                 "·": "-", "€": "EUR"}


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "para" | "table" | "item"
    text: str = ""
    level: int = 1
    rows: tuple[tuple[str, ...], ...] = ()
    style: str | None = None  # font style of a para ("", "B", "I", "BI"); None = the layout's body style


@dataclass
class Layout:
    columns: int = 1
    header: str = ""  # running header on every page
    footer: str = "Seite {page}"  # running footer, {page} is replaced
    font_size: float = 10.5
    interleave: bool = False  # two columns written row by row: content order ≠ reading order
    page_height: float = 297.0
    margins: tuple[float, float, float, float] = (20.0, 22.0, 20.0, 22.0)  # left, top, right, bottom (mm)
    gutter: float = 8.0
    meta: dict[str, str] = field(default_factory=dict)
    body_style: str = ""  # "B": every line bold, as some producers write whole documents
    heading_style: str = "B"  # "I": headings slanted in the body face
    heading_grow: bool = True  # False: headings at body size, set off by style alone


def latin1(text: str) -> str:
    """Core fonts cover Latin-1; typographic quotes and dashes are replaced."""
    for a, b in _LATIN1_SUBST.items():
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def plain(text: str) -> str:
    """The text a perfect extractor should return for ``text`` (soft hyphens dropped)."""
    return latin1(text).replace(SHY, "")


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Greedy line breaking; a word that does not fit is split at its last soft hyphen that
    still fits on the line, as a typesetter would."""
    fits = lambda s: pdf.get_string_width(s.replace(SHY, "")) <= width  # noqa: E731
    lines: list[str] = []
    cur = ""
    for word in text.split():
        while True:
            cand = f"{cur} {word}" if cur else word
            if fits(cand):
                cur = cand
                break
            parts = word.split(SHY)
            for i in range(len(parts) - 1, 0, -1):
                head = "".join(parts[:i]) + "-"
                if fits(f"{cur} {head}" if cur else head):
                    lines.append(f"{cur} {head}" if cur else head)
                    cur, word = "", SHY.join(parts[i:])
                    break
            else:
                if not cur:  # too long even for an empty line: let it overflow
                    cur = word
                    break
                lines.append(cur)
                cur = ""
    if cur:
        lines.append(cur)
    return [ln.replace(SHY, "") for ln in lines]


def _lines(pdf, blocks: list[Block], width: float, size: float, lay: Layout | None = None
           ) -> list[tuple[str, str, float, float]]:
    """Blocks → (text, style, size, space_before) display lines for one column width."""
    lay = lay or Layout()
    out: list[tuple[str, str, float, float]] = []
    for b in blocks:
        if b.kind == "heading":
            hs = size + {1: 6, 2: 3, 3: 1.5}.get(b.level, 1) if lay.heading_grow else size
            pdf.set_font("Helvetica", lay.heading_style, hs)
            for i, ln in enumerate(_wrap(pdf, latin1(b.text).replace(SHY, ""), width)):
                out.append((ln, lay.heading_style, hs, size * 1.4 if i == 0 else 0))
        elif b.kind == "table":
            pdf.set_font("Helvetica", "", size)
            ncol = max(len(r) for r in b.rows)
            for i, row in enumerate(b.rows):
                cells = [latin1(c) for c in row] + [""] * (ncol - len(row))
                out.append(("\t".join(cells), "T", size, size * 0.8 if i == 0 else 0))
        else:
            style = lay.body_style if b.style is None else b.style
            pdf.set_font("Helvetica", style, size)
            prefix = "- " if b.kind == "item" else ""
            for i, ln in enumerate(_wrap(pdf, prefix + latin1(b.text), width)):
                out.append((ln, style, size, size * 0.8 if i == 0 else 0))
    return out


def make_pdf(path: Path, blocks: list[Block], layout: Layout | None = None) -> Path:
    """Write ``blocks`` as a PDF at ``path`` and return the path."""
    from fpdf import FPDF

    lay = layout or Layout()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for k, v in lay.meta.items():
        getattr(pdf, f"set_{k}")(v)
    left, top, right, bottom = lay.margins
    page_w = 210.0
    col_w = (page_w - left - right - lay.gutter * (lay.columns - 1)) / lay.columns
    pt = 0.3528  # mm per point
    lines = _lines(pdf, blocks, col_w, lay.font_size, lay)
    y_max = lay.page_height - bottom

    # Place lines into (page, column, y) slots first, then draw them in the chosen content order.
    placed: list[tuple[int, int, float, tuple[str, str, float, float]]] = []
    page, col, y = 1, 0, top
    for ln in lines:
        h = ln[2] * pt * 1.35
        gap = ln[3] * pt
        if y + gap + h > y_max:
            col += 1
            y = top
            gap = 0
            if col >= lay.columns:
                page, col = page + 1, 0
        y += gap
        placed.append((page, col, y, ln))
        y += h
    n_pages = max((p for p, *_ in placed), default=1)
    for pno in range(1, n_pages + 1):
        pdf.add_page()
        if lay.header:
            pdf.set_font("Helvetica", "", 8)
            pdf.text(left, 12, latin1(lay.header))
        if lay.footer:
            pdf.set_font("Helvetica", "", 8)
            pdf.text(page_w / 2 - 8, lay.page_height - 10, latin1(lay.footer.format(page=pno)))
        on_page = [p for p in placed if p[0] == pno]
        if lay.interleave:
            on_page.sort(key=lambda p: (round(p[2], 1), p[1]))
        for _, c, yy, (text, style, size, _) in on_page:
            x = left + c * (col_w + lay.gutter)
            base = yy + size * pt
            if style == "T":
                pdf.set_font("Helvetica", "", size)
                cells = text.split("\t")
                cw = col_w / len(cells)
                for i, cell in enumerate(cells):
                    pdf.text(x + i * cw, base, cell)
            else:
                pdf.set_font("Helvetica", style, size)
                pdf.text(x, base, text)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_scanned_pdf(src: Path, dst: Path, dpi: int = 200) -> Path:
    """Render every page of ``src`` to an image and write a PDF of images only (no text
    layer), as a scanner would."""
    import io

    import pypdfium2 as pdfium
    from fpdf import FPDF

    doc = pdfium.PdfDocument(str(src))
    out = FPDF(format="A4", unit="mm")
    for page in doc:
        img = page.render(scale=dpi / 72, grayscale=True).to_pil()
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        out.add_page()
        out.image(buf, x=0, y=0, w=210, h=297)
    doc.close()
    dst = Path(dst)
    out.output(str(dst))
    return dst


def make_encrypted_pdf(dst: Path, user_password: str = "geheim") -> Path:
    """A PDF that needs a password to open."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 30, "Vertrauliche Vorlage")
    pdf.output(str(dst))
    return Path(dst)


def make_blank_pdf(dst: Path, pages: int = 1) -> Path:
    """Pages without any text or image."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
    pdf.output(str(dst))
    return Path(dst)


def parse_markdown(text: str) -> tuple[dict[str, str], list[Block]]:
    """The small Markdown subset of ``sample/src``: front matter, ``#`` headings, paragraphs,
    ``- `` list items and ``|``-tables."""
    meta: dict[str, str] = {}
    body = text
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        for line in head.splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
    blocks: list[Block] = []
    table: list[tuple[str, ...]] = []
    for chunk in body.split("\n\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("#"):
            level = len(chunk) - len(chunk.lstrip("#"))
            blocks.append(Block("heading", chunk.lstrip("#").strip(), level=level))
        elif chunk.startswith("|"):
            for row in chunk.splitlines():
                cells = tuple(c.strip() for c in row.strip().strip("|").split("|"))
                if not all(set(c) <= set("-: ") for c in cells):
                    table.append(cells)
            blocks.append(Block("table", rows=tuple(table)))
            table = []
        elif chunk.startswith("- "):
            for item in chunk.split("\n- "):
                blocks.append(Block("item", " ".join(item.removeprefix("- ").split())))
        else:
            blocks.append(Block("para", " ".join(chunk.split())))
    return meta, blocks

"""PDF → pages of positioned lines, every line stamped with its page.

Two engines, chosen by measurement (see docs/extraction.md and benchmarks/bench_extract.py):

* ``pdfium`` (default): pypdfium2, a dependency of pdfplumber. It reads text in content
  order at hundreds of pages per second and keeps the columns of designed brochures apart
  when they are stored column by column, which is how layout programs write them. Lines
  are rebuilt from its character boxes; where two columns share a baseline (content order
  ≠ reading order) the line is cut at the gutter and the columns are put in reading order.
* ``pdfplumber``: pdfplumber's layout analysis, cropping each column before reading it. An
  order of magnitude slower; kept for comparison and as an option.

Pages with too little text are handed to OCR (``nip_nlp.ocr``) when ``ocr`` allows it.
Every problem with the file becomes a :class:`~nip_nlp.errors.DocumentError` with a stable
reason code; problems with single pages make the document ``partial`` instead.
"""

from __future__ import annotations

import re
import statistics
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

from . import config
from .errors import (
    CorruptPdfError,
    DocumentError,
    EmptyFileError,
    EncryptedPdfError,
    NoTextError,
    NotPdfError,
    OcrFailedError,
    OcrUnavailableError,
    PageTooLargeError,
    TooManyPagesError,
    UnreadableFileError,
)
from .records import ExtractedDocument, Line, Page

ENGINES = ("pdfium", "pdfplumber")
OCR_MODES = config.OCR_MODES


class Box(NamedTuple):
    """A character or word box in PDF coordinates (origin bottom left, as pdfium gives)."""

    left: float
    bottom: float
    right: float
    top: float


class Word(NamedTuple):
    """A space-separated word: the index of its first and last character on the page's
    text, and its box."""

    first: int
    last: int
    box: Box


@cache
def _calls() -> SimpleNamespace:
    """The pdfium functions read for every character, called without ctypes' argument
    conversion: pypdfium2 declares their argument types, and ctypes then checks and
    converts six arguments a call, 3× the call itself (1.08 against 0.35 µs a box, and a
    page asks for about a thousand). The arguments ``_Chars`` passes are exactly the
    declared C types (the text page handle as pypdfium2 gives it, a C int index, pointers
    from ``byref``), so nothing is lost by not converting them; restypes stay declared.
    ``tests/test_extract.py`` reads every line of its layouts and the real PDFs both ways."""
    import ctypes

    import pypdfium2.raw as raw

    def unchecked(name: str):
        declared = getattr(raw, name)
        # the library's own function class, so that the calling convention stays its own
        f = type(declared)(ctypes.cast(declared, ctypes.c_void_p).value)
        f.argtypes, f.restype = None, declared.restype
        return f

    names = ("FPDFText_GetCharBox", "FPDFText_GetFontInfo", "FPDFText_GetFontSize", "FPDFText_GetMatrix",
             "FPDFText_GetFontWeight")
    calls = SimpleNamespace(**{n.removeprefix("FPDFText_"): unchecked(n) for n in names})
    if hasattr(raw, "FPDFText_GetTextObject"):
        calls.GetTextObject = unchecked("FPDFText_GetTextObject")
        calls.GetTextObject.restype = ctypes.c_void_p  # its address is all that is needed: a key
    else:  # an older pdfium: every character's style is read
        calls.GetTextObject = lambda h, i: None
    return calls


def _checked_calls() -> SimpleNamespace:
    """The same functions as pypdfium2 declares them (for tests)."""
    import pypdfium2.raw as raw

    return SimpleNamespace(GetCharBox=raw.FPDFText_GetCharBox, GetFontInfo=raw.FPDFText_GetFontInfo,
                           GetFontSize=raw.FPDFText_GetFontSize, GetMatrix=raw.FPDFText_GetMatrix,
                           GetFontWeight=raw.FPDFText_GetFontWeight, GetTextObject=lambda h, i: None)


class _Chars:
    """Boxes and fonts of one text page's characters through pdfium's C calls with buffers
    made once: pypdfium2's ``get_charbox`` allocates four doubles a call, and a page asks
    for thousands of boxes (the largest single cost of extraction in the profile)."""

    def __init__(self, tp) -> None:
        import ctypes

        import pypdfium2.raw as raw

        self.tp, self._h, self._c = tp, tp.raw, _calls()
        self._v = [ctypes.c_double() for _ in range(4)]
        self._refs = [ctypes.byref(v) for v in self._v]
        self._font = ctypes.create_string_buffer(128)
        self._flags, self._size = ctypes.c_int(0), ctypes.c_ulong(128)  # the buffer size is an unsigned long
        self._matrix = raw.FS_MATRIX()
        self._flags_ref, self._matrix_ref = ctypes.byref(self._flags), ctypes.byref(self._matrix)
        self._styles: dict[int, _Style] = {}  # by text object, for this page

    def box(self, i: int) -> Box:
        left, right, bottom, top = self._v
        if not self._c.GetCharBox(self._h, i, *self._refs):  # order: left, right, bottom, top
            raise RuntimeError(f"pdfium has no box for character {i}")
        return Box(left.value, bottom.value, right.value, top.value)

    def style(self, index: int) -> _Style:
        """``char_style`` of a character, read once per text object: font, size, weight and
        matrix belong to the text object in pdfium (every character of one ``Tj`` shares
        them), and a page's lines ask for two or three styles each."""
        obj = self._c.GetTextObject(self._h, index)
        if obj is None:
            return self.char_style(index)
        got = self._styles.get(obj)
        if got is None:
            got = self._styles[obj] = self.char_style(index)
        return got

    def char_style(self, index: int) -> _Style:
        """Font of one character. The size is the effective one (font size × text matrix
        scale): some producers set every font to size 1 and scale with the matrix. Italic
        includes a skewed matrix, which is how some layouts slant a heading set in the body
        font."""
        import ctypes

        c, h = self._c, self._h
        self._flags.value = 0
        n = c.GetFontInfo(h, index, self._font, self._size, self._flags_ref)
        if n > 128:  # too long to be written: read as the empty buffer it would be when fresh
            ctypes.memset(self._font, 0, 128)
        font = base_font(self._font.raw[: max(0, n - 1)].decode("latin-1", "replace") if n else "")
        m = self._matrix
        skew = 0.0
        size = c.GetFontSize(h, index)
        if c.GetMatrix(h, index, self._matrix_ref) and m.d:
            skew = abs(m.c / m.d)
            if size <= 1.5:  # size 1 scaled by the matrix
                size *= abs(m.d)
        weight = int(c.GetFontWeight(h, index))
        name = font.lower()
        bold = weight >= 600 or "bold" in name or "black" in name
        italic = skew > 0.1 or bool(self._flags.value & 64) or "italic" in name or "oblique" in name
        return _Style(round(size, 1), bold, font, max(weight, 0), italic)


def _union(boxes: list[Box]) -> Box:
    lefts, bottoms, rights, tops = zip(*boxes)  # one pass; four generators cost 5× (profile)
    return Box(min(lefts), min(bottoms), max(rights), max(tops))


def sniff(path: Path) -> None:
    """Reject files that are not PDFs before any parser sees them, with a reason a person
    can act on."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise UnreadableFileError(f"cannot read file: {e.strerror or e}") from e
    if not head:
        raise EmptyFileError("file has 0 bytes")
    if b"%PDF-" not in head:
        if _pdfium_opens(path):
            return  # a damaged header that pdfium reads past: a PDF after all
        if re.search(rb"\d+\s+\d+\s+obj\b", head):  # uncompressed PDF objects are printable, yet no text file
            raise CorruptPdfError("no %PDF- header, but the file holds PDF objects: a damaged PDF "
                                  "(qpdf may repair it: qpdf damaged.pdf repaired.pdf)")
        printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head) / len(head)
        kind = "a text file" if printable > 0.95 else "binary data"
        raise NotPdfError(f"no %PDF- header in the first 1024 bytes; the file looks like {kind}")


def _pdfium_opens(path: Path) -> bool:
    try:
        _open_pdfium(path).close()
    except DocumentError:
        return False
    return True


def _open_pdfium(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise EncryptedPdfError("the PDF is password-protected; decrypt it first (e.g. qpdf --decrypt)") from e
        raise CorruptPdfError(f"pdfium cannot open the file ({msg.strip()}); it may be truncated or damaged") from e


def _pdf_metadata(pdf) -> dict[str, str]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is a nicety; a broken info dict must not fail the file
        return {}
    return {k: str(v) for k, v in meta.items()}


# --- pdfium engine ----------------------------------------------------------------------

def _pdfium_lines(page, number: int) -> list[Line]:
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        if n <= 0:
            return []
        text = tp.get_text_range(0, n)
        if len(text) != n:  # characters outside the BMP: fall back to per-character reads
            text = "".join(chr(raw.FPDFText_GetUnicode(tp.raw, i) or 32) for i in range(n))
        width, height = page.get_size()
        chars = _Chars(tp)
        runs: list[list[Word]] = []
        start = 0
        for m in _LINE_BREAK.finditer(text + "\n"):
            runs.extend(_split_jumps(_words(chars, text, start, m.start())))
            start = m.end()
        gutter = _find_gutter(runs, width)
        if gutter is not None:
            runs = [part for run in runs for part in _split_at(run, gutter)]
        return [ln for run in runs if (ln := _line(chars, text, run, number, height)) is not None]
    finally:
        tp.close()


_LINE_BREAK = re.compile(r"\r\n|[\r\n]")  # pdfium ends its lines with "\r\n"
_WORD = re.compile(r"\S+")  # \S is the complement of str.isspace, as in the text's words


def _words(chars: _Chars, text: str, s: int, e: int) -> list[Word]:
    """Each space-separated word of chars s..e. Boxes come from the first and last
    character only: per-character boxes cost 4× the time. (``_Chars.box`` inlined: this
    loop reads most of a page's boxes.)"""
    out = []
    get, h, refs = chars._c.GetCharBox, chars._h, chars._refs
    lv, rv, bv, tv = chars._v
    new = tuple.__new__  # Word and Box made without their Python-level __new__ (hot loop)
    for w in _WORD.finditer(text, s, e):
        k, j = w.start(), w.end() - 1
        if not get(h, k, *refs):
            raise RuntimeError(f"pdfium has no box for character {k}")
        al, ar, ab, at = lv.value, rv.value, bv.value, tv.value
        if j != k:
            if not get(h, j, *refs):
                raise RuntimeError(f"pdfium has no box for character {j}")
            bl, br, bb, bt = lv.value, rv.value, bv.value, tv.value
        else:
            bl, br, bb, bt = al, ar, ab, at
        if br - al > (j - k + 1) * 7 + 12 or br < al or "\ufffe" in text[k:j]:
            # Implausibly wide or backwards: pdfium glued text of two columns without a
            # space. Fall back to character boxes for this word.
            out.extend(_glued(chars, k, j))
        else:  # min and max as conditionals (same value, first one on ties): builtins cost more here
            out.append(new(Word, (k, j, new(Box, (al, ab if ab <= bb else bb, ar if ar >= br else br,
                                                  at if at >= bt else bt)))))
    return out


def _glued(chars: _Chars, k: int, j: int) -> list[Word]:
    boxes = [chars.box(i) for i in range(k, j + 1)]
    out, start = [], 0
    for i in range(1, len(boxes) + 1):
        if i == len(boxes) or boxes[i].left > boxes[i - 1].right + 12 or boxes[i].right < boxes[i - 1].left:
            part = boxes[start:i]
            # the left edge is the first character's, as in _words (not the minimum)
            out.append(Word(k + start, k + i - 1, _union(part)._replace(left=part[0].left)))
            start = i
    return out


def _split_jumps(chars: list[Word]) -> list[list[Word]]:
    """pdfium joins text that shares a baseline, even across columns, and follows content
    order. A step back to the left or onto another baseline starts a new run."""
    if not chars:
        return []
    heights = sorted(w.box.top - w.box.bottom for w in chars)
    ch = heights[len(heights) // 2] or 8.0
    runs, cur = [], [chars[0]]
    for prev, nxt in zip(chars, chars[1:]):
        a, b = prev.box, nxt.box
        if b.right < a.left - 2 or abs((a.bottom + a.top) / 2 - (b.bottom + b.top) / 2) > 0.7 * ch:
            runs.append(cur)
            cur = []
        cur.append(nxt)
    runs.append(cur)
    return runs


def _find_gutter(runs: list[list[Word]], width: float) -> float | None:
    """The x of a white vertical strip in the middle third of the page that separates text on
    both sides in most lines: a two-column page. Table gaps do not qualify because tables
    are a small share of a page's lines."""
    lo, hi = int(width * 0.3), int(width * 0.7)
    if len(runs) < 6 or hi <= lo:
        return None
    delta = [0] * (hi - lo + 2)  # difference array: +1 where a word starts, -1 after it ends
    for run in runs:
        for w in run:
            a, b = max(lo, int(w.box.left)), min(hi, int(w.box.right) + 1)
            if a < b:
                delta[a - lo] += 1
                delta[b - lo] -= 1
    covered, c = [], 0
    for d in delta[: hi - lo]:
        c += d
        covered.append(c)
    # A centred page number or one overlong line may cross the gutter: tolerate a few.
    tolerance = max(1, int(0.03 * len(runs)))
    best, best_len, cur_start = None, 0, None
    for x, c in enumerate([*covered, 10**9]):
        if c <= tolerance and cur_start is None:
            cur_start = x
        elif c > tolerance and cur_start is not None:
            if x - cur_start > best_len:
                best, best_len = lo + (cur_start + x) / 2, x - cur_start
            cur_start = None
    if best is None or best_len < 6:
        return None
    left = sum(1 for run in runs if run[0].box.left < best)
    right = sum(1 for run in runs if run[-1].box.right > best)
    both = sum(1 for run in runs if _crosses(run, best))
    if left < 3 or right < 3:
        return None
    # Lines that reach across the strip (full-width titles) are few on a column page; or
    # they all have a gap exactly there and carry running text on both sides (two columns
    # sharing baselines). Table rows have gaps too but short cells, so they stay whole.
    if both <= 0.15 * len(runs) + 1 or _all_cut(runs, best):
        return best
    return None


def _crosses(run: list[Word], x: float) -> bool:
    return run[0].box.left < x < run[-1].box.right


def _cut_at(run: list[Word], x: float) -> int | None:
    """The index of the first word right of a gap at ``x``, if the run has one there."""
    return next((k for k in range(1, len(run)) if run[k - 1].box.right <= x <= run[k].box.left), None)


def _all_cut(runs: list[list[Word]], gutter: float) -> bool:
    """True when every run crossing ``gutter`` has a gap there with text of running-line
    length (not table cells) on both sides."""
    sides = []
    for run in runs:
        if _crosses(run, gutter):
            k = _cut_at(run, gutter)
            if k is None:
                if len(run) < 8:  # a short crossing line: a centred page number or title
                    continue
                return False
            sides.append(min(k, len(run) - k))
    sides.sort()
    return bool(sides) and sides[len(sides) // 2] >= 3  # words


def _split_at(run: list[Word], gutter: float) -> list[list[Word]]:
    k = _cut_at(run, gutter)
    return [run] if k is None else [run[:k], run[k:]]


def _line(chars: _Chars, text: str, run: list[Word], number: int, height: float) -> Line | None:
    a, b = run[0].first, run[-1].last + 1
    # U+FFFE (pdfium's line-end hyphen) is kept: clean decides whether to join the word.
    t = text[a:b].replace("\r", " ").replace("\n", " ").strip()
    if not t:
        return None
    # The style most of the line is set in: first, middle and last word (a formula symbol or
    # a bold lead word alone does not make a line bold or italic).
    style = chars.style(run[0].first)
    middle = chars.style(run[len(run) // 2].first)
    if middle != style:  # when the first two agree the last cannot outvote them: skip its call
        votes = [style, middle, chars.style(run[-1].last)]
        style = max(votes, key=votes.count)
    box = _union([w.box for w in run])
    return Line(text=t, page=number, x0=box.left, x1=box.right, top=height - box.top, bottom=height - box.bottom,
                size=style.size, bold=style.bold, font=style.font, weight=style.weight, italic=style.italic)


class _Style(NamedTuple):
    size: float
    bold: bool
    font: str
    weight: int
    italic: bool


def base_font(name: str) -> str:
    """"ABCDEF+Arial-BoldMT" → "Arial-BoldMT": the subset tag names the embedding, not the font."""
    return name.split("+", 1)[-1] if len(name) > 7 and name[6] == "+" else name


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """Put the lines of a two-column page in reading order (left column, then right) when
    they arrive interleaved. Full-width lines (titles, headers) cut the page into bands that
    are read one after the other."""
    if len(lines) < 6:
        return lines
    mid = width / 2
    left = [ln for ln in lines if ln.x1 <= mid + 2]
    right = [ln for ln in lines if ln.x0 >= mid - 2]
    if len(left) < 3 or len(right) < 3:
        return lines
    side = ["L" if ln.x1 <= mid + 2 else "R" if ln.x0 >= mid - 2 else "F" for ln in lines]
    lr = [s for s in side if s != "F"]
    switches = sum(a != b for a, b in zip(lr, lr[1:]))
    if switches <= 3:  # already column by column (one switch per band is normal)
        return lines
    out: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        out.extend(sorted((ln for ln in band if ln.x1 <= mid + 2), key=lambda ln: ln.top))
        out.extend(sorted((ln for ln in band if ln.x1 > mid + 2), key=lambda ln: ln.top))
        band.clear()

    for ln, s in sorted(zip(lines, side), key=lambda p: p[0].top):
        if s == "F":
            flush()
            out.append(ln)
        else:
            band.append(ln)
    flush()
    return out


# --- pdfplumber engine ------------------------------------------------------------------

def _plumber_lines(page, number: int) -> list[Line]:
    """pdfplumber with column cropping: each column is read on its own so that lines of two
    columns are not interleaved."""
    words = page.extract_words(keep_blank_chars=False, extra_attrs=["size", "fontname"])
    if not words:
        return []
    mid = page.width / 2
    crossing = sum(1 for w in words if w["x0"] < mid - 4 and w["x1"] > mid + 4)
    two_col = crossing < 0.02 * len(words) and sum(w["x1"] <= mid for w in words) > 0.25 * len(words) \
        and sum(w["x0"] >= mid for w in words) > 0.25 * len(words)
    regions = [(0, 0, mid, page.height), (mid, 0, page.width, page.height)] if two_col \
        else [(0, 0, page.width, page.height)]
    out: list[Line] = []
    for bbox in regions:
        region = page.crop(bbox, relative=False, strict=False)
        for tl in region.extract_text_lines(return_chars=True, strip=True):
            chars = [c for c in tl["chars"] if c["text"].strip()]
            if not chars:
                continue
            sizes = [round(c["size"], 1) for c in chars]
            fonts = [base_font(c.get("fontname", "")) for c in chars]
            font = max(set(fonts), key=fonts.count)
            m = chars[len(chars) // 2].get("matrix") or (1, 0, 0, 1)
            skewed = abs(m[2]) > 0.1 * abs(m[3] or 1)  # slanted by the text matrix, as pdfium's _style
            out.append(Line(text=tl["text"], page=number, x0=tl["x0"], x1=tl["x1"], top=tl["top"],
                            bottom=tl["bottom"], size=statistics.median(sizes),
                            bold=sum("bold" in f.lower() for f in fonts) > len(fonts) / 2, font=font,
                            italic=skewed or any(w in font.lower() for w in ("italic", "oblique"))))
    return out


# --- the document -----------------------------------------------------------------------

def extract_document(path: Path, *, ocr: str = config.OCR_MODE, max_pages: int = config.MAX_PAGES,
                     engine: str = "pdfium") -> ExtractedDocument:
    """Read ``path`` into pages of lines. Raises a DocumentError for files that yield
    nothing; returns a document with ``partial_reason`` set when only some pages failed."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}")
    path = Path(path)
    sniff(path)
    pdf = _open_pdfium(path)
    try:
        total = len(pdf)
        if total == 0:
            raise CorruptPdfError("the PDF has no pages")
        n = min(total, max_pages)
        partial: list[str] = []
        if total > max_pages:
            partial.append(str(TooManyPagesError(f"{total} pages, read the first {max_pages} (raise --max-pages)")))
        plumber = None
        if engine == "pdfplumber":
            import pdfplumber

            plumber = pdfplumber.open(str(path))
        pages: list[Page | None] = []
        need_ocr: list[int] = []
        failed: list[int] = []
        for i in range(n):
            try:
                pg = pdf[i]
                w, h = pg.get_size()
                if plumber is not None:
                    lines = _plumber_lines(plumber.pages[i], i + 1)
                else:
                    lines = reading_order(_pdfium_lines(pg, i + 1), w)
            except Exception:  # one damaged page must not cost the others
                failed.append(i + 1)
                pages.append(None)
                continue
            chars = sum(len(ln.text) for ln in lines)
            if ocr == "force" or chars < config.MIN_CHARS_TEXT_PAGE:
                need_ocr.append(i)
            pages.append(Page(number=i + 1, width=w, height=h, lines=tuple(lines), label=_page_label(pdf, i)))
        if plumber is not None:
            plumber.close()
        warnings: list[str] = []
        too_large: list[str] = []
        if need_ocr and ocr != "off":
            from .ocr import OcrUnavailable, ocr_page

            for i in need_ocr:
                try:
                    lines = ocr_page(pdf[i], i + 1)
                except OcrUnavailable as e:
                    if all(p is None or p.number - 1 in need_ocr for p in pages):
                        raise OcrUnavailableError(f"{len(need_ocr)} page(s) have no text layer and {e}") from e
                    partial.append(str(OcrUnavailableError(
                        f"{len(need_ocr)} page(s) without text layer were skipped: {e}")))
                    break
                except PageTooLargeError as e:  # refused before rendering: not damage
                    too_large.append(e.message)
                    continue
                except Exception as e:  # an unrenderable page
                    failed.append(i + 1)
                    warnings.append(str(OcrFailedError(f"page {i + 1}: {e}")))
                    continue
                old = pages[i]
                if old is not None and (lines or ocr == "force"):
                    pages[i] = Page(number=old.number, width=old.width, height=old.height, lines=tuple(lines),
                                    ocr=True, label=old.label)
        good = [p for p in pages if p is not None]
        if not any(p.lines for p in good):
            if failed and not good:
                raise CorruptPdfError(f"none of the {n} page(s) could be read")
            if too_large:
                raise PageTooLargeError("; ".join(too_large))
            if ocr == "off":
                raise NoTextError(f"none of the {n} page(s) has a text layer (image-only scan?) and OCR is off; "
                                  "run with --ocr auto")
            raise NoTextError(f"no text found on any of the {n} page(s), not even by OCR")
        if failed:
            partial.append(str(CorruptPdfError(f"page(s) {_ranges(failed)} could not be read")))
        partial.extend(str(PageTooLargeError(e)) for e in too_large)
        if ocr == "off" and need_ocr:
            warnings.append(str(NoTextError(f"page(s) {_ranges([i + 1 for i in need_ocr])} have no text layer; "
                                            "OCR is off")))
        return ExtractedDocument(path=str(path), pages=tuple(good), engine=engine, metadata=_pdf_metadata(pdf),
                                 warnings=tuple(warnings), partial_reason="; ".join(partial))
    finally:
        pdf.close()


def _page_label(pdf, index: int) -> str:
    """The PDF's own page label ("iv", "120"), '' when it defines none."""
    try:
        return pdf.get_page_label(index) or ""
    except Exception:  # older pypdfium2 or a broken /PageLabels tree: labels are a nicety
        return ""


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    out, start = [], None
    for a, b in zip(numbers, [*numbers[1:], None]):
        start = a if start is None else start
        if b != a + 1:
            out.append(f"{start}-{a}" if a != start else str(a))
            start = None
    return ", ".join(out)

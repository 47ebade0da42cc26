"""Frozen records passed between the pipeline stages.

Every piece of text is stamped with its 1-based page number when it is created, so that
provenance survives cleaning, segmentation and classification.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One text line on a page, in reading order."""

    text: str
    page: int
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # median font size of the line's characters (0 = unknown, e.g. OCR)
    bold: bool = False
    heading: int = 0  # 0 = body text, 1..3 = heading level (set by clean)
    font: str = ""  # base font name without subset tag ("Arial-BoldMT")
    weight: int = 0  # font weight as the font declares it (0 = unknown); only comparable within a document
    italic: bool = False  # slanted: italic font or a skewed text matrix


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    ocr: bool = False  # True when the lines came from OCR, not the text layer
    label: str = ""  # printed page number ("120"), or the PDF's page label; '' when none


@dataclass(frozen=True)
class ExtractedDocument:
    path: str
    pages: tuple[Page, ...]
    engine: str  # which extractor produced the text layer
    metadata: dict[str, str] = field(default_factory=dict)  # PDF info dict (Title, Author, ...)
    warnings: tuple[str, ...] = ()  # "reason_code: message" notes that did not stop extraction
    partial_reason: str = ""  # set when some pages could not be read: "reason_code: message"

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.ocr)


@dataclass(frozen=True)
class Passage:
    """A unit of classification: a paragraph under its section heading or agenda item."""

    document: str
    index: int  # 0-based position within the document
    page: int  # page on which the passage starts
    section: str
    text: str
    page_label: str = ""  # printed page number of ``page`` (see Page.label)
    speaker: str = ""  # a speech: who speaks ("Stadträtin Dr. Meier")
    party: str = ""  # a speech: the speaker's group, normalised ("GRÜNE")
    decision: str = ""  # minutes: the agenda item's decision code (segment.DECISIONS)
    kind: str = "prose"  # "prose", "agenda" (an agenda item's title), "speech", "form" (not classified)

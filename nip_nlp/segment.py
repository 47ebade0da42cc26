"""Cleaned pages → passages.

Integration concepts are cut into paragraphs under their section heading; minutes into
agenda items (TOPs), each paragraph of an item carrying the item's number and title as its
section, so that a commitment found in minutes points to the meeting's agenda item.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from . import config
from .records import ExtractedDocument, Line, Passage

# "TOP 5", "TOP 5.2:", "Top 12 a", "Tagesordnungspunkt 3", "Ö 4", "Ö 4.1", "N 2" (non-public),
# "Punkt 7 der Tagesordnung". The number must be followed by a separator or title so that
# running text such as "Top-Thema" or "Ö-Strom" is not taken for an agenda item.
AGENDA_ITEM = re.compile(
    r"""^\s*(?:
        (?:TOP|Top|T\.O\.P\.|Tagesordnungspunkt|TO-Punkt|Punkt)\s*(?P<n1>\d{1,3}(?:\.\d{1,2})*(?:\s?[a-z])?)
      | (?P<oe>[ÖN]|Ö\s?-?\s?TOP)\s*(?P<n2>\d{1,3}(?:\.\d{1,2})*)
      | (?P<n3>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?=(?:Beschluss|Bericht|Anfrage|Antrag|Genehmigung|Mitteilung|Eröffnung|Verschiedenes|Einwohnerfragestunde)\b)
    )\s*(?:[:.)–-]\s*|\s+)(?P<title>.*)$""",
    re.VERBOSE,
)
VORLAGE = re.compile(
    r"(?:Vorlage|Drucksache|Drs\.|DS|Beschlussvorlage|Vorlagen-Nr\.?)\s*(?:Nr\.?\s*)?[:\s]*(?P<num>[A-Z]{0,3}\s?\d[\w/.-]*)",
)
_SENTENCE_END = re.compile(r"[.!?:;“”\"«»)]\s*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


@dataclass
class _Block:
    page: int
    section: str
    lines: list[str]
    heading: bool = False
    ended: bool = False  # the block was closed by a gap, not by a page break

    @property
    def text(self) -> str:
        return " ".join(s.strip() for s in self.lines if s.strip())


def agenda_item(line: str) -> tuple[str, str] | None:
    """(number, title) when ``line`` opens an agenda item, else None."""
    m = AGENDA_ITEM.match(line)
    if not m:
        return None
    number = (m.group("n1") or m.group("n2") or m.group("n3") or "").replace(" ", "")
    if m.group("oe"):
        number = f"Ö {number}" if m.group("oe").startswith("Ö") else f"N {number}"
    title = (m.group("title") or "").strip()
    if len(title) > 200:  # a sentence that happens to start with "Punkt 3" is no agenda item
        return None
    return number, title


def _gap_threshold(lines: list[Line]) -> float:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.page == a.page and b.top > a.bottom - 1]
    gaps = [g for g in gaps if g >= 0]
    if not gaps:
        return float("inf")
    # Paragraph gaps are rarer than line gaps: the median is the line gap.
    return statistics.median(gaps) * 1.8 + 1.5


def _blocks(doc: ExtractedDocument, minutes: bool) -> list[_Block]:
    lines = [ln for p in doc.pages for ln in p.lines if ln.text.strip()]
    threshold = _gap_threshold(lines)
    blocks: list[_Block] = []
    section = ""
    topic = ""  # the current heading, used as section within an agenda item
    cur: _Block | None = None
    prev: Line | None = None

    def close(ended: bool = True) -> None:
        nonlocal cur
        if cur and cur.lines:
            cur.ended = ended
            blocks.append(cur)
        cur = None

    for ln in lines:
        text = ln.text.strip()
        item = agenda_item(text) if minutes else None
        if item:
            close()
            number, title = item
            section = f"TOP {number}" if not number[0] in "ÖN" else number
            if title:
                section += f": {title}"
            topic = section
            blocks.append(_Block(ln.page, section, [text], heading=True))
            prev = ln
            continue
        if ln.heading:
            close()
            if minutes and topic:
                section = topic  # headings inside an agenda item stay part of it
            else:
                section = text
            # Consecutive heading lines (a wrapped heading) form one section title.
            # A numbered line or a change of level starts a new heading ("3 Handlungsfelder"
            # directly followed by "3.1 Netzwerke").
            wrapped = (blocks and blocks[-1].heading and prev is not None and prev.heading == ln.heading
                       and prev.page == ln.page and not re.match(r"\d", text))
            if wrapped:
                blocks[-1].lines.append(text)
                if not (minutes and topic):
                    section = blocks[-1].text
                    blocks[-1].section = section
            else:
                blocks.append(_Block(ln.page, section, [text], heading=True))
            prev = ln
            continue
        if minutes and blocks and blocks[-1].heading and cur is None and VORLAGE.search(text) and len(text) < 120:
            # The Vorlage/Drucksache number printed under an agenda item's title belongs to it.
            blocks[-1].lines.append(text)
            section = f"{section} ({text})" if text not in section else section
            blocks[-1].section = section
            topic = section
            prev = ln
            continue
        new_para = cur is None
        if cur is not None and prev is not None:
            if ln.page != prev.page:
                # A paragraph runs on over the page break unless the last one ended a sentence.
                new_para = bool(_SENTENCE_END.search(prev.text))
                if new_para:
                    close(ended=True)
            elif ln.top - prev.bottom > threshold:
                new_para = True
                close()
        if new_para and cur is None:
            cur = _Block(ln.page, section, [])
        assert cur is not None
        cur.lines.append(text)
        prev = ln
    close()
    return blocks


def _split_long(text: str, max_words: int) -> list[str]:
    if len(text.split()) <= max_words:
        return [text]
    parts, cur, n = [], [], 0
    for sent in _SENTENCE_SPLIT.split(text):
        w = len(sent.split())
        if cur and n + w > max_words:
            parts.append(" ".join(cur))
            cur, n = [], 0
        cur.append(sent)
        n += w
    if cur:
        parts.append(" ".join(cur))
    return parts


def _merge_short(blocks: Iterable[_Block], min_chars: int) -> list[_Block]:
    out: list[_Block] = []
    for b in blocks:
        if b.heading:
            out.append(b)
            continue
        prev = out[-1] if out else None
        if prev is not None and not prev.heading and prev.section == b.section and len(prev.text) < min_chars:
            prev.lines.extend(b.lines)
            continue
        out.append(b)
    return out


def segment(
    doc: ExtractedDocument,
    *,
    document: str,
    minutes: bool = False,
    min_chars: int = config.MIN_PASSAGE_CHARS,
    max_words: int = config.MAX_PASSAGE_WORDS,
) -> list[Passage]:
    """Cut a cleaned document into passages.

    Headings are not passages of their own (they become the ``section`` of what follows),
    except agenda-item titles in minutes, which often carry the topic alone ("TOP 4:
    Fortschreibung des Integrationskonzepts") and so are classified too.
    """
    passages: list[Passage] = []
    for b in _merge_short(_blocks(doc, minutes), min_chars):
        if b.heading and not (minutes and agenda_item(b.lines[0])):
            continue
        for piece in _split_long(b.text, max_words):
            if piece.strip():
                passages.append(Passage(document, len(passages), b.page, b.section, piece.strip()))
    return passages

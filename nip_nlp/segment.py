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
from .forms import form_field
from .records import ExtractedDocument, Line, Passage
from .speech import decision, speech

# "TOP 5", "TOP 5.2:", "Top 12 a", "Tagesordnungspunkt 3", "Ö 4", "Ö 4.1", "N 2" (non-public),
# "Punkt 4.1 der Tagesordnung: …", "zu Punkt 4", "zu TOP 4". The number must be followed by a
# separator or title so that running text such as "Top-Thema" or "Ö-Strom" is not taken for
# an agenda item.
AGENDA_ITEM = re.compile(
    r"""^\s*(?:zu\s+)?(?:
        (?:TOP|Top|T\.O\.P\.|Tagesordnungspunkt|TO-Punkt|Punkt)\s*(?P<n1>\d{1,3}(?:\.\d{1,2})*(?:\s?[a-z](?![\wäöüß]))?)
        (?:\s+der\s+(?:öffentlichen\s+|nichtöffentlichen\s+)?Tagesordnung)?
      | (?P<oe>[ÖN]|Ö\s?-?\s?TOP)\s*(?P<n2>\d{1,3}(?:\.\d{1,2})*)
      | (?P<n3>\d{1,2}(?:\.\d{1,2})?)\.?\s+(?=(?:Beschluss|Bericht|Anfrage|Antrag|Genehmigung|Mitteilung|Eröffnung|Verschiedenes|Einwohnerfragestunde)\b)
    )(?:\s*[:.)–-]\s*|\s+|$)(?P<title>.*)$""",
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
    kind: str = "prose"  # see Passage.kind
    speaker: str = ""
    party: str = ""
    item: int = -1  # index of the agenda item the block belongs to (minutes), -1 = none

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


def _item_section(number: str, title: str) -> str:
    section = f"TOP {number}" if not number[0] in "ÖN" else number
    return f"{section}: {title}" if title else section


def _gap_threshold(lines: list[Line]) -> float:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.page == a.page and b.top > a.bottom - 1]
    gaps = [g for g in gaps if g >= 0]
    if not gaps:
        return float("inf")
    # Paragraph gaps are rarer than line gaps: the median is the line gap.
    return statistics.median(gaps) * 1.8 + 1.5


def _continues(above: Line, ln: Line) -> bool:
    """``ln`` is the next line of the same block as ``above``: same page, same style, no gap."""
    return (ln.page == above.page and (ln.size, ln.bold, ln.italic) == (above.size, above.bold, above.italic)
            and ln.top - above.bottom <= 0.8 * (ln.size or ln.bottom - ln.top))


# A paragraph opening like this is the record of the meeting, not the previous speaker's words.
_NARRATIVE = re.compile(r"^(?:Beschluss|Abstimmung|Ergebnis"
                        r"|Der\s+(?:Gemeinderat|Rat|Ausschuss|Kreistag|Ortschaftsrat|Bezirksbeirat)"
                        r"|Die\s+(?:Verwaltung|Sitzung)|Es\s+wird)\b")
_TITLE_LIKE = re.compile(r"^[^.!?]{3,150}$")


@dataclass
class _State:
    """What the lines read so far say about the line to come."""

    section: str = ""
    topic: str = ""  # the current agenda item's section: headings inside an item stay part of it
    item: int = -1
    untitled: bool = False  # an agenda item printed without title ("TOP 4.1"): the next line names it
    speaker: str = ""
    party: str = ""
    form: bool = False  # inside a run of form fields (a Vorlage's header table)


def _blocks(doc: ExtractedDocument, minutes: bool, forms: bool = False) -> list[_Block]:
    """Lines → blocks: headings, agenda items, form fields and paragraphs, each paragraph
    carrying its section, agenda item and speaker. ``forms``: look for form fields on every
    page (Vorlagen, Anträge); otherwise only on the first page."""
    lines = [ln for p in doc.pages for ln in p.lines if ln.text.strip()]
    threshold = _gap_threshold(lines)
    first_page = lines[0].page if lines else 0
    blocks: list[_Block] = []
    st = _State()
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
        field = form_field(text) if (forms or ln.page == first_page) and not item else None
        if item:
            close()
            number, title = item
            st.item += 1
            st.section = st.topic = _item_section(number, title)
            st.untitled, st.speaker, st.party, st.form = not title, "", "", False
            blocks.append(_Block(ln.page, st.section, [text], heading=True, kind="agenda", item=st.item))
            prev = ln
            continue
        if st.untitled and cur is None and _TITLE_LIKE.match(text) and not VORLAGE.match(text):
            # "TOP 4.1" on a line of its own, the title on the next one.
            st.untitled = False
            blocks[-1].lines.append(text)
            st.section = st.topic = f"{st.section}: {text}"
            blocks[-1].section = st.section
            prev = ln
            continue
        st.untitled = False
        title_goes_on = (minutes and blocks and blocks[-1].kind == "agenda" and cur is None and prev is not None
                         and _continues(prev, ln) and not prev.text.rstrip().endswith((".", ":"))
                         and _TITLE_LIKE.match(text) is not None and len(text.split()) <= 12)
        if minutes and blocks and blocks[-1].heading and cur is None and (
                VORLAGE.search(text) and len(text) < 120 or title_goes_on):
            # The Vorlage/Drucksache number printed under an agenda item's title, or the
            # title's second line, belongs to the item.
            blocks[-1].lines.append(text)
            addition = f"({text})" if VORLAGE.match(text) else text
            st.section = f"{st.section} {addition}" if text not in st.section else st.section
            blocks[-1].section = st.topic = st.section
            prev = ln
            continue
        if field or (st.form and (cur is None or cur.kind == "form") and len(text.split()) <= 8
                     and re.search(r"\d", text)):
            # A form field, or a row of the table under one (Beratungsfolge: body, date, role).
            if not (cur is not None and cur.kind == "form"):
                close()
                cur = _Block(ln.page, st.section, [], kind="form", item=st.item)
            cur.lines.append(text)
            st.form = True
            prev = ln
            continue
        if cur is not None and cur.kind == "form":
            close()
        st.form = False
        if ln.heading:
            close()
            st.speaker = st.party = ""
            st.section = st.topic if minutes and st.topic else text
            # Consecutive heading lines (a wrapped heading) form one section title.
            # A numbered line or a change of level starts a new heading ("3 Handlungsfelder"
            # directly followed by "3.1 Netzwerke").
            wrapped = (blocks and blocks[-1].heading and prev is not None and prev.heading == ln.heading
                       and _continues(prev, ln) and not re.match(r"\d", text))
            if wrapped:
                blocks[-1].lines.append(text)
                if not (minutes and st.topic):
                    st.section = blocks[-1].text
                    blocks[-1].section = st.section
            else:
                blocks.append(_Block(ln.page, st.section, [text], heading=True, item=st.item))
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
        if cur is not None and prev is not None and _SENTENCE_END.search(prev.text) and speech(text):
            # A speech opens mid-paragraph where minutes run speeches on without a gap.
            close()
            new_para = True
        if new_para and cur is None:
            who = speech(text)
            if who:
                st.speaker, st.party = who
            elif _NARRATIVE.match(text):
                st.speaker = st.party = ""
            cur = _Block(ln.page, st.section, [], kind="speech" if st.speaker else "prose",
                         speaker=st.speaker, party=st.party, item=st.item)
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
    """A paragraph shorter than ``min_chars`` is joined with the next one of the same kind,
    section and speaker (a caption with its text; never a form field with prose)."""
    out: list[_Block] = []
    for b in blocks:
        if b.heading:
            out.append(b)
            continue
        prev = out[-1] if out else None
        if (prev is not None and not prev.heading and len(prev.text) < min_chars
                and (prev.section, prev.kind, prev.speaker) == (b.section, b.kind, b.speaker)):
            prev.lines.extend(b.lines)
            continue
        out.append(b)
    return out


def _decisions(blocks: list[_Block]) -> dict[int, str]:
    """Agenda item index → the decision code found in the item's text."""
    texts: dict[int, list[str]] = {}
    for b in blocks:
        if b.item >= 0:
            texts.setdefault(b.item, []).append(b.text)
    return {i: decision(" ".join(t)) for i, t in texts.items()}


def segment(
    doc: ExtractedDocument,
    *,
    document: str,
    minutes: bool = False,
    forms: bool = False,
    min_chars: int = config.MIN_PASSAGE_CHARS,
    max_words: int = config.MAX_PASSAGE_WORDS,
) -> list[Passage]:
    """Cut a cleaned document into passages.

    Headings are not passages of their own (they become the ``section`` of what follows),
    except agenda-item titles in minutes, which often carry the topic alone ("TOP 4:
    Fortschreibung des Integrationskonzepts") and so are classified too. Every passage of
    an agenda item carries the item's decision; speeches carry speaker and party; form
    fields (``forms``: on every page, else on the first page only) are passages of kind
    ``form``, which are not classified.
    """
    blocks = _merge_short(_blocks(doc, minutes, forms), min_chars)
    decided = _decisions(blocks) if minutes else {}
    labels = {p.number: p.label for p in doc.pages}
    passages: list[Passage] = []
    pending: list[str] = []  # headings waiting for the passage they head
    for b in blocks:
        if b.heading and b.kind != "agenda":
            pending.append(b.text)
            continue
        text = _headed(pending, b.text)
        pending = []
        for piece in _split_long(text, max_words):
            if piece.strip():
                passages.append(Passage(document, len(passages), b.page, b.section, piece.strip(),
                                        page_label=labels.get(b.page, ""), speaker=b.speaker, party=b.party,
                                        decision=decided.get(b.item, ""), kind=b.kind))
    if pending and blocks:  # headings at the very end (an empty chapter) still reach the text
        b = blocks[-1]
        passages.append(Passage(document, len(passages), b.page, b.section, _headed(pending, ""),
                                page_label=labels.get(b.page, "")))
    return passages


def _headed(headings: list[str], text: str) -> str:
    """A passage's text with the headings over it in front ("Sprache und Bildung. Die Stadt
    …"): the heading is in ``section`` too, but its words belong to the document's text
    and often name the topic the classifier looks for."""
    parts = [h if h.rstrip().endswith((".", ":", "!", "?")) else f"{h}." for h in headings]
    return " ".join([*parts, text]).strip()

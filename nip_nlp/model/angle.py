"""Does a text have a migration angle? A word-stem lexicon (``data/migration_terms.json``).

The commitments concern the integration of immigrants, so a passage that neither names
nor sits under anything migration-related addresses none of them, however much it talks
about schools, volunteering or reports. Measured on a random real council archive, such
passages were most of the classifier's false positives (volunteering → K4, any report →
K10, police → K9 ...). The lexicon is the gate in front of the classifier, and the
document's agenda item or title can open it for passages that do not repeat the term.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .. import config

# OCR misreads umlauts and ß in scans ("Fliichtlinge", "MaBnahmen"); the gate must still
# open for them, so each letter of a stem also matches its common misreadings.
_OCR_VARIANTS = {"ü": "(?:ü|u|ii|ue)", "ä": "(?:ä|a|&|ae)", "ö": "(?:ö|o|6|oe)", "ß": "(?:ß|b|ss)"}


def _stem_pattern(stem: str) -> str:
    whole = stem.startswith("=")
    body = "".join(_OCR_VARIANTS.get(ch, re.escape(ch)) for ch in stem.lstrip("="))
    body = body.replace(r"\ ", r"[\s-]+")  # a line break or hyphen between words of a phrase
    return body + (r"(?!\w)" if whole else "")


@dataclass(frozen=True)
class MigrationLexicon:
    stems: tuple[str, ...]
    not_integration: tuple[str, ...]

    @classmethod
    @cache
    def default(cls) -> MigrationLexicon:
        data = json.loads(resources.files("nip_nlp").joinpath("data/migration_terms.json").read_text("utf-8"))
        return cls(tuple(data["stems"]), tuple(data["not_integration"]))

    @property
    def _stem_rx(self) -> re.Pattern:
        return _compiled(self.stems)

    @property
    def _not_rx(self) -> re.Pattern:
        return _compiled(self.not_integration)

    def terms(self, text: str) -> list[str]:
        """The migration-related words of ``text`` (lowercased), in order."""
        # Line-end hyphens left in corpus or OCR text ("Zugewan- derte") would hide a stem.
        low = _HYPHEN_BREAK.sub(r"\1\2", text.lower())
        hits = [m.group(0) for m in self._stem_rx.finditer(low)]
        # "Integration" alone is about immigrants unless it is one of the other senses.
        blocked = [m.span() for m in self._not_rx.finditer(low)]
        for m in _INTEGRATION.finditer(low):
            if not any(a <= m.start() < b for a, b in blocked):
                hits.append(m.group(0))
        return hits

    def has_angle(self, text: str) -> bool:
        """``bool(self.terms(text))``, stopping at the first stem found, with the stems
        grouped by their first letter (``_grouped``): the same strings match, tried a
        group at a time instead of a stem at a time at every word."""
        low = _HYPHEN_BREAK.sub(r"\1\2", text.lower())
        if _grouped(self.stems).search(low):
            return True
        found = [m.start() for m in _INTEGRATION.finditer(low)]
        if not found:
            return False
        blocked = [m.span() for m in self._not_rx.finditer(low)]
        return any(not any(a <= i < b for a, b in blocked) for i in found)


_INTEGRATION = re.compile(r"(?<!\w)integration\w*")
_HYPHEN_BREAK = re.compile(r"(\w)-\s+(?!und\b|oder\b|bzw\b)(\w)")


@cache
def _compiled(stems: tuple[str, ...]) -> re.Pattern:
    # Longest first, so that the reported term is the most specific one. The word-start
    # check stands once in front of the alternation: inside each of ~180 alternatives it
    # made the gate a quarter of a document's processing time (29x slower, measured).
    return re.compile(r"(?<!\w)(?:" + "|".join(_stem_pattern(s) for s in sorted(stems, key=len, reverse=True)) + ")")


@cache
def _grouped(stems: tuple[str, ...]) -> re.Pattern:
    """The stems' expression (``_compiled``) with the alternatives factored by first letter,
    "(?:a(?:syl|…)|b(?:…)|…)": it matches the same strings (each group is its stems'
    alternatives behind their common letter), so a search finds a match where the plain
    one does; only which alternative is reported may differ, which ``terms`` keeps to the
    plain expression. On a council archive, whose words mostly start no stem, the plain
    expression tried all 182 alternatives at every word."""
    groups: dict[str, list[str]] = {}
    plain: list[str] = []
    for stem in sorted(stems, key=len, reverse=True):
        first = stem.lstrip("=")[:1]
        if first.isalpha() and first not in _OCR_VARIANTS:
            groups.setdefault(first, []).append(_stem_pattern(stem)[len(re.escape(first)):])
        else:
            plain.append(_stem_pattern(stem))
    parts = [re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()] + plain
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def has_angle(text: str) -> bool:
    return MigrationLexicon.default().has_angle(text)


def eligible(texts: Sequence[str], sections: Sequence[str] | None = None, title: str | Sequence[str] = "",
             units: Sequence[object] | None = None, min_share: float = config.UNIT_ANGLE_SHARE,
             lexicon: MigrationLexicon | None = None) -> np.ndarray:
    """Which passages the classifier may assign commitments to: those with a migration
    angle in their own text, their section or agenda item, their document's ``title``
    (one for all, or one a passage; give "" for minutes, whose title names the body, not
    the subject), or a ``unit`` (e.g. the agenda item, or the whole document) in which at
    least ``min_share`` of the passages have one. The unit carries the angle to passages
    that do not repeat it: in an integration concept, "Die Stadt baut die
    Sprachförderung in Kitas aus" is about immigrant children; in a school Vorlage, not."""
    lex = lexicon or MigrationLexicon.default()
    n = len(texts)
    own = _angles(lex, texts)
    out = own.copy()
    # Sections and titles repeat over a document's passages: each distinct one is read once.
    if sections is not None:
        out |= _angles(lex, sections)
    out |= _angles(lex, [title] * n if isinstance(title, str) else title)
    if units is not None and n:
        _, unit, size = np.unique(np.asarray(list(units), dtype=str), return_inverse=True, return_counts=True)
        hits = np.bincount(unit, weights=own, minlength=len(size))
        out |= ((hits / size >= min_share) & (hits > 0))[unit]
    return out


def _angles(lex: MigrationLexicon, texts: Sequence[str]) -> np.ndarray:
    seen: dict[str, bool] = {}
    for t in texts:
        if t not in seen:
            seen[t] = bool(t) and lex.has_angle(t)
    return np.array([seen[t] for t in texts], dtype=bool)


def document_eligible(texts: Sequence[str], sections: Sequence[str], doc_type: str, title: str = "") -> np.ndarray:
    """``eligible`` with a document's context. The unit is the section or agenda item:
    in minutes one integration item sits among twenty others, and in a programme or plan
    one integration chapter among many (measured on a real municipal election programme:
    with the whole document as the unit, its school and housing chapters were opened and
    38 % of its passages labelled). The title counts for every kind but minutes, whose
    title names the body, not the subject."""
    return eligible(texts, sections, "" if doc_type == "minutes" else title, units=sections)

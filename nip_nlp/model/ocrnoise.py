"""Deterministic OCR-style damage of German text.

Used to augment training data and to measure how much scores move on damaged text. The
substitutions are the misreadings seen in scanned municipal material (and in the project's
seed scan): umlauts read as base letters or look-alike digits, ß as B, line-end hyphens
left in the middle of words, stray marks.
"""

from __future__ import annotations

import random

_SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "ü": ("u", "ii", "ti", "û"),
    "ö": ("o", "6", "é"),
    "ä": ("a", "&", "d"),
    "Ü": ("U", "Ui"),
    "Ö": ("O", "0"),
    "Ä": ("A",),
    "ß": ("B", "fs", "ss"),
}
_SHAPES: dict[str, tuple[str, ...]] = {"rn": ("m",), "l": ("1", "I"), "e": ("c",), ",": (".",), "i": ("í",)}

# One rate for training augmentation and for the robustness figures of evaluation and the
# model card, so that the card describes the damage the model was trained against.
RATE = 0.6


def damage(text: str, rate: float = RATE, seed: int = 0) -> str:
    """Return ``text`` as a poor OCR might have read it.

    ``rate`` is the chance that an umlaut or ß is misread; other damage (broken
    hyphenation, shape confusions, lost spaces) is applied at a tenth of that rate.
    """
    rng = random.Random(seed)
    out: list[str] = []
    i = 0
    minor = rate / 10
    while i < len(text):
        ch = text[i]
        if ch in _SUBSTITUTES and rng.random() < rate:
            out.append(rng.choice(_SUBSTITUTES[ch]))
        elif text.startswith("rn", i) and rng.random() < minor:
            out.append("m")
            i += 1
        elif ch in _SHAPES and rng.random() < minor:
            out.append(rng.choice(_SHAPES[ch]))
        elif ch == " " and rng.random() < minor:
            pass  # a lost space glues two words
        elif ch.isalpha() and i > 3 and text[i - 4 : i].isalpha() and rng.random() < minor / 3:
            out.append("- " + ch)  # an unjoined line-end hyphen in the middle of a word
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def augment_ocr(df, fraction: float, seed: int):  # -> pandas.DataFrame
    """Append OCR-damaged copies of a seeded sample of rows; copies keep labels and doc."""
    import pandas as pd

    if fraction <= 0:
        return df.assign(augmented=False)
    sample = df.sample(frac=fraction, random_state=seed)
    copies = sample.copy()
    copies["text"] = [damage(t, seed=seed + i) for i, t in enumerate(sample["text"])]
    copies["id"] = copies["id"] + "~ocr"
    return pd.concat([df.assign(augmented=False), copies.assign(augmented=True)], ignore_index=True)

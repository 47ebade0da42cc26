"""The ten commitments (K1–K10), kept as data in ``data/commitments.json``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Commitment:
    id: str
    label_de: str
    label_en: str
    description_de: str
    description_en: str
    keywords: tuple[str, ...]


@cache
def load_commitments() -> tuple[Commitment, ...]:
    raw = json.loads(resources.files("nip_nlp").joinpath("data/commitments.json").read_text("utf-8"))
    return tuple(
        Commitment(
            id=c["id"],
            label_de=c["label_de"],
            label_en=c["label_en"],
            description_de=c["description_de"],
            description_en=c["description_en"],
            keywords=tuple(c["keywords"]),
        )
        for c in raw["commitments"]
    )


COMMITMENT_IDS: tuple[str, ...] = tuple(f"K{i}" for i in range(1, 11))


def commitments_frame():  # -> pandas.DataFrame; pandas imported lazily for a fast CLI start
    import pandas as pd

    return pd.DataFrame(
        [
            {"id": c.id, "label_de": c.label_de, "label_en": c.label_en,
             "description_de": c.description_de, "description_en": c.description_en}
            for c in load_commitments()
        ]
    )


# Labels travel in two forms: lists of ids (corpus, "K1;K10" in passages.csv) and a 0/1
# matrix with a column a commitment (estimators, coverage). These two functions are the
# only conversions between them.
def label_matrix(label_lists: Iterable[Iterable[str]]):  # -> numpy int array (n × 10)
    """[["K1", "K10"], []] → [[1, 0, …, 1], [0, …, 0]]."""
    import numpy as np

    rows = [set(labels) for labels in label_lists]
    return np.array([[int(k in r) for k in COMMITMENT_IDS] for r in rows], dtype=int).reshape(-1, len(COMMITMENT_IDS))


def label_strings(assigned: Iterable[Iterable]) -> list[str]:
    """Rows of the 0/1 (or boolean) matrix → "K1;K10" strings, "" for none."""
    return [";".join(k for k, on in zip(COMMITMENT_IDS, row) if on) for row in assigned]

"""What a run produces: the column lists of its tables, one document's result and the
run's tables as DataFrames. Plain data; the stages that fill them live elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .catalog import COMMITMENT_IDS

K = list(COMMITMENT_IDS)

DOCUMENT_COLUMNS = ["document", "status", "reason", "pages", "ocr_pages", "passages", "doc_type", "title",
                    "municipality", "year", "body", "meeting_date", "sha256", "bytes", "engine", "spacy_pipeline",
                    "model", "vorlage"]
PASSAGE_COLUMNS = ["document", "passage", "page", "section", "text", *K, "labels", "page_label", "speaker", "party",
                   "decision", "kind"]
READING_FIELDS = ["page_label", "speaker", "party", "decision", "kind"]  # Passage fields carried as they are
EVIDENCE_COLUMNS = ["document", "commitment", "rank", "passage", "page", "section", "score", "terms", "text"]


@dataclass(frozen=True)
class DocumentResult:
    row: dict
    passages: pd.DataFrame | None  # PASSAGE_COLUMNS; None once streamed to disk
    evidence: pd.DataFrame | None  # EVIDENCE_COLUMNS; None once streamed to disk
    summary: dict  # coverage.document_summary: count / share / max_score per commitment
    seconds: float = 0.0

    def renamed(self, name: str) -> DocumentResult:
        """The same result under another file name (a cached copy of identical content)."""
        def assign(df: pd.DataFrame | None) -> pd.DataFrame | None:
            return None if df is None else df.assign(document=name)

        return DocumentResult({**self.row, "document": name}, assign(self.passages), assign(self.evidence),
                              self.summary, self.seconds)

    def light(self) -> DocumentResult:
        """Without passages and evidence (the passage texts: what grows with an archive of
        integration reports): what the runner keeps in memory per document once both are
        in its cache."""
        return DocumentResult(self.row, None, None, self.summary, self.seconds)

    def to_json(self) -> dict:
        """Plain data (what the cache stores and worker processes send); passages and
        evidence None for a ``light`` result."""
        def table(df: pd.DataFrame | None) -> dict | None:
            return None if df is None else split_frame(df)

        return {"row": self.row, "passages": table(self.passages), "evidence": table(self.evidence),
                "summary": self.summary, "seconds": self.seconds}

    @classmethod
    def from_json(cls, d: dict) -> DocumentResult:
        def frame(s: dict | None) -> pd.DataFrame | None:
            return None if s is None else pd.DataFrame(s["data"], columns=s["columns"])

        return cls(d["row"], frame(d["passages"]), frame(d["evidence"]), d["summary"], d.get("seconds", 0.0))


def split_frame(df: pd.DataFrame) -> dict:
    """``df.to_dict(orient="split", index=False)``, column by column: pandas boxes every
    cell on its own there (the largest cost of a worker's reply in the profile).
    ``tolist`` gives the same Python values for the columns these tables hold (numbers,
    strings); anything else goes the pandas way (tests/test_results.py compares them)."""
    # numpy numbers and strings; pandas' nullable numbers give pd.NA where to_dict gives None
    if not all(isinstance(dt, np.dtype) and dt.kind in "fiub" or pd.api.types.is_string_dtype(dt) for dt in df.dtypes):
        return df.to_dict(orient="split", index=False)
    cols = [df[c].tolist() for c in df.columns]
    return {"columns": list(df.columns), "data": [list(r) for r in zip(*cols)] if cols else []}


@dataclass(frozen=True)
class AnalysisResult:
    """The tables of one run, as pandas DataFrames (the same as the CSV files)."""

    documents: pd.DataFrame
    passages: pd.DataFrame
    coverage: pd.DataFrame
    evidence: pd.DataFrame
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # coverage_share, coverage_max_score, ...

    @property
    def failed(self) -> pd.DataFrame:
        return self.documents[self.documents.status == "failed"]

    def heatmap(self, measure: str = "count"):  # -> pandas.io.formats.style.Styler
        """The coverage matrix coloured like report.html (for notebooks). ``measure``:
        "count" (passages), "share" or "max_score"."""
        from .report import _color

        table = {"count": self.coverage, "share": self.extra["coverage_share"],
                 "max_score": self.extra["coverage_max_score"]}[measure].set_index("document")[K]
        share = self.extra["coverage_share"].set_index("document")[K]
        colors = share.apply(lambda col: [f"background-color: {_color(v)}" if pd.notna(v) and v > 0 else ""
                                          for v in col])
        return table.style.apply(lambda _: colors, axis=None).format(precision=2, na_rep="–")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"documents": self.documents, "passages": self.passages, "coverage": self.coverage,
                **self.extra, "evidence": self.evidence}

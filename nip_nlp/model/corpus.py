"""Reading the annotated corpus (``corpus/``). Code reads the corpus; it never writes it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..catalog import COMMITMENT_IDS, label_matrix
from ..errors import CorpusError
from ..jsonl import read_jsonl

REQUIRED = ("id", "doc", "municipality", "register", "text", "labels", "ocr")
REGISTERS = ("concept", "minutes")
# Context, from corpus round 2 on: the document's kind and title, the heading or agenda
# item a passage sits under. Empty where a record has none.
OPTIONAL = ("doc_type", "doc_title", "section")


def corpus_files(corpus_dir: Path) -> list[Path]:
    files = sorted((Path(corpus_dir) / "passages").glob("*.jsonl"))
    if not files:
        raise CorpusError(f"no passages/*.jsonl under {corpus_dir}")
    return files


def corpus_hash(corpus_dir: Path) -> str:
    """sha256 over the passage files and the split, in name order: the model card's
    record of exactly which corpus a model was trained on."""
    h = hashlib.sha256()
    corpus_dir = Path(corpus_dir)
    for f in [*corpus_files(corpus_dir), corpus_dir / "splits" / "test_docs.txt"]:
        if f.exists():
            h.update(f.relative_to(corpus_dir).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def load_corpus(corpus_dir: Path):  # -> pandas.DataFrame
    """All passages with a ``split`` column ("train" or "test") and one 0/1 column a label."""
    import pandas as pd

    corpus_dir = Path(corpus_dir)
    rows = []
    seen: set[str] = set()
    for f in corpus_files(corpus_dir):
        for where, _, rec in read_jsonl(f, CorpusError, REQUIRED):
            if rec["id"] in seen:
                raise CorpusError(f"{where}: duplicate id {rec['id']}")
            seen.add(rec["id"])
            bad = [lab for lab in rec["labels"] if lab not in COMMITMENT_IDS]
            if bad:
                raise CorpusError(f"{where}: unknown label(s) {bad}")
            if rec["register"] not in REGISTERS:
                raise CorpusError(f"{where}: register must be one of {REGISTERS}")
            if not str(rec["text"]).strip():
                raise CorpusError(f"{where}: empty text")
            rows.append({**{k: rec[k] for k in REQUIRED}, **{k: str(rec.get(k) or "") for k in OPTIONAL},
                         "file": f.name})
    df = pd.DataFrame(rows)
    test_docs = read_test_docs(corpus_dir)
    df["split"] = ["test" if d in test_docs else "train" for d in df["doc"]]
    return with_label_columns(df)


def context_eligible(df):  # (pandas.DataFrame) -> numpy.ndarray
    """The migration-angle gate of each passage with its document's context, the same
    rule the pipeline applies (``angle.document_eligible``). Works on the corpus and on
    labelled real-text files: ``doc`` groups passages (each passage alone without it);
    ``section``, ``doc_title`` and ``doc_type`` are used where present; a record without a
    ``doc_type`` counts as minutes or concept by its ``register``."""
    import numpy as np
    import pandas as pd

    from .angle import document_eligible

    def col(name: str, default: pd.Series | str = "") -> pd.Series:
        if name in df:
            return df[name].fillna("").astype(str)
        return default if isinstance(default, pd.Series) else pd.Series(default, index=df.index)

    docs = col("doc", pd.Series(np.arange(len(df)).astype(str), index=df.index))
    kinds = col("doc_type")
    kinds = kinds.where(kinds != "", col("register"))
    sections, titles, texts = col("section"), col("doc_title"), df["text"].astype(str)
    out = np.zeros(len(df), dtype=bool)
    for idx in docs.groupby(docs.to_numpy(), sort=False).indices.values():
        out[idx] = document_eligible(texts.iloc[idx].tolist(), sections.iloc[idx].tolist(), kinds.iloc[idx[0]],
                                     titles.iloc[idx[0]])
    return out


def with_label_columns(df):  # (pandas.DataFrame) -> pandas.DataFrame
    """``df`` with a 0/1 column a commitment, from its ``labels`` lists."""
    df[list(COMMITMENT_IDS)] = label_matrix(df["labels"])
    return df


def read_test_docs(corpus_dir: Path) -> set[str]:
    path = Path(corpus_dir) / "splits" / "test_docs.txt"
    if not path.exists():
        return set()
    return {ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")}

"""Evaluating a model on a corpus split or a labelled JSONL file, and comparing approaches."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import config
from ..catalog import COMMITMENT_IDS
from ..errors import CorpusError
from ..jsonl import read_jsonl
from .classifier import CommitmentClassifier, LexiconClassifier, assign
from .metrics import brier, expected_calibration_error, macro_f1_interval, report
from .store import Model

REALTEXT_DIR = "realtext"  # under corpus/: real-text evaluation passages, never trained on


def evaluate_frame(model: Model, df):  # -> (pandas.DataFrame, dict)
    """Report on a frame with ``text`` and label columns, plus calibration, OCR and
    real-archive figures (``real_text_measures``). Passages get the migration-angle gate
    with their context (``doc``, ``section``, ``doc_title``, ``doc_type`` where the frame
    has them), as ``nip-nlp run`` gives it to passages of a document."""
    from ..clean import fix_ocr_text
    from ..nlp import lemmatize
    from .corpus import context_eligible
    from .ocrnoise import damage

    est = model.estimator
    Y = df[list(COMMITMENT_IDS)].to_numpy()
    gate = context_eligible(df)
    noisy = [damage(t, seed=config.SEED + i) for i, t in enumerate(df["text"])]
    variants = {
        "clean": df["text"].tolist(),
        "ocr": noisy,
        # What the pipeline does with an OCR'd page: the lexicon-confirmed umlaut correction.
        "ocr_corrected": [fix_ocr_text(t, ocr_page=True) for t in noisy],
    }
    # The gate is decided once, on the clean text: the figures then isolate what OCR
    # damage does to the classifier itself.
    scores = {name: est.predict_proba(lemmatize(texts), gate) for name, texts in variants.items()}
    assigned = {name: assign(S, est.thresholds_) for name, S in scores.items()}
    reports = {name: report(Y, P).set_index("label") for name, P in assigned.items()}
    extra = {"brier": brier(Y, scores["clean"]), "ece": expected_calibration_error(Y, scores["clean"])}
    for name, rep in reports.items():
        for avg in ("micro", "macro"):
            extra[f"{name}_{avg}_f1"] = float(rep.loc[avg, "f1"])
    extra.update(real_text_measures(df, assigned["clean"]))
    extra["macro_f1_low"], extra["macro_f1_high"] = macro_f1_interval(
        Y, assigned["clean"], document_keys(df).to_numpy(), seed=config.SEED)
    return reports["clean"].reset_index(), extra


def document_keys(df):  # (pandas.DataFrame) -> pandas.Series
    """Which source document each passage is from: ``doc``, else ``source_url``, else
    each passage is its own document."""
    import pandas as pd

    for col in ("doc", "source_url"):
        if col in df and df[col].notna().all():
            return df[col].astype(str)
    return pd.Series([f"#{i}" for i in range(len(df))], index=df.index)


def real_text_measures(df, assigned: np.ndarray) -> dict[str, float]:
    """What a researcher reading a coverage matrix needs to trust, on labelled passages:

    - ``offtopic_fp_rate``: of the passages that address no commitment and have no
      migration angle in their own text, the share that got any commitment (a real
      archive is mostly such passages, so this is the matrix's false-coverage rate);
    - ``none_fp_rate``: the same over every passage that addresses no commitment;
    - document level (a document covers K when at least one of its passages is assigned
      K, the rule of coverage.csv): precision, recall and F1 over document × commitment
      cells, ``doc_none_fp_rate``, the share of documents that address no commitment
      and still got coverage, and ``doc_found_rate``, the share of documents that address
      some commitment and got at least one of theirs (is an integration document found?).
    """
    import pandas as pd

    from .angle import MigrationLexicon

    Y = df[list(COMMITMENT_IDS)].to_numpy().astype(bool)
    P = np.asarray(assigned, dtype=bool)
    lex = MigrationLexicon.default()
    none = ~Y.any(axis=1)
    off = none & ~np.array([lex.has_angle(t) for t in df["text"]], dtype=bool)
    keys = document_keys(df).to_numpy()
    Yd = pd.DataFrame(Y, columns=list(COMMITMENT_IDS)).groupby(keys).any()
    Pd = pd.DataFrame(P, columns=list(COMMITMENT_IDS)).groupby(keys).any().loc[Yd.index]
    rep = report(Yd.to_numpy().astype(int), Pd.to_numpy().astype(int)).set_index("label")
    doc_none = ~Yd.any(axis=1).to_numpy()
    found = (Yd.to_numpy() & Pd.to_numpy()).any(axis=1)

    def rate(mask: np.ndarray, hit: np.ndarray) -> float:
        return float(hit[mask].mean()) if mask.any() else float("nan")

    return {
        "passages": int(len(df)), "offtopic_passages": int(off.sum()),
        "offtopic_fp_rate": rate(off, P.any(axis=1)), "none_fp_rate": rate(none, P.any(axis=1)),
        "documents": int(len(Yd)), "documents_without_commitment": int(doc_none.sum()),
        "doc_precision": float(rep.loc["micro", "precision"]), "doc_recall": float(rep.loc["micro", "recall"]),
        "doc_f1": float(rep.loc["micro", "f1"]), "doc_none_fp_rate": rate(doc_none, Pd.any(axis=1).to_numpy()),
        "doc_found_rate": rate(~doc_none, found),
    }


def load_split(split: str, corpus_dir: Path | None = None):  # -> pandas.DataFrame
    """``split`` is "test" / "train" of the corpus, "realtext" (the project's real-text
    evaluation set, ``corpus/realtext/``), a JSONL file with text and labels, or a folder
    of such files."""
    import pandas as pd

    from .corpus import load_corpus, with_label_columns

    corpus_dir = corpus_dir or config.default_corpus_dir()
    p = Path(corpus_dir) / REALTEXT_DIR if split == "realtext" else Path(split)
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p] if p.suffix == ".jsonl" and p.exists() else []
    if files:
        rows = [rec for f in files for _, _, rec in read_jsonl(f, CorpusError, ("text", "labels"))]
        return with_label_columns(pd.DataFrame(rows, columns=None if rows else ["text", "labels"]))
    if split not in ("test", "train"):
        raise CorpusError(f"SPLIT must be 'test', 'train', 'realtext', a .jsonl file or a folder of them, "
                          f"not {split!r}")
    df = load_corpus(corpus_dir)
    return df[df.split == split].reset_index(drop=True)


def format_measures(m: dict) -> str:
    """The figures beside the per-commitment table, as ``nip-nlp evaluate`` prints them."""
    return (f"Brier {m['brier']:.4f}  ECE {m['ece']:.4f}  "
            f"micro F1 clean {m['clean_micro_f1']:.3f} / OCR-damaged {m['ocr_micro_f1']:.3f}  "
            f"macro F1 clean {m['clean_macro_f1']:.3f} / OCR-damaged {m['ocr_macro_f1']:.3f} / "
            f"OCR-damaged after umlaut correction {m['ocr_corrected_macro_f1']:.3f}\n"
            f"macro F1 {m['clean_macro_f1']:.3f}, 95 % bootstrap interval over documents "
            f"{m['macro_f1_low']:.3f}–{m['macro_f1_high']:.3f}\n"
            f"off-topic passages (no commitment, no migration angle) given a commitment: "
            f"{m['offtopic_fp_rate']:.3f} of {m['offtopic_passages']}; all no-commitment passages: "
            f"{m['none_fp_rate']:.3f}\n"
            f"documents ({m['documents']}; a document covers K when one of its passages is assigned K): "
            f"precision {m['doc_precision']:.3f}, recall {m['doc_recall']:.3f}, F1 {m['doc_f1']:.3f}; "
            f"documents addressing no commitment given coverage: {m['doc_none_fp_rate']:.3f} of "
            f"{m['documents_without_commitment']}; documents addressing one found with one of theirs: "
            f"{m['doc_found_rate']:.3f} of {m['documents'] - m['documents_without_commitment']}\n")


def format_report(rep, markdown: bool = False) -> str:
    lines = []
    if markdown:
        lines += ["| label | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
        for r in rep.itertuples():
            lines.append(f"| {r.label} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} | {r.support} |")
    else:
        lines.append(f"{'label':<8}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}")
        for r in rep.itertuples():
            lines.append(f"{r.label:<8}{r.precision:>10.3f}{r.recall:>10.3f}{r.f1:>10.3f}{r.support:>10}")
    return "\n".join(lines) + "\n"


def compare_designs(corpus_dir: Path, real: dict | None = None, designs: tuple[str, ...] = tuple(config.DESIGNS),
                    seed: int = config.SEED):  # -> pandas.DataFrame
    """Train every classifier design on the corpus's training split (no OCR augmentation,
    the same data for all) and measure each on the corpus's held-out test split and on
    every real-text set in ``real`` (name → labelled frame): passage macro/micro F1, the
    off-topic and no-commitment false-positive rates and document-level figures. One row
    a design and set. Thresholds come from the training split only."""
    import pandas as pd

    from ..nlp import lemmatize
    from .corpus import context_eligible, load_corpus

    df = load_corpus(corpus_dir)
    tr = df[df.split == "train"].reset_index(drop=True)
    sets = {"corpus test": df[df.split == "test"].reset_index(drop=True), **(real or {})}
    X = lemmatize(tr["text"].tolist())
    Y = tr[list(COMMITMENT_IDS)].to_numpy()
    gate = context_eligible(tr)
    lemmas = {name: lemmatize(s["text"].tolist()) for name, s in sets.items()}
    rows = []
    for design in designs:
        est = make_estimator(design, seed)
        if isinstance(est, LexiconClassifier):
            est.fit(X, Y)
        else:
            est.fit(X, Y, groups=tr["doc"].tolist(), eligible=gate)
        for name, s in sets.items():
            P = assign(est.predict_proba(lemmas[name], context_eligible(s)), est.thresholds_)
            rep = report(s[list(COMMITMENT_IDS)].to_numpy(), P).set_index("label")
            rows.append({"design": design, "set": name, "macro_f1": rep.loc["macro", "f1"],
                         "micro_f1": rep.loc["micro", "f1"], **real_text_measures(s, P),
                         **{f"{lab}_f1": rep.loc[lab, "f1"] for lab in COMMITMENT_IDS}})
    return pd.DataFrame(rows)


def make_estimator(design: str, seed: int = config.SEED):
    """An unfitted estimator of a design named in ``config.DESIGNS``."""
    if design not in config.DESIGNS:
        raise CorpusError(f"unknown design {design!r}; choose from {', '.join(config.DESIGNS)}")
    params = config.DESIGNS[design]
    if params["approach"] == "lexicon":
        return LexiconClassifier()
    return CommitmentClassifier(random_state=seed, **params)

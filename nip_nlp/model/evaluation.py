"""Evaluating a model on a corpus split or a labelled JSONL file, and comparing approaches."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import config
from ..catalog import COMMITMENT_IDS
from ..errors import CorpusError
from ..jsonl import read_jsonl
from .classifier import assign
from .metrics import brier, expected_calibration_error, report
from .store import Model


def evaluate_frame(model: Model, df):  # -> (pandas.DataFrame, dict)
    """Report on a frame with ``text`` and label columns, plus calibration and OCR figures."""
    from ..clean import fix_ocr_text
    from ..nlp import lemmatize
    from .ocrnoise import damage

    est = model.estimator
    Y = df[list(COMMITMENT_IDS)].to_numpy()
    noisy = [damage(t, seed=config.SEED + i) for i, t in enumerate(df["text"])]
    variants = {
        "clean": df["text"].tolist(),
        "ocr": noisy,
        # What the pipeline does with an OCR'd page: the lexicon-confirmed umlaut correction.
        "ocr_corrected": [fix_ocr_text(t, ocr_page=True) for t in noisy],
    }
    scores = {name: est.predict_proba(lemmatize(texts)) for name, texts in variants.items()}
    reports = {name: report(Y, assign(S, est.thresholds_)).set_index("label") for name, S in scores.items()}
    extra = {"brier": brier(Y, scores["clean"]), "ece": expected_calibration_error(Y, scores["clean"])}
    for name, rep in reports.items():
        for avg in ("micro", "macro"):
            extra[f"{name}_{avg}_f1"] = float(rep.loc[avg, "f1"])
    return reports["clean"].reset_index(), extra


def load_split(split: str, corpus_dir: Path | None = None):  # -> pandas.DataFrame
    """``split`` is "test" / "train" of the corpus, or a JSONL file with text and labels."""
    import pandas as pd

    from .corpus import load_corpus, with_label_columns

    p = Path(split)
    if p.suffix == ".jsonl" and p.exists():
        rows = [rec for _, _, rec in read_jsonl(p, CorpusError, ("text", "labels"))]
        return with_label_columns(pd.DataFrame(rows, columns=None if rows else ["text", "labels"]))
    if split not in ("test", "train"):
        raise CorpusError(f"SPLIT must be 'test', 'train' or an existing .jsonl file, not {split!r}")
    df = load_corpus(corpus_dir or config.default_corpus_dir())
    return df[df.split == split].reset_index(drop=True)


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


def compare_approaches(corpus_dir: Path, approaches=("lexicon", *config.APPROACHES), folds: int = config.COMPARE_FOLDS,
                       augment: float = 0.0, seed: int = config.SEED):  # -> pandas.DataFrame
    """Grouped cross-validation on the train split, same folds for every approach.

    Thresholds are tuned inside each training fold (nested), so the figures are what a
    model trained that way would score on unseen documents.
    """
    import pandas as pd
    from sklearn.model_selection import GroupKFold

    from ..nlp import lemmatize
    from .classifier import CommitmentClassifier, LexiconClassifier
    from .corpus import load_corpus
    from .ocrnoise import augment_ocr

    df = load_corpus(corpus_dir)
    tr = df[df.split == "train"].reset_index(drop=True)
    X = np.array(lemmatize(tr["text"].tolist()), dtype=object)
    Y = tr[list(COMMITMENT_IDS)].to_numpy()
    groups = tr["doc"].to_numpy()
    rows = []
    for approach in approaches:
        P = np.zeros_like(Y)
        for k, (a, b) in enumerate(GroupKFold(folds, shuffle=True, random_state=seed).split(X, groups=groups)):
            if approach == "lexicon":
                est = LexiconClassifier().fit(X[a], Y[a])
            else:
                Xa, Ya, ga = list(X[a]), Y[a], groups[a]
                if augment:
                    aug = augment_ocr(tr.iloc[a].reset_index(drop=True), augment, seed + k)
                    Xa = lemmatize(aug["text"].tolist())
                    Ya, ga = aug[list(COMMITMENT_IDS)].to_numpy(), aug["doc"].to_numpy()
                est = CommitmentClassifier(approach=approach, random_state=seed).fit(Xa, Ya, groups=list(ga))
            P[b] = est.predict(list(X[b]))
        rep = report(Y, P).set_index("label")
        rows.append({"approach": approach, "micro_f1": rep.loc["micro", "f1"], "macro_f1": rep.loc["macro", "f1"],
                     "none_f1": rep.loc["none", "f1"],
                     **{f"{lab}_f1": rep.loc[lab, "f1"] for lab in COMMITMENT_IDS}})
    return pd.DataFrame(rows)

"""Evaluating a model on a corpus split or a labelled JSONL file, and comparing approaches."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import config
from .commitments import COMMITMENT_IDS
from .metrics import brier, expected_calibration_error, report


def evaluate_frame(model, df):  # -> (pandas.DataFrame, dict)
    """Report on a frame with ``text`` and label columns, plus calibration and OCR figures."""
    from .nlp import lemmatize
    from .ocrnoise import damage

    est = model.estimator
    Y = df[list(COMMITMENT_IDS)].to_numpy()
    S = est.predict_proba(lemmatize(df["text"].tolist()))
    P = (S >= est.thresholds_).astype(int)
    rep = report(Y, P)
    noisy = [damage(t, rate=0.6, seed=config.SEED + i) for i, t in enumerate(df["text"])]
    So = est.predict_proba(lemmatize(noisy))
    rep_ocr = report(Y, (So >= est.thresholds_).astype(int))
    # What the pipeline does with an OCR'd page: the lexicon-confirmed umlaut correction.
    from .clean import fix_ocr_text

    Sf = est.predict_proba(lemmatize([fix_ocr_text(t, ocr_page=True) for t in noisy]))
    rep_fix = report(Y, (Sf >= est.thresholds_).astype(int))
    extra = {
        "brier": brier(Y, S),
        "ece": expected_calibration_error(Y, S),
        "clean_micro_f1": float(rep.set_index("label").loc["micro", "f1"]),
        "ocr_micro_f1": float(rep_ocr.set_index("label").loc["micro", "f1"]),
        "clean_macro_f1": float(rep.set_index("label").loc["macro", "f1"]),
        "ocr_macro_f1": float(rep_ocr.set_index("label").loc["macro", "f1"]),
        "ocr_corrected_micro_f1": float(rep_fix.set_index("label").loc["micro", "f1"]),
        "ocr_corrected_macro_f1": float(rep_fix.set_index("label").loc["macro", "f1"]),
    }
    return rep, extra


def load_split(split: str, corpus_dir: Path | None = None):  # -> pandas.DataFrame
    """``split`` is "test" / "train" of the corpus, or a JSONL file with text and labels."""
    import json

    import pandas as pd

    from .corpus import load_corpus
    from .errors import CorpusError

    p = Path(split)
    if p.suffix == ".jsonl" and p.exists():
        rows = []
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                if "text" not in rec or "labels" not in rec:
                    raise CorpusError(f"{p}:{n}: needs 'text' and 'labels'")
                rows.append(rec)
        df = pd.DataFrame(rows)
        for lab in COMMITMENT_IDS:
            df[lab] = [int(lab in labs) for labs in df["labels"]]
        return df
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


def compare_approaches(corpus_dir: Path, approaches=("lexicon", "word_lr", "tfidf_lr", "tfidf_svm"),
                       folds: int = 5, augment: float = 0.0, seed: int = config.SEED):  # -> pandas.DataFrame
    """Grouped cross-validation on the train split, same folds for every approach.

    Thresholds are tuned inside each training fold (nested), so the figures are what a
    model trained that way would score on unseen documents.
    """
    import pandas as pd
    from sklearn.model_selection import GroupKFold

    from .classify import CommitmentClassifier, LexiconClassifier
    from .corpus import load_corpus
    from .nlp import lemmatize
    from .train import augment_ocr

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

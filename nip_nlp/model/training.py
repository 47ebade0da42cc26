"""Training the commitment classifier from ``corpus/`` into a model folder."""

from __future__ import annotations

import datetime as _dt
import platform
from importlib import metadata as _md
from pathlib import Path
from typing import Any, NamedTuple

from .. import config
from ..catalog import COMMITMENT_IDS
from .corpus import context_eligible, corpus_hash, load_corpus
from .ocrnoise import RATE, augment_ocr

_VERSIONED = ("nip-nlp", "scikit-learn", "spacy", "spacy-lookups-data", "numpy", "scipy", "skops", "pandas")


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            out[name] = _md.version(name)
        except _md.PackageNotFoundError:
            out[name] = "not installed"
    return out


class TrainingSplit(NamedTuple):
    """The corpus's train split as the classifier is fitted on it."""

    frame: Any  # pandas.DataFrame: the passages, OCR-damaged copies added ("augmented")
    X: list[str]  # their lemmatised texts
    Y: Any  # numpy array, passages × commitments
    groups: list[str]  # source document of each passage (folds keep a document together)
    eligible: Any  # numpy bool array: the migration-angle gate with context


def training_split(corpus_dir: Path, *, augment: float = config.OCR_AUGMENT, seed: int = config.SEED) -> TrainingSplit:
    from ..nlp import lemmatize

    df = load_corpus(corpus_dir)
    train = df[df.split == "train"].reset_index(drop=True)
    # The gate with context is decided on the clean text; OCR-damaged copies inherit it.
    train = augment_ocr(train.assign(eligible=context_eligible(train)), augment, seed)
    return TrainingSplit(train, lemmatize(train["text"].tolist()), train[list(COMMITMENT_IDS)].to_numpy(),
                         train["doc"].tolist(), train["eligible"].to_numpy())


def fit_on_corpus(corpus_dir: Path, *, approach: str = config.APPROACH, augment: float = config.OCR_AUGMENT,
                  seed: int = config.SEED, **params):
    """Fit on the corpus's train split. Returns (estimator, ``TrainingSplit``, pipeline name)."""
    from ..nlp import pipeline_name
    from .classifier import CommitmentClassifier

    split = training_split(corpus_dir, augment=augment, seed=seed)
    est = CommitmentClassifier(approach=approach, random_state=seed, **params)
    est.fit(split.X, split.Y, groups=split.groups, eligible=split.eligible)
    return est, split, pipeline_name()


def train(corpus_dir: Path, out_dir: Path, *, approach: str = config.APPROACH, augment: float = config.OCR_AUGMENT,
          seed: int = config.SEED) -> dict:
    """Train, evaluate on the held-out test split, and write the model folder. Returns metadata."""
    import numpy as np

    from .classifier import assign
    from .evaluation import REALTEXT_DIR, evaluate_frame, format_report, load_split
    from .metrics import report
    from .store import Model, save_model

    corpus_dir = Path(corpus_dir)
    est, split, nlp_name = fit_on_corpus(corpus_dir, approach=approach, augment=augment, seed=seed)
    originals = ~split.frame["augmented"].to_numpy()
    # every fold assignment's out-of-fold scores, pooled (as the cut-offs were tuned)
    oof = est.oof_scores_[:, originals]
    cv = report(np.tile(split.Y[originals], (len(oof), 1)), assign(oof.reshape(-1, oof.shape[-1]), est.thresholds_))
    df = load_corpus(corpus_dir)
    meta = {
        "name": config.MODEL_NAME,
        "model_version": config.MODEL_VERSION,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "approach": approach,
        "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in est.get_params().items()},
        "seed": seed,
        "ocr_augmentation": augment,
        "spacy_pipeline": nlp_name,
        "corpus_hash": corpus_hash(corpus_dir),
        "corpus_size": {"train": int((df.split == "train").sum()), "test": int((df.split == "test").sum())},
        "labels": list(COMMITMENT_IDS),
        "thresholds": {lab: float(t) for lab, t in zip(COMMITMENT_IDS, est.thresholds_)},
        "versions": library_versions(),
        "metrics": {"cv": _metric_dict(cv)},
    }
    model = Model(est, meta, Path(out_dir))
    test = df[df.split == "test"]
    if len(test):
        rep, extra = evaluate_frame(model, test)
        meta["metrics"]["test"] = _metric_dict(rep)
        meta["metrics"]["test_calibration"] = extra
    # Real text the model never saw (corpus/realtext, a checkout's evaluation set): the
    # figures that say how the model does on real documents, recorded with the model.
    real = corpus_dir / REALTEXT_DIR
    if any(real.glob("*.jsonl")):
        rep, extra = evaluate_frame(model, load_split("realtext", corpus_dir))
        meta["metrics"]["realtext"] = _metric_dict(rep)
        meta["metrics"]["realtext_measures"] = {k: round(v, 4) if isinstance(v, float) else v
                                                for k, v in extra.items()}
    card = model_card(meta, format_report)
    save_model(est, Path(out_dir), meta, card)
    return meta


def _metric_dict(rep) -> dict:
    return {r.label: {"precision": round(r.precision, 4), "recall": round(r.recall, 4), "f1": round(r.f1, 4),
                      "support": int(r.support)} for r in rep.itertuples()}


def model_card(meta: dict, format_report) -> str:
    import pandas as pd

    def table(key: str) -> str:
        m = meta["metrics"].get(key)
        if not m:
            return "_not measured_\n"
        df = pd.DataFrame([{"label": k, **v} for k, v in m.items()])
        return format_report(df, markdown=True)

    versions = "\n".join(f"| {k} | {v} |" for k, v in meta["versions"].items())
    calib = meta["metrics"].get("test_calibration", {})
    real = meta["metrics"].get("realtext_measures")
    real_text = "_no corpus/realtext set at training time_\n" if not real else f"""{table('realtext')}
Off-topic passages (no commitment, no migration angle) given a commitment:
{real['offtopic_fp_rate']:.3f} of {real['offtopic_passages']}; all no-commitment passages: {real['none_fp_rate']:.3f}.
Macro F1, 95 % bootstrap interval over documents: {real.get('macro_f1_low', float('nan')):.3f}–{real.get('macro_f1_high', float('nan')):.3f}
(small set: a commitment with 3–9 positives moves it by points).
Documents ({real['documents']}; a document covers K when one of its passages is assigned
K): precision {real['doc_precision']:.3f}, recall {real['doc_recall']:.3f}; documents that
address no commitment given coverage: {real['doc_none_fp_rate']:.3f} of {real['documents_without_commitment']};
documents that address one found with at least one of theirs: {real.get('doc_found_rate', float('nan')):.3f}.
"""
    return f"""# Model card: {meta['name']} v{meta['model_version']}

Multi-label classifier of German municipal passages against the ten integration
commitments K1–K10 of the Nationaler Integrationsplan (2007). Trained by
`nip-nlp train corpus --out models/{meta['name']}-v{meta['model_version']}` on {meta['created']}.

## Intended use
Finding which commitments a passage of a municipal integration concept, integration
report or council/committee minutes addresses, to build document × commitment coverage
tables with evidence a person checks. Scores are calibrated probabilities; a passage is
assigned a commitment when its score reaches that commitment's threshold (tuned by
cross-validation for F1).

## How it decides
- **Gate**: a passage scores 0 for every commitment unless it has a migration angle: a
  migration-related word stem (`nip_nlp/data/migration_terms.json`) in its own text, in
  its section or agenda item, in its document's title (not for minutes), or in at least
  half of the passages of its section or agenda item.
- **Sentence windows**: a passage's score for a commitment is the highest over the whole
  passage and each run of {meta['params'].get('window')} consecutive sentences, because real passages are
  long and address a commitment in a sentence or two.
- **Thresholds** per commitment from F1 on out-of-fold scores of the training
  passages of at least {meta['params'].get('threshold_min_words')} words (gated like at prediction time; real passages
  are long), false positives weighted {meta['params'].get('threshold_negative_weight')}, the scores of
  {meta['params'].get('threshold_repeats', 1)} assignments of documents to folds pooled; the cut-off is the median of the
  grid points within {meta['params'].get('threshold_plateau', 0.0)} of the best F1 (0: the best point), so that it does
  not hang on which documents shared a fold (`scripts/threshold_stability.py`).

## Not for
Judging the quality or sincerity of a municipality's integration work; texts that are
not German; passage-level decisions without a human looking at the evidence.

## Training
- Approach: `{meta['approach']}`; seed {meta['seed']}; OCR-noise augmentation of
  {meta['ocr_augmentation']:.0%} of training passages.
- spaCy preprocessing: `{meta['spacy_pipeline']}` (the same pipeline should run at prediction time).
- Corpus: `corpus/` hash `{meta['corpus_hash']}`; {meta['corpus_size']['train']} training
  and {meta['corpus_size']['test']} held-out test passages (split by source document).

## Held-out test split
{table('test')}
Calibration on the test split: Brier score {calib.get('brier', float('nan')):.4f},
expected calibration error {calib.get('ece', float('nan')):.4f}; OCR-damaged copies of the
test passages (`nip_nlp.model.ocrnoise`, rate {RATE}): micro F1 {calib.get('ocr_micro_f1', float('nan')):.3f}, after the
pipeline's umlaut correction {calib.get('ocr_corrected_micro_f1', float('nan')):.3f}, against
{calib.get('clean_micro_f1', float('nan')):.3f} clean.

## Real text: `corpus/realtext` (paraphrases of real municipal documents, never trained on)
{real_text}
## Cross-validation on the training split (grouped by document; every fold assignment pooled)
{table('cv')}
## Thresholds
{', '.join(f"{k} {v:.3f}" for k, v in meta['thresholds'].items())}

## Limits
The corpus was written for this project (see `corpus/GUIDELINES.md`, datasheet); real
documents differ in phrasing. Passages that mention migration without municipal action
are negatives by design; "Integration" in the sense of inclusion or IT is not the topic.

## Versions
| package | version |
|---|---|
{versions}
"""

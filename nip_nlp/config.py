"""Defaults in one place. CLI options and API keyword arguments fall back to these."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# Shipped model: models/ at the project root in a checkout, or the copy installed with the
# package (see pyproject's package-data). NIP_NLP_MODEL overrides both.
MODEL_NAME = "nip-commitments"
MODEL_VERSION = "5"  # bump when the corpus, features or estimator change; folder = NAME-vVERSION


def default_model_dir() -> Path:
    env = os.environ.get("NIP_NLP_MODEL")
    if env:
        return Path(env)
    folder = f"{MODEL_NAME}-v{MODEL_VERSION}"
    installed = PACKAGE_DIR / "models" / folder
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "models" / folder


def default_corpus_dir() -> Path:
    return PACKAGE_DIR.parent / "corpus"


# --- extraction -------------------------------------------------------------------------
MAX_PAGES = 2000  # a document longer than this is read up to here and marked partial
OCR_MODES = ("auto", "off", "force")  # OCR pages without a usable text layer / never / every page
OCR_MODE = "auto"
# Measured on the Münster scan (pages 9, 13, 20 against their text layer) and generated
# one- and two-column scans (docs/archive.md): 150 dpi reads as many characters right as
# 300 (99.5 %) in 30 % less time; 200 dpi read 99.4 % there. Tesseract scales each text
# line to its own height anyway; more pixels only cost time.
OCR_DPI = 150
OCR_MAX_MPIXELS = 250  # larger renderings are refused (page_too_large), as ocrmypdf's --max-image-mpixels
OCR_LANG = "deu"
MIN_CHARS_TEXT_PAGE = 25  # fewer extractable characters than this: the page needs OCR
HEADER_FOOTER_MIN_PAGES = 3  # a line must repeat on at least this many pages to be dropped

# --- segmentation -----------------------------------------------------------------------
MIN_PASSAGE_CHARS = 40  # shorter paragraphs are merged into their neighbour
MAX_PASSAGE_WORDS = 250  # longer paragraphs are split at sentence boundaries

# --- classification ---------------------------------------------------------------------
SEED = 20070712  # the day the Nationaler Integrationsplan was presented
EVIDENCE_TOP_N = 3  # passages per document x commitment in evidence.csv
APPROACHES = ("word_lr", "tfidf_lr", "tfidf_svm")  # simplest first, the order `compare` reports them in
APPROACH = "tfidf_lr"
OCR_AUGMENT = 0.3  # share of training passages added again with OCR-style damage
# Classifier designs `nip-nlp compare` trains and measures side by side (estimator
# parameters; "lexicon" is the keyword baseline). CommitmentClassifier's defaults are
# "window_lr", the design `nip-nlp train` ships.
DESIGNS = {
    "lexicon": {"approach": "lexicon"},
    "passage_lr": {"approach": "tfidf_lr", "window": 0, "gate": False, "C": 4.0, "threshold_negative_weight": 2.0},
    "gated_lr": {"approach": "tfidf_lr", "window": 0, "gate": True},
    # v2's thresholds: plain F1 on all training passages, short ones included
    "window_lr_allpassages": {"approach": "tfidf_lr", "window": 3, "gate": True, "threshold_negative_weight": 1.0,
                              "threshold_min_words": 0},
    "window_lr": {"approach": "tfidf_lr", "window": 3, "gate": True},
    "window_svm": {"approach": "tfidf_svm", "window": 3, "gate": True},
}
WINDOW_SENTENCES = 3  # a passage scores the best of its runs of this many sentences (0: whole only)
UNIT_ANGLE_SHARE = 0.5  # a section / agenda item mostly of migration passages opens the gate for all of it
# Thresholds are tuned on out-of-fold scores of the training passages of at least
# THRESHOLD_MIN_WORDS words (real passages are long, see CommitmentClassifier), counting a
# false positive THRESHOLD_NEGATIVE_WEIGHT times. 0.5 favours recall: a person checks the
# evidence behind every coverage cell, so a false passage is seen and dismissed, a missed
# one is never seen; the gate keeps off-topic text out either way (docs/classifier.md).
THRESHOLD_NEGATIVE_WEIGHT = 0.5
THRESHOLD_MIN_WORDS = 40
# The cut-offs are tuned on out-of-fold scores pooled over THRESHOLD_REPEATS assignments of
# the training documents to folds (seeds SEED, SEED+1, ...), as the median of the grid
# points whose F1 is within THRESHOLD_PLATEAU of the best. With one assignment and the best
# point itself, a cut-off moved by 0.08 on average (up to 0.6) with the fold seed: the F1
# curves are flat near their maxima. Chosen on the corpus alone by a rule written down
# before the figures (corpus/pending/README.md; scripts/threshold_stability.py, table in
# docs/classifier.md): now 0.017 on average between disjoint groups of seeds.
THRESHOLD_REPEATS = 3
THRESHOLD_PLATEAU = 0.02

# --- running ----------------------------------------------------------------------------
# Without --workers, one worker process per this many pending pages (at most one per core).
# A spawned worker costs ~5 s of start-up (spaCy and the model). Measured on 2 cores
# (docs/archive.md): 242 text pages take 6.4 s in one process, 10.4 s with two spawned
# workers; 3800 pages 123 s vs 80 s; the line through both points breaks even at ~540
# pages, so two workers from 600 on.
PAGES_PER_WORKER = 300
# A forked worker (Linux, runner.start_method) shares the loaded spaCy and model: two
# forked workers were faster already at 64 pages (5.3 s vs 5.55 s) and at 242 (6.9 vs 8.0).
PAGES_PER_FORKED_WORKER = 50
# How worker processes start (runner.start_method): fork on Linux unless threads run, else
# spawn; the environment variable overrides both (tests use it to run both ways).
START_METHOD_ENV = "NIP_NLP_START_METHOD"
START_METHODS = ("fork", "forkserver", "spawn")


def start_method_override() -> str | None:
    """The start method the environment forces, or None; a value that is none raises a
    usage error naming the variable (a typo must not end a run with a traceback)."""
    forced = os.environ.get(START_METHOD_ENV)
    if not forced:
        return None
    if forced not in START_METHODS:
        from .errors import UsageError

        raise UsageError(f"{START_METHOD_ENV}={forced!r}: use one of {', '.join(START_METHODS)} (or unset it)")
    return forced
# passages.csv and evidence.csv are written from the cache in batches of about this many
# rows (memory is bounded by one batch; one frame a document cost as much as the reading)
PASSAGE_BATCH_ROWS = 20_000
SCHEDULER_TIMEOUT = 10  # seconds to reach a --scheduler before giving up with exit 2

# --- output -----------------------------------------------------------------------------
FORMATS = ("csv", "parquet")  # parquet needs pyarrow (the [parquet] extra)
FORMAT = "csv"
LANGUAGES = ("de", "en")  # of the commitment labels printed by `nip-nlp commitments`
LANGUAGE = "de"

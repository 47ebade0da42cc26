"""Multi-label passage classifier (K1–K10) as a scikit-learn estimator.

The estimator sees plain strings (the lemma strings that ``nlp.lemmatize`` makes); spaCy
never runs inside it, so it pickles small, loads fast and is testable without spaCy.
Learned state ends in ``_``; ``__init__`` only stores parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from .. import config
from ..catalog import COMMITMENT_IDS
from ..nlp import SENTENCE

APPROACHES = config.APPROACHES
_THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
_MIN_TUNING_POSITIVES = 20  # fewer positives than this and an F1-best cut-off is noise


def assign(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """The assignment matrix: True where a score reaches its commitment's threshold. The
    one place a cut-off is applied (prediction, evaluation, passages.csv, coverage)."""
    return np.asarray(scores) >= np.asarray(thresholds)


def best_threshold(y_true: np.ndarray, scores: np.ndarray, negative_weight: float = 1.0,
                   plateau: float = 0.0) -> float:
    """The score cut-off with the highest F1 on (cross-validated) scores.

    ``negative_weight`` counts each false positive that many times: the corpus holds about
    5 % positives per commitment, real minutes well under 1 %, so a cut-off tuned on the
    corpus as it is lands too low for real archives (measured on real programmes: the
    coverage matrix fills with general school and housing passages). Ties go to the
    higher threshold for the same reason.

    ``plateau`` > 0: the median of the grid points whose F1 is within ``plateau`` of the
    best (the upper one of two middles), instead of the best point itself. The F1 curves
    are flat near their maxima, and which point of the flat top is highest depends on which
    documents shared a fold (``scripts/threshold_stability.py``).
    """
    pos = y_true.sum()
    f1 = []
    for t in _THRESHOLD_GRID:
        pred = scores >= t
        tp = float(np.sum(pred & (y_true == 1)))
        fp = float(np.sum(pred & (y_true == 0))) * negative_weight
        f1.append(2 * tp / (2 * tp + fp + (pos - tp)) if pos else 0.0)
    best = max(f1)
    if plateau <= 0:
        # the last of the best: ties go to the higher threshold
        return float(_THRESHOLD_GRID[len(f1) - 1 - f1[::-1].index(best)])
    top = [t for t, f in zip(_THRESHOLD_GRID, f1) if f >= best - plateau]
    return float(top[len(top) // 2])


def _sentences(x: str) -> list[str]:
    return [s.strip() for s in x.split(SENTENCE) if s.strip()]


def _whole(x: str) -> str:
    return " ".join(_sentences(x))


def _spans(n: int, size: int) -> list[tuple[int, int]]:
    """Sentence ranges of a passage's windows: the whole passage, then every run of
    ``size`` consecutive sentences."""
    if size <= 0 or n <= size:
        return [(0, n)]
    return [(0, n)] + [(i, i + size) for i in range(n - size + 1)]


def _windows(x: str, size: int) -> list[str]:
    """The whole passage, then every run of ``size`` consecutive sentences."""
    sents = _sentences(x)
    return [" ".join(sents[a:b]) for a, b in _spans(len(sents), size)]


def _summable(vec: Any) -> bool:
    """Whether ``_window_rows`` can build ``vec``'s rows from sentence counts: a union of
    plain tf-idf vectorisers whose n-grams of a joined text are those of its sentences
    (char_wb: within words) plus, for word bigrams, the ones across each join."""
    if not isinstance(vec, FeatureUnion) or vec.transformer_weights is not None:
        return False
    for _, tf in vec.transformer_list:
        if not (isinstance(tf, TfidfVectorizer) and tf.input == "content" and not tf.binary
                and tf.preprocessor is None and tf.strip_accents is None and tf.tokenizer is None
                and tf.stop_words is None):
            return False
        if not (tf.analyzer == "char_wb" or (tf.analyzer == "word" and tf.token_pattern == r"\S+"
                                              and tf.ngram_range[1] <= 2)):
            return False
    return True


def _window_rows(vec: FeatureUnion, passages: list[list[str]], size: int) -> sparse.csr_matrix:
    """What ``vec.transform`` gives for every window of every passage (``_spans`` order),
    vectorising each distinct sentence once instead of up to ``size`` + 1 times.

    A window's n-gram counts are the sum of its sentences' counts (``A`` below: windows ×
    distinct sentences), plus the word bigrams that span a join of two sentences; then
    sublinear tf, idf and the norm as ``TfidfTransformer.transform`` applies them. Counts are
    integers, so the sums are exact and the rows equal the plain transform's."""
    index: dict[str, int] = {}
    rows, cols, spans = [], [], []
    for sents in passages:
        ids = [index.setdefault(s, len(index)) for s in sents]
        for a, b in _spans(len(ids), size):
            spans.append(ids[a:b])
            rows.extend([len(spans) - 1] * (b - a))
            cols.extend(ids[a:b])
    uniq = list(index)
    A = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(spans), len(uniq)))
    parts = []
    for _, tf in vec.transformer_list:
        if tf.analyzer == "char_wb":
            counts = A @ _char_wb_counts(tf, uniq)
        else:
            words, ends = _word_counts(tf, uniq)
            counts = A @ words
        if tf.analyzer == "word" and tf.ngram_range[0] <= 2 <= tf.ngram_range[1]:
            counts = counts + _join_bigrams(tf, ends, spans)
        counts = sparse.csr_matrix(counts, dtype=tf.dtype)
        counts.sort_indices()  # the order _count_vocab leaves, so that sums run alike
        if tf.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        if tf.use_idf:
            counts.data *= tf.idf_[counts.indices]
        parts.append(normalize(counts, norm=tf.norm, copy=False) if tf.norm is not None else counts)
    return sparse.csr_matrix(sparse.hstack(parts).tocsr())


# char_wb n-gram columns of each word already seen, per vectoriser (kept alive with it,
# so that its id is not reused): a word's n-grams do not depend on its text around it, and
# an archive's documents share most of their words. Capped: past the cap it starts afresh.
_NGRAM_CACHES: dict[int, tuple[Any, dict[str, np.ndarray]]] = {}
_NGRAM_CACHE_MAX = 200_000


def _char_wb_counts(tf: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """``CountVectorizer.transform(tf, texts)`` for a char_wb analyzer, from each word's
    n-gram columns: char_wb n-grams never cross a word boundary, so a text's counts are
    the sum of its words' (texts × distinct words, times distinct words × n-grams), and
    words repeat far more than texts."""
    known = _NGRAM_CACHES.setdefault(id(tf), (tf, {}))[1]
    if len(known) > _NGRAM_CACHE_MAX:
        known.clear()
    words: dict[str, int] = {}
    tokens = [t.split() for t in texts]
    cols = [words.setdefault(w, len(words)) for ts in tokens for w in ts]
    rows = np.repeat(np.arange(len(texts)), [len(ts) for ts in tokens])
    S = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(texts), len(words)))
    analyze, vocab = None, tf.vocabulary_
    ids = []
    for w in words:
        got = known.get(w)
        if got is None:
            analyze = analyze or tf.build_analyzer()
            got = known[w] = np.array([j for j in map(vocab.get, analyze(w)) if j is not None], dtype=np.int64)
        ids.append(got)
    indptr = np.concatenate([[0], np.cumsum([len(a) for a in ids])]) if ids else np.zeros(1, dtype=np.int64)
    indices = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    W = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(words), len(vocab)))
    return sparse.csr_matrix(S @ W)


def _word_counts(tf: TfidfVectorizer, texts: list[str]) -> tuple[sparse.csr_matrix, list]:
    """``CountVectorizer.transform(tf, texts)`` for a word analyzer with ``token_pattern``
    ``\\S+`` (what ``_summable`` admits): lowercase, split at whitespace (``\\S+`` and
    ``str.split`` agree on what whitespace is), n-grams up to bigrams, looked up in the
    vocabulary; without the analyzer's per-text machinery (a third of the window
    vectorisation). Also each text's first and last token, for ``_join_bigrams``."""
    vocab, (lo, hi) = tf.vocabulary_, tf.ngram_range
    get = vocab.get
    rows, cols, ends = [], [], []
    for r, text in enumerate(texts):
        tokens = (text.lower() if tf.lowercase else text).split()
        ends.append((tokens[0], tokens[-1]) if tokens else None)
        ids = [get(t) for t in tokens] if lo <= 1 else []
        if lo <= 2 <= hi:
            ids += [get(f"{a} {b}") for a, b in zip(tokens, tokens[1:])]
        ids = [j for j in ids if j is not None]
        cols.extend(ids)
        rows.extend([r] * len(ids))
    counts = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(texts), len(vocab)))
    return counts, ends


def _join_bigrams(tf: TfidfVectorizer, ends: list, spans: list[list[int]]) -> sparse.csr_matrix:
    """Counts of the word bigrams of each window that span a join between sentences
    (last word of one, first word of the next); the rest are in the sentences' counts.
    ``ends``: each distinct sentence's first and last token (None for no words)."""
    rows, cols = [], []
    for r, ids in enumerate(spans):
        last = None
        for k in ids:
            if ends[k] is None:  # a sentence without words: the bigram spans it
                continue
            if last is not None:
                j = tf.vocabulary_.get(f"{last} {ends[k][0]}")
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            last = ends[k][1]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(spans), len(tf.vocabulary_)))


# Stacked linear models by the id of their list's first model (kept alive with it); a few
# only: cross-validation makes a list per fold, the model of a run is one.
_LINEAR_CACHE: dict[int, tuple[Any, tuple | None]] = {}
_LINEAR_CACHE_MAX = 4


def _sigmoid_linear(models: list) -> tuple[np.ndarray, np.ndarray, list] | None:
    """The stacked coefficients (features × models), intercepts and sigmoid calibrators
    of binary ``CalibratedClassifierCV(..., method="sigmoid", ensemble=False)`` models over
    linear estimators, whose positive-class probability is ``calibrator.predict(X @ coef
    + intercept)``; None for anything else (scored model by model). Constant models (a
    float) get zero columns."""
    fitted = [m for m in models if not isinstance(m, float)]
    if not fitted:
        return None
    hit = _LINEAR_CACHE.get(id(fitted[0]))
    if hit is not None and hit[0] is fitted[0]:
        return hit[1]
    out = None
    if all(isinstance(m, CalibratedClassifierCV) and m.method == "sigmoid" and len(m.calibrated_classifiers_) == 1
           and list(m.classes_) == [0, 1] for m in fitted):
        ccs = [m.calibrated_classifiers_[0] for m in fitted]
        if all(hasattr(c.estimator, "coef_") and c.estimator.coef_.shape[0] == 1 and len(c.calibrators) == 1
               and list(c.estimator.classes_) == [0, 1] and hasattr(c.calibrators[0], "a_") for c in ccs):
            n = ccs[0].estimator.coef_.shape[1]
            coef, intercept, calibrators = np.zeros((n, len(models))), np.zeros(len(models)), [None] * len(models)
            it = iter(ccs)
            for j, m in enumerate(models):
                if not isinstance(m, float):
                    c = next(it)
                    coef[:, j] = c.estimator.coef_.ravel()
                    intercept[j] = np.ravel(c.estimator.intercept_)[0]
                    calibrators[j] = c.calibrators[0]
            out = (coef, intercept, calibrators)
    while len(_LINEAR_CACHE) >= _LINEAR_CACHE_MAX:
        del _LINEAR_CACHE[next(iter(_LINEAR_CACHE))]
    _LINEAR_CACHE[id(fitted[0])] = (fitted[0], out)
    return out


class _Thresholded:
    """``predict`` from ``predict_proba`` and the learned ``thresholds_``."""

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return assign(self.predict_proba(X), self.thresholds_).astype(int)


class CommitmentClassifier(_Thresholded, ClassifierMixin, BaseEstimator):
    """TF-IDF over lemmas (word n-grams) plus character n-grams, one calibrated linear
    model per commitment, and per-commitment thresholds tuned by cross-validation.

    Character n-grams carry compounds the lookup lemmatizer misses
    ("Stadtverwaltungen", "Integrationskurse") and survive OCR damage better than words.

    Input: one lemma string a passage, its sentences separated by ``SENTENCE`` (what
    ``nlp.lemmatize`` makes). Two things make it hold up on real documents:

    - ``window``: a passage's score for a commitment is the highest over the whole
      passage and every run of ``window`` consecutive sentences. Real passages are long
      (median ≈ 100 words) and often address one commitment in two sentences among
      ten; averaged over the whole passage's tf-idf vector that evidence is diluted and
      was missed (recall on real text was the weak side). 0 scores whole passages only.
    - ``gate``: a passage that is not *eligible* (no migration angle in its text or its
      context, see ``nip_nlp.model.angle``) scores 0 for every commitment. Callers pass
      eligibility computed with context; without it, the passage's own text decides.
    """

    def __init__(
        self,
        approach: str = "tfidf_lr",
        C: float = 1.0,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (3, 5),
        min_df: int = 2,
        max_char_features: int = 200_000,
        threshold_folds: int = 5,
        threshold_repeats: int = config.THRESHOLD_REPEATS,
        threshold_plateau: float = config.THRESHOLD_PLATEAU,
        threshold_negative_weight: float = config.THRESHOLD_NEGATIVE_WEIGHT,
        threshold_min_words: int = config.THRESHOLD_MIN_WORDS,
        window: int = config.WINDOW_SENTENCES,
        gate: bool = True,
        labels: Sequence[str] = COMMITMENT_IDS,
        random_state: int = config.SEED,
    ) -> None:
        self.approach = approach
        self.C = C
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.threshold_folds = threshold_folds
        self.threshold_repeats = threshold_repeats
        self.threshold_plateau = threshold_plateau
        self.threshold_negative_weight = threshold_negative_weight
        self.threshold_min_words = threshold_min_words
        self.window = window
        self.gate = gate
        self.labels = labels
        self.random_state = random_state

    # -- building blocks -------------------------------------------------------------
    def _vectorizer(self) -> FeatureUnion:
        parts = [
            ("word", TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=tuple(self.word_ngrams),
                                     min_df=self.min_df, sublinear_tf=True)),
        ]
        if self.approach != "word_lr":
            parts.append(
                ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams), min_df=self.min_df,
                                         sublinear_tf=True, max_features=self.max_char_features))
            )
        return FeatureUnion(parts)

    def _base(self):
        if self.approach == "tfidf_svm":
            base = LinearSVC(C=self.C / 8, class_weight="balanced", random_state=self.random_state)
        elif self.approach in ("tfidf_lr", "word_lr"):
            base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear",
                                      random_state=self.random_state)
        else:
            raise ValueError(f"unknown approach {self.approach!r}; choose from {APPROACHES}")
        # Sigmoid calibration on internal folds turns balanced-weight margins into scores
        # that behave like probabilities; ensemble=False keeps one base model whose
        # coefficients explain decisions.
        return CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False)

    def _fit_core(self, X: Sequence[str], Y: np.ndarray):
        vec = self._vectorizer()
        Xv = vec.fit_transform([_whole(x) for x in X])
        models = []
        for j in range(Y.shape[1]):
            y = Y[:, j]
            if y.min() == y.max():  # a label with no positives in this fold: constant model
                models.append(float(y.max()))
                continue
            models.append(clone(self._base()).fit(Xv, y))
        return vec, models

    def _scores(self, vec, models, X: Sequence[str], eligible=None) -> np.ndarray:
        return self._scores_and_rows(vec, models, X, eligible)[0]

    def _scores_and_rows(self, vec, models, X: Sequence[str], eligible=None) -> tuple[np.ndarray, Any]:
        """Window-max scores (see the class doc), 0 where the gate is closed, and the
        whole passages' feature rows: the whole passage is the first window of each, so
        one transform serves both the scores and the explanations."""
        sents = [_sentences(x) for x in X]
        starts = np.cumsum([0] + [len(_spans(len(s), self.window)) for s in sents])[:-1]
        if _summable(vec):
            Xv = _window_rows(vec, sents, self.window)
        else:
            Xv = sparse.csr_matrix(vec.transform([w for x in X for w in _windows(x, self.window)]))
        flat = self._scores_v(models, Xv)
        out = np.maximum.reduceat(flat, starts, axis=0) if len(X) else flat
        if self.gate:
            out = out * self._eligible(X, eligible)[:, None]
        return out, Xv[starts]

    def _eligible(self, X: Sequence[str], eligible) -> np.ndarray:
        if eligible is None:
            from .angle import eligible as own_angle

            return own_angle(X)
        eligible = np.asarray(eligible, dtype=bool)
        if eligible.shape != (len(X),):
            raise ValueError("eligible must have one entry a passage")
        return eligible

    @staticmethod
    def _scores_v(models, Xv) -> np.ndarray:
        out = np.zeros((Xv.shape[0], len(models)))
        linear = _sigmoid_linear(models)
        if linear is not None and Xv.shape[0]:
            # All commitments' margins in one product, then each model's sigmoid: what each
            # ``predict_proba`` computes, without its per-call checks (a tenth of a text
            # page's time, for ten models a document).
            coef, intercept, calibrators = linear
            margins = Xv @ coef + intercept
        for j, m in enumerate(models):
            if isinstance(m, float):
                out[:, j] = m
            elif linear is not None:
                out[:, j] = calibrators[j].predict(margins[:, j]) if Xv.shape[0] else 0.0
            else:
                out[:, j] = m.predict_proba(Xv)[:, 1]
        return out

    # -- estimator API ---------------------------------------------------------------
    def fit(self, X: Sequence[str], Y: np.ndarray, groups: Sequence[str] | None = None,
            eligible: Sequence[bool] | None = None) -> CommitmentClassifier:
        """Fit; ``groups`` (e.g. the source document of each passage) keeps a group's
        passages, and augmented copies of them, in one fold while thresholds are tuned.
        ``eligible``: the gate with context, as at prediction time (thresholds are tuned
        on gated scores, so that they fit what the gate lets through)."""
        X = list(X)
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[1] != len(self.labels):
            raise ValueError(f"Y must have one column per label ({len(self.labels)})")
        # one fold assignment per seed; the cut-offs see all of them (THRESHOLD_REPEATS)
        oof = np.stack([self.cross_val_scores(X, Y, groups, eligible, seed=self.random_state + r)
                        for r in range(max(1, self.threshold_repeats))])
        self.thresholds_ = self.tune_thresholds(X, Y, oof)
        self.oof_scores_ = oof
        self.vectorizer_, self.models_ = self._fit_core(X, Y)
        for _, tf in self.vectorizer_.transformer_list:
            # Terms dropped by min_df/max_features are kept only for introspection and
            # would double the saved model's size (scikit-learn documents removing them).
            if hasattr(tf, "stop_words_"):
                del tf.stop_words_
        self.classes_ = np.array(self.labels)
        return self

    def tune_thresholds(self, X: Sequence[str], Y: np.ndarray, oof: np.ndarray) -> np.ndarray:
        """Per-commitment cut-offs on out-of-fold scores of the passages at least
        ``threshold_min_words`` long (all passages where that leaves a commitment fewer
        than ``_MIN_TUNING_POSITIVES`` positives). ``oof`` is one passages × commitments
        matrix or a stack of them, one per fold assignment: the cut-off is then tuned on all
        of them pooled (``best_threshold`` with ``threshold_plateau``), so that it does not
        hang on which documents shared a fold. ``fit`` sets ``thresholds_`` with it; the
        scripts that compare tuning rules call it on stored out-of-fold scores.

        Why only long ones: real passages are long (median ≈ 100 words), and so are the
        corpus's hard negatives (passages with a migration angle and no commitment); its
        many one-line passages are easy and would set the cut-offs by how easy they are.
        Tuned where passages look like real ones, the cut-offs see the hard cases.
        ``scripts/threshold_variants.py`` measures the settings on real text,
        ``scripts/threshold_stability.py`` their dependence on the folds.
        """
        oof = np.asarray(oof)
        stack = oof if oof.ndim == 3 else oof[None]
        long = np.array([len(_whole(x).split()) >= self.threshold_min_words for x in X], dtype=bool)
        out = []
        for j in range(Y.shape[1]):
            use = long if Y[long, j].sum() >= _MIN_TUNING_POSITIVES else np.ones(len(X), dtype=bool)
            y = np.tile(Y[use, j], len(stack))
            out.append(best_threshold(y, stack[:, use, j].ravel(), self.threshold_negative_weight,
                                      self.threshold_plateau))
        return np.array(out)

    def cross_val_scores(self, X: Sequence[str], Y: np.ndarray, groups: Sequence[str] | None = None,
                         eligible: Sequence[bool] | None = None, seed: int | None = None) -> np.ndarray:
        """Out-of-fold scores on the training data (used to tune thresholds), folds drawn
        with ``seed`` (default ``random_state``)."""
        seed = self.random_state if seed is None else seed
        X = list(X)
        eligible = self._eligible(X, eligible)
        Y = np.asarray(Y, dtype=int)
        oof = np.zeros(Y.shape, dtype=float)
        if groups is None:
            splits = KFold(self.threshold_folds, shuffle=True, random_state=seed).split(X)
        else:
            splits = GroupKFold(self.threshold_folds, shuffle=True, random_state=seed).split(X, groups=groups)
        for tr, te in splits:
            vec, models = self._fit_core([X[i] for i in tr], Y[tr])
            oof[te] = self._scores(vec, models, [X[i] for i in te], eligible[te])
        return oof

    def predict_proba(self, X: Sequence[str], eligible: Sequence[bool] | None = None) -> np.ndarray:
        return self._scores(self.vectorizer_, self.models_, list(X), eligible)

    def predict_proba_rows(self, X: Sequence[str], eligible: Sequence[bool] | None = None) -> tuple[np.ndarray, Any]:
        """Scores and the whole passages' feature rows, so that explanations
        (``top_terms(..., row=...)``) need not vectorise the text again."""
        return self._scores_and_rows(self.vectorizer_, self.models_, list(X), eligible)

    # -- explanations ----------------------------------------------------------------
    def feature_names_(self) -> np.ndarray:  # noqa: D401 - cached lookup, not learned state
        if not hasattr(self, "_names"):
            self._names = self.vectorizer_.get_feature_names_out()
        return self._names

    def top_terms(self, text: str, label: str, n: int = 5, row: Any = None) -> list[tuple[str, float]]:
        """Features of ``text`` that pushed its ``label`` score up most (weight × tf-idf).
        ``row``: the text's feature row from ``predict_proba_rows``, if at hand."""
        j = list(self.labels).index(label)
        model = self.models_[j]
        if isinstance(model, float):
            return []
        coef = model.calibrated_classifiers_[0].estimator.coef_.ravel()
        row = sparse.csr_matrix(self.vectorizer_.transform([_whole(text)]) if row is None else row)
        if not row.has_sorted_indices:
            row = row.sorted_indices()
        # weight × tf-idf of the row's terms in index order, as ``row.multiply(coef)``
        # gives them (the order decides ties below), without building a sparse matrix
        idx = row.indices
        return _ranked_terms(idx, row.data * coef[idx], self.feature_names_(), n)


def _ranked_terms(idx: np.ndarray, vals: np.ndarray, names: np.ndarray, n: int) -> list[tuple[str, float]]:
    """The ``n`` features with the largest positive contributions ``vals`` (feature ids
    ``idx``), by name, near-duplicates left out."""
    out: list[tuple[str, float]] = []
    seen: set[str] = set()
    for k in np.argsort(-vals)[: n * 4]:
        if vals[k] <= 0:
            break
        # char n-grams overlap; keep the first, most informative, of near-duplicates
        key = names[idx[k]].split("__", 1)[1].strip()
        if any(key in s or s in key for s in seen):
            continue
        seen.add(key)
        out.append((key, float(vals[k])))
        if len(out) == n:
            break
    return out


class LexiconClassifier(_Thresholded, ClassifierMixin, BaseEstimator):
    """Baseline: a passage gets a commitment when it contains one of its keywords
    (lowercase substring match on the lemma string). No learning beyond thresholds."""

    def __init__(self, labels: Sequence[str] = COMMITMENT_IDS, min_hits: int = 1) -> None:
        self.labels = labels
        self.min_hits = min_hits

    def fit(self, X: Sequence[str], Y: np.ndarray) -> LexiconClassifier:
        from ..catalog import load_commitments

        by_id = {c.id: c for c in load_commitments()}
        self.keywords_ = [[k.lower() for k in by_id[lab].keywords] for lab in self.labels]
        self.thresholds_ = np.full(len(self.labels), 0.5)
        self.classes_ = np.array(self.labels)
        return self

    def predict_proba(self, X: Sequence[str], eligible: Sequence[bool] | None = None) -> np.ndarray:
        """Keyword hit scores; ``eligible`` is accepted for a common interface and ignored:
        the baseline is the keyword list alone."""
        out = np.zeros((len(X), len(self.labels)))
        for i, x in enumerate(X):
            low = x.lower()
            for j, kws in enumerate(self.keywords_):
                hits = sum(1 for k in kws if k in low)
                out[i, j] = min(1.0, hits / (self.min_hits + 1)) if hits >= self.min_hits else 0.0
        return out

import numpy as np
import pytest

from nip_nlp.model.classifier import CommitmentClassifier, LexiconClassifier, best_threshold

# A tiny two-label world: "kurs" passages are K5, "netz" passages are K2, the rest none.
_K5 = ["sprachkurs für eltern in der kita", "integrationskurs beratung volkshochschule",
       "deutschkurs für neuzugewanderte frau", "kurs sprache kind schule förderung"]
_K2 = ["netzwerk der träger runder tisch", "arbeitskreis integration koordinierung akteure",
       "steuerungsgruppe netzwerk verband", "runder tisch moscheeverein kirche netzwerk"]
_NONE = ["haushalt satzung beschluss einstimmig", "bebauungsplan straße ausbau", "feuerwehr fahrzeug ausschreibung",
         "niederschrift genehmigung sitzung", "kanal sanierung gebühr", "friedhof satzung gebühr"]


def _data(repeat: int = 4):
    X, Y = [], []
    for _ in range(repeat):
        for t in _K5:
            X.append(t); Y.append([0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        for t in _K2:
            X.append(t); Y.append([0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        for t in _NONE:
            X.append(t); Y.append([0] * 10)
    return X, np.array(Y)


@pytest.fixture(scope="module")
def fitted():
    X, Y = _data()
    # The toy world has no migration words: the gate is tested on its own below.
    return CommitmentClassifier(min_df=1, threshold_folds=3, gate=False).fit(X, Y)


def test_init_only_stores_parameters_and_learned_state_ends_in_underscore():
    est = CommitmentClassifier(C=2.0)
    assert est.get_params()["C"] == 2.0
    assert not [k for k in vars(est) if k.endswith("_")]


def test_fitted_model_separates_its_labels(fitted):
    P = fitted.predict(["beratung zum integrationskurs für eltern", "runder tisch der akteure", "straße ausbau beschluss"])
    assert P[0, 4] == 1 and P[0, 1] == 0
    assert P[1, 1] == 1 and P[1, 4] == 0
    assert P[2].sum() == 0


def test_scores_are_probabilities_and_thresholds_are_per_label(fitted):
    S = fitted.predict_proba(["sprachkurs", "haushalt"])
    assert S.shape == (2, 10) and ((S >= 0) & (S <= 1)).all()
    assert fitted.thresholds_.shape == (10,)
    # labels without any positive example never fire
    assert (S[:, [0, 2, 3, 5, 6, 7, 8, 9]] == 0).all()


def test_fit_is_reproducible_with_the_same_seed():
    X, Y = _data()
    a = CommitmentClassifier(min_df=1, threshold_folds=3).fit(X, Y).predict_proba(X)
    b = CommitmentClassifier(min_df=1, threshold_folds=3).fit(X, Y).predict_proba(X)
    assert np.allclose(a, b)


def test_top_terms_name_the_words_that_drove_the_decision(fitted):
    terms = [t for t, _ in fitted.top_terms("beratung zum sprachkurs in der kita", "K5", n=3)]
    assert terms and any("kurs" in t or "kita" in t for t in terms)


class _RecordingFolds(CommitmentClassifier):
    """Records the texts each cross-validation fold trains on and is scored on."""

    def _fit_core(self, X, Y):
        self.trained_on_.append(set(X))
        return super()._fit_core(X, Y)

    def _scores(self, vec, models, X, eligible=None):
        self.scored_on_.append(set(X))
        return super()._scores(vec, models, X, eligible)


def _folds(groups):
    X, Y = _data()
    est = _RecordingFolds(min_df=1, threshold_folds=3)
    est.trained_on_, est.scored_on_ = [], []
    oof = est.cross_val_scores(X, Y, groups)
    assert oof.shape == Y.shape and len(est.trained_on_) == len(est.scored_on_) == 3
    return list(zip(est.trained_on_, est.scored_on_))


def test_grouped_threshold_folds_keep_a_group_together():
    # Each text is repeated (as augmented copies of a document's passages are); grouping by
    # text must keep every copy on one side of each fold, or thresholds are tuned on leaks.
    X, _ = _data()
    assert all(not (train & scored) for train, scored in _folds(groups=X))
    # Without groups, copies do land on both sides: the check above can fail.
    assert any(train & scored for train, scored in _folds(groups=None))


def test_best_threshold_prefers_the_cut_with_best_f1():
    y = np.array([0, 0, 0, 1, 1])
    s = np.array([0.1, 0.2, 0.35, 0.6, 0.9])
    assert 0.35 < best_threshold(y, s) <= 0.6


def _short_and_long(long_positives: int):
    """Scores as the corpus gives them: short negatives that score high (one-line
    passages), long positives that score lower (evidence diluted in a long passage)."""
    long = " ".join(["wort"] * 45)
    X = ["kurz"] * 100 + ["kurz positiv"] * 20 + [long] * (long_positives + 30)
    y = np.array([0] * 100 + [1] * 20 + [1] * long_positives + [0] * 30)
    s = np.array([0.5] * 100 + [0.9] * 20 + [0.4] * long_positives + [0.1] * 30)
    Y = np.zeros((len(X), 10), dtype=int)
    Y[:, 0] = y
    oof = np.zeros(Y.shape)
    oof[:, 0] = s
    return X, Y, oof


def test_thresholds_are_tuned_on_long_passages_like_real_ones():
    X, Y, oof = _short_and_long(long_positives=20)
    on_long = CommitmentClassifier(threshold_min_words=40, threshold_negative_weight=1.0).tune_thresholds(X, Y, oof)
    on_all = CommitmentClassifier(threshold_min_words=0, threshold_negative_weight=1.0).tune_thresholds(X, Y, oof)
    # On the mix the short negatives push the cut-off above the long positives; on long
    # passages alone it catches them.
    assert on_all[0] > 0.5 and on_long[0] <= 0.4


def test_too_few_long_positives_fall_back_to_all_passages():
    X, Y, oof = _short_and_long(long_positives=5)
    t = CommitmentClassifier(threshold_min_words=40, threshold_negative_weight=1.0).tune_thresholds(X, Y, oof)
    assert t[0] > 0.5


def test_lexicon_baseline_matches_keywords():
    est = LexiconClassifier().fit(["x"], np.zeros((1, 10)))
    P = est.predict(["der runde tisch und das netzwerk", "haushaltssatzung"])
    assert P[0, 1] == 1 and P[1].sum() == 0


def test_the_gate_zeroes_passages_without_a_migration_angle(fitted):
    params = {**fitted.get_params(), "gate": True}
    gated = CommitmentClassifier(**params).fit(*_data())
    texts = ["runder tisch der akteure", "runder tisch der akteure"]
    open_, closed = gated.predict_proba(texts, eligible=[True, False])
    assert open_[1] > 0 and (closed == 0).all()
    # without a given gate, the text decides: "netzwerk" alone is no migration angle
    assert (gated.predict_proba(["runder tisch netzwerk"]) == 0).all()
    assert gated.predict_proba(["runder tisch netzwerk für geflüchtete"])[0, 1] > 0
    with pytest.raises(ValueError):
        gated.predict_proba(texts, eligible=[True])


def test_a_passage_scores_its_best_run_of_sentences():
    """Two K2 sentences among unrelated ones: diluted over the whole passage, found in a
    window (real passages are long and address a commitment in a sentence or two)."""
    X, Y = _data()
    filler = " <s> ".join(_NONE * 2)
    text = f"{filler} <s> runder tisch netzwerk akteure <s> arbeitskreis koordinierung {' <s> ' + filler}"
    whole = CommitmentClassifier(min_df=1, threshold_folds=3, gate=False, window=0).fit(X, Y)
    windowed = CommitmentClassifier(min_df=1, threshold_folds=3, gate=False, window=2).fit(X, Y)
    assert windowed.predict_proba([text])[0, 1] > whole.predict_proba([text])[0, 1]
    # a passage of one window scores the same either way
    assert np.allclose(windowed.predict_proba(["runder tisch"]), whole.predict_proba(["runder tisch"]))


_VARIED = [
    "",  # no sentence at all
    " <s> <s>  ",  # only empty sentences
    "runder tisch",  # one sentence, shorter than a window
    "a <s> b <s> c <s> d <s> e",  # one-letter words: char_wb pads them, bigrams cross every join
    "netzwerk akteure <s> netzwerk akteure <s> netzwerk akteure <s> netzwerk akteure",  # repeated sentences
    "sprachkurs  für\teltern <s>  <s> kita kurs <s> <s> kurs sprache <s> tisch netzwerk <s> runder tisch",
    "Runder TISCH der Träger <s> Geflüchtete Kinder <s> straße ausbau gebühr <s> x",
    "netzwerk der <s> träger runder <s> <s> tisch moscheeverein <s> kirche",  # known bigrams across joins
    "<num> <num> kurs <s> kurs <num> <s> ü <s> öl äh <s> 2024 satzung",
]


@pytest.mark.parametrize("window", [0, 1, 2, 3])
def test_window_rows_from_sentence_counts_equal_the_plain_transform(fitted, window):
    """The fast path (each distinct sentence vectorised once, windows summed) must give
    the very rows vectorising every window's text gives, hence the same scores."""
    from scipy import sparse

    from nip_nlp.model.classifier import _sentences, _summable, _window_rows, _windows

    vec = fitted.vectorizer_
    assert _summable(vec)  # else the scores below would not exercise the fast path
    fast = _window_rows(vec, [_sentences(x) for x in _VARIED], window)
    plain = sparse.csr_matrix(vec.transform([w for x in _VARIED for w in _windows(x, window)]))
    assert fast.shape == plain.shape and fast.nnz > 0
    assert np.array_equal(fast.indptr, plain.indptr) and np.array_equal(fast.indices, plain.indices)
    assert np.allclose(fast.data, plain.data, rtol=0, atol=1e-12)
    # and through the estimator: the same scores as the plain path's whole-passage rows
    params = {**fitted.get_params(), "window": window}
    est = CommitmentClassifier(**params)
    est.vectorizer_, est.models_ = fitted.vectorizer_, fitted.models_
    scores, rows = est.predict_proba_rows(_VARIED)
    whole = sparse.csr_matrix(vec.transform([" ".join(_sentences(x)) for x in _VARIED]))
    assert abs(rows - whole).max() < 1e-12
    assert scores.shape == (len(_VARIED), 10) and np.isfinite(scores).all()


def test_a_vectorizer_the_fast_path_cannot_sum_falls_back_to_the_plain_transform():
    from sklearn.pipeline import FeatureUnion

    from nip_nlp.model.classifier import _summable

    est = CommitmentClassifier(min_df=1)
    assert _summable(est._vectorizer())
    word = est._vectorizer().transformer_list[0][1].set_params(ngram_range=(1, 3))  # trigrams span 2 joins
    assert not _summable(FeatureUnion([("word", word)]))


def test_all_margins_in_one_product_give_each_models_predict_proba(fitted, model):
    """_scores_v stacks the calibrated linear models' coefficients and applies each sigmoid
    to its column of one product; the scores must be those of each model's own
    predict_proba, bit for bit, for the toy model and the shipped one on corpus passages."""
    import json
    from pathlib import Path

    from nip_nlp.model.classifier import _sentences, _sigmoid_linear, _window_rows
    from nip_nlp.nlp import lemmatize

    root = Path(__file__).resolve().parents[1] / "corpus" / "passages"
    texts = [json.loads(line)["text"] for f in sorted(root.glob("r3*.jsonl"))[:2] for line in f.open(encoding="utf-8")]
    for est, X in ((fitted, _VARIED), (model.estimator, lemmatize(texts))):
        assert _sigmoid_linear(est.models_) is not None  # else the fast path is not exercised
        rows = _window_rows(est.vectorizer_, [_sentences(x) for x in X], est.window)
        expected = np.column_stack([np.full(rows.shape[0], m) if isinstance(m, float) else m.predict_proba(rows)[:, 1]
                                    for m in est.models_])
        assert np.array_equal(est._scores_v(est.models_, rows), expected)


def test_models_the_stacked_product_cannot_reproduce_are_scored_one_by_one():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    from nip_nlp.model.classifier import _sigmoid_linear

    X, Y = _data()
    iso = CommitmentClassifier(min_df=1)._vectorizer().fit_transform(X)
    model = CalibratedClassifierCV(LogisticRegression(), method="isotonic", cv=3, ensemble=False).fit(iso, Y[:, 4])
    assert _sigmoid_linear([model, 0.0]) is None
    assert np.array_equal(CommitmentClassifier._scores_v([model, 0.0], iso)[:, 0], model.predict_proba(iso)[:, 1])


def test_top_terms_from_row_arrays_equal_the_sparse_product(fitted):
    """top_terms multiplies the row's values by the coefficients in index order; ranked the
    same way, the terms and weights (and their order, which decides ties) must be those of
    the sparse product row.multiply(coef)."""
    from scipy import sparse

    from nip_nlp.model.classifier import _ranked_terms

    def by_sparse_product(row, j: int, n: int) -> list[tuple[str, float]]:
        contrib = row.multiply(fitted.models_[j].calibrated_classifiers_[0].estimator.coef_.ravel()).tocsr()
        return _ranked_terms(contrib.indices, contrib.data, fitted.feature_names_(), n)

    compared = 0
    for text in _VARIED + _K5 + _K2:
        row = sparse.csr_matrix(fitted.vectorizer_.transform([text]))
        for j, label in enumerate(fitted.labels):
            if isinstance(fitted.models_[j], float):
                continue
            for n in (3, 5, 20):
                expected = by_sparse_product(row, j, n)
                assert fitted.top_terms(text, label, n=n, row=row) == expected
                compared += bool(expected)
    assert compared > 20


def test_cut_offs_pool_the_out_of_fold_scores_of_every_fold_assignment():
    X, Y = _data()
    groups = [f"doc{i % 12}" for i in range(len(X))]
    est = CommitmentClassifier(min_df=1, threshold_folds=3, threshold_repeats=2, gate=False).fit(X, Y, groups)
    assert est.oof_scores_.shape == (2, len(X), 10)
    # the second assignment is another one (its seed is random_state + 1) ...
    assert not np.array_equal(est.oof_scores_[0], est.oof_scores_[1])
    assert np.array_equal(est.oof_scores_[1], est.cross_val_scores(X, Y, groups, seed=est.random_state + 1))
    # ... and each cut-off is the best on both pooled, not on either alone
    for j in (1, 4):
        pooled = best_threshold(np.tile(Y[:, j], 2), est.oof_scores_[:, :, j].ravel(), est.threshold_negative_weight,
                                est.threshold_plateau)
        assert est.thresholds_[j] == pooled


def test_one_fold_assignment_tunes_as_its_matrix_alone():
    X, Y, oof = _short_and_long(long_positives=20)
    est = CommitmentClassifier(threshold_min_words=40, threshold_negative_weight=1.0)
    assert np.array_equal(est.tune_thresholds(X, Y, oof[None]), est.tune_thresholds(X, Y, oof))


def test_a_plateau_cut_off_is_the_median_of_the_grid_points_near_the_best_f1():
    # 10 positives at 0.6, 10 negatives at 0.3, one negative at 0.55: F1 is 1 for cut-offs
    # in (0.55, 0.6], 20/21 from 0.325 to 0.55 (the one negative let through), 0.65 below
    y = np.array([1] * 10 + [0] * 10 + [0])
    s = np.array([0.6] * 10 + [0.3] * 10 + [0.55])
    assert best_threshold(y, s) == 0.6  # the best point, ties going up
    near = best_threshold(y, s, plateau=0.05)
    assert 0.325 <= near < 0.575 and near != best_threshold(y, s)
    # the median: as many plateau points below it as above (the upper middle on a tie)
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3)
    f1 = [2 * ((s >= t) & (y == 1)).sum() / ((s >= t).sum() + y.sum()) for t in grid]
    top = [t for t, f in zip(grid, f1) if f >= max(f1) - 0.05]
    assert near == top[len(top) // 2]

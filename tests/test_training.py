"""Training: seeded and reproducible, with a card that records what made the model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from nip_nlp import config
from nip_nlp.cli import main
from nip_nlp.errors import CorpusError
from nip_nlp.model.corpus import corpus_hash, load_corpus

from .conftest import ROOT


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """A fifth of the real corpus files, with test documents taken from them."""
    d = tmp_path_factory.mktemp("corpus")
    (d / "passages").mkdir()
    for f in sorted((ROOT / "corpus" / "passages").glob("*.jsonl"))[::5]:
        shutil.copy(f, d / "passages" / f.name)
    docs = sorted(load_corpus(d).doc.unique())
    (d / "splits").mkdir()
    (d / "splits" / "test_docs.txt").write_text("\n".join(docs[::5]) + "\n", "utf-8")
    return d


def _train(corpus: Path, out: Path) -> None:
    from click.testing import CliRunner

    res = CliRunner().invoke(main, ["train", str(corpus), "--out", str(out)])
    assert res.exit_code == 0, res.output


@pytest.mark.slow
def test_training_twice_gives_the_same_model(small_corpus, tmp_path):
    from nip_nlp.model import load_model

    _train(small_corpus, tmp_path / "a")
    _train(small_corpus, tmp_path / "b")
    a, b = load_model(tmp_path / "a"), load_model(tmp_path / "b")
    np.testing.assert_array_equal(a.estimator.thresholds_, b.estimator.thresholds_)
    texts = ["der integrationsrat fordern ein sprachkurs", "die straße werden saniert"]
    np.testing.assert_allclose(a.estimator.predict_proba(texts), b.estimator.predict_proba(texts))


@pytest.mark.slow
def test_model_folder_records_corpus_hash_seed_versions_and_metrics(small_corpus, tmp_path):
    _train(small_corpus, tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text("utf-8"))
    assert meta["corpus_hash"] == corpus_hash(small_corpus)
    assert meta["seed"] == 20070712
    assert {"scikit-learn", "spacy", "numpy"} <= set(meta["versions"])
    card = (tmp_path / "m" / "README.md").read_text("utf-8")
    for part in ("## Held-out test split", "## Cross-validation", "## Intended use", "## Limits", meta["corpus_hash"]):
        assert part in card
    assert (tmp_path / "m" / "model.skops").exists()


def test_shipped_model_was_trained_on_this_corpus():
    meta = json.loads((config.default_model_dir() / "metadata.json").read_text("utf-8"))
    assert meta["corpus_hash"] == corpus_hash(ROOT / "corpus"), "corpus changed: retrain the shipped model"


def test_a_malformed_corpus_line_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "passages").mkdir()
    (tmp_path / "passages" / "bad.jsonl").write_text('{"id": "x-1", "text": "ohne Labels"}\n', "utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl:1"):
        load_corpus(tmp_path)


def test_no_real_text_evaluation_passage_is_in_the_training_corpus():
    """corpus/realtext is for evaluation only: neither its passages nor a long run of
    their words may appear among the passages a model is trained on."""
    from nip_nlp.model.evaluation import load_split

    real = load_split("realtext")
    assert len(real) >= 200
    corpus = " \n ".join(load_corpus(ROOT / "corpus")["text"].str.lower())
    for text in real["text"].str.lower():
        words = text.split()
        windows = {" ".join(words[i:i + 9]) for i in range(0, max(1, len(words) - 8), 9)}
        assert not any(w in corpus for w in windows), text[:80]

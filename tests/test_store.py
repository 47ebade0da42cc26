"""Model folders: save/load round trip, and clear errors for what cannot be loaded."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from nip_nlp.errors import ModelError
from nip_nlp.model import load_model, save_model


def test_saved_model_loads_back_with_identical_scores(model, tmp_path):
    save_model(model.estimator, tmp_path / "m", model.metadata, "card")
    again = load_model(tmp_path / "m")
    texts = ["der integrationsrat beantragen ein sprachcafé im stadtteil", "die kanalsanierung werden vergeben"]
    np.testing.assert_allclose(again.estimator.predict_proba(texts), model.estimator.predict_proba(texts))
    # The shipped estimator keeps working after being saved (vocabularies were re-attached).
    assert model.estimator.predict_proba(texts).shape == (2, 10)


def test_unknown_model_format_is_a_model_error(model, tmp_path):
    shutil.copytree(model.path, tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text("utf-8"))
    meta["format_version"] = 99
    (tmp_path / "m" / "metadata.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelError, match="format 99"):
        load_model(tmp_path / "m")


def test_damaged_model_file_is_a_model_error(model, tmp_path):
    shutil.copytree(model.path, tmp_path / "m")
    (tmp_path / "m" / "model.skops").write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="cannot load"):
        load_model(tmp_path / "m")


def test_a_model_saved_now_records_the_current_class_path(model, tmp_path):
    import zipfile

    save_model(model.estimator, tmp_path / "m", model.metadata, "card")
    with zipfile.ZipFile(tmp_path / "m" / "model.skops") as z:
        schema = z.read("schema.json").decode()
    assert '"nip_nlp.model.classifier"' in schema

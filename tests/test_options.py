"""One options object for a run: defaults from config, checked once, passed down to the
document processor."""

from __future__ import annotations

import dataclasses

import pytest

import nip_nlp
from nip_nlp import config
from nip_nlp.options import RunOptions

from .conftest import SAMPLE


def test_defaults_come_from_config_and_changes_make_a_new_object():
    opts = RunOptions()
    assert (opts.ocr, opts.max_pages, opts.top_n, opts.fmt) == (config.OCR_MODE, config.MAX_PAGES,
                                                                config.EVIDENCE_TOP_N, config.FORMAT)
    changed = RunOptions.of(opts, top_n=1, workers=2)
    assert changed.top_n == 1 and changed.workers == 2 and opts.top_n == config.EVIDENCE_TOP_N
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.top_n = 5  # type: ignore[misc]


@pytest.mark.parametrize("bad", [{"ocr": "sometimes"}, {"fmt": "xlsx"}])
def test_unknown_choices_are_rejected_when_the_options_are_made(bad):
    with pytest.raises(ValueError):
        RunOptions(**bad)
    with pytest.raises(TypeError):
        RunOptions.of(colour="blue")


def test_cache_key_depends_only_on_what_changes_a_document_result():
    a, b = RunOptions(workers=1, fmt="csv", quiet=True), RunOptions(workers=8, fmt="parquet")
    assert a.document_settings() == b.document_settings()
    assert RunOptions(top_n=1).document_settings() != a.document_settings()


def test_the_options_reach_each_document(monkeypatch):
    import nip_nlp.pipeline as pipeline

    seen = []
    real = pipeline.process_document

    def spy(path, name, model, opts, sha256=None):
        seen.append(opts)
        return real(path, name, model, opts, sha256)

    monkeypatch.setattr("nip_nlp.runner.process_document", spy)
    result = nip_nlp.analyze(SAMPLE, top_n=1, ocr="off")
    assert len(seen) == 2 and all(o.top_n == 1 and o.ocr == "off" for o in seen)
    assert len(result.evidence) and result.evidence["rank"].max() == 1

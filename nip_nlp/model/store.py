"""Models as versioned folders: ``model.skops`` (the estimator), ``metadata.json``
(versions, seed, corpus hash, thresholds, metrics) and ``README.md`` (the model card).

skops rather than pickle: loading checks every type against an allow-list instead of
executing whatever the file says.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .. import config
from ..errors import ModelError

MODEL_FILE = "model.skops"
META_FILE = "metadata.json"
CARD_FILE = "README.md"
VOCAB_FILE = "vocabulary.json"
# 2: text vectorizer vocabularies stored in vocabulary.json; 3: sentence windows and the
# migration-angle gate (inputs carry sentence marks; older models scored whole passages
# and cannot read them: retrain with `nip-nlp train`).
FORMAT_VERSION = 3
READABLE_FORMATS = (3,)
# Types a model file may contain. Anything else makes loading fail instead of running.
_TRUSTED_PREFIXES = ("nip_nlp.", "sklearn.", "numpy.", "scipy.", "builtins.", "collections.")


@runtime_checkable
class Scorer(Protocol):
    """What the pipeline needs of an estimator: its labels, one cut-off a label, and
    scores (n texts × labels) for lemma strings. ``eligible`` (one bool a text) is the
    migration-angle gate computed with the passages' context (``model.angle.eligible``)."""

    labels: Sequence[str]
    thresholds_: Any  # numpy array, one threshold a label

    def predict_proba(self, X: Sequence[str], eligible: Sequence[bool] | None = None) -> Any: ...


@runtime_checkable
class Explainer(Scorer, Protocol):
    """A scorer that also returns its feature rows and names the terms behind a score
    (the linear models; the keyword baseline is not one)."""

    def predict_proba_rows(self, X: Sequence[str], eligible: Sequence[bool] | None = None) -> tuple[Any, Any]: ...

    def top_terms(self, text: str, label: str, n: int = 5, row: Any = None) -> list[tuple[str, float]]: ...


@dataclass(frozen=True)
class Model:
    estimator: Scorer
    metadata: dict
    path: Path

    @property
    def labels(self) -> list[str]:
        return list(self.estimator.labels)

    @property
    def name(self) -> str:
        return f"{self.metadata.get('name', self.path.name)}@{self.metadata.get('model_version', '?')}"


def save_model(estimator: Any, out_dir: Path, metadata: dict, card: str) -> Path:
    import skops.io as sio

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    vocabularies = _detach_vocabularies(estimator)
    try:
        sio.dump(estimator, out_dir / MODEL_FILE, compression=zipfile.ZIP_DEFLATED)
    finally:
        _attach_vocabularies(estimator, vocabularies)
    (out_dir / VOCAB_FILE).write_text(json.dumps(vocabularies, ensure_ascii=False), "utf-8")
    (out_dir / META_FILE).write_text(json.dumps({"format_version": FORMAT_VERSION, **metadata}, indent=2,
                                                ensure_ascii=False) + "\n", "utf-8")
    (out_dir / CARD_FILE).write_text(card, "utf-8")
    return out_dir


def _vectorizers(estimator: Any) -> dict[str, Any]:
    """Named text vectorizers inside an estimator (those of a FeatureUnion, or one)."""
    vec = getattr(estimator, "vectorizer_", None)
    if vec is None:
        return {}
    if hasattr(vec, "transformer_list"):
        return {name: tf for name, tf in vec.transformer_list if hasattr(tf, "vocabulary_")}
    return {"vectorizer": vec} if hasattr(vec, "vocabulary_") else {}


def _detach_vocabularies(estimator: Any) -> dict[str, list[str]]:
    """Vocabularies as term lists in index order, removed from the estimator. skops
    stores a dict as one tree node per entry (tens of thousands), which made the model
    file 30 MB and loading take 10 s; a JSON list of terms loads in milliseconds."""
    out = {}
    for name, tf in _vectorizers(estimator).items():
        terms = [""] * len(tf.vocabulary_)
        for term, i in tf.vocabulary_.items():
            terms[i] = term
        out[name] = terms
        tf.vocabulary_ = {}
    return out


def _attach_vocabularies(estimator: Any, vocabularies: dict[str, list[str]]) -> None:
    for name, tf in _vectorizers(estimator).items():
        if name in vocabularies:
            tf.vocabulary_ = {t: i for i, t in enumerate(vocabularies[name])}


@cache
def _load_cached(path: str, mtime: float) -> Model:
    import skops.io as sio

    p = Path(path)
    try:
        meta = json.loads((p / META_FILE).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"cannot read {p / META_FILE}: {e}") from None
    if meta.get("format_version") not in READABLE_FORMATS:
        raise ModelError(f"{p} has model format {meta.get('format_version')}, this nip-nlp reads {READABLE_FORMATS}; "
                         "retrain it with `nip-nlp train`")
    try:
        data = (p / MODEL_FILE).read_bytes()
        untrusted = sio.get_untrusted_types(data=data)
        bad = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
        if bad:
            raise ModelError(f"{p / MODEL_FILE} contains types outside the allow-list: {bad[:5]}")
        est = sio.loads(data, trusted=untrusted)
        if (p / VOCAB_FILE).exists():
            _attach_vocabularies(est, json.loads((p / VOCAB_FILE).read_text("utf-8")))
    except ModelError:
        raise
    except Exception as e:  # skops raises a variety of errors for damaged files
        raise ModelError(f"cannot load {p / MODEL_FILE}: {type(e).__name__}: {e}") from None
    return Model(est, meta, p)


def load_model(path: Path | str | None = None) -> Model:
    """Load a model folder (default: the shipped model); cached per process."""
    p = Path(path) if path else config.default_model_dir()
    if not (p / MODEL_FILE).exists():
        raise ModelError(f"no model at {p} (expected {MODEL_FILE}); train one with `nip-nlp train`")
    return _load_cached(str(p.resolve()), (p / MODEL_FILE).stat().st_mtime)

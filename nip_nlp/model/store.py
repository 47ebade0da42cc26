"""Models as versioned folders: ``model.skops`` (the estimator), ``metadata.json``
(versions, seed, corpus hash, thresholds, metrics) and ``README.md`` (the model card).

skops rather than pickle: loading checks every type against an allow-list instead of
executing whatever the file says.
"""

from __future__ import annotations

import io
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
FORMAT_VERSION = 2  # 2: text vectorizer vocabularies stored in vocabulary.json
READABLE_FORMATS = (1, 2)
# Types a model file may contain. Anything else makes loading fail instead of running.
_TRUSTED_PREFIXES = ("nip_nlp.", "sklearn.", "numpy.", "scipy.", "builtins.", "collections.")
# Model files name the modules of their classes. Files written before a class moved still
# load: the old module path is rewritten in memory on load (the file itself is untouched).
_MOVED_MODULES = {"nip_nlp.classify": "nip_nlp.model.classifier"}


@runtime_checkable
class Scorer(Protocol):
    """What the pipeline needs of an estimator: its labels, one cut-off a label, and
    scores (n texts × labels) for lemma strings."""

    labels: Sequence[str]
    thresholds_: Any  # numpy array, one threshold a label

    def predict_proba(self, X: Sequence[str]) -> Any: ...


@runtime_checkable
class Explainer(Scorer, Protocol):
    """A scorer that also returns its feature rows and names the terms behind a score
    (the linear models; the keyword baseline is not one)."""

    def predict_proba_rows(self, X: Sequence[str]) -> tuple[Any, Any]: ...

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


def _with_current_module_paths(data: bytes) -> bytes:
    """The skops archive with module paths of moved classes (``_MOVED_MODULES``) updated."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        schema = json.loads(z.read("schema.json"))
        if not _rename_modules(schema):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as new:
            for item in z.infolist():
                body = json.dumps(schema).encode() if item.filename == "schema.json" else z.read(item)
                new.writestr(item, body)
    return out.getvalue()


def _rename_modules(node: Any) -> bool:
    """Rewrite ``__module__`` entries of a skops schema in place; True if any changed."""
    changed = False
    if isinstance(node, dict):
        if node.get("__module__") in _MOVED_MODULES:
            node["__module__"] = _MOVED_MODULES[node["__module__"]]
            changed = True
        for v in node.values():
            changed |= _rename_modules(v)
    elif isinstance(node, list):
        for v in node:
            changed |= _rename_modules(v)
    return changed


@cache
def _load_cached(path: str, mtime: float) -> Model:
    import skops.io as sio

    p = Path(path)
    try:
        meta = json.loads((p / META_FILE).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"cannot read {p / META_FILE}: {e}") from None
    if meta.get("format_version") not in READABLE_FORMATS:
        raise ModelError(f"{p} has model format {meta.get('format_version')}, this nip-nlp reads {READABLE_FORMATS}")
    try:
        data = _with_current_module_paths((p / MODEL_FILE).read_bytes())
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

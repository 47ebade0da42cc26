"""nip-nlp: which of the ten municipal integration commitments (NIP 2007) does a
document address, where, and how strongly?

The public API mirrors the CLI. Heavy libraries (spaCy, scikit-learn, pandas) load on
first use, not on import, so ``import nip_nlp`` and ``nip-nlp --help`` stay instant.

    >>> import nip_nlp
    >>> result = nip_nlp.analyze("sample/")          # documents, passages, coverage, evidence
    >>> nip_nlp.classify(["Der Integrationsrat ..."])  # DataFrame: id, K1..K10, labels

Submodules are named as nouns (``nip_nlp.model.classifier``, ``nip_nlp.model.training``)
so that no module shares a name with an API function below.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "analyze": ("api", "analyze"),
    "run": ("api", "run"),
    "classify": ("api", "classify"),
    "commitments": ("api", "commitments"),
    "train": ("api", "train"),
    "evaluate": ("api", "evaluate"),
    "compare": ("api", "compare"),
    "load_model": ("model", "load_model"),
    "AnalysisResult": ("results", "AnalysisResult"),
    "RunOptions": ("options", "RunOptions"),
}

__all__ = [*_LAZY, "__version__"]

# A library never prints: without this, Python's last-resort handler writes our warnings
# (one per failed document) to stderr. The CLI adds its own handler (OUT_DIR/run.log).
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:  # pragma: no cover
    from .api import analyze, classify, commitments, compare, evaluate, run, train
    from .model import load_model
    from .options import RunOptions
    from .results import AnalysisResult


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'nip_nlp' has no attribute {name!r}")

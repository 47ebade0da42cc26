"""nip-nlp: which of the ten municipal integration commitments (NIP 2007) does a
document address, where, and how strongly?

The public API mirrors the CLI. Heavy libraries (spaCy, scikit-learn, pandas) load on
first use, not on import, so ``import nip_nlp`` and ``nip-nlp --help`` stay instant.

    >>> import nip_nlp
    >>> result = nip_nlp.analyze("sample/")          # documents, passages, coverage, evidence
    >>> nip_nlp.classify(["Der Integrationsrat ..."])  # DataFrame: id, K1..K10, labels
"""

from __future__ import annotations

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
    "load_model": ("model", "load_model"),
    "AnalysisResult": ("pipeline", "AnalysisResult"),
}

__all__ = [*_LAZY, "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from .api import analyze, classify, commitments, evaluate, run, train
    from .model import load_model
    from .pipeline import AnalysisResult


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'nip_nlp' has no attribute {name!r}")


class _Package(type(import_module("sys"))):
    """``classify``, ``train`` and ``evaluate`` are both API functions and stage modules.
    Importing a submodule normally sets it as an attribute of the package, which would
    shadow the function; here the functions win at package level, while
    ``from nip_nlp.classify import …`` still reaches the module through sys.modules."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, type(self).__mro__[1]):
            return
        super().__setattr__(name, value)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _Package

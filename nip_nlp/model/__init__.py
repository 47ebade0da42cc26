"""The commitment classifier and what surrounds it.

``classifier`` (the estimators), ``training`` and ``evaluation`` (on the annotated
``corpus``, with ``metrics`` and the ``ocrnoise`` used for augmentation), and ``store``:
model folders on disk. The folder I/O is re-exported here because every stage needs it.
"""

from .store import Explainer, Model, Scorer, load_model, save_model

__all__ = ["Explainer", "Model", "Scorer", "load_model", "save_model"]

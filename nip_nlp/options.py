"""The options of a run, in one frozen object created once (by the CLI or the API) and
passed down runner → pipeline. Defaults come from ``config``."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, replace
from pathlib import Path

from . import config
from .errors import UsageError

# Option -> (module it needs, extra that installs it). Checked before any work starts so
# that a missing extra is a usage error naming the install command, not a traceback.
_EXTRAS = {"scheduler": ("distributed", "dask"), "parquet": ("pyarrow", "parquet")}


@dataclass(frozen=True)
class RunOptions:
    ocr: str = config.OCR_MODE  # one of config.OCR_MODES
    max_pages: int = config.MAX_PAGES
    top_n: int = config.EVIDENCE_TOP_N  # evidence passages per document and commitment
    model: Path | None = None  # model folder; None: the shipped model
    metadata: Path | None = None  # CSV of known metadata (see metadata.read_user_metadata)
    workers: int | None = None  # None: as many as pay (runner.auto_workers) for `run`, one for `analyze`
    scheduler: str | None = None  # address of a Dask scheduler
    fmt: str = config.FORMAT  # one of config.FORMATS
    raw_csv: bool = False  # CSV cells without the spreadsheet-formula guard (export)
    quiet: bool = False  # for the CLI: no progress bar, no summary line

    def __post_init__(self) -> None:
        # Checked here, where every caller passes, rather than deep inside a worker.
        if self.ocr not in config.OCR_MODES:
            raise ValueError(f"ocr must be one of {config.OCR_MODES}, not {self.ocr!r}")
        if self.fmt not in config.FORMATS:
            raise ValueError(f"fmt must be one of {config.FORMATS}, not {self.fmt!r}")

    def check_extras(self) -> None:
        """Raise UsageError when an option needs an optional dependency that is missing."""
        wanted = [("--scheduler", *_EXTRAS["scheduler"])] if self.scheduler else []
        if self.fmt == "parquet":
            wanted.append(("--format parquet", *_EXTRAS["parquet"]))
        for option, module, extra in wanted:
            if not _importable(module):
                raise UsageError(f'{option} needs {module}, which is not installed: pip install "nip-nlp[{extra}]"')

    @classmethod
    def of(cls, options: RunOptions | None = None, **changes) -> RunOptions:
        """``options`` (or the defaults) with keyword changes: ``RunOptions.of(workers=1)``."""
        return replace(options or cls(), **changes)

    def document_settings(self) -> dict:
        """The options a document's result depends on (and is cached under)."""
        return {"ocr": self.ocr, "max_pages": self.max_pages, "top_n": self.top_n}

    def manifest(self, workers: int) -> dict:
        """As recorded in run.json, with the number of workers actually used."""
        return {**self.document_settings(), "workers": workers, "scheduler": self.scheduler, "format": self.fmt,
                "raw_csv": self.raw_csv, "metadata": str(self.metadata) if self.metadata else None}


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules, or a broken one
        return False

"""Writing the run's tables. Every file is written to a temporary name and renamed, so a
table on disk is either complete or absent, never half-written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

TABLES = ("documents", "passages", "coverage", "coverage_share", "coverage_max_score", "evidence")


def atomic_write_text(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write_text(path, df.to_csv(index=False))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, manifest: dict | None = None) -> list[Path]:
    """Write each table as ``<name>.csv``; the manifest (``run.json``) last, as the marker
    that the run finished."""
    out_dir = Path(out_dir)
    written = []
    for name, df in tables.items():
        p = out_dir / f"{name}.csv"
        write_csv(df, p)
        written.append(p)
    if manifest is not None:
        atomic_write_text(out_dir / "run.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        written.append(out_dir / "run.json")
    return written

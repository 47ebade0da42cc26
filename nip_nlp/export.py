"""Writing the run's tables. Every file is written to a temporary name and renamed, so a
table on disk is either complete or absent, never half-written; ``run.json`` is written
last and marks a finished run."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import config

FORMATS = config.FORMATS


@contextmanager
def _atomic(path: Path, mode: str = "w"):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    with _atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    with _atomic(path) as tmp:
        df.to_csv(tmp, index=False)


def write_table(df: pd.DataFrame, out_dir: Path, name: str, fmt: str = config.FORMAT) -> Path:
    path = Path(out_dir) / f"{name}.{fmt}"
    if fmt == "parquet":
        with _atomic(path) as tmp:
            df.to_parquet(tmp, index=False)
    else:
        write_csv(df, path)
    return path


def write_stream(frames: Iterable[pd.DataFrame], columns: list[str], out_dir: Path, name: str,
                 fmt: str = config.FORMAT) -> Path:
    """Write a large table one piece at a time (bounded memory), atomically."""
    path = Path(out_dir) / f"{name}.{fmt}"
    with _atomic(path) as tmp:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            writer = None
            for df in frames:
                table = pa.Table.from_pandas(df[columns], preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table.cast(writer.schema))
            if writer is None:
                pd.DataFrame(columns=columns).to_parquet(tmp, index=False)
            else:
                writer.close()
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(",".join(columns) + "\n")
                for df in frames:
                    df[columns].to_csv(f, index=False, header=False)
    return path


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, manifest: dict | None = None,
                 fmt: str = config.FORMAT) -> list[Path]:
    out_dir = Path(out_dir)
    written = [write_table(df, out_dir, name, fmt) for name, df in tables.items()]
    if manifest is not None:
        atomic_write_text(out_dir / "run.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        written.append(out_dir / "run.json")
    return written

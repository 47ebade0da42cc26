"""Writing the run's tables. Every file is written to a temporary name and renamed, so a
table on disk is either complete or absent, never half-written; ``run.json`` is written
last and marks a finished run (``prepare_out_dir`` removes the previous one first).

CSV cells are made safe for spreadsheets unless ``raw``: a text cell starting with ``=``,
``+``, ``-`` or ``@`` (after leading tabs) gets a leading apostrophe (OWASP's rule
against CSV injection). Always, raw or not, control characters that split rows in some
readers are normalised (``\r`` and ``\r\n`` become ``\n``, which is quoted; other C0
controls a space): every reader must see the same rows. The DataFrames of the Python
API keep the text as extracted."""

from __future__ import annotations

import csv
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import config
from .errors import OutputError

FORMATS = config.FORMATS
# Written last; removed when a run starts, so that their presence means "this run completed".
COMPLETION_MARKERS = ("run.json", "report.html")


@contextmanager
def writing(path: Path):
    """An OSError while writing output (read-only folder, full disk) is the user's to fix:
    one line naming the path, exit 2, no traceback."""
    try:
        yield
    except OSError as e:
        raise OutputError(f"cannot write {e.filename or path}: {e.strerror or e}") from e


def prepare_out_dir(out_dir: Path) -> None:
    out_dir = Path(out_dir)
    with writing(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in COMPLETION_MARKERS:
            (out_dir / name).unlink(missing_ok=True)


def _file_mode() -> int:
    # mkstemp creates 0600; output is meant to be shared like any file the user creates.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def _atomic(path: Path, mode: str = "w"):
    path = Path(path)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        try:
            yield Path(tmp)
            os.chmod(tmp, _file_mode())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_chunks(path, (text,))


def atomic_write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write the text in pieces (a page larger than memory should hold), atomically."""
    with _atomic(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        for chunk in chunks:
            f.write(chunk)


_FORMULA_START = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def csv_cell(value, raw: bool = False):
    """A text cell as written to CSV (see the module docstring); other values unchanged."""
    if not isinstance(value, str):
        return value
    if not raw and value.lstrip("\t\r").startswith(_FORMULA_START):  # spreadsheets skip leading tabs
        value = "'" + value
    return _CONTROL.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))


def csv_safe(df: pd.DataFrame, raw: bool = False) -> pd.DataFrame:
    text = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]  # object or str dtype
    changed = {c: df[c].map(lambda v: csv_cell(v, raw)) for c in text if _needs_change(df[c].tolist(), raw)}
    return df.assign(**changed) if changed else df


def _needs_change(values, raw: bool) -> bool:
    """Whether ``csv_cell`` would change any cell: most columns have no cell that starts like
    a formula or holds a control character, and mapping every cell to find that out took
    half the time of writing passages.csv. One search over the joined column instead."""
    texts = [v for v in values if isinstance(v, str)]
    if not raw and any(v[:1] in "=+-@\t\r" for v in texts if v):
        return True
    joined = "\n".join(texts)
    return "\r" in joined or _CONTROL.search(joined) is not None


def _to_csv(df: pd.DataFrame, f, raw: bool, header: bool = True) -> None:
    csv_safe(df, raw).to_csv(f, index=False, header=header)


def write_csv(df: pd.DataFrame, path: Path, raw: bool = False) -> None:
    with _atomic(path) as tmp:
        _to_csv(df, tmp, raw)


def write_table(df: pd.DataFrame, out_dir: Path, name: str, fmt: str = config.FORMAT, raw: bool = False) -> Path:
    path = Path(out_dir) / f"{name}.{fmt}"
    if fmt == "parquet":
        with _atomic(path) as tmp:
            df.to_parquet(tmp, index=False)
    else:
        write_csv(df, path, raw)
    return path


def _rows_to_csv(rows: list[list], columns: list[str], f, raw: bool) -> None:
    """Rows of plain values (lists in ``columns`` order, as JSON gives them) written as
    ``_to_csv`` writes a DataFrame of them, without building one: for the passages of an
    archive, pandas' frame and writer cost more than reading the rows back from the cache.
    Only where every column holds one kind of value (ints; floats without NaN; strings and
    None), which pandas writes as ``str``/``repr`` of the value and "" for None, the way
    the csv module does (tests/test_export.py compares both); other rows go through pandas."""
    cols = list(zip(*rows))
    if len(cols) != len(columns) or any(len(r) != len(columns) for r in rows):
        raise ValueError(f"rows of {len(columns)} cells expected")
    changed = {}
    for j, col in enumerate(cols):
        types = set(map(type, col))
        if types <= {str, type(None)}:
            if _needs_change(col, raw):
                changed[j] = [csv_cell(v, raw) for v in col]
        elif not (types == {int} or types == {float} and not any(map(math.isnan, col))):
            _to_csv(pd.DataFrame(rows, columns=columns), f, raw, header=False)
            return
    if changed:
        rows = zip(*(changed.get(j, col) for j, col in enumerate(cols)))
    csv.writer(f, lineterminator=os.linesep).writerows(rows)  # pandas' own line end and quoting


def write_stream(frames: Iterable[pd.DataFrame | list[list]], columns: list[str], out_dir: Path, name: str,
                 fmt: str = config.FORMAT, raw: bool = False) -> Path:
    """Write a large table one piece at a time (bounded memory), atomically. A piece is a
    DataFrame or a list of rows in ``columns`` order."""
    path = Path(out_dir) / f"{name}.{fmt}"
    with _atomic(path) as tmp:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            writer = None
            for df in frames:
                df = df if isinstance(df, pd.DataFrame) else pd.DataFrame(df, columns=columns)
                table = pa.Table.from_pandas(df[columns], preserve_index=False)
                if writer is None:
                    # a column with no value in the first piece (no speaker on any of its
                    # pages) has no type yet; the tables' such columns hold text
                    schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                        for f in table.schema], metadata=table.schema.metadata)
                    writer = pq.ParquetWriter(tmp, schema)
                writer.write_table(table.cast(writer.schema))
            if writer is None:
                pd.DataFrame(columns=columns).to_parquet(tmp, index=False)
            else:
                writer.close()
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                f.write(",".join(columns) + "\n")
                for df in frames:
                    if isinstance(df, pd.DataFrame):
                        _to_csv(df[columns], f, raw, header=False)
                    elif df:
                        _rows_to_csv(df, columns, f, raw)
    return path


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, manifest: dict | None = None,
                 fmt: str = config.FORMAT, raw: bool = False) -> list[Path]:
    out_dir = Path(out_dir)
    written = [write_table(df, out_dir, name, fmt, raw) for name, df in tables.items()]
    if manifest is not None:
        atomic_write_text(out_dir / "run.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        written.append(out_dir / "run.json")
    return written

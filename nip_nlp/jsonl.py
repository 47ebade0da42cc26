"""The one JSON Lines reader: the corpus, labelled evaluation files and ``classify`` input.

A malformed line is the user's to fix, so it becomes the caller's error class (a corpus
error, a usage error) naming ``file:line``, never an internal error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .errors import NipError

SUFFIXES = (".jsonl", ".json", ".ndjson")


def read_text(path: Path, error: type[NipError]) -> str:
    try:
        return Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise error(f"{path}: cannot read ({e})") from None


def read_jsonl(path: Path, error: type[NipError], required: tuple[str, ...] = ()) -> Iterator[tuple[str, int, dict]]:
    """(``file:line``, line number, record) for every non-blank line. ``required`` fields
    must be present; anything else is left to the caller, who raises ``error(where…)``."""
    for n, line in enumerate(read_text(path, error).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise error(f"{where}: not valid JSON ({e.msg})") from None
        if not isinstance(rec, dict):
            raise error(f"{where}: each line must be a JSON object")
        missing = [k for k in required if k not in rec]
        if missing:
            raise error(f"{where}: missing field(s) {', '.join(missing)}")
        yield where, n, rec

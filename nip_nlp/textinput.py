"""Reading passages for ``nip-nlp classify``: JSON Lines (id, text) or plain text lines."""

from __future__ import annotations

from pathlib import Path

from .errors import InputFileError
from .jsonl import SUFFIXES, read_jsonl, read_text


def read_passages(path: Path) -> tuple[list, list[str]]:
    """(ids, texts). ``.jsonl``/``.json``/``.ndjson``: one object a line with "text" (and
    "id", else the line number); anything else: one passage a non-empty line, id = line
    number. A malformed file raises InputFileError naming file:line."""
    path = Path(path)
    ids, texts = [], []
    if path.suffix.lower() in SUFFIXES:
        for where, n, rec in read_jsonl(path, InputFileError):
            if not isinstance(rec.get("text"), str):
                raise InputFileError(f"{where}: each line needs a \"text\" string")
            ids.append(rec.get("id", n))
            texts.append(rec["text"])
        return ids, texts
    for n, line in enumerate(read_text(path, InputFileError).splitlines(), 1):
        if line.strip():
            ids.append(n)
            texts.append(line.strip())
    return ids, texts

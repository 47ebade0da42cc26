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
    _refuse_pdf(path)
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


def _refuse_pdf(path: Path) -> None:
    # A PDF given to classify used to end in "'utf-8' codec can't decode": say what to do.
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        return  # read_text reports it
    if b"%PDF-" in head or path.suffix.lower() == ".pdf":
        raise InputFileError(f"{path} is a PDF: `nip-nlp classify` takes passages as JSON Lines or text "
                             "(one a line); `nip-nlp run` takes PDFs")

"""Reading passages for ``nip-nlp classify``: JSON Lines (id, text) or plain text lines."""

from __future__ import annotations

import json
from pathlib import Path


def read_passages(path: Path) -> tuple[list, list[str]]:
    """(ids, texts). ``.jsonl``/``.json``: one object a line with "text" (and "id", else
    the line number); anything else: one passage a non-empty line, id = line number."""
    path = Path(path)
    ids, texts = [], []
    lines = path.read_text("utf-8").splitlines()
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not valid JSON ({e.msg})") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise ValueError(f"{path}:{n}: each line needs a \"text\" string")
            ids.append(rec.get("id", n))
            texts.append(rec["text"])
    else:
        for n, line in enumerate(lines, 1):
            if line.strip():
                ids.append(n)
                texts.append(line.strip())
    return ids, texts

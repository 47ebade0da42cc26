"""The one JSON Lines reader: records with their file:line, errors of the caller's class."""

from __future__ import annotations

import pytest

from nip_nlp.errors import CorpusError, InputFileError
from nip_nlp.jsonl import read_jsonl


def test_records_come_with_file_and_line_and_blank_lines_are_skipped(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "eins"}\n\n  \n{"text": "zwei", "id": 7}\n', "utf-8")
    rows = list(read_jsonl(p, CorpusError, ("text",)))
    assert [(w.rsplit("/", 1)[-1], n, r["text"]) for w, n, r in rows] == [("a.jsonl:1", 1, "eins"),
                                                                          ("a.jsonl:4", 4, "zwei")]


@pytest.mark.parametrize("content, message", [
    ('{"text": "gut"}\n{"text": \n', r"a\.jsonl:2: not valid JSON"),
    ('["kein", "Objekt"]\n', r"a\.jsonl:1: each line must be a JSON object"),
    ('{"id": 1}\n', r"a\.jsonl:1: missing field\(s\) text"),
])
@pytest.mark.parametrize("error", [CorpusError, InputFileError])
def test_a_malformed_line_raises_the_callers_error_naming_file_and_line(tmp_path, content, message, error):
    p = tmp_path / "a.jsonl"
    p.write_text(content, "utf-8")
    with pytest.raises(error, match=message):
        list(read_jsonl(p, error, ("text",)))


def test_a_file_that_is_not_utf8_is_the_callers_error(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes('{"text": "Größe"}\n'.encode("latin-1"))
    with pytest.raises(InputFileError, match="cannot read"):
        list(read_jsonl(p, InputFileError))

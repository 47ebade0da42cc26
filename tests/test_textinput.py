import pytest

from nip_nlp.errors import InputFileError
from nip_nlp.textinput import read_passages


def test_jsonl_with_ids(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "text": "Eins"}\n\n{"text": "Zwei"}\n', "utf-8")
    assert read_passages(p) == (["a", 3], ["Eins", "Zwei"])


def test_txt_one_passage_a_line_id_is_line_number(tmp_path):
    p = tmp_path / "in.txt"
    p.write_text("Erste Zeile\n\nDritte Zeile\n", "utf-8")
    assert read_passages(p) == ([1, 3], ["Erste Zeile", "Dritte Zeile"])


def test_jsonl_line_without_text_is_reported_with_its_line_number(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": 1}\n', "utf-8")
    with pytest.raises(InputFileError, match="in.jsonl:1"):
        read_passages(p)

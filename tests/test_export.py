import pandas as pd
import pytest

from nip_nlp import export
from nip_nlp.errors import OutputError


def test_tables_and_manifest_are_written(tmp_path):
    export.write_tables({"coverage": pd.DataFrame({"document": ["a.pdf"], "K1": [2]})}, tmp_path, {"documents": 1})
    assert (tmp_path / "coverage.csv").read_text().splitlines() == ["document,K1", "a.pdf,2"]
    assert (tmp_path / "run.json").exists()


def test_a_failed_write_leaves_the_old_table_intact_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "coverage.csv"
    target.write_text("old complete table\n")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", boom)
    with pytest.raises(OutputError, match="coverage.csv: disk full"):
        export.atomic_write_text(target, "new")
    assert target.read_text() == "old complete table\n"
    assert [p.name for p in tmp_path.iterdir()] == ["coverage.csv"]


@pytest.mark.parametrize("raw", [False, True])
def test_rows_are_written_as_pandas_writes_a_frame_of_them(raw):
    """passages.csv is written from plain rows with the csv module; every kind of cell a
    passage row holds must come out as pandas' to_csv writes it: formula-like and control
    characters (guarded unless raw), quotes, commas, newlines, None, umlauts, floats in
    every notation, ints; a column mixing kinds goes through pandas itself."""
    import io

    columns = ["document", "passage", "score", "text", "note"]
    rows = [
        ["a.pdf", 0, 0.0, "=SUMME(A1)", None],
        ["a.pdf", 1, 1e-05, "-12 Punkte, \"zitiert\"", "x\r\ny"],
        ["ä ö.pdf", 2, 0.1234, "Zeile\nzwei\x07", ""],
        ["b.pdf", 12345678901, 1.0, "@Rat\t", "+"],
        ["b.pdf", 3, 123456789012345680.0, "\t=1+1", "Straße; Maßnahme"],
    ]
    for mixed in (False, True):
        data = [list(r) for r in rows]
        if mixed:
            data[0][1] = 0.5  # ints and floats in one column: pandas writes "1.0"
        expected, got = io.StringIO(), io.StringIO()
        export._to_csv(pd.DataFrame([list(r) for r in data], columns=columns), expected, raw, header=False)
        export._rows_to_csv([list(r) for r in data], columns, got, raw)
        assert got.getvalue() == expected.getvalue()
    assert ("'=SUMME" in got.getvalue()) is not raw


def test_a_streamed_parquet_table_takes_text_in_a_column_its_first_piece_left_empty(tmp_path):
    pytest.importorskip("pyarrow")
    cols = ["document", "speaker"]
    path = export.write_stream([[["a.pdf", None]], [["b.pdf", "Frau Muster"]]], cols, tmp_path, "t", "parquet")
    speaker = pd.read_parquet(path).speaker.tolist()
    assert pd.isna(speaker[0]) and speaker[1] == "Frau Muster"


def test_a_page_written_in_pieces_is_the_text_of_its_pieces(tmp_path):
    export.atomic_write_chunks(tmp_path / "p.html", iter(["<p>", "ä", "</p>\r\n"]))
    assert (tmp_path / "p.html").read_bytes() == "<p>ä</p>\r\n".encode()
    assert not list(tmp_path.glob(".*.tmp"))

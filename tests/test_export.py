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

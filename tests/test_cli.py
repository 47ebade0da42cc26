"""The CLI contract users script against: commands, columns, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from nip_nlp.cli import main
from nip_nlp.errors import ExitCode

from .conftest import SAMPLE

K = [f"K{i}" for i in range(1, 11)]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.output
    return out, res


def test_run_writes_every_table_with_the_documented_columns(sample_run):
    out, _ = sample_run
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert list(docs.columns[:6]) == ["document", "status", "reason", "pages", "ocr_pages", "passages"]
    assert set(docs.status) == {"ok"}
    passages = pd.read_csv(out / "passages.csv", keep_default_na=False)
    # New columns are appended, so readers of the earlier layout keep working.
    assert list(passages.columns) == ["document", "passage", "page", "section", "text", *K, "labels", "page_label",
                                      "speaker", "party", "decision", "kind"]
    coverage = pd.read_csv(out / "coverage.csv")
    assert list(coverage.columns) == ["document", *K]
    evidence = pd.read_csv(out / "evidence.csv")
    assert list(evidence.columns) == ["document", "commitment", "rank", "passage", "page", "section", "score",
                                      "terms", "text"]
    for name in ("coverage_share.csv", "coverage_max_score.csv", "coverage_by_municipality.csv",
                 "coverage_by_year.csv", "report.html", "run.json", "run.log"):
        assert (out / name).exists(), name


def test_sample_concept_addresses_commitments_and_minutes_are_mostly_off_topic(sample_run):
    out, _ = sample_run
    cov = pd.read_csv(out / "coverage.csv").set_index("document")
    concept = cov.loc["integrationskonzept_birkenau.pdf"]
    # The sample concept has a section for every commitment; the model should find most.
    assert (concept > 0).sum() >= 7, concept.to_dict()
    passages = pd.read_csv(out / "passages.csv", keep_default_na=False)
    minutes = passages[passages.document == "niederschrift_rat_birkenau.pdf"]
    budget = minutes[minutes.section.str.startswith("TOP 3")]
    assert (budget.labels == "").all(), budget[["text", "labels"]]


def test_evidence_points_to_pages_and_passages_that_exist(sample_run):
    out, _ = sample_run
    passages = pd.read_csv(out / "passages.csv", keep_default_na=False)
    evidence = pd.read_csv(out / "evidence.csv", keep_default_na=False)
    assert len(evidence)
    merged = evidence.merge(passages, on=["document", "passage"], suffixes=("", "_p"))
    assert len(merged) == len(evidence)
    assert (merged.page == merged.page_p).all() and (merged.text == merged.text_p).all()
    for r in merged.itertuples():
        assert r.commitment in r.labels.split(";")


def test_broken_files_are_reported_and_the_batch_goes_on(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(SAMPLE, inp, ignore=shutil.ignore_patterns("src"))
    (inp / "kaputt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")  # truncated
    (inp / "leer.pdf").write_bytes(b"")
    (inp / "notiz.pdf").write_text("Das ist kein PDF, nur eine Notiz.", "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(inp), "--out", str(out), "--workers", "1"])
    assert res.exit_code == 3, res.output
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("document")
    assert docs.loc["kaputt.pdf", "status"] == "failed" and docs.loc["kaputt.pdf", "reason"].startswith("corrupt_pdf")
    assert docs.loc["leer.pdf", "reason"].startswith("empty_file")
    assert docs.loc["notiz.pdf", "reason"].startswith("not_pdf")
    assert docs.loc["integrationskonzept_birkenau.pdf", "status"] == "ok"
    cov = pd.read_csv(out / "coverage.csv").set_index("document")
    assert cov.loc["leer.pdf"].isna().all()  # not analysed is not "not addressed"
    assert "3 failed" in res.stderr and "failed kaputt.pdf: corrupt_pdf" in res.stderr
    assert json.loads((out / "run.json").read_text())["failed"] == 3


def test_empty_folder_exits_4_and_missing_folder_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(main, ["run", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 4
    res = CliRunner().invoke(main, ["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2


def test_missing_model_exits_5(tmp_path):
    (tmp_path / "m").mkdir()
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "--model", str(tmp_path / "m")])
    assert res.exit_code == 5 and "no model" in res.output


def test_exit_codes_are_the_documented_numbers():
    assert {c.name: int(c) for c in ExitCode} == {"OK": 0, "BUG": 1, "USAGE": 2, "DOCUMENTS_FAILED": 3, "NO_PDF": 4,
                                                  "MODEL_OR_CORPUS": 5, "INTERRUPTED": 130,
                                                  "TERMINATED": 143}


def test_malformed_metadata_csv_is_a_usage_error(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("municipality,year\nBirkenau,2023\n", "utf-8")  # no file column
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "--metadata", str(meta)])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert "bad_metadata" in res.stderr and "meta.csv" in res.stderr


def test_malformed_passage_file_is_a_usage_error_naming_the_line(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text('{"id": 1, "text": "Gut."}\n{"id": 2, "text": \n', "utf-8")
    res = CliRunner().invoke(main, ["classify", str(src), "--out", str(tmp_path / "pred.csv")])
    assert res.exit_code == ExitCode.USAGE and "p.jsonl:2" in res.stderr, res.output


def test_malformed_evaluation_file_is_a_corpus_error_naming_the_line(tmp_path):
    src = tmp_path / "gold.jsonl"
    src.write_text('{"text": "Sprachkurs", "labels": ["K5"]}\nkein JSON\n', "utf-8")
    res = CliRunner().invoke(main, ["evaluate", str(src)])
    assert res.exit_code == ExitCode.MODEL_OR_CORPUS and "gold.jsonl:2" in res.stderr, res.output


@pytest.mark.parametrize("raised, code", [(RuntimeError("boom"), ExitCode.BUG),
                                          (KeyboardInterrupt(), ExitCode.INTERRUPTED)])
def test_unexpected_errors_and_ctrl_c_have_their_own_exit_codes(tmp_path, monkeypatch, raised, code):
    def fail(*args, **kwargs):
        raise raised

    monkeypatch.setattr("nip_nlp.api.run", fail)
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "-q"])
    assert res.exit_code == code, res.output


def test_classify_jsonl_and_txt(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Die Stadt richtet eine Stabsstelle Integration beim "
                                                  "Oberbürgermeister ein und schreibt das Integrationskonzept fort."},
                              ensure_ascii=False) + "\n" +
                   json.dumps({"id": "b", "text": "Der Haushalt 2024 wird mit 24 Ja-Stimmen beschlossen."}) + "\n",
                   "utf-8")
    out = tmp_path / "pred.csv"
    res = CliRunner().invoke(main, ["classify", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    pred = pd.read_csv(out, keep_default_na=False).set_index("id")
    assert list(pred.columns) == [*K, "labels"]
    assert "K1" in pred.loc["a", "labels"].split(";") and pred.loc["b", "labels"] == ""
    txt = tmp_path / "p.txt"
    txt.write_text("Erste Passage.\nZweite Passage.\n", "utf-8")
    res = CliRunner().invoke(main, ["classify", str(txt), "--out", str(out)])
    assert res.exit_code == 0 and list(pd.read_csv(out)["id"]) == [1, 2]


def test_commitments_lists_ten():
    res = CliRunner().invoke(main, ["commitments", "--lang", "en"])
    lines = res.output.strip().splitlines()
    assert len(lines) == 10 and lines[0].startswith("K1 ") and lines[9].startswith("K10")


def test_help_is_fast_because_nothing_heavy_is_imported_at_start():
    code = "import sys, nip_nlp.cli; print(sorted(m for m in ('spacy', 'sklearn', 'pandas', 'pdfplumber') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m_entry_point():
    out = subprocess.run([sys.executable, "-m", "nip_nlp", "--help"], capture_output=True, text=True, check=True)
    assert "Exit codes" in out.stdout


def test_sample_pdfs_regenerated_from_their_source_give_the_same_coverage(tmp_path, sample_run):
    """The bundled sample is reproducible: render sample/src again and compare results."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sample", SAMPLE.parent / "scripts" / "make_sample.py")
    make_sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_sample)
    gen = tmp_path / "gen"
    for src in sorted((SAMPLE / "src").glob("*.md")):
        make_sample.build(src, gen)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(gen), "--out", str(out), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    bundled = pd.read_csv(sample_run[0] / "coverage.csv")
    assert pd.read_csv(out / "coverage.csv").equals(bundled)

"""Issue 11: what a user or an attacker runs into. Each test reproduces one observed
fault; fixtures are named after the quirk they reproduce."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import nip_nlp
from nip_nlp.cli import main
from nip_nlp.errors import ExitCode, UsageError

from .conftest import SAMPLE


@pytest.mark.parametrize("args, module, extra", [
    (["--scheduler", "tcp://127.0.0.1:1"], "distributed", "dask"),
    (["--format", "parquet"], "pyarrow", "parquet"),
])
def test_option_without_its_extra_is_a_usage_error_naming_the_install(tmp_path, monkeypatch, args, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # as if the extra were not installed
    res = CliRunner().invoke(main, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "-q", *args])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert f'pip install "nip-nlp[{extra}]"' in res.stderr
    assert not (tmp_path / "o").exists()


def test_analyze_of_a_missing_folder_raises_instead_of_returning_empty_tables():
    with pytest.raises(UsageError, match="does/not/exist"):
        nip_nlp.analyze("does/not/exist")


def test_the_library_never_prints_its_warnings(tmp_path):
    # A subprocess: under pytest the root logger has handlers, so the fault would not show.
    (tmp_path / "not_a_pdf.pdf").write_text("eine Notiz", "utf-8")
    code = f"import nip_nlp; r = nip_nlp.analyze({str(tmp_path)!r}); assert r.documents.reason[0].startswith('not_pdf')"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and res.stderr == ""


def test_classify_of_a_pdf_says_which_command_takes_pdfs(tmp_path):
    res = CliRunner().invoke(main, ["classify", str(SAMPLE / "integrationskonzept_birkenau.pdf"),
                                    "--out", str(tmp_path / "p.csv")])
    assert res.exit_code == ExitCode.USAGE, res.output
    assert "JSON Lines or text" in res.stderr and "nip-nlp run" in res.stderr and "codec" not in res.stderr

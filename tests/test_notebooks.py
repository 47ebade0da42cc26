"""The notebooks are what scripts/make_notebooks.py writes, and execute top to bottom
against the current package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _generator():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_notebooks_match_their_generator():
    pytest.importorskip("nbformat")
    gen = _generator()
    expected = {"quickstart.ipynb": gen.QUICKSTART, "model_evaluation.ipynb": gen.EVALUATION}
    assert [p.name for p in NOTEBOOKS] == sorted(expected)
    import nbformat

    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        cells = [("md" if c.cell_type == "markdown" else "code", c.source) for c in nb.cells]
        assert cells == expected[path.name], f"{path.name} is stale: run scripts/make_notebooks.py"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    # A failing cell raises CellExecutionError here.
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    # Every notebook ends with a result table: its last cell shows one, with numbers.
    last = [o for o in code[-1].outputs if o.output_type == "execute_result"]
    assert last and any(ch.isdigit() for ch in last[0].data["text/plain"])

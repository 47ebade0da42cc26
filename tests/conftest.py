from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_PDFS = ROOT.parent / "shared" / "pdfs"
SAMPLE = ROOT / "sample"

# Tests never reach the network and never use more than one OCR thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session")
def shared_pdfs() -> Path:
    if not SHARED_PDFS.is_dir():
        pytest.skip("../shared/pdfs is not beside this checkout")
    return SHARED_PDFS


@pytest.fixture(scope="session")
def shared_dev_texts() -> list[str]:
    """The passages' texts of ../shared/dev, or none when it is not beside this checkout
    (for tests that also run on the project's own texts)."""
    import json

    folder = ROOT.parent / "shared" / "dev"
    return [json.loads(line)["text"] for f in sorted(folder.glob("*.jsonl")) for line in f.open(encoding="utf-8")]


@pytest.fixture(scope="session")
def model():
    from nip_nlp.model import load_model

    return load_model()

"""A plain install (a wheel, `pip install .`) carries the default model: before, only an
editable install found it and every command of a wheel install ended in model_error."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from nip_nlp import config

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Built from a copy so that build/ and *.egg-info never race other tests in the checkout.
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "nip_nlp", src / "nip_nlp", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "models", src / "models", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    (whl,) = dist.glob("nip_nlp-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_the_configured_model(wheel):
    folder = f"nip_nlp/models/{config.MODEL_NAME}-v{config.MODEL_VERSION}/"
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ("model.skops", "vocabulary.json", "metadata.json", "README.md"):
        assert folder + f in names, f"{folder + f} missing from {wheel.name}"


@pytest.mark.slow
def test_installed_package_finds_and_loads_its_own_model(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import nip_nlp.config as c; from nip_nlp.model import load_model; "
            "d = c.default_model_dir(); m = load_model(); print(d); print(m.path)")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "OMP_THREAD_LIMIT": "1"}
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    model_dir, loaded = res.stdout.split()
    assert model_dir.startswith(str(site / "nip_nlp" / "models")), model_dir
    assert loaded.startswith(str(site)), loaded

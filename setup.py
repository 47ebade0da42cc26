"""Ships the default model inside the package: a wheel or a plain ``pip install .`` copies
``models/<config.MODEL_NAME>-v<config.MODEL_VERSION>/`` to ``nip_nlp/models/<same>/``, where
``config.default_model_dir`` finds it. The folder name is read from config.py (the one place
it is written), so a retrained model with a bumped MODEL_VERSION is shipped without editing
this file. Editable installs skip the copy: there config finds ``models/`` in the checkout."""

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def model_folder() -> str:
    # Parsed, not imported: the build must not need the package's dependencies.
    values = {}
    for node in ast.parse((ROOT / "nip_nlp" / "config.py").read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("MODEL_NAME", "MODEL_VERSION"):
                values[node.targets[0].id] = ast.literal_eval(node.value)
    return f"{values['MODEL_NAME']}-v{values['MODEL_VERSION']}"


class build_py_with_model(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        src = ROOT / "models" / model_folder()
        if not (src / "model.skops").is_file():
            # A wheel without its model installs a tool that fails on every command.
            raise SystemExit(f"setup.py: the default model {src} is missing; train it or restore it")
        dst = Path(self.build_lib) / "nip_nlp" / "models" / src.name
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".*", "__pycache__"))


setup(cmdclass={"build_py": build_py_with_model})

"""The package's shape: every submodule imports as a module, no module shares a name with
an API function, and the modules import each other without cycles."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import nip_nlp

from .conftest import ROOT

PACKAGE = ROOT / "nip_nlp"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "nip_nlp.__main__":  # runs the CLI when imported
            out[name] = path
    return out


def test_every_submodule_imports_as_a_module():
    for name in _modules():
        module = importlib.import_module(name)
        assert type(module).__name__ == "module" and module.__name__ == name
        parent, _, attr = name.rpartition(".")
        if parent:  # reached as an attribute of its package too, e.g. nip_nlp.model.classifier
            assert getattr(importlib.import_module(parent), attr) is module


def test_api_functions_stay_functions_after_every_submodule_is_imported():
    for name in _modules():
        importlib.import_module(name)
    for name in ("analyze", "run", "classify", "commitments", "train", "evaluate", "compare"):
        assert callable(getattr(nip_nlp, name)) and getattr(nip_nlp, name).__module__ == "nip_nlp.api", name
    clashes = {n.rsplit(".", 1)[-1] for n in _modules()} & set(nip_nlp.__all__)
    assert not clashes


def test_submodule_attributes_can_be_monkeypatched(monkeypatch):
    import nip_nlp.model.classifier as classifier

    monkeypatch.setattr("nip_nlp.model.classifier.APPROACHES", ("only",))
    assert classifier.APPROACHES == ("only",)


def _imports(name: str, path: Path) -> set[str]:
    """Modules of this package that ``name`` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[: len(base) - node.level + 1]
            target = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:  # "from . import config" imports a module
                found.add(f"{target}.{alias.name}")
            found.add(target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("nip_nlp."))
    return found


def test_no_import_cycles():
    modules = _modules()
    graph = {m: {t for t in _imports(m, p) if t in modules and t != m and t != "nip_nlp"}
             for m, p in modules.items()}
    # A package's __init__ re-exporting its own submodules is not a cycle through them.
    for m in graph:
        graph[m] = {t for t in graph[m] if not (m.startswith(t + ".") and modules[t].name == "__init__.py")}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            assert state.get(t) != 1, "import cycle: " + " → ".join([*path, m, t])
            if t not in state:
                visit(t, [*path, m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])

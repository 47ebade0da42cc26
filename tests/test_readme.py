"""The README's two opening commands stay true: CI runs exactly them, and the run
command's nip-nlp part works on the bundled sample."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from .conftest import ROOT


def _opening_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)\n```", (ROOT / "README.md").read_text("utf-8"), re.S)
    return [b.strip() for b in blocks[:2]]


def test_readme_opens_with_install_run_and_test_commands():
    run, test = _opening_commands()
    assert "pip install" in run and "nip-nlp run sample" in run
    assert "pip install" in test and "pytest" in test


def test_ci_runs_the_readme_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    for cmd in _opening_commands():
        assert cmd in ci


def test_readme_run_command_works_on_the_sample(tmp_path):
    run, _ = _opening_commands()
    nip = run.split("&&")[-1].strip()  # ".venv/bin/nip-nlp run sample --out out"
    args = shlex.split(nip)[1:]
    args[args.index("--out") + 1] = str(tmp_path / "out")
    res = subprocess.run([sys.executable, "-m", "nip_nlp", *args], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "coverage.csv").exists()


def _command_line_section() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    return readme.split("## Command line", 1)[1].split("\n## ", 1)[0]


def test_readme_lists_every_command_with_every_option():
    import click

    from nip_nlp.cli import main

    section = _command_line_section()
    synopsis = {line.split()[1]: line for line in re.findall(r"^nip-nlp \S+.*(?:\n +\[.*)*", section, re.M)}
    assert set(synopsis) == set(main.commands), "README's command list differs from the CLI"
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and "--help" not in param.opts:
                longest = max(param.opts, key=len)
                assert longest in synopsis[name], f"README does not document `nip-nlp {name} {longest}`"


def test_readme_module_table_names_every_module():
    readme = (ROOT / "README.md").read_text("utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| ") and "nip_nlp/" in line)
    for path in sorted((ROOT / "nip_nlp").rglob("*.py")):
        if path.name.startswith("_"):
            continue  # __init__, __main__ and private helpers
        assert f"{path.name}`" in table and (path.parent.name != "model" or "model/" in table), path

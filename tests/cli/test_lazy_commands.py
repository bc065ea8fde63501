"""The command line loads only what a command uses, and a broken command module fails loudly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from ctip import cli
from tests.submissions_factory import write_wide

HEAVY = ("dagster", "matplotlib", "scipy", "statsmodels")


def _modules_after(argv: list[str], env: dict[str, str]) -> set[str]:
    """Top-level packages imported by `ctip <argv>` in a fresh interpreter."""
    code = textwrap.dedent(f"""
        import json, sys
        from ctip.cli import main
        try:
            main({argv!r})
        except SystemExit:
            pass
        print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))
    """)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_check_imports_no_dagster_plotting_or_models(project_dirs):
    path = write_wide(project_dirs["raw"] / "JAM" / "small.xlsx", {"Victims identified": {2020: 3, 2021: 4}})
    loaded = _modules_after(["check", str(path), "--out", str(project_dirs["root"] / "fb")], dict(os.environ))
    assert (project_dirs["root"] / "fb" / "summary.md").exists()  # the check really ran
    assert "pandas" in loaded  # the probe sees what a check does import
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    # A clean file holds the observation contract plainly, and has no mapping.yaml: neither pandera
    # nor pydantic is imported.
    assert not loaded & {"pandera", "pydantic"}, sorted(loaded & {"pandera", "pydantic"})


def test_help_imports_neither_pandas_nor_any_command_module():
    loaded = _modules_after(["--help"], dict(os.environ))
    assert not loaded & {"pandas", "duckdb", "pandera", *HEAVY}


def test_a_lazy_command_imports_its_module_only_when_used(project_dirs):
    loaded = _modules_after(["mse", "--help"], dict(os.environ))
    assert "statsmodels" in loaded  # `ctip mse` does load its model


@pytest.fixture
def broken_command(tmp_path, monkeypatch):
    """A command whose module cannot be imported (it imports a package that does not exist)."""
    (tmp_path / "ctip_broken_cmd.py").write_text("import no_such_package_for_ctip\n\ndef add(sub):\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.LAZY_COMMANDS, "broken", ("ctip_broken_cmd", "add", "a command whose module is broken"))


def test_a_broken_command_module_fails_loudly_when_its_command_is_used(broken_command):
    with pytest.raises(ModuleNotFoundError, match="no_such_package_for_ctip"):
        cli.main(["broken"])


def test_a_broken_command_module_does_not_break_the_others(broken_command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    assert "broken" in capsys.readouterr().out  # still listed, and fails only when used


@pytest.mark.parametrize("name", sorted(cli.LAZY_COMMANDS))
def test_every_lazy_command_registers_itself_with_the_help_listed(name):
    parser = cli.build_parser(name)
    sub = next(a for a in parser._actions if a.dest == "command")
    listed = {c.dest: c.help for c in sub._choices_actions}
    assert listed[name] == cli.LAZY_COMMANDS[name][2]  # `ctip --help` says what the command says
    assert sub.choices[name].get_default("func") is not None

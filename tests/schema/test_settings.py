"""One settings object: every option read through ctip.settings, documented in the README."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ctip import settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pipelines" / "ctip"


def test_readme_table_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- settings:start -->\n", 1)[1].split("<!-- settings:end -->", 1)[0]
    assert block == settings.markdown_table(), "README's settings table is stale: python -m ctip.settings"


def test_environment_beats_file_beats_default(tmp_path, monkeypatch):
    file = tmp_path / "settings.yaml"
    file.write_text("max_file_cells: 1234\nsettle_seconds: 2.5\n", encoding="utf-8")
    monkeypatch.setenv("CTIP_SETTINGS", str(file))
    monkeypatch.delenv("CTIP_MAX_FILE_CELLS", raising=False)
    monkeypatch.delenv("CTIP_SETTLE_SECONDS", raising=False)
    assert settings.get("max_file_cells") == 1234
    assert settings.get("max_rows_per_sheet") == 200_000  # default
    monkeypatch.setenv("CTIP_MAX_FILE_CELLS", "99")
    assert settings.get("max_file_cells") == 99
    assert settings.current().settle_seconds == 2.5
    from ctip.intake.read import limit

    assert limit("MAX_FILE_CELLS") == 99  # the reader asks the same object


def test_unknown_key_in_the_file_is_refused(tmp_path, monkeypatch):
    file = tmp_path / "settings.yaml"
    file.write_text("max_file_cell: 5\n", encoding="utf-8")  # a typo must not be silently ignored
    monkeypatch.setenv("CTIP_SETTINGS", str(file))
    with pytest.raises(ValueError, match="unknown settings"):
        settings.get("max_file_cells")


def test_malformed_override_falls_back(monkeypatch):
    monkeypatch.setenv("CTIP_MAX_ZIP_ENTRIES", "many")
    assert settings.get("max_zip_entries") == 10_000


def _environ_reads(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        # os.environ.get(...), os.environ[...], os.getenv(...)
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and isinstance(node.value, ast.Name) and node.value.id == "os":
            lines.append(node.lineno)
    return lines


# Modules that may touch the environment: the settings object itself; the CLI (it sets paths for
# the process it starts); Dagster's home; the portal's checker (it passes thread limits to a child).
ALLOWED = {"settings.py", "cli.py", "orchestration/instance.py", "portal/checker.py"}


def test_no_module_reads_the_environment_for_its_own_options():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ALLOWED:
            continue
        lines = _environ_reads(path)
        if lines:
            offenders[rel] = lines
    assert not offenders, f"read settings through ctip.settings, not os.environ: {offenders}"


def test_the_scan_would_catch_one(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("import os\nLIMIT = int(os.environ.get('CTIP_X', 3))\n", encoding="utf-8")
    assert _environ_reads(planted) == [2]

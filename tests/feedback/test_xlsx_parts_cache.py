"""The annotated copy's fixed parts (styles, theme, properties) are made by openpyxl once and kept
under <marts>/cache/: a later process writes the same bytes without importing openpyxl, and a
damaged or foreign cache file is not trusted."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ctip.feedback import xlsx
from ctip.feedback.xlsx import Sheet, Styled

SHEETS = [Sheet("Data", [["Victims identified", Styled(3, "ok", comment="victims_detected 2021"), Styled("x", "bad")]])]


def _clear() -> None:
    for f in (xlsx._stored_parts, xlsx._parts_file, xlsx._stylesheet, xlsx._fixed_parts):
        f.cache_clear()


@pytest.fixture
def marts(tmp_path, monkeypatch):
    monkeypatch.setenv("CTIP_MARTS", str(tmp_path / "marts"))
    _clear()
    yield tmp_path / "marts"
    _clear()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_parts_made_once_are_the_same_bytes_from_the_cache(marts, tmp_path):
    xlsx.write_workbook(SHEETS, tmp_path / "first.xlsx", "ctip")
    stored = json.loads(xlsx._parts_file().read_text(encoding="utf-8"))
    assert {"app", "theme", "core"} <= set(stored) and any(k.startswith("styles:") for k in stored)
    _clear()  # as a new process: parts come from the file
    xlsx.write_workbook(SHEETS, tmp_path / "second.xlsx", "ctip")
    assert _parts(tmp_path / "first.xlsx") == _parts(tmp_path / "second.xlsx")


def test_a_later_process_does_not_import_openpyxl(marts, tmp_path):
    code = (
        "import sys; from pathlib import Path; from ctip.feedback import xlsx; from ctip.feedback.xlsx import Sheet, Styled;"
        "xlsx.write_workbook([Sheet('Data', [['a', Styled(3, 'ok', comment='c'), Styled('x', 'bad')]])], Path(sys.argv[1]), 'ctip');"
        "print('openpyxl' in sys.modules)"
    )
    env = {"CTIP_MARTS": str(marts), "PATH": ""}
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / f"{i}.xlsx")], env=env, capture_output=True, text=True, check=True) for i in range(2)]
    assert [r.stdout.strip() for r in runs] == ["True", "False"]
    assert _parts(tmp_path / "0.xlsx") == _parts(tmp_path / "1.xlsx")


@pytest.mark.parametrize("content", ["not json", '["a list"]', '{"app": 3}'])
def test_a_damaged_cache_file_is_made_again(marts, tmp_path, content):
    xlsx.write_workbook(SHEETS, tmp_path / "good.xlsx", "ctip")
    xlsx._parts_file().write_text(content, encoding="utf-8")
    _clear()
    xlsx.write_workbook(SHEETS, tmp_path / "again.xlsx", "ctip")
    assert _parts(tmp_path / "good.xlsx") == _parts(tmp_path / "again.xlsx")

"""Every file under data/raw/ ends with a submission row, whatever its name (attack2 G-N): a README
or a hidden file is listed, rejected with the reason; 'notes.txt' holding a table is read (its name
is the file's, not a notes sheet's); 'tip_2021.csv ' (a space at the end of the name, as e-mail
attachments come) is read as the csv it is. Only the drop folder's own files (mapping.yaml,
.gitkeep, README.md, SOURCE.md) and Excel's lock files ('~$...') get no row."""

from __future__ import annotations

from pathlib import Path

from ctip.intake.discover import list_submission_files
from ctip.portal.uploads import sanitise_filename
from ctip.stage.submission import ingest_submission


def _table(value: int) -> str:
    return f"Indicator,2021\nVictims identified,{value}\n"


def _drop(raw: Path) -> dict[str, int]:
    """The tester's five files with figures, and the folder's own files; {name: the figure}."""
    folder = raw / "JAM"
    folder.mkdir(parents=True)
    figures = {"README.txt": 11, "Readme.txt": 12, ".tip.csv": 13, "notes.txt": 14, "tip_2021.csv ": 15}
    for name, value in figures.items():
        (folder / name).write_text(_table(value), encoding="utf-8")
    (folder / ".gitkeep").write_text("")
    (folder / "~$tip.xlsx").write_bytes(b"\x05owner")
    (folder / "SOURCE.md").write_text("# where these files come from\n")
    return figures


def _by_name(raw: Path) -> dict:
    return {f.path.name: f for f in list_submission_files(raw)}


def test_every_file_with_figures_gets_a_submission_row(tmp_path):
    figures = _drop(tmp_path / "raw")
    listed = _by_name(tmp_path / "raw")
    assert set(listed) == set(figures)  # the folder's own files and the lock file are not submissions
    for name in ("README.txt", "Readme.txt"):
        assert listed[name].problem_code == "not_read_name"
        assert "README" in listed[name].problem and "rename it" in listed[name].problem
    assert listed[".tip.csv"].problem_code == "not_read_name"
    assert "hidden file" in listed[".tip.csv"].problem
    for name in ("README.txt", ".tip.csv"):
        result = ingest_submission(listed[name])
        assert result.status == "rejected" and result.reason_code == "not_read_name"


def test_a_table_named_notes_or_with_a_space_after_its_extension_is_read(tmp_path):
    figures = _drop(tmp_path / "raw")
    listed = _by_name(tmp_path / "raw")
    for name in ("notes.txt", "tip_2021.csv "):
        sf = listed[name]
        assert sf.problem is None, sf.problem
        result = ingest_submission(sf)
        assert result.status == "accepted", result.submission["message"]
        assert list(result.observations["value"]) == [figures[name]]
        assert list(result.observations["year"]) == [2021]


def test_the_portal_reads_the_same_files(tmp_path):
    """An upload is stored under a name the run reads: no leading dot, no trailing space, README renamed."""
    assert sanitise_filename(".tip.csv") == "tip.csv"
    assert sanitise_filename("tip_2021.csv ") == "tip_2021.csv"
    assert sanitise_filename("README.txt") == "README_upload.txt"
    assert sanitise_filename("notes.txt") == "notes.txt"

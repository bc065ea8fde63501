"""Attacks on the upload (penetration test of the portal): names the drop folder would skip,
names longer than the file system allows, mapping.yaml sent through the portal, and a check that
must read the country's mapping.yaml as the run does."""

from __future__ import annotations

import pytest

from tests.portal.conftest import filled_workbook, raw_files, signed_in


def upload(client, token, name, content):
    return client.post("/submissions", data={"csrf_token": token}, files={"file": (name, content, "application/octet-stream")})


CSV = b"Indicator,2020\nVictims identified,7\n"


@pytest.mark.parametrize("name", ["README.txt", "readme.TXT", "ReadMe.txt"])
def test_a_name_the_drop_folder_skips_is_renamed_so_the_run_reads_it(portal, name):
    from ctip.intake.discover import list_submission_files

    c, token = signed_in(portal, "ana")
    assert upload(c, token, name, CSV).status_code == 200
    stored = raw_files(portal)
    assert len(stored) == 1 and stored[0].startswith("JAM/") and stored[0].lower() != "jam/readme.txt"
    found = [f.relative for f in list_submission_files(portal["raw"])]
    assert found == stored  # the run will see it (before: stored, then skipped for ever)


@pytest.mark.parametrize("char", ["é", "中", "𠀀"])
def test_a_long_name_in_any_script_is_stored_within_the_file_systems_limit(portal, char):
    c, token = signed_in(portal, "ana")
    r = upload(c, token, char * 250 + ".csv", CSV)
    assert r.status_code == 200, r.text[-400:]  # before: 400 (file name too long) for 3- and 4-byte letters
    (stored,) = raw_files(portal)
    name = stored.split("/", 1)[1]
    assert name.endswith(".csv") and len(name.encode("utf-8")) <= 210
    assert len(upload(c, token, char * 250 + ".csv", CSV + b"\n").text) > 0  # a second one gets ' (2)' and still fits
    assert len(raw_files(portal)) == 2


@pytest.mark.parametrize(
    "name", ["mapping.yaml", "MAPPING.YML", ".mapping.yaml", "JAM/mapping.yaml", "..\\mapping.yaml", "mapping.yaml ", "ｍａｐｐｉｎｇ.ｙａｍｌ"]
)
def test_mapping_yaml_is_refused_with_its_own_reason(portal, name):
    """A mapping changes how every file of the country's folder is read (past ones too, at the next
    rebuild): the secretariat puts it in place, never an upload."""
    c, token = signed_in(portal, "ana")
    r = upload(c, token, name, b"labels:\n  'Anything': victims_detected\n")
    assert r.status_code == 415
    assert "secretariat" in r.text and "mapping.yaml" in r.text
    assert raw_files(portal) == []


def test_mapping_yaml_under_another_extension_is_an_ordinary_data_file(portal):
    c, token = signed_in(portal, "ana")
    r = upload(c, token, "mapping.yaml.csv", b"labels:\n  Victims identified: persons_convicted\n")
    assert r.status_code == 200
    assert raw_files(portal) == ["JAM/mapping.yaml.csv"]  # read as a (useless) table, never as a mapping


def test_the_check_reads_the_countrys_mapping_as_the_run_will(portal, tmp_path):
    jam = portal["raw"] / "JAM"
    jam.mkdir()
    (jam / "mapping.yaml").write_text('labels:\n  "Rescued persons (police)": victims_detected\n', encoding="utf-8")
    c, token = signed_in(portal, "ana")
    r = upload(c, token, "odd.csv", b"Indicator,2020\nRescued persons (police),13\n")
    assert r.status_code == 200
    assert "victims_detected" in r.text and ">13<" in r.text  # before: quarantined, the mapping unseen
    assert "JAM/odd.csv" in raw_files(portal)


def test_a_workbook_named_like_a_skipped_file_keeps_its_figures(portal, tmp_path):
    c, token = signed_in(portal, "ana")
    wb = filled_workbook(tmp_path / "w.xlsx").read_bytes()
    assert upload(c, token, "readme.txt.xlsx", wb).status_code == 200
    assert raw_files(portal) == ["JAM/readme.txt.xlsx"]


def _many_cells_xlsx(path, rows: int, cols: int):
    """A small xlsx (about 0.5 MB for 200,000 cells) within every size limit, costly to read."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for _ in range(rows):
        ws.append([1] * cols)
    wb.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("limit", [{"CTIP_PORTAL_CHECK_MEMORY_MB": "220"}, {"CTIP_PORTAL_CHECK_SECONDS": "2"}])
def test_a_costly_file_is_refused_at_the_checks_budget_and_the_portal_keeps_serving(portal, tmp_path, monkeypatch, limit):
    """Before: the check ran inside the portal's process; 5 million one-digit cells (13 MB) took
    more than 5 minutes and 5 GB there. Now it runs in a child killed at the budget."""
    import time

    for key, value in limit.items():
        monkeypatch.setenv(key, value)
    data = _many_cells_xlsx(tmp_path / "cells.xlsx", 4000, 50)
    c, token = signed_in(portal, "ana")
    started = time.monotonic()
    r = upload(c, token, "cells.xlsx", data)
    assert r.status_code == 422 and "limits" in r.text
    assert time.monotonic() - started < 60
    assert raw_files(portal) == []  # not kept
    assert c.get("/submissions").status_code == 200  # the portal itself is unharmed
    from tests.portal.conftest import audit_lines

    assert [e["reason"] for e in audit_lines(portal) if e["event"] == "upload_refused"] == ["too_complex"]

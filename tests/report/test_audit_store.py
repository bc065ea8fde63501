"""The report keeps its own bounds-audit answers beside the warehouse (internal, never in the
report folder), so a second report of the same tables solves no program again; with the
protection's decision kept (ctip.export.decisions) it asks for none, and keeps the answers."""

from __future__ import annotations

import ctip.report.data as report_data
from ctip.export import decisions
from ctip.report import write_report
from tests.report.synthetic_warehouse import build_synthetic_warehouse


def test_a_second_report_reuses_every_audit_answer(tmp_path, monkeypatch):
    warehouse = build_synthetic_warehouse(tmp_path / "marts" / "warehouse.duckdb")
    seen = []
    protect = report_data.protect

    def counting(*args, **kwargs):
        out = protect(*args, **kwargs)
        seen.append((kwargs["store"].hits, kwargs["store"].misses))
        return out

    monkeypatch.setattr(report_data, "protect", counting)
    page = write_report(warehouse, tmp_path / "report").read_bytes()
    (tmp_path / "report" / "index.html").unlink()
    # the protection's decision kept (ctip.export.decisions): no program asked for, the store kept
    assert write_report(warehouse, tmp_path / "report2").read_bytes() == page
    for entry in decisions.folder(warehouse).glob("*.npz"):
        entry.unlink()
    assert write_report(warehouse, tmp_path / "report3").read_bytes() == page  # decided again, from the store
    (first_hits, first_misses), second, (third_hits, third_misses) = seen
    assert first_misses > 0 and second == (0, 0)
    assert third_misses == 0 and third_hits == first_hits + first_misses
    store = tmp_path / "marts" / report_data.REPORT_STORE
    assert store.exists()
    assert not any(p.name.endswith("_audit.json") for p in (tmp_path / "report").rglob("*"))

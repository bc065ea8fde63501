"""`ctip run --warehouse OTHER` (a trial on another warehouse file) must never overwrite the
published exports, report and feedback under data/marts: its outputs go in a folder named after
its warehouse, unless CTIP_MARTS says where."""

from __future__ import annotations

from argparse import Namespace

from ctip import paths
from ctip.cli import _set_paths


def _settings_with_marts(tmp_path, monkeypatch, marts):
    for name in ("CTIP_MARTS", "CTIP_WAREHOUSE", "CTIP_STAGING", "CTIP_RAW"):
        monkeypatch.delenv(name, raising=False)
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"marts: {marts}\n", encoding="utf-8")
    monkeypatch.setenv("CTIP_SETTINGS", str(settings))


def test_a_trial_warehouse_gets_its_own_outputs(tmp_path, monkeypatch):
    published = tmp_path / "marts"
    _settings_with_marts(tmp_path, monkeypatch, published)
    assert paths.exports_dir() == published / "exports"
    _set_paths(Namespace(raw=None, warehouse=str(tmp_path / "trials" / "jam.duckdb")))
    trial = tmp_path / "trials" / "jam"
    assert paths.warehouse_path() == tmp_path / "trials" / "jam.duckdb"
    for where in (paths.exports_dir(), paths.report_dir(), paths.feedback_dir(), paths.staging_dir()):
        assert where.is_relative_to(trial) and not where.is_relative_to(published), where


def test_the_published_warehouse_named_explicitly_keeps_the_published_outputs(tmp_path, monkeypatch):
    published = tmp_path / "marts"
    _settings_with_marts(tmp_path, monkeypatch, published)
    _set_paths(Namespace(raw=None, warehouse=str(published / "warehouse.duckdb")))
    assert paths.exports_dir() == published / "exports"


def test_an_explicit_marts_folder_is_respected(tmp_path, monkeypatch):
    _settings_with_marts(tmp_path, monkeypatch, tmp_path / "marts")
    monkeypatch.setenv("CTIP_MARTS", str(tmp_path / "chosen"))
    _set_paths(Namespace(raw=None, warehouse=str(tmp_path / "trial.duckdb")))
    assert paths.exports_dir() == tmp_path / "chosen" / "exports"

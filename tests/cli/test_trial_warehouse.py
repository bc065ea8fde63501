"""`ctip run --warehouse OTHER` (a trial on another warehouse file) must never overwrite the
published exports, report and feedback under data/marts: its outputs go in a folder named after
its warehouse, whatever CTIP_MARTS says (that is the published warehouse's folder)."""

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


def test_a_trial_never_writes_into_the_published_marts_folder_set_by_ctip_marts(tmp_path, monkeypatch):
    """CTIP_MARTS names the published warehouse's folder (a service sets it): a trial used to
    write its exports there (finding G-F). Its outputs go to the folder named after it."""
    _settings_with_marts(tmp_path, monkeypatch, tmp_path / "marts")
    monkeypatch.setenv("CTIP_MARTS", str(tmp_path / "published"))
    monkeypatch.setenv("CTIP_STAGING", str(tmp_path / "published" / "staging"))
    _set_paths(Namespace(raw=None, warehouse=str(tmp_path / "published" / "trial.duckdb")))
    trial = tmp_path / "published" / "trial"
    for where in (paths.exports_dir(), paths.report_dir(), paths.feedback_dir(), paths.staging_dir()):
        assert where.is_relative_to(trial), where


def test_a_trial_keeps_its_release_history_and_audit_answers_in_its_own_folder(tmp_path, monkeypatch):
    """The internal files (release history, audit answers, SDMX record) of a trial kept beside
    its file were the published ones when it sat in the published folder (finding G-F): the next
    public release was then protected against the trial instead of the last public release."""
    from ctip.export.audit_store import store_path
    from ctip.export.releases import releases_path

    published = tmp_path / "marts"
    _settings_with_marts(tmp_path, monkeypatch, published)
    assert releases_path(paths.warehouse_path()) == published / "releases.duckdb"
    _set_paths(Namespace(raw=None, warehouse=str(published / "trial.duckdb")))
    trial = published / "trial"
    assert releases_path(paths.warehouse_path()) == trial / "releases.duckdb"
    assert store_path(paths.warehouse_path()).is_relative_to(trial)

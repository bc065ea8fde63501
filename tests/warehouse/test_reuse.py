"""A run whose submissions did not change keeps the published warehouse (ctip.warehouse.reuse):
what it keeps is exactly what a build would make, and anything else is built again."""

from __future__ import annotations

import duckdb

from ctip.pipeline import build_staged, discover_settled, stage_batch
from ctip.warehouse import reuse
from ctip.warehouse.checksum import table_checksums
from tests.submissions_factory import write_wide

JAN_2024, JAN_2025 = 1_704_067_200, 1_735_689_600


def _drop(raw) -> None:
    write_wide(raw / "JAM" / "tip_v1.xlsx", {"Victims identified": {2019: 50, 2020: 60}}, mtime=JAN_2024)
    write_wide(raw / "JAM" / "tip_v2.xlsx", {"Victims identified": {2019: 55}}, mtime=JAN_2025)
    write_wide(raw / "BRB" / "stats.xlsx", {"Persons convicted": {2021: 4}})


def _run():
    files, _ = discover_settled()
    return build_staged(stage_batch(files))


def _identity(path):
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def _rebuilt(warehouse):
    """The tables a build makes now, the stamp removed so nothing is kept."""
    reuse.stamp_path(warehouse).unlink()
    _run()
    return table_checksums(warehouse)


def _summary_fields(s):
    return (s.tables, s.n_submissions, s.n_observations, s.countries, s.years)


def test_unchanged_submissions_keep_the_published_file_and_say_the_same(project_dirs):
    _drop(project_dirs["raw"])
    warehouse = project_dirs["warehouse"]
    built = _run()
    before = _identity(warehouse)
    kept = _run()
    assert _identity(warehouse) == before  # not written again
    assert _summary_fields(kept) == _summary_fields(built)
    assert kept.text() == built.text()
    # Exactly what a build from the same submissions and the published warehouse makes.
    checksums = table_checksums(warehouse)
    assert _rebuilt(warehouse) == checksums
    assert _identity(warehouse) != before


def test_withdrawn_history_kept_is_the_history_a_build_makes(project_dirs):
    raw = project_dirs["raw"]
    _drop(raw)
    _run()
    (raw / "BRB" / "stats.xlsx").unlink()  # its figure withdrawn, recorded in the history
    _run()
    warehouse = project_dirs["warehouse"]
    before = _identity(warehouse)
    _run()
    assert _identity(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select value, change from fact_observation_history where country_iso3='BRB'").fetchall() == [(4, "withdrawn")]
    checksums = table_checksums(warehouse)
    assert _rebuilt(warehouse) == checksums


def test_a_new_release_refreshes_only_release_cells_as_a_build_would(project_dirs):
    _drop(project_dirs["raw"])
    warehouse = project_dirs["warehouse"]
    _run()
    with duckdb.connect(str(project_dirs["marts"] / "releases.duckdb")) as con:  # the exports recorded a release
        con.execute("create table release_cells as select 'JAM' as country_iso3, 2019 as year, 55 as value")
    kept = _run()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select * from release_cells").fetchall() == [("JAM", 2019, 55)]
    assert kept.tables["release_cells"] == 1
    checksums = table_checksums(warehouse)
    assert _rebuilt(warehouse) == checksums
    before = _identity(warehouse)
    _run()  # the same release: nothing to refresh
    assert _identity(warehouse) == before


def test_a_new_file_or_a_changed_warehouse_is_built_again(project_dirs):
    raw = project_dirs["raw"]
    _drop(raw)
    warehouse = project_dirs["warehouse"]
    _run()
    write_wide(raw / "GUY" / "guyana.xlsx", {"Victims identified": {2020: 10}})
    summary = _run()
    assert "GUY" in summary.countries
    # The published file changed behind the build's back (an operator's edit, an old copy put back).
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from fact_observation where country_iso3 = 'GUY'")
    assert reuse.kept(warehouse, reuse.build_key(stage_batch(discover_settled()[0]).entries)) is None
    _run()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from fact_observation where country_iso3 = 'GUY'").fetchone()[0] == 1


def test_the_key_follows_the_staged_submissions(project_dirs):
    _drop(project_dirs["raw"])
    entries = stage_batch(discover_settled()[0]).entries
    key = reuse.build_key(entries)
    assert reuse.build_key(dict(entries)) == key
    fewer = dict(list(entries.items())[1:])
    assert reuse.build_key(fewer) != key
    sid, entry = next(iter(entries.items()))
    assert reuse.build_key({**entries, sid: type(entry)(entry.key[::-1], entry.batch)}) != key

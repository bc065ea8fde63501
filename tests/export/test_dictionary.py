"""The data dictionary is generated from the schemas: it matches the exported files column for
column, both ways, and docs/data_dictionary.md is up to date."""

from __future__ import annotations

import re

import pandas as pd

from ctip import contracts
from ctip.export.dictionary import SDMX_FILE, data_dictionary
from ctip.paths import PROJECT_ROOT

SECTION = re.compile(r"^### `([^`]+)`\s*$")
COLUMN = re.compile(r"^\| `([^`]+)` \|")


def dictionary_columns(text: str) -> dict[str, list[str]]:
    """{section (table or file name): its columns}, from the '### `name`' sections' tables."""
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = None
        m = SECTION.match(line)
        if m:
            current = m.group(1)
            out[current] = []
            continue
        m = COLUMN.match(line)
        if m and current is not None:
            out[current].append(m.group(1))
    return out


def exported_columns(out_dir) -> dict[str, list[str]]:
    found = {p.stem: list(pd.read_parquet(p).columns) for p in out_dir.glob("*.parquet")}
    for p in out_dir.glob("*.csv"):
        columns = list(pd.read_csv(p, nrows=0).columns)
        name = p.name if p.name == SDMX_FILE else p.stem
        assert found.get(name, columns) == columns, f"{p.name}: CSV and Parquet columns differ"
        found[name] = columns
    return found


def _check(out_dir):
    documented = dictionary_columns((out_dir / "data_dictionary.md").read_text(encoding="utf-8"))
    exported = exported_columns(out_dir)
    assert set(exported) == set(documented), "files and dictionary sections differ"
    for name, columns in exported.items():
        missing = set(columns) - set(documented[name])
        extra = set(documented[name]) - set(columns)
        assert not missing, f"{name}: columns not in the dictionary: {sorted(missing)}"
        assert not extra, f"{name}: dictionary columns not exported: {sorted(extra)}"


def test_exported_dictionary_matches_exported_files(synthetic_exports):
    _check(synthetic_exports[1])


def test_exported_dictionary_matches_with_estimate_tables(synthetic_exports_with_estimates):
    _check(synthetic_exports_with_estimates[1])


def test_exported_dictionary_matches_the_glotip_export(glotip_warehouse, tmp_path):
    from ctip.export import write_exports

    write_exports(glotip_warehouse, tmp_path / "exports")
    _check(tmp_path / "exports")


def test_docs_dictionary_is_generated_and_up_to_date():
    """docs/data_dictionary.md is `python -m ctip.export.dictionary docs/data_dictionary.md`."""
    docs = PROJECT_ROOT / "docs" / "data_dictionary.md"
    assert docs.read_text(encoding="utf-8") == data_dictionary(), (
        "docs/data_dictionary.md is stale: run `python -m ctip.export.dictionary docs/data_dictionary.md`"
    )


def test_docs_dictionary_covers_every_table_and_code():
    text = data_dictionary()
    sections = dictionary_columns(text)
    for name in contracts.tables():
        assert sections[name] == contracts.columns(name), name
    from ctip.schema import load_schema

    schema = load_schema()
    for code in schema.indicators:
        assert f"| `{code}` |" in text
    for dim in schema.dimensions.values():
        for code in dim.codes:
            assert f"| `{code}` |" in text


def test_help_prints_usage_and_writes_no_file(tmp_path, monkeypatch, capsys):
    """`python -m ctip.export.dictionary --help` once wrote the dictionary to a file named `--help`."""
    import pytest

    from ctip.export.dictionary import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "usage" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert main([str(tmp_path / "dd.md")]) == 0
    assert (tmp_path / "dd.md").read_text(encoding="utf-8").startswith("#")

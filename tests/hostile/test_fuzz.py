"""Fuzzing the intake entry points with Hypothesis: whatever the bytes, reading either succeeds
or refuses the file with UnreadableFile (a plain reason and a code), and taking a submission in
never raises and always accounts for what it set aside. About 3,000 examples in all, generated
from a fixed seed (derandomize) so CI sees the same inputs every time."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctip.intake.discover import describe_file
from ctip.intake.read import FileRead, UnreadableFile, decode_text, read_file, sniff
from ctip.stage.submission import ingest_submission
from tests.hostile.hostile_files import ods_bytes, write_wide


def fuzz(max_examples: int) -> settings:
    return settings(FUZZ, max_examples=max_examples)


FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
STATUSES = {"accepted", "partial", "rejected"}

# Cell texts a ministry (or an attacker) might write: labels the schema knows, years, counts in
# local notations, markers of missing or suppressed values, formulas, control characters.
WORDS = [
    "Victims identified",
    "Víctimas identificadas",
    "Victimes identifiées",
    "Slachtoffers",
    "Cases investigated",
    "Persons convicted",
    "Total",
    "Female",
    "Male",
    "girls",
    "of which",
    "Year",
    "Indicator",
    "Value",
    "Sex",
    "sexual exploitation",
    "forced labour",
    "..",
    "n/a",
    "-",
    "<5",
    "x",
    "c",
    "=1+1",
    "@SUM(A1)",
    "\x1b[31m",
    "\u202e",
    "1,234",
    "1.234",
    "1 234",
    "2019",
    "2020",
    "2031",
    "-5",
    "1e308",
    "NaN",
    "",
    " ",
]
cell = st.one_of(
    st.sampled_from(WORDS),
    st.integers(min_value=-10, max_value=5000),
    st.integers(min_value=1990, max_value=2035),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.text(max_size=12),
    st.none(),
)
grid = st.lists(st.lists(cell, min_size=1, max_size=6), min_size=1, max_size=8)


def _drop(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / "JAM" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _read(path: Path) -> None:
    try:
        out = read_file(path)
    except UnreadableFile as exc:
        assert str(exc) and exc.code
        return
    assert isinstance(out, FileRead)


def _ingest_ok(path: Path, root: Path) -> None:
    result = ingest_submission(describe_file(path, root))
    sub = result.submission
    assert sub["status"] in STATUSES and sub["message"]
    assert result.reason_code != "error", sub["message"]  # a bug caught by the last guard
    assert sub["n_observations"] == len(result.observations) or len(result.capture)
    assert sub["n_quarantined"] == len(result.quarantine)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    """Valid files of each zip-based kind, for the mutation fuzzers."""
    tmp = tmp_path_factory.mktemp("seeds")
    xlsx = write_wide(tmp / "seed.xlsx", {"Victims identified": {2019: 5, 2020: 6}, "Cases investigated": {2019: 2}})
    ods = ods_bytes(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Victims identified</text:p>'
        '</table:table-cell><table:table-cell office:value-type="float" office:value="4"><text:p>4</text:p>'
        "</table:table-cell></table:table-row>"
    )
    return {"xlsx": xlsx.read_bytes(), "ods": ods}


@fuzz(1000)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".xls", ".ods", ".xlsb"]))
def test_random_bytes_are_read_or_refused_with_a_reason(tmp_path_factory, data, suffix):
    tmp = tmp_path_factory.mktemp("bytes")
    _read(_drop(tmp, "f" + suffix, data))


@fuzz(600)
@given(data=st.binary(max_size=4000))
def test_sniffing_and_decoding_never_fail_unexpectedly(data):
    kind, what = sniff(data)
    assert kind in {"xlsx", "xlsb", "ods", "xls", "text", "encrypted", "corrupt", "other"} and what
    try:
        text, encoding = decode_text(data)
    except UnreadableFile as exc:
        assert exc.code in {"encoding", "wrong_format"}
    else:
        assert isinstance(text, str) and encoding


@fuzz(500)
@given(
    kind=st.sampled_from(["xlsx", "ods"]),
    edits=st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), max_size=6),
    cut=st.one_of(st.none(), st.integers(0, 1 << 16)),
)
def test_damaged_workbooks_are_read_or_refused_with_a_reason(tmp_path_factory, seeds, kind, edits, cut):
    data = bytearray(seeds[kind])
    for pos, byte in edits:
        data[pos % len(data)] = byte
    if cut is not None:
        data = data[: cut % len(data)]
    tmp = tmp_path_factory.mktemp("damaged")
    _read(_drop(tmp, "f." + kind, bytes(data)))


def _csv_text(rows: list[list[object]], delimiter: str) -> str:
    out = io.StringIO()
    import csv

    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows([["" if v is None else v for v in r] for r in rows])
    return out.getvalue()


@fuzz(400)
@given(rows=grid, delimiter=st.sampled_from([",", ";", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_random_text_tables_are_taken_in_without_an_exception(tmp_path_factory, rows, delimiter, encoding):
    tmp = tmp_path_factory.mktemp("csv")
    text = _csv_text(rows, delimiter)
    path = _drop(tmp, "table.csv", text.encode(encoding, errors="replace"))
    _ingest_ok(path, tmp)


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    from ctip.safety import safe_cell

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append([safe_cell(v) if isinstance(v, str) else (None if isinstance(v, float) and v != v else v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods(rows: list[list[object]]) -> bytes:
    from xml.sax.saxutils import escape

    from ctip.safety import safe_text

    xml = []
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("<table:table-cell/>")
            elif isinstance(v, (int, float)):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}"/>')
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(safe_text(v))}</text:p></table:table-cell>')
        xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    return ods_bytes("".join(xml))


@fuzz(250)
@given(rows=grid, kind=st.sampled_from(["xlsx", "ods"]))
def test_random_workbooks_are_taken_in_without_an_exception(tmp_path_factory, rows, kind):
    tmp = tmp_path_factory.mktemp("wb")
    data = _xlsx(rows) if kind == "xlsx" else _ods(rows)
    _ingest_ok(_drop(tmp, "book." + kind, data), tmp)


def test_the_fuzzers_seeds_are_valid(seeds, tmp_path):
    for kind, data in seeds.items():
        with zipfile.ZipFile(io.BytesIO(data)):
            pass
        assert read_file(_drop(tmp_path, "ok." + kind, data)).sheets[0].rows

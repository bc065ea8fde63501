"""The annotated copy's own writer (ctip.feedback.xlsx) writes what openpyxl's write-only mode
writes, part by part and byte by byte (all but the creation time in docProps/core.xml): on every
file of the intake corpus, on files with personal data removed, and on planted edge cases (outer
whitespace, markup characters, empty texts, comments, empty sheets, many sheets). Values it does
not write itself (dates, decimals, error codes...) go to openpyxl."""

from __future__ import annotations

import datetime as dt
import decimal
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ctip.feedback import xlsx
from ctip.feedback.annotated import annotated_sheets, write_annotated, write_with_openpyxl
from ctip.feedback.xlsx import Sheet, Styled
from ctip.intake.discover import describe_file
from ctip.stage.submission import ingest_submission
from tests.corpus import generate_corpus
from tests.hostile import disguised_lists


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _both(sheets: list[Sheet], tmp_path: Path, name: str) -> tuple[dict, dict]:
    fast, slow = tmp_path / f"{name}.fast.xlsx", tmp_path / f"{name}.openpyxl.xlsx"
    xlsx.write_workbook(sheets, fast, "ctip")
    write_with_openpyxl(sheets, slow)
    return _parts(fast), _parts(slow)


def _same(sheets: list[Sheet], tmp_path: Path, name: str) -> None:
    assert xlsx.fits(sheets), name
    fast, slow = _both(sheets, tmp_path, name)
    assert list(fast) == list(slow), name
    for part in slow:
        assert fast[part] == slow[part], (name, part)


def test_every_annotated_copy_of_the_intake_corpus_is_what_openpyxl_writes(tmp_path):
    raw = tmp_path / "raw"
    fixtures = generate_corpus(raw)
    for builder in (disguised_lists.french_nom_prenom, disguised_lists.transposed, disguised_lists.names_as_row_labels):
        builder(raw)
    files = sorted(p for p in raw.rglob("*") if p.is_file() and p.name != "mapping.yaml")
    assert len(files) >= len(fixtures)
    n_comments = n_removed = 0
    for path in files:
        result = ingest_submission(describe_file(path, raw))
        if not result.grids:
            continue
        sheets = annotated_sheets(result, result.grids)
        cells = [v for s in sheets for row in s.rows for v in row if isinstance(v, Styled)]
        n_comments += sum(v.comment is not None for v in cells)
        n_removed += sum(v.style == "removed" for v in cells)
        _same(sheets, tmp_path, path.stem)
    assert n_comments > 500 and n_removed > 10  # the corpus exercised comments and removed regions


def test_planted_cells_are_written_as_openpyxl_writes_them(tmp_path):
    comment = "victims_detected · 2021 · female · total = 12\n  second line "
    sheets = [
        Sheet(
            'Feedback & <notes> "q"', [[Styled("Title", "bold")], [Styled("File", "bold"), "JAM/a&b.xlsx"], [], [Styled(None, "ok"), "legend"]], {1: 22, 2: 110}
        ),
        Sheet(
            "Data",
            [
                ["  leading", "trailing  ", "   ", "", "a\nb", "tab\tin", "<&>\"'", "ünïcødé · – …", "'=SUM(A1)", "="],
                [0, -4, 2**53 + 1, 10**20, 0.1, -0.0, 1e-7, 1234.5678, 3.0, None, 7],
                [None, None, None],
                [
                    Styled(12, "ok", comment, 320, 88),
                    Styled("x", "bad", " reason ", 320, 72),
                    Styled(None, "removed", "removed here", 320, 56),
                    Styled(None, "removed"),
                ],
            ],
        ),
        Sheet("Empty", []),
        Sheet("Blank rows", [[], [], [None]]),
        Sheet("More", [[Styled(1, "bad", "r", 320, 56)] * 3, [Styled(None, "bold")]]),
        Sheet("No styles", [["a", 1]]),
    ]
    _same(sheets, tmp_path, "planted")
    _same([Sheet("Only", [["plain"]])], tmp_path, "no-style")
    _same([Sheet("Late style", [["plain"], [Styled(None, "removed"), Styled(None, "ok")]])], tmp_path, "order")
    _same([Sheet(f"S{i}", [[Styled(i, "ok", f"c{i}", 320, 56)]]) for i in range(12)], tmp_path, "many")


@pytest.mark.parametrize(
    "value",
    [dt.date(2021, 1, 2), dt.datetime(2021, 1, 2, 3, 4), decimal.Decimal("1.5"), float("nan"), float("inf"), True, "#N/A", "=A1", "bad\x01char"],
    ids=repr,
)
def test_values_the_small_writer_leaves_to_openpyxl(value):
    assert not xlsx.fits([Sheet("S", [["ok", Styled(value, "ok")]])])
    assert xlsx.fits([Sheet("S", [["ok", 1, 2.5, None, Styled(None, "ok")]])])


def test_a_copy_with_a_date_is_written_by_openpyxl(tmp_path):
    from tests.feedback.test_feedback import LONG, write_rows

    path = write_rows(tmp_path / "raw" / "JAM" / "long.xlsx", [*LONG, ["Reported on", dt.datetime(2022, 3, 1)]])
    result = ingest_submission(describe_file(path, tmp_path / "raw"))
    sheets = annotated_sheets(result, result.grids)
    assert not xlsx.fits(sheets)
    out = write_annotated(result, result.grids, tmp_path / "annotated.xlsx")
    ws = openpyxl.load_workbook(out)["Data"]
    assert ws["B6"].value == dt.datetime(2022, 3, 1) and ws["E2"].fill.fgColor.rgb == "00C6EFCE"

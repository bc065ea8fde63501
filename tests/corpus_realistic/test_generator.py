"""The realistic corpus generator itself: every document is written, opens, sits in a member's
folder and comes with a non-empty, well-formed truth. (How well intake does on it is measured by
`python -m tests.corpus_realistic.score`, not asserted here.)"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from tests.corpus_realistic import BUILDERS, generate_corpus
from tests.corpus_realistic.kit import KINDS, kind_of

CODES = {
    "indicator": {"victims_detected", "victims_assisted", "cases_investigated", "persons_investigated", "persons_prosecuted", "persons_convicted"},
    "sex": {"female", "male", "total", "unknown"},
    "age_group": {"child", "adult", "total", "unknown"},
    "exploitation": {"sexual", "labour", "other", "total", "unknown"},
    "citizenship": {"national", "foreign", "total", "unknown"},
}
MEMBERS = {
    "ABW",
    "AIA",
    "ATG",
    "BHS",
    "BLZ",
    "BRB",
    "CUB",
    "CUW",
    "CYM",
    "DMA",
    "DOM",
    "GRD",
    "GUY",
    "HTI",
    "JAM",
    "KNA",
    "LCA",
    "MSR",
    "SUR",
    "SXM",
    "TCA",
    "TTO",
    "VCT",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("realistic") / "raw"
    return raw, generate_corpus(raw)


def test_every_document_is_written_in_a_member_folder(corpus):
    raw, fixtures = corpus
    assert len(fixtures) == len(BUILDERS) >= 30
    for fx in fixtures:
        assert fx.path.exists() and fx.path.stat().st_size > 0, fx.name
        assert fx.path.parent.parent == raw and fx.path.parent.name in MEMBERS, fx.relpath
        assert kind_of(fx) in KINDS and fx.features[1] in {"en", "es", "fr", "nl"}, fx.name
    assert {fx.features[1] for fx in fixtures} == {"en", "es", "fr", "nl"}
    assert {fx.path.suffix for fx in fixtures} >= {".xlsx", ".xls", ".ods", ".csv"}


def test_every_truth_is_non_empty_and_uses_the_codes(corpus):
    _, fixtures = corpus
    for fx in fixtures:
        assert fx.truth, fx.name
        keys = Counter(tuple(t[k] for k in ("year", "indicator", "sex", "age_group", "exploitation", "citizenship")) for t in fx.truth)
        assert max(keys.values()) == 1, fx.name
        for t in fx.truth:
            assert t["country_iso3"] == fx.country
            assert isinstance(t["value"], int) and t["value"] >= 0 and t["flag"] is None
            assert 2000 <= t["year"] <= 2030
            for dim, codes in CODES.items():
                assert t[dim] in codes, (fx.name, t)
            if not t["indicator"].startswith("victims"):
                assert t["exploitation"] == "total", (fx.name, t)


def test_every_file_opens_and_shows_its_figures(corpus):
    """The workbook opens with an ordinary reader and every true value is written somewhere in it."""
    from python_calamine import CalamineWorkbook

    _, fixtures = corpus
    for fx in fixtures:
        if fx.path.suffix == ".csv":
            raw = fx.path.read_bytes()
            text = raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else raw.decode("utf-8", errors="strict") if _utf8(raw) else raw.decode("cp1252")
            cells = [c for row in csv.reader(text.splitlines(), delimiter=_delimiter(text)) for c in row]
        else:
            wb = CalamineWorkbook.from_path(str(fx.path))
            cells = [c for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python() for c in row]
        written = " ".join(str(int(c)) if isinstance(c, float) and c.is_integer() else str(c) for c in cells)
        for t in fx.truth:
            if t["value"]:
                assert str(t["value"]) in written, (fx.name, t)


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _delimiter(text: str) -> str:
    first = text.splitlines()[1] if "\n" in text else text
    return ";" if first.count(";") > first.count(",") else ","

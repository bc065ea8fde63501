"""attack6 K-T, wrong country: a title naming another member by the abbreviation the region writes
("T&T", "SVG", "RD", "DR"), by its Spanish short name ("Surinam") or leading the title alone
("Surinam - estadísticas 2022") was stored as the folder's member. Such a file is set aside; the
folder's own abbreviation, and titles that only mention a place, keep their figures."""

from __future__ import annotations

import pytest

from tests.intake.test_other_country_named_anywhere import _read, _sheets


@pytest.mark.parametrize(
    "folder,title",
    [
        ("JAM", "T&T TIP statistics 2022"),
        ("JAM", "SVG - TIP statistics 2022"),
        ("HTI", "RD - Estadísticas de trata 2022"),
        ("HTI", "DR TIP statistics 2022"),
        ("GUY", "Surinam - estadísticas 2022"),
        ("GUY", "Suriname: statistics 2022"),
    ],
)
def test_another_member_by_its_abbreviation_or_leading_the_title_stores_nothing(folder, title):
    sheets, _ = _sheets([[title]], [], seed=len(title))
    stored, reasons = _read(sheets, folder)
    assert stored == {} and reasons


@pytest.mark.parametrize(
    "folder,title",
    [
        ("TTO", "T&T TIP statistics 2022"),
        ("DOM", "RD - Estadísticas de trata 2022"),
        ("VCT", "SVG - TIP statistics 2022"),
        ("JAM", "Victims - statistics 2022"),
        ("JAM", "Kingston - TIP statistics 2022"),
    ],
)
def test_the_folders_own_abbreviation_keeps_the_figures(folder, title):
    sheets, truth = _sheets([[title]], [], seed=len(title))
    stored, _ = _read(sheets, folder)
    assert stored == truth

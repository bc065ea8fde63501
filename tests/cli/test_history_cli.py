"""`ctip history` takes a country as its folder may be named (code or name) and says when a
country or an indicator is unknown instead of answering "no figures"."""

from __future__ import annotations

from ctip.cli import main
from ctip.pipeline import build, discover, stage_all
from tests.submissions_factory import write_wide


def test_history_by_name_and_unknown_selections(project_dirs, capsys):
    write_wide(project_dirs["raw"] / "DOM" / "trata.xlsx", {"Victims identified": {2019: 150}})
    build(stage_all(discover()))
    capsys.readouterr()
    for country in ("DOM", "dom", "República Dominicana", "Dominican Republic"):
        assert main(["history", "--country", country, "--indicator", "victims_detected"]) == 0
        out = capsys.readouterr().out
        assert "DOM" in out and "150" in out and "no figures" not in out, country
    assert main(["history", "--country", "Atlantis"]) == 2
    assert "unknown country 'Atlantis'" in capsys.readouterr().out
    assert main(["history", "--country", "DOM", "--indicator", "victims"]) == 2
    out = capsys.readouterr().out
    assert "unknown indicator 'victims'" in out and "victims_detected" in out
    assert main(["history", "--country", "JAM"]) == 0  # a member with nothing reported: said so
    assert "no figures for that selection" in capsys.readouterr().out

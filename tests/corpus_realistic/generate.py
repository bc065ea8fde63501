"""Write every realistic document under `raw/<ISO3>/<file>` and return them with their truth."""

from __future__ import annotations

from pathlib import Path

from tests.corpus.fixtures import Fixture

from . import courts, forms, layouts, pivots, police, reports, smaller

MODULES = [police, reports, courts, forms, pivots, layouts, smaller]
BUILDERS = [b for m in MODULES for b in m.BUILDERS]


def generate_corpus(raw: Path) -> list[Fixture]:
    raw = Path(raw)
    raw.mkdir(parents=True, exist_ok=True)
    fixtures = [build().save(raw) for build in BUILDERS]
    names = [f.name for f in fixtures]
    paths = [f.relpath for f in fixtures]
    if len(set(names)) != len(names) or len(set(paths)) != len(paths):
        raise AssertionError("two documents share a name or a file")
    return fixtures
